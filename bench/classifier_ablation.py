"""Ablation of the trained second opinion: rules alone, + veto, + veto + rescue, per gold set.

    .venv/bin/python bench/classifier_ablation.py [--sets realnews,plover_gsr,...] [--grid]

Each article is parsed and rule-coded once; every variant then reviews the same rule
events (exactly what ``Coder`` does with ``--classifier``), so the figures differ only
by the second opinion. The real-news set is reported in its two halves, as
``bedfellows evaluate --half even|odd`` takes them (items at even or odd positions in
file order): the even half is the development half the thresholds are chosen on, the
odd half the honest one. ConfliBERT is coded as ``evaluate`` codes it (acts with no
receiver kept: a sentence classification). Printed as deltas against rules alone measured in
the same run (the baseline moves as the coder improves). ``--grid`` also tries other
thresholds. Last: the second opinion's time as a share of the parse time.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bedfellows.classify.opinion import RESCUE_ABOVE, VETO_BELOW, SecondOpinion
from bedfellows.coder import Coder
from bedfellows.evaluate.core import EvaluationReport, _score
from bedfellows.evaluate.gold import GoldItem, GoldSet, iter_articles, read_gold

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SETS = {
    "realnews": (
        SHARED / "gold" / "realnews.gold.json",
        ("dyad_root_f1", "dyad_root_precision", "dyad_root_recall", "date", "place"),
    ),
    "plover_gsr": (SHARED / "data/benchmarks/plover_PLOVER_GSR_CAMEO.json", ("dyad_plover_f1", "plover_f1")),
    "conflibert": (
        SHARED / "data/benchmarks/conflibert_cameo_class_train.tsv",
        ("class_accuracy", "class_macro_f1", "class_accuracy_covered"),
    ),
    "seed": (SHARED / "gold" / "seed.gold.json", ("dyad_root_f1", "dyad_root_precision", "dyad_root_recall")),
    "modality": (SHARED / "gold" / "modality.gold.json", ("dyad_root_f1", "dyad_root_precision", "dyad_root_recall")),
}


@dataclass
class Coded:
    """One gold set parsed and rule-coded once per fast-path plan."""

    name: str
    gold: GoldSet
    items: list[GoldItem]
    parsed: list[tuple[str, object, object, list]]  # (item id, doc, article, rule events)
    # parsed as --classifier full parses: the fast path also keeps sentences with actors
    # but no trigger word, which rescue reads
    parsed_full: list[tuple[str, object, object, list]]
    parse_s: float


def code_once(coder: Coder, full_coder: Coder, name: str, path: Path) -> Coded:
    gold = read_gold(path)
    pairs = list(iter_articles(gold.items))
    # as evaluate codes it: a sentence classification wants acts whoever received them
    keep_open = gold.format == "conflibert-tsv"
    saved = coder.extractor.keep_open_events, full_coder.extractor.keep_open_events
    coder.extractor.keep_open_events = full_coder.extractor.keep_open_events = keep_open
    try:
        return _code_once(coder, full_coder, name, gold, pairs)
    finally:
        coder.extractor.keep_open_events, full_coder.extractor.keep_open_events = saved


def _code_once(coder: Coder, full_coder: Coder, name: str, gold: GoldSet, pairs: list) -> Coded:
    t0 = time.perf_counter()
    docs = coder.parse_many([a.text for _, a in pairs])
    parse_s = time.perf_counter() - t0
    parsed = [(it.id, doc, a, coder.extractor.extract(doc, a)) for (it, a), doc in zip(pairs, docs, strict=True)]
    docs = full_coder.parse_many([a.text for _, a in pairs])
    parsed_full = [
        (it.id, doc, a, full_coder.extractor.extract(doc, a)) for (it, a), doc in zip(pairs, docs, strict=True)
    ]
    return Coded(name, gold, gold.items, parsed, parsed_full, parse_s)


def figures(c: Coded, coder: Coder, opinion: SecondOpinion | None, keep: set[str] | None = None) -> dict[str, float]:
    coded: dict[str, list] = {it.id: [] for it in c.items}
    for item_id, doc, article, events in c.parsed_full if opinion is not None and opinion.mode == "full" else c.parsed:
        if opinion is not None:
            events = opinion.apply(doc, article, events, coder.extractor)  # type: ignore[arg-type]
        coded[item_id] = [e.to_dict() for e in events]
    items = [it for it in c.items if keep is None or it.id in keep]
    report = EvaluationReport(c.name, c.gold.format, len(items))
    _score(report, c.gold, items, {k: v for k, v in coded.items() if keep is None or k in keep}, False)
    return report.figures


def halves(c: Coded) -> list[tuple[str, set[str] | None]]:
    if c.name != "realnews":
        return [(c.name, None)]
    # 1-based positions in file order, as evaluate --half takes them
    even = {it.id for n, it in enumerate(c.items, start=1) if n % 2 == 0}
    return [("realnews even (dev)", even), ("realnews odd (honest)", {it.id for it in c.items} - even)]


def main() -> int:
    logging.basicConfig(level=logging.ERROR)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--grid", action="store_true", help="also other veto / rescue thresholds")
    args = ap.parse_args()
    if not SHARED.is_dir():
        print("../shared is not beside the checkout", file=sys.stderr)
        return 2
    coder = Coder(classifier="off")
    full_coder = Coder(classifier="full")
    variants: list[tuple[str, SecondOpinion | None]] = [
        ("rules alone", None),
        (f"+veto <{VETO_BELOW}", SecondOpinion("veto")),
        (f"+veto+rescue >={RESCUE_ABOVE}", SecondOpinion("full")),
    ]
    if args.grid:
        for v in (0.002, 0.01, 0.02, 0.05):
            variants.append((f"+veto <{v}", SecondOpinion("veto", veto_below=v)))
        for n in (0.5, 0.7):
            for v in (0.01, 0.02):
                variants.append((f"+veto <{v} top>={n}", SecondOpinion("veto", veto_below=v, veto_needs=n)))
        for r in (0.6, 0.7, 0.9):
            variants.append((f"+veto+rescue >={r}", SecondOpinion("full", rescue_above=r)))
    parse_total = review_total = 0.0
    for name in args.sets.split(","):
        path, shown = SETS[name]
        c = code_once(coder, full_coder, name, path)
        parse_total += c.parse_s
        t0 = time.perf_counter()
        full = SecondOpinion("full")
        for _, doc, article, events in c.parsed_full:
            full.apply(doc, article, events, coder.extractor)  # type: ignore[arg-type]
        review_total += time.perf_counter() - t0
        for label, keep in halves(c):
            base = figures(c, coder, None, keep)
            print(f"\n== {label} ({len(keep) if keep else len(c.items)} items)")
            print(f"{'variant':28}" + "".join(f"{k:>22}" for k in (*shown, "events_per_item")))
            for vname, op in variants:
                figs = base if op is None else figures(c, coder, op, keep)
                cells = []
                for k in (*shown, "events_per_item"):
                    v = figs.get(k, 0.0)
                    cells.append(f"{v:.3f}" if op is None else f"{v:.3f} ({v - base.get(k, 0.0):+.3f})")
                print(f"{vname:28}" + "".join(f"{x:>22}" for x in cells))
    print(f"\nsecond opinion (full) {review_total:.2f} s against parsing {parse_total:.2f} s: "
          f"{review_total / parse_total:.1%} of the parse time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
