"""The second opinion in the coder: veto rule events the model rejects, rescue missed ones.

Runs after the rule extractor, per sentence, and only where the rules have an event
(veto) or the sentence names two actors but gave no event (rescue). The rules keep
what they are good at (actors, modality, dates); the model only says what kind of
event the sentence reports, and a rescued event's ``rule`` names the model.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from .. import __version__
from ..records import Actor, Article, Event, make_event_id
from .model import OTHER, EventTypeModel, shipped_model

if TYPE_CHECKING:
    from ..events.extract import EventExtractor

log = logging.getLogger(__name__)

MODES = ("off", "veto", "full")
#: Shipped default (see README "Second opinion" for the ablation that chose it).
DEFAULT_MODE = "off"
#: A rule event is vetoed when the model gives its PLOVER type less than this.
VETO_BELOW = 0.005
#: ... and only when the model's top type for the sentence scores at least this much.
VETO_NEEDS = 0.0
#: A sentence without rule events gives an event when the model's top type scores this much.
RESCUE_ABOVE = 0.8
# The CAMEO code a rescued event gets: the type's general code (its root's "0" code).
RESCUE_CODE = {
    "AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "COOPERATE": "060", "AID": "070",
    "CONCEDE": "080", "RETREAT": "087", "REQUEST": "100", "ACCUSE": "110", "REJECT": "120",
    "THREATEN": "130", "PROTEST": "140", "MOBILIZE": "150", "SANCTION": "160", "COERCE": "170",
    "ASSAULT": "190",
}  # fmt: skip
_NP_INNER = {"compound", "amod", "nmod", "poss", "appos", "det", "nummod", "flat"}


def resolve_mode(mode: str | None) -> str:
    """``mode`` if given, else BEDFELLOWS_CLASSIFIER, else :data:`DEFAULT_MODE`."""
    value = (mode if mode is not None else os.environ.get("BEDFELLOWS_CLASSIFIER", "")).strip().lower()
    if not value:
        return DEFAULT_MODE
    if value not in MODES:
        raise ValueError(f"classifier mode must be one of {', '.join(MODES)}, not {value!r}")
    return value


@dataclass(frozen=True)
class SentenceOpinion:
    """What the model said of one sentence and what the coder did with it (for ``explain``)."""

    sentence_index: int
    text: str
    scores: dict[str, float]
    vetoed: tuple[str, ...] = ()  # CAMEO codes of dropped rule events
    rescued: str | None = None  # PLOVER type of a rescued event

    def top(self, n: int = 3) -> list[tuple[str, float]]:
        return sorted(self.scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


class SecondOpinion:
    """Post-processes one article's rule events with the event-type model."""

    def __init__(
        self,
        mode: str = "veto",
        veto_below: float = VETO_BELOW,
        rescue_above: float = RESCUE_ABOVE,
        model: EventTypeModel | None = None,
        veto_needs: float = VETO_NEEDS,
    ) -> None:
        self.mode = resolve_mode(mode)
        self.veto_below = veto_below
        self.veto_needs = veto_needs
        self.rescue_above = rescue_above
        self.model = model or shipped_model()
        self.rule = f"classifier:event-types-{self.model.version}"

    def apply(
        self, doc: Doc, article: Article, events: list[Event], extractor: EventExtractor
    ) -> list[Event]:
        """``events`` with vetoed ones dropped and (mode ``full``) rescued ones added, in sentence order."""
        return self.review(doc, article, events, extractor)[0]

    def review(
        self, doc: Doc, article: Article, events: list[Event], extractor: EventExtractor
    ) -> tuple[list[Event], list[SentenceOpinion]]:
        if self.mode == "off":
            return events, []
        sents = list(doc.sents)
        by_sentence: dict[int, list[Event]] = {}
        for ev in events:
            by_sentence.setdefault(ev.sentence_index, []).append(ev)
        opinions: dict[int, SentenceOpinion] = {}
        kept: list[Event] = []
        for ev in events:
            sent = sents[ev.sentence_index] if ev.sentence_index < len(sents) else None
            if sent is None or ev.plover not in self.model.classes:
                kept.append(ev)
                continue
            op = opinions.get(ev.sentence_index) or self._opinion(sent, ev.sentence_index)
            # both the sentence and the trigger's own clause must reject the type: a sentence
            # often reports several events ("suspended talks after blaming the rebels")
            support = op.scores[ev.plover]
            if op.top(1)[0][1] < self.veto_needs:
                support = 1.0  # the model is not sure what else the sentence reports
            if support < self.veto_below:
                support = max(support, self._clause_support(doc, sent, ev))
            if support < self.veto_below:
                op = replace(op, vetoed=(*op.vetoed, ev.cameo))
                log.debug("%s: %s vetoed (%s %.3f)", article.id, ev.cameo, ev.plover, support)
            else:
                kept.append(ev)
            opinions[ev.sentence_index] = op
        if self.mode == "full":
            kept.extend(self._rescue(doc, sents, article, by_sentence, opinions, extractor))
            kept.sort(key=lambda e: e.sentence_index)  # stable: rule order kept within a sentence
        return kept, [opinions[i] for i in sorted(opinions)]

    def _clause_support(self, doc: Doc, sent: Span, ev: Event) -> float:
        """The model's score for the event's type on the trigger's own clause (its subtree)."""
        if ev.trigger_span is None:
            return 1.0
        trig = doc.char_span(ev.trigger_span[0], ev.trigger_span[1], alignment_mode="expand")
        if trig is None or not len(trig):
            return 1.0
        head = trig.root
        clause = [t for t in head.subtree if sent.start <= t.i < sent.end]
        return self.model.scores(clause)[ev.plover or OTHER]

    def _opinion(self, sent: Span, index: int) -> SentenceOpinion:
        return SentenceOpinion(index, sent.text.strip(), self.model.scores(sent))

    # -- rescue ------------------------------------------------------------------
    def _rescue(
        self,
        doc: Doc,
        sents: Sequence[Span],
        article: Article,
        by_sentence: dict[int, list[Event]],
        opinions: dict[int, SentenceOpinion],
        extractor: EventExtractor,
    ) -> list[Event]:
        confident: list[tuple[int, str]] = []
        seen: set[str] = set()
        for i, sent in enumerate(sents):
            norm = " ".join(sent.text.split())
            if norm in seen or i in by_sentence or len(sent) < 4:
                seen.add(norm)
                continue
            seen.add(norm)
            op = self._opinion(sent, i)
            kind, score = op.top(1)[0]
            if kind != OTHER and score >= self.rescue_above:
                confident.append((i, kind))
                opinions[i] = op
        if not confident:
            return []
        from ..actors.mentions import ActorResolver, find_mentions

        dictionary = extractor.r.dictionary
        mentions = find_mentions(doc, dictionary, article.published)
        resolver = ActorResolver(doc, mentions, dictionary)
        published = dt.date.fromisoformat(article.published) if article.published else None
        out: list[Event] = []
        for i, kind in confident:
            sent = sents[i]
            actors = _sentence_actors(sent, [m for m in mentions if sent.start <= m.start < sent.end], resolver)
            dyad = _dyad(actors, sent) if len(actors) >= 2 else None
            if dyad is None:
                continue
            source, target = dyad
            ev = self._event(sent, i, article, kind, source, target, extractor, published)
            if ev is not None:
                out.append(ev)
                opinions[i] = replace(opinions[i], rescued=kind)
        return out

    def _event(
        self,
        sent: Span,
        index: int,
        article: Article,
        kind: str,
        source: Actor,
        target: Actor,
        extractor: EventExtractor,
        published: dt.date | None,
    ) -> Event | None:
        code = RESCUE_CODE[kind]
        try:
            entry = extractor.r.codebook.get(code)
        except KeyError:
            return None
        date, basis, precision = _date(sent, published)
        cue = self._cue(sent, kind)
        return Event(
            event_id=make_event_id(article.id, index, source.code, target.code, code, sent.start_char),
            article_id=article.id,
            sentence_index=index,
            sentence=sent.text.strip(),
            source=source,
            target=target,
            cameo=code,
            quad_class=entry.quad_class,
            goldstein=entry.goldstein,
            plover=entry.plover,
            date=date,
            date_basis=basis,
            location=None,
            trigger=cue,
            span=(sent.start_char, sent.end_char),
            quote=None,
            rule=self.rule,
            date_precision=precision,
            coder_version=__version__,
            plover_mode=entry.plover_mode,
            plover_context=entry.plover_context,
        )

    def _cue(self, sent: Span, kind: str) -> str:
        """The sentence's word that pointed the model most to ``kind`` (the event's evidence)."""
        from .features import sentence_words

        col = self.model.classes.index(kind)
        best, weight = "", 0.0
        for word in sentence_words(sent):
            row = self.model.index.get(word)
            if row is not None and float(self.model.weights[row, col]) > weight:
                best, weight = word, float(self.model.weights[row, col])
        return best


def _np_head(tok: Token, sent: Span) -> Token:
    while tok.dep_ in _NP_INNER and tok.head is not tok and sent.start <= tok.head.i < sent.end:
        tok = tok.head
    return tok


def _sentence_actors(sent: Span, mentions: Sequence[Any], resolver: Any) -> list[tuple[Actor, Token]]:
    """Distinct actors the rules resolve for the sentence's noun phrases, in text order."""
    out: list[tuple[Actor, Token]] = []
    heads: set[int] = set()
    for m in mentions:
        last = sent.doc[m.end - 1]
        head = _np_head(last, sent)
        if head.i in heads:
            continue
        heads.add(head.i)
        actor = resolver.actor_for(head)
        if actor is None or not actor.code or actor.code.startswith("~"):
            continue
        if all(actor.code != a.code for a, _ in out):
            out.append((actor, head))
    return out


def _dyad(actors: Sequence[tuple[Actor, Token]], sent: Span) -> tuple[Actor, Actor] | None:
    """Source: the actor that is the subject of the sentence's main verb; target: the first
    other actor in the rest of that verb's clause. None when the sentence has no such pair."""
    root = sent.root
    subject = next((k for k, (_, h) in enumerate(actors) if h.dep_ == "nsubj" and h.head.i == root.i), None)
    if subject is None:
        return None
    source, head = actors[subject]
    inside = {t.i for t in head.subtree}
    for actor, h in actors:
        if h.i not in inside and actor.code != source.code and root in h.ancestors:
            return source, actor
    return None


def _date(sent: Span, published: dt.date | None) -> tuple[str | None, str, str | None]:
    fallback = (published.isoformat() if published else None), "published", ("day" if published else None)
    try:
        from ..dates import resolve_event_date

        res = resolve_event_date(sent, sent.root, published)
        return res.date, res.basis, res.precision
    except Exception:  # noqa: BLE001 - a date problem must not lose the event
        log.debug("date resolution failed", exc_info=True)
        return fallback
