"""Load test of `bedfellows serve`: every call behind the dashboard, on a 50,000-event store.

Builds a synthetic store through the real Store (Arrow path): 50,000 events in
12,500 articles over five years, ~100 actors with a skewed activity (a few
very busy, many rare, as in news), 40 geolocated places, sentences with their
trigger. Starts a real uvicorn server (its own process) over it and runs

1. a cold pass: each distinct dashboard request once, on a fresh server (every
   answer computed, nothing cached), timed one by one;
2. a load pass: ``--requests`` requests from ``--clients`` concurrent
   keep-alive clients, drawn from the same requests (an analyst's clicks).

It prints median and p99 latency per endpoint for both and the error count,
against the 300 ms p99 target. ``--code`` adds the POST /v1/code load test
(needs the spaCy model). Usage:

    .venv/bin/python bench/http_bench.py [--events 50000] [--requests 3000] [--clients 8] [--db STORE] [--code]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

TARGET_MS = 300.0
COUNTRIES = [
    ("USA", "United States"), ("IRN", "Iran"), ("IRQ", "Iraq"), ("SYR", "Syria"), ("RUS", "Russia"),
    ("ISR", "Israel"), ("TUR", "Turkey"), ("SAU", "Saudi Arabia"), ("CHN", "China"), ("GBR", "United Kingdom"),
    ("FRA", "France"), ("EGY", "Egypt"), ("DEU", "Germany"), ("PAK", "Pakistan"), ("AFG", "Afghanistan"),
    ("IND", "India"), ("LBN", "Lebanon"), ("JOR", "Jordan"), ("YEM", "Yemen"), ("LBY", "Libya"),
    ("UKR", "Ukraine"), ("QAT", "Qatar"), ("ARE", "United Arab Emirates"), ("NGA", "Nigeria"), ("KEN", "Kenya"),
    ("ETH", "Ethiopia"), ("SDN", "Sudan"), ("SOM", "Somalia"), ("MLI", "Mali"), ("VEN", "Venezuela"),
    ("COL", "Colombia"), ("MEX", "Mexico"), ("BRA", "Brazil"), ("JPN", "Japan"), ("KOR", "South Korea"),
    ("PRK", "North Korea"), ("IDN", "Indonesia"), ("PHL", "Philippines"), ("MMR", "Myanmar"), ("THA", "Thailand"),
]
ROLES = [("GOV", "Government of"), ("MIL", "Military of"), ("OPP", "Opposition in")]
GROUPS = [("IMGMUSISI", "Islamic State"), ("IGOUNO", "United Nations"), ("IMGMUSHEZ", "Hezbollah"),
          ("IMGMUSTAL", "Taliban"), ("IGOEUREEC", "European Union")]
VERBS = [("036", 1, 4.0, "cooperate", "said it would cooperate with"), ("051", 1, 3.4, "praised", "praised"),
         ("043", 1, 2.8, "met", "met"), ("070", 2, 7.0, "sent", "sent aid to"),
         ("057", 1, 8.0, "signed", "signed an agreement with"), ("111", 3, -2.0, "criticised", "criticised"),
         ("112", 3, -2.0, "accused", "accused"), ("120", 3, -4.0, "rejected", "rejected the proposal of"),
         ("138", 3, -7.0, "threatened", "threatened"), ("173", 4, -5.0, "arrested", "arrested members of"),
         ("190", 4, -10.0, "attacked", "attacked"), ("195", 4, -10.0, "bombed", "bombed positions of")]
PLACES = [("Baghdad", "IRQ", 33.34, 44.40), ("Mosul", "IRQ", 36.34, 43.13), ("Tehran", "IRN", 35.69, 51.42),
          ("Damascus", "SYR", 33.51, 36.29), ("Aleppo", "SYR", 36.20, 37.16), ("Beirut", "LBN", 33.89, 35.50),
          ("Moscow", "RUS", 55.75, 37.62), ("Washington", "USA", 38.90, -77.04), ("New York", "USA", 40.71, -74.01),
          ("Ankara", "TUR", 39.93, 32.86), ("Riyadh", "SAU", 24.71, 46.68), ("Cairo", "EGY", 30.04, 31.24),
          ("Jerusalem", "ISR", 31.77, 35.21), ("Gaza", "PSE", 31.50, 34.47), ("Kabul", "AFG", 34.53, 69.17),
          ("Islamabad", "PAK", 33.68, 73.05), ("Beijing", "CHN", 39.90, 116.40), ("London", "GBR", 51.51, -0.13),
          ("Paris", "FRA", 48.86, 2.35), ("Berlin", "DEU", 52.52, 13.40), ("Kyiv", "UKR", 50.45, 30.52),
          ("Sanaa", "YEM", 15.37, 44.19), ("Tripoli", "LBY", 32.89, 13.19), ("Doha", "QAT", 25.29, 51.53),
          ("Abuja", "NGA", 9.08, 7.40), ("Nairobi", "KEN", -1.29, 36.82), ("Mogadishu", "SOM", 2.05, 45.32),
          ("Khartoum", "SDN", 15.50, 32.56), ("Bamako", "MLI", 12.64, -8.00), ("Caracas", "VEN", 10.48, -66.90),
          ("Bogota", "COL", 4.71, -74.07), ("Mexico City", "MEX", 19.43, -99.13), ("Tokyo", "JPN", 35.68, 139.69),
          ("Seoul", "KOR", 37.57, 126.98), ("Pyongyang", "PRK", 39.04, 125.76), ("Jakarta", "IDN", -6.21, 106.85),
          ("Manila", "PHL", 14.60, 120.98), ("Yangon", "MMR", 16.87, 96.20), ("Bangkok", "THA", 13.76, 100.50),
          ("Addis Ababa", "ETH", 9.03, 38.74)]


def actors() -> list[tuple[str, str, str | None]]:
    out = [(f"{iso}{code}", f"{label} {name}", iso) for iso, name in COUNTRIES for code, label in ROLES]
    return out + [(code, name, None) for code, name in GROUPS]


def make_store(path: Path, n_events: int, per_article: int = 4, seed: int = 17) -> int:
    """Write the synthetic store through Store.add_arrow_stream; returns the events stored."""
    import pyarrow as pa

    from bedfellows import __version__
    from bedfellows.records import Article
    from bedfellows.schema import EVENT_SCHEMA
    from bedfellows.store import Store

    rng = random.Random(seed)
    cast = actors()
    weights = [1.0 / (1 + rank) ** 1.1 for rank in range(len(cast))]  # a few busy, many rare
    n_articles = n_events // per_article
    batches = []
    for start in range(0, n_articles, 2500):
        arts: list[Article] = []
        rows: list[dict[str, Any]] = []
        for i in range(start, min(n_articles, start + 2500)):
            day = 1 + rng.randrange(5 * 365)
            date = time.strftime("%Y-%m-%d", time.gmtime(1262304000 + day * 86400))  # from 2010-01-01
            aid = f"a{i:07d}"
            sentences = []
            for k in range(per_article):
                src, tgt = rng.choices(cast, weights, k=2)
                while tgt == src:
                    tgt = rng.choices(cast, weights)[0]
                cameo, quad, gold, trigger, phrase = rng.choice(VERBS)
                place = rng.choice(PLACES) if rng.random() < 0.7 else None
                where = f" in {place[0]}" if place else ""
                sentence = f"The {src[1]} {phrase} the {tgt[1]}{where} on day {k}."
                offset = sum(len(s) + 1 for s in sentences)
                t0 = offset + sentence.index(trigger)
                sentences.append(sentence)
                rows.append({
                    "event_id": hashlib.sha1(f"{aid}\x1f{k}".encode()).hexdigest()[:20], "article_id": aid,
                    "sentence_index": k, "sentence": sentence,
                    "source_code": src[0], "source_name": src[1], "source_country": src[2], "source_text": src[1],
                    "target_code": tgt[0], "target_name": tgt[1], "target_country": tgt[2], "target_text": tgt[1],
                    "cameo": cameo, "cameo_root": cameo[:2], "quad_class": quad, "goldstein": gold,
                    "date": date, "date_basis": "published", "date_precision": "day",
                    "location_name": place[0] if place else None, "location_country": place[1] if place else None,
                    "location_lat": place[2] if place else None, "location_lon": place[3] if place else None,
                    "trigger": trigger, "span_start": offset, "span_end": offset + len(sentence),
                    "trigger_start": t0, "trigger_end": t0 + len(trigger),
                    "rule": f"bench:{cameo}", "modality": "asserted", "numbers": "[]", "coder_version": __version__,
                })
            arts.append(Article(id=aid, text=" ".join(sentences), published=date, title=f"Story {i}",
                                source=f"outlet{i % 30}"))
        table = pa.Table.from_pylist([{f.name: r.get(f.name) for f in EVENT_SCHEMA} for r in rows],
                                     schema=EVENT_SCHEMA)
        batches.append((arts, table))
    with Store(path, near_duplicates=False) as store:
        stored = int(store.add_arrow_stream(batches)["events"])
        store.con.execute("CHECKPOINT")
    return stored


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, warm_coder: bool) -> subprocess.Popen[bytes]:
    code = (
        "import sys; from bedfellows.serve import serve; "
        f"serve(sys.argv[1], '127.0.0.1', int(sys.argv[2]), warm_coder={warm_coder}, log_level='warning')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(port)])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/info", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("server did not start")


Request = tuple[str, str, dict[str, Any]]  # (endpoint name, path, params)


def dashboard_requests(base: str) -> list[Request]:
    """What the dashboard asks for as an analyst clicks through it (see frontend/src/main.js)."""
    info = httpx.get(base + "/v1/info").json()
    busiest = [a["key"] for a in httpx.get(base + "/v1/actors", params={"limit": 12}).json()]
    years = [str(y) for y in range(int(info["first_date"][:4]), int(info["last_date"][:4]) + 1)]
    page = httpx.get(base + "/v1/events", params={"limit": 200, "actor": busiest[0]}).json()
    some_events = [e["event_id"] for e in page["events"][::20]]
    some_articles = sorted({e["article_id"] for e in page["events"][::20]})
    cursor = page["next_cursor"]
    align = httpx.get(base + "/v1/alignments", params={"limit": 5}).json()
    evidence = sorted({i for r in align for rel in r["relations"] for i in rel["evidence"]})[:60]
    periods: list[dict[str, Any]] = [{}] + [{"date_from": f"{y}-01-01", "date_to": f"{y}-12-31"} for y in years]
    filters: list[dict[str, Any]] = [{}, {"quad_class": [3, 4]}, {"cameo": "19"}, {"q": "bombed"},
                                     {"country": "IRQ"}, {"actor": busiest[1]}, {"place": "Baghdad"}]
    reqs: list[Request] = [("info", "/v1/info", {})]
    for f in filters + periods[1:3]:
        reqs += [
            ("series", "/v1/series", {**f, "interval": "month", "fill": "true"}),
            ("network", "/v1/network", {**f, "group": "country", "top": 25, "limit": 75}),
            ("places", "/v1/places", {**f, "limit": 2000}),
            ("events", "/v1/events", {**f, "limit": 100}),
        ]
    for interval in ("day", "week", "year"):
        reqs.append(("series", "/v1/series", {"interval": interval, "fill": "true"}))
    for top in (10, 50, 100):
        reqs.append(("network", "/v1/network", {"group": "country", "top": top, "limit": 3 * top}))
    reqs.append(("network", "/v1/network", {"group": "code", "top": 25, "limit": 75}))
    listing = {"group": "country", "limit": 300, "max_evidence": 0, "max_relations": 3}
    for p in periods:
        reqs.append(("alignments", "/v1/alignments", {**p, **listing}))
    reqs.append(("alignments", "/v1/alignments", {**listing, "hostile_only": "true"}))
    for r in align[:3]:  # an alignment opened: the same list for one actor, with evidence ids
        reqs.append(("alignments", "/v1/alignments", {"group": "country", "members": ",".join(r["actors"]),
                                                       "kind": r["kind"], "max_evidence": 20, "max_relations": 3}))
    reqs.append(("actors", "/v1/actors", {"group": "country", "limit": 10000}))
    for text in ("ir", "united", "gov", "tali", "k"):
        reqs.append(("actors", "/v1/actors", {"match": text, "group": "country", "limit": 15}))
    for a in busiest[:6]:
        reqs += [
            ("partners", f"/v1/actors/{a}/partners", {"group": "country", "limit": 200}),
            ("series", "/v1/series", {"actor": a, "interval": "month", "fill": "true"}),
            ("places", "/v1/places", {"actor": a, "limit": 2000}),
            ("events", "/v1/events", {"actor": a, "limit": 100}),
        ]
    for a, b in zip(busiest[:6], busiest[1:7], strict=False):
        for interval in ("month", "week"):
            reqs.append(("timeline", "/v1/timeline", {"a": a, "b": b, "interval": interval, "fill": "true"}))
        reqs.append(("events", "/v1/events", {"dyad": f"{a},{b}", "limit": 100}))
        reqs.append(("places", "/v1/places", {"dyad": f"{a},{b}", "limit": 2000}))
    if cursor:
        reqs.append(("events", "/v1/events", {"actor": busiest[0], "limit": 100, "cursor": cursor}))
    for i in range(0, len(evidence), 20):
        reqs.append(("events", "/v1/events", {"event_id": evidence[i : i + 20], "limit": 500}))
    for e in some_events:
        reqs.append(("event", f"/v1/events/{e}", {}))
    for art in some_articles:
        reqs.append(("article", f"/v1/articles/{art}", {}))
    reqs.append(("export", "/v1/export/events", {"format": "csv", "actor": busiest[3], "cameo": "19"}))
    reqs.append(("export", "/v1/export/network", {"group": "country", "top": 25, "limit": 75}))
    return reqs


def run(
    base: str, n: int, clients: int, make: Callable[[httpx.Client, int], tuple[str, httpx.Response]]
) -> tuple[dict[str, list[float]], list[str]]:
    """n requests shared by `clients` threads, each with its own keep-alive connection."""
    latencies: dict[str, list[float]] = defaultdict(list)
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
                    name, r = make(client, i)
                    err = "" if r.status_code == 200 else f"{name} {r.status_code} {r.text[:100]}"
                except httpx.HTTPError as exc:
                    name, err = "error", repr(exc)
                took = time.perf_counter() - t0
                with lock:
                    latencies[name].append(took)
                    if err:
                        errors.append(err)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def summary(label: str, lat: dict[str, list[float]], errors: list[str]) -> list[dict[str, Any]]:
    rows = []
    print(f"\n{label}")
    print(f"  {'endpoint':12s} {'requests':>8s} {'median ms':>10s} {'p99 ms':>8s} {'max ms':>8s}")
    for name in sorted(lat):
        xs = sorted(lat[name])
        p99 = statistics.quantiles(xs, n=100, method="inclusive")[98] if len(xs) > 1 else xs[0]
        row = {"pass": label.split()[0], "endpoint": name, "requests": len(xs),
               "median_ms": round(statistics.median(xs) * 1000, 1), "p99_ms": round(p99 * 1000, 1),
               "max_ms": round(xs[-1] * 1000, 1)}
        rows.append(row)
        flag = "" if row["p99_ms"] < TARGET_MS else f"  over the {TARGET_MS:.0f} ms target"
        print(f"  {name:12s} {len(xs):8d} {row['median_ms']:10.1f} {row['p99_ms']:8.1f} {row['max_ms']:8.1f}{flag}")
    every = sorted(x for xs in lat.values() for x in xs)
    p99_all = statistics.quantiles(every, n=100, method="inclusive")[98] * 1000
    print(f"  all: {len(every)} requests, p99 {p99_all:.1f} ms, errors {len(errors)}")
    for e in errors[:5]:
        print("   error:", e)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="store to serve (default: a synthetic store of --events events)")
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--code", action="store_true", help="also load-test POST /v1/code (needs the spaCy model)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "bench.duckdb"
            t0 = time.perf_counter()
            stored = make_store(db, args.events)
            print(f"store: {stored:,} synthetic events written in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        proc = start_server(db, port, warm_coder=args.code)
        base = f"http://127.0.0.1:{port}"
        try:
            t0 = time.perf_counter()
            reqs = dashboard_requests(base)
            print(f"{len(reqs)} distinct dashboard requests (listing them took {time.perf_counter() - t0:.1f} s)")
            # a fresh server for the cold pass: nothing computed yet
            proc.terminate()
            proc.wait(timeout=10)
            proc = start_server(db, port, warm_coder=args.code)
            t0 = time.perf_counter()
            while httpx.get(base + "/v1/info").json().get("warming") and time.perf_counter() - t0 < 300:
                time.sleep(0.2)
            print(f"the server computed its opening view (and each year's alignments) in "
                  f"{time.perf_counter() - t0:.1f} s after start")
            cold: dict[str, list[float]] = defaultdict(list)
            cold_errors: list[str] = []
            with httpx.Client(base_url=base, timeout=120) as client:
                for name, path, params in reqs:
                    t0 = time.perf_counter()
                    r = client.get(path, params=params)
                    cold[name].append(time.perf_counter() - t0)
                    if r.status_code != 200:
                        cold_errors.append(f"{name} {r.status_code} {r.text[:100]}")
            rows = summary("cold (each request once, first time)", cold, cold_errors)
            # analyses of a period nobody asked for yet: computed on the spot, not precomputed
            fresh: dict[str, list[float]] = defaultdict(list)
            with httpx.Client(base_url=base, timeout=120) as client:
                periods_new = [("2011-03-01", "2011-08-31"), ("2012-07-01", "2013-06-30"), ("2013-02-01", "2014-01-31")]
                for lo, hi in periods_new:
                    for name, path, params in (
                        ("alignments", "/v1/alignments",
                         {"date_from": lo, "date_to": hi, "limit": 300, "max_evidence": 0, "max_relations": 3}),
                        ("network", "/v1/network", {"date_from": lo, "date_to": hi, "top": 25, "limit": 75}),
                        ("series", "/v1/series", {"date_from": lo, "date_to": hi, "interval": "week"}),
                    ):
                        t0 = time.perf_counter()
                        r = client.get(path, params=params)
                        fresh[name].append(time.perf_counter() - t0)
                        if r.status_code != 200:
                            cold_errors.append(f"{name} {r.status_code} {r.text[:100]}")
            rows += summary("new-period (3 periods not asked for before)", fresh, [])
            rng = random.Random(3)
            picks = [rng.randrange(len(reqs)) for _ in range(args.requests)]

            def dashboard(c: httpx.Client, i: int) -> tuple[str, httpx.Response]:
                name, path, params = reqs[picks[i]]
                return name, c.get(path, params=params)

            lat, errs = run(base, args.requests, args.clients, dashboard)
            rows += summary(f"load ({args.requests} requests, {args.clients} clients)", lat, errs)
            if args.code:
                texts = ["Iran said on Saturday it would cooperate with the United States against the militants.",
                         "US forces bombed militant positions near Baghdad on Friday."]
                httpx.post(base + "/v1/code", json={"text": texts[0]}, timeout=300)  # model loaded

                def code(c: httpx.Client, i: int) -> tuple[str, httpx.Response]:
                    return "code", c.post("/v1/code", json={"text": texts[i % 2], "published": "2014-06-14"})

                lat, more = run(base, 200, args.clients, code)
                rows += summary("code (POST /v1/code, 200 requests)", lat, more)
                errs += more
            print(json.dumps(rows))
            if cold_errors or errs:
                sys.exit(1)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
