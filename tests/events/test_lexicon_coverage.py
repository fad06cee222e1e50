"""The core lexicon codes common news verbs for every CAMEO root, and not their other senses.

Sentences are written for these tests (not taken from any corpus). Each positive case names the
source and target countries and the CAMEO root the sentence must yield; negatives name a root
the sentence must not yield.
"""

from __future__ import annotations

import pytest

from bedfellows import code_text
from bedfellows.events.lexicon import load_lexicon
from bedfellows.records import Event

pytestmark = pytest.mark.model

# (sentence, source country, target country or None, CAMEO root)
POSITIVE: list[tuple[str, str, str | None, str]] = [
    ("Vladimir Putin telephoned the French president on Tuesday.", "RUS", "FRA", "04"),
    ("The Turkish president travelled to Germany for a two-day visit.", "TUR", "DEU", "04"),
    ("India and Pakistan resumed talks after a two-year pause.", "IND", "PAK", "04"),
    ("The Polish parliament ratified the treaty with Lithuania.", "POL", "LTU", "05"),
    ("Vietnam and the United States upgraded their ties.", "VNM", "USA", "05"),
    ("The Canadian prime minister congratulated the new Italian government.", "CAN", "ITA", "05"),
    ("Britain struck a trade deal with Australia.", "GBR", "AUS", "05"),
    ("The Netherlands shared intelligence with Belgium.", "NLD", "BEL", "06"),
    ("American instructors trained Iraqi soldiers at the base.", "USA", "IRQ", "06"),
    ("Norway funded the reconstruction of schools in Afghanistan.", "NOR", "AFG", "07"),
    ("France supplied Ukraine with armoured vehicles.", "FRA", "UKR", "07"),
    ("Israel lifted the blockade on Gaza.", "ISR", "PSE", "08"),
    ("Iraq returned the remains of Kuwaiti soldiers to Kuwait.", "IRQ", "KWT", "08"),
    ("Ethiopian troops retreated from the border region.", "ETH", None, "08"),
    ("Indonesian police opened an inquiry into the Australian mining company.", "IDN", "AUS", "09"),
    ("Nigerian prosecutors probed the Chinese construction firm.", "NGA", "CHN", "09"),
    ("Greece demanded that Turkey withdraw its ships.", "GRC", "TUR", "10"),
    ("The Chinese foreign ministry lodged a protest with Japan.", "CHN", "JPN", "11"),
    ("Venezuela sued the United States at the World Court.", "VEN", "USA", "11"),
    ("Russia vetoed the resolution on Syria.", "RUS", "SYR", "12"),
    ("The Palestinian Authority boycotted the American peace conference.", "PSE", "USA", "12"),
    ("Iran threatened Israel with retaliation.", "IRN", "ISR", "13"),
    ("Kenyan protesters rallied in Nairobi against the Chinese loans.", "KEN", "CHN", "14"),
    ("Protesters blocked roads in Beirut.", "LBN", None, "14"),
    ("Russia mobilized troops along the Ukrainian border.", "RUS", "UKR", "15"),
    ("Australia expelled two Chinese diplomats.", "AUS", "CHN", "16"),
    ("The United States suspended aid to Uganda.", "USA", "UGA", "16"),
    ("The Chinese government censored the Hong Kong media.", "CHN", "HKG", "17"),
    ("Burmese security forces cracked down on protesters.", "MMR", None, "17"),
    ("A Somali man stabbed two Kenyan police officers.", "SOM", "KEN", "18"),
    ("Gunmen in Nigeria kidnapped 30 Chinese workers.", "NGA", "CHN", "18"),
    ("Armenian artillery shelled Azerbaijani villages.", "ARM", "AZE", "19"),
    ("Iraq invaded Kuwait in 1990.", "IRQ", "KWT", "19"),
    ("Serbian forces carried out ethnic cleansing in Bosnia.", "SRB", None, "20"),
    ("The French president expressed condolences to Lebanon after the explosion.", "FRA", "LBN", "01"),
    ("The Iranian foreign ministry issued a warning to Saudi Arabia.", "IRN", "SAU", "13"),
    ("The French minister cancelled a planned visit to Haiti.", "FRA", "HTI", "16"),
    ("Japan extended sanctions against North Korea.", "JPN", "PRK", "16"),
    ("The United States reduced tariffs on Chinese goods.", "USA", "CHN", "08"),
    ("Turkey returned the ancient manuscripts to Greece.", "TUR", "GRC", "08"),
    ("Swiss doctors handed over medicine to the Iranian Red Crescent.", "CHE", None, "07"),
]

# (sentence, a CAMEO root that must NOT be coded: the verb is used in another sense)
NEGATIVE: list[tuple[str, str]] = [
    ("The Kenyan team struck a deal with Nike.", "19"),  # a deal, not an attack
    ("The Iranian president returned to Tehran on Monday.", "08"),  # going home is not yielding
    ("The Indian government launched a new website.", "19"),  # launch without a weapon
    ("The German minister held a press conference in Berlin.", "04"),  # a press conference is not a meeting
    ("The Chinese workers went on strike in Kenya.", "19"),
    ("The Mexican delegation returned home after the talks.", "08"),  # intransitive return
    ("The Kenyan president opened the new hospital in Mombasa.", "09"),  # open without an inquiry
    ("U.N. helicopters evacuated the wounded from the Bosnian town.", "19"),  # 'the wounded' is no attack
    ("The Brazilian coach trained the Argentine players.", "06"),  # sport, not military training
    ("The German chancellor supplied details of the plan to France.", "07"),  # information, not supplies
]


def _country(actor: object) -> str | None:
    return getattr(actor, "country", None) if actor is not None else None


def _describe(events: list[Event]) -> str:
    return "; ".join(f"{_country(e.source)}>{_country(e.target)} {e.cameo} [{e.rule}]" for e in events) or "none"


@pytest.mark.parametrize(("sentence", "source", "target", "root"), POSITIVE, ids=[p[0][:40] for p in POSITIVE])
def test_root_is_coded(sentence: str, source: str, target: str | None, root: str) -> None:
    events = code_text(sentence, published="2020-05-05")
    hits = [
        e
        for e in events
        if e.cameo[:2] == root and _country(e.source) == source and (target is None or _country(e.target) == target)
    ]
    assert hits, f"expected {source}>{target} root {root}, got {_describe(events)}"


@pytest.mark.parametrize(("sentence", "root"), NEGATIVE, ids=[n[0][:40] for n in NEGATIVE])
def test_other_sense_is_not_coded(sentence: str, root: str) -> None:
    events = code_text(sentence, published="2020-05-05")
    assert all(e.cameo[:2] != root for e in events), _describe(events)


def test_specific_rules_come_before_general_ones() -> None:
    """A rule without an object list shadows every later rule for the same verb."""
    lex = load_lexicon()
    for verb, rules in lex.verbs.items():
        general = [i for i, r in enumerate(rules) if r.objects is None and r.object_class is None]
        assert not general or general[0] == len(rules) - 1, f"{verb}: general rule is not last"


def test_codes_are_in_the_codebook() -> None:
    from bedfellows.events.codebook import load_codebook

    book = load_codebook()
    lex = load_lexicon()
    codes = {r.code for rules in lex.verbs.values() for r in rules} | {n.code for n in lex.nouns.values()}
    assert codes, "empty lexicon"
    missing = sorted(c for c in codes if c not in book)
    assert not missing, f"codes not in the CAMEO codebook: {missing}"
