"""Finding time expressions and attaching them to triggers, on hand-built parses (no model)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import spacy
from spacy.tokens import Doc

from bedfellows.dates import DateResolution, find_time_expressions, resolve_event_date

SAT = dt.date(2014, 6, 14)
MakeDoc = Callable[[list[tuple]], Doc]


BLANK = spacy.blank("en")


def flat(text: str) -> Doc:
    """An unparsed Doc: enough for the matcher-based finder."""
    return BLANK(text)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("They met on Friday, June 13, 2014 in Vienna", [("Friday, June 13, 2014", "absolute")]),
        ("on the 12th of June 2014", [("12th of June 2014", "absolute")]),
        ("Talks began in mid-2014", [("mid-2014", "absolute")]),
        ("We may consider it on Wednesday", [("Wednesday", "weekday")]),
        ("We met in May, and we may meet again", [("May", "month")]),
        ("May said she may resign", []),
        ("They sent 2000 soldiers", []),
        ("They left in 2000 and returned since 1979", [("2000", "absolute"), ("1979", "absolute")]),
        ("two years ago and last week and yesterday",
         [("two years ago", "unit"), ("last week", "unit"), ("yesterday", "days")]),
        ("a decision in the coming days", [("the coming days", "future")]),
        ("It happened on February 30", [("February 30", "absolute")]),
        ("Published 2014-06-12 by us", []),  # numeric dates come from DATE entities only
    ],
)  # fmt: skip
def test_find_time_expressions(text: str, want: list[tuple[str, str]]) -> None:
    doc = flat(text)
    got = [(e.text, e.kind) for e in find_time_expressions(doc[:])]
    assert got == want


def test_numeric_date_entity_is_read(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [("Published", 0, "ROOT", "VERB"), ("on", 0, "prep", "ADP"),
         ("2014-06-12", 1, "pobj", "NUM", "DATE")]
    )  # fmt: skip
    (e,) = find_time_expressions(doc[:])
    assert (e.year, e.month, e.day, e.explicit) == (2014, 6, 12, True)


def said_on_friday(make_doc: MakeDoc) -> Doc:
    # Obama said on Friday that aid would help .
    return make_doc(
        [("Obama", 1, "nsubj", "PROPN", "PERSON"), ("said", 1, "ROOT", "VERB", "", "say"),
         ("on", 1, "prep", "ADP"), ("Friday", 2, "pobj", "PROPN", "DATE"),
         ("that", 7, "mark", "SCONJ"), ("aid", 7, "nsubj", "NOUN"), ("would", 7, "aux", "AUX"),
         ("help", 1, "ccomp", "VERB"), (".", 1, "punct", "PUNCT")]
    )  # fmt: skip


def test_speech_date_and_its_complement(make_doc: MakeDoc) -> None:
    doc = said_on_friday(make_doc)
    friday = DateResolution("2014-06-13", "relative", "day", "Friday")
    assert resolve_event_date(doc[:], doc[1], SAT) == friday
    assert resolve_event_date(doc[:], doc[7], SAT) == friday  # inherits through ccomp
    given = DateResolution("2014-06-01", "explicit", "day", "June 1, 2014")
    assert resolve_event_date(doc[:], doc[7], SAT, inherited=given) == given
    # no publication date: the relative "Friday" cannot be resolved
    assert resolve_event_date(doc[:], doc[1], None) == DateResolution(
        None, "published", None, "Friday"
    )


def test_since_phrase_dates_its_noun_not_the_main_verb(make_doc: MakeDoc) -> None:
    # Since the withdrawal of troops in 2011 , tensions boiled over .
    doc = make_doc(
        [("Since", 9, "prep", "SCONJ"), ("the", 2, "det", "DET"), ("withdrawal", 0, "pobj", "NOUN"),
         ("of", 2, "prep", "ADP"), ("troops", 3, "pobj", "NOUN"), ("in", 2, "prep", "ADP"),
         ("2011", 5, "pobj", "NUM", "DATE"), (",", 9, "punct", "PUNCT"),
         ("tensions", 9, "nsubj", "NOUN"), ("boiled", 9, "ROOT", "VERB"),
         ("over", 9, "prt", "ADP"), (".", 9, "punct", "PUNCT")]
    )  # fmt: skip
    assert resolve_event_date(doc[:], doc[2], SAT) == DateResolution(
        "2011-01-01", "explicit", "year", "2011"
    )
    assert resolve_event_date(doc[:], doc[9], SAT) == DateResolution(
        "2014-06-14", "published", "day", None
    )
    assert resolve_event_date(doc[:], doc[9], None) == DateResolution(None, "published", None, None)


def meet_on(make_doc: MakeDoc, aux: str, day: str) -> Doc:
    # They will/did meet on <day> .
    return make_doc(
        [("They", 2, "nsubj", "PRON"), (aux, 2, "aux", "AUX"), ("meet", 2, "ROOT", "VERB"),
         ("on", 2, "prep", "ADP"), (day, 3, "pobj", "PROPN", "DATE"), (".", 2, "punct", "PUNCT")]
    )  # fmt: skip


def test_future_tense_weekday(make_doc: MakeDoc) -> None:
    doc = meet_on(make_doc, "will", "Monday")
    assert resolve_event_date(doc[:], doc[2], SAT).date == "2014-06-16"
    doc = meet_on(make_doc, "will", "Saturday")
    assert resolve_event_date(doc[:], doc[2], SAT).date == "2014-06-21"
    doc = meet_on(make_doc, "did", "Monday")
    assert resolve_event_date(doc[:], doc[2], SAT).date == "2014-06-09"


def test_leap_day_and_year_boundary(make_doc: MakeDoc) -> None:
    doc = meet_on(make_doc, "did", "Friday")
    assert resolve_event_date(doc[:], doc[2], dt.date(2016, 3, 1)).date == "2016-02-26"
    # They attacked the town yesterday .
    doc = make_doc(
        [("They", 1, "nsubj", "PRON"), ("attacked", 1, "ROOT", "VERB"), ("the", 3, "det", "DET"),
         ("town", 1, "dobj", "NOUN"), ("yesterday", 1, "npadvmod", "NOUN", "DATE"),
         (".", 1, "punct", "PUNCT")]
    )  # fmt: skip
    assert resolve_event_date(doc[:], doc[1], dt.date(2014, 1, 1)).date == "2013-12-31"
    assert resolve_event_date(doc[:], doc[1], dt.date(2016, 3, 1)).date == "2016-02-29"


def test_fronted_date_reaches_control_verb_and_later_conjunct(make_doc: MakeDoc) -> None:
    # On Friday , rebels attempted to seize the town and killed civilians .
    doc = make_doc(
        [("On", 4, "prep", "ADP"), ("Friday", 0, "pobj", "PROPN", "DATE"),
         (",", 4, "punct", "PUNCT"), ("rebels", 4, "nsubj", "NOUN"),
         ("attempted", 4, "ROOT", "VERB"), ("to", 6, "aux", "PART"), ("seize", 4, "xcomp", "VERB"),
         ("the", 8, "det", "DET"), ("town", 6, "dobj", "NOUN"), ("and", 4, "cc", "CCONJ"),
         ("killed", 4, "conj", "VERB"), ("civilians", 10, "dobj", "NOUN"),
         (".", 4, "punct", "PUNCT")]
    )  # fmt: skip
    for trigger in (doc[4], doc[6], doc[10]):
        assert resolve_event_date(doc[:], trigger, SAT).date == "2014-06-13", trigger.text


def test_bounding_and_impossible_dates_do_not_date(make_doc: MakeDoc) -> None:
    # They stayed until Friday .
    doc = make_doc(
        [("They", 1, "nsubj", "PRON"), ("stayed", 1, "ROOT", "VERB"), ("until", 1, "prep", "ADP"),
         ("Friday", 2, "pobj", "PROPN", "DATE"), (".", 1, "punct", "PUNCT")]
    )  # fmt: skip
    assert resolve_event_date(doc[:], doc[1], SAT).basis == "published"
    # They met on February 30 .
    doc = make_doc(
        [("They", 1, "nsubj", "PRON"), ("met", 1, "ROOT", "VERB"), ("on", 1, "prep", "ADP"),
         ("February", 2, "pobj", "PROPN", "DATE"), ("30", 3, "nummod", "NUM", "DATE"),
         (".", 1, "punct", "PUNCT")]
    )  # fmt: skip
    assert resolve_event_date(doc[:], doc[1], SAT) == DateResolution(
        "2014-06-14", "published", "day", None
    )


def test_we_and_may_are_not_dates(make_doc: MakeDoc) -> None:
    # We may meet them .
    doc = make_doc(
        [("We", 2, "nsubj", "PRON"), ("may", 2, "aux", "AUX"), ("meet", 2, "ROOT", "VERB"),
         ("them", 2, "dobj", "PRON"), (".", 2, "punct", "PUNCT")]
    )  # fmt: skip
    assert find_time_expressions(doc[:]) == []
    assert resolve_event_date(doc[:], doc[2], SAT).basis == "published"
