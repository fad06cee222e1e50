"""GDELT 2.0 drop-in files: the events table and the Mentions table, read back as GDELT users do.

The codebook's names and types are written out here by hand (GDELT 2.0 Event
Codebook, Mentions table of the GDELT 2.0 documentation), independent of the
package's own lists, and the files are loaded by readers that know only those.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bedfellows import __version__
from bedfellows.coder import CodingResult
from bedfellows.export import export
from bedfellows.export.flavours import gdelt_event_id
from bedfellows.records import Actor, Article, Event, Place, make_event_id
from bedfellows.schema import GDELT_EVENT_FIELDS, GDELT_MENTION_FIELDS
from bedfellows.store import Store

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
CODEBOOK = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO]
    + [f"ActionGeo_{c}" for c in _GEO] + ["DATEADDED", "SOURCEURL"]
)
# The codebook's types: INTEGER / FLOAT columns; everything else is STRING.
INTEGER = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass",
           "NumMentions", "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type",
           "ActionGeo_Type", "DATEADDED"}
FLOAT = {"FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long",
         "Actor2Geo_Lat", "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long"}
MENTIONS = ["GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType",
            "MentionSourceName", "MentionIdentifier", "SentenceID", "Actor1CharOffset",
            "Actor2CharOffset", "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen",
            "MentionDocTone", "MentionDocTranslationInfo", "Extras"]
# What a GDELT user passes to pandas: codes as text, the rest as the codebook types.
DTYPES = {c: ("Int64" if c in INTEGER else "float64" if c in FLOAT else "string")
          for c in CODEBOOK}

IRN = Actor("IRNGOV", "Government of Iran", "IRN", "Tehran")
USA = Actor("USAGOV", "Government of the United States", "USA", "Washington")
# a name with a quote mark and a tab: a quote-aware reader must not shift columns
ODD = Actor("IMGMUSISI", 'Islamic "State"\tof Iraq', None, "ISIL")
MOSUL = Place("Mosul", "IRQ", 36.335, 43.119, 99072, "city", admin1="IQ.15")

TEXT = ("Washington criticised Tehran over the talks on Monday. "
        "ISIL attacked Tehran forces near Mosul, officials said. "
        "The statement followed weeks of tension between the two governments over the "
        "nuclear programme, sanctions relief and the fate of detained dual nationals held "
        "in the capital since the spring, diplomats in Vienna and Geneva told reporters.")
OTHER = ("Washington criticised Tehran again in a short statement released late on Friday "
         "by the foreign ministry spokesman, who declined to take questions afterwards.")
DUP_TEXT = "Wire copy. " + TEXT + " Reporting by the wire."


def _ev(aid: str, idx: int, src: Actor, tgt: Actor | None, cameo: str, quad: int, gold: float,
        trigger: str, date: str | None, place: Place | None = None, text: str = TEXT) -> Event:
    sentence = text.split(". ")[idx].rstrip(".") + "."
    start = text.index(sentence)
    t0 = text.index(trigger, start)
    return Event(
        event_id=make_event_id(aid, idx, src.code, tgt.code if tgt else None, cameo, t0),
        article_id=aid, sentence_index=idx, sentence=sentence, source=src, target=tgt,
        cameo=cameo, quad_class=quad, goldstein=gold, plover="ACCUSE" if quad == 3 else "ASSAULT",
        date=date, date_basis="explicit" if date else "published", location=place,
        trigger=trigger, span=(start, start + len(sentence)), quote=None, rule="test",
        coder_version=__version__, trigger_span=(t0, t0 + len(trigger)),
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("gdelt61") / "s.duckdb"
    art = Article("a1", TEXT, "2014-06-10", source="Reuters",
                  url="https://www.example.com/news/a1")
    undated = Article("a2", OTHER, None, source="Blog")  # no publication date at all
    evs = [_ev("a1", 0, USA, IRN, "111", 3, -2.0, "criticised", "2014-06-09"),
           _ev("a1", 1, ODD, IRN, "190", 4, -10.0, "attacked", None, MOSUL)]
    with Store(p) as s:
        s.begin_run(["test"])
        s.add_batch([CodingResult(art, evs)])
        s.add_batch([CodingResult(undated, [
            _ev("a2", 0, USA, IRN, "010", 1, 0.0, "criticised", None, text=OTHER)])])
        dup = Article("a1-copy", DUP_TEXT, "2014-06-11", source="Wire",
                      url="https://wire.example.org/x")
        assert s.add_coded(dup, evs) == "duplicate"
        s.finish_run({"ok": True})
    return p


def test_codebook_names_order_and_types() -> None:
    assert [n for n, _, _ in GDELT_EVENT_FIELDS] == CODEBOOK and len(CODEBOOK) == 61
    for name, typ, meaning in GDELT_EVENT_FIELDS:
        kind = "INTEGER" if name in INTEGER else "FLOAT" if name in FLOAT else "STRING"
        assert str(typ) == {"INTEGER": "int64", "FLOAT": "double", "STRING": "string"}[kind], name
        assert meaning
    assert [n for n, _, _ in GDELT_MENTION_FIELDS] == MENTIONS


def _read61(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", header=None, names=CODEBOOK, dtype=DTYPES)


def test_events_file_loads_with_the_61_codebook_names(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "20140610000000.export.CSV"
    assert export(db, "gdelt", out) == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert not lines[0].startswith("GLOBALEVENTID")  # no header, as GDELT's own files
    assert all(len(line.split("\t")) == 61 for line in lines)
    df = _read61(out)
    assert len(df) == 3 and list(df.columns) == CODEBOOK
    r = df[df.EventCode == "111"].iloc[0]
    assert r.Actor1Code == "USAGOV" and r.Actor2Code == "IRNGOV"
    assert r.SQLDATE == 20140609 and r.MonthYear == 201406 and r.Year == 2014
    assert r.FractionDate == pytest.approx(2014 + 159 / 365, abs=1e-4)
    assert r.EventBaseCode == "111" and r.EventRootCode == "11" and r.QuadClass == 3
    assert r.GoldsteinScale == -2.0 and r.NumMentions == 2 and r.NumSources == 2
    assert r.DATEADDED == 20140610000000 and r.SOURCEURL == "https://www.example.com/news/a1"
    assert r.IsRootEvent == 1 and r.Actor1Geo_CountryCode == "US"
    # the odd name neither shifted a column nor kept its tab
    odd = df[df.EventCode == "190"].iloc[0]
    assert odd.Actor1Code == "IMGMUSISI" and "\t" not in odd.Actor1Name
    assert odd.ActionGeo_FullName == "Mosul" and odd.ActionGeo_ADM1Code == "IZ15"
    assert odd.ActionGeo_Lat == pytest.approx(36.335) and odd.SOURCEURL.startswith("https://")
    assert odd.IsRootEvent == 0
    # undated: SQLDATE from the publication date (2014-06-10)
    assert odd.SQLDATE == 20140610
    # leading zeros survive as text: "010" is not the number 10
    assert df[df.SOURCEURL == "a2"].iloc[0].EventCode == "010"
    assert df.GLOBALEVENTID.is_unique and (df.GLOBALEVENTID > 0).all()


def test_dateadded_always_filled(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.CSV"
    export(db, "gdelt", out)
    df = _read61(out)
    assert df.DATEADDED.notna().all()
    # an article without publication date was added when it was ingested
    a2 = df[df.SOURCEURL == "a2"].iloc[0]
    with Store(db, read_only=True) as s:
        started = s.query("SELECT started FROM runs").started[0]
    assert str(a2.DATEADDED) == started[:19].replace("-", "").replace(":", "").replace("T", "")
    assert pd.isna(a2.SQLDATE)  # neither an event date nor a publication date: unknown


def test_duckdb_reads_it_with_names(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.CSV"
    export(db, "gdelt", out)
    cols = ", ".join(
        f"'{c}': '{'BIGINT' if c in INTEGER else 'DOUBLE' if c in FLOAT else 'VARCHAR'}'"
        for c in CODEBOOK)
    rows = duckdb.sql(
        f"SELECT EventCode, SQLDATE, ActionGeo_FullName FROM read_csv('{out}', delim='\t', "
        f"header=false, quote='', columns={{{cols}}}) ORDER BY EventCode").fetchall()
    assert rows == [("010", None, None), ("111", 20140609, None), ("190", 20140610, "Mosul")]


def test_header_extras_and_folder_name(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "h.CSV"
    export(db, "gdelt", out, header=True, with_extras=True)
    head = out.read_text().splitlines()[0].split("\t")
    assert head == CODEBOOK  # extras never go after column 61
    side = pd.read_csv(tmp_path / "h.CSV.extras.tsv", sep="\t", dtype=str)
    assert list(side.columns) == ["GLOBALEVENTID", "bedfellows_event_id", "article_id",
                                  "coder_version"]
    assert {gdelt_event_id(e) for e in side.bedfellows_event_id} == {
        int(x) for x in side.GLOBALEVENTID}
    folder = tmp_path / "drop"
    folder.mkdir()
    export(db, "gdelt", folder)
    export(db, "gdelt-mentions", folder)
    names = sorted(p.name for p in folder.iterdir() if not p.name.endswith(".json"))
    assert [n.split(".", 1)[1] for n in names] == ["export.CSV", "mentions.CSV"]
    assert all(len(n.split(".")[0]) == 14 for n in names)
    man = json.loads((folder / (names[0] + ".manifest.json")).read_text())
    assert man["export"]["columns"] == CODEBOOK and man["export"]["dtypes"]["EventCode"] == "string"


def test_mentions_table(db: Path, tmp_path: Path) -> None:
    events_out, out = tmp_path / "e.CSV", tmp_path / "m.CSV"
    export(db, "gdelt", events_out)
    n = export(db, "gdelt-mentions", out)
    m = pd.read_csv(out, sep="\t", header=None, names=MENTIONS, dtype={
        "MentionSourceName": "string", "MentionIdentifier": "string",
        "MentionDocTranslationInfo": "string", "Extras": "string"})
    assert n == len(m) == 5  # two events x (article + copy) + the undated article's event
    ev = _read61(events_out)
    # every mention points at an event, and NumMentions counts them
    counts = m.groupby("GLOBALEVENTID").size()
    for r in ev.itertuples():
        assert counts[r.GLOBALEVENTID] == r.NumMentions
        sub = m[m.GLOBALEVENTID == r.GLOBALEVENTID]
        assert (sub.EventTimeDate == r.DATEADDED).all()
    crit = ev[ev.EventCode == "111"].GLOBALEVENTID.iloc[0]
    own = m[(m.GLOBALEVENTID == crit) & (m.MentionSourceName == "example.com")].iloc[0]
    copy = m[(m.GLOBALEVENTID == crit) & (m.MentionSourceName == "wire.example.org")].iloc[0]
    assert own.MentionType == 1 and own.MentionIdentifier == "https://www.example.com/news/a1"
    assert own.MentionTimeDate == 20140610000000 and copy.MentionTimeDate == 20140611000000
    assert own.SentenceID == 1 and own.InRawText == 1 and own.Confidence == 100
    assert own.MentionDocLen == len(TEXT) and copy.MentionDocLen == len(DUP_TEXT)
    # offsets are into each article's own text
    for row, text in ((own, TEXT), (copy, DUP_TEXT)):
        assert text[row.Actor1CharOffset:].startswith("Washington")
        assert text[row.Actor2CharOffset:].startswith("Tehran")
        assert text[row.ActionCharOffset:].startswith("criticised")
    assert copy.Actor1CharOffset == own.Actor1CharOffset + len("Wire copy. ")
    assert own.MentionDocTone is not None and not pd.isna(own.MentionDocTone)
    undated = m[m.MentionIdentifier == "a2"].iloc[0]
    assert undated.MentionType == 6 and undated.MentionSourceName == "Blog"
