"""Title-case headlines parsed as if written in sentence case.

"U.S. Lifts Travel Ban to Lebanon" reaches the tagger as a string of proper
nouns and codes nothing. The ``bedfellows_recase`` component runs last in the
pipeline: for each line (or cheap-pass sentence) whose content words are
nearly all capitalised, it lower-cases the words that are ordinary English
words and not names (the actor dictionary's names and words the lemmatizer's
word index does not know stay as written), parses that stretch again through
the same components, and copies the tags, lemmas, parse and entities back onto
the original tokens. The text, the tokens and every character offset stay
exactly as written; only the annotation of title-case stretches changes.
Because it is local to a stretch of the Doc, the fast path (which parses runs
of sentences) and the full parse give the same annotation.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from spacy.attrs import DEP, ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc

log = logging.getLogger(__name__)

COMPONENT = "bedfellows_recase"
# Title case capitalises every word but short function words ("to", "in", "of"); a stretch with
# any other lower-case word is running text, however many names it holds.
HEADLINE_LOWER = frozenset(
    "a an the and or nor but of in on at to for by with from as into onto over off per vs via up out".split()
)
MIN_CONTENT_WORDS = 3
_COPIED = [NORM, TAG, HEAD, DEP, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID, LEMMA, MORPH, POS, SENT_START]
_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("d", ""))


def is_title_case(words: list[str]) -> bool:
    """Whether a stretch's words read as a headline: every content word capitalised, not all caps."""
    alpha = [w for w in words if w.isalpha()]
    content = [w for w in alpha if w.lower() not in HEADLINE_LOWER]
    if len(content) < MIN_CONTENT_WORDS or any(not w[0].isupper() for w in content):
        return False
    return sum(1 for w in content if w.isupper()) / len(content) < 0.5


class Recaser:
    """Decides which words of a title-case stretch are ordinary words, and re-parses the stretch."""

    def __init__(self, nlp: Language, name: str = COMPONENT) -> None:
        self.nlp = nlp
        self.name = name
        self._common: frozenset[str] | None = None
        self._verbs: frozenset[str] = frozenset()

    # -- the word lists --------------------------------------------------------
    def common_words(self) -> frozenset[str]:
        """Lower-case English words the model's lemmatizer knows (its WordNet word index)."""
        if self._common is None:
            words: set[str] = set()
            try:
                index = self.nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
                for forms in index.values():
                    words.update(forms)
                self._verbs = frozenset(index.get("verb", ()))
            except (KeyError, ValueError, AttributeError):
                log.debug("no lemma index in this model: title-case headlines are parsed as written")
            self._common = frozenset(words)
        return self._common

    def is_common(self, low: str, within: frozenset[str] | None = None) -> bool:
        common = self.common_words() if within is None else within
        if low in common:
            return True
        return any(low.endswith(suf) and low[: len(low) - len(suf)] + rep in common for suf, rep in _SUFFIXES)

    def is_verb(self, low: str) -> bool:
        self.common_words()
        return self.is_common(low, self._verbs)

    # -- one Doc --------------------------------------------------------------
    def stretches(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges of the Doc's title-case lines and sentences."""
        from ..scale.fastpath import _sentence_starts, _token_columns

        if not len(doc):
            return []
        _lowers, words, punct, space, spaced = _token_columns(doc)
        starts = _sentence_starts(words, punct, space, spaced)
        bounds = [*starts, len(doc)]
        out = []
        for a, b in zip(bounds, bounds[1:], strict=False):
            while b > a and space[b - 1]:
                b -= 1  # trailing line breaks are not part of the stretch
            if b - a >= 2 and is_title_case(words[a:b]):
                out.append((a, b))
        return out

    def recased(self, words: list[str], names: set[int] | None = None) -> list[str] | None:
        """The stretch with its ordinary words lower-cased (None when nothing changes).

        The first word keeps its capital, as in any sentence; names stay as written: words of
        an actor name in the dictionary ("Lebanon", "Bush"), positions in ``names`` (people and
        places the model found), and words no English word list has. A stretch with no word that
        can be a verb is a name or a title ("Deputy Secretary Hicks"), not a headline: left alone.
        """
        lowers = [w.lower() for w in words]
        keep = _dictionary_names(lowers) | (names or set())
        out = list(words)
        changed = verb = False
        for k, w in enumerate(words):
            if k == 0 or k in keep or not (w.isalpha() and w.istitle() and len(w) > 1):
                continue
            if self.is_common(lowers[k]):
                out[k] = lowers[k]
                changed = True
                verb = verb or self.is_verb(lowers[k])
        return out if changed and verb else None

    def __call__(self, doc: Doc) -> Doc:
        try:
            spans = self.stretches(doc)
        except Exception:  # noqa: BLE001 - a headline heuristic must never lose an article
            log.debug("title-case detection failed", exc_info=True)
            return doc
        for a, b in spans:
            names = {t.i - a for t in doc[a:b] if t.ent_type_ in ("PERSON", "GPE", "NORP", "LOC")}
            words = self.recased([t.text for t in doc[a:b]], names)
            if words is None:
                continue
            if any(not (a <= t.head.i < b) for t in doc[a:b]):
                continue  # the stretch is not a sentence of its own in this parse: leave it
            redo = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc[a:b]])
            redo[0].is_sent_start = True
            for name, proc in self.nlp.pipeline:
                if name == self.name:
                    break
                redo = proc(redo)
            rows = doc.to_array(_COPIED)
            rows[a:b] = redo.to_array(_COPIED)
            if b < len(doc):
                rows[b, _COPIED.index(SENT_START)] = 1
                _drop_cut_entity(rows, b)
            doc.from_array(_COPIED, rows)  # type: ignore[arg-type]
        return doc


def _drop_cut_entity(rows: Any, b: int) -> None:
    """An entity the first parse ran across the stretch's end has lost its beginning to the
    re-parse ("In New\nYork"): its remaining tokens become O, else spaCy's ``Doc.ents`` raises E093."""
    iob, typ = _COPIED.index(ENT_IOB), _COPIED.index(ENT_TYPE)
    inside, begin = 1, 3  # spaCy's ent_iob values (0 missing, 1 I, 2 O, 3 B)
    if rows[b, iob] != inside or (rows[b - 1, iob] in (inside, begin) and rows[b - 1, typ] == rows[b, typ]):
        return
    k = b
    while k < len(rows) and rows[k, iob] == inside:
        rows[k, iob] = 2
        for column in (ENT_TYPE, ENT_KB_ID, ENT_ID):
            rows[k, _COPIED.index(column)] = 0
        k += 1


@lru_cache(maxsize=1)
def _name_trie() -> dict[str, list[tuple[tuple[str, ...], str, int]]]:
    from ..actors.dictionary import load_default_dictionary

    return load_default_dictionary().trie


def _dictionary_names(lowers: list[str]) -> set[int]:
    """Positions of words that belong to an actor name the dictionary knows."""
    trie = _name_trie()
    keep: set[int] = set()
    n = len(lowers)
    for i, low in enumerate(lowers):
        for tokens, kind, _idx in trie.get(low, ()):
            k = len(tokens)
            if kind == "actor" and i + k <= n and tuple(lowers[i : i + k]) == tokens:
                keep.update(range(i, i + k))
    return keep


@Language.factory(COMPONENT)
def make_recaser(nlp: Language, name: str) -> Any:
    return Recaser(nlp, name)
