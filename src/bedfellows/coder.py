"""The coder: articles in, events out. The one entry point every interface uses.

CLI, HTTP, spaCy component, ingest and Dask workers all go through
:class:`Coder`, so they produce identical events for the same article.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import __version__
from .records import Article, ArticleProblem, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

# Parse only sentences that can hold an event (see bedfellows.scale.fastpath). On by
# default: it costs no recall on the public gold sets (bench/throughput_bench.py --recall).
# BEDFELLOWS_FAST=1/0 overrides the default for every coder built without ``fast``.
FAST_DEFAULT = True


def resolve_fast(fast: bool | None) -> bool:
    """``fast`` if given, else the BEDFELLOWS_FAST environment variable, else :data:`FAST_DEFAULT`."""
    if fast is not None:
        return fast
    env = os.environ.get("BEDFELLOWS_FAST", "").strip().lower()
    if env in ("1", "true", "yes", "on"):
        return True
    if env in ("0", "false", "no", "off"):
        return False
    return FAST_DEFAULT


@dataclass(frozen=True)
class CodingResult:
    """What coding one article gave: its events, and a problem if it failed or was warned."""

    article: Article
    events: list[Event] = field(default_factory=list)
    problem: ArticleProblem | None = None


class Coder:
    """Holds the spaCy pipeline and the compiled dictionaries; reuse one per process."""

    def __init__(
        self,
        model: str | None = None,
        dictionaries: str | None = None,
        fast: bool | None = None,
        classifier: str | None = None,
        classifier_threshold: float | None = None,
        keep_open_events: bool = False,
    ) -> None:
        """``fast``: parse only sentences with an actor, pronoun or quote (None: :func:`resolve_fast`).
        ``classifier``: the trained second opinion, ``off``, ``veto`` or ``full`` (None: the
        BEDFELLOWS_CLASSIFIER variable, else the shipped default); ``classifier_threshold``: the
        model's confidence a rescued event needs (see bedfellows.classify.opinion).
        ``keep_open_events``: keep acts whose receiver neither the sentence nor the article names,
        and bare statements ("X said ...", 010) (both dropped by default: CAMEO events are dyadic
        and attribution is no event; a sentence classifier wants what type each sentence reports)."""
        from .events.extract import EventExtractor
        from .nlp.pipeline import load_nlp

        self.model_name = model
        self.nlp = load_nlp(model)
        self.extractor = EventExtractor.default(dictionaries=dictionaries)
        self.extractor.keep_open_events = keep_open_events
        self.extractor.keep_bare_statements = keep_open_events
        self.version = __version__
        self.fast = resolve_fast(fast)
        from .classify.opinion import RESCUE_ABOVE, SecondOpinion, resolve_mode

        self.classifier = resolve_mode(classifier)
        self.second_opinion = None
        if self.classifier != "off":
            threshold = RESCUE_ABOVE if classifier_threshold is None else classifier_threshold
            self.second_opinion = SecondOpinion(self.classifier, rescue_above=threshold)
        self.fast_pipe = None
        if self.fast:
            from .scale.fastpath import FastPipe

            # rescue reads sentences with actors but no trigger word: the fast path must parse them
            triggers = None if self.classifier == "full" else self.extractor.trigger_words()
            self.fast_pipe = FastPipe(self.nlp, self.extractor.r.dictionary.trie, triggers)

    def _extract(self, doc: Doc, article: Article) -> list[Event]:
        """The rule events of ``doc``, reviewed per sentence by the second opinion when it is on."""
        events = self.extractor.extract(doc, article)
        if self.second_opinion is not None:
            events = self.second_opinion.apply(doc, article, events, self.extractor)
        return events

    def parse(self, text: str) -> Doc:
        """The Doc the extractor reads (fully parsed, or only its event-bearing sentences when fast)."""
        return self.fast_pipe(text) if self.fast_pipe is not None else self.nlp(text)

    def parse_many(self, texts: list[str], batch_size: int = 16) -> list[Doc]:
        if self.fast_pipe is not None:
            return list(self.fast_pipe.pipe(texts, batch_size=batch_size))
        return list(self.nlp.pipe(texts, batch_size=batch_size))

    def code_article(self, article: Article) -> list[Event]:
        """Events of one article (raises only on a bug; see :meth:`code_stream`)."""
        from .events.topic import article_topic

        if article_topic(article.text).gated:  # never parsed: the extractor would code nothing
            return []
        doc = self.parse(article.text)
        return self._extract(doc, article)

    def code_stream(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[CodingResult]:
        """Code many articles with ``nlp.pipe``; one article's failure never stops the rest."""
        buffered: list[Article] = []
        for article in articles:
            buffered.append(article)
            if len(buffered) >= batch_size:
                yield from self._code_batch(buffered)
                buffered = []
        if buffered:
            yield from self._code_batch(buffered)

    def _code_batch(self, batch: list[Article]) -> Iterator[CodingResult]:
        from .events.topic import article_topic

        # the topic gate reads only the text: a match report or market story is never parsed
        # (the extractor would throw its events away after the parse)
        gated = {i for i, a in enumerate(batch) if article_topic(a.text).gated}
        todo = [a for i, a in enumerate(batch) if i not in gated]
        try:
            docs = iter(self.parse_many([a.text for a in todo], batch_size=max(len(todo), 1)) if todo else [])
        except Exception:  # noqa: BLE001 - fall back to one by one to isolate the culprit
            log.warning("batch parse failed; coding %d articles one by one", len(batch))
            for article in batch:
                yield self._code_one_safely(article)
            return
        for i, article in enumerate(batch):
            if i in gated:
                log.debug("article %s not coded: %s news", article.id, article_topic(article.text).topic)
                yield CodingResult(article, [])
                continue
            doc = next(docs)
            try:
                yield CodingResult(article, self._extract(doc, article))
            except Exception as exc:  # noqa: BLE001 - reported per article, batch goes on
                log.exception("coding failed for %s", article.id)
                yield CodingResult(article, [], ArticleProblem(article.id, "E199", f"coding failed: {exc!r}"))

    def _code_one_safely(self, article: Article) -> CodingResult:
        try:
            return CodingResult(article, self.code_article(article))
        except Exception as exc:  # noqa: BLE001
            log.exception("coding failed for %s", article.id)
            return CodingResult(article, [], ArticleProblem(article.id, "E199", f"coding failed: {exc!r}"))


_DEFAULT_CODERS: dict[tuple[str | None, str | None, bool, str, float | None, bool], Coder] = {}


def get_coder(
    model: str | None = None,
    dictionaries: str | None = None,
    fast: bool | None = None,
    classifier: str | None = None,
    classifier_threshold: float | None = None,
    keep_open_events: bool = False,
) -> Coder:
    """A process-wide coder per (model, dictionaries, fast, classifier, keep_open_events): loading is
    the expensive part."""
    from .classify.opinion import resolve_mode

    key = (model, dictionaries, resolve_fast(fast), resolve_mode(classifier), classifier_threshold, keep_open_events)
    if key not in _DEFAULT_CODERS:
        _DEFAULT_CODERS[key] = Coder(
            model,
            dictionaries,
            fast=key[2],
            classifier=key[3],
            classifier_threshold=key[4],
            keep_open_events=keep_open_events,
        )
    return _DEFAULT_CODERS[key]


def code_text(
    text: str, published: str | None = None, article_id: str = "text", model: str | None = None
) -> list[Event]:
    """Events of one text; ``published`` (YYYY-MM-DD) anchors relative dates."""
    from .ingest.readers import validate_article

    result = validate_article(article_id, text, published)
    if result.article is None:
        assert result.problem is not None
        from .errors import InputError

        raise InputError(str(result.problem))
    return get_coder(model).code_article(result.article)


def code_articles(
    articles: Iterable[Article], model: str | None = None, batch_size: int = 16
) -> Iterator[CodingResult]:
    """Code a stream of articles; failures come back as ``CodingResult.problem``."""
    yield from get_coder(model).code_stream(articles, batch_size=batch_size)
