"""The ingest summary counts what the store holds: an id given twice counts its events once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bedfellows.store import Store, ingest

pytestmark = pytest.mark.model

LONG = "Israeli jets struck Hamas targets in Gaza on Sunday. Iran and Iraq signed an agreement in Baghdad on Monday."
SHORT = "Israeli jets struck Hamas targets in Gaza on Sunday."


def test_duplicated_id_counts_the_stored_events(tmp_path: Path) -> None:
    src = tmp_path / "dup.jsonl"
    rows = [{"id": "dup", "published": "2014-07-14", "text": t} for t in (LONG, LONG, SHORT)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    summary = ingest([str(src)], tmp_path / "d.duckdb", near_duplicates=False)
    with Store(tmp_path / "d.duckdb", read_only=True) as s:
        stored = int(s.query("SELECT count(*) AS n FROM events")["n"][0])
    assert stored >= 1
    assert summary.events == stored
    assert (summary.added, summary.unchanged, summary.replaced) == (1, 1, 1)


def test_lone_surrogates_are_stored_cleaned_not_an_aborted_run(tmp_path: Path) -> None:
    src = tmp_path / "sur.jsonl"
    src.write_bytes(
        b'{"id": "s\\ud800", "published": "2014-07-14", "text": "' + SHORT.encode() + b' \\udfff"}\n'
        + json.dumps({"id": "plain", "published": "2014-07-14", "text": SHORT}).encode() + b"\n"
    )
    summary = ingest([str(src)], tmp_path / "s.duckdb", near_duplicates=False)
    assert summary.added == 2
    assert [p.code for p in summary.problems] == ["E110"]
    with Store(tmp_path / "s.duckdb", read_only=True) as s:
        ids = sorted(s.query("SELECT article_id FROM articles")["article_id"])
    assert ids == ["plain", "s\ufffd"]


def test_progress_estimate_never_opens_a_fifo_or_holds_a_long_line(tmp_path: Path) -> None:
    import os
    import threading

    from bedfellows.store.ingest import estimate_articles

    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    one_line = tmp_path / "cr.jsonl"
    one_line.write_bytes(b"\r".join(json.dumps({"id": str(i), "text": SHORT}).encode() for i in range(5)))
    got: list[int] = []
    worker = threading.Thread(target=lambda: got.append(estimate_articles([str(fifo), str(one_line)])), daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "estimate_articles blocked on a FIFO"
    assert got == [1 + 5]
