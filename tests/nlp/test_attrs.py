"""The compiled attribute ruler: spaCy's rule semantics, and the same annotation as spaCy's ruler."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from bedfellows.nlp.attrs import CompiledAttributeRuler, UnsupportedRule, speed_up
from tests.handbuilt import make_doc

# (text, head, dep, pos, tag, lemma, ent): tags and deps are what the rules read
THERE_IS: list[tuple[str, int, str, str, str, str, str]] = [
    ("There", 1, "expl", "", "EX", "", "O"),
    ("is", 1, "ROOT", "", "VBZ", "", "O"),
    ("a", 3, "det", "", "DT", "", "O"),
    ("deal", 1, "attr", "", "NN", "", "O"),
    ("gon", 5, "aux", "", "VBG", "", "O"),
    ("na", 5, "aux", "", "TO", "", "O"),
]

RULES = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}, "index": 0},
    {"patterns": [[{"TAG": {"IN": ["VBZ", "VBP"]}}]], "attrs": {"POS": "VERB"}, "index": 0},
    {"patterns": [[{"TAG": "DT", "LOWER": "a"}]], "attrs": {"POS": "DET", "MORPH": "Definite=Ind"}, "index": 0},
    # a later rule wins over an earlier one on the same token
    {"patterns": [[{"LOWER": "deal", "DEP": {"NOT_IN": ["nsubj"]}}]], "attrs": {"MORPH": "Number=Sing|X=Y"},
     "index": 0},
    # multi-token rules, the index choosing the token
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "are"]}}]], "attrs": {"POS": "AUX"}, "index": 1},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": {"REGEX": "^na$"}}]], "attrs": {"LEMMA": "to"}, "index": -1},
]


def _attrs(doc: Doc) -> list[tuple[str, str, str, str]]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_rules_apply_in_order_with_multi_token_indices() -> None:
    doc = make_doc(THERE_IS)
    ruler = CompiledAttributeRuler(doc.vocab, RULES)
    got = _attrs(ruler(doc))
    assert got == [
        ("There", "", "", ""),
        ("is", "AUX", "", ""),          # VERB by rule 1, then AUX by the later two-token rule
        ("a", "DET", "Definite=Ind", ""),
        ("deal", "NOUN", "Number=Sing|X=Y", ""),
        ("gon", "", "", ""),
        ("na", "", "", "to"),
    ]


def test_same_as_spacy_attribute_ruler_on_the_same_rules() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(RULES)  # type: ignore[attr-defined]
    expected = _attrs(ruler(make_doc(THERE_IS, nlp.vocab)))
    compiled = CompiledAttributeRuler(nlp.vocab, ruler.patterns)  # type: ignore[attr-defined]
    assert _attrs(compiled(make_doc(THERE_IS, nlp.vocab))) == expected


@pytest.mark.parametrize(
    "rule",
    [
        {"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}, "index": 0},
        {"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "X"}, "index": 0},
        {"patterns": [[{"LOWER": "a"}]], "attrs": {"NORM": "an"}, "index": 0},
    ],
)
def test_rules_it_cannot_reproduce_are_refused(rule: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(UnsupportedRule):
        CompiledAttributeRuler(spacy.blank("en").vocab, [rule])


def test_speed_up_keeps_an_unsupported_ruler() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"POS": "DET"})  # type: ignore[attr-defined]
    assert speed_up(nlp) is False
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"


@pytest.mark.model
def test_compiled_ruler_matches_spacy_on_news(shared: Path) -> None:
    from bedfellows.nlp.pipeline import DEFAULT_MODEL

    original = spacy.load(DEFAULT_MODEL)
    faster = spacy.load(DEFAULT_MODEL)
    assert speed_up(faster) is True
    assert faster.pipe_names == original.pipe_names
    texts = [json.loads(x)["text"] for x in (shared / "examples" / "seed-article.jsonl").read_text().splitlines() if x]
    texts += [line.split("\t")[0] for line in
              (shared / "data" / "benchmarks" / "conflibert_cameo_class_train.tsv").read_text().splitlines()[:300]]

    def annotation(nlp: spacy.language.Language) -> list[tuple[str, ...]]:
        return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for d in nlp.pipe(texts) for t in d]

    expected, got = annotation(original), annotation(faster)
    assert len(got) > 5000
    assert got == expected


def test_caches_start_afresh_at_their_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import bedfellows.nlp.attrs as attrs

    monkeypatch.setattr(attrs, "CACHE_LIMIT", 3)
    doc = make_doc(THERE_IS)
    ruler = CompiledAttributeRuler(doc.vocab, RULES)
    expected = _attrs(ruler(make_doc(THERE_IS)))
    assert len(ruler._cache) <= 3
    assert _attrs(ruler(make_doc(THERE_IS))) == expected  # same annotation after clearing
