"""How well the verb matcher alone codes the PETRARCH unit-test records.

    .venv/bin/python bench/verbs_petrarch.py [--show N]

For every record with expected events, every verb of the sentence is matched
against PETR.Validate.verbs.txt; a record counts as *code found* when some
verb's code (or paired code) equals an expected event code. This isolates the
verb dictionary from actor resolution; it prints the rate and the speed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bedfellows.evaluate import read_gold
from bedfellows.events.petrarch_verbs import describe, read_verb_file
from bedfellows.nlp.pipeline import load_nlp

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
    gold = read_gold(SHARED / "data/benchmarks/petrarch2_PETR.UnitTest.records.xml")
    t = time.perf_counter()
    verbs = read_verb_file(SHARED / "data/petrarch/PETR.Validate.verbs.txt")
    print(f"dictionary {describe(verbs)} loaded in {time.perf_counter() - t:.3f} s")
    nlp = load_nlp()
    items = [it for it in gold.items if it.events]
    docs = list(nlp.pipe(it.text for it in items))
    t = time.perf_counter()
    found = matched_verbs = 0
    misses = []
    for it, doc in zip(items, docs, strict=True):
        want = {c for g in it.events for c in g.cameo}
        codes = set()
        for tok in doc:
            if tok.pos_ not in {"VERB", "AUX"}:
                continue
            m = verbs.match(tok)
            if m is not None:
                matched_verbs += 1
                codes |= {c for c in (m.code, m.paired_code) if c}
        if want & codes:
            found += 1
        else:
            misses.append((it.id, sorted(want), sorted(codes), it.text[:100]))
    dt = time.perf_counter() - t
    print(
        f"records with expected events: {len(items)}; code found by some verb: "
        f"{found / len(items):.3f}; verbs matched: {matched_verbs}; "
        f"{1000 * dt / max(1, len(items)):.2f} ms per sentence"
    )
    for row in misses[:show]:
        print("  ", *row)


if __name__ == "__main__":
    main()
