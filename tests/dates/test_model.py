"""Dates with the real spaCy model: the parse decides which expression dates which event."""

from __future__ import annotations

import datetime as dt

import pytest

from bedfellows.dates import DateResolution, find_time_expressions, resolve_event_date

pytestmark = pytest.mark.model
SAT = dt.date(2014, 6, 14)


def date_of(nlp, text: str, trigger: str, published: dt.date | None) -> DateResolution:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    sent = next(iter(doc.sents))
    tok = next(t for t in sent if t.text == trigger)
    return resolve_event_date(sent, tok, published)


@pytest.mark.parametrize(
    ("text", "trigger", "published", "want"),
    [
        ("The minister said on Friday that his government would help the refugees.", "said",
         SAT, ("2014-06-13", "relative", "day")),
        ("The minister said on Friday that his government would help the refugees.", "help",
         SAT, ("2014-06-13", "relative", "day")),
        ("The envoy spoke at a news conference on Saturday.", "spoke", SAT,
         ("2014-06-14", "relative", "day")),
        ("Police arrested the protesters yesterday.", "arrested", dt.date(2014, 1, 1),
         ("2013-12-31", "relative", "day")),
        ("Police arrested the protesters yesterday.", "arrested", dt.date(2016, 3, 1),
         ("2016-02-29", "relative", "day")),
        ("The rebels attacked the garrison on Friday.", "attacked", dt.date(2016, 3, 1),
         ("2016-02-26", "relative", "day")),
        ("Turkish border guards on Friday forcibly entered the Syrian consulate.", "entered", SAT,
         ("2014-06-13", "relative", "day")),
        ("Two decades ago, Serbian forces attacked the rebels.", "attacked", SAT,
         ("1994-01-01", "relative", "year")),
        ("The two leaders will meet on Monday.", "meet", SAT, ("2014-06-16", "relative", "day")),
        ("The army shelled the town last week.", "shelled", SAT,
         ("2014-06-02", "relative", "week")),
        ("Coalition forces overthrew the government in 2003.", "overthrew", SAT,
         ("2003-01-01", "explicit", "year")),
        ("Since the departure of foreign troops in 2011, violence has surged.", "departure",
         SAT, ("2011-01-01", "explicit", "year")),
        ("Since the departure of foreign troops in 2011, violence has surged.", "surged", SAT,
         ("2014-06-14", "published", "day")),
        ("The cabinet is expected to decide in the coming days.", "decide", SAT,
         ("2014-06-14", "published", "day")),
        ("The rebels attacked the garrison on June 12, 2014.", "attacked", None,
         ("2014-06-12", "explicit", "day")),
        ("The rebels attacked the garrison on Friday.", "attacked", None,
         (None, "published", None)),
        ("The rebels attacked the garrison on February 30.", "attacked", SAT,
         ("2014-06-14", "published", "day")),
        ("Two soldiers were killed by gunfire along the Line of Control on Tuesday.", "killed",
         SAT, ("2014-06-10", "relative", "day")),
        ("Last weekend rebels attacked the convoy.", "attacked", SAT,
         ("2014-06-02", "relative", "week")),
        ("Crowds marched through the capital on Friday, demanding new elections.", "demanding",
         SAT, ("2014-06-13", "relative", "day")),
        ("The envoys agreed at Friday's summit to resume the talks.", "agreed", SAT,
         ("2014-06-13", "relative", "day")),
    ],
)  # fmt: skip
def test_event_dates(nlp, text: str, trigger: str, published: dt.date | None,  # type: ignore[no-untyped-def]
                     want: tuple[str | None, str, str | None]) -> None:  # fmt: skip
    res = date_of(nlp, text, trigger, published)
    assert (res.date, res.basis, res.precision) == want


def test_we_and_may_are_not_dates(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("We may attack them, and we may not.")
    assert find_time_expressions(next(iter(doc.sents))) == []
    doc = nlp("We met them in May.")
    assert [(e.text, e.kind) for e in find_time_expressions(next(iter(doc.sents)))] == [
        ("May", "month")
    ]
    res = date_of(nlp, "We may attack them.", "attack", SAT)
    assert res == DateResolution("2014-06-14", "published", "day", None)


def test_the_storys_day_dates_the_acts_told_after_it() -> None:
    from bedfellows import code_text

    events = code_text(
        "Kenyan police on Friday stormed the Ugandan embassy in Nairobi. "
        "The police arrested two Ugandan diplomats. Uganda will recall its ambassador.",
        published="2024-04-07",  # a Sunday
    )
    arrest = [e for e in events if e.cameo.startswith("17")]
    assert arrest and arrest[0].date == "2024-04-05" and ">date:article" in arrest[0].rule, events
    assert all(e.date != "2024-04-05" for e in events if e.sentence_index == 2)  # the future keeps its own
