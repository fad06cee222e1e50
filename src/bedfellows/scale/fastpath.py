"""The fast path: parse only the sentences that can hold an event.

Most of a news article's sentences name no actor (markets, weather, history).
A cheap pass (tokenizer + rule sentence splitter + line-break rule) finds the
sentences; a sentence is *kept* when the actor/agent trie matches one of its
token runs (the same trie :func:`bedfellows.actors.mentions.find_mentions`
walks, without its capitalisation test, so the kept set is a superset), or
it has a pronoun or a short group reference that could point back to an
actor, or a quotation mark (quotes span sentences and carry speakers). Runs
of kept sentences go through the full pipeline together (so the parser still
sees their neighbours and decides their boundaries); skipped runs stay
tokenised only (with a placeholder tree that keeps their sentence
boundaries). The pieces are joined with ``Doc.from_docs`` into one Doc
with the article's exact text, so character offsets and the extractor are
unchanged; skipped sentences have no parse, hence no events.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LOWER,
    MORPH,
    NORM,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.tokens import Doc

from ..actors.mentions import FIRST_PERSON, GROUP_NOUNS, GROUP_PRONOUNS, PERSON_PRONOUNS, may_refer_to_pair

log = logging.getLogger(__name__)

# Words that can refer back to an actor named earlier (actors.mentions resolves them).
REFERRING_WORDS = frozenset(
    PERSON_PRONOUNS
    | GROUP_PRONOUNS
    | FIRST_PERSON
    | GROUP_NOUNS
    | {"who", "government", "ministry", "army", "police", "president", "minister", "officials"}
)
QUOTE_MARKS = frozenset('"“”«»„‘')
_SENT_END = frozenset({".", "!", "?", "...", "…"})
_OPENERS = frozenset('"“‘«([')
_CLOSERS = frozenset({'"', "”", "’", ")", "'"})


@dataclass
class FastStats:
    """Counts since the coder was built: how much parsing the fast path saved."""

    articles: int = 0
    sentences: int = 0
    kept: int = 0
    tokens: int = 0
    kept_tokens: int = 0

    @property
    def skipped_share(self) -> float:
        return 1.0 - self.kept / self.sentences if self.sentences else 0.0

    @property
    def skipped_token_share(self) -> float:
        return 1.0 - self.kept_tokens / self.tokens if self.tokens else 0.0


class FastPipe:
    """``pipe(texts)`` like ``nlp.pipe``, parsing only sentences that may hold an event."""

    def __init__(
        self,
        nlp: Any,
        trie: dict[str, list[tuple[tuple[str, ...], str, int]]],
        trigger_words: frozenset[str] | None = None,
    ) -> None:
        self.nlp = nlp
        self.trie = trie
        # when given, a sentence must also contain a word that can start a trigger
        self.trigger_words = trigger_words
        self.stats = FastStats()

    # -- the cheap pass ------------------------------------------------------
    def sentence_starts(self, doc: Doc) -> list[int]:
        """Token indices where sentences start: after . ! ? (and closing quotes), or a line break.

        Space tokens stay with the sentence before them, as the parser leaves them.
        """
        return _sentence_starts(*_token_columns(doc)[1:])

    def keep(self, lowers: list[str], texts: list[str]) -> bool:
        """May this sentence hold an event? (a word that can trigger one, and a trie match,
        a referring word or a quotation mark)"""
        if self.trigger_words is not None and not any(low in self.trigger_words for low in lowers):
            return False
        n = len(lowers)
        if may_refer_to_pair(lowers):  # "the two leaders", "both sides", "each other"
            return True
        for i, low in enumerate(lowers):
            if low in REFERRING_WORDS:
                return True
            bucket = self.trie.get(low)
            if bucket:
                for tokens, _kind, _idx in bucket:
                    k = len(tokens)
                    if k == 1 or (i + k <= n and tuple(lowers[i : i + k]) == tokens):
                        return True
            if any(ch in QUOTE_MARKS for ch in texts[i]):
                return True
        return False

    def plan(self, text: str) -> tuple[Doc, list[int], list[tuple[int, int, bool]]]:
        """The tokenised text, its sentence starts and segments: (first token, end token, parse it?)."""
        doc = self.nlp.make_doc(text)
        lowers, words, punct, space, spaced = _token_columns(doc)
        starts = _sentence_starts(words, punct, space, spaced) if len(doc) else []
        segments: list[tuple[int, int, bool]] = []
        bounds = starts + [len(doc)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            if a >= b:
                continue
            kept = self.keep(lowers[a:b], words[a:b])
            self.stats.sentences += 1
            self.stats.kept += int(kept)
            self.stats.tokens += b - a
            self.stats.kept_tokens += (b - a) if kept else 0
            if segments and segments[-1][2] == kept:
                segments[-1] = (segments[-1][0], b, kept)
            else:
                segments.append((a, b, kept))
        self.stats.articles += 1
        return doc, starts, segments

    # -- the full pass on kept runs ------------------------------------------
    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        """Docs with the exact texts; only kept sentence runs carry tags, parse and entities."""
        buf: list[str] = []
        for text in texts:
            buf.append(text)
            if len(buf) >= batch_size:
                yield from self._batch(buf, batch_size)
                buf = []
        if buf:
            yield from self._batch(buf, batch_size)

    def __call__(self, text: str) -> Doc:
        return next(iter(self._batch([text], 1)))

    def _batch(self, texts: list[str], batch_size: int) -> Iterator[Doc]:
        plans = [self.plan(t) for t in texts]
        jobs: list[str] = []
        for (doc, _starts, segments), text in zip(plans, texts, strict=True):
            for a, b, kept in segments:
                if kept:
                    jobs.append(_slice(text, doc, a, b))
        parsed = iter(self.nlp.pipe(jobs, batch_size=max(batch_size, len(jobs)))) if jobs else iter(())
        for (doc, sent_starts, segments), text in zip(plans, texts, strict=True):
            if not segments:
                yield doc
                continue
            if len(segments) == 1 and segments[0][2]:
                yield next(parsed)
                continue
            pieces = [next(parsed) if kept else None for _a, _b, kept in segments]
            joined = _annotate(doc, segments, pieces, set(sent_starts))
            if joined is None:  # the tokenised article itself: its text cannot change
                joined = _concatenate(doc, segments, pieces, set(sent_starts))
                if joined.text != text:  # never expected: fall back to the full parse
                    log.warning("fast path changed the text; parsing the whole article")
                    joined = self.nlp(text)
            yield joined


# what a parsed piece contributes to the article's Doc (tokenisation is already there)
_COPIED = [NORM, TAG, HEAD, DEP, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID, LEMMA, MORPH, POS, SENT_START]


def _annotate(
    doc: Doc, segments: list[tuple[int, int, bool]], pieces: list[Doc | None], starts: set[int]
) -> Doc | None:
    """Write the parsed pieces' annotation into the tokenised ``doc``, placeholder trees elsewhere.

    One ``from_array`` for the article (``Doc.from_docs`` rebuilds every token);
    None when a piece was tokenised differently from the whole text, so the
    caller concatenates instead.
    """
    tokens = doc.to_array([ORTH, SPACY])
    rows = numpy.zeros((len(doc), len(_COPIED)), dtype="uint64")
    head_col, dep_col = _COPIED.index(HEAD), _COPIED.index(DEP)
    root_dep = numpy.uint64(doc.vocab.strings.add("ROOT"))
    flat_dep = numpy.uint64(doc.vocab.strings.add("dep"))
    for (a, b, _kept), piece in zip(segments, pieces, strict=True):
        if piece is not None:
            if len(piece) != b - a or not numpy.array_equal(piece.to_array([ORTH, SPACY]), tokens[a:b]):
                return None
            rows[a:b] = piece.to_array(_COPIED)
            continue
        relative = numpy.array(_flat_heads(a, b, starts), dtype="int64") - numpy.arange(b - a)
        rows[a:b, head_col] = relative.view("uint64")
        rows[a:b, dep_col] = numpy.where(relative == 0, root_dep, flat_dep)
    doc.from_array(_COPIED, rows)  # type: ignore[arg-type]  # uint64, as to_array gives
    return doc


def _concatenate(
    doc: Doc, segments: list[tuple[int, int, bool]], pieces: list[Doc | None], starts: set[int]
) -> Doc:
    parts = [
        piece if piece is not None else _unparsed(doc, a, b, starts)
        for (a, b, _k), piece in zip(segments, pieces, strict=True)
    ]
    return Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]


def _token_columns(doc: Doc) -> tuple[list[str], list[str], list[int], list[int], list[int]]:
    """Lower forms, texts, is-punct, is-space and trailing-space flags of every token, read in bulk."""
    if not len(doc):
        return [], [], [], [], []
    strings = doc.vocab.strings
    cols = doc.to_array([LOWER, ORTH, IS_PUNCT, IS_SPACE, SPACY]).T.tolist()
    return [strings[h] for h in cols[0]], [strings[h] for h in cols[1]], cols[2], cols[3], cols[4]


def _sentence_starts(words: list[str], punct: list[int], space: list[int], spaced: list[int]) -> list[int]:
    """See :meth:`FastPipe.sentence_starts` (a token's trailing whitespace is one space or none)."""
    starts = [0]
    n = len(words)
    i = 0
    while i < n:
        text = words[i]
        end_here = text in _SENT_END or (punct[i] and text[-1:] in "!?.")
        brk = bool(space[i]) and "\n" in text
        if end_here or brk:
            j = i + 1
            # closing quotes/brackets and spaces belong to the sentence that ends
            while j < n and (space[j] or (words[j] in _CLOSERS and not spaced[j - 1])):
                j += 1
            first = words[j][:1] if j < n else ""
            if j < n and (brk or first.isupper() or first.isdigit() or first in _OPENERS):
                if j > starts[-1]:
                    starts.append(j)
            i = j
            continue
        i += 1
    return starts


def _slice(text: str, doc: Doc, a: int, b: int) -> str:
    """The text of tokens [a, b) of ``doc``, parsed from ``text``, with trailing whitespace."""
    return text[doc[a].idx : doc[b].idx if b < len(doc) else len(text)]


def _flat_heads(a: int, b: int, starts: set[int]) -> list[int]:
    """Heads of tokens [a, b), counted from ``a``: one flat tree per cheap-pass sentence,
    its first token the root."""
    heads: list[int] = []
    root = 0
    for k in range(b - a):
        if k == 0 or a + k in starts:
            root = k
        heads.append(root)
    return heads


def _unparsed(doc: Doc, a: int, b: int, starts: set[int]) -> Doc:
    """Tokens [a, b) of ``doc`` as a Doc of their own, one flat tree per cheap-pass sentence.

    A joined Doc takes its sentence boundaries from the parse, so unparsed
    sentences get a placeholder tree (first token ``ROOT``, the rest ``dep``)
    that keeps their boundaries; with no tags, lemmas or mentions the
    extractor finds nothing in them.
    """
    toks = doc[a:b]
    heads = _flat_heads(a, b, starts)
    deps = ["ROOT" if head == k else "dep" for k, head in enumerate(heads)]
    return Doc(
        doc.vocab,
        words=[t.text for t in toks],
        spaces=[bool(t.whitespace_) for t in toks],
        heads=heads,
        deps=deps,
    )
