"""The article-level place stage: the scene an article names once, lent to its events in the
event's own countries; the dateline's city; never a country, never abroad, never a background act."""

from __future__ import annotations

from bedfellows import code_text
from bedfellows.events.scene import NamedPlace, complete_places
from bedfellows.records import Actor, Event, Place


def _places(text: str) -> list[tuple[str, str, str, str]]:
    return [
        (e.cameo, e.source.code if e.source else "-", e.location.name if e.location else "-", e.rule)
        for e in code_text(text, published="2024-05-06")
    ]


def _event(source: str, target: str | None, quad: int, index: int = 1, precision: str = "day") -> Event:
    def actor(code: str) -> Actor:
        return Actor(code, code, code[:3], code)

    return Event(
        event_id=f"e{index}", article_id="a", sentence_index=index, sentence="s", source=actor(source),
        target=actor(target) if target else None, cameo="190" if quad == 4 else "111", quad_class=quad,
        goldstein=-10.0 if quad == 4 else -2.0, plover="ASSAULT", date="2024-05-06", date_basis="published",
        location=None, trigger="t", span=(0, 1), quote=None, rule="core:t", date_precision=precision,
    )


CITY_SDN = Place("Khartoum", "SDN", 15.5, 32.5, 379252, "city", "Khartoum")
CITY_EGY = Place("Cairo", "EGY", 30.0, 31.2, 360630, "city", "Cairo")
COUNTRY_SDN = Place("Sudan", "SDN", 15.0, 30.0, 366755, "country", "Sudan")


def test_a_material_act_takes_the_scene_named_before_it_in_its_receivers_country() -> None:
    named = [NamedPlace(0, 10, CITY_EGY), NamedPlace(0, 40, CITY_SDN)]
    (ev,) = complete_places([_event("EGYMIL", "SDNREB", 4)], named, None)
    assert ev.location == CITY_SDN and ev.rule.endswith(">place:article")


def test_words_happen_where_the_speaker_is_never_in_the_country_spoken_of() -> None:
    named = [NamedPlace(0, 40, CITY_SDN)]
    (ev,) = complete_places([_event("EGYGOV", "SDNREB", 3)], named, None)
    assert ev.location is None
    (ev,) = complete_places([_event("EGYGOV", "SDNREB", 3)], named, CITY_EGY)
    assert ev.location == CITY_EGY and ev.rule.endswith(">place:dateline")


def test_a_country_is_never_lent_and_a_background_act_keeps_no_scene() -> None:
    assert complete_places([_event("EGYMIL", "SDNREB", 4)], [NamedPlace(0, 1, COUNTRY_SDN)], None)[0].location is None
    old = _event("EGYMIL", "SDNREB", 4, precision="year")
    assert complete_places([old], [NamedPlace(0, 1, CITY_SDN)], None)[0].location is None


def test_the_dateline_city_places_the_story_told_without_a_place() -> None:
    got = _places("MAIDUGURI, Nigeria (AP) — Nigerian soldiers killed twelve Boko Haram fighters on Sunday.")
    kill = [g for g in got if g[0].startswith("19")]
    assert kill and kill[0][2] == "Maiduguri" and kill[0][3].endswith(">place:dateline"), got


def test_a_scene_named_once_places_the_events_told_after_it() -> None:
    got = _places(
        "Thousands of protesters gathered in the streets of the capital, Khartoum, on Monday. "
        "Sudanese police fired tear gas at the protesters."
    )
    fired = [g for g in got if g[1].startswith("SDN") and g[0][:2] in ("17", "18", "19")]
    assert fired and fired[0][2] == "Khartoum", got


def test_where_a_party_is_named_is_not_where_a_deal_with_it_was_made() -> None:
    got = _places(
        "Taliban militants released nine South Korean hostages on Monday under a deal with the government in Seoul."
    )
    release = [g for g in got if g[0].startswith("08")]
    assert release and release[0][2] == "-", got


def test_a_meeting_happens_where_the_counterpart_is() -> None:
    got = _places("Iran sent a general to meet with leaders in the Iraqi capital on Monday.")
    meet = [g for g in got if g[0].startswith("04")]
    assert meet and meet[0][2] == "Baghdad", got


def test_the_capital_named_in_apposition_is_the_place() -> None:
    got = _places("Thousands of protesters took to the streets of the capital, Khartoum, after the verdict.")
    assert any(g[2] == "Khartoum" for g in got), got
