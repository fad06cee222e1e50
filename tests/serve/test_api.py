"""The /v1 API over a real DuckDB store file opened read-only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from bedfellows.errors import StoreError
from bedfellows.records import Article, Event
from bedfellows.serve.app import create_app
from bedfellows.serve.queries import ReadOnlyStore, decode_cursor, encode_cursor, find_word

Corpus = tuple[list[Article], list[Event]]


def test_info_counts_the_store(client: TestClient, corpus: Corpus) -> None:
    body = client.get("/v1/info").json()
    assert body["events"] == len(corpus[1])
    assert body["articles"] == len(corpus[0])
    assert body["first_date"] == "2014-06-01"


def test_events_are_the_cli_records(client: TestClient, corpus: Corpus) -> None:
    by_id = {e.event_id: e.to_dict() for e in corpus[1]}
    body = client.get("/v1/events", params={"limit": 500}).json()
    assert body["count"] == len(by_id)
    assert body["next_cursor"] is None
    for rec in body["events"]:
        assert rec == by_id[rec["event_id"]]


def test_pagination_walks_every_event_once(client: TestClient, corpus: Corpus) -> None:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 7}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/v1/events", params=params).json()
        seen += [e["event_id"] for e in body["events"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(e.event_id for e in corpus[1])
    assert len(seen) == len(set(seen))
    assert pages == -(-len(seen) // 7)
    dates = [e["date"] for e in client.get("/v1/events", params={"limit": 500}).json()["events"]]
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"actor": "IRN"}, lambda e: "IRN" in (e["source"]["country"], e["target"]["country"])),
        ({"source": "usamil"}, lambda e: e["source"]["code"] == "USAMIL"),
        ({"target": "IMGMUSISI"}, lambda e: e["target"]["code"] == "IMGMUSISI"),
        (
            {"dyad": "USA,IRN"},
            lambda e: {e["source"]["country"], e["target"]["country"]} == {"USA", "IRN"},
        ),
        ({"cameo": "195"}, lambda e: e["cameo"].startswith("195")),
        ({"cameo_root": "12"}, lambda e: e["cameo"][:2] == "12"),
        ({"quad_class": [3, 4]}, lambda e: e["quad_class"] in (3, 4)),
        ({"date_from": "2014-07-01", "date_to": "2014-07-31"}, lambda e: "2014-07" in e["date"]),
        ({"country": "IRN"}, lambda e: e["location"]["country"] == "IRN"),
        ({"q": "mosul"}, lambda e: "Mosul" in e["sentence"]),
        ({"article_id": "art-003"}, lambda e: e["article_id"] == "art-003"),
    ],
)
def test_event_filters(client: TestClient, params: dict[str, object], check: object) -> None:
    body = client.get("/v1/events", params={**params, "limit": 500}).json()
    assert body["count"] > 0, params
    assert all(check(e) for e in body["events"])  # type: ignore[operator]
    total = client.get("/v1/events", params={"limit": 500}).json()["count"]
    assert body["count"] < total


def test_text_search_treats_wildcards_literally(client: TestClient) -> None:
    assert client.get("/v1/events", params={"q": "%"}).json()["count"] == 0
    assert client.get("/v1/events", params={"q": "_"}).json()["count"] == 0
    assert client.get("/v1/events", params={"q": "'; DROP TABLE events; --"}).json()["count"] == 0
    assert client.get("/v1/info").json()["events"] > 0


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": encode_cursor("x", "y")[:-3] + "!!!"}, "cursor"),
        ({"date_from": "2014-02-31"}, "date_from"),
        ({"date_from": "2014-08-01", "date_to": "2014-07-01"}, "after"),
        ({"quad_class": 5}, "quad_class"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"actor": "IRN GOV"}, "actor"),
        ({"dyad": "IRN"}, "dyad"),
        ({"cameo": "abc"}, "cameo"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_are_4xx_with_a_message(client: TestClient, params: dict[str, object], fragment: str) -> None:
    r = client.get("/v1/events", params=params)
    assert r.status_code in (400, 422), r.text
    assert fragment in r.json()["detail"]
    assert "Traceback" not in r.text


def test_cursor_round_trip() -> None:
    assert decode_cursor(encode_cursor("2014-06-01", "abc")) == ("2014-06-01", "abc")


def test_network_has_signed_edges(client: TestClient) -> None:
    net = client.get("/v1/network").json()
    ids = {n["id"] for n in net["nodes"]}
    assert {"IRN", "USA", "IMGMUSISI", "IRQ"} <= ids
    names = {n["id"]: n["name"] for n in net["nodes"]}
    assert names["IRN"] == "Iran" and names["USA"] == "United States"
    edge = {(e["source"], e["target"]): e for e in net["edges"]}
    assert edge[("IMGMUSISI", "USA")]["sign"] == -1
    assert edge[("IRN", "IRQ")]["sign"] == 1
    assert all(e["source"] < e["target"] for e in net["edges"])
    by_code = client.get("/v1/network", params={"group": "code"}).json()
    assert {"IRNGOV", "USAGOV", "USAMIL", "IMGMUSISI"} <= {n["id"] for n in by_code["nodes"]}


def test_network_period_restricts_volume(client: TestClient) -> None:
    full = sum(e["events"] for e in client.get("/v1/network").json()["edges"])
    part = client.get("/v1/network", params={"date_from": "2014-07-01", "date_to": "2014-07-31"})
    assert 0 < sum(e["events"] for e in part.json()["edges"]) < full


def test_dyads_are_directed(client: TestClient) -> None:
    rows = client.get("/v1/dyads").json()
    pair = {(r["source"], r["target"]): r for r in rows}
    isil = pair[("IMGMUSISI", "IRQGOV")]
    assert isil["q4"] == isil["events"] > 0 and isil["goldstein_mean"] == -10.0
    assert ("IRQGOV", "IMGMUSISI") not in pair
    only = client.get("/v1/dyads", params={"actor": "USAMIL"}).json()
    assert only and all("USAMIL" in (r["source"], r["target"]) for r in only)


def test_alignments_find_the_strange_bedfellows(client: TestClient) -> None:
    rows = client.get("/v1/alignments").json()
    pairs = {tuple(r["actors"]): r for r in rows if r["kind"] == "common_enemy"}
    # Iran and the USA quarrel, yet both are hostile to ISIL.
    found = pairs[("IRN", "USA")]
    assert found["common_enemies"] == ["IMGMUSISI"]
    assert found["names"] == ["Iran", "United States"]
    assert found["hostile_record"] is True and found["evidence"]
    assert all(r["sign"] == -1 for r in found["relations"])


def test_plain_schema_file_is_served_with_own_sql(tmp_path: Path, corpus: Corpus) -> None:
    from .corpus import build_plain_db

    db = build_plain_db(tmp_path / "plain.duckdb", *corpus)
    with TestClient(create_app(db)) as c:
        net = c.get("/v1/network").json()
        assert {"IRN", "USA", "IMGMUSISI"} <= {n["id"] for n in net["nodes"]}
        same = {tuple(r["actors"]): r for r in c.get("/v1/alignments").json()}
        assert same[("IRN", "USA")]["score"] > 0
        assert c.get("/v1/dyads").json()


def test_actors_and_timeline(client: TestClient) -> None:
    actors = {a["key"]: a for a in client.get("/v1/actors").json()}
    assert actors["IMGMUSISI"]["name"] == "Islamic State of Iraq and the Levant"
    tl = client.get("/v1/timeline", params={"a": "irn", "b": "usa"}).json()
    assert tl["a"] == "IRN" and tl["interval"] == "month"
    assert [p["period"] for p in tl["points"]] == sorted(p["period"] for p in tl["points"])
    total = sum(p["events"] for p in tl["points"])
    dy = client.get("/v1/events", params={"dyad": "IRN,USA", "limit": 500}).json()["count"]
    assert total == dy > 0
    assert all(p["q1"] + p["q2"] + p["q3"] + p["q4"] == p["events"] for p in tl["points"])
    days = client.get("/v1/timeline", params={"a": "IRN", "b": "USA", "interval": "day"}).json()
    assert len(days["points"]) >= len(tl["points"])
    directed = client.get("/v1/timeline", params={"a": "USA", "b": "IRN", "directed": True}).json()
    assert sum(p["events"] for p in directed["points"]) < total


def test_article_marks_sentence_and_trigger(client: TestClient, corpus: Corpus) -> None:
    body = client.get("/v1/articles/art-002").json()
    assert body["title"] == "Story 2"
    assert len(body["events"]) == 3
    for m in body["events"]:
        s0, s1 = m["sentence_span"]
        assert body["text"][s0:s1] == m["event"]["sentence"]
        t0, t1 = m["trigger_offsets"]
        assert body["text"][t0:t1] == m["event"]["trigger"]
        a, b = m["trigger_in_sentence"]
        assert m["event"]["sentence"][a:b] == m["event"]["trigger"]


def test_unknown_article_is_404(client: TestClient) -> None:
    r = client.get("/v1/articles/nope")
    assert r.status_code == 404 and "nope" in r.json()["detail"]


def test_find_word_accepts_lemma_triggers() -> None:
    s = "ISIL fighters seized the city."
    assert find_word(s, "seize") == [14, 20]
    assert find_word(s, "bomb") is None


def test_body_limits_are_413(db: Path) -> None:
    app = create_app(db, max_body_bytes=2_000, max_code_chars=100)
    with TestClient(app) as c:
        r = c.post("/v1/code", json={"text": "x" * 5_000})
        assert r.status_code == 413 and "limit" in r.json()["detail"]
        r = c.post("/v1/code", json={"text": "Iran spoke. " * 20})
        assert r.status_code == 413 and "100" in r.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while streaming
            for _ in range(10):
                yield b"x" * 500

        r = c.post("/v1/code", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"text": ""}, "E102"),
        ({"text": "a\x00b"}, "E103"),
        ({}, "text"),
        ({"text": 5}, "text"),
    ],
)
def test_code_rejects_bad_bodies(client: TestClient, body: dict[str, object], fragment: str) -> None:
    r = client.post("/v1/code", json=body)
    assert r.status_code == 422
    assert fragment in r.json()["detail"]


def test_code_rejects_malformed_json(client: TestClient) -> None:
    r = client.post("/v1/code", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"]


def test_store_is_opened_read_only(db: Path) -> None:
    store = ReadOnlyStore(db)
    try:
        with pytest.raises(duckdb.Error):
            store.query("DELETE FROM events")
        assert store.query("SELECT count(*) AS n FROM events")[0]["n"] > 0
    finally:
        store.close()


def test_bad_store_files_fail_clearly(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        create_app(tmp_path / "missing.duckdb")
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(StoreError, match="no 'events' table"):
        create_app(empty)


def test_static_files_do_not_traverse(client: TestClient) -> None:
    for path in (
        "/assets/../app.py",
        "/assets/%2e%2e/app.py",
        "/assets/..%2fapp.py",
        "/assets/%2e%2e/%2e%2e/records.py",
        "/assets/....//app.py",
    ):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "create_app" not in r.text


def test_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/v1/code",
        "/v1/events",
        "/v1/dyads",
        "/v1/network",
        "/v1/alignments",
        "/v1/articles/{article_id}",
    } <= set(spec["paths"])
    assert client.get("/docs").status_code == 200
    assert json.dumps(spec).count("HTTPValidationError") == 0


def test_places_for_the_map(client: TestClient) -> None:
    rows = client.get("/v1/places").json()
    by_name = {r["name"]: r for r in rows}
    assert {"Baghdad", "Mosul", "Tehran"} == set(by_name)
    assert by_name["Mosul"]["q4"] == by_name["Mosul"]["events"] > 0
    assert abs(by_name["Baghdad"]["lat"] - 33.34) < 1e-6
    only = client.get("/v1/places", params={"dyad": "IMGMUSISI,IRQ"}).json()
    assert {r["name"] for r in only} == {"Mosul"}


# -- the dashboard's calls -------------------------------------------------------------------------


def test_actor_autocomplete_matches_keys_and_names(client: TestClient) -> None:
    by_name = [a["key"] for a in client.get("/v1/actors", params={"match": "ira"}).json()]
    assert set(by_name) == {"IRN", "IRQ", "IMGMUSISI"}  # Iran, Iraq, "Islamic State of Iraq ..."
    assert [a["key"] for a in client.get("/v1/actors", params={"match": "united"}).json()] == ["USA"]
    assert [a["key"] for a in client.get("/v1/actors", params={"match": "imgm"}).json()] == ["IMGMUSISI"]
    assert client.get("/v1/actors", params={"match": "100%_"}).json() == []


def test_partners_of_an_actor(client: TestClient, corpus: Corpus) -> None:
    rows = client.get("/v1/actors/IRN/partners").json()
    assert [r["key"] for r in rows][:1] == ["USA"]
    iran_usa = [
        e for e in corpus[1] if {e.source.country, e.target.country} == {"IRN", "USA"}  # type: ignore[union-attr]
    ]
    usa = rows[0]
    assert usa["events"] == len(iran_usa)
    assert usa["sent"] + usa["received"] == usa["events"]
    assert usa["sent"] == sum(1 for e in iran_usa if e.source.country == "IRN")  # type: ignore[union-attr]
    assert usa["q1"] + usa["q2"] + usa["q3"] + usa["q4"] == usa["events"]
    isil = next(r for r in rows if r["key"] == "IMGMUSISI")
    assert isil["sign"] == -1
    assert client.get("/v1/actors/IRN/partners", params={"quad_class": 4}).json() == []
    assert client.get("/v1/actors/IR%25/partners").status_code == 422


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"modality": "asserted"}, lambda e: e["modality"] == "asserted"),
        ({"place": "Mosul"}, lambda e: e["location"]["name"] == "Mosul"),
    ],
)
def test_added_event_filters(client: TestClient, params: dict[str, object], check: object) -> None:
    body = client.get("/v1/events", params={**params, "limit": 500}).json()
    assert body["count"] > 0
    assert all(check(e) for e in body["events"])  # type: ignore[operator]
    assert client.get("/v1/events", params={"plover": "NOSUCHTYPE"}).json()["count"] == 0


def test_events_by_id_and_event_detail(client: TestClient, corpus: Corpus) -> None:
    wanted = sorted(e.event_id for e in corpus[1][:5])
    body = client.get("/v1/events", params={"event_id": wanted}).json()
    assert sorted(e["event_id"] for e in body["events"]) == wanted
    ev = corpus[1][4]
    detail = client.get(f"/v1/events/{ev.event_id}").json()
    assert detail["event"] == ev.to_dict()
    s0, s1 = detail["trigger_in_sentence"]
    assert ev.sentence[s0:s1] == ev.trigger
    assert detail["article_title"] == next(a.title for a in corpus[0] if a.id == ev.article_id)
    assert client.get("/v1/events/nosuchevent").status_code == 404


def test_series_fills_empty_periods(client: TestClient, corpus: Corpus) -> None:
    body = client.get("/v1/series", params={"interval": "week", "actor": "IRQ"}).json()
    points = body["points"]
    starts = [p["start"] for p in points]
    import datetime as dt

    days = [dt.date.fromisoformat(s) for s in starts]
    assert all(d.weekday() == 0 for d in days)
    assert all((b - a).days == 7 for a, b in zip(days, days[1:], strict=False))  # no gaps
    assert any(p["events"] == 0 for p in points)  # the corpus has quiet weeks
    iraq = [e for e in corpus[1] if "IRQ" in (e.source.country, e.target.country)]  # type: ignore[union-attr]
    assert sum(p["events"] for p in points) == len(iraq)
    sparse = client.get("/v1/series", params={"interval": "week", "actor": "IRQ", "fill": False}).json()["points"]
    assert all(p["events"] > 0 for p in sparse)
    assert len(sparse) < len(points)
    # a period given by the filter is spanned in full, even where nothing happened
    year = client.get(
        "/v1/series", params={"interval": "month", "date_from": "2014-01-01", "date_to": "2014-12-31"}
    ).json()["points"]
    assert [p["period"] for p in year] == [f"2014-{m:02d}" for m in range(1, 13)]


def test_timeline_fill_and_start(client: TestClient) -> None:
    body = client.get("/v1/timeline", params={"a": "IRN", "b": "USA", "interval": "day", "fill": True}).json()
    points = body["points"]
    assert points[0]["start"] == points[0]["period"]
    assert len(points) > sum(1 for p in points if p["events"])


def test_network_top_n_and_filters(client: TestClient) -> None:
    full = client.get("/v1/network").json()
    top = client.get("/v1/network", params={"top": 2}).json()
    busiest = sorted(full["nodes"], key=lambda n: (-n["events"], n["id"]))[:2]
    assert {n["id"] for n in top["nodes"]} <= {n["id"] for n in busiest}
    assert all({e["source"], e["target"]} <= {n["id"] for n in busiest} for e in top["edges"])
    conflict = client.get("/v1/network", params={"quad_class": [3, 4]}).json()
    assert conflict["edges"] and all(e["cooperation"] == 0 for e in conflict["edges"])


def test_alignments_carry_the_pair_leg(client: TestClient) -> None:
    rows = client.get("/v1/alignments").json()
    found = next(r for r in rows if r["kind"] == "common_enemy" and r["actors"] == ["IRN", "USA"])
    assert found["bedfellows"] is True
    pair = found["pair_relation"]
    assert pair["actors"] == ["IRN", "USA"] and pair["cooperation"] > 0 and pair["conflict"] > 0
    assert pair["evidence"] == found["evidence"]
    assert client.get("/v1/alignments", params={"actor": "IRQ", "kind": "common_enemy"}).json()
    assert all(
        "IRQ" in r["actors"] + r["common_enemies"] for r in client.get("/v1/alignments", params={"actor": "IRQ"}).json()
    )


def test_exports_read_back(client: TestClient, corpus: Corpus) -> None:
    import csv
    import io
    import xml.etree.ElementTree as ET

    import pyarrow as pa
    import pyarrow.parquet as pq

    conflict = sorted((e for e in corpus[1] if e.quad_class == 4), key=lambda e: (e.date or "", e.event_id))
    r = client.get("/v1/export/events", params={"quad_class": 4, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [x["event_id"] for x in rows] == [e.event_id for e in conflict]
    js = client.get("/v1/export/events", params={"quad_class": 4, "format": "json"}).json()
    assert js == [e.to_dict() for e in conflict]
    pq_bytes = client.get("/v1/export/events", params={"quad_class": 4, "format": "parquet"}).content
    table = pq.read_table(io.BytesIO(pq_bytes))
    assert table.column("event_id").to_pylist() == [e.event_id for e in conflict]
    assert table.schema.field("date").type == pa.date32()  # typed as `bedfellows export` types it
    assert table.schema.field("location_geonameid").type == pa.int64()
    assert table.column("date").to_pylist() == [dt.date.fromisoformat(e.date) if e.date else None for e in conflict]
    graph = ET.fromstring(client.get("/v1/export/network", params={"top": 3}).content)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(graph.findall(".//g:node", ns)) == 3
    assert client.get("/v1/export/events", params={"format": "xlsx"}).status_code == 422


def test_docs_pages_use_packaged_assets(client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        html = client.get(path).text
        assert "/assets/docs/" in html
        assert "cdn" not in html.lower() and "fonts.googleapis" not in html
    assert client.get("/assets/docs/swagger-ui-bundle.js").status_code == 200
    redoc = client.get("/assets/docs/redoc.standalone.js")
    assert redoc.status_code == 200 and "cdn.redoc.ly" not in redoc.text


def test_network_edges_are_the_aggregate_modules(client: TestClient, db: Path) -> None:
    from bedfellows.aggregate import signed_network

    for params in ({}, {"date_from": "2014-07-01", "date_to": "2014-08-31"}, {"group": "code"}):
        served = client.get("/v1/network", params=params).json()["edges"]
        g = signed_network(
            db, params.get("date_from"), params.get("date_to"), params.get("group", "country"), directed=False
        )
        expected = {
            tuple(sorted((u, v))): (d["events"], d["cooperation"], d["conflict"], d["sign"], d["goldstein_sum"])
            for u, v, d in g.edges(data=True)
        }
        got = {
            (e["source"], e["target"]): (e["events"], e["cooperation"], e["conflict"], e["sign"], e["goldstein_sum"])
            for e in served
        }
        assert got == expected


def test_alignment_by_members(client: TestClient) -> None:
    one = client.get("/v1/alignments", params={"members": "usa,irn", "kind": "common_enemy"}).json()
    assert [r["actors"] for r in one] == [["IRN", "USA"]]
    counts = client.get("/v1/alignments", params={"max_evidence": 0, "max_relations": 1}).json()
    assert all(len(r["relations"]) <= 1 and not r["evidence"] for r in counts)
    assert all(not rel["evidence"] for r in counts for rel in r["relations"])
    # the counts-only listing (computed without evidence ids) is the full answer less its ids
    full = client.get("/v1/alignments", params={"max_evidence": 20, "max_relations": 1}).json()
    assert any(r["evidence"] for r in full)

    def strip(r: dict) -> dict:
        rels = [{**x, "evidence": []} for x in r["relations"]]
        pair = r["pair_relation"] and {**r["pair_relation"], "evidence": []}
        return {**r, "evidence": [], "relations": rels, "pair_relation": pair}

    assert [strip(r) for r in full] == counts
    assert client.get("/v1/info").json()["warming"] in (True, False)


@pytest.mark.model
def test_explain_an_event(client: TestClient, corpus: Corpus) -> None:
    ev = next(e for e in corpus[1] if e.trigger == "bombed")
    body = client.get(f"/v1/events/{ev.event_id}/explain").json()
    assert body["event_id"] == ev.event_id and body["text"] == ev.sentence
    assert any(t["trigger"] == "bombed" and t["code"] for t in body["triggers"])
    assert {m["text"] for m in body["mentions"]} & {"US forces", "ISIL"}
    assert client.get("/v1/events/nosuchevent/explain").status_code == 404


def test_a_one_valued_parameter_given_twice_is_refused(client: TestClient) -> None:
    """FastAPI keeps the last of q=a&q=b silently; the API says which parameter takes one value."""
    r = client.get("/v1/events", params=[("q", "Iran"), ("q", "Iraq")])
    assert r.status_code == 422 and r.json()["detail"] == "q: give one value"
    # repeatable parameters (arrays in the schema) still take many values
    assert client.get("/v1/events", params=[("quad_class", 1), ("quad_class", 4)]).status_code == 200


def test_warm_up_freezes_the_long_lived_heap(db: Path) -> None:
    """After the opening view the heap alive is out of the collector's full passes (they took
    100-200 ms on the 50,000-event bench store, a pause any request could fall into)."""
    import gc
    import time

    app = create_app(db, live=False)
    gc.unfreeze()
    try:
        with TestClient(app) as c:
            deadline = time.monotonic() + 60
            while c.get("/v1/info").json()["warming"]:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            assert gc.get_freeze_count() > 10_000
            assert gc.isenabled()
    finally:
        gc.unfreeze()
