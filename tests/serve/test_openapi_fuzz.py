"""Schemathesis against /openapi.json: no 5xx, no answer that breaks the documented schema."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from bedfellows.serve.app import create_app

from .corpus import build_store, make_corpus

pytestmark = [pytest.mark.model, pytest.mark.slow]

_DB = Path(__file__).resolve().parents[2] / ".cache" / "serve-fuzz.duckdb"


def _app():  # type: ignore[no-untyped-def]
    _DB.parent.mkdir(parents=True, exist_ok=True)
    _DB.unlink(missing_ok=True)
    build_store(_DB, *make_corpus())
    return create_app(_DB)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(
    max_examples=40,
    derandomize=True,  # the same examples on every run: CI never flakes on a lucky draw
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms(case: schemathesis.Case) -> None:
    # Every check except "schema-valid request rejected": an opaque cursor or a
    # reversed period is schema-valid yet rightly refused with 400.
    case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])
