"""Fixtures for the places tests: one gazetteer per session (real GeoNames data)."""

from __future__ import annotations

import pytest

from bedfellows.places import Gazetteer, get_gazetteer


@pytest.fixture(scope="session")
def gz() -> Gazetteer:
    return get_gazetteer()
