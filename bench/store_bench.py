"""Store benchmark (issue 5): 1,000,000 synthetic events in, a dyad timeline out.

    .venv/bin/python bench/store_bench.py [--events 1000000] [--per-article 5] [--db PATH]

Generates articles and events (Arrow, EVENT_SCHEMA), stores them through
Store.add_arrow_stream in batches (the Arrow fast path: whole articles per
transaction, near-duplicate signatures included), then times dyad queries.
Also times the record path (Store.add_batch with Event objects) on a slice.
Targets: >= 20,000 events/s stored; dyad timeline < 1 s.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from bedfellows import __version__
from bedfellows.aggregate import dyads
from bedfellows.coder import CodingResult
from bedfellows.records import Article
from bedfellows.schema import EVENT_SCHEMA, row_to_event
from bedfellows.store import Store

ACTORS = [("IRNGOV", "IRN"), ("USAGOV", "USA"), ("USAMIL", "USA"), ("IMGMUSISI", None),
          ("IRQGOV", "IRQ"), ("IRQMIL", "IRQ"), ("RUSGOV", "RUS"), ("SYRGOV", "SYR"),
          ("ISRGOV", "ISR"), ("TURGOV", "TUR"), ("SAUGOV", "SAU"), ("IGOUNO", None),
          ("CHNGOV", "CHN"), ("GBRGOV", "GBR"), ("FRAGOV", "FRA"), ("EGYGOV", "EGY")]
CAMEO = [("036", 1, 4.0), ("051", 1, 3.4), ("070", 2, 7.0), ("111", 3, -2.0),
         ("120", 3, -4.0), ("190", 4, -10.0), ("040", 1, 1.0), ("173", 4, -5.0)]
WORDS = np.array("the minister said forces talks border aid strike city troops envoy oil "
                 "nuclear deal sanctions rebels meeting capital ceasefire vote".split())


def make_batch(start: int, n_articles: int, per: int, rng: np.random.Generator
               ) -> tuple[list[Article], pa.Table]:
    """``n_articles`` articles of ~60 words and ``per`` events each, as Arrow."""
    arts = []
    days = rng.integers(0, 3650, n_articles)
    base = np.datetime64("2010-01-01")
    dates = [str(base + int(d)) for d in days]
    for k in range(n_articles):
        i = start + k
        words = " ".join(WORDS[rng.integers(0, len(WORDS), 60)])
        arts.append(Article(id=f"b{i:08d}", text=f"Story {i} {words}", published=dates[k],
                            source=f"outlet{i % 50}"))
    n = n_articles * per
    art_idx = np.repeat(np.arange(n_articles), per)
    src = rng.integers(0, len(ACTORS), n)
    tgt = (src + rng.integers(1, len(ACTORS), n)) % len(ACTORS)
    cam = rng.integers(0, len(CAMEO), n)
    aid = [arts[j].id for j in art_idx]
    sent = np.tile(np.arange(per), n_articles)
    eid = [hashlib.sha1(f"{a}\x1f{s}".encode()).hexdigest()[:20] for a, s in zip(aid, sent, strict=True)]
    cols = {
        "event_id": eid, "article_id": aid, "sentence_index": sent.astype(np.int32),
        "sentence": [f"Sentence {s} of {a}." for a, s in zip(aid, sent, strict=True)],
        "source_code": [ACTORS[j][0] for j in src], "source_name": [ACTORS[j][0] for j in src],
        "source_country": [ACTORS[j][1] for j in src], "source_text": [ACTORS[j][0] for j in src],
        "target_code": [ACTORS[j][0] for j in tgt], "target_name": [ACTORS[j][0] for j in tgt],
        "target_country": [ACTORS[j][1] for j in tgt], "target_text": [ACTORS[j][0] for j in tgt],
        "cameo": [CAMEO[j][0] for j in cam], "cameo_root": [CAMEO[j][0][:2] for j in cam],
        "quad_class": np.array([CAMEO[j][1] for j in cam], dtype=np.int8),
        "goldstein": np.array([CAMEO[j][2] for j in cam]),
        "date": [dates[j] for j in art_idx], "date_basis": ["published"] * n,
        "date_precision": ["day"] * n, "trigger": ["verb"] * n,
        "span_start": np.zeros(n, np.int32), "span_end": np.full(n, 20, np.int32),
        "rule": ["bench"] * n, "modality": ["asserted"] * n, "coder_version": [__version__] * n,
    }
    table = pa.table({f.name: cols.get(f.name, pa.nulls(n, f.type)) for f in EVENT_SCHEMA},
                     schema=EVENT_SCHEMA)
    return arts, table


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--per-article", type=int, default=5)
    ap.add_argument("--batch-articles", type=int, default=10_000)
    ap.add_argument("--db", type=Path, default=None)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "bench.duckdb"
    rng = np.random.default_rng(7)
    n_articles = args.events // args.per_article

    t0 = time.perf_counter()
    batches = [make_batch(s, min(args.batch_articles, n_articles - s), args.per_article, rng)
               for s in range(0, n_articles, args.batch_articles)]
    gen = time.perf_counter() - t0
    n_events = sum(t.num_rows for _, t in batches)
    print(f"generated {n_events:,} events in {n_articles:,} articles: {gen:.1f} s")

    store = Store(db)
    t0 = time.perf_counter()
    stored = store.add_arrow_stream(batches)["events"]  # pipelined: plan N+1 while N writes
    store.con.execute("CHECKPOINT")
    dt_store = time.perf_counter() - t0
    print(f"stored {stored:,} events (Arrow batches of {args.batch_articles:,} articles, "
          f"near-duplicate check on): {dt_store:.1f} s = {stored / dt_store:,.0f} events/s "
          f"(target >= 20,000)")

    # the record path: Event objects -> events_to_table -> store
    arts, table = make_batch(10**8, 20_000, args.per_article, rng)
    rows = table.to_pylist()
    by_art: dict[str, list] = {}
    for r in rows:
        by_art.setdefault(r["article_id"], []).append(row_to_event(r))
    results = [CodingResult(a, by_art[a.id]) for a in arts]
    t0 = time.perf_counter()
    got = store.add_batch(results, batch_size=2000)["events"]
    dt_rec = time.perf_counter() - t0
    print(f"record path (add_batch of Event objects): {got:,} events in {dt_rec:.1f} s = "
          f"{got / dt_rec:,.0f} events/s")

    for label, kwargs in [
        ("dyad timeline, all dyads per month", {"period": "month"}),
        ("dyad timeline, all dyads per week, code level", {"period": "week",
                                                           "actor_level": "code"}),
        ("dyad totals, one year", {"period": None, "start": "2014-01-01", "end": "2014-12-31"}),
    ]:
        t0 = time.perf_counter()
        df = dyads(store, **kwargs)  # type: ignore[arg-type]
        print(f"{label}: {len(df):,} rows in {time.perf_counter() - t0:.3f} s (target < 1 s)")
    t0 = time.perf_counter()
    one = store.query(
        "SELECT strftime(date_trunc('month', CAST(date AS DATE)), '%Y-%m') AS month, "
        "count(*) AS events, sum(goldstein) AS goldstein FROM events "
        "WHERE source_country = 'IRN' AND target_country = 'USA' GROUP BY 1 ORDER BY 1")
    print(f"one dyad (IRN->USA) monthly timeline: {len(one)} months in "
          f"{time.perf_counter() - t0:.3f} s")
    print(f"store file: {db.stat().st_size / 1e6:,.0f} MB")
    store.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
