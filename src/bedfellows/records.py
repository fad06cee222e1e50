"""Plain records: the boundary after which no spaCy object travels.

Everything downstream of the NLP stages (store, export, Dask, HTTP) sees only
these frozen dataclasses, so they pickle cheaply and map one-to-one onto the
columns defined in :mod:`bedfellows.schema`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    """One news article as read from the input (spec: "Articles in")."""

    id: str
    text: str
    published: str | None = None  # YYYY-MM-DD (date part of any ISO 8601 input)
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None

    @property
    def content_hash(self) -> str:
        """Hash of what the coder reads: a changed text or date means re-coding."""
        payload = json.dumps([self.text, self.published], ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Actor:
    """A resolved actor: CAMEO-style code, canonical name, ISO3 country, surface text."""

    code: str
    name: str | None
    country: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "country": self.country, "text": self.text}


@dataclass(frozen=True)
class Place:
    """A geocoded place. ``precision`` is ``city``, ``region`` or ``country``."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    precision: str | None = None
    text: str | None = None
    # added field: the GeoNames first-level division the place lies in, as GeoNames
    # writes it ("IQ.15" = Ninawa, Iraq); None for countries and unknown divisions.
    # Kept in the flat columns (location_admin1), the GDELT export and the JSON record.
    admin1: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonameid": self.geonameid,
            "precision": self.precision,
            "admin1": self.admin1,
        }


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it (character offsets into the article text)."""

    article_id: str
    start: int
    end: int
    text: str
    speaker: Actor | None = None
    speaker_text: str | None = None


@dataclass(frozen=True)
class Event:
    """One coded event (spec: "Event records out"); fields are only ever added."""

    event_id: str
    article_id: str
    sentence_index: int
    sentence: str
    source: Actor | None
    target: Actor | None
    cameo: str
    quad_class: int
    goldstein: float
    plover: str | None
    date: str | None
    date_basis: str
    location: Place | None
    trigger: str
    span: tuple[int, int]
    quote: str | None
    rule: str
    date_precision: str | None = None
    numbers: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    coder_version: str = ""
    # added fields (spec allows additions): where the trigger sits, the modality
    # the coder decided, and PLOVER mode/context.
    trigger_span: tuple[int, int] | None = None
    modality: str = "asserted"
    plover_mode: str | None = None
    plover_context: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines record of the spec, with the added fields after it."""
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": self.plover,
            "date": self.date,
            "date_basis": self.date_basis,
            "location": self.location.to_dict() if self.location else None,
            "trigger": self.trigger,
            "span": list(self.span),
            "quote": self.quote,
            "rule": self.rule,
            "date_precision": self.date_precision,
            "numbers": [dict(n) for n in self.numbers],
            "coder_version": self.coder_version,
            "trigger_span": list(self.trigger_span) if self.trigger_span else None,
            "modality": self.modality,
            "plover_mode": self.plover_mode,
            "plover_context": self.plover_context,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        """Inverse of :meth:`to_dict` (tolerates missing added fields)."""

        def actor(a: dict[str, Any] | None) -> Actor | None:
            if not a:
                return None
            return Actor(a["code"], a.get("name"), a.get("country"), a.get("text") or "")

        loc = d.get("location")
        place = (
            Place(
                loc["name"],
                loc.get("country"),
                loc.get("lat"),
                loc.get("lon"),
                loc.get("geonameid"),
                loc.get("precision"),
                admin1=loc.get("admin1"),  # flat rows carry it (schema.PLACE_FIELDS)
            )
            if loc
            else None
        )
        ts = d.get("trigger_span")
        return cls(
            event_id=d["event_id"],
            article_id=d["article_id"],
            sentence_index=int(d["sentence_index"]),
            sentence=d["sentence"],
            source=actor(d.get("source")),
            target=actor(d.get("target")),
            cameo=d["cameo"],
            quad_class=int(d["quad_class"]),
            goldstein=float(d["goldstein"]),
            plover=d.get("plover"),
            date=d.get("date"),
            date_basis=d.get("date_basis") or "published",
            location=place,
            trigger=d.get("trigger") or "",
            span=(int(d["span"][0]), int(d["span"][1])),
            quote=d.get("quote"),
            rule=d.get("rule") or "",
            date_precision=d.get("date_precision"),
            numbers=tuple(d.get("numbers") or ()),
            coder_version=d.get("coder_version") or "",
            trigger_span=(int(ts[0]), int(ts[1])) if ts else None,
            modality=d.get("modality") or "asserted",
            plover_mode=d.get("plover_mode"),
            plover_context=d.get("plover_context"),
        )


def make_event_id(
    article_id: str,
    sentence_index: int,
    source: str | None,
    target: str | None,
    cameo: str,
    trigger_offset: int,
) -> str:
    """Deterministic id (design.md): same article and sentence give the same id on every run."""
    key = "\x1f".join([article_id, str(sentence_index), source or "", target or "", cameo, str(trigger_offset)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class ArticleProblem:
    """Why one article could not be coded: reported, never fatal to the batch."""

    article_id: str
    code: str  # e.g. "E101"
    reason: str

    def __str__(self) -> str:
        # one line, whatever the id holds: a newline in an id must not forge another report line
        return _printable(f"{self.article_id}: [{self.code}] {self.reason}")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _printable(line: str) -> str:
    """Control characters (newlines, terminal escapes) written as escapes (\\n, \\x1b)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), line)


__all__ = ["Article", "Actor", "Place", "Quote", "Event", "ArticleProblem", "make_event_id", "asdict"]
