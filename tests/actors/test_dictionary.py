"""The packaged dictionary: dated roles, composition of country and agent, cache speed."""

from __future__ import annotations

import pytest

from bedfellows.actors.dictionary import load_default_dictionary
from bedfellows.actors.mentions import ActorResolver, find_mentions
from tests.handbuilt import COMPOUND_ACTORS, make_doc


def test_people_have_dated_roles() -> None:
    d = load_default_dictionary()
    idx = next(i for t, k, i in d.trie["rouhani"] if t == ("rouhani",) and k == "actor")
    rouhani = d.entries[idx]
    assert rouhani.code_on("2014-06-14") == "IRNGOV"
    idx = next(i for t, k, i in d.trie["obama"] if t == ("obama",) and k == "actor")
    assert d.entries[idx].code_on("2014-06-14") == "USAGOV"
    assert d.entries[idx].code_on("2019-01-01") != "USAGOV"


def test_isil_names_and_un() -> None:
    d = load_default_dictionary()
    for name in ("isil", "isis", "daesh"):
        idx = next(i for t, k, i in d.trie[name] if t == (name,) and k == "actor")
        assert d.entries[idx].code_on("2014-06-14") == "IMGMUSISI"
    assert d.country_of("IRQMIL") == "IRQ" and d.country_of("IMGMUSISI") is None


def test_country_and_agent_compose() -> None:
    d = load_default_dictionary()
    doc = make_doc(COMPOUND_ACTORS)
    mentions = find_mentions(doc, d, "2014-06-14")
    resolver = ActorResolver(doc, mentions, d)
    forces = doc[2]
    actors = resolver.actors_for(forces)
    assert actors[0].code == "IRQMIL" and actors[0].country == "IRQ"
    assert resolver.actor_for(doc[8]).code == "IMGMUSISI"


def test_second_load_comes_from_the_content_hash_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from bedfellows.actors import dictionary as mod

    mod.load_default_dictionary.cache_clear()
    first = mod.load_default_dictionary()  # writes the cache if needed
    mod.load_default_dictionary.cache_clear()

    def no_rebuild() -> None:
        raise AssertionError("the compiled cache was not used")

    monkeypatch.setattr(mod, "build_default_dictionary", no_rebuild)
    again = mod.load_default_dictionary()
    assert len(again.entries) == len(first.entries)
    mod.load_default_dictionary.cache_clear()
