"""Counts attached to events: hand-built parses for the rules, the real model end to end."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from bedfellows.dates.numwords import words_to_number
from bedfellows.events.numbers import extract_numbers

VOCAB = spacy.blank("en").vocab


def build(rows: list[tuple[str, int, str, str, str]]) -> Doc:
    """Doc from (word, head, dep, pos, ent label or "") rows."""
    ents, prev = [], ""
    for r in rows:
        ents.append("O" if not r[4] else ("I-" if r[4] == prev else "B-") + r[4])
        prev = r[4]
    return Doc(
        VOCAB,
        words=[r[0] for r in rows],
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        ents=ents,
    )


@pytest.mark.parametrize(
    ("words", "value"),
    [(["two"], 2), (["seven", "thousand"], 7000), (["7,000"], 7000), (["twenty-five"], 25),
     (["1.5", "million"], 1_500_000), (["two", "hundred", "and", "fifty"], 250),
     (["three", "dozen"], 36), (["dozens"], None), (["and"], None)],
)  # fmt: skip
def test_words_to_number(words: list[str], value: int | None) -> None:
    assert words_to_number(words) == value


def test_counts_in_clause_and_arguments_not_in_other_clauses() -> None:
    # Two soldiers were killed and thousands of demonstrators gathered .
    doc = build(
        [("Two", 1, "nummod", "NUM", "CARDINAL"), ("soldiers", 3, "nsubjpass", "NOUN", ""),
         ("were", 3, "auxpass", "AUX", ""), ("killed", 3, "ROOT", "VERB", ""),
         ("and", 3, "cc", "CCONJ", ""), ("thousands", 8, "nsubj", "NOUN", "CARDINAL"),
         ("of", 5, "prep", "ADP", ""), ("demonstrators", 6, "pobj", "NOUN", ""),
         ("gathered", 3, "conj", "VERB", ""), (".", 3, "punct", "PUNCT", "")]
    )  # fmt: skip
    sent = doc[:]
    assert extract_numbers(sent, doc[3]) == [{"value": 2, "of": "soldiers"}]
    assert extract_numbers(sent, doc[8]) == [
        {"value": None, "approx": "thousands", "of": "demonstrators"}
    ]
    # a source phrase outside the trigger's subtree still counts when passed as an argument
    assert extract_numbers(sent, doc[8], [doc[1]]) == [
        {"value": 2, "of": "soldiers"},
        {"value": None, "approx": "thousands", "of": "demonstrators"},
    ]


def test_years_distances_percentages_and_names_are_not_counts() -> None:
    # Jets struck 80 km away in 2003 , hitting 30 percent of Resolution 2170 sites .
    doc = build(
        [("Jets", 1, "nsubj", "NOUN", ""), ("struck", 1, "ROOT", "VERB", ""),
         ("80", 3, "nummod", "NUM", ""), ("km", 4, "npadvmod", "NOUN", ""),
         ("away", 1, "advmod", "ADV", ""), ("in", 1, "prep", "ADP", ""),
         ("2003", 5, "pobj", "NUM", ""), (",", 1, "punct", "PUNCT", ""),
         ("hitting", 1, "conj", "NOUN", ""), ("30", 10, "nummod", "NUM", "PERCENT"),
         ("percent", 8, "dobj", "NOUN", "PERCENT"), ("of", 10, "prep", "ADP", ""),
         ("Resolution", 14, "compound", "PROPN", ""), ("2170", 12, "nummod", "NUM", ""),
         ("sites", 11, "pobj", "NOUN", ""), (".", 1, "punct", "PUNCT", "")]
    )  # fmt: skip
    assert extract_numbers(doc[:], doc[1]) == []


def test_word_numbers_and_vague_quantities() -> None:
    # Some seven thousand police and several hundred troops deployed .
    doc = build(
        [("Some", 2, "quantmod", "DET", ""), ("seven", 2, "compound", "NUM", "CARDINAL"),
         ("thousand", 3, "nummod", "NUM", "CARDINAL"), ("police", 8, "nsubj", "NOUN", ""),
         ("and", 3, "cc", "CCONJ", ""), ("several", 6, "amod", "ADJ", ""),
         ("hundred", 7, "nummod", "NUM", "CARDINAL"), ("troops", 3, "conj", "NOUN", ""),
         ("deployed", 8, "ROOT", "VERB", ""), (".", 8, "punct", "PUNCT", "")]
    )  # fmt: skip
    assert extract_numbers(doc[:], doc[8]) == [
        {"value": 7000, "of": "police"},
        {"value": None, "approx": "several hundred", "of": "troops"},
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "want"),
    [
        ("The insurgents managed to seize Mosul with an estimated 7,000 strong force.", "seize",
         [{"value": 7000, "of": "force"}]),
        ("Air strikes killed dozens of children near the border.", "killed",
         [{"value": None, "approx": "dozens", "of": "children"}]),
        ("Two Indian soldiers were killed in the ambush.", "killed",
         [{"value": 2, "of": "soldiers"}]),
        ("Thousands of demonstrators protested outside the embassy.", "protested",
         [{"value": None, "approx": "Thousands", "of": "demonstrators"}]),
        ("Tens of thousands of people marched in the capital.", "marched",
         [{"value": None, "approx": "Tens of thousands", "of": "people"}]),
        ("Shia fighters attacked a post 80km from Baghdad in 2014.", "attacked", []),
    ],
)  # fmt: skip
def test_with_real_model(nlp, text: str, trigger: str, want: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    sent = next(iter(doc.sents))
    tok = next(t for t in sent if t.text == trigger)
    assert extract_numbers(sent, tok) == want
