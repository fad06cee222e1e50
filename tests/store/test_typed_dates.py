"""Issue 16: dates are DATE in the store, and a store written with text dates still opens."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from bedfellows.aggregate import dyads
from bedfellows.errors import StoreError
from bedfellows.records import Article
from bedfellows.serve.queries import EventFilter, ReadOnlyStore
from bedfellows.store import Store
from bedfellows.store.db import SCHEMA_VERSION, upgrade

from .corpus import BAGHDAD, IRN, ISIL, USA, event

EVENTS = [
    ("a1", [(ISIL, IRN, "190", 4, -10.0, "2014-06-12"), (USA, IRN, "040", 1, 1.0, "2014-06-13")]),
    ("a2", [(IRN, USA, "111", 3, -2.0, "2014-07-01"), (USA, ISIL, "195", 4, -10.0, None)]),
]


def _fill(store: Store) -> list[str]:
    ids = []
    for aid, rows in EVENTS:
        evs = [event(aid, i, *r[:5], r[5], place=BAGHDAD if i == 0 else None) for i, r in enumerate(rows)]
        store.add_coded(Article(aid, f"Story {aid}.", published="2014-07-02", source="AFP"), evs)
        ids += [e.event_id for e in evs]
    return ids


def _types(path: Path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
            "WHERE table_name IN ('events', 'articles')").fetchall()
        return dict(rows)
    finally:
        con.close()


def make_old_store(path: Path, bad_date: bool = False) -> list[str]:
    """A store as the previous version wrote it: schema 1, the dates ISO text (VARCHAR)."""
    with Store(path, near_duplicates=False) as s:
        ids = _fill(s)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE events ALTER COLUMN date SET DATA TYPE VARCHAR")
    con.execute("ALTER TABLE articles ALTER COLUMN published SET DATA TYPE VARCHAR")
    con.execute("UPDATE bedfellows_meta SET value = '1' WHERE key = 'schema_version'")
    if bad_date:
        con.execute("UPDATE events SET date = '2014-13-45' WHERE cameo = '111'")
    con.close()
    assert _types(path)["events.date"] == "VARCHAR"
    return ids


def test_new_store_types_dates_and_places(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as s:
        _fill(s)
        assert s.con.execute("SELECT value FROM bedfellows_meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION),)
        assert s.con.execute("SELECT min(date), max(date) FROM events").fetchone() == (
            dt.date(2014, 6, 12), dt.date(2014, 7, 1))
        df = s.events()
        assert str(df.date.dtype).startswith("datetime64")  # pandas gets a real date too
        assert {e.date for e in s.event_records()} == {"2014-06-12", "2014-06-13", "2014-07-01", None}
    types = _types(db)
    assert types["events.date"] == "DATE" and types["articles.published"] == "DATE"
    assert types["events.location_geonameid"] == "BIGINT" and types["events.cameo"] == "VARCHAR"


def test_date_filters_compare_dates(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as s:
        _fill(s)
        assert len(s.events(start="2014-06-13", end="2014-06-30")) == 1
        assert len(s.events(start=dt.date(2014, 7, 1))) == 1
        with pytest.raises(StoreError, match="not a real date"):
            s.events(start="2014-02-30")
    month = dyads(db, period="month")
    assert sorted(set(month.period)) == ["2014-06-01", "2014-07-01"]
    assert set(month.first_date) <= {"2014-06-12", "2014-06-13", "2014-07-01"}  # text, as before


def test_old_store_opens_and_reads_as_before(tmp_path: Path) -> None:
    new, old = tmp_path / "new.duckdb", tmp_path / "old.duckdb"
    with Store(new, near_duplicates=False) as s:
        _fill(s)
    make_old_store(old)
    with Store(old, read_only=True) as o, Store(new, read_only=True) as n:  # upgraded on open
        assert o.event_records() == n.event_records()
        assert o.articles().to_dict("records") == n.articles().to_dict("records")
        assert len(o.events(start="2014-06-13")) == 2
    assert dyads(old, period="week").equals(dyads(new, period="week"))
    types = _types(old)
    assert types["events.date"] == "DATE" and types["articles.published"] == "DATE"
    with Store(old) as w:  # and it takes new articles
        w.add_coded(Article("a3", "Later story.", published="2014-08-01"),
                    [event("a3", 0, USA, IRN, "036", 1, 4.0, "2014-08-01")])
        assert w.con.execute("SELECT max(date) FROM events").fetchone() == (dt.date(2014, 8, 1),)


def test_old_store_served(tmp_path: Path) -> None:
    """The server reads an old store: its snapshot copy is upgraded, the answers are the new ones'."""
    new, old = tmp_path / "new.duckdb", tmp_path / "old.duckdb"
    with Store(new, near_duplicates=False) as s:
        _fill(s)
    make_old_store(old)
    for live in (True, False):
        copy = tmp_path / f"old-{live}.duckdb"
        shutil.copyfile(old, copy)
        a, b = ReadOnlyStore(copy, live=live), ReadOnlyStore(new, live=live)
        try:
            assert a.info() == b.info() and a.info()["first_date"] == "2014-06-12"
            flt = EventFilter(date_from="2014-06-13")
            assert a.events(flt, 10) == b.events(flt, 10)
            assert a.series(EventFilter(), "month") == b.series(EventFilter(), "month")
        finally:
            a.close()
            b.close()


def test_old_store_values_that_are_not_dates(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    old = tmp_path / "old.duckdb"
    make_old_store(old, bad_date=True)
    with caplog.at_level(logging.WARNING, logger="bedfellows.store.db"):
        with Store(old) as s:
            assert s.con.execute("SELECT count(*) FROM events WHERE date IS NULL").fetchone() == (2,)
    assert "1 values of events.date are not dates" in caplog.text


def test_old_store_another_reader_holds_is_read_through_an_upgraded_copy(tmp_path: Path) -> None:
    """Another process reading the old file keeps it from being upgraded in place: this one
    reads an upgraded private copy, and the file itself is left as it was."""
    old = tmp_path / "old.duckdb"
    make_old_store(old)
    code = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print('open', flush=True); time.sleep(60)")
    reader = subprocess.Popen([sys.executable, "-c", code, str(old)], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "open"
        readable = upgrade(old)
        assert readable != old and _types(readable)["events.date"] == "DATE"
        shutil.rmtree(readable.parent)
        with Store(old, read_only=True) as s:
            assert len(s.events(start="2014-06-13")) == 2
            copy = s._copy
            assert copy is not None and copy.exists()
        assert not copy.exists()  # the copy goes with the store
    finally:
        reader.kill()
        reader.wait()
    assert _types(old)["events.date"] == "VARCHAR"
