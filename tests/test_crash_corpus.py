"""Every input shape that ever crashed the coder, coded again on each run (tests/data/crash_corpus.jsonl).

The sentences are our own, written in the shapes of the real articles that were lost
(quantifier + relative pronoun, title-case headlines re-parsed over an entity...).
Add a line to the file for every new crash.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bedfellows.coder import Coder
from bedfellows.records import Article

CORPUS = Path(__file__).parent / "data" / "crash_corpus.jsonl"


def corpus() -> list[Article]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Article(r["id"], r["text"], r.get("published")) for r in rows]


@pytest.fixture(scope="module", params=[True, False], ids=["fast", "full"])
def coder(request: pytest.FixtureRequest) -> Coder:
    return Coder(fast=request.param)


def test_corpus_is_not_empty() -> None:
    assert len(corpus()) >= 15


def test_every_crash_input_is_coded_without_a_problem_or_warning(
    coder: Coder, caplog: pytest.LogCaptureFixture
) -> None:
    articles = corpus()
    with caplog.at_level(logging.WARNING, logger="bedfellows"):
        results = list(coder.code_stream(articles, batch_size=4))
    assert [r.article.id for r in results] == [a.id for a in articles]
    assert [str(r.problem) for r in results if r.problem is not None] == []
    assert [rec.getMessage() for rec in caplog.records] == []


def test_each_crash_input_alone(coder: Coder) -> None:
    for article in corpus():  # code_article raises on a bug: nothing here may raise
        events = coder.code_article(article)
        assert all(e.article_id == article.id for e in events)


def test_quantifier_with_relative_pronoun_still_codes_the_killing(coder: Coder) -> None:
    text = "Government troops killed 40 rebels, many of whom carried weapons, near Aleppo."
    article = Article("q", text, "2016-05-02")
    events = coder.code_article(article)
    assert any(e.cameo.startswith("18") or e.cameo.startswith("19") for e in events), [e.cameo for e in events]
