"""Read-only, parameterised SQL over the store's DuckDB file.

The server never writes: the file is opened with ``read_only=True`` and every
value from a request travels as a bound parameter. Column and table names come
only from :mod:`bedfellows.schema` constants and the fixed choices below, never
from a request.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
import math
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StoreError
from ..schema import (
    ARTICLE_COLUMN_NAMES,
    ARTICLES_TABLE,
    EVENT_COLUMN_NAMES,
    EVENTS_TABLE,
    row_to_event,
)
from ..store.db import connect_raw

log = logging.getLogger(__name__)

GROUPS = ("code", "country")
INTERVALS = ("day", "week", "month", "year")
# Columns every query below needs; the store may add more, which we ignore.
_REQUIRED_EVENT_COLUMNS = (
    "event_id",
    "article_id",
    "date",
    "source_code",
    "target_code",
    "source_country",
    "target_country",
    "source_name",
    "target_name",
    "cameo",
    "cameo_root",
    "quad_class",
    "goldstein",
    "location_country",
    "location_lat",
    "location_lon",
    "sentence",
    "span_start",
    "span_end",
    "trigger_start",
    "trigger_end",
)


class CursorError(ValueError):
    """The pagination cursor was not one this server handed out."""


def encode_cursor(date_key: str, event_id: str) -> str:
    """Opaque cursor: base64url of the last row's sort key (clients must not parse it)."""
    raw = json.dumps(["v1", date_key, event_id], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise CursorError("cursor is not valid; use the next_cursor of a previous page") from exc
    if (
        not isinstance(value, list)
        or len(value) != 3
        or value[0] != "v1"
        or not all(isinstance(v, str) for v in value[1:])
    ):
        raise CursorError("cursor is not valid; use the next_cursor of a previous page")
    if value[1]:
        try:
            dt.date.fromisoformat(value[1])
        except ValueError:
            raise CursorError("cursor is not valid; use the next_cursor of a previous page") from None
    return value[1], value[2]


def _like_prefix(key: str) -> str:
    """A LIKE pattern matching codes that start with ``key`` (wildcards escaped)."""
    return key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _actor_match(role: str, key: str) -> tuple[str, list[Any]]:
    """An actor key matches a code prefix (``IRN`` ⊃ ``IRNGOV``) or the actor's country."""
    assert role in ("source", "target")
    return (
        f"({role}_code LIKE ? ESCAPE '\\' OR {role}_country = ?)",
        [_like_prefix(key), key],
    )


def group_expr(role: str, group: str) -> str:
    """SQL for the node key of one side of an event."""
    assert role in ("source", "target") and group in GROUPS
    if group == "country":
        return f"coalesce({role}_country, {role}_code)"
    return f"{role}_code"


@lru_cache(maxsize=512)
def country_name(iso3: str) -> str | None:
    """Short English name of an ISO 3166-1 alpha-3 code ("Iran", "United States")."""
    import pycountry

    c = pycountry.countries.get(alpha_3=iso3)
    if c is None:
        return None
    name = getattr(c, "common_name", None) or c.name
    return str(name).split(",")[0]


@dataclass
class EventFilter:
    """Filters of ``GET /v1/events`` (and of the aggregates that accept the same)."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    cameo: str | None = None
    cameo_root: str | None = None
    quad_class: list[int] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None
    q: str | None = None
    article_id: str | None = None
    # added for the dashboard's filters (all optional, all AND-ed)
    plover: str | None = None
    modality: str | None = None
    place: str | None = None
    event_ids: list[str] = field(default_factory=list)

    def is_period_only(self) -> bool:
        """True when nothing but the period is set (the store module's analyses then apply)."""
        return self == EventFilter(date_from=self.date_from, date_to=self.date_to)

    def key(self) -> tuple[Any, ...]:
        """A hashable form, for caching answers per filter."""
        return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(vars(self).items()))

    def where(self) -> tuple[str, list[Any]]:
        """A WHERE clause (``TRUE`` when empty) and its parameters."""
        parts: list[str] = []
        params: list[Any] = []

        def add(sql: str, values: Sequence[Any]) -> None:
            parts.append(sql)
            params.extend(values)

        if self.actor:
            s_sql, s_par = _actor_match("source", self.actor)
            t_sql, t_par = _actor_match("target", self.actor)
            add(f"({s_sql} OR {t_sql})", s_par + t_par)
        if self.source:
            add(*_actor_match("source", self.source))
        if self.target:
            add(*_actor_match("target", self.target))
        if self.dyad:
            a, b = self.dyad
            sa, pa_ = _actor_match("source", a)
            tb, pb = _actor_match("target", b)
            sb, pb2 = _actor_match("source", b)
            ta, pa2 = _actor_match("target", a)
            add(f"(({sa} AND {tb}) OR ({sb} AND {ta}))", pa_ + pb + pb2 + pa2)
        if self.cameo:
            add("cameo LIKE ? ESCAPE '\\'", [_like_prefix(self.cameo)])
        if self.cameo_root:
            add("cameo_root = ?", [self.cameo_root])
        if self.quad_class:
            add(f"quad_class IN ({', '.join('?' for _ in self.quad_class)})", list(self.quad_class))
        if self.date_from:
            add("date >= ?", [self.date_from])
        if self.date_to:
            add("date <= ?", [self.date_to])
        if self.country:
            add("location_country = ?", [self.country])
        if self.q:
            add("sentence ILIKE ? ESCAPE '\\'", ["%" + _like_prefix(self.q)])
        if self.article_id:
            add("article_id = ?", [self.article_id])
        if self.plover:
            add("upper(plover) = ?", [self.plover.upper()])
        if self.modality:
            add("modality = ?", [self.modality])
        if self.place:
            add("location_name = ?", [self.place])
        if self.event_ids:
            add(f"event_id IN ({', '.join('?' for _ in self.event_ids)})", list(self.event_ids))
        return (" AND ".join(parts) if parts else "TRUE"), params


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()
    return {r[0] for r in rows}


def _as_text(column: str, dates: tuple[str, ...]) -> str:
    return f"CAST({column} AS VARCHAR) AS {column}" if column in dates else column


def _sign(total: float, n: int) -> int:
    if n == 0 or abs(total) < 1e-9:
        return 0
    return 1 if total > 0 else -1


class ReadOnlyStore:
    """The store's DuckDB file opened read-only; one cursor per query, so threads are safe.

    ``live=True`` reads committed snapshots instead of the file itself
    (:mod:`bedfellows.serve.live`), so ``bedfellows ingest`` can write the store
    meanwhile; :meth:`refresh` swaps in a newer snapshot when there is one.
    """

    RETIRED_GRACE_SECONDS = 60.0  # queries running on a replaced snapshot finish first

    def __init__(self, path: str | Path, *, live: bool = False, lock_wait: float = 15.0) -> None:
        from .live import Snapshots

        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"database {self.path} does not exist; create it with 'bedfellows ingest'")
        from ..store.db import connect

        self._lock = threading.Lock()
        self.generation = 0  # bumped whenever the data served changes (a new snapshot)
        self.snapshot: Any = None
        self._upgraded: Path | None = None  # a private upgraded copy of an old store (none: in place)
        self._snapshots = Snapshots(self.path) if live else None
        self._retired: list[tuple[float, duckdb.DuckDBPyConnection, Any]] = []
        self.on_refresh: list[Callable[[], None]] = []
        if self._snapshots is not None:
            snap = self._snapshots.take(wait=lock_wait)
            if snap is None:
                self._snapshots.close()
                raise StoreError(f"database {self.path} stayed locked by a writer for {lock_wait:.0f} s; try again")
            self.snapshot = snap
        try:
            self._con = connect(self._readable(self.current_path), read_only=True)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.path} read-only ({exc}); is another process writing it?") from exc
        self._inspect(self._con)

    @property
    def current_path(self) -> Path:
        """The file queries read: the store itself (or its upgraded copy), or its latest snapshot."""
        if self.snapshot is not None:
            return Path(self.snapshot.path)
        return self._upgraded or self.path

    def _readable(self, path: Path) -> Path:
        """``path`` at the current store schema: upgraded in place (a snapshot is our own copy
        anyway), or a private upgraded copy when the file cannot be written."""
        from ..store.db import upgrade

        readable = upgrade(path)
        if readable != path:
            self._upgraded = readable
        return readable

    def _inspect(self, con: duckdb.DuckDBPyConnection) -> None:
        """Check the tables and columns of a freshly opened file and note what it has."""
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if EVENTS_TABLE not in tables:
            raise StoreError(f"database {self.path} has no '{EVENTS_TABLE}' table; is it a bedfellows store?")
        cols = _columns(con, EVENTS_TABLE)
        missing = [c for c in _REQUIRED_EVENT_COLUMNS if c not in cols]
        if missing:
            raise StoreError(f"table '{EVENTS_TABLE}' in {self.path} lacks columns: {', '.join(missing)}")
        self.event_columns = [c for c in EVENT_COLUMN_NAMES if c in cols]
        self.has_articles = ARTICLES_TABLE in tables
        self.article_columns = (
            [c for c in ARTICLE_COLUMN_NAMES if c in _columns(con, ARTICLES_TABLE)] if self.has_articles else []
        )
        # the SELECT lists: the store's DATE columns read out as ISO text, the records' form
        self.event_select = ", ".join(_as_text(c, ("date",)) for c in self.event_columns)
        self.article_select = ", ".join(_as_text(c, ("published",)) for c in self.article_columns if c != "text")

    def refresh(self, wait: float = 0.5) -> bool:
        """Swap in a snapshot of the store if it changed and no writer holds it; True if swapped."""
        self._close_retired()
        if self._snapshots is None or not self._snapshots.changed(self.snapshot):
            return False
        snap = self._snapshots.take(wait=wait, after=self.snapshot)
        if snap is None:
            return False  # a writer is at work and published nothing newer: keep serving
        try:
            from ..store.db import upgrade

            upgrade(snap.path)  # a store written by an older bedfellows: its copy is upgraded
            con = connect_raw(snap.path, read_only=True)
        except (StoreError, duckdb.Error):
            self._snapshots.discard(snap)
            raise
        try:
            self._inspect(con)
        except (StoreError, duckdb.Error):
            con.close()
            self._snapshots.discard(snap)
            raise
        with self._lock:
            old_con, old_snap = self._con, self.snapshot
            self._con, self.snapshot = con, snap
            self.generation += 1
            self._retired.append((time.monotonic(), old_con, old_snap))
        log.info("serving a new snapshot of %s (taken %s)", self.path, snap.taken)
        for listener in self.on_refresh:
            listener()
        return True

    def _close_retired(self, force: bool = False) -> None:
        now = time.monotonic()
        with self._lock:
            done = [r for r in self._retired if force or now - r[0] > self.RETIRED_GRACE_SECONDS]
            self._retired = [r for r in self._retired if r not in done]
        for _, con, snap in done:
            con.close()
            if self._snapshots is not None and snap is not None:
                self._snapshots.discard(snap)

    def _columns(self, table: str) -> set[str]:
        return _columns(self._con, table)

    def close(self) -> None:
        self._con.close()
        self._close_retired(force=True)
        if self._upgraded is not None:
            import shutil

            shutil.rmtree(self._upgraded.parent, ignore_errors=True)
        if self._snapshots is not None:
            self._snapshots.close()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts; a fresh cursor per call (DuckDB cursors are per-thread)."""
        with self._lock:
            cur = self._con.cursor()
        try:
            cur.execute(sql, list(params))
            names = [d[0] for d in cur.description or []]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        finally:
            cur.close()

    # -- events -----------------------------------------------------------------
    def events(
        self, flt: EventFilter, limit: int, cursor: str | None = None
    ) -> tuple[list[dict[str, Any]], str | None]:
        """One page of event records, ordered by (date, event_id); undated events come first."""
        where, params = flt.where()
        if cursor:
            last_date, last_id = decode_cursor(cursor)
            if last_date:
                where += " AND (date > ? OR (date = ? AND event_id > ?))"
                params += [last_date, last_date, last_id]
            else:  # the last row was undated: the rest of the undated, then every dated one
                where += " AND (date IS NOT NULL OR event_id > ?)"
                params += [last_id]
        rows = self.query(
            f"SELECT {self.event_select} FROM {EVENTS_TABLE} WHERE {where} "
            "ORDER BY date NULLS FIRST, event_id LIMIT ?",
            params + [limit + 1],
        )
        more = len(rows) > limit
        rows = rows[:limit]
        records = [row_to_event(r).to_dict() for r in rows]
        next_cursor = encode_cursor(rows[-1]["date"] or "", rows[-1]["event_id"]) if more else None
        return records, next_cursor

    def info(self) -> dict[str, Any]:
        row = self.query(
            f"SELECT count(*) AS n, CAST(min(date) AS VARCHAR) AS lo, CAST(max(date) AS VARCHAR) AS hi "
            f"FROM {EVENTS_TABLE}"
        )[0]
        arts = (
            self.query(f"SELECT count(*) AS n FROM {ARTICLES_TABLE}")[0]["n"]
            if self.has_articles
            else self.query(f"SELECT count(DISTINCT article_id) AS n FROM {EVENTS_TABLE}")[0]["n"]
        )
        return {
            "events": row["n"],
            "articles": arts,
            "first_date": row["lo"],
            "last_date": row["hi"],
        }

    # -- aggregates -------------------------------------------------------------
    def _period_where(self, date_from: str | None, date_to: str | None) -> tuple[str, list[Any]]:
        return EventFilter(date_from=date_from, date_to=date_to).where()

    def actors(
        self,
        group: str,
        date_from: str | None,
        date_to: str | None,
        limit: int,
        *,
        q: str | None = None,
        flt: EventFilter | None = None,
    ) -> list[dict[str, Any]]:
        """Actors by number of events they take part in, with a display name.

        ``q`` keeps actors whose key starts with it or whose name (or country
        name) contains it, case-insensitively: the dashboard's autocomplete.
        """
        where, params = (flt or EventFilter(date_from=date_from, date_to=date_to)).where()
        having, having_params = "TRUE", []
        if q:
            countries = countries_named(q) if group == "country" else []
            in_countries = f" OR key IN ({', '.join('?' for _ in countries)})" if countries else ""
            having = f"(key ILIKE ? ESCAPE '\\' OR bool_or(name ILIKE ? ESCAPE '\\'){in_countries})"
            having_params = [_like_prefix(q), "%" + _like_prefix(q), *countries]
        rows = self.query(
            f"""
            WITH sides AS (
              SELECT {group_expr("source", group)} AS key, source_code AS code, source_name AS name
                FROM {EVENTS_TABLE} WHERE source_code IS NOT NULL AND {where}
              UNION ALL
              SELECT {group_expr("target", group)}, target_code, target_name
                FROM {EVENTS_TABLE} WHERE target_code IS NOT NULL AND {where}
            )
            SELECT key, mode(name) AS name, count(*) AS events FROM sides
            GROUP BY key HAVING {having} ORDER BY events DESC, key LIMIT ?
            """,
            params + params + having_params + [limit],
        )
        for r in rows:
            r["name"] = self._display_name(r["key"], r["name"], group)
        return rows

    @staticmethod
    def _display_name(key: str, name: str | None, group: str) -> str | None:
        if group == "country" and len(key) == 3:
            return country_name(key) or name
        return name

    def partners(self, actor: str, group: str, flt: EventFilter, limit: int) -> list[dict[str, Any]]:
        """Everyone ``actor`` deals with (either direction), by volume: the actor drill-down."""
        where, params = flt.where()
        src_sql, src_par = _actor_match("source", actor)
        tgt_sql, tgt_par = _actor_match("target", actor)
        s, t = group_expr("source", group), group_expr("target", group)
        rows = self.query(
            f"""
            WITH e AS (
              SELECT {src_sql} AS outgoing,
                     CASE WHEN {src_sql} THEN {t} ELSE {s} END AS partner,
                     CASE WHEN {src_sql} THEN target_name ELSE source_name END AS name,
                     goldstein, quad_class, date
              FROM {EVENTS_TABLE}
              WHERE source_code IS NOT NULL AND target_code IS NOT NULL
                AND ({src_sql} OR {tgt_sql}) AND {where}
            )
            SELECT partner AS key, mode(name) AS name, count(*) AS events,
                   count(*) FILTER (WHERE outgoing) AS sent,
                   count(*) FILTER (WHERE NOT outgoing) AS received,
                   sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean,
                   count(*) FILTER (WHERE quad_class = 1) AS q1,
                   count(*) FILTER (WHERE quad_class = 2) AS q2,
                   count(*) FILTER (WHERE quad_class = 3) AS q3,
                   count(*) FILTER (WHERE quad_class = 4) AS q4,
                   CAST(min(date) AS VARCHAR) AS first_date, CAST(max(date) AS VARCHAR) AS last_date
            FROM e WHERE partner <> ? GROUP BY partner ORDER BY events DESC, key LIMIT ?
            """,
            src_par + src_par + src_par + src_par + tgt_par + params + [actor, limit],
        )
        for r in rows:
            r["name"] = self._display_name(r["key"], r["name"], group)
            r["goldstein_sum"] = float(r["goldstein_sum"] or 0.0)
            r["goldstein_mean"] = float(r["goldstein_mean"] or 0.0)
            r["sign"] = _sign(r["goldstein_sum"], r["events"])
        return rows

    def dyads(
        self,
        group: str,
        date_from: str | None,
        date_to: str | None,
        actor: str | None,
        min_events: int,
        limit: int,
    ) -> list[dict[str, Any]]:
        """Directed source → target totals for the period."""
        flt = EventFilter(date_from=date_from, date_to=date_to, actor=actor)
        where, params = flt.where()
        s, t = group_expr("source", group), group_expr("target", group)
        rows = self.query(
            f"""
            SELECT {s} AS source, {t} AS target,
                   mode(source_name) AS source_name, mode(target_name) AS target_name,
                   count(*) AS events, sum(goldstein) AS goldstein_sum,
                   avg(goldstein) AS goldstein_mean,
                   count(*) FILTER (WHERE quad_class = 1) AS q1,
                   count(*) FILTER (WHERE quad_class = 2) AS q2,
                   count(*) FILTER (WHERE quad_class = 3) AS q3,
                   count(*) FILTER (WHERE quad_class = 4) AS q4
            FROM {EVENTS_TABLE}
            WHERE source_code IS NOT NULL AND target_code IS NOT NULL AND {where}
            GROUP BY 1, 2 HAVING count(*) >= ?
            ORDER BY events DESC, source, target LIMIT ?
            """,
            params + [min_events, limit],
        )
        for r in rows:
            r["source_name"] = self._display_name(r["source"], r["source_name"], group)
            r["target_name"] = self._display_name(r["target"], r["target_name"], group)
            r["goldstein_sum"] = float(r["goldstein_sum"] or 0.0)
            r["goldstein_mean"] = float(r["goldstein_mean"] or 0.0)
        return rows

    def network(
        self,
        group: str,
        date_from: str | None,
        date_to: str | None,
        min_events: int,
        limit: int,
        *,
        flt: EventFilter | None = None,
    ) -> dict[str, Any]:
        """Signed undirected actor network: sign from the summed Goldstein score of the pair."""
        flt = flt or EventFilter(date_from=date_from, date_to=date_to)
        edges = self.network_edges(group, flt, min_events, limit)
        keep = {e["source"] for e in edges} | {e["target"] for e in edges}
        nodes = [
            {"id": a["key"], "name": a["name"], "events": a["events"]}
            for a in self.actors(group, date_from, date_to, limit=100_000, flt=flt)
            if a["key"] in keep
        ]
        return {"nodes": nodes, "edges": edges}

    def network_edges(self, group: str, flt: EventFilter, min_events: int, limit: int) -> list[dict[str, Any]]:
        """The edges of :meth:`network` alone (source < target, heaviest first)."""
        where, params = flt.where()
        s, t = group_expr("source", group), group_expr("target", group)
        edges = self.query(
            f"""
            WITH e AS (
              SELECT least({s}, {t}) AS a, greatest({s}, {t}) AS b, goldstein, quad_class
              FROM {EVENTS_TABLE}
              WHERE source_code IS NOT NULL AND target_code IS NOT NULL AND {where}
            )
            SELECT a AS source, b AS target, count(*) AS events,
                   sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean,
                   count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
                   count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict
            FROM e WHERE a <> b GROUP BY 1, 2 HAVING count(*) >= ?
            ORDER BY events DESC, source, target LIMIT ?
            """,
            params + [min_events, limit],
        )
        for e in edges:
            e["goldstein_sum"] = float(e["goldstein_sum"] or 0.0)
            e["goldstein_mean"] = float(e["goldstein_mean"] or 0.0)
            e["sign"] = _sign(e["goldstein_sum"], e["events"])
        return edges

    def alignments(
        self, group: str, date_from: str | None, date_to: str | None, min_common: int, limit: int
    ) -> list[dict[str, Any]]:
        """Pairs of actors scored by how alike they treat shared third parties.

        score = mean over shared partners c of sign(a, c) * sign(b, c): +1 when
        they are always on the same side (the "strange bedfellows" of the name).
        """
        net = self.network(group, date_from, date_to, min_events=1, limit=100_000)
        signs: dict[str, dict[str, int]] = defaultdict(dict)
        for e in net["edges"]:
            if e["sign"]:
                signs[e["source"]][e["target"]] = e["sign"]
                signs[e["target"]][e["source"]] = e["sign"]
        out: list[dict[str, Any]] = []
        for a, b in combinations(sorted(signs), 2):
            shared = sorted((set(signs[a]) & set(signs[b])) - {a, b})
            if len(shared) < max(1, min_common):
                continue
            score = sum(signs[a][c] * signs[b][c] for c in shared) / len(shared)
            out.append(
                {
                    "kind": "same_side",
                    "actors": [a, b],
                    "names": [None, None],
                    "score": score,
                    "common_enemies": shared,
                }
            )
        out.sort(key=lambda r: (-abs(r["score"]) * math.log1p(len(r["common_enemies"])), r["actors"]))
        return out[:limit]

    def places(self, flt: EventFilter, limit: int) -> list[dict[str, Any]]:
        """Geolocated events grouped by place (for the map)."""
        where, params = flt.where()
        rows = self.query(
            f"""
            SELECT location_name AS name, location_country AS country,
                   round(location_lat, 4) AS lat, round(location_lon, 4) AS lon,
                   count(*) AS events, avg(goldstein) AS goldstein_mean,
                   count(*) FILTER (WHERE quad_class = 1) AS q1,
                   count(*) FILTER (WHERE quad_class = 2) AS q2,
                   count(*) FILTER (WHERE quad_class = 3) AS q3,
                   count(*) FILTER (WHERE quad_class = 4) AS q4
            FROM {EVENTS_TABLE}
            WHERE location_lat IS NOT NULL AND location_lon IS NOT NULL
              AND location_name IS NOT NULL AND {where}
            GROUP BY 1, 2, 3, 4 ORDER BY events DESC, name LIMIT ?
            """,
            params + [limit],
        )
        for r in rows:
            r["goldstein_mean"] = float(r["goldstein_mean"] or 0.0)
        return rows

    def timeline(
        self,
        a: str,
        b: str,
        interval: str,
        date_from: str | None,
        date_to: str | None,
        directed: bool,
        *,
        flt: EventFilter | None = None,
        fill: bool = False,
    ) -> list[dict[str, Any]]:
        """Goldstein and quad-class counts per period for the events between two actors."""
        flt = replace(flt) if flt else EventFilter(date_from=date_from, date_to=date_to)
        if directed:
            flt.source, flt.target = a, b
        else:
            flt.dyad = (a, b)
        return self.series(flt, interval, fill=fill)

    def series(self, flt: EventFilter, interval: str, *, fill: bool = False) -> list[dict[str, Any]]:
        """Per period: events, Goldstein sum and mean, quad-class counts, and the period's
        first day (``start``). ``fill`` adds the empty periods between the first and last
        (or the filter's dates), so a chart's time axis is true."""
        assert interval in INTERVALS
        label = PERIOD_LABEL[interval]
        where, params = flt.where()
        rows = self.query(
            f"""
            WITH e AS (
              SELECT date_trunc('{interval}', TRY_CAST(date AS DATE)) AS d, goldstein, quad_class
              FROM {EVENTS_TABLE} WHERE {where}
            )
            SELECT strftime(d, '{label}') AS period, strftime(d, '%Y-%m-%d') AS start,
                   count(*) AS events,
                   sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean,
                   count(*) FILTER (WHERE quad_class = 1) AS q1,
                   count(*) FILTER (WHERE quad_class = 2) AS q2,
                   count(*) FILTER (WHERE quad_class = 3) AS q3,
                   count(*) FILTER (WHERE quad_class = 4) AS q4
            FROM e WHERE d IS NOT NULL GROUP BY d ORDER BY d
            """,
            params,
        )
        for r in rows:
            r["goldstein_sum"] = float(r["goldstein_sum"] or 0.0)
            r["goldstein_mean"] = float(r["goldstein_mean"] or 0.0)
        if fill:
            rows = fill_periods(rows, interval, flt.date_from, flt.date_to)
        return rows

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with its sentence and trigger located in its article, and the article's
        title: the end of every drill-down."""
        rows = self.query(f"SELECT {self.event_select} FROM {EVENTS_TABLE} WHERE event_id = ? LIMIT 1", [event_id])
        if not rows:
            return None
        ev = row_to_event(rows[0]).to_dict()
        art: dict[str, Any] = {}
        if self.has_articles:
            text_col = ", text" if "text" in self.article_columns else ""
            found = self.query(
                f"SELECT {self.article_select}{text_col} FROM {ARTICLES_TABLE} WHERE article_id = ? LIMIT 1",
                [ev["article_id"]],
            )
            art = found[0] if found else {}
        return {
            "event": ev,
            **locate(art.get("text"), ev),
            "article_title": art.get("title"),
            "article_url": art.get("url"),
            "article_source": art.get("source"),
            "article_published": art.get("published"),
        }

    def rows(self, flt: EventFilter, limit: int) -> list[dict[str, Any]]:
        """Flat store rows (the schema's event columns) in the events order, for export."""
        where, params = flt.where()
        return self.query(
            f"SELECT {self.event_select} FROM {EVENTS_TABLE} WHERE {where} ORDER BY date NULLS FIRST, event_id LIMIT ?",
            params + [limit],
        )

    # -- articles ---------------------------------------------------------------
    def article(self, article_id: str) -> dict[str, Any] | None:
        """The article with each event located in its text, or None when unknown."""
        art: dict[str, Any] | None = None
        if self.has_articles:
            text_col = ", text" if "text" in self.article_columns else ""
            found = self.query(
                f"SELECT {self.article_select}{text_col} FROM {ARTICLES_TABLE} WHERE article_id = ? LIMIT 1",
                [article_id],
            )
            art = found[0] if found else None
        rows = self.query(
            f"SELECT {self.event_select} FROM {EVENTS_TABLE} WHERE article_id = ? ORDER BY sentence_index, event_id",
            [article_id],
        )
        if art is None and not rows:
            return None
        art = art or {"article_id": article_id}
        text = art.get("text")
        events = []
        for r in rows:
            ev = row_to_event(r).to_dict()
            events.append({"event": ev, **locate(text, ev)})
        return {
            **{k: art.get(k) for k in ("article_id", "title", "source", "url", "published", "language")},
            "text": text,
            "events": events,
        }


def locate(text: str | None, ev: dict[str, Any]) -> dict[str, list[int] | None]:
    """Where an event's sentence and trigger sit, checked against the text.

    Offsets from the coder are trusted only when they agree with the text; the
    trigger may be a lemma ("seize" for "seized"), so it is found by prefix.
    """
    sentence: str = ev["sentence"]
    s0, s1 = ev["span"]
    sentence_span: list[int] | None = None
    if text is not None:
        if text[s0:s1] == sentence:
            sentence_span = [s0, s1]
        else:
            at = text.find(sentence) if sentence else -1
            sentence_span = [at, at + len(sentence)] if at >= 0 else None
    base = sentence_span[0] if sentence_span else s0
    in_sentence: list[int] | None = None
    ts = ev.get("trigger_span")
    if ts and base <= ts[0] < ts[1] <= base + len(sentence):
        in_sentence = [ts[0] - base, ts[1] - base]
    elif ts and s0 <= ts[0] < ts[1] <= s1 and len(sentence) == s1 - s0:
        in_sentence = [ts[0] - s0, ts[1] - s0]
    else:
        in_sentence = find_word(sentence, ev.get("trigger") or "")
    trigger_offsets = (
        [in_sentence[0] + sentence_span[0], in_sentence[1] + sentence_span[0]]
        if in_sentence and sentence_span
        else None
    )
    return {
        "sentence_span": sentence_span,
        "trigger_offsets": trigger_offsets,
        "trigger_in_sentence": in_sentence,
    }


def find_word(sentence: str, trigger: str) -> list[int] | None:
    """The whole word of ``sentence`` that starts with the trigger's stem (case-insensitive)."""
    import re

    words = trigger.split()
    if not words:
        return None
    stem = re.escape(words[0][: max(3, len(words[0]) - 2)])
    tail = "".join(r"\W+" + re.escape(w) + r"\w*" for w in words[1:])
    m = re.search(rf"\b{stem}\w*{tail}", sentence, flags=re.IGNORECASE)
    return [m.start(), m.end()] if m else None


def valid_date(value: str) -> str:
    """``YYYY-MM-DD`` that is a real date; raises ValueError with a sentence otherwise."""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real YYYY-MM-DD date") from exc


PERIOD_LABEL = {"day": "%Y-%m-%d", "week": "%G-W%V", "month": "%Y-%m", "year": "%Y"}
MAX_FILLED_PERIODS = 5000


def _next_start(day: dt.date, interval: str) -> dt.date:
    if interval == "day":
        return day + dt.timedelta(days=1)
    if interval == "week":
        return day + dt.timedelta(days=7)
    if interval == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day.replace(year=day.year + 1, month=1, day=1)


def _truncate(day: dt.date, interval: str) -> dt.date:
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    if interval == "year":
        return day.replace(month=1, day=1)
    return day


def fill_periods(
    rows: list[dict[str, Any]], interval: str, date_from: str | None, date_to: str | None
) -> list[dict[str, Any]]:
    """Rows for every period from the first to the last (zero where nothing happened).

    The span runs from ``date_from``/``date_to`` when given, else from the data;
    past MAX_FILLED_PERIODS periods the rows are returned as they are.
    """
    if not rows and not (date_from and date_to):
        return rows
    by_start = {r["start"]: r for r in rows}
    lo = _truncate(dt.date.fromisoformat(date_from), interval) if date_from else dt.date.fromisoformat(rows[0]["start"])
    hi = _truncate(dt.date.fromisoformat(date_to), interval) if date_to else dt.date.fromisoformat(rows[-1]["start"])
    if rows:
        lo = min(lo, dt.date.fromisoformat(rows[0]["start"]))
        hi = max(hi, dt.date.fromisoformat(rows[-1]["start"]))
    out: list[dict[str, Any]] = []
    day = lo
    while day <= hi:
        if len(out) >= MAX_FILLED_PERIODS:
            return rows
        key = day.isoformat()
        out.append(by_start.get(key) or _empty_period(day, interval))
        if day == hi:
            break
        day = _next_start(day, interval)
    return out


def _empty_period(day: dt.date, interval: str) -> dict[str, Any]:
    iso = day.isocalendar()
    label = {
        "day": day.isoformat(),
        "week": f"{iso.year:04d}-W{iso.week:02d}",
        "month": day.isoformat()[:7],
        "year": day.isoformat()[:4],
    }[interval]
    return {
        "period": label,
        "start": day.isoformat(),
        "events": 0,
        "goldstein_sum": 0.0,
        "goldstein_mean": 0.0,
        "q1": 0,
        "q2": 0,
        "q3": 0,
        "q4": 0,
    }


def countries_named(text: str) -> list[str]:
    """ISO3 codes whose short English name contains ``text`` (case-insensitive)."""
    import pycountry

    needle = text.casefold()
    return sorted(c.alpha_3 for c in pycountry.countries if needle in (country_name(c.alpha_3) or "").casefold())


def trim_network(net: dict[str, Any], top: int | None, limit: int) -> dict[str, Any]:
    """Keep the edges among the ``top`` most active nodes, then the ``limit`` heaviest edges,
    and the nodes those edges touch (so a big store does not open as a hairball)."""
    edges = net["edges"]
    if top:
        busiest = sorted(net["nodes"], key=lambda n: (-n["events"], n["id"]))[:top]
        keep_ids = {n["id"] for n in busiest}
        edges = [e for e in edges if e["source"] in keep_ids and e["target"] in keep_ids]
    edges = sorted(edges, key=lambda e: (-e["events"], e["source"], e["target"]))[:limit]
    touched = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = sorted((n for n in net["nodes"] if n["id"] in touched), key=lambda n: (-n["events"], n["id"]))
    return {"nodes": nodes, "edges": edges}


class AnswerCache:
    """A small thread-safe LRU of answers, keyed by the call and the store's generation:
    a read-only store's answers never change until a new snapshot is picked up.
    Answers are shared between requests: callers must not modify them."""

    def __init__(self, maxsize: int = 256) -> None:
        self._data: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self.maxsize = maxsize

    def get_or_compute(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = compute()
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return value
