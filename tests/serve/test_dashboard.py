"""End to end: a real uvicorn server over a store coded by the real coder, driven by Chromium."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bedfellows.records import Article, Event

from .corpus import build_store, make_corpus

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WANTED = {"IRN", "USA", "IMGMUSISI"}  # Iran, the United States, ISIL

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium, installed by tests/serve/ensure_chromium.sh when missing."""
    if not Path(CHROMIUM).exists():
        script = Path(__file__).with_name("ensure_chromium.sh")
        done = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=900)
        if done.returncode != 0 or not Path(CHROMIUM).exists():
            pytest.skip(f"cannot install Debian chromium: {done.stderr.strip()[-300:]}")
    return CHROMIUM


def _coded_examples(shared: Path) -> tuple[list[Article], list[Event]]:
    """The seed article and the example sets, coded by the real coder."""
    from bedfellows.coder import code_articles
    from bedfellows.ingest.readers import read_inputs

    inputs = sorted(str(p) for p in (shared / "examples").glob("*.jsonl"))
    articles = [r.article for r in read_inputs(inputs, None) if r.article is not None]
    events: list[Event] = []
    for result in code_articles(articles):
        events.extend(result.events)
    return articles, events


@pytest.fixture(scope="session")
def e2e_db(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    articles, events = _coded_examples(shared)
    keys = {(a.country or a.code) for e in events if e.source and e.target for a in (e.source, e.target)}
    if not WANTED <= keys:  # the coder missed one: add hand-built events through the same path
        more_articles, more_events = make_corpus(6)
        articles, events = articles + more_articles, events + more_events
    path = tmp_path_factory.mktemp("e2e") / "e2e.duckdb"
    return build_store(path, articles, events)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(e2e_db: Path) -> Iterator[str]:
    """`bedfellows.serve.serve` in its own process on a free loopback port."""
    port = _free_port()
    code = (
        "import sys; from bedfellows.serve import serve; "
        "serve(sys.argv[1], '127.0.0.1', int(sys.argv[2]), warm_coder=False, log_level='warning')"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(e2e_db), str(port)],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/v1/info", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the server did not start")
        time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _get(url: str) -> object:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def _event_with_marked_trigger(server: str, ids: list[str]) -> str:
    """The first listed event whose trigger the article view can locate (most can)."""
    from urllib.parse import quote

    events = {e["event_id"]: e for e in _get(server + "/v1/events?limit=500")["events"]}  # type: ignore[index]
    for event_id in ids:
        art = _get(server + "/v1/articles/" + quote(events[event_id]["article_id"], safe=""))
        marks = {m["event"]["event_id"]: m for m in art["events"]}  # type: ignore[index]
        if marks[event_id]["trigger_in_sentence"]:
            return event_id
    pytest.fail("no listed event has a trigger located in its sentence")


def test_dashboard_in_chromium(chromium: str, server: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            hosts: set[str] = set()
            errors: list[str] = []
            page.on("request", lambda req: hosts.add(urlparse(req.url).hostname or ""))
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on(
                "response",
                lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
            )
            page.goto(server + "/")
            page.wait_for_selector("body[data-ready='1']", timeout=60_000)

            # The signed network holds Iran, the USA and ISIL.
            ids = set(page.evaluate("window.bedfellows.cy.nodes().map(n => n.id())"))
            assert WANTED <= ids, ids
            for node in WANTED:
                assert page.locator(f"#network-nodes li[data-node='{node}']").count() == 1
            assert page.locator("#network-nodes").inner_text().count("Iran") >= 1
            colours = set(page.evaluate("window.bedfellows.cy.edges().map(e => e.data('color'))"))
            assert colours & {"#1a9850", "#d73027"}

            # Timeline and map are drawn.
            page.wait_for_selector("#timeline canvas", timeout=10_000)
            assert page.locator("#map .leaflet-overlay-pane path").count() > 50  # country outlines

            # Clicking an event shows its sentence, with the trigger marked.
            page.uncheck("#only-pair")
            page.wait_for_selector("#events tbody tr[data-event-id]")
            event_id = _event_with_marked_trigger(
                server,
                page.eval_on_selector_all(
                    "#events tbody tr[data-event-id]", "rows => rows.map(r => r.dataset.eventId)"
                ),
            )
            page.click(f"#events tbody tr[data-event-id='{event_id}']")
            page.wait_for_selector("#evidence:not([hidden])")
            page.wait_for_selector("#evidence-sentence mark")
            shown = page.locator("#evidence-sentence").inner_text()
            events = _get(server + "/v1/events?limit=500")["events"]  # type: ignore[index]
            event = next(e for e in events if e["event_id"] == event_id)
            assert shown.strip() == event["sentence"].strip()
            assert page.locator("#evidence-sentence mark").inner_text().strip()
            page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

            # ... and the article it came from.
            page.click("#evidence-article")
            page.wait_for_selector("#article-view:not([hidden]) .hl-sentence")
            text = page.locator("#article-text").inner_text()
            assert event["sentence"].split()[0] in text
            page.screenshot(path=str(ARTIFACTS / "dashboard-article.png"))

            assert hosts <= {"127.0.0.1"}, f"the page loaded from elsewhere: {hosts}"
            assert not errors, errors
        finally:
            browser.close()
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 10_000
