"""PLOVER, POLECAT and typed Parquet/CSV exports, read back with the tools their users have."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bedfellows import __version__
from bedfellows.coder import CodingResult
from bedfellows.errors import UnknownFormatError
from bedfellows.export import export
from bedfellows.records import Article
from bedfellows.store import Store

from ..store.corpus import BAGHDAD, IRN, ISIL, USA, event

POLECAT_HEADER = (
    "Event ID\tEvent Date\tEvent Type\tEvent Mode\tIntensity\tQuad Code\tContexts\tActor Name\t"
    "Actor Country\tActor COW\tPrimary Actor Sector\tActor Sectors\tActor Title\tActor Name Raw\t"
    "Wikipedia Actor ID\tRecipient Name\tRecipient Country\tRecipient COW\t"
    "Primary Recipient Sector\tRecipient Sectors\tRecipient Title\tRecipient Name Raw\t"
    "Wikipedia Recipient ID\tPlacename\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude\t"
    "GeoNames ID\tRaw Placename\tFeature Type\tSource\tPublication Date\tStory People\t"
    "Story Organizations\tStory Locations\tLanguage\tVersion"
).split("\t")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("typed") / "s.duckdb"
    assault = dataclasses.replace(
        event("a1", 0, ISIL, IRN, "190", 4, -10.0, "2014-06-12", trigger="attacked",
              sentence="ISIL attacked Iranian forces in Baghdad.", plover="ASSAULT",
              place=BAGHDAD),
        plover_mode="aerial", plover_context="military, terrorism")
    meet = event("a1", 1, USA, IRN, "040", 1, 1.0, "2014-06-13", trigger="met",
                 sentence="Washington met Tehran.", plover="CONSULT")
    with Store(p) as s:
        s.begin_run(["test"])
        s.add_batch([CodingResult(Article("a1", "ISIL attacked. Washington met Tehran.",
                                          "2014-06-13", source="AFP",
                                          url="https://afp.example/a1"), [assault, meet])])
        s.finish_run({"ok": True})
    return p


def test_plover_fields_as_the_spec_names_them(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    export(db, "plover", out)
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    r = next(x for x in recs if x["event"] == ["ASSAULT"])
    assert r["id"] and r["date"] == "2014-06-12" and r["event_type"] == "ASSAULT"
    assert r["mode"] == ["aerial"] and r["context"] == ["military", "terrorism"]  # a list
    assert r["actor"][0]["entity_text"] == "ISIL" and r["actor_text"] == "ISIL"
    assert r["recipient"][0]["code"] == "IRN" and r["recipient"][0]["country"] == "IRN"
    assert r["recipient"][0]["sector"] == "GOV" and r["recipient_text"] == "Tehran"
    loc = r["event_loc"]
    assert loc == r["location"] and loc["geonameid"] == 98182 and loc["country_code"] == "IRQ"
    assert loc["resolved_place"] == "Baghdad" and loc["city"] == "Baghdad"
    assert loc["country"] == "Iraq" and loc["resolution"] == 4
    assert r["quad_code"] == 4 and r["event_scale"] == -10.0
    assert r["cite_info"]["url"] == "https://afp.example/a1"
    meet = next(x for x in recs if x["event"] == ["CONSULT"])
    assert meet["context"] == [] and meet["mode"] == [] and meet["event_loc"] is None


def test_polecat_tsv(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.tsv"
    export(db, "polecat", out)
    df = pd.read_csv(out, sep="\t", dtype=str)
    assert list(df.columns) == POLECAT_HEADER and len(df) == 2
    r = df[df["Event Type"] == "ASSAULT"].iloc[0]
    assert r["Event Date"] == "2014-06-12" and r["Event Mode"] == "aerial"
    assert r["Contexts"] == "military;terrorism" and r["Quad Code"] == "4"
    assert r["Actor Name Raw"] == "ISIL" and r["Recipient Country"] == "IRN"
    assert r["Primary Recipient Sector"] == "GOV" and r["GeoNames ID"] == "98182"
    assert r["Placename"] == "Baghdad" and r["Country"] == "Iraq"
    assert r["Publication Date"] == "2014-06-13" and r["Source"] == "AFP"


def test_parquet_is_typed_with_provenance(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    export(db, "parquet", out)
    tbl = pq.read_table(out)
    assert tbl.schema.field("date").type == pa.date32()
    assert tbl.schema.field("location_geonameid").type == pa.int64()
    assert tbl.schema.field("cameo").type == pa.string()
    assert set(tbl.column("date").to_pylist()) == {dt.date(2014, 6, 12), dt.date(2014, 6, 13)}
    meta = json.loads(pq.read_schema(out).metadata[b"bedfellows"])
    assert meta["bedfellows_version"] == __version__ and meta["coder_versions"] == [__version__]
    assert meta["run_ids"] and meta["run_ids"][0].startswith("run-00001")
    typ = duckdb.sql(f"SELECT typeof(date), typeof(cameo) FROM read_parquet('{out}') LIMIT 1")
    assert typ.fetchall() == [("DATE", "VARCHAR")]
    df = pd.read_parquet(out)
    assert set(df.cameo) == {"190", "040"}  # leading zeros kept
    assert set(df.date) == {dt.date(2014, 6, 12), dt.date(2014, 6, 13)}  # dates, not text
    nullable = pd.read_parquet(out, dtype_backend="numpy_nullable")
    assert str(nullable.location_geonameid.dtype) == "Int64"
    assert nullable.location_geonameid.dropna().tolist() == [98182]
    back = duckdb.sql(f"SELECT typeof(location_geonameid), min(date) FROM read_parquet('{out}') GROUP BY 1")
    assert back.fetchall() == [("BIGINT", dt.date(2014, 6, 12))]


def test_csv_reads_back_with_the_manifest_dtypes(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    export(db, "csv", out)
    dtypes = json.loads((tmp_path / "e.csv.manifest.json").read_text())["export"]["dtypes"]
    df = pd.read_csv(out, dtype=dtypes)
    assert set(df.cameo) == {"190", "040"} and set(df.cameo_root) == {"19", "04"}
    assert df.location_geonameid.dropna().tolist() == [98182]
    assert str(df.location_geonameid.dtype) == "Int64"


def test_export_rejects_impossible_dates(db: Path, tmp_path: Path) -> None:
    for bad in ("2014-13-01", "garbage"):
        with pytest.raises(ValueError, match="not a real date"):
            export(db, "csv", tmp_path / "x.csv", start=bad)
    assert export(db, "csv", tmp_path / "x.csv", start="2014-06-13", end="2014-06-13") == 1
    with pytest.raises(UnknownFormatError, match="unknown export format"):
        export(db, "gdelt2", tmp_path / "x.csv")
