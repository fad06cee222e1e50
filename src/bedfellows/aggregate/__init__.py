"""The analyses the store exists for: dyad timelines, a signed network, "strange bedfellows".

Every function takes a :class:`~bedfellows.store.Store`, a path to a store, or
a pandas DataFrame with the event columns of :mod:`bedfellows.schema`, and
runs the same SQL (DuckDB queries a DataFrame in place), so the Python API and
the CLI agree and a million events aggregate in well under a second.

Actor keys: at ``level="country"`` an actor is its ISO3 country, or its full
code when it has none (``IMGMUSISI`` for ISIL); at ``level="code"`` the full
CAMEO actor code (``IRNGOV``, ``USAMIL``).
"""

from __future__ import annotations

import contextlib
import gc
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import networkx as nx
import pandas as pd

from ..errors import StoreError
from ..names import display_name
from ..schema import EVENTS_TABLE
from ..store.db import as_date

PERIODS = ("day", "week", "month", "year")
LEVELS = ("country", "code")
NETWORK_FORMATS = ("json", "graphml", "gexf")

Data = Any  # Store | str | Path | pandas.DataFrame


@contextlib.contextmanager
def _source(data: Data) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
    """A connection and the name of the relation holding the events."""
    from ..store import Store

    if isinstance(data, Store):
        yield data.con, EVENTS_TABLE
    elif isinstance(data, str | Path):
        store = Store(data, read_only=True)
        try:
            yield store.con, EVENTS_TABLE
        finally:
            store.close()
    elif isinstance(data, pd.DataFrame):
        from ..store.db import connect

        con = connect()
        df = data
        if "num_mentions" not in df.columns:
            df = df.assign(num_mentions=1)
        con.register("events_frame", df)
        # the store's types: a frame may carry its dates as ISO text (records) or timestamps
        con.execute("CREATE VIEW events_df AS SELECT * REPLACE (TRY_CAST(date AS DATE) AS date) "
                    "FROM events_frame")
        try:
            yield con, "events_df"
        finally:
            con.close()
    else:
        raise TypeError(f"expected a Store, a store path or a DataFrame, not {type(data).__name__}")


_gc_lock = threading.Lock()
_gc_holders = 0
_gc_state: dict[str, bool] = {"enabled": True}


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (reference counting still frees everything):
    building many small dicts and lists otherwise triggers full collections of the whole
    heap. Nested and concurrent uses are counted; the collector resumes with the last."""
    global _gc_holders
    with _gc_lock:
        if _gc_holders == 0:
            was_enabled = gc.isenabled()
            gc.disable()
            _gc_state["enabled"] = was_enabled
        _gc_holders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0 and _gc_state["enabled"]:
                gc.enable()


def _key(role: str, level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    if level == "code":
        return f"{role}_code"
    return f"coalesce({role}_country, {role}_code)"


def _where(start: str | None, end: str | None, extra: str = "TRUE") -> tuple[str, list[Any]]:
    where = [extra, "source_code IS NOT NULL", "target_code IS NOT NULL"]
    params: list[Any] = []
    if start:
        where.append("date >= ?")
        params.append(as_date(start, "start"))
    if end:
        where.append("date <= ?")
        params.append(as_date(end, "end"))
    return " AND ".join(where), params


def _query(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> pd.DataFrame:
    try:
        return con.execute(sql, params).df()
    except duckdb.Error as exc:
        if "corrupt" in str(exc).lower():
            from ..store.db import friendly_error

            raise friendly_error("the store", exc) from None
        raise StoreError(f"analysis query failed: {str(exc).splitlines()[0]}") from None


def dyads(
    data: Data,
    period: str | None = "month",
    actor_level: str = "country",
    start: str | None = None,
    end: str | None = None,
) -> pd.DataFrame:
    """Per directed dyad and period: event counts per quad class, Goldstein sum and mean,
    first and last date, mentions. ``period=None`` gives one row per dyad over all time."""
    if period is not None and period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)} or None, not {period!r}")
    src, tgt = _key("source", actor_level), _key("target", actor_level)
    where, params = _where(start, end)
    if period is None:
        bucket = "NULL::VARCHAR"
    else:
        where += " AND date IS NOT NULL"
        bucket = f"strftime(date_trunc('{period}', date), '%Y-%m-%d')"
    with _source(data) as (con, rel):
        df = _query(
            con,
            f"""
            SELECT {bucket} AS period, {src} AS source, {tgt} AS target,
                   count(*) AS events,
                   count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
                   count(*) FILTER (WHERE quad_class = 2) AS material_coop,
                   count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
                   count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
                   sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean,
                   CAST(min(date) AS VARCHAR) AS first_date, CAST(max(date) AS VARCHAR) AS last_date,
                   sum(coalesce(num_mentions, 1)) AS mentions
            FROM {rel} WHERE {where}
            GROUP BY ALL ORDER BY period NULLS FIRST, source, target
            """,
            params,
        )
    if period is None:
        df = df.drop(columns=["period"])
    return df


# Evidence order: by date, undated last, then event id. The sort key has no NULL in it
# (undated events sort after every date by the flag), so it is a strict total order.
_EVIDENCE_KEY = "(date IS NULL, coalesce(date, '0001-01-01'), event_id)"


def _first_ids(condition: str, n: int) -> str:
    """SQL for the first ``n`` event ids of a group meeting ``condition``, in evidence order:
    the same list as ``list(event_id ORDER BY date NULLS LAST, event_id)[1:n]`` without
    sorting every group whole (a top-n per group, several times faster)."""
    if n <= 0:
        return "[]::VARCHAR[]"
    return (f"coalesce(min_by(event_id, {_EVIDENCE_KEY}, {int(n)}) FILTER (WHERE {condition}), "
            "[]::VARCHAR[])")


def _edges(
    data: Data,
    start: str | None,
    end: str | None,
    level: str,
    directed: bool,
    max_evidence: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    src, tgt = _key("source", level), _key("target", level)
    a, b = (src, tgt) if directed else (f"least({src}, {tgt})", f"greatest({src}, {tgt})")
    where, params = _where(start, end, f"{src} <> {tgt}")
    with _source(data) as (con, rel):
        edges = _query(
            con,
            f"""
            SELECT {a} AS a, {b} AS b, count(*) AS events,
                   count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
                   count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
                   sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean,
                   CAST(min(date) AS VARCHAR) AS first_date, CAST(max(date) AS VARCHAR) AS last_date,
                   {_first_ids("TRUE", max_evidence)} AS evidence,
                   {_first_ids("quad_class IN (3, 4)", max_evidence)} AS hostile_evidence
            FROM {rel} WHERE {where} GROUP BY ALL ORDER BY a, b
            """,
            params,
        )
        nodes = _query(
            con,
            f"""
            SELECT key, mode(name) AS name, count(*) AS events FROM (
              SELECT {src} AS key, coalesce(source_name, source_code) AS name FROM {rel}
                WHERE {where}
              UNION ALL
              SELECT {tgt}, coalesce(target_name, target_code) FROM {rel} WHERE {where}
            ) GROUP BY key ORDER BY key
            """,
            params + params,
        )
    return edges, nodes


def _sign(x: float) -> int:
    return 1 if x > 0 else -1 if x < 0 else 0


def signed_network(
    data: Data,
    start: str | None = None,
    end: str | None = None,
    level: str = "country",
    *,
    directed: bool = True,
    max_evidence: int = 50,
) -> nx.DiGraph | nx.Graph:
    """The signed, weighted actor network: weight = Goldstein sum, sign = its sign.

    Edge attributes: events, cooperation (quad 1-2), conflict (quad 3-4),
    goldstein_sum, goldstein_mean, weight, sign, first_date, last_date,
    evidence (event ids). ``directed=False`` merges both directions.
    """
    edges, nodes = _edges(data, start, end, level, directed, max_evidence)
    g: nx.DiGraph | nx.Graph = nx.DiGraph() if directed else nx.Graph()
    g.graph.update({"level": level, "start": start, "end": end, "directed": directed})
    for n in nodes.itertuples(index=False):
        # the dictionaries' name of the key (Egypt, al-Qaeda), not its most mentioned member
        g.add_node(n.key, name=display_name(n.key) or n.name, events=int(n.events))
    for e in edges.itertuples(index=False):
        gs = float(e.goldstein_sum)
        g.add_edge(
            e.a,
            e.b,
            events=int(e.events),
            cooperation=int(e.cooperation),
            conflict=int(e.conflict),
            goldstein_sum=round(gs, 4),
            goldstein_mean=round(float(e.goldstein_mean), 4),
            weight=round(gs, 4),
            sign=_sign(gs),
            first_date=e.first_date,
            last_date=e.last_date,
            evidence=list(e.evidence),
            hostile_evidence=list(e.hostile_evidence),
        )
    return g


def network_to_json(g: nx.Graph) -> dict[str, Any]:
    """Node-link JSON (what ``bedfellows network --format json`` prints)."""
    return {
        "directed": g.is_directed(),
        "graph": dict(g.graph),
        "nodes": [{"id": n, **attrs} for n, attrs in g.nodes(data=True)],
        "edges": [{"source": u, "target": v, **attrs} for u, v, attrs in g.edges(data=True)],
    }


def write_network(g: nx.Graph, path: str | Path, fmt: str | None = None) -> Path:
    """Write JSON, GraphML or GEXF (format from ``fmt`` or the file suffix)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "json").lower()
    if fmt not in NETWORK_FORMATS:
        raise ValueError(f"network format must be one of {', '.join(NETWORK_FORMATS)}, not {fmt!r}")
    if fmt == "json":
        path.write_text(json.dumps(network_to_json(g), indent=2, default=str), encoding="utf-8")
        return path
    flat = g.copy()  # GraphML/GEXF hold scalars only: lists become space-separated ids
    for _, _, attrs in flat.edges(data=True):
        for k, v in list(attrs.items()):
            if isinstance(v, list):
                attrs[k] = " ".join(map(str, v))
            elif v is None:
                attrs[k] = ""
    for k, v in list(flat.graph.items()):
        flat.graph[k] = "" if v is None else str(v)
    if fmt == "graphml":
        nx.write_graphml(flat, path)
    else:
        nx.write_gexf(flat, path)
    return path


def alignments(
    data: Data,
    start: str | None = None,
    end: str | None = None,
    level: str = "country",
    *,
    require_hostile: bool = False,
    max_evidence: int = 20,
) -> list[dict[str, Any]]:
    """Strange bedfellows and structural imbalance.

    ``common_enemy``: two actors that interact directly (a hostile record
    between them, or cooperation) and are both net-hostile to a third actor.
    ``bedfellows`` marks the headline case - adversaries (a hostile record)
    that also cooperate or offer to, while sharing an enemy - and those come
    first, then other pairs with a hostile record, then merely cooperating
    pairs; ``require_hostile=True`` keeps only pairs with a hostile record.

    ``unbalanced_triad``: three actors all linked whose signs multiply to a
    negative number (friend of a friend is an enemy: ``++-``; or all three
    hostile: ``---``), in the structural-balance sense.

    Signs are those of the undirected Goldstein sums; every item lists the
    evidence event ids of each relation it rests on.
    """
    g = signed_network(data, start, end, level, directed=False, max_evidence=max_evidence)
    return alignments_in(g, require_hostile=require_hostile)


def alignments_in(g: nx.Graph, *, require_hostile: bool = False) -> list[dict[str, Any]]:
    """:func:`alignments` of an undirected :func:`signed_network` already built.

    Plain dictionaries instead of networkx views in the loops, and each relation built
    once however many findings rest on it (findings resting on the same relation share its
    dictionary: treat the answer as read-only), the cyclic garbage collector paused while
    the tens of thousands of small containers are made (its full passes over a large heap
    cost more than the search itself). The same
    findings, in the same order, as the direct reading of the definitions
    (``tests/aggregate/test_alignments_fast.py`` compares the two).
    """
    with gc_paused():
        return _alignments_in(g, require_hostile)


def _alignments_in(g: nx.Graph, require_hostile: bool) -> list[dict[str, Any]]:
    adj: dict[str, dict[str, dict[str, Any]]] = {n: {} for n in g.nodes}
    for u, v, d in g.edges(data=True):
        adj[u][v] = d
        adj[v][u] = d
    built: dict[tuple[str, str], dict[str, Any]] = {}

    def rel(u: str, v: str) -> dict[str, Any]:
        key = (u, v) if u <= v else (v, u)
        r = built.get(key)
        if r is None:
            d = adj[u][v]
            r = built[key] = {
                "actors": [key[0], key[1]],
                "sign": d["sign"],
                "events": d["events"],
                "cooperation": d["cooperation"],
                "conflict": d["conflict"],
                "goldstein_sum": d["goldstein_sum"],
                "evidence": d["evidence"],
            }
        return r

    out: list[dict[str, Any]] = []
    pairs: dict[tuple[str, str], list[str]] = {}
    for c in g.nodes:
        enemies = sorted(n for n, d in adj[c].items() if d["sign"] < 0)
        for i, x in enumerate(enemies):
            near = adj[x]
            for y in enemies[i + 1:]:
                if y in near:
                    pairs.setdefault((x, y), []).append(c)
    for (x, y), common in pairs.items():
        d = adj[x][y]
        hostile = d["conflict"] > 0
        if require_hostile and not hostile:
            continue
        ordered = sorted(common)
        out.append(
            {
                "kind": "common_enemy",
                "pair": [x, y],
                "names": [g.nodes[x].get("name"), g.nodes[y].get("name")],
                "common_enemies": ordered,
                "hostile_record": hostile,
                "bedfellows": hostile and d["cooperation"] > 0,
                "cooperation": d["cooperation"],
                "pair_sign": d["sign"],
                "pair_evidence": d["evidence"],
                "hostile_evidence": d["hostile_evidence"],
                "enemy_relations": [rel(a, c) for c in ordered for a in (x, y)],
                "hostility": d["conflict"],
                "score": len(common) * (2 if hostile else 1) + d["cooperation"],
            }
        )
    # the strangest bedfellows first: the deeper the pair's own conflict record, the stranger
    # their cooperation against a common enemy
    out.sort(key=lambda r: (not r["bedfellows"], not r["hostile_record"], -r["hostility"], -r["score"], r["pair"]))
    triads: list[dict[str, Any]] = []
    for u in sorted(adj):
        near_u = adj[u]
        later = sorted(n for n in near_u if n > u)
        for i, v in enumerate(later):  # each triangle once, from its smallest
            near_v = adj[v]
            for w in later[i + 1:]:
                vw = near_v.get(w)
                if vw is None:
                    continue
                signs = [near_u[v]["sign"], near_u[w]["sign"], vw["sign"]]
                if 0 in signs or signs[0] * signs[1] * signs[2] > 0:
                    continue
                tri = [u, v, w]
                triads.append(
                    {
                        "kind": "unbalanced_triad",
                        "actors": tri,
                        "pattern": "".join("+" if s > 0 else "-" for s in sorted(signs, reverse=True)),
                        "relations": [rel(u, v), rel(u, w), rel(v, w)],
                    }
                )
    triads.sort(key=lambda t: t["actors"])
    return out + triads
