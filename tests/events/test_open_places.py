"""Seas, straits and regions of several countries are no one's territory (issue 12): an act done
there to nobody named has no target country, and their names hold no actor ("Gulf of Aden" is not
Yemen). Places inside a country still make it the target."""

from __future__ import annotations

import pytest

from bedfellows import code_text
from bedfellows.actors.dictionary import load_default_dictionary


def _coded(text: str) -> list[tuple[str, str, str]]:
    return [
        (e.source.code if e.source else "-", e.target.code if e.target else "-", e.cameo)
        for e in code_text(text, published="2024-05-06")
    ]


def test_open_places_are_data() -> None:
    d = load_default_dictionary()
    assert d.is_open_place("the Red Sea") and d.is_open_place("Gulf of Aden")
    assert d.is_open_place("Bab el-Mandeb") and d.is_open_place("the Sahel")
    assert not d.is_open_place("Red Sea state")  # Sudan's state of that name is Sudan's
    assert not d.is_open_place("Kandahar") and not d.is_open_place(None)


@pytest.mark.model
def test_sea_names_hold_no_country(nlp) -> None:  # type: ignore[no-untyped-def]
    from bedfellows.actors.mentions import find_mentions

    d = load_default_dictionary()
    doc = nlp("Warships patrolled the Gulf of Aden and the South China Sea while Yemen watched.")
    codes = [m.code for m in find_mentions(doc, d, "2024-05-06") if m.kind == "actor"]
    assert codes == ["YEM"]  # only the Yemen named outright


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("Houthi rebels attacked a cargo ship in the Red Sea on Monday.", "SDN"),
        ("Pirates seized a tanker in the Gulf of Aden.", "YEM"),
        ("Gunmen fired on a fishing boat in the South China Sea.", "CHN"),
    ],
)
def test_no_target_country_at_sea(text: str, never: str) -> None:
    got = _coded(text)
    assert not [g for g in got if g[0].startswith(never) or g[1].startswith(never)], got


@pytest.mark.model
def test_a_city_is_still_its_country() -> None:
    got = _coded("Militants bombed a market in Kandahar on Monday.")
    assert any(t.startswith("AFG") and c.startswith("19") for _, t, c in got), got
