"""Quality gate: the coder's scores on the public gold sets never fall below pinned floors.

Floors live in tests/quality_floors.json and only ever go up: when the coder
improves, re-pin them just below the new figures (``bench/quality.py`` prints
them). Big sets use a fixed, documented subset (``limit`` in the floors file:
the first N items in file order) so the whole gate stays well under 90 s.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bedfellows.evaluate import EvaluationError, EvaluationReport, evaluate

FLOORS_FILE = Path(__file__).with_name("quality_floors.json")
FLOORS: dict[str, Any] = json.loads(FLOORS_FILE.read_text())
_CACHE: dict[str, EvaluationReport] = {}


def report_for(shared: Path, name: str) -> EvaluationReport:
    spec = FLOORS["sets"][name]
    if name not in _CACHE:
        path = shared / spec["path"]
        if not path.is_file():
            pytest.skip(f"{spec['path']} is not in ../shared")
        try:
            engine = spec.get("engine", "bedfellows")
            _CACHE[name] = evaluate(path, limit=spec.get("limit"), engine=engine, half=spec.get("half"))
        except EvaluationError as exc:
            pytest.skip(str(exc))
    return _CACHE[name]


CASES = [(s, f) for s, spec in FLOORS["sets"].items() for f in spec["floors"]]


@pytest.mark.model
@pytest.mark.parametrize("set_name,figure", CASES, ids=[f"{s}:{f}" for s, f in CASES])
def test_score_at_least_floor(shared: Path, set_name: str, figure: str) -> None:
    report = report_for(shared, set_name)
    if report.skipped:
        pytest.skip(report.skipped)
    floor = FLOORS["sets"][set_name]["floors"][figure]
    got = report.figures.get(figure)
    assert got is not None, f"{set_name}: no figure {figure!r} in {sorted(report.figures)}"
    assert got >= floor, f"{set_name} {figure} = {got:.4f} fell below the floor {floor}"


def test_floors_are_ratios() -> None:
    for name, spec in FLOORS["sets"].items():
        assert spec["path"] and spec["floors"], name
        for fig, val in spec["floors"].items():
            assert 0.0 <= val <= 1.0, (name, fig)
