"""The store on real DuckDB files: statuses, replace, near-duplicates, errors, shards."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from bedfellows.coder import CodingResult
from bedfellows.errors import StoreError
from bedfellows.records import ArticleProblem
from bedfellows.schema import ARTICLE_COLUMN_NAMES, EVENT_COLUMN_NAMES
from bedfellows.store import Store, read_shard, write_shard

from .corpus import corpus, synthetic_events


def _event_set(db: Path) -> set[tuple[str, str, int]]:
    with Store(db, read_only=True) as s:
        df = s.events()
    return set(zip(df.event_id, df.article_id, df.num_mentions, strict=True))


def test_add_unchanged_replaced(tmp_path: Path) -> None:
    a = corpus(1)[0]
    evs = synthetic_events(a)
    with Store(tmp_path / "s.duckdb") as s:
        assert s.add_coded(a, evs) == "added"
        assert s.add_coded(a, evs) == "unchanged"
        assert s.counts() == {"articles": 1, "duplicates": 0, "events": 3}
        changed = dataclasses.replace(a, text=a.text.replace("praised", "attacked"))
        new = synthetic_events(changed)
        assert s.add_coded(changed, new) == "replaced"
        df = s.events()
        assert sorted(df.event_id) == sorted(e.event_id for e in new)
        assert "190" in set(df.cameo) and "051" not in set(df.cameo)
        assert s.counts()["articles"] == 1


def test_round_trip_records_and_column_order(tmp_path: Path) -> None:
    a = corpus(1)[0]
    evs = synthetic_events(a)
    with Store(tmp_path / "s.duckdb") as s:
        s.add_coded(a, evs)
        df = s.events()
        assert list(df.columns[: len(EVENT_COLUMN_NAMES)]) == EVENT_COLUMN_NAMES
        assert list(df.columns[len(EVENT_COLUMN_NAMES):]) == [
            "num_mentions", "num_sources", "num_articles"]
        back = {e.event_id: e for e in s.event_records()}
        assert back == {e.event_id: e for e in evs}
        arts = s.articles(include_text=True)
        assert list(arts.columns[: len(ARTICLE_COLUMN_NAMES)]) == ARTICLE_COLUMN_NAMES
        assert arts.text[0] == a.text and arts.content_hash[0] == a.content_hash


def test_near_duplicate_counts_mentions_not_events(tmp_path: Path) -> None:
    a = corpus(1)[0]
    copy = dataclasses.replace(a, id="copy-1", source="Other outlet",
                               text=a.text + " Reporting by a wire service.")
    same_outlet = dataclasses.replace(a, id="copy-2", text="UPDATED: " + a.text)
    with Store(tmp_path / "s.duckdb") as s:
        assert s.add_coded(a, synthetic_events(a)) == "added"
        assert s.add_coded(copy, synthetic_events(copy)) == "duplicate"
        assert s.add_coded(same_outlet, synthetic_events(same_outlet)) == "duplicate"
        df = s.events()
        assert len(df) == 3 and set(df.article_id) == {a.id}
        assert set(df.num_mentions) == {3}
        assert set(df.num_sources) == {2}  # S0 twice + "Other outlet"
        assert s.counts()["duplicates"] == 2
    # a reopened store still knows the canonical article (index rebuilt from the file)
    third = dataclasses.replace(a, id="copy-3", source="Third", text=a.text + " More.")
    with Store(tmp_path / "s.duckdb") as s:
        assert s.add_coded(third, synthetic_events(third)) == "duplicate"
        assert set(s.events().num_mentions) == {4}


def test_distinct_articles_are_not_duplicates(tmp_path: Path) -> None:
    arts = corpus(60)
    with Store(tmp_path / "s.duckdb") as s:
        counts = s.add_batch(CodingResult(a, synthetic_events(a)) for a in arts)
    assert counts["added"] == 60 and counts["duplicate"] == 0
    assert counts["events"] == 180


def test_batch_equals_one_by_one(tmp_path: Path) -> None:
    arts = corpus(40)
    extra = [dataclasses.replace(arts[3], id="dup", source="X", text=arts[3].text + " Wire."),
             arts[5]]
    with Store(tmp_path / "one.duckdb") as s:
        statuses = [s.add_coded(a, synthetic_events(a)) for a in arts + extra]
    with Store(tmp_path / "batch.duckdb") as s:
        counts = s.add_batch((CodingResult(a, synthetic_events(a)) for a in arts + extra),
                             batch_size=7)
    assert statuses.count("duplicate") == 1 and statuses.count("unchanged") == 1
    assert counts["duplicate"] == 1 and counts["unchanged"] == 1 and counts["added"] == 40
    assert _event_set(tmp_path / "one.duckdb") == _event_set(tmp_path / "batch.duckdb")


def test_same_id_twice_in_one_batch_later_wins(tmp_path: Path) -> None:
    a = corpus(1)[0]
    b = dataclasses.replace(a, text=a.text.replace("praised", "attacked"))
    with Store(tmp_path / "s.duckdb") as s:
        counts = s.add_batch([CodingResult(a, synthetic_events(a)),
                              CodingResult(b, synthetic_events(b))])
        assert counts["added"] == 1 and counts["replaced"] == 1
        assert "190" in set(s.events().cameo) and s.counts()["articles"] == 1


def test_failed_coding_is_not_stored(tmp_path: Path) -> None:
    a, b = corpus(2)
    with Store(tmp_path / "s.duckdb") as s:
        counts = s.add_batch([CodingResult(a, [], ArticleProblem(a.id, "E199", "boom")),
                              CodingResult(b, synthetic_events(b))])
        assert counts["skipped"] == 1 and counts["added"] == 1
        assert list(s.articles().article_id) == [b.id]
        assert list(s.problems().code) == ["E199"]


def test_filters(tmp_path: Path) -> None:
    arts = corpus(20)
    with Store(tmp_path / "s.duckdb") as s:
        s.add_batch(CodingResult(a, synthetic_events(a)) for a in arts)
        assert set(s.events(source="IRN").source_code) == {"IRNGOV"}
        both = s.events(actor="IMG")
        assert ((both.source_code == "IMGMUSISI") | (both.target_code == "IMGMUSISI")).all()
        assert set(s.events(quad_class=4).cameo) == {"190"}
        assert len(s.events(limit=5)) == 5
        assert len(s.events(start="2015-01-01")) == 0
        with pytest.raises(StoreError, match="unknown event filter"):
            s.events(colour="red")


def test_foreign_and_corrupt_files(tmp_path: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a readable DuckDB database|is not a DuckDB database|cannot open"):
        Store(junk)
    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE sales (x INT)")
    con.close()
    with pytest.raises(StoreError, match="not a bedfellows store"):
        Store(foreign)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_locked_database(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "s.duckdb"
    Store(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb,sys,time; c=duckdb.connect({str(db)!r}); print('ok', flush=True); "
         "time.sleep(30)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreError, match="locked"):
            Store(db)
    finally:
        holder.kill()
        holder.wait()
    Store(db).close()  # free again


def test_read_only_refuses_writes(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    Store(db).close()
    a = corpus(1)[0]
    with Store(db, read_only=True) as s, pytest.raises(StoreError, match="read-only"):
        s.add_coded(a, synthetic_events(a))


def test_shards_round_trip(tmp_path: Path) -> None:
    arts = corpus(30)
    results = [CodingResult(a, synthetic_events(a)) for a in arts]
    results.append(CodingResult(corpus(31)[30], [], ArticleProblem("a00030", "E199", "boom")))
    p1 = write_shard(results[:15], tmp_path / "part-0.parquet")
    p2 = write_shard(results[15:], tmp_path / "part-1.parquet")
    articles, events, problems = read_shard(p2)
    assert len(articles) == 15 and len(problems) == 1 and events.num_rows == 45
    with Store(tmp_path / "shards.duckdb") as s:
        counts = s.load_parquet_shards([p1, p2])
        assert counts["added"] == 30 and counts["skipped"] == 1 and counts["events"] == 90
        again = s.load_parquet_shards([p1, p2])
        assert again["unchanged"] == 30 and again["added"] == 0
    with Store(tmp_path / "direct.duckdb") as s:
        s.add_batch(results)
    assert _event_set(tmp_path / "shards.duckdb") == _event_set(tmp_path / "direct.duckdb")


def test_views_actors_quotes(tmp_path: Path) -> None:
    arts = corpus(10)
    with Store(tmp_path / "s.duckdb") as s:
        s.add_batch(CodingResult(a, synthetic_events(a)) for a in arts)
        actors = s.query("SELECT * FROM actors ORDER BY code")
        assert "IRNGOV" in set(actors.code)
        assert actors.set_index("code").loc["IRNGOV", "country"] == "IRN"
        assert len(s.query("SELECT * FROM quotes")) == 0


def test_arrow_stream_equals_one_batch_at_a_time(tmp_path: Path) -> None:
    import dataclasses as dc

    from bedfellows.schema import events_to_table

    arts = corpus(90)
    arts.append(dc.replace(arts[10], id="wire", source="W", text=arts[10].text + " AFP."))
    arts.append(dc.replace(arts[70], text=arts[70].text.replace("On day", "Early on day")))
    chunks = [arts[i : i + 25] for i in range(0, len(arts), 25)]
    batches = [(c, events_to_table([e for a in c for e in synthetic_events(a)])) for c in chunks]
    with Store(tmp_path / "stream.duckdb") as s:
        streamed = s.add_arrow_stream(batches)
    with Store(tmp_path / "plain.duckdb") as s:
        plain: dict[str, int] = {}
        for c, t in batches:
            for k, v in s.add_arrow(c, t).items():
                plain[k] = plain.get(k, 0) + v
    assert streamed == plain and streamed["duplicate"] == 1 and streamed["replaced"] == 1
    assert _event_set(tmp_path / "stream.duckdb") == _event_set(tmp_path / "plain.duckdb")


class _FailingStore(Store):
    """A store whose writer fails on the n-th transaction (a failing writer, injected)."""

    fail_on = 3  # articles then events of each batch: the 3rd insert is batch 2's articles

    def _insert(self, table: str, data: pa.Table) -> None:
        self.inserts = getattr(self, "inserts", 0) + 1
        if self.inserts == self.fail_on:
            raise duckdb.IOException("No space left on device")
        super()._insert(table, data)


def test_failed_write_in_stream_keeps_store_consistent(tmp_path: Path) -> None:
    from bedfellows.schema import events_to_table

    arts = corpus(60)
    chunks = [arts[i : i + 20] for i in range(0, 60, 20)]
    batches = [(c, events_to_table([e for a in c for e in synthetic_events(a)])) for c in chunks]
    db = tmp_path / "s.duckdb"
    with _FailingStore(db) as s, pytest.raises(StoreError, match="disk is full"):
        s.add_arrow_stream(batches)
    with Store(db) as s:
        assert s.counts() == {"articles": 20, "duplicates": 0, "events": 60}  # batch 1 only
        again = s.add_arrow_stream(batches)
        assert again["unchanged"] == 20 and again["added"] == 40
        assert s.counts()["events"] == 180
