"""Hand-built articles and events for store tests: real records through the real store.

``synthetic_events`` derives events from an article's own text deterministically
(one per sentence naming two known actors), so tests and the kill-and-restart
subprocess get the same events for the same article without the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from bedfellows import __version__
from bedfellows.coder import CodingResult
from bedfellows.records import Actor, Article, Event, Place, make_event_id

IRN = Actor("IRNGOV", "Government of Iran", "IRN", "Tehran")
USA = Actor("USAGOV", "Government of the United States", "USA", "Washington")
USAMIL = Actor("USAMIL", "United States military", "USA", "US forces")
ISIL = Actor("IMGMUSISI", "Islamic State of Iraq and the Levant", None, "ISIL")
IRQ = Actor("IRQGOV", "Government of Iraq", "IRQ", "Baghdad")
RUS = Actor("RUSGOV", "Government of Russia", "RUS", "Moscow")
BAGHDAD = Place("Baghdad", "IRQ", 33.34, 44.40, 98182, "city")

ACTORS = {"Tehran": IRN, "Washington": USA, "ISIL": ISIL, "Baghdad": IRQ, "Moscow": RUS}
# verb -> (cameo, quad class, goldstein, plover)
VERBS = {
    "praised": ("051", 1, 3.4, "SUPPORT"),
    "helped": ("070", 2, 7.0, "AID"),
    "attacked": ("190", 4, -10.0, "ASSAULT"),
    "criticised": ("111", 3, -2.0, "ACCUSE"),
    "cooperated with": ("036", 1, 4.0, "AGREE"),
    "met": ("040", 1, 1.0, "CONSULT"),
}
_SENT = re.compile(r"[^.]+\.")


def event(
    article_id: str, idx: int, source: Actor | None, target: Actor | None, cameo: str,
    quad: int, goldstein: float, date: str | None, *, trigger: str = "x",
    sentence: str = "", plover: str | None = None, place: Place | None = None,
) -> Event:
    return Event(
        event_id=make_event_id(article_id, idx, source and source.code, target and target.code,
                               cameo, 0),
        article_id=article_id, sentence_index=idx, sentence=sentence or f"s{idx}",
        source=source, target=target, cameo=cameo, quad_class=quad, goldstein=goldstein,
        plover=plover, date=date, date_basis="published", location=place, trigger=trigger,
        span=(0, len(sentence)), quote=None, rule="test", date_precision="day",
        coder_version=__version__,
    )


def synthetic_events(article: Article) -> list[Event]:
    """One event per sentence of the form 'A <verb> B.' with known actor names."""
    out = []
    for idx, m in enumerate(_SENT.finditer(article.text)):
        s = m.group(0).strip()
        for verb, (cameo, quad, gold, plover) in VERBS.items():
            if f" {verb} " in s:
                left, right = s.rstrip(".").split(f" {verb} ", 1)
                src = ACTORS.get(left.split()[-1])
                tgt = ACTORS.get(right.split()[0])
                if src and tgt:
                    out.append(event(article.id, idx, src, tgt, cameo, quad, gold,
                                     article.published, trigger=verb, sentence=s, plover=plover,
                                     place=BAGHDAD if "Baghdad" in s else None))
                break
    return out


class SyntheticCoder:
    """Derives events from text with :func:`synthetic_events` (test data, not a stand-in)."""

    def code_stream(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[CodingResult]:
        for a in articles:
            yield CodingResult(a, synthetic_events(a))


def article_text(i: int) -> str:
    """A distinct article (no two share 5-word shingles) with a few coded sentences."""
    names = list(ACTORS)
    verbs = list(VERBS)
    parts = [f"Report number {i} from desk {i * 7919 % 1000} opens here."]
    for k in range(3):
        a, b = names[(i + k) % 5], names[(i + k + 1 + i % 3) % 5]
        if a == b:
            b = names[(names.index(a) + 1) % 5]
        parts.append(f"On day {i}-{k} {a} {verbs[(i + k) % len(verbs)]} {b}.")
        parts.append(f"Analyst {i}x{k} wrote note {i * 31 + k} about item {k * 13 + i}.")
    return " ".join(parts)


def corpus(n: int, published: str = "2014-06-14") -> list[Article]:
    return [Article(id=f"a{i:05d}", text=article_text(i), published=published, source=f"S{i % 4}")
            for i in range(n)]
