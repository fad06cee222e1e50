"""One place that defines the columns of every table and export.

The store, Parquet shards, CSV/JSONL exports and the GDELT/PLOVER flavours all
take their column lists from here, so a field is added once and appears
everywhere. Nested actors and places are flattened with a prefix
(``source_code``, ``location_lat``...).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from .records import Event

ACTOR_FIELDS = ("code", "name", "country", "text")
PLACE_FIELDS = ("name", "country", "lat", "lon", "geonameid", "precision", "admin1")

# (column, arrow type) in the order every flat export uses.
EVENT_COLUMNS: list[tuple[str, pa.DataType]] = [
    ("event_id", pa.string()),
    ("article_id", pa.string()),
    ("sentence_index", pa.int32()),
    ("sentence", pa.string()),
    ("source_code", pa.string()),
    ("source_name", pa.string()),
    ("source_country", pa.string()),
    ("source_text", pa.string()),
    ("target_code", pa.string()),
    ("target_name", pa.string()),
    ("target_country", pa.string()),
    ("target_text", pa.string()),
    ("cameo", pa.string()),
    ("cameo_root", pa.string()),
    ("quad_class", pa.int8()),
    ("goldstein", pa.float64()),
    ("plover", pa.string()),
    ("plover_mode", pa.string()),
    ("plover_context", pa.string()),
    ("date", pa.string()),
    ("date_basis", pa.string()),
    ("date_precision", pa.string()),
    ("location_name", pa.string()),
    ("location_country", pa.string()),
    ("location_lat", pa.float64()),
    ("location_lon", pa.float64()),
    ("location_geonameid", pa.int64()),
    ("location_precision", pa.string()),
    ("trigger", pa.string()),
    ("span_start", pa.int32()),
    ("span_end", pa.int32()),
    ("trigger_start", pa.int32()),
    ("trigger_end", pa.int32()),
    ("quote", pa.string()),
    ("rule", pa.string()),
    ("modality", pa.string()),
    ("numbers", pa.string()),  # JSON list, kept as text for CSV friendliness
    ("coder_version", pa.string()),
    # added columns (the schema only grows): appended, never inserted
    ("location_admin1", pa.string()),  # GeoNames admin-1 code of the place, "IQ.15"
]

EVENT_SCHEMA = pa.schema(EVENT_COLUMNS)
EVENT_COLUMN_NAMES = [name for name, _ in EVENT_COLUMNS]


def event_row(ev: Event) -> dict[str, Any]:
    """Flatten one event into the columns of :data:`EVENT_SCHEMA`."""
    import json

    row: dict[str, Any] = {
        "event_id": ev.event_id,
        "article_id": ev.article_id,
        "sentence_index": ev.sentence_index,
        "sentence": ev.sentence,
        "cameo": ev.cameo,
        "cameo_root": ev.cameo[:2],
        "quad_class": ev.quad_class,
        "goldstein": ev.goldstein,
        "plover": ev.plover,
        "plover_mode": ev.plover_mode,
        "plover_context": ev.plover_context,
        "date": ev.date,
        "date_basis": ev.date_basis,
        "date_precision": ev.date_precision,
        "trigger": ev.trigger,
        "span_start": ev.span[0],
        "span_end": ev.span[1],
        "trigger_start": ev.trigger_span[0] if ev.trigger_span else None,
        "trigger_end": ev.trigger_span[1] if ev.trigger_span else None,
        "quote": ev.quote,
        "rule": ev.rule,
        "modality": ev.modality,
        "numbers": json.dumps(list(ev.numbers)) if ev.numbers else None,
        "coder_version": ev.coder_version,
    }
    for role, actor in (("source", ev.source), ("target", ev.target)):
        for f in ACTOR_FIELDS:
            row[f"{role}_{f}"] = getattr(actor, f) if actor else None
    for f in PLACE_FIELDS:
        row[f"location_{f}"] = getattr(ev.location, f) if ev.location else None
    return row


def events_to_table(events: list[Event]) -> pa.Table:
    """Events as one Arrow table with the canonical columns and types."""
    rows = [event_row(e) for e in events]
    return pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)


def row_to_event(row: dict[str, Any]) -> Event:
    """Inverse of :func:`event_row` (for reading the store back into records)."""
    import json

    def actor(role: str) -> dict[str, Any] | None:
        if not row.get(f"{role}_code"):
            return None
        return {f: row.get(f"{role}_{f}") for f in ACTOR_FIELDS}

    loc = None
    if row.get("location_name"):
        loc = {f: row.get(f"location_{f}") for f in PLACE_FIELDS}
    ts = None
    if row.get("trigger_start") is not None:
        ts = [row["trigger_start"], row["trigger_end"]]
    return Event.from_dict(
        {
            **{k: row.get(k) for k in EVENT_COLUMN_NAMES},
            "source": actor("source"),
            "target": actor("target"),
            "location": loc,
            "span": [row["span_start"], row["span_end"]],
            "trigger_span": ts,
            "numbers": json.loads(row["numbers"]) if row.get("numbers") else [],
        }
    )


# The article table of the store (one row per article id; text kept for evidence).
ARTICLE_COLUMNS: list[tuple[str, pa.DataType]] = [
    ("article_id", pa.string()),
    ("title", pa.string()),
    ("source", pa.string()),
    ("url", pa.string()),
    ("published", pa.string()),
    ("language", pa.string()),
    ("text", pa.string()),
    ("content_hash", pa.string()),
    ("coder_version", pa.string()),
]
ARTICLE_SCHEMA = pa.schema(ARTICLE_COLUMNS)
ARTICLE_COLUMN_NAMES = [name for name, _ in ARTICLE_COLUMNS]

# Table names in the DuckDB store; the server and the analyses read these.
EVENTS_TABLE = "events"
ARTICLES_TABLE = "articles"
