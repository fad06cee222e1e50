"""Load test of `bedfellows serve` on loopback: 2,000 requests from 8 concurrent clients.

Starts a real uvicorn server (its own process) over a store of the coded
examples, then runs a bounded loop against /v1/events (varied filters and
cursor pages) and /v1/code (short texts), and prints median and p99 latency
and the error count for each. Usage:

    .venv/bin/python bench/http_bench.py [--db STORE] [--requests 2000] [--clients 8]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()

TEXTS = [
    "Iran said on Saturday it would cooperate with the United States against the militants.",
    "US forces bombed militant positions near Baghdad on Friday.",
    "The Iraqi government accused Syria of arming the rebels.",
    "Russia and China signed a trade agreement in Beijing on Monday.",
    "Israeli troops arrested three Palestinian protesters in Hebron.",
    "The United Nations urged both sides to resume talks.",
]
EVENT_QUERIES: list[dict[str, str | int]] = [
    {"limit": 50},
    {"actor": "IRN"},
    {"dyad": "IRN,USA"},
    {"quad_class": 4, "limit": 20},
    {"cameo_root": "19"},
    {"date_from": "2014-01-01", "date_to": "2014-12-31"},
    {"q": "Iraq", "limit": 10},
    {"country": "IRQ"},
]


def build_store(path: Path) -> None:
    """Code ../shared/examples with the real coder and write a store file."""
    from bedfellows.coder import code_articles
    from bedfellows.ingest.readers import read_inputs

    try:
        from bedfellows.store import Store
    except ImportError:
        sys.exit("bedfellows.store is not available; pass --db with an existing store")
    inputs = sorted(str(p) for p in (SHARED / "examples").glob("*.jsonl"))
    articles = [r.article for r in read_inputs(inputs, None) if r.article is not None]
    with Store(path) as store:
        store.add_batch(code_articles(articles))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import sys; from bedfellows.serve import serve; "
        "serve(sys.argv[1], '127.0.0.1', int(sys.argv[2]), warm_coder=True, log_level='warning')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(port)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/info", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("server did not start")


def run(
    base: str, n: int, clients: int, make: Callable[[httpx.Client, int], httpx.Response]
) -> tuple[list[float], list[str]]:
    """n requests shared by `clients` threads, each with its own keep-alive connection."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(n))

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                try:
                    r = make(client, i)
                    ok = r.status_code == 200
                    err = "" if ok else f"{r.status_code} {r.text[:100]}"
                except httpx.HTTPError as exc:
                    err = repr(exc)
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    if err:
                        errors.append(err)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def report(name: str, lat: list[float], errors: list[str], wall: float) -> dict[str, object]:
    q = statistics.quantiles(lat, n=100, method="inclusive")
    row = {
        "endpoint": name, "requests": len(lat), "errors": len(errors),
        "median_ms": round(statistics.median(lat) * 1000, 1), "p99_ms": round(q[98] * 1000, 1),
        "rps": round(len(lat) / wall, 1),
    }
    print(
        f"{name:12s} {row['requests']:5d} req  errors {row['errors']}  "
        f"median {row['median_ms']:7.1f} ms  p99 {row['p99_ms']:7.1f} ms  {row['rps']:7.1f} req/s"
    )
    for e in errors[:5]:
        print("   error:", e)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="store to serve (default: code ../shared/examples)")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "bench.duckdb"
            build_store(db)
        port = free_port()
        proc = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            first = httpx.get(base + "/v1/events", params={"limit": 500}, timeout=30).json()
            cursors = [None]
            page = httpx.get(base + "/v1/events", params={"limit": 5}, timeout=30).json()
            while page["next_cursor"] and len(cursors) < 20:
                cursors.append(page["next_cursor"])
                page = httpx.get(
                    base + "/v1/events", params={"limit": 5, "cursor": page["next_cursor"]}
                ).json()
            httpx.post(base + "/v1/code", json={"text": TEXTS[0]}, timeout=300)  # model loaded
            print(f"store: {first['count']} events; {args.requests} requests x {args.clients} clients")

            def events(c: httpx.Client, i: int) -> httpx.Response:
                params = dict(EVENT_QUERIES[i % len(EVENT_QUERIES)])
                cur = cursors[i % len(cursors)]
                if i % 3 == 0 and cur:
                    params = {"limit": 5, "cursor": cur}
                return c.get("/v1/events", params=params)

            def code(c: httpx.Client, i: int) -> httpx.Response:
                return c.post(
                    "/v1/code", json={"text": TEXTS[i % len(TEXTS)], "published": "2014-06-14"}
                )

            rows = []
            for name, fn in (("/v1/events", events), ("/v1/code", code)):
                t0 = time.perf_counter()
                lat, errs = run(base, args.requests, args.clients, fn)
                rows.append(report(name, lat, errs, time.perf_counter() - t0))
            print(json.dumps(rows))
            if any(r["errors"] for r in rows):
                sys.exit(1)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
