"""Sentences in our own words through the real model: modality, voice, actors, targets.

Each case names events that must be coded (source prefix, target prefix or "*", CAMEO root)
and roots that must not appear (the denied, hypothetical or conditional action).
"""

from __future__ import annotations

import pytest

from bedfellows import code_text

pytestmark = pytest.mark.model

CASES = [
    ("Russian troops shelled the Ukrainian city of Kharkiv on Thursday.", "2022-03-04", [("RUS", "UKR", "19")], []),
    (
        "Chinese President Xi Jinping hosted French President Emmanuel Macron in Beijing.",
        "2023-04-07",
        [("CHN", "FRA", "04")],
        [],
    ),
    ("Protesters in Tehran clashed with police on Saturday.", "2022-09-25", [("IRN", "IRN", "19")], []),
    ("Turkey will not allow Sweden to join NATO, Erdogan said.", "2023-01-24", [("TUR", "SWE", "12")], ["08"]),
    ("Japan and South Korea agreed to resume security talks.", "2023-03-17", [("JPN", "KOR", "03")], ["04"]),
    (
        "The European Union imposed new sanctions on Russia over the war in Ukraine.",
        "2022-12-17",
        [("IGO", "RUS", "16")],
        [],
    ),
    (
        "Venezuela released six American prisoners after talks with U.S. officials.",
        "2022-10-02",
        [("VEN", "USA", "08")],
        [],
    ),
    ("Germany pledged 500 million euros in aid to Ukraine.", "2022-06-01", [("DEU", "UKR", "03")], ["07"]),
    (
        "Iraqi forces recaptured the city of Ramadi from Islamic State fighters.",
        "2016-01-02",
        [("IRQ", "IMG", "19")],
        [],
    ),
    (
        "Iran threatened to close the Strait of Hormuz if the United States imposed new sanctions.",
        "2018-07-05",
        [("IRN", "USA", "13")],
        ["16", "19"],
    ),
    ("France recalled its ambassador to Australia in protest.", "2021-09-18", [("FRA", "AUS", "16")], []),
    ("Russia has not ruled out sending troops to Syria.", "2015-09-10", [], ["15", "19", "06", "07"]),
    (
        "The Syrian army denied reports that it had shelled the village of Douma.",
        "2018-04-09",
        [("SYR", "*", "01")],
        ["19", "18", "20"],
    ),
    ("Iran is expected to sign the agreement next week.", "2015-07-01", [], ["05"]),
    (
        "China warned that it would retaliate if the United States imposed new tariffs.",
        "2018-03-23",
        [("CHN", "USA", "13")],
        ["16"],
    ),
    ("Neither Armenia nor Azerbaijan has agreed to a ceasefire.", "2020-10-05", [], ["03", "08"]),
    ("Iran may have supplied weapons to the Houthi rebels, officials said.", "2017-11-07", [], ["07", "03", "06"]),
    ("The United States will send more troops to Afghanistan.", "2017-08-22", [], ["13", "19"]),
    ("Hamas fired rockets at Israel on Tuesday.", "2014-07-08", [("PSE", "ISR", "19")], []),
    (
        "Kiev accused Moscow of sending troops into eastern Ukraine, which Russia denied.",
        "2014-08-28",
        [("UKR", "RUS", "11")],
        ["15", "19", "18"],
    ),
    (
        "Washington has warned Beijing against any military action near Taiwan.",
        "2022-08-01",
        [("USA", "CHN", "13")],
        ["19"],
    ),
    ("Police fired tear gas at protesters in Nairobi on Monday.", "2023-03-20", [("KEN", "KEN", "17")], []),
    ("The Iraqi air force carried out air strikes in western Mosul.", "2017-03-01", [("IRQ", "*", "19")], []),
    (
        "Iranian and Iraqi officials met in Baghdad to discuss security cooperation.",
        "2019-05-01",
        [("IRNGOV", "IRQGOV", "04"), ("IRQGOV", "IRNGOV", "04")],
        [],
    ),
    (
        "Turkish troops crossed into northern Syria on Wednesday to attack Kurdish militias.",
        "2019-10-10",
        [("TUR", "SYR", "19")],
        [],
    ),
    (
        "The Taliban released 20 Afghan soldiers as part of a prisoner exchange.",
        "2020-04-13",
        [("AFGINSTAL", "AFG", "08")],
        [],
    ),
    (
        "The US will impose new sanctions on Moscow if the attacks continue.",
        "2021-06-17",
        [("USA", "RUS", "13")],
        ["16"],
    ),
    (
        "Israel and the United Arab Emirates agreed to normalise relations.",
        "2020-08-14",
        [("ISR", "ARE", "03"), ("ARE", "ISR", "03")],
        ["05"],
    ),
]


@pytest.mark.parametrize(("text", "published", "required", "forbidden_roots"), CASES, ids=[c[0][:40] for c in CASES])
def test_sentence(text: str, published: str, required: list[tuple[str, str, str]], forbidden_roots: list[str]) -> None:
    events = code_text(text, published=published)
    got = [(e.source.code if e.source else "-", e.target.code if e.target else "-", e.cameo) for e in events]
    for src, tgt, root in required:
        assert any(
            g[0].startswith(src) and (tgt == "*" or g[1].startswith(tgt)) and g[2].startswith(root) for g in got
        ), f"missing {src}->{tgt} {root} in {got}"
    assert not [g for g in got if g[2][:2] in forbidden_roots], f"forbidden root coded: {got}"


def test_wire_dateline_is_not_an_actor_and_he_said_quotes_follow_the_subject() -> None:
    text = (
        "GENEVA (Reuters) - U.S. President Joe Biden and Russian President Vladimir Putin met in Geneva on "
        'Wednesday.\n\nBiden said he had warned Putin against cyber attacks. "We will impose new sanctions on '
        'Moscow if the attacks continue," he said.'
    )
    events = code_text(text, published="2021-06-17")
    assert not [e for e in events if e.source and e.source.code == "CHE"]
    met = {(e.source.code, e.target.code) for e in events if e.cameo.startswith("04") and e.source and e.target}
    assert met == {("USAGOV", "RUSGOV"), ("RUSGOV", "USAGOV")}
    quoted = [e for e in events if e.quote]
    assert quoted and all(e.source and e.source.code.startswith("USA") for e in quoted)
