"""Coreference and groups (issue 12), in sentences of our own: "the two leaders", "both sides",
"each other", "they" after a coordinated subject stand for the two parties last named together;
a relative pronoun ("many of whom", "who") stands for the noun its clause describes."""

from __future__ import annotations

import pytest

from bedfellows import code_text

pytestmark = pytest.mark.model


def _coded(text: str) -> list[tuple[str, str, str]]:
    return [
        (e.source.code if e.source else "-", e.target.code if e.target else "-", e.cameo)
        for e in code_text(text, published="2024-05-06")
    ]


def _has(got: list[tuple[str, str, str]], src: str, tgt: str, code: str) -> bool:
    return any(s.startswith(src) and t.startswith(tgt) and c.startswith(code) for s, t, c in got)


@pytest.mark.parametrize(
    ("text", "a", "b", "code"),
    [
        (
            "Kenyan President William Ruto met Ugandan President Yoweri Museveni in Nairobi on Monday. "
            "The two leaders agreed to restore diplomatic ties.",
            "KEN", "UGA", "03",
        ),
        ("Peru and Chile held talks on Monday. Both sides accused each other of bad faith.", "PER", "CHL", "11"),
        ("Armenia and Azerbaijan held talks in Vienna. The two countries signed a trade deal on Monday.",
         "ARM", "AZE", "05"),
        ("Serbia and Kosovo agreed to a truce. Each side said it stood ready to retaliate for any violation.",
         "SRB", "K", "13"),
        ("The Greek and Turkish foreign ministers met in Athens. They signed an agreement on fisheries.",
         "GRC", "TUR", "05"),
    ],
    ids=["two-leaders", "both-sides-each-other", "two-countries", "each-side-it", "they-after-and"],
)
def test_pair_references(text: str, a: str, b: str, code: str) -> None:
    got = _coded(text)
    assert _has(got, a, b, code) and _has(got, b, a, code), got


def test_a_pair_of_one_country_is_not_the_pair_named_before() -> None:
    got = _coded(
        "Peru and Chile held talks on Monday. The two Bolivian factions accused each other of fraud."
    )
    assert not _has(got, "PER", "CHL", "11") and not _has(got, "CHL", "PER", "11"), got


def test_they_keeps_its_own_clause_subject() -> None:
    got = _coded("Peru and Chile held talks on Monday. The rebels said they would attack the town.")
    threats = [g for g in got if g[2].startswith("13")]
    assert threats and all("REB" in s for s, _, _ in threats), got  # the rebels, not Peru and Chile


def test_many_of_whom_is_the_group_named_before() -> None:
    got = _coded("Police arrested 40 protesters in Minsk, many of whom were later beaten by the security forces.")
    assert _has(got, "BLR", "BLROPP", "19") and not _has(got, "BLR", "BLRCOP", "19"), got


def test_who_is_the_noun_of_its_clause_not_the_arrester() -> None:
    got = _coded("Police arrested protesters who threw stones at the parliament in Minsk.")
    assert _has(got, "BLROPP", "BLR", "18") and not _has(got, "BLRCOP", "BLRLEG", "18"), got


def test_his_government_is_the_speakers() -> None:
    got = _coded("Turkish President Recep Tayyip Erdogan said his government would impose sanctions on Syria.")
    assert _has(got, "TUR", "SYR", "1"), got


def test_cheap_pair_test() -> None:
    from bedfellows.actors.mentions import may_refer_to_pair

    assert may_refer_to_pair("both sides accused".split())
    assert may_refer_to_pair("they blamed each other".split())
    assert not may_refer_to_pair("the united states".split())


def test_a_first_name_alone_is_no_actor() -> None:
    got = _coded("Khalid told reporters that the army had shelled the village on Sunday.")
    assert not [g for g in got if g[0].startswith("SAU") or g[1].startswith("SAU")], got
    got = _coded("Fahd and Hassan said the police had arrested dozens of students in the capital.")
    assert not [g for g in got if g[0][:3] in ("SAU", "JOR")], got


def test_full_and_titled_names_still_match() -> None:
    got = _coded("King Abdullah of Jordan met Egyptian President Abdel Fattah al-Sisi in Cairo.")
    assert _has(got, "JOR", "EGY", "04"), got
