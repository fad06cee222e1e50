"""Article-level stage after the sentence coder: complete the targets the sentence left open.

A sentence often leaves the receiver of an act to the article ("Kouchner strongly condemned
the decision": whose decision the previous sentences said; "helicopter gunships attacked the
compound": the sentence names whose). An analyst reads the article; this stage does the same
with three rules, in order, and records which one decided in the event's rule:

1. ``>target:sentence``  another actor the same sentence names after the trigger;
2. ``>target:doer``      for a comment on an act (roots 11, 12, 05): the doer of the latest act
                         by someone else that the article coded before;
3. ``>target:counterpart`` the source's counterpart so far in the article (whom it last acted
                         on, or who last acted on it).

An event whose root needs a receiver and still has none is dropped: CAMEO events are dyadic, and
"someone attacked" with nobody named is not what an analyst codes. The roots and codes that
stand alone (an appeal for calm, a protest, a threat, a force posture, a declared ceasefire) are
listed in ``STANDALONE_ROOTS`` / ``STANDALONE_CODES``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..records import Actor, Event, make_event_id

log = logging.getLogger(__name__)

# Events that stand without a receiver: appeals (for calm), threats and vows, protests, force
# postures; concern, a policy under consideration, a claim of responsibility, a denial; a declared
# ceasefire, a surrender or withdrawal, a mediation (the extractor's NOTARGET_CODES).
STANDALONE_ROOTS = frozenset({"02", "10", "13", "14", "15"})
STANDALONE_CODES = frozenset({"012", "014", "015", "016", "0871", "0874", "154", "150", "151", "152", "045"})
# A comment on an act ("condemned the killing", "welcomed the decision") is aimed at its doer.
COMMENT_ROOTS = frozenset({"05", "11", "12"})
MATERIAL_ROOTS = frozenset({"14", "15", "16", "17", "18", "19", "20"})
# Statements (01) are kept only with a receiver: a bare "X said" is attribution, not an event.
DISCOURSE_ROOTS = frozenset({"03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "16", "17", "18", "19", "20"})


@dataclass(frozen=True)
class SentenceActor:
    """An actor the sentence names, with the character offset where it is named."""

    actor: Actor
    offset: int


def complete_targets(
    events: Sequence[Event], sentence_actors: Mapping[int, Sequence[SentenceActor]], keep_open: bool = False
) -> list[Event]:
    """Fill open targets from the sentence and the article; drop dyadic events left without one
    (``keep_open`` keeps them: a sentence classifier wants the event type whoever received it)."""
    out: list[Event] = []
    for ev in events:
        if ev.target is None and ev.source is not None:
            ev = _completed(ev, sentence_actors.get(ev.sentence_index, ()), out)
        if ev.target is None and not keep_open and not _stands_alone(ev):
            log.debug("dropped %s %s: no receiver named", ev.cameo, ev.trigger)
            continue
        out.append(ev)
    return out


def _stands_alone(ev: Event) -> bool:
    return ev.cameo[:2] in STANDALONE_ROOTS or ev.cameo in STANDALONE_CODES


def _completed(ev: Event, named: Sequence[SentenceActor], earlier: Sequence[Event]) -> Event:
    root = ev.cameo[:2]
    if root not in DISCOURSE_ROOTS:
        return ev
    source = ev.source
    assert source is not None
    start = ev.trigger_span[0] if ev.trigger_span else ev.span[0]
    if ev.rule.startswith("nominal:"):
        # "'We condemn the Israeli strikes,' the Egyptian ministry said": whoever comments on an act
        # in the sentence is not the act's receiver
        commenters = {
            _country(e.source)
            for e in earlier
            if e.sentence_index == ev.sentence_index and e.source is not None and e.cameo[:2] in COMMENT_ROOTS
        }
        named = [n for n in named if _country(n.actor) not in commenters]
    found = _named_after(source, named, start)
    how = "sentence"
    if found is None and ">sense:" in ev.rule:
        return ev  # what a statement criticises or praises is named in it, or it is no such statement
    if found is None and root in COMMENT_ROOTS:
        found, how = _latest_doer(source, earlier), "doer"
    if found is None:
        if root in MATERIAL_ROOTS:  # whom a strike is aimed at: whom the source fought, not who criticised it
            earlier = [e for e in earlier if e.cameo[:2] in MATERIAL_ROOTS]
        found, how = _counterpart(source, earlier), "counterpart"
    if found is None:
        return ev
    return replace(
        ev,
        target=found,
        rule=f"{ev.rule}>target:{how}",
        event_id=make_event_id(
            ev.article_id, ev.sentence_index, source.code, found.code, ev.cameo,
            ev.trigger_span[0] if ev.trigger_span else 0,
        ),
    )


def _other(a: Actor, source: Actor) -> bool:
    """Another actor than the source: not the source itself, nor its own bare country (an
    institution of the same country, "the Ecuadorian police" → "Glas", still is)."""
    return a.code != source.code and (a.country is None or a.country != source.country or a.code[3:] != "")


def _named_after(source: Actor, named: Sequence[SentenceActor], start: int) -> Actor | None:
    """The first actor the sentence names after the trigger, another country's first."""
    after = [n.actor for n in named if n.offset > start and _other(n.actor, source)]
    foreign = [a for a in after if a.country != source.country]
    pick = foreign or after
    return pick[0] if pick else None


def _latest_doer(source: Actor, earlier: Sequence[Event]) -> Actor | None:
    for ev in reversed(earlier):
        if ev.cameo[:2] in ("01", "02") or ev.source is None:
            continue
        if _country(ev.source) != _country(source):
            return ev.source
    return None


def _counterpart(source: Actor, earlier: Sequence[Event]) -> Actor | None:
    mine = _country(source)
    for ev in reversed(earlier):
        if ev.source is None or ev.target is None:
            continue
        if _country(ev.source) == mine and _country(ev.target) != mine:
            return ev.target
        if _country(ev.target) == mine and _country(ev.source) != mine:
            return ev.source
    return None


def _country(a: Actor) -> str:
    return a.country or a.code[:3]
