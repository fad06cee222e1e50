"""POST /v1/code under load and hostile text: bounded work, reads stay fast, no 500."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bedfellows.coder import get_coder
from bedfellows.serve.app import create_app

pytestmark = pytest.mark.model

TEXT = "Israeli jets struck Hamas targets in Gaza on Sunday."


def test_a_burst_past_the_bound_gets_503_with_retry_after_and_reads_stay_fast(db: Path) -> None:
    gate = threading.Event()
    real = get_coder().code_article

    def held(article: Any) -> Any:  # the real coder, held until the test has looked
        gate.wait(60)
        return real(article)

    answers: list[Any] = []
    with TestClient(create_app(db, coder=held, max_coding=2)) as client:

        def post() -> None:
            answers.append(client.post("/v1/code", json={"text": TEXT, "published": "2014-07-13"}))

        threads = [threading.Thread(target=post) for _ in range(6)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while len(answers) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        t0 = time.perf_counter()
        info = client.get("/v1/info")
        read_seconds = time.perf_counter() - t0
        gate.set()
        for t in threads:
            t.join(60)
    assert info.status_code == 200 and read_seconds < 2.0
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 200, 503, 503, 503, 503]
    refused = [a for a in answers if a.status_code == 503]
    assert all(int(a.headers["Retry-After"]) >= 1 for a in refused)
    assert "retry in" in refused[0].json()["detail"]
    assert all(a.json()["events"] for a in answers if a.status_code == 200)


@pytest.mark.parametrize(
    "body",
    [
        b'{"text": "Israeli jets struck Hamas targets \\ud800 in Gaza on Sunday."}',
        b'{"text": "Israeli jets struck Hamas targets in Gaza on Sunday.", "id": "a\\udfff"}',
        b'{"text": "Israeli jets struck Hamas targets in Gaza on Sunday. \\ud83d\\ude00"}',
    ],
)
def test_lone_surrogates_are_cleaned_not_a_500(client: TestClient, body: bytes) -> None:
    r = client.post("/v1/code", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["events"] and data["events"][0]["cameo"].startswith("19")
    if b"\\ud800" in body or b"\\udfff" in body:
        assert "[E110]" in data["warning"]
