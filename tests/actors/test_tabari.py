"""Reading TABARI/PETRARCH dictionaries: dated codes, synonyms, agents, defects."""

from __future__ import annotations

import pytest

from bedfellows.actors.tabari import DatedCode, parse_code, parse_date, read_actor_lines, read_agent_lines
from bedfellows.errors import DictionaryError


def test_dates_in_both_widths() -> None:
    assert parse_date("090120") == "2009-01-20"
    assert parse_date("780101") == "1978-01-01"
    assert parse_date("20130803") == "2013-08-03"
    with pytest.raises(ValueError):
        parse_date("9008223")


def test_code_ranges() -> None:
    assert parse_code("IRNGOV >20130803") == DatedCode("IRNGOV", "2013-08-03", None)
    assert parse_code("USAGOV 010120-090120") == DatedCode("USAGOV", "2001-01-20", "2009-01-20")
    assert parse_code("IRQ") == DatedCode("IRQ")


def test_entry_with_synonyms_and_dated_codes() -> None:
    lines = [
        "BARACK_OBAMA",
        "+PRESIDENT_OBAMA_",
        "+OBAMA",
        "\t[USAELI 780101-090119]",
        "\t[USAGOV >090120]",
        "IRAN_  [IRN]",
        "+IRANIAN",
        "+TEHRAN_ # the capital",
    ]
    entries = list(read_actor_lines(lines))
    assert [e.name for e in entries] == ["BARACK OBAMA", "IRAN"]
    obama = entries[0]
    assert obama.synonyms == ["PRESIDENT OBAMA", "OBAMA"]
    assert obama.codes[1].valid_on("2014-06-14") and not obama.codes[0].valid_on("2014-06-14")
    assert entries[1].codes == [DatedCode("IRN")] and "TEHRAN" in entries[1].synonyms


def test_bad_code_is_reported_with_its_line() -> None:
    lines = ["SOMEONE_", "\t[ARMUNR 9008223-911221]", "\t[ARM]"]
    with pytest.raises(DictionaryError, match=":2:"):
        list(read_actor_lines(lines, "x.txt"))
    problems: list[str] = []
    entries = list(read_actor_lines(lines, "x.txt", problems))
    assert entries[0].codes == [DatedCode("ARM")] and len(problems) == 1


def test_agents_get_plurals_and_macros() -> None:
    lines = ["!PERSON! = MAN, WOMAN", "POLICE {} [~COP]", "SOLDIER [~MIL]", "MILITIA [~UAF]", "CATTLE!PERSON! [~AGR]"]
    agents = {a.phrase: a for a in read_agent_lines(lines)}
    assert agents["POLICE"].plurals == ()
    assert agents["SOLDIER"].plurals == ("SOLDIERS",)
    assert agents["MILITIA"].plurals == ("MILITIAS",)
    assert {"CATTLEMAN", "CATTLEWOMAN"} <= set(agents)
