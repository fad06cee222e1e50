"""A small hand-written corpus (our own sentences) and a store built from it.

Events are built through the real records and schema; offsets are computed
from the text, so the article view can be checked against them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bedfellows.records import Actor, Article, Event, Place, make_event_id

IRAN = Actor("IRNGOV", "Government of Iran", "IRN", "Tehran")
ROUHANI = Actor("IRNGOV", "Hassan Rouhani", "IRN", "Rouhani")
USA = Actor("USAGOV", "Government of the United States", "USA", "Washington")
USMIL = Actor("USAMIL", "United States military", "USA", "US forces")
ISIL = Actor("IMGMUSISI", "Islamic State of Iraq and the Levant", None, "ISIL")
IRAQ = Actor("IRQGOV", "Government of Iraq", "IRQ", "Baghdad")
BAGHDAD = Place("Baghdad", "IRQ", 33.34, 44.40, 98182, "city")
MOSUL = Place("Mosul", "IRQ", 36.34, 43.13, 99072, "city")
TEHRAN = Place("Tehran", "IRN", 35.69, 51.42, 112931, "city")

# (sentence, trigger, source, target, cameo, quad, goldstein, place)
TEMPLATES = [
    (
        "Tehran said it would cooperate with Washington against the militants.",
        "cooperate",
        ROUHANI,
        USA,
        "036",
        1,
        4.0,
        TEHRAN,
    ),
    (
        "ISIL fighters seized the northern city of Mosul.",
        "seized",
        ISIL,
        IRAQ,
        "1951",
        4,
        -10.0,
        MOSUL,
    ),
    (
        "US forces bombed ISIL positions near Baghdad.",
        "bombed",
        USMIL,
        ISIL,
        "195",
        4,
        -10.0,
        BAGHDAD,
    ),
    (
        "Tehran sent military advisers to help Baghdad fight ISIL.",
        "sent",
        IRAN,
        IRAQ,
        "074",
        2,
        8.5,
        BAGHDAD,
    ),
    (
        "Iran condemned the ISIL attacks on civilians.",
        "condemned",
        IRAN,
        ISIL,
        "122",
        3,
        -4.0,
        None,
    ),
    (
        "Washington criticised Tehran over its nuclear programme.",
        "criticised",
        USA,
        IRAN,
        "111",
        3,
        -2.0,
        None,
    ),
]


def make_corpus(n_articles: int = 12, start: str = "2014-06-01") -> tuple[list[Article], list[Event]]:
    """Articles of three sentences each, a few days apart, cycling through the templates."""
    articles: list[Article] = []
    events: list[Event] = []
    day0 = dt.date.fromisoformat(start)
    for i in range(n_articles):
        date = (day0 + dt.timedelta(days=9 * i)).isoformat()
        picked = [TEMPLATES[(i + k) % len(TEMPLATES)] for k in range(3)]
        text = f"Headline number {i}\n" + " ".join(p[0] for p in picked)
        aid = f"art-{i:03d}"
        articles.append(Article(aid, text, date, f"Story {i}", "Test Wire", None, "en"))
        for si, (sent, trig, src, tgt, cameo, quad, gold, place) in enumerate(picked):
            s0 = text.index(sent)
            t0 = s0 + sent.index(trig)
            events.append(
                Event(
                    event_id=make_event_id(aid, si + 1, src.code, tgt.code, cameo, t0),
                    article_id=aid,
                    sentence_index=si + 1,
                    sentence=sent,
                    source=src,
                    target=tgt,
                    cameo=cameo,
                    quad_class=quad,
                    goldstein=gold,
                    plover=None,
                    date=date,
                    date_basis="published",
                    location=place,
                    trigger=trig,
                    span=(s0, s0 + len(sent)),
                    quote=None,
                    rule="test",
                    date_precision="day",
                    coder_version="test",
                    trigger_span=(t0, t0 + len(trig)),
                )
            )
    return articles, events


def build_store(path: Path, articles: list[Article], events: list[Event]) -> Path:
    """Write a store file through the real Store (no near-duplicate folding: the
    test articles share sentences on purpose)."""
    from bedfellows.store import Store

    with Store(path, near_duplicates=False) as store:
        for article in articles:
            store.add_coded(article, [e for e in events if e.article_id == article.id])
    return path


def build_plain_db(path: Path, articles: list[Article], events: list[Event]) -> Path:
    """A bare DuckDB file with only the schema.py tables (not a full store)."""
    import duckdb
    import pyarrow as pa

    from bedfellows.schema import ARTICLE_SCHEMA, events_to_table

    event_table = events_to_table(events)
    article_table = pa.Table.from_pylist(
        [
            {
                "article_id": a.id,
                "title": a.title,
                "source": a.source,
                "url": a.url,
                "published": a.published,
                "language": a.language,
                "text": a.text,
                "content_hash": a.content_hash,
                "coder_version": "test",
            }
            for a in articles
        ],
        schema=ARTICLE_SCHEMA,
    )
    con = duckdb.connect(str(path))
    try:
        con.register("event_table", event_table)
        con.register("article_table", article_table)
        con.execute("CREATE TABLE events AS SELECT * FROM event_table")
        con.execute("CREATE TABLE articles AS SELECT * FROM article_table")
    finally:
        con.close()
    return path
