"""Gold readers and scoring, on small files written here and on the public sets in ../shared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bedfellows.evaluate import GoldFormatError, detect_format, read_gold
from bedfellows.evaluate.scoring import (
    classify_items,
    date_place,
    exact_records,
    quad_for_code,
    score_items,
)

PETR_XML = """<Validation>
<!-- a comment with <Sentence> inside must not count -->
<Sentence date="19950101" id="T-01" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor restored full diplomatic
ties with Gondor.
</Text>
<Parse>(ROOT (S))</Parse>
</Sentence>
<Sentence date="19950102" id="T-02" category="DEMO" sentence="true">
<EventCoding noevents = "True">
<Text>Nothing happened.</Text>
</Sentence>
</Validation>
"""


def ev(src: str | None, tgt: str | None, cameo: str, **kw: Any) -> dict[str, Any]:
    def actor(c: str | None) -> dict[str, Any] | None:
        return {"code": c, "country": None, "name": None, "text": c} if c else None

    quad = quad_for_code(cameo)
    return {"source": actor(src), "target": actor(tgt), "cameo": cameo, "quad_class": quad, **kw}


def test_petrarch_xml_reader(tmp_path: Path) -> None:
    p = tmp_path / "records.xml"
    p.write_text(PETR_XML)
    g = read_gold(p)
    assert g.format == "petrarch-xml"
    assert [i.id for i in g.items] == ["T-01", "T-02"]
    first = g.items[0]
    assert first.text == "Arnor restored full diplomatic ties with Gondor."
    assert first.date == "1995-01-01"
    assert first.events[0].cameo == ("064",) and first.events[0].source.codes == ("ARN",)
    assert g.items[1].noevents and not g.items[1].events


def test_exact_records_and_levels(tmp_path: Path) -> None:
    p = tmp_path / "records.xml"
    p.write_text(PETR_XML)
    items = read_gold(p).items
    coded = {"T-01": [ev("ARN", "GON", "064")], "T-02": []}
    assert exact_records(items, coded) == 1.0
    coded_bad = {"T-01": [ev("ARNGOV", "GON", "064")], "T-02": [ev("ARN", "GON", "010")]}
    assert exact_records(items, coded_bad) == 0.0
    scores, outcomes = score_items(items, coded_bad, "exact")
    # country-level dyad still right, exact actor code wrong
    assert scores["dyad_root"].recall == 1.0 and scores["exact"].recall == 0.0
    assert outcomes[0].misses and outcomes[1].extras


def test_plover_reader_symmetric_and_scoring(tmp_path: Path) -> None:
    recs = [
        {"id": "DOC", "event": "DOCUMENT", "eventText": "x"},
        {
            "id": "P1",
            "date": "2000-01-01",
            "event": "AGREE",
            "eventText": "agreed",
            "text": "Hungary and Romania agreed.",
            "source": [{"code": "HUN"}, {"code": "ROU"}],
            "textInfo": {"markup": "(SRC/TAR: Hungary) and (SRC/TAR: Romania) (EVT: agreed)."},
        },
        {
            "id": "P2",
            "date": "2000-01-01",
            "event": "ASSAULT",
            "eventText": "shelled",
            "text": "Serbs shelled Sarajevo.",
            "source": [{"code": "SRB"}],
            "target": [{"code": "BIH"}],
            "textInfo": {"markup": "(SRC: Serbs) (EVT: shelled) (TAR: Sarajevo)."},
        },
    ]
    p = tmp_path / "gsr.json"
    p.write_text(json.dumps(recs))
    g = read_gold(p)
    assert g.format == "plover-gsr" and len(g.items) == 2
    assert g.items[0].events[0].symmetric and g.items[0].events[0].target.codes == ("HUN", "ROU")
    coded = {
        "P1": [ev("ROUGOV", "HUNGOV", "057", plover="AGREE")],
        # a plain statement (010) has no PLOVER type and is not scored at PLOVER levels;
        # a typed event that matches nothing is an extra
        "P2": [
            ev("SRBMIL", "BIHGOV", "195", plover="ASSAULT"),
            ev("SRB", "USA", "010"),
            ev("SRB", "USA", "111", plover="ACCUSE"),
        ],
    }
    scores, _ = score_items(g.items, coded, "dyad_plover")
    s = scores["dyad_plover"]
    assert (s.gold, s.found, s.coded, s.explained) == (2, 2, 3, 2)
    assert s.f1 == pytest.approx(0.8)
    assert "dyad_root" not in scores  # PLOVER gold has no CAMEO codes


def test_conflibert_classes(tmp_path: Path) -> None:
    p = tmp_path / "train.tsv"
    p.write_text("A said B.\t0\nA shelled B.\t4\nA met B.\t1\n")
    g = read_gold(p)
    assert [i.label for i in g.items] == [0, 4, 1]
    coded = {"cb00001": [ev("A", "B", "010")], "cb00002": [ev("A", "B", "190")], "cb00003": []}
    figs, wrong = classify_items(g.items, coded)
    assert figs["accuracy"] == pytest.approx(2 / 3)
    assert figs["coverage"] == pytest.approx(2 / 3) and figs["accuracy_covered"] == 1.0
    assert [w[0].label for w in wrong] == [1]


def test_bedfellows_gold_matches_reference_semantics(tmp_path: Path) -> None:
    gold = {
        "articles": {
            "a1": {
                "required": [
                    {
                        "source": {"country": ["IRN"]},
                        "target": {"country": ["USA"]},
                        "roots": ["03"],
                        "date": "2014-06-14",
                    }
                ],
                "optional": [{"source": "*", "target": "*", "roots": ["01"]}],
                "forbidden": [
                    {
                        "source": {"country": ["IRN"]},
                        "target": {"country": ["IRQ"]},
                        "roots": ["19"],
                    }
                ],
            }
        }
    }
    (tmp_path / "gold").mkdir()
    (tmp_path / "examples").mkdir()
    gp = tmp_path / "gold" / "demo.gold.json"
    gp.write_text(json.dumps(gold))
    (tmp_path / "examples" / "demo-set.jsonl").write_text(
        json.dumps({"id": "a1", "published": "2014-06-14", "text": "Iran may cooperate."}) + "\n"
    )
    g = read_gold(gp)
    assert g.format == "bedfellows-gold" and g.items[0].date == "2014-06-14"
    coded = {
        "a1": [
            ev("IRNGOV", "USAGOV", "036", date="2014-06-14"),
            ev("IRNGOV", "USAGOV", "036", date="2014-06-01"),  # same key: first counts
            ev("IRN", "IRQ", "190"),
            ev("IRN", None, "010"),
        ]
    }
    scores, _ = score_items(g.items, coded, "dyad_root")
    s = scores["dyad_root"]
    assert (s.gold, s.found, s.coded, s.explained) == (1, 1, 3, 2)
    dp = date_place(g.items, coded)
    assert dp["date"] == 1.0 and dp["forbidden"] == 1.0


def test_format_errors_are_one_line(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_text('{"hello": 1}')
    with pytest.raises(GoldFormatError, match="cannot tell the gold format"):
        read_gold(p)
    with pytest.raises(GoldFormatError, match="no such gold file"):
        read_gold(tmp_path / "missing.json")
    bad = tmp_path / "bad.tsv"
    bad.write_text("ok\t1\nno class here\n")
    with pytest.raises(GoldFormatError, match="line 2"):
        read_gold(bad)


def test_quad_for_code() -> None:
    assert [quad_for_code(c) for c in ("010", "057", "073", "112", "195", "xx")] == [
        1,
        1,
        2,
        3,
        4,
        None,
    ]


@pytest.mark.parametrize(
    "name,fmt,items",
    [
        ("data/benchmarks/petrarch2_PETR.UnitTest.records.xml", "petrarch-xml", 284),
        ("data/benchmarks/derived_petrarch2_unittest_records.jsonl", "petrarch-jsonl", 284),
        ("data/benchmarks/plover_PLOVER_GSR_CAMEO.json", "plover-gsr", 322),
        ("data/benchmarks/conflibert_cameo_class_train.tsv", "conflibert-tsv", 1349),
        ("gold/seed.gold.json", "bedfellows-gold", 1),
        ("gold/modality.gold.json", "bedfellows-gold", 30),
    ],
)
def test_public_sets_read(shared: Path, name: str, fmt: str, items: int) -> None:
    p = shared / name
    assert detect_format(p) == fmt
    g = read_gold(p)
    assert len(g.items) == items
    if fmt.startswith("petrarch"):
        assert g.dictionaries and sum(len(i.events) for i in g.items) == 359


def test_ngec_cases_read(shared: Path) -> None:
    g = read_gold(shared / "data/benchmarks/derived_ngec_actor_resolution_cases.jsonl")
    assert g.format == "ngec-actors" and len(g.cases) > 300
    kurti = next(c for c in g.cases if c["text"] == "Albin Kurti")
    assert kurti["country"] == "XKX" and kurti["date"] == "2021-01-01"


def test_conflibert_class_is_phoenix_penta_class() -> None:
    from bedfellows.evaluate.scoring import sentence_class

    codes = ("010", "0233", "036", "057", "073", "112", "138", "141", "161", "173", "195", "", None)
    assert [sentence_class({"cameo": c}) for c in codes] == [0, 0, 1, 1, 2, 3, 3, 4, 3, 4, 4, None, None]
