"""Per-Doc entity caches give what spaCy's own properties give."""

from __future__ import annotations

from bedfellows.nlp.cache import doc_ents, span_ents
from tests.handbuilt import make_doc

TOKENS = [
    ("Obama", 1, "nsubj", "PROPN", "NNP", "Obama", "B-PERSON"),
    ("met", 1, "ROOT", "VERB", "VBD", "meet", "O"),
    ("Rouhani", 1, "dobj", "PROPN", "NNP", "Rouhani", "B-PERSON"),
    ("in", 1, "prep", "ADP", "IN", "in", "O"),
    ("New", 5, "compound", "PROPN", "NNP", "New", "B-GPE"),
    ("York", 3, "pobj", "PROPN", "NNP", "York", "I-GPE"),
    (".", 1, "punct", "PUNCT", ".", ".", "O"),
]


def test_entities_of_doc_and_spans() -> None:
    doc = make_doc(TOKENS)
    assert [e.text for e in doc_ents(doc)] == ["Obama", "Rouhani", "New York"]
    assert doc_ents(doc) is doc_ents(doc)  # computed once
    for start, end in ((0, 7), (1, 4), (2, 5), (4, 6), (5, 7)):
        span = doc[start:end]
        assert [(e.start, e.end, e.label_) for e in span_ents(span)] == [
            (e.start, e.end, e.label_) for e in span.ents
        ]
    other = make_doc(TOKENS[:3])
    assert [e.text for e in doc_ents(other)] == ["Obama", "Rouhani"]  # a new Doc is not served the old one
