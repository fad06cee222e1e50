"""The FastAPI application: the ``/v1`` JSON API over a read-only store, and the dashboard.

Everything a request can influence is validated here (patterns, ranges, size
limits) and answered with a one-sentence 4xx message; the SQL lives in
:mod:`bedfellows.serve.queries` and only ever binds parameters.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import math
import re
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BeforeValidator, Field, TypeAdapter
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import BedfellowsError, StoreError
from ..records import Event
from ..store.db import friendly_error
from .aggregates import Aggregates
from .models import (
    ActorSummary,
    AlignmentOut,
    ArticleOut,
    CodeIn,
    CodeOut,
    DyadOut,
    ErrorOut,
    EventDetail,
    EventPage,
    ExplainOut,
    InfoOut,
    NetworkOut,
    PartnerOut,
    PlaceSummary,
    SeriesOut,
    TimelineOut,
)
from .queries import AnswerCache, CursorError, EventFilter, ReadOnlyStore, trim_network

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1_000_000  # a whole request body
MAX_CODE_CHARS = 200_000  # text of one POST /v1/code
MAX_QUERY_CHARS = 200  # free-text search
# POST /v1/code: texts being coded or waiting for the coder. Past it the answer is 503 with
# Retry-After at once, and coding runs on its own thread, so a burst of coding requests never
# takes the threads that serve reads (/v1/info, /v1/events stay fast).
MAX_CODING_IN_FLIGHT = 4
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Bad parameter"},
    422: {"model": ErrorOut, "description": "Invalid parameter or body"},
}

ACTOR_KEY = r"^[A-Za-z0-9]{1,40}$"
DYAD = r"^[A-Za-z0-9]{1,40},[A-Za-z0-9]{1,40}$"
MEMBERS = r"^[A-Za-z0-9]{1,40}(,[A-Za-z0-9]{1,40}){1,2}$"
Group = Annotated[str, Query(pattern="^(code|country)$", description="node per actor code, or per country (ISO3)")]


def _iso_date_only(value: Any) -> Any:
    """Pydantic would read ``0`` as 1970-01-01; a date parameter must be written YYYY-MM-DD."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date written YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]
DateFrom = Annotated[IsoDate | None, Query(description="first date, YYYY-MM-DD")]
DateTo = Annotated[IsoDate | None, Query(description="last date, YYYY-MM-DD")]
QuadClass = Annotated[int, Field(ge=1, le=4)]
Limit = Annotated[int, Query(ge=1, le=10_000)]
Interval = Annotated[str, Query(pattern="^(day|week|month|year)$")]
MAX_EXPORT_ROWS = 200_000

Coder = Callable[[Any], list[Event]]


def static_dir() -> Path:
    """The built dashboard shipped inside the package."""
    return Path(str(resources.files("bedfellows.serve") / "static"))


class BodyLimit:
    """Refuse bodies over ``limit`` bytes with 413, even when no Content-Length is sent."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.limit
            except ValueError:
                await _send_error(send, 400, "Content-Length header is not a number")
                return
            if too_big:
                await _send_error(send, 413, f"request body is over the limit of {self.limit:,} bytes")
                return
        if declared is not None:
            await self.app(scope, receive, send)
            return
        # No Content-Length (chunked): read up to the limit first, then replay it.
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return
            body += message.get("body", b"")
            if len(body) > self.limit:
                await _send_error(send, 413, f"request body is over the limit of {self.limit:,} bytes")
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


async def _send_error(send: Send, status: int, message: str) -> None:
    resp = JSONResponse({"detail": message}, status_code=status)
    await resp({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def _validation_message(exc: RequestValidationError) -> str:
    """One line naming the parameter and the reason, instead of pydantic's list."""
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{loc or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _check_period(date_from: dt.date | None, date_to: dt.date | None) -> tuple[str | None, str | None]:
    lo = date_from.isoformat() if date_from else None
    hi = date_to.isoformat() if date_to else None
    if lo and hi and lo > hi:
        raise HTTPException(400, f"date_from {lo} is after date_to {hi}")
    return lo, hi


def _one(kind: str, key: str, max_len: int, lookup: Callable[[str], dict[str, Any] | None]) -> dict[str, Any]:
    """One record by id: 400 for an id no store could hold, 404 for one this store lacks."""
    if len(key) > max_len or "\x00" in key:
        raise HTTPException(400, f"{kind} id is too long or contains a NUL character")
    found = lookup(key)
    if found is None:
        raise HTTPException(404, f"no {kind} with id {key!r} in this store")
    return found


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def _key(value: str | None) -> str | None:
    return value.upper() if value else None


def event_filter(
    actor: Annotated[
        str | None,
        Query(pattern=ACTOR_KEY, description="source or target: code prefix or ISO3 country"),
    ] = None,
    source: Annotated[str | None, Query(pattern=ACTOR_KEY)] = None,
    target: Annotated[str | None, Query(pattern=ACTOR_KEY)] = None,
    dyad: Annotated[
        str | None,
        Query(
            pattern=DYAD,
            description="A,B in either direction",
        ),
    ] = None,
    cameo: Annotated[str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code or prefix")] = None,
    cameo_root: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
    quad_class: Annotated[list[QuadClass] | None, Query(description="1-4, repeatable")] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO3 of the event's place")] = None,
    q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS, description="text in the sentence")] = None,
    article_id: Annotated[str | None, Query(max_length=500)] = None,
    plover: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{1,40}$", description="PLOVER event type")] = None,
    modality: Annotated[
        str | None, Query(pattern=r"^[a-z_]{1,40}$", description="asserted, negated, hypothetical, ...")
    ] = None,
    place: Annotated[str | None, Query(max_length=200, description="name of the event's place")] = None,
    event_id: Annotated[list[str] | None, Query(max_length=100, description="event ids, repeatable")] = None,
) -> EventFilter:
    """The filters every dashboard call accepts (all optional, all must hold)."""
    lo, hi = _check_period(date_from, date_to)
    for name, value in (("q", q), ("article_id", article_id), ("place", place)):
        if value is not None and "\x00" in value:
            raise HTTPException(400, f"{name} contains a NUL character")
    ids = event_id or []
    if len(ids) > 500 or any(len(i) > 200 or "\x00" in i for i in ids):
        raise HTTPException(400, "event_id: at most 500 ids of at most 200 characters each")
    pair = tuple(dyad.upper().split(",")) if dyad else None
    return EventFilter(
        actor=_key(actor),
        source=_key(source),
        target=_key(target),
        dyad=(pair[0], pair[1]) if pair else None,
        cameo=cameo,
        cameo_root=cameo_root,
        quad_class=sorted(set(quad_class or [])),
        date_from=lo,
        date_to=hi,
        country=_key(country),
        q=q or None,
        article_id=article_id,
        plover=plover,
        modality=modality,
        place=place or None,
        event_ids=sorted(set(ids)),
    )


Filters = Annotated[EventFilter, Depends(event_filter)]


def create_app(
    db: str | Path,
    *,
    coder: Coder | None = None,
    warm_coder: bool = False,
    max_body_bytes: int = MAX_BODY_BYTES,
    max_code_chars: int = MAX_CODE_CHARS,
    max_coding: int = MAX_CODING_IN_FLIGHT,
    warm_dashboard: bool = True,
    live: bool = True,
    refresh_seconds: float = 2.0,
) -> FastAPI:
    """Build the app over one store file (opened read-only at once, so a bad path fails early).

    ``coder`` defaults to the process-wide :func:`bedfellows.coder.get_coder`
    loaded on first use (or in the background at start-up with ``warm_coder``).
    ``warm_dashboard`` computes the dashboard's opening view in the background at
    start-up, so the first analyst does not wait for the alignments. ``live`` serves
    committed snapshots of the store, looked at every ``refresh_seconds``, so
    ``bedfellows ingest`` may write it meanwhile (:mod:`bedfellows.serve.live`).
    """
    store = ReadOnlyStore(db, live=live)
    analyses = _open_aggregates(store.current_path, store)
    cache = AnswerCache(maxsize=512)
    warming = threading.Event()  # set while the opening view is being computed
    coder_lock = threading.Lock()
    state: dict[str, Any] = {"coder": coder}

    def get_code_fn() -> Coder:
        with coder_lock:
            if state["coder"] is None:
                from ..coder import get_coder

                state["coder"] = get_coder().code_article
            fn: Coder = state["coder"]
            return fn

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm_coder and coder is None:
            threading.Thread(target=_warm, args=(get_code_fn,), daemon=True).start()
        warmer = None
        if warm_dashboard:
            warming.set()  # before the first request can ask
            warmer = threading.Thread(
                target=_warm_answers, args=(app.state.opening_view, warming), kwargs={"freeze": True}, daemon=True
            )
            warmer.start()
        stop = threading.Event()
        if live:
            threading.Thread(target=_follow, args=(store, refresh_seconds, stop), daemon=True).start()
        yield
        stop.set()
        if warmer is not None:
            # a thread inside DuckDB when the interpreter exits aborts the process: let it finish
            warmer.join(timeout=60)
        # The read-only connection lives as long as the app: one app may run
        # several lifespans (test clients), and the process exit releases it.

    app = FastAPI(
        title="bedfellows",
        version=__version__,
        summary="Political events coded from news text: who did what to whom, when and where.",
        description="The `/v1` API is stable: the README (Stability promise for /v1) says what may change.",
        lifespan=lifespan,
        docs_url=None,  # served below from the package's own copies, never a CDN
        redoc_url=None,
    )
    app.state.store = store
    app.add_middleware(BodyLimit, limit=max_body_bytes)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.url.path.startswith(("/docs", "/redoc")):
            # The API docs pages run inline scripts and workers, but load nothing from elsewhere.
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'",
            )
        else:
            # The dashboard loads nothing from elsewhere; the browser enforces it.
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            )
        return response

    single_valued: dict[str, frozenset[str]] = {}

    def _single_valued(path: str) -> frozenset[str]:
        """Query parameters of a documented path that take one value (not an array)."""
        if not single_valued:
            for template, ops in app.openapi().get("paths", {}).items():
                names = {
                    prm["name"]
                    for op in ops.values()
                    for prm in op.get("parameters", [])
                    if prm.get("in") == "query" and "array" not in json.dumps(prm.get("schema", {}))
                }
                single_valued[template] = frozenset(names)
        return single_valued.get(path, frozenset())

    @app.middleware("http")
    async def one_value_each(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        # "q=a&q=b" on a one-valued parameter: FastAPI would silently keep the last; refuse it
        names = [k for k, _ in request.query_params.multi_items()]
        repeated = {k for k in names if names.count(k) > 1}
        if repeated:
            for route in app.routes:
                if route.matches(request.scope)[0] == Match.FULL:
                    twice = sorted(repeated & _single_valued(getattr(route, "path", "")))
                    if twice:
                        return JSONResponse({"detail": f"{', '.join(twice)}: give one value"}, status_code=422)
                    break
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_message(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(duckdb.Error)
    async def on_store_failure(_: Request, exc: duckdb.Error) -> JSONResponse:
        # a damaged block met while reading: the store, not the request, is at fault
        log.error("store %s: %s", db, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return JSONResponse({"detail": friendly_error(db, exc).message}, status_code=503)

    @app.exception_handler(StoreError)
    async def on_store_error(_: Request, exc: StoreError) -> JSONResponse:
        log.error("%s", exc)
        return JSONResponse({"detail": exc.message}, status_code=503)

    # -- API --------------------------------------------------------------------
    @app.get("/v1/info", response_model=InfoOut, tags=["store"])
    def info() -> dict[str, Any]:
        """Version and size of the store being served (and when its snapshot was taken)."""
        snap = store.snapshot
        return {
            "version": __version__,
            **store.info(),
            "snapshot": snap.taken if snap else None,
            "warming": warming.is_set(),
        }

    @app.get("/v1/events", response_model=EventPage, responses=ERRORS, tags=["events"])
    def events(
        flt: Filters,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        cursor: Annotated[str | None, Query(max_length=2000, description="next_cursor of the previous page")] = None,
    ) -> Response:
        """Events matching every filter given, oldest first, one page at a time."""
        if cursor is not None and "\x00" in cursor:
            raise HTTPException(400, "cursor contains a NUL character")

        def compute() -> dict[str, Any]:
            records, next_cursor = store.events(flt, limit, cursor)
            return {"events": records, "count": len(records), "next_cursor": next_cursor}

        try:
            return answer("events", EventPage, limit, cursor, flt.key(), compute=compute)
        except CursorError as exc:
            raise HTTPException(400, str(exc)) from exc

    @app.get(
        "/v1/events/{event_id}",
        response_model=EventDetail,
        responses={**ERRORS, 404: {"model": ErrorOut, "description": "No such event"}},
        tags=["events"],
    )
    def event(event_id: str) -> dict[str, Any]:
        """One event with its sentence and trigger located in its article (the drill-down's end)."""
        return _one("event", event_id, 200, store.event)

    @app.get(
        "/v1/events/{event_id}/explain",
        response_model=ExplainOut,
        responses={
            **ERRORS,
            404: {"model": ErrorOut, "description": "No such event"},
            503: {"model": ErrorOut, "description": "Coder not available"},
        },
        tags=["events"],
    )
    def explain_event(event_id: str) -> dict[str, Any]:
        """The coder re-run on the event's sentence, each decision recorded (``bedfellows explain``)."""
        ev = _one("event", event_id, 200, store.event)["event"]
        published = ev["date"] if ev["date_basis"] == "published" else None

        def compute() -> dict[str, Any]:
            from ..events.explain import explain

            try:
                get_code_fn()  # the same process-wide coder, loaded once
            except Exception as exc:  # noqa: BLE001 - a missing model is the operator's problem
                log.exception("coder could not be loaded")
                raise HTTPException(503, f"the coder could not be loaded: {exc}") from exc
            with coder_lock:  # one spaCy pipeline per process; calls are serialised
                return {"event_id": event_id, **explain(ev["sentence"], published=published).to_dict()}

        return cached("explain", event_id, compute=compute)

    def cached(name: str, *key: Any, compute: Callable[[], Any]) -> Any:
        return cache.get_or_compute((name, store.generation, *key), compute)

    def answer(name: str, shape: Any, *key: Any, compute: Callable[[], Any]) -> Response:
        """The JSON of a cached answer, validated against its response model once and kept as
        bytes: a repeated dashboard call costs neither the query nor the serialisation."""
        adapter = TypeAdapter(shape)

        def encode() -> bytes:
            return adapter.dump_json(adapter.validate_python(compute()))

        body = cached("json:" + name, *key, compute=encode)
        return Response(body, media_type="application/json")

    @app.get("/v1/actors", response_model=list[ActorSummary], responses=ERRORS, tags=["aggregates"])
    def actors(
        flt: Filters,
        group: Group = "country",
        limit: Limit = 200,
        match: Annotated[
            str | None, Query(max_length=100, description="key prefix, or text in the name (autocomplete)")
        ] = None,
    ) -> Response:
        """Actors by the number of events they take part in (for pickers and autocomplete)."""
        if match is not None and "\x00" in match:
            raise HTTPException(400, "match contains a NUL character")
        return answer(
            "actors", list[ActorSummary], group, limit, match, flt.key(),
            compute=lambda: store.actors(group, flt.date_from, flt.date_to, limit, q=match or None, flt=flt),
        )

    @app.get(
        "/v1/actors/{key}/partners", response_model=list[PartnerOut], responses=ERRORS, tags=["aggregates"]
    )
    def partners(
        key: Annotated[str, PathParam(pattern=ACTOR_KEY, description="code prefix or ISO3 country")],
        flt: Filters,
        group: Group = "country",
        limit: Limit = 100,
    ) -> Response:
        """Everyone the actor deals with, in either direction, by volume (the actor drill-down)."""
        return answer(
            "partners", list[PartnerOut], key.upper(), group, limit, flt.key(),
            compute=lambda: store.partners(key.upper(), group, flt, limit),
        )

    @app.get("/v1/dyads", response_model=list[DyadOut], responses=ERRORS, tags=["aggregates"])
    def dyads(
        group: Group = "code",
        date_from: DateFrom = None,
        date_to: DateTo = None,
        actor: Annotated[str | None, Query(pattern=ACTOR_KEY)] = None,
        min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        limit: Limit = 500,
    ) -> Response:
        """Directed source → target totals: events, Goldstein sum and mean, quad-class counts."""
        lo, hi = _check_period(date_from, date_to)
        return answer(
            "dyads", list[DyadOut], group, lo, hi, actor, min_events, limit,
            compute=lambda: (analyses or store).dyads(group, lo, hi, _key(actor), min_events, limit),
        )

    def network_of(flt: EventFilter, group: str, min_events: int, top: int | None, limit: int) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            # The server's own SQL: the aggregate module's edges (a test compares them) without
            # the evidence lists a network view does not show, so a cold call stays fast.
            full = store.network(group, flt.date_from, flt.date_to, min_events, 1_000_000, flt=flt)
            return trim_network(full, top, limit)

        return cached("network", group, min_events, top, limit, flt.key(), compute=compute)

    @app.get("/v1/network", response_model=NetworkOut, responses=ERRORS, tags=["aggregates"])
    def network(
        flt: Filters,
        group: Group = "country",
        min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        limit: Limit = 500,
        top: Annotated[int | None, Query(ge=1, le=10_000, description="only the N most active nodes")] = None,
    ) -> Response:
        """Signed actor network of the filtered events: edge sign from Goldstein, weight = events."""
        return answer(
            "network", NetworkOut, group, min_events, top, limit, flt.key(),
            compute=lambda: network_of(flt, group, min_events, top, limit),
        )

    @app.get("/v1/alignments", response_model=list[AlignmentOut], responses=ERRORS, tags=["aggregates"])
    def alignments(
        group: Group = "country",
        date_from: DateFrom = None,
        date_to: DateTo = None,
        hostile_only: Annotated[bool, Query(description="only pairs with a hostile record of their own")] = False,
        limit: Limit = 100,
        actor: Annotated[str | None, Query(pattern=ACTOR_KEY, description="only findings involving it")] = None,
        kind: Annotated[str | None, Query(pattern="^(common_enemy|unbalanced_triad|same_side)$")] = None,
        max_evidence: Annotated[
            int, Query(ge=0, le=50, description="evidence event ids kept per relation (0: counts only)")
        ] = 20,
        max_relations: Annotated[
            int | None, Query(ge=0, le=10_000, description="relations kept per finding (lists need 3 at most)")
        ] = None,
        members: Annotated[
            str | None,
            Query(pattern=MEMBERS, description="only the finding of exactly these actors: A,B or A,B,C"),
        ] = None,
    ) -> Response:
        """Which actors side with whom: agreement of their signs toward shared partners."""
        lo, hi = _check_period(date_from, date_to)
        want = _key(actor)
        exact = sorted(members.upper().split(",")) if members else None

        def keep(actors: list[str], enemies: list[str], found_kind: str) -> bool:
            return (
                (not want or any(k.startswith(want) for k in actors + enemies))
                and (not kind or found_kind == kind)
                and (exact is None or sorted(actors) == exact)
            )

        def compute() -> list[dict[str, Any]]:
            if analyses is None:
                rows = store.alignments(group, lo, hi, 1, 1_000_000)
                rows = [r for r in rows if keep(r["actors"], r["common_enemies"], r["kind"])]
            else:
                evidence = max_evidence > 0  # a listing of counts needs no evidence ids
                raw = cached(
                    "alignments", group, lo, hi, hostile_only, evidence,
                    compute=lambda: analyses.raw_alignments(group, lo, hi, hostile_only, evidence),
                )
                rows = analyses.alignments(
                    group, lo, hi, hostile_only, limit, found=raw, keep=keep, max_relations=max_relations
                )
            return [_trim_evidence(r, max_evidence, max_relations) for r in rows[:limit]]

        return answer(
            "alignments", list[AlignmentOut], group, lo, hi, hostile_only, limit, actor, kind, max_evidence,
            max_relations, members, compute=compute,
        )

    @app.get("/v1/places", response_model=list[PlaceSummary], responses=ERRORS, tags=["aggregates"])
    def places(flt: Filters, limit: Limit = 1000) -> Response:
        """Geolocated events per place: where the filtered events happened."""
        return answer("places", list[PlaceSummary], limit, flt.key(), compute=lambda: store.places(flt, limit))

    @app.get("/v1/timeline", response_model=TimelineOut, responses=ERRORS, tags=["aggregates"])
    def timeline(
        a: Annotated[str, Query(pattern=ACTOR_KEY, description="first actor: code prefix or ISO3")],
        b: Annotated[str, Query(pattern=ACTOR_KEY, description="second actor")],
        flt: Filters,
        interval: Interval = "month",
        directed: bool = False,
        fill: Annotated[bool, Query(description="list empty periods too (a true time axis)")] = False,
    ) -> Response:
        """Cooperation and conflict between two actors over time."""
        ka, kb = a.upper(), b.upper()

        def compute() -> dict[str, Any]:
            points = store.timeline(ka, kb, interval, None, None, directed, flt=flt, fill=fill)
            return {"a": ka, "b": kb, "interval": interval, "points": points}

        return answer("timeline", TimelineOut, ka, kb, interval, directed, fill, flt.key(), compute=compute)

    @app.get("/v1/series", response_model=SeriesOut, responses=ERRORS, tags=["aggregates"])
    def series(
        flt: Filters,
        interval: Interval = "month",
        fill: Annotated[bool, Query(description="list empty periods too (a true time axis)")] = True,
    ) -> Response:
        """The filtered events per period: counts, Goldstein, quad classes."""
        return answer(
            "series", SeriesOut, interval, fill, flt.key(),
            compute=lambda: {"interval": interval, "points": store.series(flt, interval, fill=fill)},
        )

    @app.get(
        "/v1/export/events",
        responses={
            **ERRORS,
            200: {
                "description": "The filtered events as a file",
                "content": {"text/csv": {}, "application/json": {}, "application/vnd.apache.parquet": {}},
            },
        },
        response_class=Response,
        tags=["export"],
    )
    def export_events(
        flt: Filters,
        format: Annotated[str, Query(pattern="^(csv|json|parquet)$")] = "csv",
        limit: Annotated[int, Query(ge=1, le=MAX_EXPORT_ROWS)] = MAX_EXPORT_ROWS,
    ) -> Response:
        """The events of the current view: CSV and Parquet in the store's flat columns, JSON as records."""
        from .exports import events_file

        body, media, suffix = cached(
            "export-events", format, limit, flt.key(),
            compute=lambda: events_file(store.rows(flt, limit), store.event_columns, format),
        )
        return Response(body, media_type=media, headers=_attachment(f"bedfellows-events.{suffix}"))

    @app.get(
        "/v1/export/network",
        responses={
            **ERRORS,
            200: {"description": "The network as GraphML", "content": {"application/graphml+xml": {}}},
        },
        response_class=Response,
        tags=["export"],
    )
    def export_network(
        flt: Filters,
        group: Group = "country",
        min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        limit: Limit = 500,
        top: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    ) -> Response:
        """The network of the current view as GraphML (Gephi, Cytoscape, networkx read it)."""
        from .exports import network_graphml

        body = cached(
            "export-network", group, min_events, top, limit, flt.key(),
            compute=lambda: network_graphml(network_of(flt, group, min_events, top, limit)),
        )
        return Response(body, media_type="application/graphml+xml", headers=_attachment("bedfellows-network.graphml"))

    @app.get(
        "/v1/articles/{article_id}",
        response_model=ArticleOut,
        responses={**ERRORS, 404: {"model": ErrorOut, "description": "No such article"}},
        tags=["events"],
    )
    def article(article_id: str) -> dict[str, Any]:
        """The article with each event's sentence and trigger located in its text."""
        return _one("article", article_id, 500, store.article)

    @app.post(
        "/v1/code",
        response_model=CodeOut,
        responses={
            **ERRORS,
            413: {"model": ErrorOut, "description": "Body or text too large"},
            503: {"model": ErrorOut, "description": "Coder not available"},
        },
        tags=["code"],
    )
    async def code(body: CodeIn) -> dict[str, Any]:
        """Code a text into events: the same records as ``bedfellows code``."""
        from ..ingest.readers import validate_article

        if len(body.text) > max_code_chars:
            raise HTTPException(413, f"text has {len(body.text):,} characters, over the limit of {max_code_chars:,}")
        aid = body.id or "text"
        if len(aid) > 500 or "\x00" in aid:
            raise HTTPException(422, "id is too long or contains a NUL character")
        result = validate_article(aid, body.text, body.published)
        if result.article is None:
            assert result.problem is not None
            raise HTTPException(422, str(result.problem))
        if coding["in_flight"] >= max_coding:
            retry = max(1, math.ceil(coding["in_flight"] * coding["seconds"]))
            raise HTTPException(
                503,
                f"{coding['in_flight']} texts are being coded, the most this server takes; retry in {retry} s",
                headers={"Retry-After": str(retry)},
            )
        coding["in_flight"] += 1
        future = asyncio.get_running_loop().run_in_executor(coding_pool, code_now, result.article)
        future.add_done_callback(lambda _: coding.__setitem__("in_flight", coding["in_flight"] - 1))
        events = await future
        warning = str(result.problem) if result.problem else None
        return {"events": [e.to_dict() for e in events], "warning": warning}

    coding_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bedfellows-code")
    coding: dict[str, Any] = {"in_flight": 0, "seconds": 0.5}  # changed on the event loop only

    def code_now(article: Any) -> list[Event]:
        try:
            fn = get_code_fn()
        except Exception as exc:  # noqa: BLE001 - a missing model is the operator's problem
            log.error("coder could not be loaded: %s", exc)
            raise HTTPException(503, f"the coder could not be loaded: {exc}") from exc
        t0 = time.perf_counter()
        try:
            with coder_lock:  # one spaCy pipeline per process; calls are serialised
                return fn(article)
        except Exception as exc:  # noqa: BLE001 - a coder bug is this text's problem, as in the CLI
            log.error("coding failed for %s: %r", article.id, exc)
            raise HTTPException(422, f"{article.id}: [E199] coding failed: {exc!r}") from exc
        finally:
            coding["seconds"] = 0.8 * coding["seconds"] + 0.2 * (time.perf_counter() - t0)

    def opening_view() -> None:
        """The calls the dashboard makes when it opens (frontend/src/main.js), answered once."""
        everything = EventFilter()
        actors(everything, "country", 10_000, None)
        series(everything, "month", True)
        network(everything, "country", 1, 75, 25)
        places(everything, 2000)
        alignments("country", None, None, False, 300, None, None, 0, 3, None)
        alignments("country", None, None, True, 300, None, None, 0, 3, None)
        # the findings with their evidence ids, which opening one of them asks for
        alignments("country", None, None, False, 100, None, None, 20, 3, None)
        # then the alignments of each year (the alignments view offers the years)
        first, last = store.info()["first_date"], store.info()["last_date"]
        if first and last:
            for year in range(int(last[:4]), int(first[:4]) - 1, -1):
                lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
                alignments("country", lo, hi, False, 300, None, None, 0, 3, None)

    app.state.opening_view = opening_view

    def on_new_snapshot() -> None:
        if analyses is not None:
            analyses.reopen(store.current_path)
        if warm_dashboard:
            _warm_answers(opening_view, warming)

    store.on_refresh.append(on_new_snapshot)

    # -- dashboard --------------------------------------------------------------
    static = static_dir()
    index = static / "index.html"

    @app.get("/", include_in_schema=False)
    def dashboard() -> Response:
        if not index.is_file():
            return JSONResponse({"detail": "dashboard not built: run `npm run build` in frontend/"}, 404)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> Response:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="bedfellows API",
            swagger_js_url="/assets/docs/swagger-ui-bundle.js",
            swagger_css_url="/assets/docs/swagger-ui.css",
            swagger_favicon_url="/assets/docs/favicon-32x32.png",
            oauth2_redirect_url=None,
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> Response:
        return get_redoc_html(
            openapi_url="/openapi.json",
            title="bedfellows API",
            redoc_js_url="/assets/docs/redoc.standalone.js",
            redoc_favicon_url="/assets/docs/favicon-32x32.png",
            with_google_fonts=False,
        )

    if (static / "assets").is_dir():
        # StaticFiles resolves paths and refuses anything outside its directory.
        app.mount("/assets", StaticFiles(directory=static / "assets"), name="assets")
    return app


def _trim_evidence(item: dict[str, Any], keep: int, relations: int | None = None) -> dict[str, Any]:
    """An alignment with at most ``keep`` evidence ids per relation and the first ``relations``
    relations (a new dict: answers are shared)."""

    def rel(r: dict[str, Any] | None) -> dict[str, Any] | None:
        return None if r is None else {**r, "evidence": r["evidence"][:keep]}

    return {
        **item,
        "evidence": item.get("evidence", [])[:keep],
        "relations": [rel(r) for r in item.get("relations", [])[:relations]],
        "pair_relation": rel(item.get("pair_relation")),
    }


def _open_aggregates(db: str | Path, store: ReadOnlyStore) -> Aggregates | None:
    """The store module's analyses when the file is a full store; else our own SQL."""
    try:
        return Aggregates(db, store)
    except (ImportError, BedfellowsError) as exc:
        log.info("using the server's own aggregate SQL: %s", exc)
        return None


def _follow(store: ReadOnlyStore, every: float, stop: threading.Event) -> None:
    """Pick up what ``bedfellows ingest`` committed, until the app stops."""
    while not stop.wait(every):
        try:
            store.refresh()
        except Exception:  # noqa: BLE001 - keep serving the last good snapshot
            log.exception("could not take a new snapshot of %s", store.path)


def _warm_answers(compute: Callable[[], None], busy: threading.Event, *, freeze: bool = False) -> None:
    """Compute the opening view. With ``freeze`` (once, at start-up) everything alive then -
    the libraries, the country tables, the answers just computed - is moved out of the
    cyclic garbage collector's sight (``gc.freeze``): its full passes over that heap took
    100-200 ms, a pause any request could fall into; afterwards they cost a few ms."""
    busy.set()
    try:
        compute()
    except Exception:  # noqa: BLE001 - the same calls report their error to the browser
        log.exception("computing the dashboard's opening view failed")
    finally:
        if freeze:
            import gc

            gc.collect()  # garbage frozen would never be collected: none left first
            gc.freeze()
        busy.clear()


def _warm(get_fn: Callable[[], Coder]) -> None:
    try:
        get_fn()
    except Exception:  # noqa: BLE001 - reported again on the first /v1/code request
        log.exception("coder warm-up failed")
