"""The extractor's decisions on hand-built parses: modality, voice, coordination, conditionals."""

from __future__ import annotations

import pytest

from bedfellows.actors.dictionary import load_default_dictionary
from bedfellows.events.codebook import load_codebook
from bedfellows.events.extract import EventExtractor, ExtractorResources
from bedfellows.events.lexicon import load_lexicon
from bedfellows.records import Article
from tests.handbuilt import (
    COMPOUND_ACTORS,
    IF_PYONGYANG,
    ISRAEL_THREATENED,
    RUSSIA_DID_NOT_SEND,
    SOLDIERS_KILLED_BY,
    TURKEY_DENIED,
    Tok,
    make_doc,
)


@pytest.fixture(scope="module")
def extractor() -> EventExtractor:
    # no PETRARCH verbs and no gazetteer: the core lexicon alone, fast
    r = ExtractorResources(load_default_dictionary(), load_lexicon(), load_codebook(), None, None)
    return EventExtractor(r)


def code(extractor: EventExtractor, tokens: list[Tok], published: str = "2020-01-15") -> list[tuple[str, str, str]]:
    doc = make_doc(tokens)
    events = extractor.extract(doc, Article("t", doc.text, published))
    return [(e.source.code if e.source else "", e.target.code if e.target else "", e.cameo) for e in events]


def test_negated_action_is_not_coded(extractor: EventExtractor) -> None:
    assert code(extractor, RUSSIA_DID_NOT_SEND) == []


def test_the_same_sentence_without_negation_is_coded(extractor: EventExtractor) -> None:
    asserted = [t for t in RUSSIA_DID_NOT_SEND if t[0] not in ("did", "not")]
    # re-index heads after dropping two tokens before "send" (index 3 → 1)
    remap = {0: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5, 8: 6, 9: 7}
    fixed = [(w, remap[h], d, p, tag if w != "send" else "VBD", lem, e) for (w, h, d, p, tag, lem, e) in asserted]
    fixed = [(w.replace("send", "sent"), h, d, p, tag, lem, e) for (w, h, d, p, tag, lem, e) in fixed]
    events = code(extractor, fixed)
    assert ("RUS", "BLR", "150") in events


def test_denial_becomes_a_denial_not_the_shelling(extractor: EventExtractor) -> None:
    events = code(extractor, TURKEY_DENIED)
    assert [e[2] for e in events] == ["016"]
    assert events[0][0] == "TUR"


def test_threat_codes_the_threat_with_the_threatened_target(extractor: EventExtractor) -> None:
    assert code(extractor, ISRAEL_THREATENED) == [("ISR", "IRN", "138")]


def test_passive_voice_swaps_source_and_target(extractor: EventExtractor) -> None:
    assert code(extractor, SOLDIERS_KILLED_BY) == [("PAKMIL", "INDMIL", "190")]


def test_coordinated_subjects_each_get_an_event(extractor: EventExtractor) -> None:
    events = code(extractor, COMPOUND_ACTORS)
    sources = {e[0] for e in events}
    assert "IRQMIL" in sources
    assert any(s.endswith("SHIUAF") for s in sources)
    assert all(e[1] == "IMGMUSISI" and e[2] == "190" for e in events)


def test_conditional_sanction_is_a_threat_against_the_condition_actor(extractor: EventExtractor) -> None:
    events = code(extractor, IF_PYONGYANG)
    assert events == [("JPN", "PRKGOV", "131")]
