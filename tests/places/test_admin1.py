"""Places carry their GeoNames first-level division (for GDELT's ADM1Code)."""

from __future__ import annotations

import dataclasses

from bedfellows.places import Gazetteer
from bedfellows.records import Actor, Event
from bedfellows.schema import event_row, events_to_table, row_to_event


def test_cities_and_regions_carry_admin1(gz: Gazetteer) -> None:
    mosul = gz.geocode("Mosul")
    assert mosul is not None and mosul.admin1 == "IQ.15"  # Ninawa
    baghdad = gz.capital_of("IRQ")
    assert baghdad is not None and baghdad.admin1 == "IQ.07"
    region = gz.geocode("Nineveh province")
    assert region is not None and region.precision == "region" and region.admin1 == "IQ.15"
    austin = gz.geocode("Austin")
    assert austin is not None and austin.country == "USA" and austin.admin1 == "US.TX"


def test_countries_and_continents_have_none(gz: Gazetteer) -> None:
    iran = gz.country("IRN")
    assert iran is not None and iran.precision == "country" and iran.admin1 is None
    europe = gz.geocode("Europe")
    assert europe is not None and europe.admin1 is None


def test_admin1_survives_records_and_store_rows(gz: Gazetteer) -> None:
    place = gz.geocode("Mosul")
    assert place is not None
    ev = Event(
        event_id="e1", article_id="a1", sentence_index=0, sentence="s", trigger="seized",
        source=Actor("IMGMUSISI", "ISIL", None, "ISIL"), target=None, cameo="190",
        quad_class=4, goldstein=-10.0, plover="ASSAULT", date="2014-06-10",
        date_basis="published", location=dataclasses.replace(place, text=None), span=(0, 1),
        quote=None, rule="t",
    )
    row = event_row(ev)
    assert row["location_admin1"] == "IQ.15"
    assert events_to_table([ev]).column("location_admin1").to_pylist() == ["IQ.15"]
    assert row_to_event(row).location == ev.location
    # the JSON record carries it too (an added field) and reads back the same
    assert ev.to_dict()["location"]["admin1"] == "IQ.15"
    loc = Event.from_dict(ev.to_dict()).location
    assert loc == ev.location
