"""A damaged store file: one clear E403 line (corrupt, never "locked"), 503 from the API, no network."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bedfellows.coder import CodingResult
from bedfellows.errors import StoreError
from bedfellows.serve.app import create_app
from bedfellows.store import Store
from bedfellows.store.db import connect

from .corpus import corpus, synthetic_events

BF = [sys.executable, "-m", "bedfellows"]


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose catalogue opens but whose event data blocks are overwritten."""
    folder = tmp_path_factory.mktemp("damaged")
    good = folder / "good.duckdb"
    with Store(good, near_duplicates=False) as s:
        s.add_batch(CodingResult(a, synthetic_events(a)) for a in corpus(3000))
    data = good.read_bytes()
    for frac in (0.9, 0.8, 0.7, 0.6, 0.5):
        bad = folder / f"bad{int(frac * 100)}.duckdb"
        at = int(len(data) * frac)
        bad.write_bytes(data[:at] + b"\xa5" * 65536 + data[at + 65536 :])
        try:
            Store(bad, read_only=True).close()
        except StoreError:
            continue
        return bad
    pytest.skip("every damaged copy already fails to open (covered by test_damaged_header_is_corrupt)")


def test_damaged_blocks_are_corrupt_not_locked(damaged: Path) -> None:
    with Store(damaged, read_only=True) as s, pytest.raises(StoreError) as info:
        s.events()
    assert "is corrupt" in str(info.value) and "locked" not in str(info.value)


def test_export_on_a_damaged_store_is_one_line(damaged: Path, tmp_path: Path) -> None:
    run = subprocess.run(
        [*BF, "export", "--db", str(damaged), "--format", "csv", "-o", str(tmp_path / "out.csv")],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 5  # a corrupt store (E403), README "Exit status"
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "[E403]" in lines[0] and "is corrupt" in lines[0], run.stderr


def test_api_answers_503_with_a_sentence(damaged: Path) -> None:
    with TestClient(create_app(damaged)) as client:
        r = client.get("/v1/events", params={"limit": 500})
        pages = 0
        while r.status_code == 200 and r.json().get("next_cursor") and pages < 50:
            r = client.get("/v1/events", params={"limit": 500, "cursor": r.json()["next_cursor"]})
            pages += 1
        statuses = {r.status_code, client.get("/v1/dyads").status_code, client.get("/v1/network").status_code}
        assert 500 not in statuses
        assert 503 in statuses
        bad = r if r.status_code == 503 else client.get("/v1/dyads")
        if bad.status_code == 503:
            assert "corrupt" in bad.json()["detail"]


def test_sqlite_file_is_refused_without_fetching_an_extension(tmp_path: Path) -> None:
    lite = tmp_path / "events.db"
    con = sqlite3.connect(lite)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="is not a DuckDB database \\(it is a SQLite database\\)"):
        Store(lite)
    text = tmp_path / "notes.duckdb"
    text.write_text("hello\n" * 10)
    with pytest.raises(StoreError, match="no DuckDB header"):
        Store(text, read_only=True)


def test_every_connection_has_extension_autoloading_off(tmp_path: Path) -> None:
    for con in (connect(), connect(tmp_path / "x.duckdb")):
        row = con.execute(
            "SELECT current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')"
        ).fetchone()
        assert row == (False, False)
        con.close()
    with Store(tmp_path / "y.duckdb") as s:
        assert s.con.execute("SELECT current_setting('autoload_known_extensions')").fetchone() == (False,)


def test_damaged_header_is_corrupt(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    Store(db).close()
    data = bytearray(db.read_bytes())
    data[4096:12288] = b"\x00" * 8192  # the database headers after the magic bytes
    db.write_bytes(bytes(data))
    with pytest.raises(StoreError) as info:
        Store(db)
    assert "locked" not in str(info.value)
