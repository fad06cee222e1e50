"""The headline question on the real seed article, coded by the real coder."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedfellows.aggregate import alignments, dyads
from bedfellows.store import ingest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.model
def test_seed_flags_iran_usa_against_isil(tmp_path: Path, shared: Path) -> None:
    inputs = [str(shared / "examples" / "seed-article.jsonl")]
    if (REPO / "examples").is_dir():
        inputs.append(str(REPO / "examples"))
    db = tmp_path / "seed.duckdb"
    summary = ingest(inputs, db)
    assert summary.events > 0
    d = dyads(db, period=None)
    assert ((d.source == "IRN") & (d.target == "USA")).any()
    pairs = {tuple(a["pair"]): a for a in alignments(db) if a["kind"] == "common_enemy"}
    assert ("IRN", "USA") in pairs
    assert "IMGMUSISI" in pairs[("IRN", "USA")]["common_enemies"]
    top = next(a for a in alignments(db) if a["kind"] == "common_enemy")
    assert top["pair"] == ["IRN", "USA"]  # the headline answer ranks first
