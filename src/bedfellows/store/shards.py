"""Parquet shards: how workers (Dask, ``--processes``) hand coded articles to the one writer.

A shard is ONE Parquet file with one row per article: the article columns of
:data:`bedfellows.schema.ARTICLE_COLUMNS`, the problem (if coding failed), and
an ``events`` list column whose items have the columns of ``EVENT_SCHEMA``.
Keeping an article and its events in one row means a shard can never hold
half an article. A plain events file (EVENT_SCHEMA columns, no ``events``
column) is accepted too: its articles are then known only by id.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..coder import CodingResult
from ..errors import StoreError
from ..records import Article, ArticleProblem
from ..schema import ARTICLE_COLUMNS, EVENT_COLUMN_NAMES, EVENT_SCHEMA, events_to_table

SHARD_SCHEMA = pa.schema(
    [c for c in ARTICLE_COLUMNS if c[0] not in ("content_hash", "coder_version")]
    + [
        ("problem_code", pa.string()),
        ("problem_reason", pa.string()),
        ("events", pa.list_(pa.struct(list(EVENT_SCHEMA)))),
    ]
)


def write_shard(results: Iterable[CodingResult], path: str | Path) -> Path:
    """Write coded articles to ``path`` atomically (temp file + rename): no torn shards."""
    path = Path(path)
    rows = []
    for res in results:
        a = res.article
        rows.append(
            {
                "article_id": a.id, "title": a.title, "source": a.source, "url": a.url,
                "published": a.published, "language": a.language, "text": a.text,
                "problem_code": res.problem.code if res.problem else None,
                "problem_reason": res.problem.reason if res.problem else None,
                "events": events_to_table(res.events).to_pylist(),
            }
        )
    table = pa.Table.from_pylist(rows, schema=SHARD_SCHEMA)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)
    return path


def read_shard(path: Path) -> tuple[list[Article], pa.Table, list[ArticleProblem]]:
    """Articles, their events (EVENT_SCHEMA) and the problems of one shard."""
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"shard {path} cannot be read: {exc}") from None
    if "events" not in table.column_names:
        missing = [c for c in EVENT_COLUMN_NAMES if c not in table.column_names]
        if missing:
            raise StoreError(f"shard {path} is neither an article shard nor an events file "
                             f"(missing {', '.join(missing[:4])})")
        events = table.select(EVENT_COLUMN_NAMES).cast(EVENT_SCHEMA)
        ids = sorted(set(events.column("article_id").to_pylist()))
        return [Article(id=i, text=i) for i in ids], events, []
    articles: list[Article] = []
    problems: list[ArticleProblem] = []
    keep = []
    for i, row in enumerate(table.drop_columns(["events"]).to_pylist()):
        if row.get("problem_code") == "E199":
            problems.append(ArticleProblem(row["article_id"], "E199", row["problem_reason"] or ""))
            continue
        keep.append(i)
        articles.append(
            Article(
                id=row["article_id"], text=row["text"], published=row["published"],
                title=row["title"], source=row["source"], url=row["url"],
                language=row["language"],
            )
        )
    ev_col = table.column("events").take(keep) if keep else table.column("events").slice(0, 0)
    flat = pa.compute.list_flatten(ev_col)
    if isinstance(flat, pa.ChunkedArray):
        flat = flat.combine_chunks()
    events = pa.Table.from_struct_array(flat) if len(flat) else EVENT_SCHEMA.empty_table()
    return articles, events.cast(EVENT_SCHEMA), problems
