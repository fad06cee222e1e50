"""Shared fixtures: the path to ../shared and the real spaCy model (loaded once)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from bedfellows.nlp.pipeline import load_nlp

    return load_nlp()
