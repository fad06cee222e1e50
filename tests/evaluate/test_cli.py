"""``bedfellows evaluate`` end to end: real model, real coder, gold from ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedfellows.cli.main import app

runner = CliRunner()


def test_bad_gold_is_one_line_exit_2(tmp_path: Path) -> None:
    p = tmp_path / "nothing.json"
    p.write_text("{}")
    res = runner.invoke(app, ["evaluate", str(p)])
    assert res.exit_code == 2
    assert "cannot tell the gold format" in res.output
    assert "Traceback" not in res.output


@pytest.mark.model
def test_evaluate_json_and_errors(shared: Path) -> None:
    gold = shared / "gold" / "modality.gold.json"
    res = runner.invoke(app, ["evaluate", str(gold), "--json", "--errors"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["format"] == "bedfellows-gold" and report["items"] == 30
    lvl = report["levels"]["dyad_root"]
    assert lvl["gold"] == 21 and 0 < lvl["coded"]
    assert 0.0 <= report["figures"]["dyad_root_f1"] <= 1.0
    for err in report["errors"]:  # every listed extra names the rule that fired
        assert all("[" in x for x in err["extras"])


@pytest.mark.model
def test_evaluate_limit_and_table(shared: Path) -> None:
    gold = shared / "data" / "benchmarks" / "conflibert_cameo_class_train.tsv"
    res = runner.invoke(app, ["evaluate", str(gold), "--limit", "20"])
    assert res.exit_code == 0, res.output
    assert "20 items" in res.output and "class_accuracy" in res.output
