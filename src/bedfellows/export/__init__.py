"""Exports of the store: parquet, csv, jsonl, gdelt (GDELT 2.0 names), plover (PLOVER JSON).

Every export writes the events and, beside them, ``OUT.manifest.json``: what
was ingested (runs, input files with sizes and counts), the coder versions in
the data, the filters and the row count - so a file found later says where it
came from.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import StoreError
from ..schema import ARTICLES_TABLE, EVENTS_TABLE
from .flavours import (
    GDELT_COLUMNS,
    STORE_COLUMN_NAMES,
    STORE_COLUMNS,
    dumps,
    gdelt_row,
    jsonl_record,
    plover_record,
)
from .tone import document_tone

log = logging.getLogger(__name__)

FORMATS = ("parquet", "csv", "jsonl", "gdelt", "plover")
CHUNK = 50_000


def _rows(store: Any, filters: dict[str, Any]) -> Iterator[pa.RecordBatch]:
    from ..store.db import _event_filters

    where, params = _event_filters(filters)
    # a store written before a column was added (and opened read-only) lacks it: NULL
    have = {r[0] for r in store.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
        [EVENTS_TABLE]).fetchall()}
    cols = ", ".join(f'e."{c}"' if c in have else f'NULL AS "{c}"' for c in STORE_COLUMN_NAMES)
    sql = (f"SELECT {cols}, a.url AS _url, a.source AS _source, a.published AS _published "
           f"FROM {EVENTS_TABLE} e LEFT JOIN {ARTICLES_TABLE} a USING (article_id) "
           f"WHERE {where} "
           "ORDER BY e.date NULLS LAST, e.article_id, e.sentence_index, e.event_id")
    if filters.get("limit") is not None:
        sql += f" LIMIT {int(filters['limit'])}"
    reader = store.con.sql(sql, params=params).to_arrow_reader(CHUNK)
    yield from reader


def _split(row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    art = {"url": row.pop("_url"), "source": row.pop("_source"),
           "published": row.pop("_published")}
    return row, art


def export(
    db: str | Path | Any, fmt: str, out: str | Path, *, manifest: bool = True,
    header: bool = True, **filters: Any,
) -> int:
    """Write the store's events (optionally filtered like ``Store.events``) to ``out``.

    Returns the number of events written. The file appears whole or not at all
    (written to a temporary name, then renamed).
    """
    from ..store import Store

    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    out = Path(out)
    own = not isinstance(db, Store)
    store: Store = db if isinstance(db, Store) else Store(db, read_only=True)
    tmp = out.with_name(out.name + ".part")
    try:
        n = _write(store, fmt, tmp, header, filters)
        os.replace(tmp, out)
        if manifest:
            write_manifest(store, out, fmt=fmt, rows=n, filters=filters)
    except OSError as exc:
        raise StoreError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
        if own:
            store.close()
    log.info("exported %d events to %s (%s)", n, out, fmt)
    return n


def _write(store: Any, fmt: str, path: Path, header: bool, filters: dict[str, Any]) -> int:
    n = 0
    schema = pa.schema(STORE_COLUMNS)
    if fmt in ("parquet", "csv"):
        writer: Any = None
        try:
            for batch in _rows(store, filters):
                tbl = pa.Table.from_batches([batch]).select(STORE_COLUMN_NAMES).cast(schema)
                if writer is None:
                    writer = (pq.ParquetWriter(path, schema) if fmt == "parquet"
                              else pacsv.CSVWriter(path, schema,
                                                   write_options=pacsv.WriteOptions(
                                                       include_header=header)))
                writer.write_table(tbl)
                n += tbl.num_rows
            if writer is None:  # no events: still a valid, empty file with the columns
                empty = schema.empty_table()
                if fmt == "parquet":
                    pq.write_table(empty, path)
                else:
                    pacsv.write_csv(empty, path,
                                    write_options=pacsv.WriteOptions(include_header=header))
        finally:
            if writer is not None:
                writer.close()
        return n
    with open(path, "w", encoding="utf-8", newline="") as fh:
        if fmt == "gdelt":
            return _write_gdelt(store, fh, header, filters)
        for batch in _rows(store, filters):
            for row in batch.to_pylist():
                row, art = _split(row)
                rec = jsonl_record(row) if fmt == "jsonl" else plover_record(row, art)
                fh.write(dumps(rec) + "\n")
                n += 1
    return n


def _tsv(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\n", " ")


def _write_gdelt(store: Any, fh: IO[str], header: bool, filters: dict[str, Any]) -> int:
    """Tab-separated like GDELT's own ``.export.CSV`` files (header optional)."""
    n = 0
    if header:
        fh.write("\t".join(GDELT_COLUMNS) + "\n")
    tones: dict[str, float | None] = {}
    for batch in _rows(store, filters):
        rows = batch.to_pylist()
        tones.update(article_tones(store, {r["article_id"] for r in rows} - tones.keys()))
        for row in rows:
            row, art = _split(row)
            g = gdelt_row(row, art, tones.get(row["article_id"]))
            fh.write("\t".join(_tsv(g[c]) for c in GDELT_COLUMNS) + "\n")
            n += 1
    return n


def article_tones(store: Any, article_ids: set[str]) -> dict[str, float | None]:
    """GDELT AvgTone of each article: the mean document tone of it and its near-duplicates.

    GDELT averages over all documents that mention the event when first seen; the
    store's near-duplicates are exactly the extra mentions counted in NumArticles.
    """
    out: dict[str, float | None] = dict.fromkeys(article_ids)
    if not article_ids:
        return out
    sums: dict[str, list[float]] = {}
    sql = (f"SELECT coalesce(duplicate_of, article_id) AS canon, text FROM {ARTICLES_TABLE} "
           "WHERE coalesce(duplicate_of, article_id) IN (SELECT unnest(?))")
    cur = store.con.cursor()  # the events reader holds the main connection's result open
    try:
        cur.execute(sql, [sorted(article_ids)])
        while chunk := cur.fetchmany(1000):  # texts are large: never all at once
            for canon, text in chunk:
                t = document_tone(text)
                if t is not None:
                    sums.setdefault(canon, []).append(t)
    finally:
        cur.close()
    for canon, ts in sums.items():
        out[canon] = round(sum(ts) / len(ts), 4)
    return out


def write_manifest(
    store: Any, out: Path, *, fmt: str, rows: int, filters: dict[str, Any]
) -> Path:
    """``OUT.manifest.json``: what was ingested into the store this export came from."""
    from ..store.db import MANIFEST_TABLE, RUNS_TABLE

    def records(sql: str) -> list[dict[str, Any]]:
        cur = store.con.execute(sql)
        names = [d[0] for d in cur.description or []]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    doc = {
        "export": {
            "file": out.name, "format": fmt, "rows": rows,
            "filters": {k: v for k, v in filters.items() if v is not None},
            "columns": GDELT_COLUMNS if fmt == "gdelt" else
            (STORE_COLUMN_NAMES if fmt in ("parquet", "csv", "jsonl") else "PLOVER JSON"),
            "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
        "store": {"path": str(store.path), **store.counts()},
        "coder_versions": [r["v"] for r in records(
            f"SELECT DISTINCT coder_version AS v FROM {EVENTS_TABLE} ORDER BY 1")],
        "runs": records(f"SELECT * FROM {RUNS_TABLE} ORDER BY run_id"),
        "inputs": records(f"SELECT * FROM {MANIFEST_TABLE} ORDER BY run_id, input"),
    }
    path = out.with_name(out.name + ".manifest.json")
    path.write_text(json.dumps(doc, indent=2, default=str), encoding="utf-8")
    return path


__all__ = ["export", "write_manifest", "FORMATS"]
