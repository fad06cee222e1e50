"""The petrarch-tree engine: PETRARCH dictionaries read, and parse trees coded PETRARCH's way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bedfellows.evaluate import EvaluationError, evaluate
from bedfellows.petrarch import code_tree, load_tree_dictionaries, pico
from bedfellows.petrarch.dictionaries import actor_code, read_actors

ACTORS = """\
ARNOR [ARN]
+ARNORIAN
GONDOR [GON]
OSGILIATH [OSG]
THE_SHIRE [FRO/SAM]
SAM_GAMGEE [HOB]
\t[HOBMIL 20080120-20121109]
\t[HOBELI >20130119]
"""
AGENTS = """\
GOVERNMENT [~GOV]
SOLDIER [~MIL]
"""
# PETRARCH-1 format (no "VERB PATTERNS" section marker): words around the verb.
VERBS_OLD = """\
--- RESTORE [064] ---
RESTORE
- * FULL_TIES [061]
- NEVER * [111]

--- ATTACK [190] ---
ATTACK

--- MEET [036] ---
MEET
- % * [040]
"""
# CAMEO 2.0 format: nouns are phrase heads, (PREP NOUN) prepositional phrases.
VERBS_NEW = """\
####### VERB PATTERNS #######
--- RESTORE [064] ---
RESTORE
- * TIES (WITH) [061]
"""
DISCARDS = "FOOTBALL\n"


@pytest.fixture()
def dicts(tmp_path: Path):  # type: ignore[no-untyped-def]
    files = {
        "test.actors.txt": ACTORS,
        "test.agents.txt": AGENTS,
        "test.verbs.txt": VERBS_OLD,
        "test.discards.txt": DISCARDS,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return load_tree_dictionaries(sorted(tmp_path.glob("*.txt")))


def codes(parse: str, d, **kw) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(e.source, e.target, e.code) for e in code_tree(parse, d, **kw)}


RESTORED = (
    "(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP (JJ full) (NNS ties))"
    " (PP (IN with) (NP (NNP Gondor)))) (. .)))"
)


def test_pattern_code_beats_the_verb_code(dicts) -> None:  # type: ignore[no-untyped-def]
    assert codes(RESTORED, dicts) == {("ARN", "GON", "061")}


def test_verb_code_when_no_pattern_matches(dicts) -> None:  # type: ignore[no-untyped-def]
    parse = (
        "(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP (NNS ties))"
        " (PP (IN with) (NP (NNP Gondor))))))"
    )
    assert codes(parse, dicts) == {("ARN", "GON", "064")}


def test_negated_verb_is_not_the_event(dicts) -> None:  # type: ignore[no-untyped-def]
    parse = (
        "(ROOT (S (NP (NNP Arnor)) (VP (VBD did) (RB not) (VP (VB restore) (NP (NNS ties))"
        " (PP (IN with) (NP (NNP Gondor)))))))"
    )
    assert not any(c[2].startswith("06") for c in codes(parse, dicts))


def test_passive_voice_takes_the_source_from_by(dicts) -> None:  # type: ignore[no-untyped-def]
    parse = (
        "(ROOT (S (NP (NNP Gondor)) (VP (VBD was) (VP (VBN attacked)"
        " (PP (IN by) (NP (NNP Osgiliath)))))))"
    )
    assert codes(parse, dicts) == {("OSG", "GON", "190")}


def test_agent_joins_the_actor_and_compound_subjects_each_code(dicts) -> None:  # type: ignore[no-untyped-def]
    parse = (
        "(ROOT (S (NP (NNP Arnor) (CC and) (NNP Gondor) (NNS soldiers)) (VP (VBD attacked)"
        " (NP (NNP Osgiliath)))))"
    )
    assert codes(parse, dicts) == {("ARNMIL", "OSG", "190"), ("GONMIL", "OSG", "190")}


def test_compound_pattern_codes_members_towards_each_other(dicts) -> None:  # type: ignore[no-untyped-def]
    parse = "(ROOT (S (NP (NNP Arnor) (CC and) (NNP Gondor)) (VP (VBZ meets))))"
    assert codes(parse, dicts) == {("ARN", "GON", "040"), ("GON", "ARN", "040")}


def test_slash_codes_are_several_actors(dicts) -> None:  # type: ignore[no-untyped-def]
    parse = "(ROOT (S (NP (DT The) (NNP Shire)) (VP (VBD attacked) (NP (NNP Gondor)))))"
    assert codes(parse, dicts) == {("FRO", "GON", "190"), ("SAM", "GON", "190")}


def test_discard_phrase_stops_coding(dicts) -> None:  # type: ignore[no-untyped-def]
    text = "Arnor restored full ties with Gondor after the football match."
    assert codes(RESTORED, dicts, text=text) == set()


def test_require_dyad_false_keeps_one_sided_events(dicts) -> None:  # type: ignore[no-untyped-def]
    parse = "(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) (NP (NNS villages)))))"
    assert codes(parse, dicts) == set()
    assert codes(parse, dicts, require_dyad=False) == {("ARN", "---", "190")}


def test_cameo_2_format_prepositional_pattern(tmp_path: Path) -> None:
    (tmp_path / "a.actors.txt").write_text(ACTORS)
    (tmp_path / "b.verbs.txt").write_text(VERBS_NEW)
    d = load_tree_dictionaries(sorted(tmp_path.glob("*.txt")))
    parse = (
        "(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP (NNS ties))"
        " (PP (IN with) (NP (NNP Gondor))))))"
    )
    assert codes(parse, d) == {("ARN", "GON", "061")}


def test_date_restricted_actor_codes(tmp_path: Path) -> None:
    f = tmp_path / "x.actors.txt"
    f.write_text(ACTORS)
    trie: dict = {}
    read_actors(f, trie)
    entries = trie["SAM"]["GAMGEE"]["#"]
    assert actor_code(entries, dt.date(2010, 1, 1)) == "HOBMIL"
    assert actor_code(entries, dt.date(2014, 1, 1)) == "HOBELI"
    assert actor_code(entries, dt.date(2000, 1, 1)) == "HOB"  # no range applies: the plain code


def test_pico_round_trip_and_combination() -> None:
    assert pico.to_cameo(pico.to_pico("064")) == "064"
    assert pico.to_cameo(pico.to_pico("1717")) == "1717"  # outside the ontology: passed through
    say, attack = pico.to_pico("010"), pico.to_pico("190")
    assert pico.combine(say, attack) == say + attack  # saying an attack is not the attack
    assert pico.to_cameo(attack - pico.NEGATION) is None  # a negated attack is no CAMEO event


def test_unreadable_parse_is_a_clear_error(dicts) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        code_tree("Arnor restored ties", dicts)


def test_records_coded_on_their_own_parse_trees(shared: Path) -> None:
    report = evaluate(
        shared / "data/benchmarks/petrarch2_PETR.UnitTest.records.xml", engine="petrarch-tree"
    )
    assert report.items == 284
    assert report.figures["records_exact"] >= 0.6
    assert report.figures["noevents_respected"] == 1.0


def test_tree_engine_needs_parse_trees(shared: Path) -> None:
    with pytest.raises(EvaluationError, match="parse trees"):
        evaluate(shared / "data/benchmarks/plover_PLOVER_GSR_CAMEO.json", engine="petrarch-tree")
