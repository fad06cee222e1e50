"""Dyads, the signed network and alignments over a real store of hand-built events."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from bedfellows.aggregate import alignments, dyads, signed_network, write_network
from bedfellows.records import Actor, Article
from bedfellows.store import Store

from ..store.corpus import IRN, IRQ, ISIL, RUS, USA, USAMIL, event

SYR = Actor("SYRGOV", "Government of Syria", "SYR", "Damascus")


def _seed_like(db: Path) -> None:
    """The seed's relations: Iran offers Washington cooperation; both are hostile to ISIL;
    plus an older Iran-US quarrel and a friends-at-odds triangle (RUS, SYR, USA)."""
    rows = [
        ("seed", [(IRN, USA, "036", 1, 4.0, "2014-06-14"),
                  (IRN, ISIL, "190", 4, -10.0, "2014-06-14"),
                  (USAMIL, ISIL, "195", 4, -10.0, "2014-06-13"),
                  (ISIL, IRQ, "1951", 4, -10.0, "2014-06-10"),
                  (IRN, IRQ, "070", 2, 7.0, "2014-06-14")]),
        ("older", [(USA, IRN, "111", 3, -2.0, "2014-05-02"),
                   (IRN, USA, "120", 3, -4.0, "2014-05-03")]),
        ("triad", [(RUS, SYR, "070", 2, 7.0, "2014-06-01"),
                   (USA, SYR, "111", 3, -2.0, "2014-06-02"),
                   (USA, RUS, "051", 1, 3.4, "2014-06-03"),
                   (USA, RUS, "051", 1, 3.4, "2014-07-03")]),
    ]
    with Store(db) as s:
        for aid, evs in rows:
            art = Article(id=aid, text=f"Article {aid} " + " ".join(e[2] for e in evs),
                          published="2014-06-14")
            s.add_coded(art, [event(aid, i, *e[:5], e[5]) for i, e in enumerate(evs)])


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    p = tmp_path / "s.duckdb"
    _seed_like(p)
    return p


def test_dyads_month_country(db: Path) -> None:
    df = dyads(db, period="month")
    row = df[(df.source == "IRN") & (df.target == "USA") & (df.period == "2014-06-01")].iloc[0]
    assert row.events == 1 and row.verbal_coop == 1 and row.goldstein_sum == 4.0
    may = df[(df.source == "IRN") & (df.target == "USA") & (df.period == "2014-05-01")].iloc[0]
    assert may.verbal_conflict == 1 and may.goldstein_mean == -4.0
    usa_isil = df[(df.source == "USA") & (df.target == "IMGMUSISI")].iloc[0]
    assert usa_isil.material_conflict == 1 and usa_isil.first_date == "2014-06-13"
    assert set(df.period) == {"2014-05-01", "2014-06-01", "2014-07-01"}


def test_dyads_code_level_year_and_dataframe_input(db: Path) -> None:
    by_code = dyads(db, period="year", actor_level="code")
    assert "USAMIL" in set(by_code.source)
    with Store(db, read_only=True) as s:
        frame = s.events()
        from_store = dyads(s, period=None)
    from_df = dyads(frame, period=None)
    assert from_df.equals(from_store)
    usa_rus = from_df[(from_df.source == "USA") & (from_df.target == "RUS")].iloc[0]
    assert usa_rus.events == 2 and usa_rus.first_date == "2014-06-03"
    assert usa_rus.last_date == "2014-07-03"
    with pytest.raises(ValueError, match="period"):
        dyads(db, period="fortnight")


def test_signed_network_and_writers(db: Path, tmp_path: Path) -> None:
    g = signed_network(db)
    assert isinstance(g, nx.DiGraph)
    assert g.edges["IRN", "USA"]["sign"] == 0  # +4 (cooperate) and -4 (reject) cancel
    assert g.edges["USA", "IRN"]["sign"] == -1
    assert g.edges["USA", "IMGMUSISI"]["sign"] == -1
    june = signed_network(db, start="2014-06-01", end="2014-06-30")
    assert june.edges["IRN", "USA"]["sign"] == 1 and june.edges["IRN", "USA"]["cooperation"] == 1
    assert not june.has_edge("USA", "IRN")
    und = signed_network(db, directed=False, level="code")
    assert not und.is_directed() and und.has_edge("USAMIL", "IMGMUSISI")
    for fmt in ("json", "graphml", "gexf"):
        out = write_network(g, tmp_path / f"n.{fmt}")
        assert out.stat().st_size > 100
    back = nx.read_graphml(tmp_path / "n.graphml")
    assert back.edges["USA", "IMGMUSISI"]["sign"] == -1
    data = json.loads((tmp_path / "n.json").read_text())
    assert {"source": "IRN", "target": "IMGMUSISI"}.items() <= next(
        e for e in data["edges"] if e["source"] == "IRN" and e["target"] == "IMGMUSISI").items()


def test_alignment_iran_usa_against_isil(db: Path) -> None:
    found = alignments(db)
    pair = next(a for a in found if a["kind"] == "common_enemy" and a["pair"] == ["IRN", "USA"])
    assert pair["common_enemies"] == ["IMGMUSISI"]
    assert pair["hostile_record"] is True and pair["cooperation"] == 1 and pair["bedfellows"]
    assert pair["hostile_evidence"]  # the May quarrel's event ids
    ev_ids = {i for r in pair["enemy_relations"] for i in r["evidence"]}
    with Store(db, read_only=True) as s:
        isil_ids = set(s.events(actor="IMGMUSISI").event_id)
    assert ev_ids and ev_ids <= isil_ids
    assert found[0]["pair"] == ["IRN", "USA"]  # adversaries sharing an enemy rank first


def test_alignment_june_only_still_flags_cooperating_pair(db: Path) -> None:
    june = alignments(db, start="2014-06-01", end="2014-06-30")
    pairs = {tuple(a["pair"]): a for a in june if a["kind"] == "common_enemy"}
    assert set(pairs) == {("IRN", "USA"), ("IRN", "IRQ")}  # Iraq too: allied against ISIL
    assert pairs[("IRN", "USA")]["hostile_record"] is False
    assert pairs[("IRN", "USA")]["common_enemies"] == ["IMGMUSISI"]
    assert alignments(db, start="2014-06-01", end="2014-06-30", require_hostile=True) == [
        a for a in june if a["kind"] == "unbalanced_triad"]


def test_unbalanced_triad(db: Path) -> None:
    triads = [a for a in alignments(db) if a["kind"] == "unbalanced_triad"]
    tri = next(t for t in triads if t["actors"] == ["RUS", "SYR", "USA"])
    assert tri["pattern"] == "++-"
    assert all(r["evidence"] for r in tri["relations"])
    # the Iran-US-ISIL triangle is balanced (enemy of my enemy) when Iran-US is positive
    assert not any(t["actors"] == ["IMGMUSISI", "IRN", "USA"] and t["pattern"] == "+--"
                   for t in triads)
