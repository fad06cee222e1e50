"""GDELT export: ADM1 codes, actor geography and AvgTone, through a real store."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from bedfellows import __version__
from bedfellows.coder import CodingResult
from bedfellows.export import export
from bedfellows.export.flavours import GDELT_COLUMNS, adm1_code, country_geo
from bedfellows.export.tone import document_tone
from bedfellows.places import get_gazetteer
from bedfellows.records import Actor, Article, Event, Place, make_event_id
from bedfellows.store import Store

IRN = Actor("IRNGOV", "Government of Iran", "IRN", "Tehran")
USA = Actor("USAGOV", "Government of the United States", "USA", "Washington")
ISIL = Actor("IMGMUSISI", "Islamic State of Iraq and the Levant", None, "ISIL")
FRA = Actor("FRAGOV", "Government of France", "FRA", "Paris")

VIOLENT = (
    "Militants killed twelve people and wounded dozens in a bomb attack on a crowded market "
    "in Mosul on Tuesday, the deadliest violence in the northern city for months. Iran "
    "condemned the attack as a brutal crime against innocent civilians. Witnesses described "
    "panic, fear and destruction as the wounded were carried to overwhelmed hospitals."
)
FRIENDLY = (
    "Iran and the United States praised a new agreement on trade at a friendly meeting in "
    "Austin on Monday, welcoming closer cooperation and a hopeful start. Officials from both "
    "sides said the talks were constructive and thanked their hosts for a generous welcome."
)
PARIS = (
    "France hosted talks with Iran in Paris on Wednesday about shipping routes, tariffs and "
    "the calendar of further meetings between the two delegations of officials and experts."
)


def _event(aid: str, idx: int, src: Actor | None, tgt: Actor | None, cameo: str, quad: int,
           gold: float, place: Place | None) -> Event:
    return Event(
        event_id=make_event_id(aid, idx, src.code if src else None, tgt.code if tgt else None,
                               cameo, 0),
        article_id=aid, sentence_index=idx, sentence=f"s{idx}", source=src, target=tgt,
        cameo=cameo, quad_class=quad, goldstein=gold, plover=None, date="2014-06-10",
        date_basis="published", location=place, trigger="x", span=(0, 2), quote=None,
        rule="test", coder_version=__version__,
    )


def _place(name: str) -> Place:
    p = get_gazetteer().geocode(name)
    assert p is not None, name
    return p


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("gdelt") / "s.duckdb"
    arts = [
        Article("violent", VIOLENT, "2014-06-10", source="A"),
        Article("friendly", FRIENDLY, "2014-06-10", source="B"),
        Article("paris", PARIS, "2014-06-10", source="C"),
    ]
    events = {
        "violent": [_event("violent", 0, ISIL, None, "190", 4, -10.0, _place("Mosul")),
                    _event("violent", 1, IRN, ISIL, "111", 3, -2.0, None)],
        "friendly": [_event("friendly", 0, IRN, USA, "051", 1, 3.4, _place("Austin")),
                     _event("friendly", 1, USA, IRN, "040", 1, 1.0, get_gazetteer().country("IRN"))],
        "paris": [_event("paris", 0, FRA, IRN, "040", 1, 1.0, _place("Paris"))],
    }
    with Store(p) as s:
        s.begin_run(["test"])
        s.add_batch(CodingResult(a, events[a.id]) for a in arts)
        dup = dataclasses.replace(arts[0], id="violent-dup", source="Wire",
                                  text=VIOLENT + " Reporting by a wire agency.")
        assert s.add_coded(dup, events["violent"]) == "duplicate"
        s.finish_run({"ok": True})
    return p


def _gdelt(db: Path, out: Path) -> list[dict[str, str]]:
    export(db, "gdelt", out, header=True)
    lines = out.read_text().splitlines()
    head = lines[0].split("\t")
    assert head == GDELT_COLUMNS and len(head) == 61
    return [dict(zip(head, line.split("\t"), strict=True)) for line in lines[1:]]


def test_action_geo_adm1(db: Path, tmp_path: Path) -> None:
    rows = _gdelt(db, tmp_path / "e.tsv")
    mosul = next(r for r in rows if r["ActionGeo_FullName"] == "Mosul")
    assert mosul["ActionGeo_CountryCode"] == "IZ" and mosul["ActionGeo_ADM1Code"] == "IZ15"
    assert mosul["ActionGeo_Type"] == "4" and mosul["ActionGeo_FeatureID"] == "99072"
    assert mosul["ActionGeo_ADM2Code"] == ""  # GAUL codes: no offline source
    austin = next(r for r in rows if r["ActionGeo_FullName"] == "Austin")
    assert austin["ActionGeo_Type"] == "3"  # a US city, as GDELT types it
    assert austin["ActionGeo_CountryCode"] == "US" and austin["ActionGeo_ADM1Code"] == "USTX"
    iran = next(r for r in rows if r["ActionGeo_FullName"] == "Iran")
    assert iran["ActionGeo_Type"] == "1" and iran["ActionGeo_ADM1Code"] == "IR"
    assert iran["ActionGeo_FeatureID"] == "IR"  # GDELT: country matches have textual ids
    paris = next(r for r in rows if r["ActionGeo_FullName"] == "Paris")
    # GeoNames' French divisions are INSEE codes, not FIPS: no code beats a wrong one
    assert paris["ActionGeo_CountryCode"] == "FR" and paris["ActionGeo_ADM1Code"] == ""
    no_place = next(r for r in rows if r["EventCode"] == "111")
    assert no_place["ActionGeo_Type"] == "" and no_place["ActionGeo_ADM1Code"] == ""


def test_actor_geo_is_the_country_centroid(db: Path, tmp_path: Path) -> None:
    rows = _gdelt(db, tmp_path / "e.tsv")
    r = next(r for r in rows if r["Actor1Code"] == "IRNGOV" and r["Actor2Code"] == "USAGOV")
    assert r["Actor1Geo_Type"] == "1" and r["Actor1Geo_FullName"] == "Iran"
    assert r["Actor1Geo_CountryCode"] == "IR" and r["Actor1Geo_ADM1Code"] == "IR"
    assert r["Actor1Geo_FeatureID"] == "IR" and r["Actor1Geo_ADM2Code"] == ""
    assert 25 < float(r["Actor1Geo_Lat"]) < 40 and 44 < float(r["Actor1Geo_Long"]) < 63
    assert r["Actor2Geo_CountryCode"] == "US" and r["Actor2Geo_FullName"] == "United States"
    assert 25 < float(r["Actor2Geo_Lat"]) < 50 and -125 < float(r["Actor2Geo_Long"]) < -66
    # the actor is placed by its country, not by where the event happened (Austin)
    assert r["Actor1Geo_Lat"] != r["ActionGeo_Lat"]
    isil = next(r for r in rows if r["Actor1Code"] == "IMGMUSISI")
    assert isil["Actor1Geo_Type"] == "" and isil["Actor1Geo_Lat"] == ""  # no country: empty
    assert isil["Actor2Geo_Type"] == ""  # no target at all
    fra = next(r for r in rows if r["Actor1Code"] == "FRAGOV")
    assert fra["Actor1Geo_CountryCode"] == "FR" and fra["Actor2Geo_CountryCode"] == "IR"


def test_avg_tone_is_the_article_tone(db: Path, tmp_path: Path) -> None:
    rows = _gdelt(db, tmp_path / "e.tsv")
    violent = [r for r in rows if r["SOURCEURL"] == "violent"]
    friendly = [r for r in rows if r["SOURCEURL"] == "friendly"]
    assert len(violent) == 2 and len(friendly) == 2
    assert len({r["AvgTone"] for r in violent}) == 1  # one tone per article
    # the violent article and its near-duplicate are both documents of its events
    t0 = document_tone(VIOLENT)
    t1 = document_tone(VIOLENT + " Reporting by a wire agency.")
    assert t0 is not None and t1 is not None and t0 != t1
    assert violent[0]["NumArticles"] == "2"
    assert float(violent[0]["AvgTone"]) == pytest.approx((t0 + t1) / 2, abs=1e-3)
    assert float(violent[0]["AvgTone"]) < -5  # killed, wounded, attack, violence...
    assert float(friendly[0]["AvgTone"]) > 5  # praised, welcoming, cooperation...
    assert -100 <= float(violent[0]["AvgTone"]) <= 100


def test_tone_definition() -> None:
    assert document_tone("peace peace war neutral") == pytest.approx(25.0)
    assert document_tone("") is None and document_tone(None) is None
    assert document_tone("the table of the chair") == 0.0


def test_adm1_code_rules() -> None:
    assert adm1_code("IQ.07", "IRQ") == "IZ07"  # Baghdad governorate
    assert adm1_code(None, "IRQ") == "IZ"  # a country match: the FIPS country code
    assert adm1_code("US.TX", "USA") == "USTX"
    assert adm1_code("GB.ENG", "GBR") is None and adm1_code("CH.ZH", "CHE") is None
    assert adm1_code("IQ.07", None) is None and adm1_code("IQ.07", "XXX") is None
    geo = country_geo("IRQ")
    assert geo is not None and geo["CountryCode"] == "IZ" and geo["FullName"] == "Iraq"
    assert country_geo(None) is None and country_geo("XXX") is None


def test_store_written_before_admin1(db: Path, tmp_path: Path) -> None:
    """An older store (no location_admin1 column) still exports ADM1 codes, read-only."""
    old = tmp_path / "old.duckdb"
    old.write_bytes(db.read_bytes())
    con = duckdb.connect(str(old))
    con.execute('ALTER TABLE events DROP COLUMN "location_admin1"')
    con.close()
    rows = _gdelt(old, tmp_path / "old.tsv")
    mosul = next(r for r in rows if r["ActionGeo_FullName"] == "Mosul")
    assert mosul["ActionGeo_ADM1Code"] == "IZ15"  # looked up by its geonameid
    export(old, "parquet", tmp_path / "old.parquet")
    col = pq.read_table(tmp_path / "old.parquet").column("location_admin1").to_pylist()
    assert len(col) == 5 and set(col) == {None}
