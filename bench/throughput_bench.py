"""bedfellows `code` throughput against bare ``nlp.pipe``, and the recall cost of the fast path.

    .venv/bin/python bench/throughput_bench.py [--articles 2000] [--batch-size 16] [--real]
    .venv/bin/python bench/throughput_bench.py --recall      # gold sets, fast path off vs on
    .venv/bin/python bench/throughput_bench.py --classifier  # also the trained second opinion's cost (veto, full)

Speed: one run, one corpus, same model with all its components, same batch
size; the figures are ratios (coder time / bare ``nlp.pipe`` time inverted),
so a busy machine moves both sides. Corpora: ``synthetic`` (built by
``bedfellows.scale.synthetic`` from our own template sentences, shipped) and,
with ``--real``, articles of 6 consecutive sentences from
``../shared/data/benchmarks`` (ConfliBERT and PLOVER GSR texts, read at run
time, never copied).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

from bedfellows.coder import Coder
from bedfellows.records import Article
from bedfellows.scale.synthetic import synthetic_articles

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
BENCH = SHARED / "data" / "benchmarks"


def real_articles(per_article: int = 6) -> list[Article]:
    """News sentences from the public benchmarks, grouped into pseudo-articles."""
    sents: list[str] = []
    with (BENCH / "conflibert_cameo_class_train.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if row and row[0].strip():
                sents.append(row[0].strip())
    for rec in json.loads((BENCH / "plover_PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8")):
        text = rec.get("text") or ""
        if text and rec.get("event") != "DOCUMENT":
            sents.append(" ".join(text.split()))
    return [
        Article(id=f"real-{i:05d}", text=" ".join(sents[i:i + per_article]), published="2018-01-15")
        for i in range(0, len(sents), per_article)
    ]


def measure(name: str, articles: list[Article], batch_size: int, classifier: bool = False) -> dict[str, float]:
    slow = Coder(fast=False)
    fast = Coder(fast=True)
    # the trained second opinion (veto alone; veto + rescue) on top of the fast path, when asked
    veto = Coder(fast=True, classifier="veto") if classifier else None
    full = Coder(fast=True, classifier="full") if classifier else None
    import spacy

    from bedfellows.nlp.pipeline import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)  # the model as shipped: bedfellows' load_nlp swaps in a faster attribute ruler
    list(nlp.pipe([a.text for a in articles[:32]], batch_size=batch_size))  # warm caches
    list(fast.code_stream(articles[:16], batch_size=batch_size))
    list(slow.code_stream(articles[:16], batch_size=batch_size))
    for c in (veto, full):
        if c is not None:
            list(c.code_stream(articles[:16], batch_size=batch_size))
    fast.fast_pipe.stats.__init__()  # type: ignore[union-attr,misc]

    # interleaved chunks, the order rotating from chunk to chunk: a neighbour's load on this
    # shared machine, and whatever the previous contender left in the caches, hit all three alike
    secs = {"bare": 0.0, "slow": 0.0, "fast": 0.0, "veto": 0.0, "full": 0.0}
    events = {"slow": 0, "fast": 0, "veto": 0, "full": 0}
    n_sents = 0
    chunk = 100

    def run(who: str, part: list[Article]) -> None:
        nonlocal n_sents
        t0 = time.perf_counter()
        if who == "bare":
            n_sents += sum(sum(1 for _ in d.sents) for d in nlp.pipe([a.text for a in part], batch_size=batch_size))
        else:
            coder = {"slow": slow, "fast": fast, "veto": veto, "full": full}[who]
            assert coder is not None
            events[who] += sum(len(r.events) for r in coder.code_stream(part, batch_size=batch_size))
        secs[who] += time.perf_counter() - t0

    order = ["bare", "slow", "fast"] + (["veto", "full"] if full is not None else [])
    for k, i in enumerate(range(0, len(articles), chunk)):
        part = articles[i:i + chunk]
        for who in order[k % len(order):] + order[:k % len(order)]:
            run(who, part)
    bare, t_slow, t_fast = secs["bare"], secs["slow"], secs["fast"]
    ev_slow, ev_fast = events["slow"], events["fast"]
    stats = fast.fast_pipe.stats  # type: ignore[union-attr]

    n = len(articles)
    print(f"\n== {name}: {n} articles, {n_sents} sentences (parser's count), batch size {batch_size}")
    print(f"{'':28}{'articles/s':>12}{'sentences/s':>13}{'ratio vs bare':>15}{'events':>8}")
    rows: list[tuple[str, float, int | None]] = [
        ("bare nlp.pipe (all comps)", bare, None),
        ("bedfellows code", t_slow, ev_slow),
        ("bedfellows code --fast", t_fast, ev_fast),
    ]
    if full is not None:
        rows.append(("--fast --classifier veto", secs["veto"], events["veto"]))
        rows.append(("--fast --classifier full", secs["full"], events["full"]))
    for label, took, ev in rows:
        print(f"{label:28}{n / took:12.1f}{n_sents / took:13.1f}{bare / took:15.2f}"
              f"{'' if ev is None else ev:>8}")
    print(f"fast path: {stats.sentences} sentences by the cheap splitter, "
          f"{stats.skipped_share:.1%} not parsed ({stats.skipped_token_share:.1%} of tokens); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if full is not None:
        for mode in ("veto", "full"):
            print(f"second opinion: {(secs[mode] - t_fast) / bare:+.1%} of the bare parse time "
                  f"(--classifier {mode} against --fast)")
    return {"bare_s": bare, "code_s": t_slow, "fast_s": t_fast, "skipped_share": stats.skipped_share}


def recall() -> None:
    """Gold figures with the fast path off and on (recall cost must stay under 1%)."""
    import bedfellows.coder as coder_mod
    from bedfellows.evaluate import evaluate

    sets = [
        SHARED / "gold" / "seed.gold.json",
        SHARED / "gold" / "modality.gold.json",
        BENCH / "plover_PLOVER_GSR_CAMEO.json",
        BENCH / "conflibert_cameo_class_train.tsv",
    ]
    print(f"{'gold set':34}{'level':14}{'recall off':>11}{'recall on':>10}{'P off':>7}{'P on':>7}")
    for path in sets:
        out = {}
        for fast in (False, True):
            coder_mod._DEFAULT_CODERS.clear()
            coder_mod.FAST_DEFAULT = fast
            out[fast] = evaluate(path)
        for level, lv in out[False].levels.items():
            on = out[True].levels[level]
            print(f"{path.name[:33]:34}{level:14}{lv.recall:11.3f}{on.recall:10.3f}"
                  f"{lv.precision:7.3f}{on.precision:7.3f}")
        for fig in ("class_accuracy", "class_coverage", "events_per_item"):
            if fig in out[False].figures:
                print(f"{path.name[:33]:34}{fig:14}{out[False].figures[fig]:11.3f}{out[True].figures[fig]:10.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--real", action="store_true", help="also the ../shared benchmark sentences")
    ap.add_argument("--recall", action="store_true", help="gold-set recall with the fast path off/on")
    ap.add_argument("--classifier", action="store_true", help="also the trained second opinion (--classifier full)")
    args = ap.parse_args()
    if args.recall:
        if not SHARED.is_dir():
            print("../shared is not beside the checkout", file=sys.stderr)
            return 2
        recall()
        return 0
    measure("synthetic", list(synthetic_articles(args.articles)), args.batch_size, args.classifier)
    if args.real and BENCH.is_dir():
        measure("public benchmark sentences", real_articles(), args.batch_size, args.classifier)
    return 0


if __name__ == "__main__":
    sys.exit(main())
