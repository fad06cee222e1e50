"""Finding time expressions in a sentence and reading what they mean.

We find expressions ourselves (spaCy ``Matcher`` patterns over tokens, plus the
model's DATE entities for numeric dates) rather than with dateparser's
``search_dates``, which reads "We" as Wednesday and "may" as May. Each
expression is reduced to a small value (:class:`TimeExpression`) that
:mod:`bedfellows.dates.resolve` turns into a calendar date.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from ..nlp.cache import span_ents
from .numwords import words_to_number

log = logging.getLogger(__name__)

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("january", "jan", "jan."), ("february", "feb", "feb."), ("march", "mar", "mar."),
        ("april", "apr", "apr."), ("may",), ("june", "jun", "jun."), ("july", "jul", "jul."),
        ("august", "aug", "aug."), ("september", "sep", "sep.", "sept", "sept."),
        ("october", "oct", "oct."), ("november", "nov", "nov."), ("december", "dec", "dec."),
    ],
    start=1,
):  # fmt: skip
    for _n in _names:
        MONTHS[_n] = _i

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

UNITS: dict[str, str] = {
    "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
    "months": "month", "year": "year", "years": "year", "weekend": "weekend",
    "decade": "decade", "decades": "decade",
}  # fmt: skip

#: Words before a bare month or year that make it a time expression ("in May", "since 1979").
TIME_PREPS = frozenset(
    "in since during from until till by before after through throughout of early late mid "
    "last this next earlier later around circa".split()
)
#: Prepositions after which the expression bounds the event rather than dating it.
BOUNDING_PREPS = frozenset("until till by before after through to ahead prior".split())

_DAY_RE = r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$"
_YEAR_RE = r"^(1[6-9]\d\d|20\d\d)$"
_MID_YEAR = re.compile(r"^(mid|early|late)-(1[6-9]\d\d|20\d\d)$", re.I)
_NUMERIC_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}/\d{1,2}/\d{4}$")


@dataclass(frozen=True)
class TimeExpression:
    """One time expression: where it is and what it says, before any resolution.

    ``kind`` is one of ``absolute`` (year/month/day as given; missing year is
    inferred from publication), ``weekday``, ``days`` (offset in days from
    publication: yesterday, "two days ago"), ``unit`` (``unit`` week/month/
    year/weekend, ``offset`` relative to publication: "last week" = -1),
    ``month`` (a month name without year, with ``rel``), ``future`` ("in the
    coming days"). ``start``/``end`` are token offsets in the Doc.
    """

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    rel: str | None = None  # "last", "this", "next" or None
    unit: str | None = None
    offset: int = 0

    @property
    def explicit(self) -> bool:
        """An absolute date that does not need the publication date."""
        return self.kind == "absolute" and self.year is not None

    @property
    def precision(self) -> str:
        if self.kind == "absolute":
            return "day" if self.day else "month" if self.month else "year"
        if self.kind in ("weekday", "days", "future"):
            return "day"
        if self.kind == "month":
            return "month"
        return "week" if self.unit in ("week", "weekend") else self.unit or "day"


# ---------------------------------------------------------------- patterns

_MONTH: dict[str, Any] = {"LOWER": {"IN": sorted(MONTHS)}, "IS_LOWER": False}
_WEEKDAY: dict[str, Any] = {"LOWER": {"IN": sorted(WEEKDAYS)}, "IS_LOWER": False}
_DAY: dict[str, Any] = {"TEXT": {"REGEX": _DAY_RE}}
_YEAR: dict[str, Any] = {"TEXT": {"REGEX": _YEAR_RE}}
_COMMA: dict[str, Any] = {"ORTH": ",", "OP": "?"}
_YEAR_OPT: dict[str, Any] = {"TEXT": {"REGEX": _YEAR_RE}, "OP": "?"}
_PART_OF_DAY: dict[str, Any] = {
    "LOWER": {"IN": ["morning", "afternoon", "evening", "night"]},
    "OP": "?",
}
_NUM: dict[str, Any] = {"LIKE_NUM": True, "OP": "+"}

PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "ABS": [
        [_MONTH, _DAY, _COMMA, _YEAR_OPT],
        [_DAY, {"LOWER": "of", "OP": "?"}, _MONTH, _COMMA, _YEAR_OPT],
        [_WEEKDAY, _COMMA, _MONTH, _DAY, _COMMA, _YEAR_OPT],
        [_WEEKDAY, _COMMA, {"LOWER": "the", "OP": "?"}, _DAY, {"LOWER": "of", "OP": "?"},
         _MONTH, _COMMA, _YEAR_OPT],
        [_MONTH, _COMMA, _YEAR],
        [{"LOWER": {"IN": ["early", "mid", "late"]}}, {"ORTH": "-", "OP": "?"}, _MONTH, _COMMA,
         _YEAR],
        [{"TEXT": {"REGEX": r"^(?i:mid|early|late)-(1[6-9]\d\d|20\d\d)$"}}],
    ],  # fmt: skip
    "YEAR": [
        [_YEAR],
        [{"LOWER": {"IN": ["early", "mid", "late"]}}, {"ORTH": "-", "OP": "?"}, _YEAR],
    ],
    "MONTH": [
        [_MONTH],
        [{"LOWER": {"IN": ["last", "this", "next"]}}, _MONTH],
        [{"LOWER": {"IN": ["early", "mid", "late"]}}, {"ORTH": "-", "OP": "?"}, _MONTH],
    ],  # fmt: skip
    "WEEKDAY": [
        [{"LOWER": {"IN": ["last", "this", "next", "past"]}, "OP": "?"}, _WEEKDAY, _PART_OF_DAY],
    ],
    "DAYS": [
        [{"LOWER": {"IN": ["yesterday", "today", "tonight", "tomorrow"]}}, _PART_OF_DAY],
        [{"LOWER": "last"}, {"LOWER": "night"}],
        [{"LOWER": "this"}, {"LOWER": {"IN": ["morning", "afternoon", "evening"]}}],
    ],
    "UNIT": [
        [{"LOWER": {"IN": ["earlier", "later"]}, "OP": "?"},
         {"LOWER": {"IN": ["last", "this", "next"]}},
         {"LOWER": {"IN": ["week", "month", "year", "weekend"]}}],
        [{"LOWER": "the"}, {"LOWER": "weekend"}],
    ],  # fmt: skip
    "AGO": [
        [_NUM, {"LOWER": {"IN": sorted(UNITS)}}, {"LOWER": "ago"}],
        [{"LOWER": {"IN": ["a", "an"]}}, {"LOWER": {"IN": sorted(UNITS)}}, {"LOWER": "ago"}],
    ],
    "FUTURE": [
        [{"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": ["coming", "upcoming"]}},
         {"LOWER": {"IN": ["days", "weeks", "months"]}}],
        [{"LOWER": "next"}, {"LOWER": "few"}, {"LOWER": {"IN": ["days", "weeks", "months"]}}],
    ],
}

_MATCHERS: dict[int, tuple[Vocab, Matcher]] = {}

# Every pattern above needs one of these words, or a token with a digit: a sentence
# without any cannot match, so the matcher is not run on it.
_ANCHOR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(UNITS) | {
    "yesterday", "today", "tonight", "tomorrow", "night", "morning", "afternoon", "evening",
    "week", "month", "year", "weekend", "ago", "days", "weeks", "months",
}  # fmt: skip


def _may_match(sent: Span) -> bool:
    for tok in sent:
        low = tok.lower_
        if low in _ANCHOR_WORDS or any(ch.isdigit() for ch in low):
            return True
    return False


def _matcher(vocab: Vocab) -> Matcher:
    """One compiled matcher per vocabulary (the pipeline's vocab lives for the process)."""
    hit = _MATCHERS.get(id(vocab))
    if hit is not None and hit[0] is vocab:
        return hit[1]
    matcher = Matcher(vocab)
    for label, patterns in PATTERNS.items():
        matcher.add(label, patterns)
    _MATCHERS[id(vocab)] = (vocab, matcher)
    return matcher


# ---------------------------------------------------------------- reading spans


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _prev_word(span: Span, floor: int) -> str:
    """The word before ``span`` (skipping punctuation), not looking before token ``floor``."""
    i = span.start - 1
    while i >= floor and span.doc[i].is_punct and span.doc[i].text != "-":
        i -= 1
    return span.doc[i].lower_ if i >= floor else ""


def _read(label: str, span: Span, floor: int) -> TimeExpression | None:
    """Turn a matched span into a :class:`TimeExpression`, or None if it is not one."""
    words = [t.lower_ for t in span]
    base: dict[str, Any] = {"start": span.start, "end": span.end, "text": span.text}
    if label == "ABS":
        mid = _MID_YEAR.match(span.text)
        if mid:
            return TimeExpression(kind="absolute", year=int(mid.group(2)), **base)
        names = (MONTHS[t.lower_] for t in span if t.lower_ in MONTHS and not t.is_lower)
        month = next(names, None)
        if month is None:
            return None
        year = next((int(t.text) for t in span if re.match(_YEAR_RE, t.text)), None)
        day = next((_day_number(t.text) for t in span if re.match(_DAY_RE, t.text)), None)
        return TimeExpression(kind="absolute", year=year, month=month, day=day, **base)
    if label == "YEAR":
        tok = span[-1]
        prev = _prev_word(span, floor) if span[0].lower_ not in ("early", "mid", "late") else "in"
        # a bare four-digit number is a year only in a time context, not "2000 soldiers"
        if tok.ent_type_ != "DATE" and prev not in TIME_PREPS:
            return None
        if tok.dep_ == "nummod" and tok.ent_type_ != "DATE":
            return None
        doc = span.doc
        if (
            tok.i + 2 < len(doc)
            and doc[tok.i + 1].text in ("-", "/")
            and doc[tok.i + 2].is_digit
            and not re.match(_YEAR_RE, doc[tok.i + 2].text)
        ):
            return None  # the year of a numeric date ("2014-02-30") is not a year expression
        return TimeExpression(kind="absolute", year=int(tok.text), **base)
    if label == "MONTH":
        tok = span[-1]
        if tok.ent_type_ in ("PERSON", "ORG") or (tok.lower_ == "may" and tok.text == "may"):
            return None
        rel = words[0] if words[0] in ("last", "this", "next") else None
        if len(span) == 1 and _prev_word(span, floor) not in TIME_PREPS:
            return None
        return TimeExpression(kind="month", month=MONTHS[tok.lower_], rel=rel, **base)
    if label == "WEEKDAY":
        rel = words[0] if words[0] in ("last", "this", "next") else None
        if words[0] == "past":
            rel = "last"
        wd = next(WEEKDAYS[w] for w in words if w in WEEKDAYS)
        return TimeExpression(kind="weekday", weekday=wd, rel=rel, **base)
    if label == "DAYS":
        offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "this": 0}.get(
            words[0], -1
        )  # "last night" → the day before publication
        return TimeExpression(kind="days", offset=offset, **base)
    if label == "UNIT":
        rel = next(w for w in words if w in ("last", "this", "next", "the"))
        offset = {"last": -1, "this": 0, "next": 1, "the": 0}[rel]
        if UNITS[words[-1]] == "decade":
            return None  # "the last decade" is a span, not a date
        return TimeExpression(kind="unit", unit=UNITS[words[-1]], offset=offset,
                              rel=None if rel == "the" else rel, **base)  # fmt: skip
    if label == "AGO":
        n = words_to_number([t.text for t in span[:-2]])
        if n is None or n != int(n) or n > 500:
            return None
        unit = UNITS[words[-2]]
        if unit == "weekend":
            return None
        if unit == "decade":  # "a decade ago", "two decades ago": that many tens of years back
            unit, n = "year", n * 10
        kind = "days" if unit == "day" else "unit"
        return TimeExpression(kind=kind, unit=None if unit == "day" else unit,
                              offset=-int(n), **base)  # fmt: skip
    if label == "FUTURE":
        return TimeExpression(kind="future", **base)
    return None


def _numeric_date(span: Span) -> TimeExpression | None:
    """DATE entities written with digits only ("2014-06-12", "6/12/2014"), via dateparser."""
    text = span.text.strip()
    if not _NUMERIC_DATE.match(text):
        return None
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={"TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True},
    )
    try:
        data = parser.get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input; such text is no date
        log.debug("dateparser could not read %r", text)
        return None
    if data.date_obj is None:
        return None
    d = data.date_obj.date()
    return TimeExpression(span.start, span.end, span.text, "absolute", d.year, d.month, d.day)


class _SentenceCache(threading.local):
    """Expressions of the sentences of the Doc being coded: every event of a sentence asks."""

    def __init__(self) -> None:
        self.doc: object = None
        self.found: dict[tuple[int, int], list[TimeExpression]] = {}


_CACHE = _SentenceCache()


def find_time_expressions(sent: Span) -> list[TimeExpression]:
    """All time expressions in ``sent``, left to right, not overlapping.

    Longer matches win ("Friday, June 13, 2014" is one expression, not a
    weekday and a date). Cached per sentence of the current Doc.
    """
    if _CACHE.doc is not sent.doc:
        _CACHE.doc = sent.doc
        _CACHE.found.clear()
    key = (sent.start, sent.end)
    if key not in _CACHE.found:
        _CACHE.found[key] = _find_time_expressions(sent)
    return list(_CACHE.found[key])


def _find_time_expressions(sent: Span) -> list[TimeExpression]:
    matcher = _matcher(sent.doc.vocab)
    labelled: dict[tuple[int, int], str] = {}
    spans: list[Span] = []
    for match_id, start, end in matcher(sent) if _may_match(sent) else ():
        span = Span(sent.doc, sent.start + start, sent.start + end)
        label = sent.doc.vocab.strings[match_id]
        key = (span.start, span.end)
        if key not in labelled or label == "ABS":
            labelled[key] = label
        spans.append(span)
    found: list[TimeExpression] = []
    taken: set[int] = set()
    for span in filter_spans(spans):
        expr = _read(labelled[(span.start, span.end)], span, sent.start)
        if expr is None:
            # the longest match did not read; a shorter one inside it may ("in May" vs "May 40")
            inner = [s for s in spans if s.start >= span.start and s.end <= span.end and s != span]
            for sub in filter_spans(inner):
                expr = _read(labelled[(sub.start, sub.end)], sub, sent.start)
                if expr is not None:
                    break
        if expr is not None:
            found.append(expr)
            taken.update(range(expr.start, expr.end))
    for ent in span_ents(sent):
        if ent.label_ == "DATE" and not taken.intersection(range(ent.start, ent.end)):
            expr = _numeric_date(ent)
            if expr is not None:
                found.append(expr)
    found.sort(key=lambda e: e.start)
    return found

