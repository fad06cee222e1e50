"""A demand, call or pledge noun governs its clause; armed forces arriving are not a visit."""

from __future__ import annotations

import pytest

from bedfellows import code_text
from bedfellows.events.extract import _forces_arriving, _noun_clause_owner, _noun_complement
from bedfellows.records import Actor

pytestmark = pytest.mark.model


def codes(text: str) -> list[tuple[str, str, str]]:
    return [
        ((e.source.code if e.source else ""), (e.target.code if e.target else ""), e.cameo)
        for e in code_text(text, published="2015-06-01")
    ]


@pytest.mark.parametrize(
    ("text", "source", "target", "root", "inner"),
    [
        # the act in the clause has not happened; the demand (10) or appeal (02) has
        ("Hamas renewed its demand that Israel lift the blockade of Gaza.", "PSE", "ISR", "10", "08"),
        ("Hamas repeated its demand that Israel release Palestinian prisoners.", "PSE", "ISR", "10", "08"),
        ("The European Union repeated its call for Russia to withdraw troops from Ukraine.", "IGO", "RUS", "02", "08"),
        ("The Arab League issued an appeal to Syria to release political prisoners.", "IGO", "SYR", "02", "08"),
        ("Germany made a request that Pakistan arrest the militants.", "DEU", "PAK", "02", "17"),
        # a pledge is an intent (03), not the withdrawal
        ("Russia reiterated its pledge to withdraw troops from Georgia.", "RUS", "*", "03", "08"),
    ],
)
def test_noun_governs_its_clause(text: str, source: str, target: str, root: str, inner: str) -> None:
    got = codes(text)
    assert any(
        s.startswith(source) and (target == "*" or t.startswith(target)) and c.startswith(root) for s, t, c in got
    ), got
    assert not any(c.startswith(inner) for _s, _t, c in got), got
    assert len(got) == 1, got  # the verb that issues the noun ("renewed", "issued") adds no event


def test_nobody_named_as_making_the_demand() -> None:
    # "ignored the call": Israel did not call; the withdrawal did not happen either
    got = codes("Israel ignored the call for it to withdraw its troops from Gaza.")
    assert not any(c.startswith(("08", "02")) for _s, _t, c in got), got


def test_a_governing_verb_keeps_the_clause() -> None:
    # "rejected the demand that it withdraw": a refusal to withdraw, as before
    got = codes("Turkey rejected the demand that it withdraw troops from Iraq.")
    assert any(s.startswith("TUR") and c.startswith("12") for s, _t, c in got), got
    assert not any(c.startswith("08") for _s, _t, c in got), got


def test_relative_clause_is_not_a_complement(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Israel rejected the demand that Hamas made on Monday.")
    demand = next(t for t in doc if t.lower_ == "demand")
    assert _noun_complement(demand) is None
    made = next(t for t in doc if t.lower_ == "made")
    assert _noun_clause_owner(made) is None


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("US troops arrived in Baghdad on Monday.", "USAMIL", "IRQ"),
        ("Russian soldiers arrived in Damascus on Friday.", "RUSMIL", "SYR"),
        ("A first batch of French troops arrived in Mali on Tuesday.", "FRAMIL", "MLI"),
    ],
)
def test_forces_arriving_are_a_build_up(text: str, source: str, target: str) -> None:
    got = codes(text)
    assert (source, target, "154") in got, got
    assert not any(c.startswith("04") for _s, _t, c in got), got


@pytest.mark.parametrize(
    "text",
    [
        "The US army chief arrived in Baghdad on Monday.",  # an officer travels: a visit
        "A Chinese military delegation arrived in Pakistan on Monday.",
        "Barack Obama arrived in Baghdad on Monday.",
    ],
)
def test_people_arriving_still_visit(text: str) -> None:
    got = codes(text)
    assert any(c == "042" for _s, _t, c in got), got
    assert not any(c.startswith("15") for _s, _t, c in got), got


def test_peacekeepers_arriving_stay_peacekeeping() -> None:
    got = codes("Bangladeshi peacekeeping troops arrived in Sierra Leone on Tuesday.")
    assert any(c == "074" for _s, _t, c in got), got


def test_forces_arriving_rule_handbuilt(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Turkish tanks entered the town.")
    verb = next(t for t in doc if t.lower_ == "entered")
    subj = next(t for t in doc if t.dep_ == "nsubj")
    assert _forces_arriving(verb, subj, [Actor("TURMIL", "Turkey", "TUR", "Turkish tanks")])
    doc2 = nlp("Turkish officials entered the town.")
    verb2 = next(t for t in doc2 if t.lower_ == "entered")
    subj2 = next(t for t in doc2 if t.dep_ == "nsubj")
    assert not _forces_arriving(verb2, subj2, [Actor("TURGOV", "Turkey", "TUR", "Turkish officials")])
