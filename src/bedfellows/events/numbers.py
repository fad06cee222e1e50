"""Counts attached to an event: "Two Indian soldiers were killed", "thousands of demonstrators".

A count is a number phrase in the trigger's own clause (its subtree without
subordinate or coordinated clauses, which carry their own events) or in the
phrases of its source and target. Years, dates, distances, percentages and
money are not counts. Vague quantities ("dozens", "hundreds of thousands")
keep their words in ``approx`` with ``value`` None, never an invented figure.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Span, Token

from ..dates.numwords import SCALES, TENS, UNITS, words_to_number

log = logging.getLogger(__name__)

#: Entity types whose numbers are not counts of things.
NOT_COUNTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
#: Plural number words that only give an order of magnitude.
VAGUE = frozenset({"dozens", "scores", "hundreds", "thousands", "millions", "billions", "tens"})
#: Words before a round number that make it vague ("several hundred").
VAGUE_PREFIX = frozenset({"several", "few", "many"})
#: Nouns that make a number a measure, an age or a time span rather than a count.
MEASURES = frozenset(
    "km kilometres kilometers kilometre kilometer mile miles metres meters metre meter "
    "percent per cent % dollars dollar euros euro pounds usd $ tonnes tons kg hours hour "
    "minutes minute seconds days day weeks week months month years year decades decade "
    "centuries century times mph km/h".split()
)
#: Dependents that start a clause of its own (with its own event and its own counts).
CLAUSE_DEPS = frozenset({"advcl", "ccomp", "parataxis", "relcl", "acl", "csubj", "csubjpass"})
#: How a number may hang in the parse to count something.
COUNT_DEPS = frozenset({"nummod", "nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "npadvmod", "ROOT"})
_NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES) - {"a", "an"}
_YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d)$")


def _clause_scope(roots: Iterable[Token]) -> set[int]:
    """Token indices of each root's subtree, minus dependent clauses."""
    ids: set[int] = set()
    for root in roots:
        stack = [root]
        while stack:
            tok = stack.pop()
            if tok.i in ids:
                continue
            ids.add(tok.i)
            for child in tok.children:
                if child.dep_ in CLAUSE_DEPS:
                    continue
                if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                    continue
                stack.append(child)
    return ids


def _is_numberish(tok: Token) -> bool:
    low = tok.lower_
    if low in ("a", "an"):
        return False
    return (
        bool(tok.like_num) or low in _NUMBER_WORDS or ("-" in low and all(p in _NUMBER_WORDS for p in low.split("-")))
    )


def _number_run(tok: Token) -> list[Token]:
    """The contiguous number words around ``tok`` ("seven thousand", "1.5 million")."""
    doc = tok.doc
    start = end = tok.i
    while start - 1 >= 0 and _is_numberish(doc[start - 1]):
        start -= 1
    while end + 1 < len(doc) and _is_numberish(doc[end + 1]):
        end += 1
    return list(doc[start : end + 1])


def _counted(tok: Token) -> Token | None:
    """The noun a number phrase counts: its head for "two soldiers", ``of`` for "dozens of"."""
    if tok.dep_ in ("nummod", "compound", "quantmod") and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lower_ in VAGUE:
                return _counted(pobj)  # "tens of thousands of people"
            return pobj
    return None


def _approx_words(tok: Token) -> str:
    mods = [c.i for c in tok.children if c.dep_ == "quantmod" and c.i < tok.i]
    words = [tok.doc[min(mods, default=tok.i) : tok.i + 1].text]  # "Tens of thousands"
    cur = tok
    while True:
        of = next((c for c in cur.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is None or pobj.lower_ not in VAGUE:
            return " ".join(words)
        words += ["of", pobj.text]
        cur = pobj


def extract_numbers(sent: Span, trigger: Token, arg_tokens: Sequence[Token] = ()) -> list[dict[str, object]]:
    """Counts attached to the event of ``trigger``.

    ``arg_tokens`` are the heads of the source and target phrases, whose
    numbers count too ("Two Indian soldiers were killed" → ``{"value": 2,
    "of": "soldiers"}``). Each count is ``{"value": int | float | None, "of":
    str | None}``, plus ``"approx"`` for vague quantities.
    """
    scope = _clause_scope([trigger, *arg_tokens]) & set(range(sent.start, sent.end))
    doc = sent.doc
    seen: set[int] = set()
    out: list[tuple[int, dict[str, object]]] = []
    for i in sorted(scope):
        tok = doc[i]
        if i in seen or tok.ent_type_ in NOT_COUNTS:
            continue
        low = tok.lower_
        if low in VAGUE:
            if (tok.head.lower_ == "of" and tok.head.head.lower_ in VAGUE) or (
                tok.dep_ == "quantmod" and tok.head.lower_ in VAGUE
            ):
                continue  # the "thousands" of "tens of thousands": part of the outer phrase
            noun = _counted(tok)
            if noun is not None and noun.lower_ in MEASURES:
                continue
            seen.add(i)
            out.append((i, {"value": None, "approx": _approx_words(tok), "of": _text(noun)}))
            continue
        if not _is_numberish(tok):
            continue
        run = _number_run(tok)
        seen.update(t.i for t in run)
        if any(t.ent_type_ in NOT_COUNTS for t in run):
            continue
        if len(run) == 1 and low in ("one", "single") and tok.dep_ != "nummod":
            continue  # "one of the reasons": a pronoun, not a count
        head = max(run, key=lambda t: (t.head.i not in {r.i for r in run}, -t.i))
        if head.dep_ not in COUNT_DEPS and head.dep_ not in ("compound", "quantmod"):
            continue
        if len(run) == 1 and _YEAR.match(tok.text) and head.dep_ != "nummod":
            continue  # a bare year the NER missed
        noun = _counted(head)
        if noun is not None and (noun.lower_ in MEASURES or noun.i < run[0].i):
            continue  # a measure ("80 km") or a name ("Resolution 2170", "Flight 17")
        nxt = doc[run[-1].i + 1] if run[-1].i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in MEASURES:
            continue
        prev = doc[run[0].i - 1] if run[0].i > 0 else None
        if prev is not None and prev.lower_ in VAGUE_PREFIX:
            words = f"{prev.text} {' '.join(t.text for t in run)}"
            out.append((i, {"value": None, "approx": words, "of": _text(noun)}))
            continue
        value = words_to_number([t.text for t in run])
        if value is None:
            continue
        out.append((i, {"value": value, "of": _text(noun)}))
    out.sort(key=lambda p: p[0])
    return [d for _, d in out]


def _text(tok: Token | None) -> str | None:
    return tok.text if tok is not None else None
