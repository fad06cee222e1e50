# ruff: noqa: E501
"""Dates and counts: accuracy on hand-written cases and speed per event (prints figures).

    .venv/bin/python bench/dates_bench.py

Sentences are our own; each names a trigger, a publication date and the date
(or counts) a careful reader would give.
"""

from __future__ import annotations

import datetime as dt
import time

from bedfellows.dates import resolve_event_date
from bedfellows.events.numbers import extract_numbers
from bedfellows.nlp.pipeline import load_nlp

SAT = dt.date(2014, 6, 14)
WED = dt.date(2016, 3, 2)
DATES: list[tuple[str, str, dt.date | None, str | None]] = [
    ("The minister said on Friday that his country would help the refugees.", "help", SAT, "2014-06-13"),
    ("Rebels shelled the airport on Friday night.", "shelled", SAT, "2014-06-13"),
    ("Rebels shelled the airport last Friday.", "shelled", WED, "2016-02-26"),
    ("Friday's bombing killed nine people.", "bombing", SAT, "2014-06-13"),
    ("The two presidents will meet on Monday in Vienna.", "meet", SAT, "2014-06-16"),
    ("The two presidents met on Monday in Vienna.", "met", SAT, "2014-06-09"),
    ("Protesters stormed the embassy yesterday.", "stormed", dt.date(2014, 1, 1), "2013-12-31"),
    ("Protesters stormed the embassy yesterday.", "stormed", WED, "2016-03-01"),
    ("Troops crossed the border on Sunday.", "crossed", dt.date(2016, 3, 1), "2016-02-28"),
    ("The government signed the accord on June 12.", "signed", SAT, "2014-06-12"),
    ("The government signed the accord on 12 June 2013.", "signed", SAT, "2013-06-12"),
    ("The government signed the accord on December 30.", "signed", dt.date(2015, 1, 4), "2014-12-30"),
    ("The government signed the accord in May.", "signed", SAT, "2014-05-01"),
    ("The government signed the accord last month.", "signed", dt.date(2014, 1, 9), "2013-12-01"),
    ("The government signed the accord earlier this month.", "signed", SAT, "2014-06-01"),
    ("The government signed the accord last year.", "signed", SAT, "2013-01-01"),
    ("The government signed the accord two years ago.", "signed", SAT, "2012-01-01"),
    ("The government signed the accord three days ago.", "signed", dt.date(2016, 3, 1), "2016-02-27"),
    ("The army retook the city last week.", "retook", SAT, "2014-06-02"),
    ("The allies invaded the country in 2003.", "invaded", SAT, "2003-01-01"),
    ("The 2003 invasion toppled the regime.", "invasion", SAT, "2003-01-01"),
    ("After the withdrawal of troops in 2011, violence rose.", "rose", SAT, "2014-06-14"),
    ("After the withdrawal of troops in 2011, violence rose.", "withdrawal", SAT, "2011-01-01"),
    ("Iran has opposed the monarchy since 1979.", "opposed", SAT, "1979-01-01"),
    ("The cabinet will decide in the coming days.", "decide", SAT, "2014-06-14"),
    ("We may meet them soon.", "meet", SAT, "2014-06-14"),
    ("The rebels attacked the town on February 30.", "attacked", SAT, "2014-06-14"),
    ("The rebels attacked the town on Friday.", "attacked", None, None),
    ("The rebels attacked the town on June 12, 2014.", "attacked", None, "2014-06-12"),
    ("On Friday, fighters tried to retake the bridge.", "retake", SAT, "2014-06-13"),
    ("The president told reporters on Tuesday that troops would leave.", "leave", SAT, "2014-06-10"),
    ("Police said they arrested 20 men on Thursday.", "arrested", SAT, "2014-06-12"),
]
COUNTS: list[tuple[str, str, list[dict[str, object]]]] = [
    ("Militants took the town with an estimated 7,000 strong force.", "took", [{"value": 7000, "of": "force"}]),
    ("The strikes killed dozens of children.", "killed", [{"value": None, "approx": "dozens", "of": "children"}]),
    ("Two Indian soldiers were killed.", "killed", [{"value": 2, "of": "soldiers"}]),
    ("Thousands of demonstrators marched.", "marched", [{"value": None, "approx": "Thousands", "of": "demonstrators"}]),
    ("Seven thousand police were deployed.", "deployed", [{"value": 7000, "of": "police"}]),
    ("Gunmen killed 12 people 80km from the capital in 2014.", "killed", [{"value": 12, "of": "people"}]),
    ("Voters rejected the plan by 60 percent.", "rejected", []),
]  # fmt: skip


def main() -> None:
    nlp = load_nlp()
    ok = 0
    total_calls = 0
    elapsed = 0.0
    for text, trig, pub, want in DATES:
        sent = next(iter(nlp(text).sents))
        tok = next(t for t in sent if t.text == trig)
        t0 = time.perf_counter()
        res = resolve_event_date(sent, tok, pub)
        elapsed += time.perf_counter() - t0
        total_calls += 1
        if res.date == want:
            ok += 1
        else:
            print(f"  MISS date: {text!r} [{trig}] pub {pub}: got {res.date} want {want}")
    print(f"dates: {ok}/{len(DATES)} correct ({ok / len(DATES):.0%})")
    nok = 0
    for text, trig, want_counts in COUNTS:
        sent = next(iter(nlp(text).sents))
        tok = next(t for t in sent if t.text == trig)
        got = extract_numbers(sent, tok)
        nok += got == want_counts
        if got != want_counts:
            print(f"  MISS counts: {text!r}: got {got} want {want_counts}")
    print(f"counts: {nok}/{len(COUNTS)} correct")
    # speed: every token of a longer parsed text as a trigger (worst case)
    doc = nlp(" ".join(t for t, *_ in DATES) * 3)
    t0 = time.perf_counter()
    n = 0
    for sent in doc.sents:
        for tok in sent:
            if tok.pos_ in ("VERB", "NOUN"):
                resolve_event_date(sent, tok, SAT)
                extract_numbers(sent, tok)
                n += 1
    dt_s = time.perf_counter() - t0
    print(f"speed: {n} triggers in {dt_s:.3f}s = {n / dt_s:,.0f} triggers/s (date + counts)")


if __name__ == "__main__":
    main()
