"""Article-level stage: where an event happened when its own clause does not say.

News names the scene of a story once ("thousands took to the streets of the capital,
Khartoum"; "MAIDUGURI, Nigeria —") and then tells its events without it. An analyst reads
the place off the article; this stage does the same, and only inside the event's countries, so
a summit abroad or a dateline in a neighbouring capital never becomes the place of a strike: a
material act happens in the receiver's country or the doer's, words where the speaker is (never
in the country spoken of). In order, and recorded in the event's rule:

1. ``>place:sentence``  a place the same sentence names under a locative, outside the clause;
2. ``>place:article``   the nearest place named before it in the article (else the first after);
3. ``>place:dateline``  the city of the article's dateline.

A place of country precision is never lent: "in Sudan" says no more than the actors do; a material
act placed only in a country ("clashes in Sudan") takes a finer scene the article names in it.
Background acts (dated to a month or a year: "toppled in 2003") are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..records import Event, Place


@dataclass(frozen=True)
class NamedPlace:
    """A place the article names, with the sentence and character offset where it is named."""

    sentence_index: int
    offset: int
    place: Place


def complete_places(events: Sequence[Event], named: Sequence[NamedPlace], dateline: Place | None) -> list[Event]:
    """Give events without a place the article's scene in their countries, if it names one."""
    scene = [n for n in named if n.place.precision != "country" and n.place.country]
    if dateline is not None and (dateline.precision == "country" or not dateline.country):
        dateline = None
    out: list[Event] = []
    for ev in events:
        if ev.date_precision not in (None, "day"):
            pass  # a background act ("toppled in 2003") did not happen on the story's scene
        elif ev.location is None:
            ev = _placed(ev, scene, dateline)
        elif ev.location.precision == "country" and ev.location.country and ev.quad_class in (2, 4):
            # "in Sudan" in the clause, "in Khartoum" in the article: the finer scene, same country
            ev = _placed(ev, scene, None, (ev.location.country,), later=False)
        out.append(ev)
    return out


def _countries(ev: Event) -> list[str]:
    """Where the event can have happened: a material act where it lands (the receiver's country)
    or at home; words (quad classes 1 and 3) where the speaker is, never in the country spoken of."""
    out: list[str] = []
    for actor in (ev.source,) if ev.quad_class in (1, 3) else (ev.target, ev.source):
        if actor is not None and actor.country and actor.country not in out:
            out.append(actor.country)
    return out


def _placed(
    ev: Event,
    scene: Sequence[NamedPlace],
    dateline: Place | None,
    countries: Sequence[str] = (),
    later: bool = True,
) -> Event:
    countries = countries or _countries(ev)
    if not countries:
        return ev
    for country in countries:  # the receiver's country first: a strike happens where it lands
        mine = [n for n in scene if n.place.country == country]
        same = [n for n in mine if n.sentence_index == ev.sentence_index]
        before = [n for n in mine if n.sentence_index < ev.sentence_index]
        after = [n for n in mine if n.sentence_index > ev.sentence_index]
        if same:
            return _with(ev, same[0].place, "sentence")
        if before:
            return _with(ev, max(before, key=lambda n: (n.sentence_index, n.offset)).place, "article")
        if dateline is not None and dateline.country == country:
            return _with(ev, dateline, "dateline")
        if after and later:
            return _with(ev, after[0].place, "article")
    return ev


def _with(ev: Event, place: Place, how: str) -> Event:
    return replace(ev, location=place, rule=f"{ev.rule}>place:{how}")
