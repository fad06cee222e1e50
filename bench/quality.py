"""Print the coder's figures on every public gold set of the quality gate (same subsets).

    .venv/bin/python bench/quality.py [--all] [--pin]

Use it to re-pin tests/quality_floors.json: ``--pin`` raises each floor to the
measured figure minus a margin of 0.02 (rounded down); floors never go down.
``--all`` ignores the subset limits (figures only, never pinned).
"""

from __future__ import annotations

import json
import logging
import math
import sys
import time
from pathlib import Path

from bedfellows.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MARGIN = 0.02


def main() -> None:
    logging.basicConfig(level=logging.CRITICAL)
    floors = json.loads((ROOT / "tests" / "quality_floors.json").read_text())
    full = "--all" in sys.argv
    pin = "--pin" in sys.argv
    for name, spec in floors["sets"].items():
        t = time.perf_counter()
        r = evaluate(
            SHARED / spec["path"],
            limit=None if full else spec.get("limit"),
            engine=spec.get("engine", "bedfellows"),
            half=spec.get("half"),
        )
        figs = {k: round(v, 4) for k, v in r.figures.items()}
        print(
            f"{name} ({r.items} items, {time.perf_counter() - t:.1f} s)"
            + (f" SKIPPED: {r.skipped}" if r.skipped else "")
        )
        for k in spec["floors"]:
            print(f"  {k:28s} {figs.get(k)!s:8s} floor {spec['floors'][k]}")
        print("  all:", json.dumps(figs))
        if pin and not full and not r.skipped:
            for k, old in spec["floors"].items():
                if k in r.figures:
                    new = math.floor((r.figures[k] - MARGIN) * 100) / 100
                    spec["floors"][k] = max(old, max(new, 0.0))
    if pin and not full:
        path = ROOT / "tests" / "quality_floors.json"
        path.write_text(json.dumps(floors, indent=2) + "\n")
        print(f"floors written to {path}")


if __name__ == "__main__":
    main()
