"""Datelines in every form are where the story was filed: found, and never mistaken for a sentence."""

import pytest

from bedfellows.nlp.datelines import dateline_end, dateline_place, dateline_spans

DATELINES = [
    ("TRIPOLI — Rival militias clashed on Monday.", "TRIPOLI — "),
    ("ADEN, Yemen (AP) – Forces loyal to the president advanced.", "ADEN, Yemen (AP) – "),
    ("GENEVA, March 3 -- Negotiators resumed talks.", "GENEVA, March 3 -- "),
    ("LIMA, Oct. 9 (UPI) -- Protesters marched.", "LIMA, Oct. 9 (UPI) -- "),
    ("Port Louis – Officials confirmed the arrests.", "Port Louis – "),
    ("Kano, Nigeria (CNN) — Gunmen stormed a village.", "Kano, Nigeria (CNN) — "),
    ("TBILISI/BAKU (Reuters) - Two soldiers were killed.", "TBILISI/BAKU (Reuters) - "),
    ("ODESA, Ukraine (Reuters) -A drone hit a port.", "ODESA, Ukraine (Reuters) -"),
    ("DAKAR, May 2, 2021 (APS/AFP) – The junta named a premier.", "DAKAR, May 2, 2021 (APS/AFP) – "),
    ("MINSK, February 7. /TASS/. The president met envoys.", "MINSK, February 7. /TASS/. "),
    ("Lagos, June 4\n\nPolice arrested ten men.", "Lagos, June 4\n\n"),
    ("Bamako (Mali) (AFP) –\n\nThe army said it repelled an attack.", "Bamako (Mali) (AFP) –\n\n"),
    ("Kabul: Women protested on Sunday.", "Kabul: "),
    ("HAVANA—A blackout hit the island.", "HAVANA—"),
]
NOT_DATELINES = [
    "Deby — who often joined soldiers at the front — died on Tuesday.",
    "CHINESE vessels on Sunday blocked a supply mission.",
    "Hezbollah — the group said — fired rockets.",
    "The Government Said On Friday: talks will resume.",
    "Russia (which denies it) shelled the town.",
    "The UN Secretary-General called for a ceasefire.",
    "Israel–Hamas talks resumed in Cairo.",
]


@pytest.mark.parametrize(("text", "dateline"), DATELINES, ids=[d for _, d in DATELINES])
def test_datelines_are_found(text: str, dateline: str) -> None:
    assert text[: dateline_end(text)] == dateline


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_sentences_are_not_datelines(text: str) -> None:
    assert dateline_end(text) == 0


def test_a_paragraph_that_opens_with_a_wire_agency() -> None:
    text = "Troops entered the city.\n\nAFP - The government declared victory.\n\nDeby — who ruled for years."
    spans = dateline_spans(text)
    assert [text[a:b] for a, b in spans] == ["AFP - "]


@pytest.mark.parametrize(
    "text, names",
    [
        ("BEIRUT, Lebanon (AP) – The militants said", ("BEIRUT", "Lebanon")),
        ("Quito, April 6\n\nPolice officers said", ("Quito",)),
        ("SEOUL, Nov. 23 (Yonhap) -- The army said", ("SEOUL",)),
        ("MOSCOW (AP)\nThe Kremlin said", ("MOSCOW",)),
        ("The Hague said on Monday", ()),
    ],
)
def test_the_dateline_place_is_read_without_its_date_and_agency(text: str, names: tuple[str, ...]) -> None:
    assert dateline_place(text) == names
