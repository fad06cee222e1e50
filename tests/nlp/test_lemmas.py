"""The look-up lemmatizer: spaCy's rule lemmas, token for token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from bedfellows.nlp import lemmas
from bedfellows.nlp.lemmas import LookupLemmatizer, speed_up_lemmatizer

pytestmark = pytest.mark.model


def _news(shared: Path) -> list[str]:
    texts = [json.loads(x)["text"] for x in (shared / "examples" / "realnews-set.jsonl").read_text().splitlines() if x]
    texts += [line.split("\t")[0] for line in
              (shared / "data" / "benchmarks" / "conflibert_cameo_class_train.tsv").read_text().splitlines()[:300]]
    return texts


def test_same_lemmas_as_spacy_on_news(shared: Path) -> None:
    from bedfellows.nlp.pipeline import DEFAULT_MODEL

    original = spacy.load(DEFAULT_MODEL)
    faster = spacy.load(DEFAULT_MODEL)
    assert speed_up_lemmatizer(faster) is True
    assert isinstance(faster.get_pipe("lemmatizer"), LookupLemmatizer)
    assert faster.pipe_names == original.pipe_names
    texts = _news(shared)

    def annotation(nlp: spacy.language.Language) -> list[tuple[str, str, str, str]]:
        return [(t.text, t.pos_, str(t.morph), t.lemma_) for d in nlp.pipe(texts) for t in d]

    expected, got = annotation(original), annotation(faster)
    assert len(got) > 20000
    assert got == expected


def test_the_table_starts_afresh_at_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from bedfellows.nlp.pipeline import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    assert speed_up_lemmatizer(nlp)
    monkeypatch.setattr(lemmas, "CACHE_LIMIT", 5)
    doc = nlp("Rebels seized Mosul and Tikrit, killing 1,700 people in raids on the towns.")
    assert [t.lemma_ for t in doc][:3] == ["rebel", "seize", "Mosul"]
    assert len(nlp.get_pipe("lemmatizer")._table) <= 5  # type: ignore[attr-defined]


def test_a_lemmatizer_it_cannot_reproduce_is_kept() -> None:
    nlp = spacy.blank("en")
    assert speed_up_lemmatizer(nlp) is False  # no lemmatizer at all


def test_the_original_tables_are_still_there() -> None:
    from bedfellows.nlp.pipeline import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    original = nlp.get_pipe("lemmatizer")
    assert speed_up_lemmatizer(nlp)
    lookup = nlp.get_pipe("lemmatizer")
    assert lookup.lookups is original.lookups  # type: ignore[attr-defined]  # the recaser reads it
    assert lookup.mode == "rule"  # type: ignore[attr-defined]
