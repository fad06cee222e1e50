"""The store commands through typer's runner (in process) on a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedfellows.cli.main import app
from bedfellows.records import Article
from bedfellows.store import Store

from ..store.corpus import IRN, ISIL, USA, USAMIL, event

runner = CliRunner()


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    p = tmp_path / "s.duckdb"
    rows = [
        (IRN, USA, "036", 1, 4.0),
        (IRN, ISIL, "190", 4, -10.0),
        (USAMIL, ISIL, "195", 4, -10.0),
        (USA, IRN, "111", 3, -2.0),
    ]
    with Store(p) as s:
        s.add_coded(
            Article("seed", "Seed article text.", "2014-06-14"),
            [event("seed", i, *r, "2014-06-14") for i, r in enumerate(rows)],
        )
    return p


def test_dyads_json_and_table(db: Path) -> None:
    r = runner.invoke(app, ["dyads", "--db", str(db), "--period", "all", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    irn_usa = next(x for x in rows if x["source"] == "IRN" and x["target"] == "USA")
    assert irn_usa["verbal_coop"] == 1 and irn_usa["goldstein_sum"] == 4.0
    r = runner.invoke(app, ["dyads", "--db", str(db), "--period", "month"])
    assert r.exit_code == 0 and "IMGMUSISI" in r.stdout and "2014-06-01" in r.stdout


def test_network_formats(db: Path, tmp_path: Path) -> None:
    r = runner.invoke(app, ["network", "--db", str(db)])
    assert r.exit_code == 0, r.output
    net = json.loads(r.stdout)
    assert {"IRN", "USA", "IMGMUSISI"} <= {n["id"] for n in net["nodes"]}
    out = tmp_path / "n.gexf"
    r = runner.invoke(app, ["network", "--db", str(db), "--format", "gexf", "-o", str(out)])
    assert r.exit_code == 0 and "<gexf" in out.read_text()
    r = runner.invoke(app, ["network", "--db", str(db), "--format", "graphml"])
    assert r.exit_code == 2 and "needs -o" in r.output


def test_alignments_json_and_table(db: Path) -> None:
    r = runner.invoke(app, ["alignments", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    found = json.loads(r.stdout)
    assert found[0]["pair"] == ["IRN", "USA"] and found[0]["common_enemies"] == ["IMGMUSISI"]
    r = runner.invoke(app, ["alignments", "--db", str(db)])
    assert "common enemy" in r.stdout and "IRN & USA" in r.stdout


def test_export_and_errors(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.tsv"
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "gdelt", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text().startswith("GLOBALEVENTID\tSQLDATE")
    assert (tmp_path / "e.tsv.manifest.json").exists()
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"garbage" * 1000)
    r = runner.invoke(app, ["dyads", "--db", str(junk)])
    assert r.exit_code == 2 and "E400" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "xml", "-o", str(out)])
    assert r.exit_code == 2 and "unknown export format" in r.output


def test_ingest_json_summary(tmp_path: Path) -> None:
    """The JSON end summary names skipped articles by reason (nothing to code: no model)."""
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "x", "text": "ab" * 3, "language": "de"}) + "\n")
    db = tmp_path / "s.duckdb"
    r = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["skipped_by_reason"] == {"E104": 1} and summary["added"] == 0
