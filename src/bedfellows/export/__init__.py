"""Exports of the store, in the formats analysts' tools read as they are.

``parquet`` (typed: dates are date32, provenance in the file's metadata),
``csv``, ``jsonl`` (the spec's record), ``gdelt`` (the 61 columns of the GDELT
2.0 event table, tab-separated, no header), ``gdelt-mentions`` (GDELT 2.0
Mentions table), ``plover`` (PLOVER JSON Lines) and ``polecat`` (POLECAT TSV).

Every export to a file writes, beside it, ``OUT.manifest.json``: what was
ingested (runs, input files with sizes and counts), the coder versions in the
data, the filters, the row count and the column dtypes - so a file found later
says where it came from and how to read it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import StoreError, UnknownFormatError
from ..schema import (
    ARTICLES_TABLE,
    EVENTS_TABLE,
    GDELT_EVENT_FIELDS,
    GDELT_EXTRA_COLUMNS,
    GDELT_MENTION_COLUMNS,
    GDELT_MENTION_FIELDS,
    POLECAT_COLUMNS,
    csv_dtypes,
    typed_schema,
)
from .flavours import (
    GDELT_COLUMNS,
    STORE_COLUMN_NAMES,
    STORE_COLUMNS,
    dumps,
    gdelt_added,
    gdelt_extras,
    gdelt_row,
    jsonl_record,
    mention_rows,
    plover_record,
    polecat_row,
)
from .tone import document_tone

log = logging.getLogger(__name__)

FORMATS = ("parquet", "csv", "jsonl", "gdelt", "gdelt-mentions", "plover", "polecat")
CHUNK = 50_000
# Formats whose files have a header line unless told otherwise (GDELT's files have none).
_HEADER_DEFAULT = {"csv": True, "polecat": True, "gdelt": False, "gdelt-mentions": False}
# GDELT names its 15-minute files YYYYMMDDHHMMSS.export.CSV and .mentions.CSV.
_GDELT_SUFFIX = {"gdelt": "export.CSV", "gdelt-mentions": "mentions.CSV"}
STDOUT = "-"
TEXT_DATES = ("date",)  # event columns the store types DATE, read out as ISO text


def checked_day(value: str | None, option: str = "date") -> str | None:
    """``YYYY-MM-DD`` that is a real day, or ValueError with a sentence (``2014-13-01``)."""
    if value is None or value == "":
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{option} {value!r} is not a real date in the form YYYY-MM-DD") from None


def _rows(store: Any, filters: dict[str, Any]) -> Iterator[pa.RecordBatch]:
    from ..store.db import _event_filters

    where, params = _event_filters(filters)
    # a store written before a column was added (and opened read-only) lacks it: NULL
    have = {r[0] for r in store.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
        [EVENTS_TABLE]).fetchall()}
    # dates leave the store as ISO text, the records' form (Parquet types them again: date32)
    cols = ", ".join(
        (f'CAST(e."{c}" AS VARCHAR) AS "{c}"' if c in TEXT_DATES else f'e."{c}"') if c in have
        else f'NULL AS "{c}"' for c in STORE_COLUMN_NAMES)
    from ..store.db import RUNS_TABLE

    sql = (f"SELECT {cols}, a.url AS _url, a.source AS _source, "
           "CAST(a.published AS VARCHAR) AS _published, "
           "r.started AS _added "
           f"FROM {EVENTS_TABLE} e LEFT JOIN {ARTICLES_TABLE} a USING (article_id) "
           f"LEFT JOIN {RUNS_TABLE} r ON r.run_id = a.run_id "
           f"WHERE {where} "
           "ORDER BY e.date NULLS LAST, e.article_id, e.sentence_index, e.event_id")
    if filters.get("limit") is not None:
        sql += f" LIMIT {int(filters['limit'])}"
    reader = store.con.sql(sql, params=params).to_arrow_reader(CHUNK)
    yield from reader


def _split(row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    art = {"url": row.pop("_url"), "source": row.pop("_source"),
           "published": row.pop("_published"), "added": row.pop("_added")}
    return row, art


def export(
    db: str | Path | Any, fmt: str, out: str | Path, *, manifest: bool = True,
    header: bool | None = None, with_extras: bool = False, **filters: Any,
) -> int:
    """Write the store's events (optionally filtered like ``Store.events``) to ``out``.

    ``out`` may be ``"-"`` (standard output, no manifest) or, for the GDELT formats,
    a folder (the file is named as GDELT names its own: ``STAMP.export.CSV``).
    ``header`` defaults to the format's convention (none for GDELT). With
    ``with_extras`` the GDELT events file gets a sidecar ``OUT.extras.tsv`` mapping
    GLOBALEVENTID to bedfellows' own event and article ids, so the main file keeps
    exactly GDELT's 61 columns.

    Returns the number of events (mention rows for ``gdelt-mentions``) written. A
    file appears whole or not at all (written to a temporary name, then renamed).
    """
    from ..store import Store

    if fmt not in FORMATS:
        raise UnknownFormatError(
            f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    for key in ("start", "end"):
        filters[key] = checked_day(filters.get(key), f"--{key}")
    if header is None:
        header = _HEADER_DEFAULT.get(fmt, True)
    to_stdout = str(out) == STDOUT
    own = not isinstance(db, Store)
    store: Store = db if isinstance(db, Store) else Store(db, read_only=True)
    try:
        if to_stdout:
            return _export_to_stdout(store, fmt, header, filters)
        out = Path(out)
        if out.is_dir() and fmt in _GDELT_SUFFIX:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
            out = out / f"{stamp}.{_GDELT_SUFFIX[fmt]}"
        tmp = out.with_name(out.name + ".part")
        try:
            n = _write(store, fmt, tmp, header, filters)
            os.replace(tmp, out)
            if with_extras and fmt == "gdelt":
                _write_extras(store, out.with_name(out.name + ".extras.tsv"), filters)
            if manifest:
                write_manifest(store, out, fmt=fmt, rows=n, filters=filters)
        except OSError as exc:
            raise StoreError(f"cannot write {out}: {exc.strerror or exc}") from None
        finally:
            if tmp.exists():
                tmp.unlink()
    finally:
        if own:
            store.close()
    log.info("exported %d rows to %s (%s)", n, out, fmt)
    return n


def _export_to_stdout(store: Any, fmt: str, header: bool, filters: dict[str, Any]) -> int:
    """``-o -``: the same bytes as a file export, streamed to standard output."""
    with tempfile.TemporaryDirectory(prefix="bedfellows-export-") as tmpdir:
        path = Path(tmpdir) / "out"
        n = _write(store, fmt, path, header, filters)
        sys.stdout.flush()
        with open(path, "rb") as fh:
            shutil.copyfileobj(fh, sys.stdout.buffer, 1 << 20)
        sys.stdout.buffer.flush()
    return n


def parquet_metadata(store: Any, fmt: str, filters: dict[str, Any]) -> dict[bytes, bytes]:
    """Provenance in the Parquet footer: package and coder versions, runs, filters."""
    from .. import __version__
    from ..store.db import RUNS_TABLE

    versions = [r[0] for r in store.con.execute(
        f"SELECT DISTINCT coder_version FROM {EVENTS_TABLE} "
        "WHERE coder_version IS NOT NULL ORDER BY 1").fetchall()]
    runs = [r[0] for r in store.con.execute(
        f"SELECT run_id FROM {RUNS_TABLE} ORDER BY run_id").fetchall()]
    doc = {
        "bedfellows_version": __version__, "coder_versions": versions, "run_ids": runs,
        "store": str(store.path), "format": fmt,
        "filters": {k: v for k, v in filters.items() if v is not None},
        "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    meta = {b"bedfellows": json.dumps(doc).encode("utf-8")}
    meta.update({f"bedfellows.{k}".encode(): (v if isinstance(v, str) else json.dumps(v)).encode()
                 for k, v in doc.items()})
    return meta


def _write(store: Any, fmt: str, path: Path, header: bool, filters: dict[str, Any]) -> int:
    n = 0
    if fmt in ("parquet", "csv"):
        plain = pa.schema(STORE_COLUMNS)
        schema = typed_schema(STORE_COLUMNS) if fmt == "parquet" else plain
        if fmt == "parquet":
            schema = schema.with_metadata(parquet_metadata(store, fmt, filters))
        writer: Any = None
        try:
            for batch in _rows(store, filters):
                tbl = pa.Table.from_batches([batch]).select(STORE_COLUMN_NAMES).cast(plain)
                if fmt == "parquet":
                    tbl = tbl.cast(schema)  # ISO text -> date32
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
        if fmt == "gdelt-mentions":
            return _write_mentions(store, fh, header, filters)
        if fmt == "polecat":
            return _write_polecat(store, fh, header, filters)
        for batch in _rows(store, filters):
            for row in batch.to_pylist():
                row, art = _split(row)
                rec = jsonl_record(row) if fmt == "jsonl" else plover_record(row, art)
                fh.write(dumps(rec) + "\n")
                n += 1
    return n


def _tsv(value: Any) -> str:
    """A field of a GDELT-style TSV: no tabs, newlines or quote marks inside.

    GDELT's files are unquoted; a stray ``"`` would make quote-aware readers (pandas,
    DuckDB) swallow the following tabs and shift every later column.
    """
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ").replace('"', "'")


def _tsv_line(values: Iterator[Any] | list[Any]) -> str:
    return "\t".join(_tsv(v) for v in values) + "\n"


def _write_tsv(
    store: Any, fh: IO[str], header: list[str] | None, filters: dict[str, Any],
    lines: Callable[[list[dict[str, Any]]], Iterator[list[Any]]],
) -> int:
    """A tab-separated export: ``lines`` turns each batch of store rows into value lists."""
    n = 0
    if header:
        fh.write(_tsv_line(header))
    for batch in _rows(store, filters):
        for values in lines(batch.to_pylist()):
            fh.write(_tsv_line(values))
            n += 1
    return n


def _write_gdelt(store: Any, fh: IO[str], header: bool, filters: dict[str, Any]) -> int:
    """Tab-separated like GDELT's own ``.export.CSV`` files: 61 columns, no header by default."""
    tones: dict[str, float | None] = {}

    def lines(rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
        tones.update(article_tones(store, {r["article_id"] for r in rows} - tones.keys()))
        for row in rows:
            row, art = _split(row)
            g = gdelt_row(row, art, tones.get(row["article_id"]))
            yield [g[c] for c in GDELT_COLUMNS]

    return _write_tsv(store, fh, GDELT_COLUMNS if header else None, filters, lines)


def _write_extras(store: Any, path: Path, filters: dict[str, Any]) -> None:
    """``OUT.extras.tsv``: GLOBALEVENTID -> bedfellows ids and coder version (with header)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        _write_tsv(store, fh, GDELT_EXTRA_COLUMNS, filters,
                   lambda rows: (list(gdelt_extras(r).values()) for r in rows))


def _mention_articles(store: Any, canon_ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Canonical article id -> it and its near-duplicates (text, tone...), canonical first."""
    from ..store.db import RUNS_TABLE
    from .tone import document_tone

    out: dict[str, list[dict[str, Any]]] = {}
    if not canon_ids:
        return out
    cur = store.con.cursor()
    try:
        cur.execute(
            f"SELECT coalesce(a.duplicate_of, a.article_id) AS canon, a.article_id, a.url, "
            f"a.source, CAST(a.published AS VARCHAR), r.started, a.text FROM {ARTICLES_TABLE} a "
            f"LEFT JOIN {RUNS_TABLE} r ON r.run_id = a.run_id "
            "WHERE coalesce(a.duplicate_of, a.article_id) IN (SELECT unnest(?)) "
            "ORDER BY canon, a.duplicate_of IS NOT NULL, a.article_id",
            [sorted(canon_ids)])
        while chunk := cur.fetchmany(500):
            for canon, aid, url, source, published, added, text in chunk:
                out.setdefault(canon, []).append({
                    "article_id": aid, "url": url, "source": source, "published": published,
                    "added": added, "text": text, "tone": document_tone(text)})
    finally:
        cur.close()
    return out


def _write_mentions(store: Any, fh: IO[str], header: bool, filters: dict[str, Any]) -> int:
    """GDELT 2.0 Mentions table: a row per (event, article carrying it)."""

    def lines(rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
        arts = _mention_articles(store, {r["article_id"] for r in rows})
        for row in rows:
            row, art = _split(row)
            mentions = arts.get(row["article_id"]) or [{"article_id": row["article_id"], **art}]
            for m in mention_rows(row, gdelt_added(row, art), mentions):
                yield list(m.values())

    return _write_tsv(store, fh, GDELT_MENTION_COLUMNS if header else None, filters, lines)


def _write_polecat(store: Any, fh: IO[str], header: bool, filters: dict[str, Any]) -> int:
    """POLECAT-style TSV: its 40 column names, a header line, contexts joined by ``;``."""

    def lines(rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
        for row in rows:
            p = polecat_row(*_split(row))
            yield [p[c] for c in POLECAT_COLUMNS]

    return _write_tsv(store, fh, POLECAT_COLUMNS if header else None, filters, lines)


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
            "columns": _columns(fmt),
            # pandas dtypes that read the file back without losing leading zeros
            "dtypes": _dtypes(fmt),
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


def _columns(fmt: str) -> list[str] | str:
    names: dict[str, list[str] | str] = {
        "gdelt": GDELT_COLUMNS, "gdelt-mentions": GDELT_MENTION_COLUMNS,
        "polecat": POLECAT_COLUMNS, "plover": "PLOVER JSON"}
    return names.get(fmt, STORE_COLUMN_NAMES)


def _dtypes(fmt: str) -> dict[str, str] | None:
    """``pd.read_csv(..., dtype=...)`` of a text export (codes stay strings: "010")."""
    if fmt == "csv":
        return csv_dtypes(STORE_COLUMNS)
    if fmt == "gdelt":
        return csv_dtypes([(n, t) for n, t, _ in GDELT_EVENT_FIELDS])
    if fmt == "gdelt-mentions":
        return csv_dtypes([(n, t) for n, t, _ in GDELT_MENTION_FIELDS])
    return None


__all__ = ["export", "write_manifest", "checked_day", "parquet_metadata", "FORMATS"]
