"""Response and request shapes of the ``/v1`` API.

They mirror :meth:`bedfellows.records.Event.to_dict` field for field, so the
HTTP records are the CLI's JSON Lines records, and the OpenAPI document that
schemathesis checks against is generated from the same definitions.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    """Every 4xx answer: one sentence that says what was wrong and what to do."""

    detail: str


class ActorOut(BaseModel):
    code: str
    name: str | None
    country: str | None
    text: str


class PlaceOut(BaseModel):
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    precision: str | None = None
    admin1: str | None = None  # GeoNames admin-1 key, e.g. "IQ.15" (added field)


class EventOut(BaseModel):
    """One event record (spec "Event records out", plus the added fields)."""

    event_id: str
    article_id: str
    sentence_index: int
    sentence: str
    source: ActorOut | None
    target: ActorOut | None
    cameo: str
    quad_class: int
    goldstein: float
    plover: str | None
    date: str | None
    date_basis: str
    location: PlaceOut | None
    trigger: str
    span: list[int]
    quote: str | None
    rule: str
    date_precision: str | None
    numbers: list[dict[str, Any]]
    coder_version: str
    trigger_span: list[int] | None
    modality: str
    plover_mode: str | None
    plover_context: str | None


class EventPage(BaseModel):
    """A page of events; pass ``next_cursor`` back as ``cursor`` for the next page."""

    events: list[EventOut]
    count: int
    next_cursor: str | None


class CodeIn(BaseModel):
    """Text to code. ``published`` (YYYY-MM-DD) anchors relative dates such as "on Friday"."""

    text: str
    published: str | None = None
    id: str | None = Field(default=None, description="article id used in the records")


class CodeOut(BaseModel):
    events: list[EventOut]
    warning: str | None = None


class DyadOut(BaseModel):
    """Directed source → target counts over the chosen period."""

    source: str
    target: str
    source_name: str | None
    target_name: str | None
    events: int
    goldstein_sum: float
    goldstein_mean: float
    q1: int
    q2: int
    q3: int
    q4: int


class NodeOut(BaseModel):
    id: str
    name: str | None
    events: int


class EdgeOut(BaseModel):
    """Undirected pair; ``sign`` is +1 (cooperation), -1 (conflict) or 0 (balanced)."""

    source: str
    target: str
    events: int
    goldstein_sum: float
    goldstein_mean: float
    sign: int
    cooperation: int
    conflict: int


class NetworkOut(BaseModel):
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class RelationOut(BaseModel):
    """One signed relation an alignment rests on, with its evidence event ids."""

    actors: list[str]
    sign: int
    events: int
    cooperation: int
    conflict: int
    goldstein_sum: float
    evidence: list[str]


class AlignmentOut(BaseModel):
    """A "strange bedfellows" finding (see bedfellows.aggregate.alignments).

    ``common_enemy``: two actors with a direct relation, both hostile to the
    ``common_enemies``; ``unbalanced_triad``: three linked actors whose signs
    multiply to a negative number (``pattern`` such as ``++-``).
    """

    kind: str
    actors: list[str]
    names: list[str | None]
    score: float | None = None
    common_enemies: list[str] = []
    hostile_record: bool | None = None
    pattern: str | None = None
    evidence: list[str] = []
    relations: list[RelationOut] = []
    # added fields: the headline flag and the pair's own relation (its evidence leg)
    bedfellows: bool | None = None
    pair_relation: RelationOut | None = None


class ActorSummary(BaseModel):
    key: str
    name: str | None
    events: int


class TimelinePoint(BaseModel):
    period: str
    start: str | None = None  # first day of the period, YYYY-MM-DD (added field)
    events: int
    goldstein_sum: float
    goldstein_mean: float
    q1: int
    q2: int
    q3: int
    q4: int


class TimelineOut(BaseModel):
    a: str
    b: str
    interval: str
    points: list[TimelinePoint]


class MarkedEvent(BaseModel):
    """An event of the article with its sentence and trigger located in the article text.

    ``sentence_span`` and ``trigger_offsets`` index the article text;
    ``trigger_in_sentence`` indexes ``event.sentence``. Either may be null when
    the coder's offsets do not match the text (then nothing is highlighted).
    """

    event: EventOut
    sentence_span: list[int] | None
    trigger_offsets: list[int] | None
    trigger_in_sentence: list[int] | None


class ArticleOut(BaseModel):
    article_id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    language: str | None
    text: str | None
    events: list[MarkedEvent]


class PlaceSummary(BaseModel):
    """Events at one geolocated place over the period, by quad class."""

    name: str
    country: str | None
    lat: float
    lon: float
    events: int
    goldstein_mean: float
    q1: int
    q2: int
    q3: int
    q4: int


class InfoOut(BaseModel):
    version: str
    events: int
    articles: int
    first_date: str | None
    last_date: str | None
    snapshot: str | None = None  # UTC time of the committed snapshot served (added field)
    warming: bool = False  # the server is computing the dashboard's opening view (added field)


class PartnerOut(BaseModel):
    """One partner of an actor (either direction) over the period: the actor drill-down."""

    key: str
    name: str | None
    events: int
    sent: int
    received: int
    goldstein_sum: float
    goldstein_mean: float
    sign: int
    q1: int
    q2: int
    q3: int
    q4: int
    first_date: str | None
    last_date: str | None


class SeriesOut(BaseModel):
    """Events matching the filters per period; with ``fill`` every period is listed."""

    interval: str
    points: list[TimelinePoint]


class EventDetail(BaseModel):
    """One event located in its article (as in ArticleOut.events) with the article's title."""

    event: EventOut
    sentence_span: list[int] | None
    trigger_offsets: list[int] | None
    trigger_in_sentence: list[int] | None
    article_title: str | None
    article_url: str | None
    article_source: str | None
    article_published: str | None


class ExplainOut(BaseModel):
    """What ``bedfellows explain`` says about an event's sentence: the parse, the actor
    mentions, every trigger tried with its rule and modality decision, the events."""

    event_id: str
    text: str
    parse: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    triggers: list[dict[str, Any]]
    events: list[EventOut]
