"""The dashboard end to end: a real uvicorn server over a real store, driven by Debian's Chromium.

Most tests use the hand-written corpus (tests/serve/corpus.py) stored through the
real Store; the last one serves the ../shared examples coded by the real coder.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from bedfellows.records import Article, Event

from .browser import CHROMIUM_ARGS, assert_not_blank, ensure_chromium, get_json, running_server, wait_until
from .corpus import build_store, make_corpus

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
WANTED = {"IRN", "USA", "IMGMUSISI"}  # Iran, the United States, ISIL

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dash") / "dash.duckdb"
    return build_store(path, *make_corpus(24))


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[str]:
    with running_server(store_path) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = ensure_chromium()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Watched:
    """A page whose errors and hosts are recorded: a test ends with none from elsewhere."""

    def __init__(self, browser: Any, base: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
        self.page = self.context.new_page()
        self.base = base
        self.hosts: set[str] = set()
        self.errors: list[str] = []
        self.page.on("request", lambda req: self.hosts.add(urlparse(req.url).hostname or urlparse(req.url).scheme))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def open(self, path: str = "/") -> Any:
        self.page.goto(self.base + path)
        return self.ready()

    def ready(self) -> Any:
        self.page.wait_for_selector("body[data-ready='1']", timeout=30_000)
        return self.page

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlparse(self.page.url).query)

    def check_clean(self) -> None:
        assert self.hosts <= {"127.0.0.1", "data", "blob"}, f"the page loaded from elsewhere: {self.hosts}"
        assert not self.errors, self.errors


@pytest.fixture
def watched(browser: Any, server: str) -> Iterator[Watched]:
    w = Watched(browser, server)
    try:
        yield w
        w.check_clean()
    finally:
        w.context.close()


def _api(server: str, path: str, **params: Any) -> Any:
    return get_json(f"{server}{path}?{urlencode(params, doseq=True)}" if params else server + path)


def _all_events(server: str, **params: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = _api(server, "/v1/events", limit=500, **params, **({"cursor": cursor} if cursor else {}))
        out += page["events"]
        cursor = page["next_cursor"]
        if not cursor:
            return out


def _months(first: str, last: str) -> int:
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return (b.year - a.year) * 12 + b.month - a.month + 1


def _row_ids(page: Any) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(
        "#events tbody tr[data-event-id]", "rows => rows.map(r => r.dataset.eventId)"
    )
    return ids


def test_overview_network_map_and_true_time_axis(watched: Watched, server: str) -> None:
    page = watched.open("/")
    info = _api(server, "/v1/info")

    # A true time axis: one bar slot per month from the first event to the last, empty or not.
    assert page.locator("#series canvas").count() >= 1
    assert int(page.get_attribute("#series", "data-periods") or 0) == _months(info["first_date"], info["last_date"])

    # The network: canonical names as labels, signed edges, each node a drill-down.
    ids = set(page.evaluate("window.bedfellows.cy.nodes().map(n => n.id())"))
    assert WANTED <= ids, ids
    labels = set(page.evaluate("window.bedfellows.cy.nodes().map(n => n.data('label'))"))
    assert {"Iran", "United States"} <= labels
    colours = set(page.evaluate("window.bedfellows.cy.edges().map(e => e.data('color'))"))
    assert {"#1a9850", "#d73027"} <= colours
    assert page.evaluate("window.bedfellows.cy.edges().every(e => Number(e.data('label')) === e.data('events'))")

    # The top-N control trims the network to the busiest actors, and the URL keeps it.
    page.select_option("#top", "10")
    watched.ready()
    wait_until(page, "window.bedfellows.network.nodes.length <= 10")
    assert watched.query()["top"] == ["10"]

    # The map opens fitted to the events shown: every place inside the viewport.
    places = page.evaluate("window.bedfellows.places")
    assert places
    inside = page.evaluate(
        "window.bedfellows.places.every(p => window.bedfellows.map.getBounds().contains([p.lat, p.lon]))"
    )
    assert inside
    assert page.evaluate("window.bedfellows.map.getZoom()") >= 3  # fitted to the region, not the world
    assert page.locator("#map .place-dot").count() >= 1
    # colours by quad class: Mosul and Baghdad (material conflict) are red, Tehran green
    quads = set(page.eval_on_selector_all("#map .place-dot", "ds => ds.map(d => d.className.match(/q\\d/)[0])"))
    assert "q4" in quads and quads & {"q1", "q2"}, quads

    ARTIFACTS.mkdir(exist_ok=True)
    png = page.screenshot(path=str(ARTIFACTS / "dashboard-overview.png"), full_page=True)
    assert_not_blank(page, png)
    assert_not_blank(page, page.locator("#network").screenshot())
    assert_not_blank(page, page.locator("#map").screenshot(), min_colours=5)


def test_filters_autocomplete_and_url_state(watched: Watched, server: str) -> None:
    page = watched.open("/")
    all_rows = len(_row_ids(page))

    # Autocomplete: a name fragment lists the matching actors.
    page.fill("#f-actor", "Ira")
    wait_until(page, "document.querySelectorAll('#actor-options option').length >= 2")
    options = page.eval_on_selector_all("#actor-options option", "os => os.map(o => o.value)")
    assert {"IRN", "IRQ"} <= set(options)

    # A name typed in full becomes the actor's key; the URL holds it.
    page.fill("#f-actor", "Iran")
    page.click("#apply")
    watched.ready()
    assert watched.query()["actor"] == ["IRN"]
    iran = {e["event_id"] for e in _all_events(server, actor="IRN")}
    assert set(_row_ids(page)) == iran

    # More filters: material conflict only, then text in the sentence.
    page.check("#filters input[name=quad_class][value='4']")
    page.click("#apply")
    watched.ready()
    assert watched.query()["quad_class"] == ["4"]
    assert page.eval_on_selector_all(
        "#events tbody tr[data-event-id] td:nth-child(3)", "tds => tds.every(td => td.className === 'q4')"
    )
    page.fill("#f-actor", "")
    page.fill("#f-q", "Mosul")
    page.click("#apply")
    watched.ready()
    texts = page.eval_on_selector_all(
        "#events tbody tr[data-event-id] td:last-child", "tds => tds.map(t => t.textContent)"
    )
    assert texts and all("Mosul" in t for t in texts)
    expected = {e["event_id"] for e in _all_events(server, quad_class=4, q="Mosul")}
    assert set(_row_ids(page)) == expected
    # every panel follows the filters: the map shows Mosul only
    assert [p["name"] for p in page.evaluate("window.bedfellows.places")] == ["Mosul"]

    # The URL is shareable: a fresh page on it shows the same state.
    shared = page.url
    other = watched.context.new_page()
    other.goto(shared)
    other.wait_for_selector("body[data-ready='1']")
    assert other.input_value("#f-q") == "Mosul"
    assert other.is_checked("#filters input[name=quad_class][value='4']")
    assert set(_row_ids(other)) == expected
    other.close()

    # The back button walks back through the filters.
    page.go_back()
    watched.ready()
    assert watched.query()["actor"] == ["IRN"] and "q" not in watched.query()
    assert page.input_value("#f-actor") == "IRN" and page.input_value("#f-q") == ""
    page.go_back()
    page.go_back()
    watched.ready()
    assert "actor" not in watched.query()
    assert len(_row_ids(page)) == all_rows


def test_drill_down_from_actor_to_the_trigger_in_its_sentence(watched: Watched, server: str) -> None:
    page = watched.open("/")
    # Click the Iran node on the network canvas itself.
    pos = page.evaluate(
        "(() => { const p = window.bedfellows.cy.$id('IRN').renderedPosition(); return [p.x, p.y]; })()"
    )
    box = page.locator("#network").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + pos[0], box["y"] + pos[1])
    watched.ready()
    assert watched.query()["view"] == ["actor"] and watched.query()["a"] == ["IRN"]
    assert "Iran" in page.inner_text("#actor-title")
    partners = page.eval_on_selector_all("#partners tbody tr", "rows => rows.map(r => r.dataset.partner)")
    assert partners[:1] == ["USA"]  # the busiest partner first
    api_partners = _api(server, "/v1/actors/IRN/partners")
    assert partners == [p["key"] for p in api_partners]

    # Actor -> dyad: the pair's timeline and events.
    page.click("#partners tbody tr[data-partner='USA']")
    watched.ready()
    assert watched.query()["view"] == ["dyad"] and watched.query()["b"] == ["USA"]
    assert page.locator("#timeline canvas").count() >= 1
    pair = _all_events(server, dyad="IRN,USA")
    assert set(_row_ids(page)) == {e["event_id"] for e in pair}

    # The period switch redraws the pair's time axis by week, empty weeks included.
    page.select_option("#interval", "week")
    watched.ready()
    dates = sorted(e["date"] for e in pair)
    first, last = dt.date.fromisoformat(dates[0]), dt.date.fromisoformat(dates[-1])
    weeks = ((last - dt.timedelta(days=last.weekday())) - (first - dt.timedelta(days=first.weekday()))).days // 7 + 1
    assert int(page.get_attribute("#timeline", "data-periods") or 0) == weeks
    assert sum(p["events"] for p in page.evaluate("window.bedfellows.timeline.points")) == len(pair)

    # Dyad -> event: the sentence with the trigger marked, the rule, the article.
    event = next(e for e in pair if e["trigger"] == "criticised")
    page.click(f"#events tbody tr[data-event-id='{event['event_id']}']")
    watched.ready()
    assert watched.query()["event"] == [event["event_id"]]
    assert page.inner_text("#evidence-sentence").strip() == event["sentence"]
    assert page.inner_text("#evidence-sentence mark") == "criticised"
    assert page.get_attribute("#event-meta", "data-rule") == event["rule"]
    assert event["rule"] in page.inner_text("#event-meta")
    current = page.locator("#article-text .hl-sentence.current")
    assert current.inner_text() == event["sentence"]
    assert current.locator("mark").inner_text() == "criticised"
    png = page.screenshot(path=str(ARTIFACTS / "dashboard-event.png"), full_page=True)
    assert_not_blank(page, png)

    # Back walks up the drill-down again.
    page.go_back()
    watched.ready()
    assert watched.query()["view"] == ["dyad"]
    page.go_back()
    watched.ready()
    assert watched.query()["view"] == ["actor"]
    page.go_back()
    watched.ready()
    assert "view" not in watched.query()


def test_alignment_opens_with_its_evidence_legs(watched: Watched, server: str) -> None:
    page = watched.open("/")
    page.click("#views a[data-view='alignments']")
    watched.ready()
    rows = page.eval_on_selector_all("#alignments tbody tr", "rows => rows.map(r => r.dataset.key)")
    api_rows = _api(server, "/v1/alignments", limit=500)
    assert rows == [f"{r['kind']}:{','.join(r['actors'])}" for r in api_rows]
    key = "common_enemy:IRN,USA"
    row = page.locator(f"#alignments tbody tr[data-key='{key}']")
    assert "strange bedfellows" in row.inner_text()

    # Sorting by a column reorders the rows (and the URL remembers it).
    page.click("#alignments th[data-sort='score']")
    watched.ready()
    scores = [r["score"] for r in api_rows]
    shown = page.eval_on_selector_all(
        "#alignments tbody tr td:nth-child(5)", "tds => tds.map(t => Number(t.textContent))"
    )
    assert shown == sorted(round(s * 10) / 10 for s in scores)
    assert watched.query()["sort"] == ["score-asc"]

    row.click()
    watched.ready()
    assert watched.query()["al"] == [key]
    legs = page.locator("#al-legs .leg")
    assert legs.count() == 3
    assert set(page.eval_on_selector_all("#al-legs .leg", "ls => ls.map(l => l.dataset.leg)")) == {
        "IRN,USA",
        "IMGMUSISI,IRN",
        "IMGMUSISI,USA",
    }
    wait_until(page, "document.querySelectorAll('#al-legs .leg canvas').length >= 3")
    found = next(r for r in api_rows if f"{r['kind']}:{','.join(r['actors'])}" == key)
    evidence = {",".join(rel["actors"]): rel["evidence"] for rel in found["relations"] + [found["pair_relation"]]}
    for i in range(3):
        leg = legs.nth(i)
        ids = leg.locator("li").evaluate_all("lis => lis.map(l => l.dataset.eventId)")
        assert ids and ids == evidence[leg.get_attribute("data-leg") or ""]
    # each evidence line is the event's sentence with its trigger marked
    first = legs.nth(0).locator("li").first
    event = _api(server, f"/v1/events/{first.get_attribute('data-event-id')}")["event"]
    assert event["sentence"] in first.inner_text()
    assert first.locator("mark").inner_text() == event["trigger"]
    png = page.screenshot(path=str(ARTIFACTS / "dashboard-alignment.png"), full_page=True)
    assert_not_blank(page, png)

    # A year chip narrows the period (the filters and the URL follow).
    page.click("#al-years a[data-year='2014']")
    watched.ready()
    assert watched.query()["date_from"] == ["2014-01-01"] and watched.query()["date_to"] == ["2014-12-31"]
    assert page.input_value("#f-from") == "2014-01-01"
    page.go_back()
    watched.ready()
    legs = page.locator("#al-legs .leg")
    first = legs.nth(0).locator("li").first

    # An evidence line drills down to the event.
    first.click()
    watched.ready()
    assert watched.query()["view"] == ["event"]
    assert page.inner_text("#evidence-sentence").strip() == event["sentence"]


def test_export_the_current_view(watched: Watched, server: str, tmp_path: Path) -> None:
    page = watched.open("/?quad_class=4")
    expected = _all_events(server, quad_class=4)
    with page.expect_download() as got:
        page.click("#export-csv")
    path = tmp_path / "events.csv"
    got.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in expected]
    assert {r["quad_class"] for r in rows} == {"4"}
    by_id = {e["event_id"]: e for e in expected}
    assert all(r["sentence"] == by_id[r["event_id"]]["sentence"] for r in rows)

    with page.expect_download() as got:
        page.click("#export-json")
    records = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert records == expected

    with page.expect_download() as got:
        page.click("#export-parquet")
    import pyarrow.parquet as pq

    table = pq.read_table(got.value.path())
    assert table.column("event_id").to_pylist() == [e["event_id"] for e in expected]

    with page.expect_download() as got:
        page.click("#export-graphml")
    graph = ET.parse(got.value.path()).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    edges = graph.findall(".//g:edge", ns)
    net = page.evaluate("window.bedfellows.network")
    assert len(edges) == len(net["edges"]) > 0

    with page.expect_download() as got:
        page.click("#export-png")
    assert_not_blank(page, Path(got.value.path()).read_bytes(), min_colours=5)
    with page.expect_download() as got:
        page.click("#export-svg")
    svg = ET.parse(got.value.path()).getroot()
    assert svg.tag.endswith("svg")
    assert len(svg.findall(".//{http://www.w3.org/2000/svg}rect")) > 2


def test_api_docs_load_offline(watched: Watched) -> None:
    page = watched.page
    page.goto(watched.base + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".opblock-summary-path", has_text="/v1/events").count() >= 1
    page.goto(watched.base + "/redoc")
    page.get_by_text("/v1/alignments").first.wait_for(timeout=30_000)
    assert watched.hosts <= {"127.0.0.1", "data", "blob"}


def test_dashboard_follows_a_store_being_written(browser: Any, tmp_path: Path) -> None:
    from bedfellows.store import Store

    articles, events = make_corpus(10)
    first = {a.id for a in articles[:5]}
    db = build_store(tmp_path / "growing.duckdb", articles[:5], [e for e in events if e.article_id in first])
    with running_server(db) as base:
        w = Watched(browser, base)
        try:
            page = w.open("/")
            before = int(page.get_attribute("#store-info", "data-events") or 0)
            assert before == sum(1 for e in events if e.article_id in first)
            with Store(db, near_duplicates=False) as writer:  # a writer while the page is served
                for a in articles[5:]:
                    writer.add_coded(a, [e for e in events if e.article_id == a.id])
            wait_until(page, f"Number(document.getElementById('store-info').dataset.events) === {len(events)}", 30)
            page.wait_for_selector("#refresh-view:not([hidden])")
            page.click("#refresh-view")
            w.ready()
            assert len(_row_ids(page)) == len(events)
            w.check_clean()
        finally:
            w.context.close()


# -- the real coder's store ----------------------------------------------------------------------


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


@pytest.mark.model
def test_dashboard_on_coded_examples(browser: Any, tmp_path_factory: pytest.TempPathFactory, shared: Path) -> None:
    articles, events = _coded_examples(shared)
    path = build_store(tmp_path_factory.mktemp("e2e") / "e2e.duckdb", articles, events)
    with running_server(path) as base:
        w = Watched(browser, base)
        try:
            page = w.open("/")
            keys = set(page.evaluate("window.bedfellows.cy.nodes().map(n => n.id())"))
            assert len(keys) >= 3
            # every coded event with a located trigger drills down to its marked sentence
            coded = [e for e in _all_events(base) if e["source"] and e["target"]]
            assert coded
            for ev in coded[:40]:
                detail = _api(base, f"/v1/events/{ev['event_id']}")
                if detail["trigger_in_sentence"]:
                    break
            else:
                pytest.fail("no coded event has a trigger located in its sentence")
            w.open(f"/?view=event&event={ev['event_id']}")
            assert page.inner_text("#evidence-sentence").strip() == ev["sentence"].strip()
            s0, s1 = detail["trigger_in_sentence"]
            assert page.inner_text("#evidence-sentence mark") == ev["sentence"][s0:s1]
            assert ev["rule"] in page.inner_text("#event-meta")
            # what `bedfellows explain` says, asked from the event view
            page.click("#explain")
            page.wait_for_selector("#explanation table.triggers td", timeout=180_000)
            explained = page.inner_text("#explanation")
            assert ev["sentence"][s0:s1] in explained and ev["rule"].split(">")[0] in explained
            page.screenshot(path=str(ARTIFACTS / "dashboard-coded.png"), full_page=True)
            w.check_clean()
        finally:
            w.context.close()
