"""Serving while `bedfellows ingest` writes: counts grow, no request fails, no partial read."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from bedfellows.serve.queries import ReadOnlyStore
from bedfellows.store import Store

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


@pytest.mark.model
def test_ingest_while_serving(tmp_path: Path) -> None:
    articles, events = make_corpus(6)
    db = build_store(tmp_path / "live.duckdb", articles, events)
    statuses: list[int] = []
    counts: list[int] = []
    stop = threading.Event()

    def poll(base: str) -> None:
        calls = ["/v1/info", "/v1/events?limit=50", "/v1/network?top=25", "/v1/series?interval=month"]
        with httpx.Client(base_url=base, timeout=30) as client:
            while not stop.is_set():
                for path in calls:
                    r = client.get(path)
                    statuses.append(r.status_code)
                    if path == "/v1/info" and r.status_code == 200:
                        counts.append(r.json()["events"])
                time.sleep(0.05)

    with running_server(db) as base:
        first = httpx.get(base + "/v1/info").json()["events"]
        poller = threading.Thread(target=poll, args=(base,), daemon=True)
        poller.start()
        expected = first
        try:
            for n, batch in enumerate(BATCHES):
                source = _write_batch(tmp_path / f"batch{n}.jsonl", batch)
                done = subprocess.run(
                    [sys.executable, "-m", "bedfellows", "ingest", str(source), "--db", str(db), "--json", "-q"],
                    capture_output=True,
                    text=True,
                    timeout=600,
                )
                assert done.returncode == 0, done.stderr[-500:]
                expected += json.loads(done.stdout)["events"]
                deadline = time.monotonic() + 30
                while httpx.get(base + "/v1/info").json()["events"] != expected:
                    assert time.monotonic() < deadline, f"the server did not pick up batch {n}"
                    time.sleep(0.2)
        finally:
            stop.set()
            poller.join(timeout=30)
    assert expected > first
    assert statuses and all(s == 200 for s in statuses), sorted(set(statuses))
    assert counts == sorted(counts)  # never a step back, never a partial state
    assert counts[-1] == expected
    assert len(set(counts)) >= 3  # it grew while being served, batch after batch
    with Store(db, read_only=True) as store:
        assert store.counts()["events"] == expected
