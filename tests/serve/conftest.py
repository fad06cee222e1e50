"""Fixtures for the serve tests: a store file and an app/client over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bedfellows.records import Article, Event
from bedfellows.serve.app import create_app

from .corpus import build_store, make_corpus


@pytest.fixture(scope="session")
def corpus() -> tuple[list[Article], list[Event]]:
    return make_corpus()


@pytest.fixture(scope="session")
def db(tmp_path_factory: pytest.TempPathFactory, corpus: tuple[list[Article], list[Event]]) -> Path:
    path = tmp_path_factory.mktemp("store") / "test.duckdb"
    return build_store(path, *corpus)


@pytest.fixture(scope="session")
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(db)
    with TestClient(app) as c:
        yield c
