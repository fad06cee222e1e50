"""Scale figures: 2 processes against 1, and memory while streaming many articles.

    .venv/bin/python bench/scale_bench.py --compare 1000      # ingest with --processes 1 and 2
    .venv/bin/python bench/scale_bench.py --memory 100000     # RSS at every 10k articles
    .venv/bin/python bench/scale_bench.py --code-memory 100000 [--processes 2]   # the same for `code`

Both build their corpus with ``bedfellows.scale.synthetic`` (our own template
sentences) into a temporary JSONL file and run the real ``ingest`` (reading,
coding, Parquet shards, DuckDB). ``--memory`` uses short articles (1-3
sentences) so 100,000 finish in reasonable time, the single-process engine,
and no near-duplicate index (templated text would mostly be "copies", which
are never coded); RSS is the driver process (it codes and writes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bedfellows.scale import ingest_parallel, run_ingest
from bedfellows.scale.synthetic import synthetic_articles


def write_corpus(path: Path, n: int, **kw: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for a in synthetic_articles(n, seed=3, **kw):
            fh.write(json.dumps({"id": a.id, "text": a.text, "published": a.published}) + "\n")
    return path


def compare(n: int, fast: bool | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "c.jsonl", n)
        rows = []
        for procs in (1, 2):
            first: list[float] = []

            def mark(_m: dict[str, object], first: list[float] = first) -> None:
                if not first:
                    first.append(time.perf_counter())

            t0 = time.perf_counter()
            s = ingest_parallel([str(corpus)], Path(tmp) / f"p{procs}.duckdb", engine="processes",
                                processes=procs, fast=fast, near_duplicates=False, partition_size=32,
                                on_partition=mark)
            total = time.perf_counter() - t0
            steady = total - (first[0] - t0) if first else total
            rows.append((procs, total, steady, s.events))
        print(f"\n== ingest of {n} synthetic articles, processes engine (fast={fast})")
        print(f"{'processes':>10}{'wall s':>9}{'articles/s':>12}{'after 1st shard/s':>19}{'events':>8}")
        for procs, total, steady, ev in rows:
            print(f"{procs:>10}{total:9.1f}{n / total:12.1f}{(n - 32) / steady:19.1f}{ev:>8}")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"speed-up 2 vs 1: {rows[0][1] / rows[1][1]:.2f}x wall, "
              f"{rows[0][2] / rows[1][2]:.2f}x after model loading")


def memory(n: int, fast: bool | None) -> None:
    proc = psutil.Process(os.getpid())
    marks: list[tuple[int, float, float]] = []
    t0 = time.perf_counter()
    step = max(n // 10, 1)

    def progress(done: int, total: int) -> None:
        if done // step > len(marks) - 1 or not marks:
            marks.append((done, proc.memory_info().rss / 2**20, time.perf_counter() - t0))
            print(f"{done:>8} articles  RSS {marks[-1][1]:7.0f} MB  {marks[-1][2]:7.0f} s", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "m.jsonl", n, min_sents=1, max_sents=3)
        print(f"== streaming {n} short articles (1-3 sentences) through ingest, one process (fast={fast})")
        s = run_ingest([str(corpus)], Path(tmp) / "m.duckdb", fast=fast, near_duplicates=False,
                       progress=progress, batch_size=64)
    peak = proc.memory_info().rss / 2**20
    hwm = _peak_mb()
    print(f"done: {s.articles_read} articles, {s.events} events, {s.seconds:.0f} s "
          f"({s.articles_per_second:.0f} articles/s); RSS at end {peak:.0f} MB, peak (VmHWM) {hwm:.0f} MB")
    by = {m[0] // step * step: m[1] for m in marks}
    if step in by and n in by:
        print(f"RSS at {step}: {by[step]:.0f} MB, at {n}: {by[n]:.0f} MB")


def code_memory(n: int, processes: int) -> None:
    """RSS of ``bedfellows code`` (the function under the command) streaming ``n`` short articles,
    with its worker processes when ``processes`` > 1 (their RSS summed with the driver's)."""
    from bedfellows.cli.code_cmd import code_inputs

    proc = psutil.Process(os.getpid())
    step = max(n // 10, 1)
    t0 = time.perf_counter()

    def rss() -> float:
        total = proc.memory_info().rss
        for child in proc.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return total / 2**20

    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "m.jsonl", n, min_sents=1, max_sents=3)
        print(f"== streaming {n} short articles (1-3 sentences) through code, {processes} process(es)")
        seen = [0]

        def on_article(summary: object) -> None:
            seen[0] += 1
            if seen[0] % step == 0:
                print(f"{seen[0]:>8} articles  RSS {rss():7.0f} MB  {time.perf_counter() - t0:7.0f} s", flush=True)

        events, summary = code_inputs([str(corpus)], on_article=on_article, processes=processes)
        written = sum(1 for _ in events)
    print(f"done: {summary.articles_coded} articles, {written} events, {time.perf_counter() - t0:.0f} s; "
          f"driver peak (VmHWM) {_peak_mb():.0f} MB")


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--compare", type=int, default=0, metavar="N", help="articles for --processes 1 vs 2")
    ap.add_argument("--memory", type=int, default=0, metavar="N", help="articles to stream for RSS")
    ap.add_argument("--code-memory", type=int, default=0, metavar="N", help="articles to stream through code")
    ap.add_argument("--processes", type=int, default=1, help="worker processes for --code-memory")
    ap.add_argument("--fast", action=argparse.BooleanOptionalAction, default=None)
    args = ap.parse_args()
    if args.code_memory:
        code_memory(args.code_memory, args.processes)
        return 0
    if not args.compare and not args.memory:
        args.compare = 1000
    if args.compare:
        compare(args.compare, args.fast)
    if args.memory:
        memory(args.memory, args.fast)
    return 0


if __name__ == "__main__":
    sys.exit(main())
