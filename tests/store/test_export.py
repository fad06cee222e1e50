"""Exports of a real store: every format, its columns, the manifest."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from bedfellows.coder import CodingResult
from bedfellows.errors import StoreError, UnknownFormatError
from bedfellows.export import export
from bedfellows.export.flavours import GDELT_COLUMNS, STORE_COLUMN_NAMES, split_actor_code
from bedfellows.records import Event
from bedfellows.schema import EVENT_COLUMN_NAMES
from bedfellows.store import Store

from .corpus import corpus, synthetic_events


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    p = tmp_path / "s.duckdb"
    arts = corpus(12)
    arts[0] = dataclasses.replace(arts[0], url="https://example.org/a0")
    with Store(p) as s:
        s.begin_run(["corpus"])
        s.add_batch(CodingResult(a, synthetic_events(a)) for a in arts)
        dup = dataclasses.replace(arts[0], id="dup", source="Wire", text=arts[0].text + " AFP.")
        assert s.add_coded(dup, synthetic_events(dup)) == "duplicate"
        s.record_input("corpus.jsonl", {"articles": 13, "added": 12, "duplicate": 1})
        s.finish_run({"ok": True})
    return p


def test_parquet_csv_columns(db: Path, tmp_path: Path) -> None:
    n = export(db, "parquet", tmp_path / "e.parquet")
    assert n == 36
    tbl = pq.read_table(tmp_path / "e.parquet")
    assert tbl.column_names == STORE_COLUMN_NAMES
    assert tbl.column_names[: len(EVENT_COLUMN_NAMES)] == EVENT_COLUMN_NAMES
    assert "coder_version" in tbl.column_names and set(tbl.column("coder_version").to_pylist())
    assert 2 in tbl.column("num_mentions").to_pylist()
    export(db, "csv", tmp_path / "e.csv", source="IRN")
    with open(tmp_path / "e.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["source_code"] == "IRNGOV" for r in rows)
    assert list(rows[0]) == STORE_COLUMN_NAMES


def test_jsonl_is_the_spec_record(db: Path, tmp_path: Path) -> None:
    export(db, "jsonl", tmp_path / "e.jsonl")
    recs = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert len(recs) == 36
    ev = Event.from_dict(recs[0])
    assert ev.to_dict().items() <= recs[0].items()
    with Store(db, read_only=True) as s:
        stored = {e.event_id: e for e in s.event_records()}
    assert all(Event.from_dict(r) == stored[r["event_id"]] for r in recs)


def test_gdelt_flavour(db: Path, tmp_path: Path) -> None:
    export(db, "gdelt", tmp_path / "e.tsv", header=True)
    lines = (tmp_path / "e.tsv").read_text().splitlines()
    head = lines[0].split("\t")
    assert head == GDELT_COLUMNS and head[:3] == ["GLOBALEVENTID", "SQLDATE", "MonthYear"]
    rows = [dict(zip(head, line.split("\t"), strict=True)) for line in lines[1:]]
    assert len(rows) == 36
    r = next(r for r in rows if r["Actor1Code"] == "IRNGOV")
    assert len(head) == 61 and all(len(line.split("\t")) == 61 for line in lines)
    assert r["Actor1CountryCode"] == "IRN" and r["Actor1Type1Code"] == "GOV"
    assert r["SQLDATE"] == "20140614" and r["Year"] == "2014" and r["MonthYear"] == "201406"
    assert int(r["GLOBALEVENTID"]) > 0 and r["QuadClass"] in "1234"
    isil = next(r for r in rows if r["Actor1Code"] == "IMGMUSISI")
    assert isil["Actor1Type1Code"] == "IMG" and isil["Actor1Religion1Code"] == "MUS"
    assert isil["Actor1KnownGroupCode"] == "ISI"
    a0 = [r for r in rows if r["SOURCEURL"] == "https://example.org/a0"]
    assert a0 and all(r["NumMentions"] == "2" and r["NumSources"] == "2" for r in a0)
    geo = [r for r in rows if r["ActionGeo_FullName"] == "Baghdad"]
    assert geo and geo[0]["ActionGeo_CountryCode"] == "IZ"  # FIPS, as GDELT uses
    assert geo[0]["ActionGeo_FeatureID"] == "98182"


def test_plover_flavour(db: Path, tmp_path: Path) -> None:
    export(db, "plover", tmp_path / "p.jsonl")
    recs = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    r = next(r for r in recs if r["actor"] and r["actor"][0]["cameo_code"] == "IRNGOV")
    assert r["actor"][0]["code"] == "IRN" and r["actor"][0]["sector"] == "GOV"
    assert r["event"] and r["date"] == "2014-06-14" and r["id"]
    assert r["quad_code"] in (1, 2, 3, 4)


def test_manifest_and_errors(db: Path, tmp_path: Path) -> None:
    export(db, "csv", tmp_path / "e.csv")
    man = json.loads((tmp_path / "e.csv.manifest.json").read_text())
    assert man["export"]["rows"] == 36 and man["store"]["duplicates"] == 1
    assert man["inputs"][0]["input"] == "corpus.jsonl" and man["runs"][0]["status"] == "finished"
    assert man["coder_versions"]
    with pytest.raises(UnknownFormatError, match="unknown export format"):
        export(db, "xml", tmp_path / "e.xml")
    with pytest.raises(StoreError, match="cannot write"):
        export(db, "csv", tmp_path / "no-such-dir" / "e.csv")


def test_empty_export_has_columns(db: Path, tmp_path: Path) -> None:
    assert export(db, "parquet", tmp_path / "none.parquet", start="2030-01-01") == 0
    assert pq.read_table(tmp_path / "none.parquet").column_names == STORE_COLUMN_NAMES


def test_split_actor_code() -> None:
    assert split_actor_code("IGOUNO", None)["Type1Code"] == "IGO"
    assert split_actor_code("IGOUNO", None)["KnownGroupCode"] == "UNO"
    parts = split_actor_code("IRQSHIUAF", "IRQ")
    assert parts["CountryCode"] == "IRQ" and parts["Religion1Code"] == "SHI"
    assert parts["Type1Code"] == "UAF"
