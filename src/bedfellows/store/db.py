"""The corpus store: one DuckDB file holding articles, events and the ingest manifest.

Guarantees (issue 5): every article is written whole or not at all (one
transaction per article, or per Arrow batch of whole articles); re-storing an
unchanged article changes nothing; a changed article replaces its events;
near-duplicate articles become extra mentions/sources of the canonical
article's events, never new events. DuckDB has a single writer, so workers
hand over Parquet shards and this class loads them.

The ``events`` and ``articles`` tables keep the columns of
:mod:`bedfellows.schema` first, in order; store-only columns are appended.
Dates are typed (issue 16): ``events.date`` and ``articles.published`` are
DuckDB ``DATE`` columns (store schema 2); a store written with ISO text dates
(schema 1) is upgraded when it is opened (:func:`upgrade`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)

from .. import __version__
from ..coder import CodingResult
from ..errors import StoreCorruptError, StoreError, StoreLockedError, StoreMissingError
from ..ingest.dedupe import NearDuplicateIndex, signature, signatures
from ..records import Article, ArticleProblem, Event
from ..schema import (
    ARTICLE_COLUMN_NAMES,
    ARTICLE_COLUMNS,
    ARTICLES_TABLE,
    EVENT_COLUMN_NAMES,
    EVENT_COLUMNS,
    EVENT_SCHEMA,
    EVENTS_TABLE,
    events_to_table,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # 2: events.date and articles.published are DATE (were ISO text)
META_TABLE = "bedfellows_meta"
RUNS_TABLE = "runs"
MANIFEST_TABLE = "manifest"
PROBLEMS_TABLE = "problems"

# Store-only columns, appended after the schema.py columns.
EVENT_EXTRA_COLUMNS: list[tuple[str, str]] = [
    ("num_mentions", "INTEGER DEFAULT 1"),  # GDELT NumMentions: this article + its near-duplicates
    ("num_sources", "INTEGER DEFAULT 1"),  # GDELT NumSources: distinct outlets among them
    ("num_articles", "INTEGER DEFAULT 1"),  # GDELT NumArticles
]
ARTICLE_EXTRA_COLUMNS: list[tuple[str, str]] = [
    ("duplicate_of", "VARCHAR"),  # canonical article id when this one is a near-duplicate
    ("minhash", "BLOB"),  # near-duplicate signature (uint32 MinHash values)
    ("n_events", "INTEGER"),
    ("run_id", "VARCHAR"),
]
STATUSES = ("added", "unchanged", "replaced", "duplicate", "skipped")

_ARROW_TO_SQL = {
    pa.string(): "VARCHAR",
    pa.int8(): "TINYINT",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
}


# Columns the store types as DATE although records carry them as ISO text.
DATE_COLUMNS: dict[str, tuple[str, ...]] = {EVENTS_TABLE: ("date",), ARTICLES_TABLE: ("published",)}


def _sql_type(t: pa.DataType, name: str | None = None, table: str = EVENTS_TABLE) -> str:
    if name is not None and name in DATE_COLUMNS.get(table, ()):
        return "DATE"
    return _ARROW_TO_SQL.get(t, "VARCHAR")


def _ddl() -> list[str]:
    ev = [f'"{n}" {_sql_type(t, n, EVENTS_TABLE)}' for n, t in EVENT_COLUMNS] + [
        f'"{n}" {t}' for n, t in EVENT_EXTRA_COLUMNS
    ]
    ar = [f'"{n}" {_sql_type(t, n, ARTICLES_TABLE)}' for n, t in ARTICLE_COLUMNS] + [
        f'"{n}" {t}' for n, t in ARTICLE_EXTRA_COLUMNS
    ]
    return [
        f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR)",
        f"CREATE TABLE IF NOT EXISTS {EVENTS_TABLE} ({', '.join(ev)})",
        f"CREATE TABLE IF NOT EXISTS {ARTICLES_TABLE} ({', '.join(ar)})",
        f"""CREATE TABLE IF NOT EXISTS {RUNS_TABLE} (
            run_id VARCHAR, started VARCHAR, finished VARCHAR, inputs VARCHAR,
            coder_version VARCHAR, model VARCHAR, status VARCHAR, summary VARCHAR)""",
        f"""CREATE TABLE IF NOT EXISTS {MANIFEST_TABLE} (
            run_id VARCHAR, input VARCHAR, size_bytes BIGINT, modified VARCHAR,
            articles INTEGER, added INTEGER, unchanged INTEGER, replaced INTEGER,
            duplicate INTEGER, skipped INTEGER, events INTEGER)""",
        f"""CREATE TABLE IF NOT EXISTS {PROBLEMS_TABLE} (
            run_id VARCHAR, item VARCHAR, code VARCHAR, reason VARCHAR)""",
    ] + _views()


def _views() -> list[str]:
    """Convenience views: always consistent with the events, nothing to keep in sync."""
    return [
        f"""CREATE OR REPLACE VIEW actors AS
            SELECT code, mode(name) AS name, mode(country) AS country, count(*) AS events,
                   min(date) AS first_date, max(date) AS last_date FROM (
              SELECT source_code AS code, source_name AS name, source_country AS country, date
                FROM {EVENTS_TABLE} WHERE source_code IS NOT NULL
              UNION ALL
              SELECT target_code, target_name, target_country, date
                FROM {EVENTS_TABLE} WHERE target_code IS NOT NULL)
            GROUP BY code""",
        f"""CREATE OR REPLACE VIEW quotes AS
            SELECT event_id, article_id, sentence_index, quote, source_code AS speaker_code,
                   source_name AS speaker_name, date
              FROM {EVENTS_TABLE} WHERE quote IS NOT NULL""",
    ]


@dataclass
class _Existing:
    content_hash: str
    coder_version: str | None
    duplicate_of: str | None
    n_events: int = 0
    run_id: str | None = None


@dataclass
class _Plan:
    counts: dict[str, int]
    article_rows: list[dict[str, Any]]
    events: pa.Table
    delete_ids: list[str]
    touched: set[str]


def _counts() -> dict[str, int]:
    return {s: 0 for s in STATUSES} | {"events": 0}


# DuckDB fetches and loads extensions by itself when a file or query needs one (a SQLite file
# opened as --db downloads sqlite_scanner from the internet): never, on any connection of ours.
SAFE_CONFIG: dict[str, Any] = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file
_LOCKED = ("could not set lock", "conflicting lock")


def connect(path: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with extension auto-install and auto-load off (``None``: in memory).

    A file that is not a DuckDB database (SQLite, text...) is refused before DuckDB sees it.
    """
    if path is None or str(path) == ":memory:":
        return duckdb.connect(":memory:", config=SAFE_CONFIG)
    p = Path(path)
    foreign = _foreign(p)
    if foreign:
        raise StoreCorruptError(f"{p} is not a DuckDB database ({foreign}); give a store made by 'bedfellows ingest'")
    try:
        return duckdb.connect(str(p), read_only=read_only, config=SAFE_CONFIG)
    except (duckdb.Error, OSError) as exc:
        raise _friendly(p, exc) from None


def connect_raw(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Like :func:`connect` (extensions off) but DuckDB's own errors pass through: for callers that
    wait on a lock themselves (``bedfellows serve`` copying a store a writer holds)."""
    return duckdb.connect(str(path), read_only=read_only, config=SAFE_CONFIG)


def _foreign(path: Path) -> str | None:
    """What kind of non-DuckDB file ``path`` is, or None (a DuckDB file, or none yet)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return "it is a folder"
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    if not head or head[8:12] == _DUCKDB_MAGIC:
        return None
    if head.startswith(b"SQLite format 3"):
        return "it is a SQLite database"
    return "no DuckDB header: corrupt, or another program's file"


LOCK_WAIT_SECONDS = 3.0  # `bedfellows serve` holds the file for the moment it takes to copy it


def _connect_waiting(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Connect, waiting a few seconds while another process holds the lock briefly."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return connect(path, read_only=read_only)
        except StoreLockedError:
            if time.monotonic() >= deadline:
                raise
        time.sleep(0.05)


def _upgrade_waiting(path: Path) -> Path:
    """:func:`upgrade`, waiting a few seconds while another process holds the lock briefly."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return upgrade(path)
        except StoreLockedError:
            if time.monotonic() >= deadline:
                raise
        time.sleep(0.05)


def _friendly(path: Path, exc: Exception) -> StoreError:
    """One sentence for a DuckDB error on ``path``: corrupt, locked, or what DuckDB said."""
    msg = str(exc)
    low = msg.lower()
    if "corrupt" in low or "checksum" in low or "not a valid duckdb" in low or "magic" in low:
        return StoreCorruptError(
            f"{path} is corrupt (DuckDB found a damaged block); restore it from a backup "
            f"or ingest again into a new file"
        )
    if any(m in low for m in _LOCKED):
        return StoreLockedError(
            f"database {path} is locked by another process; wait for it to finish or open it "
            f"read-only"
        )
    if "invalid" in low:
        return StoreCorruptError(f"{path} is not a readable DuckDB database (corrupt or foreign file)")
    first = msg.splitlines()[0] if msg else type(exc).__name__
    return StoreError(f"cannot use database {path}: {first}")


def friendly_error(path: str | Path, exc: Exception) -> StoreError:
    """:func:`_friendly` for the CLI and the HTTP API (a DuckDB error met while reading)."""
    return _friendly(Path(path), exc)


def _query_error(path: Path, exc: Exception) -> StoreError:
    low = str(exc).lower()
    if "corrupt" in low or "checksum" in low:
        return _friendly(path, exc)
    return StoreError(f"query failed on {path}: {str(exc).splitlines()[0]}")


def _schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The store schema of an open file; None when it is no bedfellows store (yet)."""
    tables = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    if META_TABLE not in tables:
        return None
    row = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _text_dates(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(table, column) of the date columns still stored as text."""
    out = []
    for table, columns in DATE_COLUMNS.items():
        types = dict(con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name = ?", [table]).fetchall())
        out += [(table, c) for c in columns if c in types and types[c] != "DATE"]
    return out


def _migrate(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Schema 1 -> 2 in one transaction: ISO text dates become DATE (what is not a real
    date becomes NULL, counted in the log), the views are recreated."""
    con.execute("BEGIN")
    try:
        for table, column in _text_dates(con):
            bad = con.execute(
                f'SELECT count(*) FROM {table} WHERE "{column}" IS NOT NULL '
                f'AND TRY_CAST("{column}" AS DATE) IS NULL').fetchone()
            if bad and bad[0]:
                log.warning("%s: %d values of %s.%s are not dates and become NULL",
                            path, bad[0], table, column)
            con.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" SET DATA TYPE DATE '
                        f'USING TRY_CAST("{column}" AS DATE)')
        for stmt in _views():
            con.execute(stmt)
        con.execute(
            f"INSERT OR REPLACE INTO {META_TABLE} VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    log.info("%s: store upgraded to schema %d (typed dates)", path, SCHEMA_VERSION)


def needs_upgrade(con: duckdb.DuckDBPyConnection) -> bool:
    """True for a bedfellows store written before the current schema (text dates)."""
    version = _schema_version(con)
    return version is not None and version < SCHEMA_VERSION


def upgrade(path: str | Path) -> Path:
    """Bring the store at ``path`` to the current schema; returns the file to read.

    In place when the file can be written (one transaction, then every later open is
    plain); otherwise (a read-only file, or another process holding it) in a private
    copy in a temporary folder, which the returned path names and the caller deletes.
    A current store, or a file that is no store, is returned as it is.
    """
    p = Path(path)
    con = connect(p, read_only=True)
    try:
        if not needs_upgrade(con):
            return p
    finally:
        con.close()
    try:
        con = connect(p)
    except StoreError as exc:
        log.info("%s cannot be upgraded in place (%s); reading an upgraded copy", p, exc)
    else:
        try:
            if needs_upgrade(con):
                _migrate(con, p)
            return p
        except duckdb.Error as exc:
            log.info("%s cannot be upgraded in place (%s); reading an upgraded copy",
                     p, str(exc).splitlines()[0])
        finally:
            con.close()
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="bedfellows-upgrade-"))
    copy = folder / p.name
    shutil.copyfile(p, copy)
    wal = p.with_name(p.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
    con = connect(copy)
    try:
        _migrate(con, p)
    finally:
        con.close()
    return copy


def published_path(path: str | Path) -> Path:
    """Where a writer publishes committed states of the store at ``path`` while it holds the
    file (``STORE.live``): what ``bedfellows serve`` reads during a long ingest."""
    p = Path(path)
    return p.with_name(p.name + ".live")


class Store:
    """A bedfellows corpus in one DuckDB file; one writer at a time, any number of readers.

    ``publish_every`` (seconds; writers only): after a write, when that long has passed since
    the last one, the store is checkpointed and copied whole to :func:`published_path`
    (written under a temporary name, then renamed: a reader sees a whole committed state or
    the previous one). So a server reads what a long run has committed so far, although
    DuckDB lets no one else open the file while it is written. The copy goes when the store
    is closed; the interval grows to ten times what a copy takes, so a big store is not
    copied more than a tenth of the time.
    """

    def __init__(
        self, path: str | Path, read_only: bool = False, *, near_duplicates: bool = True,
        publish_every: float | None = None,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.near_duplicates = near_duplicates
        self.publish_every = publish_every if publish_every and not read_only else None
        self._dirty = False  # committed since the last publication
        self._next_publish = 0.0
        self.published = 0  # publications so far
        if read_only and not self.path.exists():
            raise StoreMissingError(
                f"database {self.path} does not exist; create it with 'bedfellows ingest'"
            )
        if not read_only and self.path.parent and not self.path.parent.exists():
            raise StoreError(f"folder {self.path.parent} does not exist")
        self._copy: Path | None = None  # an upgraded private copy read instead of the file
        if read_only:
            opened = _upgrade_waiting(self.path)
            if opened != self.path:
                self._copy = opened
        self.con = _connect_waiting(self._copy or self.path, read_only)
        try:
            self._check_or_create()
        except StoreError:
            self.con.close()
            raise
        except duckdb.Error as exc:
            self.con.close()
            raise _friendly(self.path, exc) from None
        self._index: NearDuplicateIndex | None = None
        self.run_id: str | None = None
        if self.publish_every is not None:
            # a copy left by a run that was killed: older than what the file now holds
            published_path(self.path).unlink(missing_ok=True)
            self._next_publish = time.monotonic() + self.publish_every

    # -- opening -------------------------------------------------------------

    def _tables(self) -> set[str]:
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
        return {r[0] for r in rows}

    def _check_or_create(self) -> None:
        tables = self._tables()
        if META_TABLE not in tables:
            foreign = tables - {"actors", "quotes"}
            if foreign:
                raise StoreCorruptError(
                    f"{self.path} is a DuckDB database but not a bedfellows store "
                    f"(it has tables {', '.join(sorted(foreign)[:5])}); use another file"
                )
            if self.read_only:
                raise StoreCorruptError(f"{self.path} is an empty database, not a bedfellows store")
            self.con.execute("BEGIN")
            for stmt in _ddl():
                self.con.execute(stmt)
            self.con.execute(
                f"INSERT INTO {META_TABLE} VALUES ('schema_version', ?), ('created_by', ?)",
                [str(SCHEMA_VERSION), f"bedfellows {__version__}"],
            )
            self.con.execute("COMMIT")
            return
        row = self.con.execute(
            f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'"
        ).fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer bedfellows (store schema {version}); upgrade"
            )
        if version < SCHEMA_VERSION and not self.read_only:
            _migrate(self.con, self.path)
        cols = {
            r[0]
            for r in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                [EVENTS_TABLE],
            ).fetchall()
        }
        missing = [c for c in EVENT_COLUMN_NAMES if c not in cols]
        if missing and not self.read_only:
            # The schema only ever grows (spec): add new columns, keep the data.
            types = dict(EVENT_COLUMNS)
            for name in missing:
                self.con.execute(
                    f'ALTER TABLE {EVENTS_TABLE} ADD COLUMN "{name}" {_sql_type(types[name])}'
                )

    def close(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:  # already closed
            pass
        if self.publish_every is not None:
            # the file itself is free now and holds everything: readers take it from here
            published_path(self.path).unlink(missing_ok=True)
        if self._copy is not None:
            import shutil

            shutil.rmtree(self._copy.parent, ignore_errors=True)
            self._copy = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"database {self.path} is open read-only")

    def publish(self) -> bool:
        """Copy the committed store to :func:`published_path` now; False when nothing was
        committed since the last copy. Call it between writes (never during one)."""
        self._require_writable()
        if not self._dirty:
            return False
        import os
        import shutil

        t0 = time.perf_counter()
        target = published_path(self.path)
        tmp = target.with_name(target.name + ".tmp")
        try:
            self.con.execute("CHECKPOINT")  # everything committed is in the file, the log empty
            shutil.copyfile(self.path, tmp)
            os.replace(tmp, target)
        except (duckdb.Error, OSError) as exc:
            tmp.unlink(missing_ok=True)
            log.warning("could not publish %s for readers: %s", self.path, str(exc).splitlines()[0])
            return False
        took = time.perf_counter() - t0
        self._dirty = False
        self.published += 1
        if self.publish_every is not None:
            self._next_publish = time.monotonic() + max(self.publish_every, 10 * took)
        log.debug("published %s in %.3f s", target, took)
        return True

    def _maybe_publish(self) -> None:
        if self.publish_every is not None and self._dirty and time.monotonic() >= self._next_publish:
            self.publish()

    def _dedupe_index(self) -> NearDuplicateIndex:
        """Built lazily from the stored signatures, so a restarted run sees what was stored."""
        if self._index is None:
            idx = NearDuplicateIndex()
            rows = self.con.execute(
                f"SELECT article_id, minhash FROM {ARTICLES_TABLE} "
                "WHERE duplicate_of IS NULL AND minhash IS NOT NULL ORDER BY article_id"
            ).fetchall()
            idx.add_many((r[0], bytes(r[1])) for r in rows)
            self._index = idx
        return self._index

    def near_duplicate_of(self, article: Article) -> str | None:
        """The stored canonical article ``article`` copies, if any (lets ingest skip coding it)."""
        if not self.near_duplicates:
            return None
        return self._dedupe_index().find(signature(article.text), exclude=article.id)

    def _existing(
        self, ids: Sequence[str], con: duckdb.DuckDBPyConnection | None = None
    ) -> dict[str, _Existing]:
        if not ids:
            return {}
        rows = (con or self.con).execute(
            f"SELECT article_id, content_hash, coder_version, duplicate_of, n_events, run_id FROM {ARTICLES_TABLE} "
            "WHERE article_id IN (SELECT unnest(?))",
            [list(ids)],
        ).fetchall()
        return {r[0]: _Existing(r[1], r[2], r[3], r[4] or 0, r[5]) for r in rows}

    def add_batch(self, results: Iterable[CodingResult], batch_size: int = 500) -> dict[str, int]:
        """Fast path: whole articles in Arrow batches, one transaction per batch."""
        total = _counts()
        buf: list[CodingResult] = []

        def flush() -> None:
            events = [e for res in buf for e in _unique(res.events)]
            _merge(total, self._write([r.article for r in buf], events_to_table(events)))

        ids: set[str] = set()
        for res in results:
            if res.problem is not None and res.problem.code == "E199":
                self.record_problem(res.problem)
                total["skipped"] += 1
                continue  # not stored: a rerun retries it
            if res.article.id in ids:  # the same article again: write the first copy before
                flush()
                buf, ids = [], set()
            buf.append(res)
            ids.add(res.article.id)
            if len(buf) >= batch_size:
                flush()
                buf, ids = [], set()
        if buf:
            flush()
        return total

    def add_coded(self, article: Article, events: list[Event]) -> str:
        """Store one coded article in one transaction; returns its status (see STATUSES)."""
        counts = self._write([article], events_to_table(_unique(events)))
        for status in ("added", "replaced", "duplicate", "unchanged"):
            if counts[status]:
                return status
        return "skipped"

    def add_arrow(self, articles: Sequence[Article], events: pa.Table) -> dict[str, int]:
        """Whole articles with their events already as an Arrow table (EVENT_SCHEMA columns)."""
        return self._write(list(articles), events)

    def _write(self, articles: list[Article], events: pa.Table) -> dict[str, int]:
        """Write whole articles. Events are matched by article id, so an id given twice
        here keeps only its last article (``add_batch`` splits batches to keep both)."""
        self._require_writable()
        last = {a.id: a for a in articles}
        if len(last) < len(articles):
            counts = self._write_unique(list(last.values()), events)
            counts["unchanged"] += len(articles) - len(last)
        else:
            counts = self._write_unique(articles, events)
        self._maybe_publish()
        return counts

    def _write_unique(self, articles: list[Article], events: pa.Table) -> dict[str, int]:
        """Decide each article's status, then write the batch in one transaction."""
        plan = self._plan(articles, events)
        if plan.article_rows or plan.delete_ids:
            self._apply(plan)
        return plan.counts

    def _plan(
        self, articles: list[Article], events: pa.Table,
        reader: duckdb.DuckDBPyConnection | None = None,
        index: NearDuplicateIndex | None = None,
    ) -> _Plan:
        """Statuses, rows to insert and ids to delete for one batch (nothing written yet)."""
        t_start = time.perf_counter()
        counts = _counts()
        existing = self._existing([a.id for a in articles], reader)
        if index is None and self.near_duplicates:
            index = self._dedupe_index()
        per_article = _per_article(events)  # id -> (n events, coder version)
        article_rows: list[dict[str, Any]] = []
        keep: list[str] = []  # articles whose events are written
        delete_ids: list[str] = []
        touched: set[str] = set()  # canonical ids whose mention counts change
        todo = []
        for article in articles:
            _, ev_version = per_article.get(article.id, (0, None))
            prev = existing.get(article.id)
            if (prev is not None and prev.content_hash == article.content_hash
                    and prev.coder_version == (ev_version or __version__)):
                counts["unchanged"] += 1
            else:
                todo.append(article)
        sigs = signatures([a.text for a in todo]) if index is not None and todo else None
        for pos, article in enumerate(todo):
            n_ev, ev_version = per_article.get(article.id, (0, None))
            ev_version = ev_version or __version__
            prev = existing.get(article.id)
            if prev is not None:
                delete_ids.append(article.id)
                if self.run_id is not None and prev.run_id == self.run_id and not prev.duplicate_of:
                    counts["events"] -= prev.n_events  # an id given twice in one run: its events count once
                if prev.duplicate_of:
                    touched.add(prev.duplicate_of)
                elif index is not None:
                    index.remove(article.id)
            sig = sigs[pos] if sigs is not None else None
            dup_of = None
            if index is not None and sig is not None:
                dup_of = index.find(sig, exclude=article.id)
                if dup_of is None:  # canonical: later articles (even in this batch) may copy it
                    index.add(article.id, sig)
            status = "replaced" if prev is not None else ("duplicate" if dup_of else "added")
            counts[status] += 1
            article_rows.append({
                **_article_row(article, ev_version),
                "duplicate_of": dup_of,
                "minhash": sig.tobytes() if sig is not None else None,
                "n_events": 0 if dup_of else n_ev,
                "run_id": self.run_id,
            })
            if dup_of:
                touched.add(dup_of)
            else:
                keep.append(article.id)
                counts["events"] += n_ev
                if prev is not None:  # a replaced canonical article may have duplicates
                    touched.add(article.id)
        if events.num_rows and len(keep) < len(per_article):
            events = events.filter(pa.compute.is_in(events.column("article_id"),
                                                    pa.array(keep, pa.string())))
        log.debug("planned %d articles in %.3f s", len(article_rows), time.perf_counter() - t_start)
        return _Plan(counts, article_rows, events, delete_ids, touched)

    def _apply(self, plan: _Plan) -> None:
        """Write a plan in one transaction; on failure the dedupe index is rebuilt later."""
        t0 = time.perf_counter()
        try:
            self._commit(plan.article_rows, plan.events, plan.delete_ids, plan.touched)
        except BaseException:
            self._index = None  # rebuilt from what the file really holds
            raise
        self._dirty = True
        log.debug("committed %d articles in %.3f s", len(plan.article_rows),
                  time.perf_counter() - t0)

    def add_arrow_stream(
        self, batches: Iterable[tuple[Sequence[Article], pa.Table]]
    ) -> dict[str, int]:
        """Many Arrow batches, pipelined: batch N+1 is planned (signatures, near-duplicate
        lookups) while batch N is written by DuckDB in a second thread. Each batch is
        still one transaction; a failed write stops the stream before the next one."""
        from concurrent.futures import Future, ThreadPoolExecutor

        self._require_writable()
        total = _counts()
        # Built now, on the main connection; the planner never touches that connection
        # while the writer thread uses it.
        index = self._dedupe_index() if self.near_duplicates else None
        reader = self.con.cursor()
        pending: Future[None] | None = None
        pending_ids: set[str] = set()
        pool = ThreadPoolExecutor(1, thread_name_prefix="bedfellows-store")
        try:
            for arts, tbl in batches:
                last = {a.id: a for a in arts}
                ids = set(last)
                if pending is not None and ids & pending_ids:
                    pending.result()  # the same article again: let the first copy land
                    pending = None
                plan = self._plan(list(last.values()), tbl, reader, index)
                plan.counts["unchanged"] += len(arts) - len(last)
                if pending is not None:
                    pending.result()
                    pending = None
                _merge(total, plan.counts)
                if plan.article_rows or plan.delete_ids:
                    pending, pending_ids = pool.submit(self._apply, plan), ids
            if pending is not None:
                pending.result()
        finally:
            pool.shutdown(wait=True)
            reader.close()
        self._maybe_publish()
        return total

    def _commit(
        self, article_rows: list[dict[str, Any]], events: pa.Table,
        delete_ids: list[str], touched: set[str],
    ) -> None:
        con = self.con
        try:
            con.execute("BEGIN TRANSACTION")
            if delete_ids:
                con.execute(
                    f"DELETE FROM {EVENTS_TABLE} WHERE article_id IN (SELECT unnest(?))",
                    [delete_ids],
                )
                con.execute(
                    f"DELETE FROM {ARTICLES_TABLE} WHERE article_id IN (SELECT unnest(?))",
                    [delete_ids],
                )
            if article_rows:
                art = pa.Table.from_pylist(article_rows, schema=_ARTICLE_STORE_SCHEMA)
                self._insert(ARTICLES_TABLE, art)
            if events.num_rows:
                self._insert(EVENTS_TABLE, events.select(EVENT_COLUMN_NAMES).cast(EVENT_SCHEMA))
            if touched:
                self._update_mentions(sorted(touched))
            con.execute("COMMIT")
        except BaseException as exc:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            if isinstance(exc, duckdb.Error | OSError):
                msg = str(exc).splitlines()[0]
                hint = ""
                if any(k in msg.lower() for k in ("no space", "too large", "quota")):
                    hint = " (the disk is full or a file size limit was reached; free space and " \
                           "run again: stored articles are kept)"
                raise StoreError(
                    f"writing to {self.path} failed, nothing of this batch was stored: {msg}{hint}"
                ) from None
            raise

    def _insert(self, table: str, data: pa.Table) -> None:
        """Append an Arrow table (inside the caller's transaction); the one write primitive.
        ISO text dates become DATE (what is not a real date, NULL)."""
        name = f"_bf_{table}"
        dates = [c for c in DATE_COLUMNS.get(table, ()) if c in data.column_names]
        star = "*"
        if dates:
            star += " REPLACE (" + ", ".join(f'TRY_CAST("{c}" AS DATE) AS "{c}"' for c in dates) + ")"
        self.con.register(name, data)
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT {star} FROM {name}")
        finally:
            self.con.unregister(name)

    def _update_mentions(self, canonical: list[str]) -> None:
        """GDELT-style counts: the canonical article plus its near-duplicates."""
        self.con.execute(
            f"""
            UPDATE {EVENTS_TABLE} AS e SET num_mentions = m.n, num_articles = m.n,
                                          num_sources = m.s
            FROM (
              SELECT c AS article_id, count(*) AS n,
                     count(DISTINCT coalesce(source, url, article_id)) AS s
              FROM (SELECT coalesce(duplicate_of, article_id) AS c, * FROM {ARTICLES_TABLE}
                    WHERE coalesce(duplicate_of, article_id) IN (SELECT unnest(?)))
              GROUP BY c
            ) AS m
            WHERE e.article_id = m.article_id
              AND (e.num_mentions IS DISTINCT FROM m.n OR e.num_sources IS DISTINCT FROM m.s)
            """,
            [canonical],
        )

    def load_parquet_shards(self, paths: Sequence[Path | str]) -> dict[str, int]:
        """Load worker shards (see :mod:`bedfellows.store.shards`), one transaction per shard."""
        from .shards import read_shard

        total = _counts()
        problems: list[ArticleProblem] = []

        def shards() -> Iterator[tuple[Sequence[Article], pa.Table]]:
            for p in paths:
                articles, events, probs = read_shard(Path(p))
                problems.extend(probs)
                yield articles, events

        _merge(total, self.add_arrow_stream(shards()))
        for prob in problems:
            self.record_problem(prob)
            total["skipped"] += 1
        return total

    # -- runs, manifest, problems -------------------------------------------

    def begin_run(self, inputs: Sequence[str], model: str | None = None) -> str:
        """Start a manifest entry for one ingest run; returns its id."""
        self._require_writable()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        # One writer at a time: a run still marked running was killed before it finished.
        self.con.execute(f"UPDATE {RUNS_TABLE} SET status = 'interrupted' WHERE status = 'running'")
        n = self.con.execute(f"SELECT count(*) FROM {RUNS_TABLE}").fetchone()
        self.run_id = f"run-{(n[0] if n else 0) + 1:05d}-{now}"
        self.con.execute(
            f"INSERT INTO {RUNS_TABLE} VALUES (?, ?, NULL, ?, ?, ?, 'running', NULL)",
            [self.run_id, now, json.dumps(list(inputs)), __version__, model],
        )
        return self.run_id

    def finish_run(self, summary: dict[str, Any], status: str = "finished") -> None:
        if self.run_id is None:
            return
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.con.execute(
            f"UPDATE {RUNS_TABLE} SET finished = ?, status = ?, summary = ? WHERE run_id = ?",
            [now, status, json.dumps(summary, default=str), self.run_id],
        )

    def record_input(self, path: str, counts: dict[str, int]) -> None:
        """One manifest row per input file of the current run."""
        size = modified = None
        p = Path(path)
        try:
            st = p.stat()
            size = st.st_size
            modified = dt.datetime.fromtimestamp(st.st_mtime, dt.UTC).isoformat(timespec="seconds")
        except OSError:
            pass
        self.con.execute(
            f"INSERT INTO {MANIFEST_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                self.run_id, path, size, modified, counts.get("articles", 0),
                counts.get("added", 0), counts.get("unchanged", 0), counts.get("replaced", 0),
                counts.get("duplicate", 0), counts.get("skipped", 0), counts.get("events", 0),
            ],
        )

    def record_problem(self, problem: ArticleProblem) -> None:
        if self.read_only:
            return
        self.con.execute(
            f"INSERT INTO {PROBLEMS_TABLE} VALUES (?, ?, ?, ?)",
            [self.run_id, problem.article_id, problem.code, problem.reason],
        )

    # -- reading -------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Any SQL over the store, as a DataFrame (the tables are documented in the README, "Tables")."""
        try:
            return self.con.execute(sql, list(params or [])).df()
        except duckdb.Error as exc:
            raise _query_error(self.path, exc) from None

    def events(self, **filters: Any) -> pd.DataFrame:
        """Events as a DataFrame; filters: article_id, actor, source, target (code prefixes),
        country, cameo (prefix), quad_class, start, end (dates), limit."""
        where, params = _event_filters(filters)
        limit = filters.get("limit")
        sql = (f"SELECT * FROM {EVENTS_TABLE} WHERE {where} "
               "ORDER BY date, article_id, sentence_index, event_id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.query(sql, params)

    def event_records(self, **filters: Any) -> list[Event]:
        """The same events as :meth:`events`, as records (None stays None, unlike pandas)."""
        from ..schema import row_to_event

        where, params = _event_filters(filters)
        sql = (f"SELECT * FROM {EVENTS_TABLE} WHERE {where} "
               "ORDER BY date, article_id, sentence_index, event_id")
        if filters.get("limit") is not None:
            sql += f" LIMIT {int(filters['limit'])}"
        try:
            cur = self.con.execute(sql, params)
            names = [d[0] for d in cur.description or []]
            rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        except duckdb.Error as exc:
            raise _query_error(self.path, exc) from None
        return [row_to_event(r) for r in rows]

    def articles(
        self, article_id: str | None = None, *, include_text: bool = False,
        duplicates: bool = True, limit: int | None = None,
    ) -> pd.DataFrame:
        """Stored articles (text only on request: it is large)."""
        cols = [c for c in ARTICLE_COLUMN_NAMES if include_text or c != "text"]
        cols += ["duplicate_of", "n_events", "run_id"]
        where, params = ["TRUE"], []
        if article_id is not None:
            where.append("article_id = ?")
            params.append(article_id)
        if not duplicates:
            where.append("duplicate_of IS NULL")
        sql = (f"SELECT {', '.join(cols)} FROM {ARTICLES_TABLE} WHERE {' AND '.join(where)} "
               "ORDER BY article_id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.query(sql, params)

    def counts(self) -> dict[str, int]:
        """Headline numbers: articles, canonical articles, duplicates, events."""
        row = self.con.execute(
            f"""SELECT (SELECT count(*) FROM {ARTICLES_TABLE}),
                       (SELECT count(*) FROM {ARTICLES_TABLE} WHERE duplicate_of IS NOT NULL),
                       (SELECT count(*) FROM {EVENTS_TABLE})"""
        ).fetchone()
        assert row is not None
        return {"articles": row[0], "duplicates": row[1], "events": row[2]}

    def manifest(self) -> pd.DataFrame:
        return self.query(f"SELECT * FROM {MANIFEST_TABLE} ORDER BY run_id, input")

    def runs(self) -> pd.DataFrame:
        return self.query(f"SELECT * FROM {RUNS_TABLE} ORDER BY run_id")

    def problems(self) -> pd.DataFrame:
        return self.query(f"SELECT * FROM {PROBLEMS_TABLE}")


_ARTICLE_STORE_SCHEMA = pa.schema(
    ARTICLE_COLUMNS
    + [
        ("duplicate_of", pa.string()),
        ("minhash", pa.binary()),
        ("n_events", pa.int32()),
        ("run_id", pa.string()),
    ]
)


def _article_row(a: Article, coder_version: str) -> dict[str, Any]:
    return {
        "article_id": a.id, "title": a.title, "source": a.source, "url": a.url,
        "published": a.published, "language": a.language, "text": a.text,
        "content_hash": a.content_hash, "coder_version": coder_version,
    }


def _per_article(events: pa.Table) -> dict[str, tuple[int, str | None]]:
    """Events per article id and the coder version that produced them."""
    if events.num_rows == 0:
        return {}
    g = events.group_by("article_id").aggregate(
        [("event_id", "count"), ("coder_version", "max")]
    ).to_pydict()
    return {
        aid: (int(n), v or None)
        for aid, n, v in zip(g["article_id"], g["event_id_count"], g["coder_version_max"],
                             strict=True)
    }


def _unique(events: list[Event]) -> list[Event]:
    """Drop repeated event ids (the upsert key) within one article, keeping the first."""
    seen: set[str] = set()
    out = []
    for e in events:
        if e.event_id not in seen:
            seen.add(e.event_id)
            out.append(e)
    return out


def _merge(total: dict[str, int], part: dict[str, int]) -> None:
    for k, v in part.items():
        total[k] = total.get(k, 0) + v


def _event_filters(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """SQL WHERE for the common event filters (shared with exports and analyses)."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    known = {"article_id", "actor", "source", "target", "country", "cameo", "quad_class",
             "start", "end", "limit", "event_id"}
    unknown = set(filters) - known
    if unknown:
        raise StoreError(f"unknown event filter(s): {', '.join(sorted(unknown))}")
    if filters.get("article_id") is not None:
        where.append("article_id = ?")
        params.append(filters["article_id"])
    if filters.get("event_id") is not None:
        where.append("event_id = ?")
        params.append(filters["event_id"])
    for key, col in (("source", "source_code"), ("target", "target_code")):
        if filters.get(key):
            where.append(f"starts_with({col}, ?)")
            params.append(str(filters[key]).upper())
    if filters.get("actor"):
        where.append("(starts_with(source_code, ?) OR starts_with(target_code, ?))")
        params += [str(filters["actor"]).upper()] * 2
    if filters.get("country"):
        where.append("(source_country = ? OR target_country = ?)")
        params += [str(filters["country"]).upper()] * 2
    if filters.get("cameo"):
        where.append("starts_with(cameo, ?)")
        params.append(str(filters["cameo"]))
    if filters.get("quad_class") is not None:
        where.append("quad_class = ?")
        params.append(int(filters["quad_class"]))
    if filters.get("start"):
        where.append("date >= ?")
        params.append(as_date(filters["start"], "start"))
    if filters.get("end"):
        where.append("date <= ?")
        params.append(as_date(filters["end"], "end"))
    return " AND ".join(where), params


def as_date(value: Any, name: str = "date") -> dt.date:
    """A date filter as a date (``YYYY-MM-DD`` text or a date); StoreError in one sentence."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise StoreError(f"{name} {value!r} is not a real date in the form YYYY-MM-DD")
