"""Scores: precision, recall and F1 at several levels, on events as plain dicts.

Matching follows ``../shared/tools/score_events.py`` (reimplemented here):
a gold event is *found* when some coded event matches it; a coded event is
*explained* when it matches some gold event (required or optional). Precision
is explained / coded, recall is found / gold. Levels only differ in what
"matches" compares.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .gold import GoldEvent, GoldItem

EventDict = dict[str, Any]


@dataclass
class LevelScore:
    """Counts and ratios for one matching level."""

    gold: int = 0
    found: int = 0
    coded: int = 0
    explained: int = 0

    @property
    def precision(self) -> float:
        return self.explained / self.coded if self.coded else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "gold": self.gold,
            "found": self.found,
            "coded": self.coded,
            "explained": self.explained,
        }


def quad_of(ev: EventDict) -> int | None:
    q = ev.get("quad_class")
    return int(q) if q else None


# The ConfliBERT CAMEO sentences (Parolin et al. 2022) carry Phoenix's five-way "penta"
# class of the CAMEO root (phoenix_pipeline postprocess.py, quad_conversion): statements and
# appeals are 0, and reducing relations (16) is verbal conflict, unlike GDELT's quad classes.
PENTA_CLASS: dict[str, int] = {
    "01": 0, "02": 0, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2, "09": 3, "10": 3,
    "11": 3, "12": 3, "13": 3, "14": 4, "15": 4, "16": 3, "17": 4, "18": 4, "19": 4, "20": 4,
}  # fmt: skip


def sentence_class(ev: EventDict) -> int | None:
    """ConfliBERT's class of an event: the Phoenix penta class of its CAMEO root."""
    return PENTA_CLASS.get((ev.get("cameo") or "")[:2])


def _code_ok(gold: GoldEvent, ev: EventDict, exact: bool) -> bool:
    if not gold.cameo:
        return True
    code = ev.get("cameo") or ""
    if exact:
        return code in gold.cameo
    return any(code.startswith(c[:2]) for c in gold.cameo)


def _actors_ok(gold: GoldEvent, ev: EventDict, exact_actors: bool) -> bool:
    src, tgt = gold.source, gold.target
    if not exact_actors:
        src, tgt = src.country_only(), tgt.country_only()
    pairs = [(ev.get("source"), ev.get("target"))]
    if gold.symmetric:
        pairs.append((ev.get("target"), ev.get("source")))
    return any(src.matches(s) and tgt.matches(t) for s, t in pairs)


def _years_ok(gold: GoldEvent, ev: EventDict) -> bool:
    year = (ev.get("date") or "")[:4]
    if gold.years and year not in gold.years:
        return False
    return not (year and year in gold.except_years)


Matcher = Callable[[GoldEvent, EventDict], bool]


def _m_dyad_root(g: GoldEvent, e: EventDict) -> bool:
    return _code_ok(g, e, False) and _actors_ok(g, e, False) and _years_ok(g, e)


def _m_dyad_code(g: GoldEvent, e: EventDict) -> bool:
    return _code_ok(g, e, True) and _actors_ok(g, e, False)


def _m_exact(g: GoldEvent, e: EventDict) -> bool:
    return _code_ok(g, e, True) and _actors_ok(g, e, True)


def _m_root(g: GoldEvent, e: EventDict) -> bool:
    return _code_ok(g, e, False)


def _m_code(g: GoldEvent, e: EventDict) -> bool:
    return _code_ok(g, e, True)


def _gold_quad(g: GoldEvent) -> int | None:
    if g.quad:
        return g.quad
    if g.cameo:
        return quad_for_code(g.cameo[0])
    return None


def quad_for_code(code: str) -> int | None:
    """CAMEO root → quad class (GDELT/ICEWS): 01-05 verbal cooperation, 06-08 material
    cooperation, 09-13 verbal conflict, 14-20 material conflict."""
    try:
        root = int(code[:2])
    except ValueError:
        return None
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    return None


def _m_dyad_quad(g: GoldEvent, e: EventDict) -> bool:
    q = _gold_quad(g)
    return q is not None and quad_of(e) == q and _actors_ok(g, e, False)


# PLOVER 0.5 (the gold standard records) named four categories that PLOVER 0.8 (our
# CAMEO2PLOVER table) renamed or merged; both sides are compared in 0.8 terms.
PLOVER_05_TO_08 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def plover_type(value: str | None) -> str:
    v = (value or "").upper()
    return PLOVER_05_TO_08.get(v, v)


def _m_dyad_plover(g: GoldEvent, e: EventDict) -> bool:
    return bool(g.plover) and plover_type(e.get("plover")) == plover_type(g.plover) and _actors_ok(g, e, False)


def _m_plover(g: GoldEvent, e: EventDict) -> bool:
    return bool(g.plover) and plover_type(e.get("plover")) == plover_type(g.plover)


#: level name → (matcher, applies to the gold event?)
LEVELS: dict[str, tuple[Matcher, Callable[[GoldEvent], bool]]] = {
    "dyad_root": (_m_dyad_root, lambda g: bool(g.cameo) or (g.plover is None and g.quad is None)),
    "dyad_code": (_m_dyad_code, lambda g: bool(g.cameo) and all(len(c) >= 3 for c in g.cameo)),
    "exact": (_m_exact, lambda g: bool(g.cameo) and (g.source.exact or g.target.exact)),
    "root": (_m_root, lambda g: bool(g.cameo) or (g.plover is None and g.quad is None)),
    "code": (_m_code, lambda g: bool(g.cameo) and all(len(c) >= 3 for c in g.cameo)),
    "dyad_quad": (_m_dyad_quad, lambda g: bool(g.cameo) or bool(g.quad)),
    "dyad_plover": (_m_dyad_plover, lambda g: bool(g.plover)),
    "plover": (_m_plover, lambda g: bool(g.plover)),
}


def event_key(ev: EventDict) -> tuple[str, str, str]:
    """Distinct-event key (as score_events.py): actor codes and CAMEO code."""

    def k(a: dict[str, Any] | None) -> str:
        return (a or {}).get("code") or (a or {}).get("name") or ""

    return (k(ev.get("source")), k(ev.get("target")), ev.get("cameo") or "")


def distinct_events(evs: list[EventDict]) -> list[EventDict]:
    """One event per key, the first one seen (as score_events.py)."""
    seen: dict[tuple[str, str, str], EventDict] = {}
    for e in evs:
        seen.setdefault(event_key(e), e)
    return list(seen.values())


@dataclass
class ItemOutcome:
    """What happened on one item at the headline level: for ``--errors``."""

    item: GoldItem
    events: list[EventDict]
    misses: list[GoldEvent] = field(default_factory=list)
    extras: list[EventDict] = field(default_factory=list)
    forbidden: list[EventDict] = field(default_factory=list)
    exact: bool | None = None


def score_items(
    items: list[GoldItem], coded: dict[str, list[EventDict]], headline: str
) -> tuple[dict[str, LevelScore], list[ItemOutcome]]:
    """Score every applicable level; outcomes record misses/extras at ``headline``."""
    applicable = [
        name
        for name, (_, applies) in LEVELS.items()
        if any(applies(g) for it in items for g in it.events if g.kind != "forbidden")
    ]
    scores = {name: LevelScore() for name in applicable}
    outcomes: list[ItemOutcome] = []
    for it in items:
        evs = coded.get(it.id, [])
        distinct = distinct_events(evs)
        positive = [g for g in it.events if g.kind != "forbidden"]
        required = [g for g in it.events if g.kind == "required"]
        out = ItemOutcome(it, evs)
        for name in applicable:
            match, applies = LEVELS[name]
            req = [g for g in required if applies(g)]
            pos = [g for g in positive if applies(g)]
            s = scores[name]
            s.gold += len(req)
            for g in req:
                if any(match(g, e) for e in distinct):
                    s.found += 1
                elif name == headline:
                    out.misses.append(g)
            if not pos and positive:
                continue  # this level says nothing about the item's events
            # PLOVER has no category for plain statements (CAMEO 01): at PLOVER levels only
            # events that have a PLOVER type can be right or wrong
            scored = [e for e in distinct if e.get("plover")] if "plover" in name else distinct
            s.coded += len(scored)
            for e in scored:
                if any(match(g, e) for g in pos):
                    s.explained += 1
                elif name == headline:
                    out.extras.append(e)
        if headline not in applicable:
            out.extras = [] if positive else list(distinct)
        out.forbidden = [
            e
            for e in distinct
            if any(_m_dyad_root(g, e) for g in it.events if g.kind == "forbidden")
        ]
        outcomes.append(out)
    return scores, outcomes


def exact_records(items: list[GoldItem], coded: dict[str, list[EventDict]]) -> float:
    """PETRARCH's notion of a correctly coded record: exactly the expected (source,
    target, code) set, or nothing when the record says ``noevents``."""
    if not items:
        return 0.0
    ok = 0
    for it in items:
        want = {
            (
                g.source.codes[0] if g.source.codes else "",
                g.target.codes[0] if g.target.codes else "",
                g.cameo[0] if g.cameo else "",
            )
            for g in it.events
        }
        got = {
            (
                (e.get("source") or {}).get("code") or "",
                (e.get("target") or {}).get("code") or "",
                e.get("cameo") or "",
            )
            for e in coded.get(it.id, [])
        }
        ok += want == got
    return ok / len(items)


def classify_items(
    items: list[GoldItem], coded: dict[str, list[EventDict]]
) -> tuple[dict[str, float], list[tuple[GoldItem, int | None]]]:
    """Sentence classification (ConfliBERT): the first coded event decides the class."""
    right = covered = right_covered = 0
    wrong: list[tuple[GoldItem, int | None]] = []
    per_class: dict[int, list[int]] = {}  # label -> [tp, fp, fn]
    for it in items:
        evs = sorted(coded.get(it.id, []), key=lambda e: (e.get("trigger_span") or [0])[0])
        pred = next((c for c in (sentence_class(e) for e in evs) if c is not None), None)
        covered += pred is not None
        if pred == it.label:
            right += 1
            right_covered += 1
        else:
            wrong.append((it, pred))
        if it.label is not None:
            per_class.setdefault(it.label, [0, 0, 0])
            if pred == it.label:
                per_class[it.label][0] += 1
            else:
                per_class[it.label][2] += 1
                if pred is not None:
                    per_class.setdefault(pred, [0, 0, 0])[1] += 1
    f1s = []
    for tp, fp, fn in per_class.values():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    n = len(items)
    return {
        "accuracy": right / n if n else 0.0,
        "coverage": covered / n if n else 0.0,
        "accuracy_covered": right_covered / covered if covered else 0.0,
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
    }, wrong


def date_place(items: list[GoldItem], coded: dict[str, list[EventDict]]) -> dict[str, float]:
    """score_events.py's date and place checks on required events that name them."""
    dated = date_ok = placed = place_ok = forbidden = 0
    for it in items:
        evs = coded.get(it.id, [])
        for g in it.events:
            if g.kind != "required":
                continue
            found = [e for e in evs if _m_dyad_root(g, e)]
            if g.date:
                dated += 1
                date_ok += any(e.get("date") == g.date for e in found)
            if g.places:
                placed += 1
                place_ok += any(_place_ok(g, e) for e in found)
        distinct = distinct_events(evs)
        forbidden += sum(
            1
            for e in distinct
            if any(_m_dyad_root(g, e) for g in it.events if g.kind == "forbidden")
        )
    return {
        "date": date_ok / dated if dated else 0.0,
        "place": place_ok / placed if placed else 0.0,
        "forbidden": float(forbidden),
    }


def _place_ok(g: GoldEvent, ev: EventDict) -> bool:
    name = ((ev.get("location") or {}).get("name") or "").lower()
    return any(p.lower() in name or (name and name in p.lower()) for p in g.places)
