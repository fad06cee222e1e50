"""Synthetic news-like articles for benchmarks and the scale tests.

Written from our own template sentences and public actor names, so the
benchmarks and tests need no downloaded corpus. The mix mirrors wire copy:
event sentences between named actors, reported speech, pronoun follow-ups,
and background sentences (markets, weather, history) that hold no actor.
The output is deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from ..records import Article

# (surface name, is a person)
ACTORS: tuple[tuple[str, bool], ...] = (
    ("Iran", False), ("Iraq", False), ("Syria", False), ("Turkey", False), ("Russia", False),
    ("China", False), ("France", False), ("Germany", False), ("Israel", False), ("Egypt", False),
    ("Saudi Arabia", False), ("Pakistan", False), ("India", False), ("Ukraine", False),
    ("the United States", False), ("the United Nations", False), ("the European Union", False),
    ("NATO", False), ("Iraqi troops", False), ("Syrian rebels", False), ("Turkish police", False),
    ("Russian forces", False), ("Egyptian protesters", False), ("Israeli soldiers", False),
    ("the Iranian government", False), ("Kurdish fighters", False), ("Afghan officials", False),
    ("Hassan Rouhani", True), ("Barack Obama", True), ("Vladimir Putin", True),
    ("Recep Tayyip Erdogan", True), ("Angela Merkel", True), ("Ban Ki-moon", True),
    ("John Kerry", True), ("Sergei Lavrov", True), ("Benjamin Netanyahu", True),
)

EVENT_TEMPLATES: tuple[str, ...] = (
    "{a} accused {b} of supporting armed groups near the border.",
    "{a} signed a trade agreement with {b} on {day}.",
    "{a} met {b} in {city} to discuss the crisis.",
    "{a} condemned the air strikes carried out by {b}.",
    "{a} arrested dozens of supporters of {b} after the clashes.",
    "{a} praised {b} for its help with the refugees.",
    "{a} threatened to impose new sanctions on {b}.",
    "{a} attacked positions held by {b} overnight.",
    "{a} urged {b} to release the detained journalists.",
    "{a} sent humanitarian aid to {b} last week.",
    "{a} rejected a proposal made by {b} on {day}.",
    "{a} agreed to cooperate with {b} against the militants.",
    "{a} expelled two diplomats of {b} on {day}.",
    "{a} called on {b} to end the blockade.",
    "{a} hosted talks with {b} in {city}.",
)

QUOTE_TEMPLATES: tuple[str, ...] = (
    '"We will not accept any interference in our affairs," {a} said.',
    '"The talks were useful and we hope to meet again soon," {a} told reporters.',
    '{a} said: "Our forces will respond to every attack."',
)

FOLLOW_UPS: tuple[str, ...] = (
    "He said the decision would be reviewed within a month.",
    "They said more meetings were planned before the end of the year.",
    "She added that the talks had been constructive.",
    "It did not say how many people had been detained.",
)

BACKGROUND: tuple[str, ...] = (
    "Oil prices rose by two percent in early trading on {day}.",
    "The weather in the region has been unusually dry this year.",
    "Shares in the largest banks fell for a third straight session.",
    "The city has a population of about four million people.",
    "Traffic was heavy on the main roads leading to the capital.",
    "The museum reopened after two years of renovation work.",
    "Prices of bread and fuel have doubled since the spring.",
    "The report runs to more than three hundred pages.",
    "Schools in the area will stay closed until next week.",
    "Heavy rain caused flooding in several low-lying districts.",
    "The currency lost almost a tenth of its value in a month.",
    "Local farmers expect a poor harvest after the long drought.",
    "The football season was suspended for the second time.",
    "Construction of the new bridge is expected to take three years.",
    "Unemployment among young people remains above twenty percent.",
    "The airport handled a record number of passengers in July.",
)

CITIES = ("Geneva", "Vienna", "Baghdad", "Ankara", "Moscow", "Cairo", "Paris", "Tehran", "Doha", "Beirut")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _pair(rng: random.Random) -> tuple[str, str]:
    a, b = rng.sample(ACTORS, 2)
    return a[0], b[0]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def make_article(i: int, rng: random.Random, min_sents: int = 4, max_sents: int = 10,
                 background_share: float = 0.45) -> Article:
    """One article: a lead event sentence, then a mix of events, quotes, follow-ups and background."""
    n = rng.randint(min_sents, max_sents)
    a, b = _pair(rng)
    fill = {"day": rng.choice(DAYS), "city": rng.choice(CITIES)}
    sents = [_cap(rng.choice(EVENT_TEMPLATES).format(a=a, b=b, **fill))]
    while len(sents) < n:
        r = rng.random()
        fill = {"day": rng.choice(DAYS), "city": rng.choice(CITIES)}
        if r < background_share:
            sents.append(rng.choice(BACKGROUND).format(**fill))
        elif r < background_share + 0.1:
            sents.append(rng.choice(FOLLOW_UPS))
        elif r < background_share + 0.2:
            sents.append(_cap(rng.choice(QUOTE_TEMPLATES).format(a=_pair(rng)[0], **fill)))
        else:
            x, y = _pair(rng)
            sents.append(_cap(rng.choice(EVENT_TEMPLATES).format(a=x, b=y, **fill)))
    paragraphs = []
    k = 0
    while k < len(sents):
        step = rng.randint(1, 3)
        paragraphs.append(" ".join(sents[k:k + step]))
        k += step
    month = 1 + i % 12
    day = 1 + i % 28
    return Article(
        id=f"syn-{i:07d}",
        text="\n\n".join(paragraphs),
        published=f"2014-{month:02d}-{day:02d}",
        title=None,
        source="synthetic",
    )


def synthetic_articles(
    n: int, seed: int = 7, min_sents: int = 4, max_sents: int = 10, background_share: float = 0.45
) -> Iterator[Article]:
    """``n`` deterministic articles (ids ``syn-0000000``...); a generator, so 100k cost no memory."""
    rng = random.Random(seed)
    for i in range(n):
        yield make_article(i, rng, min_sents, max_sents, background_share)
