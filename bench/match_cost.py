"""How much the coder adds to the cost of parsing: extraction time / parse time, same docs.

    .venv/bin/python bench/match_cost.py [N]

Parses N sentences from ../shared's PLOVER gold records (read at run time) with the
default pipeline, then times the event extractor alone on the parsed Docs, and the
dictionary loads (cold cache rebuilt in a temporary folder, then warm).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    recs = json.loads((SHARED / "data/benchmarks/plover_PLOVER_GSR_CAMEO.json").read_text())[1:]
    texts = [r["text"] for r in recs][:n]
    from bedfellows.coder import Coder
    from bedfellows.records import Article

    coder = Coder(fast=False)
    nlp, extractor = coder.nlp, coder.extractor
    list(nlp.pipe(texts[:20]))  # warm up
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    events = sum(
        len(extractor.extract(d, Article(str(i), t, "2000-01-01")))
        for i, (d, t) in enumerate(zip(docs, texts, strict=True))
    )
    extract = time.perf_counter() - t0
    from bedfellows.actors.mentions import find_mentions

    t0 = time.perf_counter()
    for d in docs:
        find_mentions(d, extractor.r.dictionary, "2000-01-01")
        for sent in d.sents:
            extractor._triggers(sent)
    matching = time.perf_counter() - t0
    print(f"{len(texts)} sentences: parse {parse:.2f} s, everything after the parse {extract:.2f} s ({events} events)")
    print(f"dictionary matching (actor trie + verb lexicon and patterns): {matching:.2f} s")
    print(
        f"matching adds {100 * matching / parse:.1f}% to the parse; the whole coder adds {100 * extract / parse:.1f}%"
    )
    code = (
        "import time; t=time.perf_counter()\n"
        "from bedfellows.actors.dictionary import load_default_dictionary as load_actors\n"
        "from bedfellows.events.petrarch_verbs import load_default_verbs as load_verbs\n"
        "load_actors(); load_verbs(); print(round(time.perf_counter()-t, 2))"
    )
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache, "BEDFELLOWS_CACHE_DIR": cache}
        cold = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout.strip()
        warm = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout.strip()
    print(f"actor + verb dictionaries: first load {cold} s, cached load {warm} s")


if __name__ == "__main__":
    main()
