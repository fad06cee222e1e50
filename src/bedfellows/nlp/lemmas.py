"""spaCy's rule lemmatizer as a table look-up: the same lemmas, one pass over a Doc's columns.

spaCy's ``Lemmatizer`` in rule mode visits every token in Python and, for a
token without a lemma, asks ``rule_lemmatize``, whose answer depends only on
the token's form, POS and morphology (spaCy caches it under that key).
:class:`LookupLemmatizer` reads the three columns of the whole Doc with one
``to_array``, asks the original lemmatizer once per distinct key, remembers
the answer, and writes the lemmas back with one ``from_array``. Tokens that
already have a lemma (set by the attribute ruler) keep it, as spaCy does with
``overwrite=False``. Its tables and other attributes are the original's.

It is installed only for a rule-mode lemmatizer without ``overwrite``, and
only after a check on built-in sentences gives spaCy's lemmas (see
:func:`speed_up_lemmatizer`); otherwise spaCy's stays.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: Distinct (form, POS, morphology) keys remembered before the table starts afresh.
CACHE_LIMIT = 200_000

_COLUMNS = [ORTH, POS, MORPH, LEMMA]


class LookupLemmatizer:
    """``Lemmatizer.__call__`` (rule mode, no overwrite) as cached look-ups; see the module docstring."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab
        self.original: Lemmatizer | None = None
        self._table: dict[tuple[int, int, int], int] = {}

    def __getattr__(self, name: str) -> Any:
        """Anything else (``lookups``, ``mode``, ``lemmatize``...) is the original lemmatizer's:
        components that read its tables (the recaser reads its word index) see the same."""
        original = self.__dict__.get("original")
        if original is None:
            raise AttributeError(name)
        return getattr(original, name)

    def load(self, original: Lemmatizer) -> None:
        self.original = original
        self._table.clear()

    def _lemma(self, doc: Doc, i: int, key: tuple[int, int, int]) -> int:
        assert self.original is not None
        if len(self._table) >= CACHE_LIMIT:
            self._table.clear()  # word forms are open-ended: start afresh rather than grow
        lemma = self.vocab.strings.add(self.original.lemmatize(doc[i])[0])
        self._table[key] = lemma
        return int(lemma)

    def __call__(self, doc: Doc) -> Doc:
        if self.original is None:
            raise RuntimeError("LookupLemmatizer used before load(): speed_up_lemmatizer loads it")
        if not len(doc):
            return doc
        rows = doc.to_array(_COLUMNS)
        todo = numpy.flatnonzero(rows[:, 3] == 0)
        if not len(todo):
            return doc
        table = self._table
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph) in zip(todo.tolist(), rows[todo, :3].tolist(), strict=True):
            key = (orth, pos, morph)
            lemma = table.get(key)
            lemmas[i] = lemma if lemma is not None else self._lemma(doc, i, key)
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]  # uint64, as to_array gives
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("bedfellows_lemmatizer")
def make_lookup_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    """An empty look-up lemmatizer; :func:`speed_up_lemmatizer` loads it with the pipeline's own."""
    return LookupLemmatizer(nlp.vocab)


_CHECK_TEXTS = (
    "Iran's president said on Saturday that Tehran could cooperate with the United States.",
    "Rebels seized Mosul and Tikrit, killing 1,700 people; officials were meeting ministers in Baghdad.",
    "\"We're gonna win,\" he said. The talks broke down, and the armies had fought again by then.",
    "She has been arrested twice; the protesters are marching, better organised than ever.",
)


def speed_up_lemmatizer(nlp: Language, check_texts: Sequence[str] = _CHECK_TEXTS) -> bool:
    """Replace ``nlp``'s rule lemmatizer by :class:`LookupLemmatizer` if it gives the same lemmas."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    original = nlp.get_pipe("lemmatizer")
    if not isinstance(original, Lemmatizer) or original.mode != "rule" or original.overwrite:
        return False
    expected = [[t.lemma_ for t in doc] for doc in nlp.pipe(check_texts)]
    lookup = LookupLemmatizer(nlp.vocab)
    lookup.load(original)
    got = []
    for text in check_texts:
        doc = nlp.make_doc(text)
        for pipe_name, proc in nlp.pipeline:
            doc = lookup(doc) if pipe_name == "lemmatizer" else proc(doc)
        got.append([t.lemma_ for t in doc])
    if got != expected:
        log.warning("look-up lemmatizer differs from spaCy's on the check sentences; keeping spaCy's")
        return False
    nlp.replace_pipe("lemmatizer", "bedfellows_lemmatizer")
    nlp.get_pipe("lemmatizer").load(original)  # type: ignore[attr-defined]
    return True


__all__ = ["LookupLemmatizer", "speed_up_lemmatizer"]
