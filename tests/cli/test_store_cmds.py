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
    r = runner.invoke(app, ["network", "--db", str(db), "--format", "graphml", "-o", "-"])
    assert r.exit_code == 0 and r.stdout.lstrip().startswith("<?xml") and "graphml" in r.stdout


def test_alignments_json_and_table(db: Path) -> None:
    r = runner.invoke(app, ["alignments", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    found = json.loads(r.stdout)
    assert found[0]["pair"] == ["IRN", "USA"] and found[0]["common_enemies"] == ["IMGMUSISI"]
    r = runner.invoke(app, ["alignments", "--db", str(db)])
    assert "common enemy" in r.stdout and "IRN & USA" in r.stdout


def test_export_and_errors(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.tsv"
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "gdelt", "-o", str(out),
                            "--header"])
    assert r.exit_code == 0, r.output
    assert out.read_text().startswith("GLOBALEVENTID\tSQLDATE")
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "gdelt", "-o", str(out)])
    assert r.exit_code == 0 and not out.read_text().startswith("GLOBALEVENTID")
    assert (tmp_path / "e.tsv.manifest.json").exists()
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"garbage" * 1000)
    r = runner.invoke(app, ["dyads", "--db", str(junk)])
    assert r.exit_code == 5 and "E403" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "xml", "-o", str(out)])
    assert r.exit_code == 6 and "unknown export format" in r.output and "E112" in r.output
    r = runner.invoke(app, ["dyads", "--db", str(tmp_path / "missing.duckdb")])
    assert r.exit_code == 3 and "E401" in r.output


def test_locked_store_has_its_own_exit_status(db: Path, tmp_path: Path) -> None:
    """A store another process writes to: exit 4 and E402 (a real second process holds it)."""
    import subprocess
    import sys
    import time

    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('held', flush=True); "
         "time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        r = runner.invoke(app, ["dyads", "--db", str(db)])
        assert r.exit_code == 4 and "E402" in r.output and "locked" in r.output, r.output
    finally:
        holder.kill()
        holder.wait()
        time.sleep(0.1)


def test_ingest_json_summary(tmp_path: Path) -> None:
    """The JSON end summary names skipped articles by reason (nothing to code: no model)."""
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "x", "text": "ab" * 3, "language": "de"}) + "\n")
    db = tmp_path / "s.duckdb"
    r = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["skipped_by_reason"] == {"E104": 1} and summary["added"] == 0


@pytest.mark.parametrize("command", ["export", "dyads", "network", "alignments"])
@pytest.mark.parametrize("bad", ["2014-13-01", "garbage", "2014-02-30", "2014-6-1"])
def test_impossible_dates_are_refused(db: Path, tmp_path: Path, command: str, bad: str) -> None:
    args = [command, "--db", str(db), "--start", bad]
    if command == "export":
        args += ["-o", str(tmp_path / "x.csv"), "-f", "csv"]
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert "not a real date" in r.output and bad in r.output and "Traceback" not in r.output
    assert not (tmp_path / "x.csv").exists()
    r = runner.invoke(app, [command, "--db", str(db), "--end", bad] + args[4:])
    assert r.exit_code == 2 and "--end" in r.output


def test_output_to_stdout(db: Path, tmp_path: Path) -> None:
    import io

    import pyarrow.parquet as pq

    r = runner.invoke(app, ["export", "--db", str(db), "-f", "csv", "-o", "-"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].startswith('"event_id",') and len(r.stdout.splitlines()) == 5
    assert "wrote 4 events to standard output" in r.stderr
    assert not list(tmp_path.glob("*.manifest.json"))
    r = runner.invoke(app, ["export", "--db", str(db), "-f", "parquet", "-o", "-"])
    assert r.exit_code == 0
    assert pq.read_table(io.BytesIO(r.stdout_bytes)).num_rows == 4
    r = runner.invoke(app, ["export", "--db", str(db), "-f", "plover", "-o", "-",
                            "--start", "2014-06-14", "--end", "2014-06-14"])
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 4
    r = runner.invoke(app, ["dyads", "--db", str(db), "-f", "csv", "-o", "-"])
    assert r.exit_code == 0 and r.stdout.startswith("period,source,target,")


def test_alignments_to_a_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "al.json"
    r = runner.invoke(app, ["alignments", "--db", str(db), "-o", str(out)])
    assert r.exit_code == 0, r.output
    found = json.loads(out.read_text())
    assert found[0]["pair"] == ["IRN", "USA"] and "wrote 1 alignments" in r.stderr
