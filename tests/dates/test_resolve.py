"""Calendar arithmetic of resolve_expression: boundaries, leap days, tense, missing dates."""

from __future__ import annotations

import datetime as dt

import pytest

from bedfellows.dates import DateResolution, TimeExpression, published_date, resolve_expression

SAT = dt.date(2014, 6, 14)  # a Saturday


def expr(kind: str, **kw: object) -> TimeExpression:
    return TimeExpression(0, 1, str(kw.pop("text", kind)), kind, **kw)  # type: ignore[arg-type]


def iso(e: TimeExpression, pub: dt.date | None, future: bool = False) -> str | None:
    res = resolve_expression(e, pub, future=future)
    assert res is not None
    return res.date


@pytest.mark.parametrize(
    ("weekday", "pub", "want"),
    [
        (4, SAT, "2014-06-13"),  # Friday in a Saturday paper: yesterday
        (5, SAT, "2014-06-14"),  # Saturday in a Saturday paper: the same day
        (6, SAT, "2014-06-08"),  # Sunday: six days back, never ahead
        (4, dt.date(2016, 3, 1), "2016-02-26"),  # across a leap-year February
        (0, dt.date(2014, 1, 2), "2013-12-30"),  # across a year boundary
    ],
)
def test_bare_weekday_is_latest_on_or_before(weekday: int, pub: dt.date, want: str) -> None:
    res = resolve_expression(expr("weekday", weekday=weekday), pub)
    assert res == DateResolution(want, "relative", "day", "weekday")


def test_weekday_with_future_tense_and_modifiers() -> None:
    assert iso(expr("weekday", weekday=0), SAT, future=True) == "2014-06-16"
    assert iso(expr("weekday", weekday=5), SAT, future=True) == "2014-06-21"
    assert iso(expr("weekday", weekday=5, rel="last"), SAT) == "2014-06-07"
    assert iso(expr("weekday", weekday=4, rel="last"), SAT) == "2014-06-13"
    assert iso(expr("weekday", weekday=4, rel="next"), SAT) == "2014-06-20"


@pytest.mark.parametrize(
    ("offset", "pub", "want"),
    [(-1, dt.date(2014, 1, 1), "2013-12-31"), (-1, dt.date(2016, 3, 1), "2016-02-29"),
     (-1, dt.date(2015, 3, 1), "2015-02-28"), (0, SAT, "2014-06-14"),
     (-3, dt.date(2014, 3, 2), "2014-02-27")],
)  # fmt: skip
def test_day_offsets(offset: int, pub: dt.date, want: str) -> None:
    assert iso(expr("days", offset=offset), pub) == want


def test_periods_use_first_day_and_precision() -> None:
    week = resolve_expression(expr("unit", unit="week", offset=-1), SAT)
    assert week == DateResolution("2014-06-02", "relative", "week", "unit")
    month = resolve_expression(expr("unit", unit="month", offset=-1), dt.date(2014, 1, 15))
    assert month is not None and (month.date, month.precision) == ("2013-12-01", "month")
    year = resolve_expression(expr("unit", unit="year", offset=-2), SAT)
    assert year is not None and (year.date, year.precision) == ("2012-01-01", "year")
    assert iso(expr("unit", unit="week", offset=0), dt.date(2014, 6, 15)) == "2014-06-09"
    in_2003 = resolve_expression(expr("absolute", year=2003), SAT)
    assert in_2003 == DateResolution("2003-01-01", "explicit", "year", "absolute")


def test_month_name_without_year() -> None:
    assert iso(expr("month", month=5), SAT) == "2014-05-01"
    assert iso(expr("month", month=6), SAT) == "2014-06-01"
    assert iso(expr("month", month=11), SAT) == "2013-11-01"  # not a future November
    assert iso(expr("month", month=6, rel="last"), SAT) == "2013-06-01"
    assert iso(expr("month", month=7, rel="next"), SAT) == "2014-07-01"
    assert iso(expr("month", month=3, rel="next"), SAT) == "2015-03-01"


def test_day_and_month_infer_year() -> None:
    assert iso(expr("absolute", month=6, day=12), SAT) == "2014-06-12"
    assert iso(expr("absolute", month=6, day=16), SAT) == "2014-06-16"  # a few days ahead: ok
    assert iso(expr("absolute", month=12, day=20), dt.date(2014, 1, 5)) == "2013-12-20"
    assert iso(expr("absolute", month=1, day=3), dt.date(2013, 12, 20), future=True) == (
        "2014-01-03"
    )
    basis = resolve_expression(expr("absolute", month=6, day=12), SAT)
    assert basis is not None and basis.basis == "relative"


def test_impossible_dates_are_none_not_errors() -> None:
    assert resolve_expression(expr("absolute", year=2014, month=2, day=30), SAT) is None
    assert resolve_expression(expr("absolute", month=2, day=30), SAT) is None
    assert resolve_expression(expr("absolute", month=2, day=29), dt.date(2015, 3, 5)) is None
    assert iso(expr("absolute", month=2, day=29), dt.date(2016, 3, 5)) == "2016-02-29"
    assert iso(expr("absolute", year=2016, month=2, day=29), None) == "2016-02-29"


def test_without_publication_date() -> None:
    assert resolve_expression(expr("weekday", weekday=4), None) == DateResolution(
        None, "published", None, "weekday"
    )
    assert resolve_expression(expr("days", offset=-1), None) == DateResolution(
        None, "published", None, "days"
    )
    explicit = resolve_expression(expr("absolute", year=2014, month=6, day=12), None)
    assert explicit == DateResolution("2014-06-12", "explicit", "day", "absolute")
    assert published_date(None) == DateResolution(None, "published", None, None)
    assert published_date(SAT) == DateResolution("2014-06-14", "published", "day", None)


def test_coming_days_keeps_publication_date() -> None:
    res = resolve_expression(expr("future", text="the coming days"), SAT)
    assert res == DateResolution("2014-06-14", "published", "day", "the coming days")
