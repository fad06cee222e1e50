"""Serving while `bedfellows ingest` writes: counts grow, no request fails, no partial read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from bedfellows.serve.live import Snapshots
from bedfellows.serve.queries import ReadOnlyStore
from bedfellows.store import Store
from bedfellows.store.db import published_path

from .browser import running_server
from .corpus import build_store, make_corpus

pytestmark = [pytest.mark.slow]

# Our own sentences, three small batches for three ingest runs.
BATCHES = [
    [
        ("live-1", "2015-03-02", "Turkish troops attacked Kurdish militants near the Syrian border on Monday."),
        ("live-2", "2015-03-04", "Russia and China signed a trade agreement in Beijing on Wednesday."),
    ],
    [
        ("live-3", "2015-04-07", "The Iraqi government accused Syria of arming the rebels on Tuesday."),
        ("live-4", "2015-04-09", "Egyptian police arrested dozens of protesters in Cairo on Thursday."),
    ],
    [
        ("live-5", "2015-05-11", "Israel and Jordan agreed to share water from the river on Monday."),
        ("live-6", "2015-05-13", "Pakistani forces bombed militant hideouts near the Afghan border on Wednesday."),
    ],
]


def _write_batch(path: Path, batch: list[tuple[str, str, str]]) -> Path:
    lines = [json.dumps({"id": i, "published": d, "title": i, "text": t}) for i, d, t in batch]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_snapshot_refresh_follows_a_writer(tmp_path: Path) -> None:
    """The reader holds no lock between snapshots: a writer gets in, and the reader then sees
    exactly what it committed."""
    articles, events = make_corpus(4)
    db = build_store(tmp_path / "s.duckdb", articles[:2], [e for e in events if e.article_id in {"art-000", "art-001"}])
    reader = ReadOnlyStore(db, live=True)
    try:
        before = reader.info()["events"]
        assert reader.refresh() is False  # nothing changed
        with Store(db, near_duplicates=False) as writer:  # would fail if the reader held the file
            for a in articles[2:]:
                writer.add_coded(a, [e for e in events if e.article_id == a.id])
            assert reader.info()["events"] == before  # nothing half-written is read
        assert reader.refresh() is True
        assert reader.info()["events"] == len(events) > before
        assert reader.generation == 1
        assert reader.current_path != db and reader.current_path.is_file()
    finally:
        reader.close()
    assert not reader.current_path.exists()  # the copies go with the reader


def test_a_writer_publishes_what_it_committed(tmp_path: Path) -> None:
    """While a writer holds the store, the reader serves the writer's publications: the counts
    grow within one writer session, never step back, and a stale publication is never served."""
    articles, events = make_corpus(6)

    def of(a: object) -> list:
        return [e for e in events if e.article_id == a.id]  # type: ignore[attr-defined]

    db = build_store(tmp_path / "s.duckdb", articles[:1], of(articles[0]))
    reader = ReadOnlyStore(db, live=True)
    seen = [reader.info()["events"]]
    try:
        with Store(db, near_duplicates=False, publish_every=0.01) as writer:
            assert not published_path(db).exists()  # nothing committed yet: nothing published
            for a in articles[1:4]:
                # the interval is at least ten times what the last copy took
                time.sleep(max(0.0, writer._next_publish - time.monotonic()) + 0.01)
                writer.add_coded(a, of(a))  # a commit, then a publication (the interval passed)
                assert published_path(db).exists()
                assert reader.refresh() is True  # the writer still holds the file
                assert reader.snapshot.published
                seen.append(reader.info()["events"])
            assert writer.published == 3
            assert reader.refresh() is False  # nothing newer published: the same snapshot
            with pytest.raises(duckdb.Error):  # the store itself is still the writer's
                duckdb.connect(str(db), read_only=True)
        assert not published_path(db).exists()  # the store is free again: the copy goes
        assert reader.refresh() is True and not reader.snapshot.published
        seen.append(reader.info()["events"])
    finally:
        reader.close()
    assert seen == sorted(seen) and len(set(seen)) == 4
    assert seen[-1] == sum(len(of(a)) for a in articles[:4])

    # a publication left by a killed run is older than the store: never served over it
    stale = tmp_path / "stale.duckdb"
    shutil.copyfile(db, stale)
    snaps = Snapshots(db)
    try:
        current = snaps.take(wait=1)
        assert current is not None
        time.sleep(0.01)
        shutil.copyfile(stale, published_path(db))
        os.utime(published_path(db), ns=(current.floor - 10**9, current.floor - 10**9))
        with Store(db, near_duplicates=False, publish_every=60):  # holds the lock, publishes nothing
            assert not published_path(db).exists()  # the writer removes the stale copy at once
            shutil.copyfile(stale, published_path(db))
            os.utime(published_path(db), ns=(current.floor - 10**9, current.floor - 10**9))
            assert snaps.take(wait=0.2, after=current) is None
    finally:
        snaps.close()
        published_path(db).unlink(missing_ok=True)


def test_publish_every_zero_publishes_nothing(tmp_path: Path) -> None:
    articles, events = make_corpus(2)
    db = tmp_path / "s.duckdb"
    with Store(db, near_duplicates=False) as writer:  # the default of the library: off
        for a in articles:
            writer.add_coded(a, [e for e in events if e.article_id == a.id])
        assert writer.published == 0 and not published_path(db).exists()


@pytest.mark.model
def test_ingest_while_serving(tmp_path: Path) -> None:
    """One long `bedfellows ingest` while the dashboard's calls poll the server: the counts grow
    while that single run is still going, every answer is a 200, none steps back."""
    articles, events = make_corpus(6)
    db = build_store(tmp_path / "live.duckdb", articles, events)
    statuses: list[int] = []
    counts: list[tuple[float, int]] = []  # (when, events served)
    stop = threading.Event()

    def poll(base: str) -> None:
        calls = ["/v1/info", "/v1/events?limit=50", "/v1/network?top=25", "/v1/series?interval=month",
                 "/v1/alignments?limit=20"]
        with httpx.Client(base_url=base, timeout=30) as client:
            while not stop.is_set():
                for path in calls:
                    r = client.get(path)
                    statuses.append(r.status_code)
                    if path == "/v1/info" and r.status_code == 200:
                        counts.append((time.monotonic(), r.json()["events"]))
                time.sleep(0.05)

    # many distinct articles (no near-duplicates), fed a batch at a time through a pipe: the
    # test sets the pace, so the run lasts several publications on a fast machine or a slow one
    lines = []
    for n in range(480):
        aid, day, text = BATCHES[n % len(BATCHES)][n % 2]
        lines.append(json.dumps({"id": f"{aid}-{n}", "published": day, "title": aid,
                                 "text": f"{text} Officials gave the figure {n * 7 + 3} in report {n}."}))

    def served() -> int:
        return int(httpx.get(base + "/v1/info", timeout=30).json()["events"])

    with running_server(db) as base:
        first = served()
        poller = threading.Thread(target=poll, args=(base,), daemon=True)
        poller.start()
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "bedfellows", "ingest", "-", "--db", str(db), "--json", "-q",
                 "--no-dedupe", "--batch-size", "8", "--publish-every", "0.5"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            assert proc.stdin is not None
            grown: list[int] = []  # each new count the server showed while input was still coming
            fed = 0
            deadline = time.monotonic() + 600
            while len(grown) < 3 and fed < len(lines):
                proc.stdin.write("\n".join(lines[fed:fed + 8]) + "\n")
                proc.stdin.flush()
                fed += 8
                time.sleep(0.3)
                now = served()
                if now > (grown[-1] if grown else first):
                    grown.append(now)
                assert proc.poll() is None and time.monotonic() < deadline, "the run ended early"
            # a last batch after them, then the end of the input
            out, err = proc.communicate("\n".join(lines[fed:fed + 8]) + "\n", timeout=900)
            ended = time.monotonic()
            assert proc.returncode == 0, err[-500:]
            expected = first + json.loads(out)["events"]
            assert len(grown) == 3 and grown[-1] < expected, (grown, expected)
            deadline = time.monotonic() + 30
            while served() != expected:
                assert time.monotonic() < deadline, "the server did not pick up the end of the run"
                time.sleep(0.2)
            time.sleep(0.5)
        finally:
            stop.set()
            poller.join(timeout=30)
    values = [n for _, n in counts]
    during = sorted({n for t, n in counts if t < ended})
    assert expected > first
    assert statuses and all(s == 200 for s in statuses), sorted(set(statuses))
    assert values == sorted(values)  # never a step back, never a partial state
    assert values[-1] == expected
    # it grew while the one run was still going, publication after publication
    assert len([n for n in during if first < n]) >= 2, during
    assert any(first < n < expected for n in during), during
    with Store(db, read_only=True) as store:
        assert store.counts()["events"] == expected
    assert not published_path(db).exists()
