"""Benchmark direct-quotation finding and speaker attribution on PolNeAR dev.

PolNeAR (brat standoff) annotates attributions as Source, Cue and Content
spans. We score only gold attributions whose Content holds double quote
marks, and within them only the characters inside the marks. A predicted
quote matches a gold one when their overlap is at least half of the shorter.
Speaker is correct when the predicted speaker span overlaps the gold Source
or the resolved speaker shares a name word with it.

PolNeAR is research data without a licence: measure only, never ship.

    .venv/bin/python bench/quote_bench.py [DIR] [--errors N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / ".." / "shared" / "data" / "benchmarks" / "quotes" / "polnear-dev"
DOUBLE = set("\"“”«»„")
TWIN = ("''", "``")  # typewriter double marks


@dataclass
class Gold:
    chars: set[int]
    source: list[tuple[int, int]] = field(default_factory=list)
    source_text: str = ""


def _quoted_chars(text: str, frags: list[tuple[int, int]]) -> set[int]:
    chars: set[int] = set()
    for x, y in frags:
        lo, hi = max(0, x - 2), min(len(text), y + 2)
        marks: list[tuple[int, int]] = []  # (position, width)
        i = lo
        while i < hi:
            if text[i : i + 2] in TWIN:
                marks.append((i, 2))
                i += 1
            elif text[i] in DOUBLE:
                marks.append((i, 1))
            i += 1
        # keep marks touching the fragment (a mark just outside it opens or closes it)
        marks = [(m, w) for m, w in marks if m + w >= x and m <= y]
        if len(marks) >= 2:
            a, b = marks[0][0] + marks[0][1], marks[-1][0]
        elif len(marks) == 1:
            m, w = marks[0]
            a, b = (m + w, y) if m - x < y - m else (x, m)
        else:
            continue
        chars.update(i for i in range(a, b) if not text[i].isspace())
    return chars


def load_gold(ann: Path, text: str) -> list[Gold]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    rels: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, rest, _ = line.split("\t", 2)
            typ, offs = rest.split(" ", 1)
            frags = [(int(a), int(b)) for a, b in (f.split() for f in offs.split(";"))]
            spans[tid] = (typ, frags)
        elif line.startswith("E"):
            parts = line.split("\t")[1].split()
            rels.append(dict(p.split(":", 1) for p in parts))
    golds = []
    for rel in rels:
        content = rel.get("Content")
        if content is None or content not in spans:
            continue
        chars = _quoted_chars(text, spans[content][1])
        if not chars:
            continue
        src = spans[rel["Source"]][1] if rel.get("Source") in spans else []
        golds.append(Gold(chars, src, " ".join(text[a:b] for a, b in src)))
    return golds


def _name_words(s: str | None) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Z][\w'’-]+", s or "") if len(w) > 2}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors of each kind")
    args = ap.parse_args()
    if not (args.data / "text").is_dir():
        print(f"no PolNeAR data at {args.data}", file=sys.stderr)
        return 2
    from bedfellows.nlp.pipeline import load_nlp
    from bedfellows.quotes import find_quotes

    nlp = load_nlp()
    docs = []
    for txt in sorted((args.data / "text").glob("*.txt")):
        anns = sorted((args.data / "attributions").glob(txt.stem + "_*.ann"))
        if anns:  # two articles have several annotators: take the first
            docs.append((txt.stem, txt.read_text(encoding="utf-8"), anns[0]))
    t0 = time.perf_counter()
    parsed = list(nlp.pipe([d[1] for d in docs], batch_size=16))
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    preds = [find_quotes(doc) for doc in parsed]
    t_quotes = time.perf_counter() - t0

    n_pred = n_pred_ok = n_gold = n_gold_found = n_spk = n_spk_ok = 0
    fps: list[str] = []
    fns: list[str] = []
    bad_spk: list[str] = []
    for (name, text, ann), qs in zip(docs, preds, strict=True):
        golds = load_gold(ann, text)
        n_gold += len(golds)
        found = [False] * len(golds)
        for q in qs:
            n_pred += 1
            span = set(range(q.start, q.end))
            best, best_ov = None, 0.0
            for k, g in enumerate(golds):
                inter = len(span & g.chars)
                if not inter:
                    continue
                ov = inter / min(len({i for i in span if not text[i].isspace()}), len(g.chars))
                if ov > best_ov:
                    best, best_ov = k, ov
            if best is None or best_ov < 0.5:
                fps.append(f"{name}: {q.text[:100]!r}")
                continue
            n_pred_ok += 1
            found[best] = True
            g = golds[best]
            if not g.source:
                continue
            n_spk += 1
            ok = q.speaker_start is not None and any(
                q.speaker_start < b and a < (q.speaker_end or 0) for a, b in g.source
            )
            ok = ok or bool(_name_words(q.speaker_resolved_text) & _name_words(g.source_text))
            n_spk_ok += ok
            if not ok:
                bad_spk.append(
                    f"{name}: {q.text[:60]!r} pred={q.speaker_text!r}->"
                    f"{q.speaker_resolved_text!r} gold={g.source_text!r}"
                )
        n_gold_found += sum(found)
        for g, f in zip(golds, found, strict=True):
            if not f:
                a, b = min(g.chars), max(g.chars) + 1
                fns.append(f"{name}: {text[a:b][:100]!r}")

    p = n_pred_ok / n_pred if n_pred else 0.0
    r = n_gold_found / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    s = n_spk_ok / n_spk if n_spk else 0.0
    print(f"PolNeAR dev: {len(docs)} articles, {n_gold} gold quoted attributions, {n_pred} predicted")
    print(f"{'metric':<22}{'value':>8}{'target':>8}")
    print(f"{'precision':<22}{p:>8.3f}{0.90:>8.2f}")
    print(f"{'recall':<22}{r:>8.3f}{0.75:>8.2f}")
    print(f"{'F1':<22}{f1:>8.3f}")
    print(f"{'speaker correct':<22}{s:>8.3f}{0.90:>8.2f}   ({n_spk_ok}/{n_spk} with gold source)")
    print(f"speed: find_quotes {len(docs) / t_quotes:.0f} articles/s, {n_pred / t_quotes:.0f} quotes/s;"
          f" with parsing {len(docs) / (t_parse + t_quotes):.1f} articles/s")
    if args.errors:
        for title, items in (("false positives", fps), ("missed", fns), ("wrong speaker", bad_spk)):
            print(f"\n## {title} ({len(items)})")
            for line in items[: args.errors]:
                print("  ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
