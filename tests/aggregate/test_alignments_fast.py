"""The fast alignment search gives exactly the findings of the definitions read directly."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from bedfellows.aggregate import alignments, gc_paused, signed_network
from bedfellows.records import Actor, Article
from bedfellows.store import Store

from ..store.corpus import event


def reference_alignments(g: nx.Graph, require_hostile: bool = False) -> list[dict[str, Any]]:
    """The straightforward search over the networkx graph (the implementation before the
    fast one, kept verbatim as the definition the fast one must match)."""

    def rel(u: str, v: str) -> dict[str, Any]:
        d = g.edges[u, v]
        return {"actors": sorted([u, v]), "sign": d["sign"], "events": d["events"],
                "cooperation": d["cooperation"], "conflict": d["conflict"],
                "goldstein_sum": d["goldstein_sum"], "evidence": d["evidence"]}

    out: list[dict[str, Any]] = []
    pairs: dict[tuple[str, str], list[str]] = {}
    for c in g.nodes:
        enemies = sorted(n for n in g.neighbors(c) if g.edges[c, n]["sign"] < 0)
        for x, y in itertools.combinations(enemies, 2):
            if g.has_edge(x, y):
                pairs.setdefault((x, y), []).append(c)
    for (x, y), common in pairs.items():
        d = g.edges[x, y]
        hostile = d["conflict"] > 0
        if require_hostile and not hostile:
            continue
        out.append({
            "kind": "common_enemy", "pair": [x, y],
            "names": [g.nodes[x].get("name"), g.nodes[y].get("name")],
            "common_enemies": sorted(common), "hostile_record": hostile,
            "bedfellows": hostile and d["cooperation"] > 0, "cooperation": d["cooperation"],
            "pair_sign": d["sign"], "pair_evidence": d["evidence"],
            "hostile_evidence": d["hostile_evidence"],
            "enemy_relations": [rel(a, c) for c in sorted(common) for a in (x, y)],
            "hostility": d["conflict"],
            "score": len(common) * (2 if hostile else 1) + d["cooperation"],
        })
    out.sort(key=lambda r: (not r["bedfellows"], not r["hostile_record"], -r["hostility"], -r["score"], r["pair"]))
    triads: list[dict[str, Any]] = []
    for u in sorted(g.nodes):
        later = sorted(n for n in g.neighbors(u) if n > u)
        for v, w in itertools.combinations(later, 2):
            if not g.has_edge(v, w):
                continue
            tri = [u, v, w]
            signs = [g.edges[a, b]["sign"] for a, b in itertools.combinations(tri, 2)]
            if 0 in signs or signs[0] * signs[1] * signs[2] > 0:
                continue
            triads.append({
                "kind": "unbalanced_triad", "actors": tri,
                "pattern": "".join("+" if s > 0 else "-" for s in sorted(signs, reverse=True)),
                "relations": [rel(a, b) for a, b in itertools.combinations(tri, 2)],
            })
    triads.sort(key=lambda t: t["actors"])
    return out + triads


VERBS = [("036", 1, 4.0), ("057", 1, 8.0), ("070", 2, 7.0), ("111", 3, -2.0), ("138", 3, -7.0),
         ("190", 4, -10.0), ("173", 4, -5.0)]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,200 random events among 14 actors over two years (dense enough for many findings)."""
    rng = random.Random(5)
    cast = [Actor(f"{iso}GOV", f"Government {iso}", iso, iso) for iso in
            ("IRN", "USA", "IRQ", "SYR", "RUS", "TUR", "ISR", "SAU", "EGY", "JOR", "LBN", "QAT")]
    cast += [Actor("IMGMUSISI", "ISIL", None, "ISIL"), Actor("IGOUNO", "UN", None, "UN")]
    path = tmp_path_factory.mktemp("fast") / "s.duckdb"
    with Store(path, near_duplicates=False) as store:
        for i in range(300):
            day = f"{2014 + i % 2}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
            undated = i % 17 == 0  # some events without a date: evidence puts them last
            aid = f"r{i:04d}"
            evs = []
            for k in range(4):
                src, tgt = rng.sample(cast, 2)
                cameo, quad, gold = rng.choice(VERBS)
                evs.append(event(aid, k, src, tgt, cameo, quad, gold, None if undated else day))
            store.add_coded(Article(id=aid, text=f"story {i}", published=day), evs)
    return path


@pytest.mark.parametrize("period", [(None, None), ("2014-03-01", "2014-09-30"), ("2015-01-01", "2015-01-31")])
@pytest.mark.parametrize("level", ["country", "code"])
@pytest.mark.parametrize("hostile", [False, True])
def test_fast_alignments_equal_the_definition(db: Path, period: tuple[str | None, str | None], level: str,
                                              hostile: bool) -> None:
    start, end = period
    g = signed_network(db, start, end, level, directed=False, max_evidence=20)
    expected = reference_alignments(g, hostile)
    found = alignments(db, start, end, level, require_hostile=hostile)
    assert found == expected
    kinds = {f["kind"] for f in found}
    if period == (None, None) and not hostile:
        assert kinds == {"common_enemy", "unbalanced_triad"} and len(found) > 50  # the test bites


def test_gc_paused_nests_and_resumes() -> None:
    import gc

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_evidence_lists_equal_the_sorted_lists(db: Path) -> None:
    """The top-n evidence ids per relation are the first n of every id sorted by (date, undated
    last, event id): the list the aggregate gave when it sorted each group whole."""
    key = "least(coalesce(source_country, source_code), coalesce(target_country, target_code))"
    other = "greatest(coalesce(source_country, source_code), coalesce(target_country, target_code))"
    with Store(db, read_only=True) as store:
        rows = store.con.execute(
            f"""SELECT {key} AS a, {other} AS b,
                   list(event_id ORDER BY date NULLS LAST, event_id)[1:5] AS evidence,
                   coalesce(list(event_id ORDER BY date NULLS LAST, event_id)
                       FILTER (WHERE quad_class IN (3, 4)), [])[1:5] AS hostile
                FROM events WHERE source_code IS NOT NULL AND target_code IS NOT NULL AND {key} <> {other}
                GROUP BY ALL"""
        ).fetchall()
        undated = store.con.execute("SELECT count(*) FROM events WHERE date IS NULL").fetchone()
    assert undated and undated[0] > 0
    g = signed_network(db, directed=False, max_evidence=5)
    assert g.number_of_edges() == len(rows) > 50
    for a, b, evidence, hostile in rows:
        assert g.edges[a, b]["evidence"] == evidence
        assert g.edges[a, b]["hostile_evidence"] == hostile
    empty = signed_network(db, directed=False, max_evidence=0)
    assert all(d["evidence"] == [] == d["hostile_evidence"] for _, _, d in empty.edges(data=True))
