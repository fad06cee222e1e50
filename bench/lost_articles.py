"""Lost articles: every real news text in ../shared coded through the reader and the coder.

An article is *lost* when coding it fails (E199, an exception) or a stage gives up on it
with a warning (the quote finder, the recaser); the target is 0. Texts come from the
real-news, modality and seed sets (JSON Lines), PolNeAR dev (text files), LGL,
GeoWebNews and GeoVirus (XML): all measure-only data, never copied into the project.
Each set is written to a temporary JSON Lines file and read back with the project's
reader, so reading is exercised too; ``--hostile`` also writes every set with CR line
endings, a Windows-1252 line and a broken line between articles, and checks that no
article of it is lost either.

    .venv/bin/python bench/lost_articles.py [--full] [--hostile] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"


def real_texts(limit: int | None = None) -> Iterator[tuple[str, list[dict[str, str]]]]:
    """(set name, records with id/text/published) for every real text set found."""
    for name in ("realnews-set", "modality-set", "seed-article"):
        path = SHARED / "examples" / f"{name}.jsonl"
        if path.is_file():
            rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
            records = [{"id": r["id"], "text": r["text"], "published": r.get("published") or ""} for r in rows]
            yield name, records[:limit]
    polnear = SHARED / "data" / "benchmarks" / "quotes" / "polnear-dev" / "text"
    if polnear.is_dir():
        rows = [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "published": "2016-10-01"}
                for p in sorted(polnear.glob("*.txt"))]
        yield "polnear-dev", rows[:limit]
    geo = SHARED / "data" / "benchmarks" / "geo"
    for name, file in (("lgl", "lgl.xml"), ("geowebnews", "GWN.xml"), ("geovirus", "GeoVirus.xml")):
        if (geo / file).is_file():
            arts = ET.parse(geo / file).getroot().iter("article")
            rows = [{"id": f"{name}-{i}", "text": a.findtext("text") or "", "published": ""}
                    for i, a in enumerate(arts)]
            yield name, rows[:limit]


class _Warnings(logging.Handler):
    """Counts the library's warnings per article id named in them (a stage that gave up)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage().splitlines()[0])


def write_jsonl(rows: list[dict[str, str]], path: Path, hostile: bool) -> None:
    """The set as JSON Lines; hostile: CR endings, a Windows-1252 record and a broken line after each."""
    with path.open("wb") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False).encode("utf-8") + (b"\r" if hostile else b"\n"))
            if hostile:
                fh.write(b'{"id": "cp1252", "text": "Caf\xe9 owners protested in Paris on Monday."}\r{"id": \r')


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="parse whole articles (default: the fast path)")
    ap.add_argument("--hostile", action="store_true", help="also read each set from a hostile JSON Lines file")
    ap.add_argument("--limit", type=int, default=None, help="first N texts of each set")
    args = ap.parse_args()
    if not SHARED.is_dir():
        print("../shared is not beside the checkout: nothing to measure", file=sys.stderr)
        return 2

    from bedfellows.coder import Coder
    from bedfellows.ingest.readers import read_file

    warnings = _Warnings()
    logging.getLogger("bedfellows").addHandler(warnings)
    coder = Coder(fast=not args.full)
    total = {"texts": 0, "read": 0, "coded": 0, "lost": 0, "events": 0}
    lost: list[str] = []
    t0 = time.perf_counter()
    print(f"{'set':<14} {'texts':>6} {'read':>6} {'coded':>6} {'lost':>5} {'events':>7} {'s':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, rows in real_texts(args.limit):
            t_set = time.perf_counter()
            path = Path(tmp) / f"{name}.jsonl"
            write_jsonl(rows, path, args.hostile)
            expected = {r["id"] for r in rows if r["text"].strip()}
            results = [rr for rr in read_file(path) if rr.article is not None]
            articles = [rr.article for rr in results if rr.article is not None and rr.article.id in expected]
            counts = {"texts": len(rows), "read": len(articles), "coded": 0, "lost": 0, "events": 0}
            for res in coder.code_stream(articles):
                before = len(warnings.records)
                if res.problem is not None and res.problem.code == "E199":
                    counts["lost"] += 1
                    lost.append(str(res.problem))
                    continue
                counts["coded"] += 1
                counts["events"] += len(res.events)
                if len(warnings.records) > before:
                    counts["lost"] += 1
                    lost.append(f"{res.article.id}: {warnings.records[-1]}")
            read_lost = len(expected) - len(articles)
            counts["lost"] += read_lost
            if read_lost:
                lost.append(f"{name}: {read_lost} article(s) not read back")
            for k in total:
                total[k] += counts[k]
            print(f"{name:<14} {counts['texts']:>6} {counts['read']:>6} {counts['coded']:>6} {counts['lost']:>5} "
                  f"{counts['events']:>7} {time.perf_counter() - t_set:>6.1f}")
    seconds = time.perf_counter() - t0
    print(f"{'all':<14} {total['texts']:>6} {total['read']:>6} {total['coded']:>6} {total['lost']:>5} "
          f"{total['events']:>7} {seconds:>6.1f}")
    print(f"lost articles: {total['lost']} of {total['texts']} ({total['lost'] / max(total['texts'], 1):.2%}); "
          f"{total['texts'] / seconds:.1f} texts/s; engine: {'full parse' if args.full else 'fast path'}")
    for line in lost[:50]:
        print("  lost", line)
    return 1 if total["lost"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
