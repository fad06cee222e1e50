"""bedfellows `code` throughput against bare ``nlp.pipe``, worker scaling, and the gate's recall cost.

    .venv/bin/python bench/throughput_bench.py --corpus ../shared/examples/realnews-set.jsonl --repeat 600
    .venv/bin/python bench/throughput_bench.py --articles 2000          # the synthetic corpus
    .venv/bin/python bench/throughput_bench.py --real                   # ConfliBERT + PLOVER GSR sentences
    .venv/bin/python bench/throughput_bench.py --corpus FILE --repeat 600 --processes 2
    .venv/bin/python bench/throughput_bench.py --recall                 # every gold set, gate off vs on
    .venv/bin/python bench/throughput_bench.py --corpus FILE --classifier  # the second opinion's cost (veto, full)

Speed: one run, one corpus, the same model with all its components, the same
batch size; the contenders alternate chunk by chunk (the order rotating), so
a neighbour's load on a shared machine and whatever one contender left in the
caches hit all of them alike. The figure that counts is the ratio (bare
``nlp.pipe`` time / coder time, measured in the same run). "Bare" is
``spacy.load(DEFAULT_MODEL)`` as shipped. ``--corpus`` reads a JSON Lines file
of articles (``id``, ``text``, ``published``) and cycles it to ``--repeat``
articles (each copy its own id). Words are whitespace-separated words of the
article texts; one process is one core, so words/s is words/s per core.

``--processes N`` also codes the corpus with ``bedfellows.scale.codepool``
(what ``code --processes N`` runs) with 1 and N workers, after the workers
have loaded the model, checks that the events are identical, and prints the
scaling; it needs N free cores (the load average is printed).

``--recall``: recall and precision on every public gold set (the seed and
modality sets, the real-news set on both halves, PLOVER GSR, ConfliBERT) with
the pre-parse gate off (every sentence parsed) and on, and their deltas.
"""

from __future__ import annotations

import argparse
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


def corpus_articles(path: Path, repeat: int | None) -> list[Article]:
    """The articles of a JSON Lines file, cycled to ``repeat`` articles (each copy with its own id)."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    n = repeat or len(records)
    out = []
    for k in range(n):
        rec = records[k % len(records)]
        copy = k // len(records)
        out.append(Article(id=f"{rec['id']}#{copy}", text=rec["text"], published=rec.get("published")))
    return out


def benchmark_sentence_articles(per_article: int = 6) -> list[Article]:
    """``--real``: ConfliBERT and PLOVER GSR sentences (nearly all with an event), 6 to an article."""
    import csv

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
        Article(id=f"real-{i:05d}", text=" ".join(sents[i : i + per_article]), published="2018-01-15")
        for i in range(0, len(sents), per_article)
    ]


def words(articles: list[Article]) -> int:
    return sum(len(a.text.split()) for a in articles)


def measure(
    name: str, articles: list[Article], batch_size: int, full: bool, classifier: bool = False
) -> dict[str, float]:
    """Bare nlp.pipe against the coder (with ``full`` also without its gate; with ``classifier``
    also with the trained second opinion, ``veto`` and ``full``), alternating."""
    import spacy

    from bedfellows.nlp.pipeline import DEFAULT_MODEL

    coders = {"code": Coder(fast=True)}
    if full:
        coders["full"] = Coder(fast=False)
    if classifier:
        coders["veto"] = Coder(fast=True, classifier="veto")
        coders["rescue"] = Coder(fast=True, classifier="full")
    nlp = spacy.load(DEFAULT_MODEL)  # the model as shipped: bedfellows' load_nlp swaps in a faster attribute ruler
    list(nlp.pipe([a.text for a in articles[:32]], batch_size=batch_size))  # warm caches
    for coder in coders.values():
        list(coder.code_stream(articles[:32], batch_size=batch_size))
    fast_pipe = coders["code"].fast_pipe
    assert fast_pipe is not None
    fast_pipe.stats.__init__()  # type: ignore[misc]

    order = ["bare", *coders]
    secs = dict.fromkeys(order, 0.0)
    events = dict.fromkeys(coders, 0)
    chunk = 100
    for k, i in enumerate(range(0, len(articles), chunk)):
        part = articles[i : i + chunk]
        for who in order[k % len(order) :] + order[: k % len(order)]:
            t0 = time.perf_counter()
            if who == "bare":
                for _ in nlp.pipe([a.text for a in part], batch_size=batch_size):
                    pass
            else:
                events[who] += sum(len(r.events) for r in coders[who].code_stream(part, batch_size=batch_size))
            secs[who] += time.perf_counter() - t0

    n, w = len(articles), words(articles)
    stats = fast_pipe.stats
    print(f"\n== {name}: {n} articles, {w} words, batch size {batch_size}")
    print(f"{'':34}{'articles/s':>11}{'words/s/core':>14}{'ratio vs bare':>15}{'events':>8}")
    labels = {
        "bare": "bare nlp.pipe (all components)",
        "code": "bedfellows code",
        "full": "bedfellows code, gate off",
        "veto": "code --classifier veto",
        "rescue": "code --classifier full",
    }
    for who in order:
        took = secs[who]
        ev = events.get(who)
        shown = "" if ev is None else ev
        print(f"{labels[who]:34}{n / took:11.1f}{w / took:14.0f}{secs['bare'] / took:15.2f}{shown:>8}")
    print(f"gate: {stats.sentences} sentences by the cheap splitter, {stats.skipped_share:.1%} not parsed "
          f"({stats.skipped_token_share:.1%} of tokens); load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    for who in ("veto", "rescue"):
        if who in secs:
            extra = (secs[who] - secs["code"]) / secs["bare"]
            print(f"{labels[who]}: {extra:+.1%} of the bare parse time against bedfellows code")
    return {f"{who}_s": secs[who] for who in order}


def scaling(articles: list[Article], processes: int, batch_size: int) -> None:
    """1 worker against ``processes`` workers, both already loaded; the events must be identical."""
    from bedfellows.scale.codepool import code_parallel, start_pool
    from bedfellows.scale.worker import CoderConfig

    config = CoderConfig(batch_size=batch_size)
    out: dict[int, tuple[float, list[str]]] = {}
    for n in (1, processes):
        pool = start_pool(config, n)
        try:
            list(code_parallel(articles[: 2 * n * batch_size], config, n, pool=pool))  # every worker loaded
            t0 = time.perf_counter()
            ids = [e.event_id for r in code_parallel(articles, config, n, pool=pool) for e in r.events]
            out[n] = (time.perf_counter() - t0, ids)
        finally:
            pool.shutdown()
    (t1, ev1), (tn, evn) = out[1], out[processes]
    print(f"\n== workers: {len(articles)} articles, models loaded; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    print(f"1 process: {len(articles) / t1:.1f} articles/s; {processes} processes: {len(articles) / tn:.1f} "
          f"articles/s; scaling {t1 / tn:.2f}x; identical events: {ev1 == evn} ({len(ev1)})")


def gold_sets() -> list[tuple[str, Path, str | None]]:
    return [
        ("seed", SHARED / "gold" / "seed.gold.json", None),
        ("modality", SHARED / "gold" / "modality.gold.json", None),
        ("real news, even half", SHARED / "gold" / "realnews.gold.json", "even"),
        ("real news, odd half", SHARED / "gold" / "realnews.gold.json", "odd"),
        ("PLOVER GSR", BENCH / "plover_PLOVER_GSR_CAMEO.json", None),
        ("ConfliBERT train", BENCH / "conflibert_cameo_class_train.tsv", None),
    ]


def recall() -> None:
    """Gold figures with the gate off and on, and the deltas (the gate must cost < 0.01)."""
    import bedfellows.coder as coder_mod
    from bedfellows.evaluate import evaluate

    print(f"{'gold set':22}{'level':14}{'R off':>7}{'R on':>7}{'dR':>7}{'P off':>7}{'P on':>7}{'dP':>7}")
    worst = 0.0
    for label, path, half in gold_sets():
        out = {}
        for fast in (False, True):
            coder_mod._DEFAULT_CODERS.clear()
            coder_mod.FAST_DEFAULT = fast
            out[fast] = evaluate(path, half=half)
        for level, off in out[False].levels.items():
            on = out[True].levels[level]
            d_r, d_p = on.recall - off.recall, on.precision - off.precision
            worst = min(worst, d_r, d_p)
            print(f"{label:22}{level:14}{off.recall:7.3f}{on.recall:7.3f}{d_r:+7.3f}"
                  f"{off.precision:7.3f}{on.precision:7.3f}{d_p:+7.3f}")
        for fig in ("class_accuracy", "class_coverage", "date", "place"):
            if fig in out[False].figures:
                a, b = out[False].figures[fig], out[True].figures[fig]
                worst = min(worst, b - a)
                print(f"{label:22}{fig:14}{a:7.3f}{b:7.3f}{b - a:+7.3f}")
    print(f"largest loss: {max(0.0, -worst):.3f} (must stay under 0.01)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, help="JSON Lines articles (default: the synthetic corpus)")
    ap.add_argument("--repeat", type=int, help="cycle the corpus to this many articles")
    ap.add_argument("--articles", type=int, default=2000, help="synthetic articles (without --corpus)")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--real", action="store_true",
                    help="the ConfliBERT and PLOVER GSR sentences as articles of 6 (instead of --corpus)")
    ap.add_argument("--full", action="store_true", help="also the coder with its pre-parse gate off")
    ap.add_argument("--processes", type=int, default=0, metavar="N", help="also 1 vs N worker processes")
    ap.add_argument("--recall", action="store_true", help="gold-set recall and precision, gate off/on")
    ap.add_argument("--classifier", action="store_true", help="also the trained second opinion (veto, full)")
    args = ap.parse_args()
    if args.recall:
        if not SHARED.is_dir():
            print("../shared is not beside the checkout", file=sys.stderr)
            return 2
        recall()
        return 0
    if args.real:
        articles = benchmark_sentence_articles()
        name = "public benchmark sentences, 6 to an article"
    elif args.corpus:
        articles = corpus_articles(args.corpus, args.repeat)
        name = f"{args.corpus.name}" + (f" cycled to {args.repeat}" if args.repeat else "")
    else:
        articles = list(synthetic_articles(args.repeat or args.articles))
        name = "synthetic"
    measure(name, articles, args.batch_size, args.full, args.classifier)
    if args.processes > 1:
        scaling(articles, args.processes, args.batch_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
