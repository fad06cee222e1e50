"""Dating events: attach time expressions to triggers and resolve them against publication.

News convention: a bare weekday is its most recent occurrence on or before the
publication day ("on Friday" in a Saturday paper is yesterday; "on Saturday"
is the same day), unless the clause is future ("will meet on Monday" → the
next Monday). Periods are dated by their first day (Monday for a week) and
carry their precision, so a year is never mistaken for 1 January.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .expressions import BOUNDING_PREPS, MONTHS, WEEKDAYS, TimeExpression, find_time_expressions

log = logging.getLogger(__name__)

#: How far "on June 16" may lie after publication before it is read as last year's.
FUTURE_SLACK_DAYS = 7
#: Prepositions through which a noun does not pass its date to the verb: the noun's
#: event is another one, related in time ("since the withdrawal ... in 2011").
TEMPORAL_PREPS = frozenset(
    "since after before until till following prior ahead by despite".split()
)
#: Verbs whose xcomp is a plan for later ("plans to visit on Monday").
FUTURE_LEMMAS = frozenset({"plan", "schedule", "expect", "due", "intend", "set", "go"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "ll"})
SPEECH_LEMMAS = frozenset(
    "say tell add state announce claim declare report insist stress warn note explain "
    "write reply respond confirm deny".split()
)
_PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1}
_NOMINAL = ("NOUN", "PROPN", "PRON")


@dataclass(frozen=True)
class DateResolution:
    """When an event happened, how we know, and how precisely."""

    date: str | None  # YYYY-MM-DD: the first day of the period named
    basis: str  # "explicit", "relative" (resolved against published) or "published"
    precision: str | None  # "day", "week", "month", "year"
    text: str | None  # the time expression as written


def published_date(published: dt.date | None) -> DateResolution:
    """The fallback: the event is dated by the article (unknown if the article is undated)."""
    if published is None:
        return DateResolution(None, "published", None, None)
    return DateResolution(published.isoformat(), "published", "day", None)


# ---------------------------------------------------------------- calendar arithmetic


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + n
    return total // 12, total % 12 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """``date(...)`` that answers None for "February 30" or 29 February in a common year."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: dt.date, future: bool) -> dt.date | None:
    """Year of "June 12": publication's year, unless that lies well in the future (or past)."""
    cand = _safe_date(published.year, month, day)
    if cand is None:
        return None
    if future:
        if cand < published - dt.timedelta(days=FUTURE_SLACK_DAYS):
            return _safe_date(published.year + 1, month, day)
        return cand
    if cand > published + dt.timedelta(days=FUTURE_SLACK_DAYS):
        return _safe_date(published.year - 1, month, day)
    return cand


def _weekday(wd: int, rel: str | None, published: dt.date, future: bool) -> dt.date:
    back = (published.weekday() - wd) % 7
    ahead = (wd - published.weekday()) % 7
    if rel == "last":
        return published - dt.timedelta(days=back or 7)
    if rel == "next" or (future and rel is None):
        return published + dt.timedelta(days=ahead or 7)
    if rel == "this" and future:
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=back)


def resolve_expression(
    expr: TimeExpression, published: dt.date | None, *, future: bool = False
) -> DateResolution | None:
    """The date ``expr`` names, or None when it names an impossible one ("February 30").

    Relative expressions without a publication date give ``date=None``.
    """
    text = expr.text
    prec = expr.precision
    if expr.explicit:
        assert expr.year is not None
        day = _safe_date(expr.year, expr.month or 1, expr.day or 1)
        return None if day is None else DateResolution(day.isoformat(), "explicit", prec, text)
    if expr.kind == "absolute" and (expr.month is None or expr.day is None):
        return None
    if expr.kind == "future":
        res = published_date(published)
        return DateResolution(res.date, "published", res.precision, text)
    if published is None:
        return DateResolution(None, "published", None, text)
    d: dt.date | None
    if expr.kind == "absolute":
        assert expr.month is not None and expr.day is not None
        d = _infer_year(expr.month, expr.day, published, future)
    elif expr.kind == "weekday":
        assert expr.weekday is not None
        d = _weekday(expr.weekday, expr.rel, published, future)
    elif expr.kind == "days":
        d = published + dt.timedelta(days=expr.offset)
    elif expr.kind == "month":
        assert expr.month is not None
        year = published.year
        if expr.rel == "last":
            year -= 1 if expr.month >= published.month else 0
        elif expr.rel == "next" or (future and expr.rel is None):
            year += 1 if expr.month <= published.month and expr.rel == "next" else 0
            year += 1 if expr.rel is None and expr.month < published.month else 0
        elif expr.rel is None and expr.month > published.month:
            year -= 1
        d = dt.date(year, expr.month, 1)
    elif expr.unit == "week":
        d = _monday(published + dt.timedelta(weeks=expr.offset))
    elif expr.unit == "weekend":
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        if expr.offset > 0 or (future and expr.rel is None):
            saturday += dt.timedelta(weeks=1)
        elif expr.offset < 0 and published.weekday() >= 5:
            saturday -= dt.timedelta(weeks=1)  # "last weekend", said during a weekend
        d = _monday(saturday)
    elif expr.unit == "month":
        y, m = _add_months(published.year, published.month, expr.offset)
        d = dt.date(y, m, 1)
    elif expr.unit == "year":
        d = dt.date(published.year + expr.offset, 1, 1)
    else:  # pragma: no cover - every kind is handled above
        return None
    if d is None:
        return None
    return DateResolution(d.isoformat(), "relative", prec, text)


# ---------------------------------------------------------------- attachment


def _is_time_word(tok: Token) -> bool:
    return tok.ent_type_ == "DATE" or tok.like_num or tok.lower_ in MONTHS or tok.lower_ in WEEKDAYS


def _anchor(sent: Span, expr: TimeExpression) -> tuple[list[Token], str | None]:
    """Tokens the expression modifies (nearest first) and the preposition that links it."""
    doc = sent.doc
    root = doc[expr.start : expr.end].root
    seen = set()
    while (
        root.dep_ in ("conj", "appos")
        and root.head.i != root.i
        and _is_time_word(root.head)
        and root.i not in seen
    ):
        seen.add(root.i)
        root = root.head  # "between 2003 and 2011": the second year hangs off the first
    prep: str | None = None
    head = root.head
    if head.i == root.i:
        return [], None
    if root.dep_ in ("pobj", "pcomp") or head.pos_ in ("ADP", "SCONJ"):
        prep = head.lower_
        host = head.head if head.head.i != head.i else head
    else:
        host = head
    hosts = [host]
    if prep is not None or root.dep_ == "poss":  # "on Friday's summit"; not "the 2003 accord"
        # a time phrase parsed onto a nearby noun belongs to the clause: "said at a press
        # conference on Saturday", "killed along the Line of Control on Tuesday"; but not
        # through a temporal relation ("Since the withdrawal of troops in 2011, ...")
        if host.pos_ in _NOMINAL and host.dep_ in ("nsubj", "nsubjpass") and host.head.i != host.i:
            # "police officers on Friday broke into": a time phrase parsed onto the subject dates its verb
            hosts.append(host.head)
        cur = host
        for _ in range(4):
            if cur.pos_ not in _NOMINAL or cur.dep_ != "pobj" or cur.head.i == cur.i:
                break
            via = cur.head
            if via.lower_ in TEMPORAL_PREPS or via.head.i == via.i:
                break
            cur = via.head
            hosts.append(cur)
    elif root.dep_ in ("compound", "amod", "nmod", "npadvmod") and host.pos_ in _NOMINAL:
        if not any(not t.is_punct for t in doc[sent.start : expr.start]):
            # "Last weekend rebels attacked": a fronted time phrase misparsed onto the subject
            hosts.append(host.head)
    return hosts, prep


def _chain(trigger: Token) -> list[Token]:
    """The trigger and the words whose time modifiers are the trigger's own.

    Climbs control/raising chains ("attempted to counter" ← "On Friday"), from a
    nominal trigger to its light verb ("carried out executions on Friday"), and
    takes the trigger's direct object ("launched an attack on Friday").
    """
    chain = [trigger]
    t = trigger
    if t.pos_ in _NOMINAL and t.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and t.head.i != t.i:
        t = t.head
        chain.append(t)
    while t.head.i != t.i and (
        t.dep_ in ("xcomp", "aux", "auxpass", "prt", "acomp", "oprd") or _participle(t)
    ):
        t = t.head
        chain.append(t)
    if trigger.pos_ not in _NOMINAL:
        chain.extend(c for c in trigger.children if c.dep_ == "dobj" and c.pos_ in ("NOUN",))
    return chain


def _participle(tok: Token) -> bool:
    """A participial adjunct happening with its head: "marched on Friday, demanding ..."."""
    return (
        tok.dep_ == "advcl"
        and tok.tag_ == "VBG"
        and not any(c.dep_ in ("mark", "advmod") for c in tok.children if c.i < tok.i)
    )


def _is_future(chain: Iterable[Token]) -> bool:
    for tok in chain:
        if tok.lemma_ in FUTURE_LEMMAS and any(c.dep_ == "xcomp" for c in tok.children):
            if tok.lemma_ != "go" or tok.tag_ == "VBG":
                return True
        for child in tok.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in FUTURE_AUX:
                return True
    return False


def _better(a: DateResolution, b: DateResolution | None) -> bool:
    if b is None:
        return True

    def key(r: DateResolution) -> tuple[int, int, int]:
        return (
            r.date is not None,
            _PRECISION_RANK.get(r.precision or "", 0) if r.text else 0,
            r.basis == "explicit",
        )

    return key(a) > key(b)


def _own_date(
    sent: Span,
    trigger: Token,
    published: dt.date | None,
    exprs: list[tuple[TimeExpression, list[Token], str | None]],
) -> DateResolution | None:
    chain = _chain(trigger)
    ids = {t.i for t in chain}
    top = chain[-1] if chain[-1].pos_ not in ("NOUN",) or len(chain) == 1 else chain[-2]
    # fronted adverbials of the first conjunct date later conjuncts too:
    # "On Friday, rebels seized the town and killed 20 people."
    first = top
    while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ in ("VERB", "AUX"):
        first = first.head
    future = _is_future(chain)
    best: DateResolution | None = None
    best_dist = 0
    for expr, hosts, prep in exprs:
        if prep in BOUNDING_PREPS:
            continue
        host_ids = {h.i for h in hosts}
        mine = bool(ids & host_ids)
        if not mine and first is not top and first.i in host_ids and expr.start < first.i:
            mine = True
        if not mine:
            continue
        if any(expr.start <= t.i < expr.end for t in chain):
            continue
        res = resolve_expression(expr, published, future=future)
        if res is None:
            continue
        dist = min(abs(expr.start - trigger.i), abs(expr.end - 1 - trigger.i))
        if best is None or _better(res, best) or (
            not _better(best, res) and dist < best_dist
        ):
            best, best_dist = res, dist
    return best


def resolve_event_date(
    sent: Span,
    trigger: Token,
    published: dt.date | None,
    *,
    inherited: DateResolution | None = None,
) -> DateResolution:
    """The date of the event whose trigger is ``trigger`` in ``sent``.

    Order: a time expression in the trigger's own clause; else ``inherited``
    (the date of the governing speech event, passed by the caller); else the
    date of a verb whose complement holds the trigger ("Obama said on Friday
    that ... would help"); else the publication date.
    """
    exprs: list[tuple[TimeExpression, list[Token], str | None]] = []
    for expr in find_time_expressions(sent):
        hosts, prep = _anchor(sent, expr)
        if hosts:
            exprs.append((expr, hosts, prep))
    own = _own_date(sent, trigger, published, exprs)
    if own is not None:
        return own
    if inherited is not None:
        return inherited
    # climb to governing clauses: reported speech inherits the date of the saying
    node = trigger
    steps = 0
    while node.head.i != node.i and steps < 50:
        steps += 1
        if node.dep_ in ("ccomp", "parataxis"):
            res = _own_date(sent, node.head, published, exprs)
            if res is not None:
                return res
        node = node.head
    for child in node.children:  # '"...," Obama said on Friday' parsed as a parataxis child
        if child.dep_ == "parataxis" and child.lemma_ in SPEECH_LEMMAS and child.i != trigger.i:
            res = _own_date(sent, child, published, exprs)
            if res is not None:
                return res
    return published_date(published)
