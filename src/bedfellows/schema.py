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


def iso_date(value: Any) -> str | None:
    """A date as records and JSON carry it: ``YYYY-MM-DD`` text (the store types it DATE)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if hasattr(value, "date") and callable(value.date):  # a datetime or pandas Timestamp
        value = value.date()
    return str(value.isoformat())


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
            "date": iso_date(row.get("date")),
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


# -- typed exports -----------------------------------------------------------------
# Records (JSON, CSV) carry dates as ISO text; the store (DuckDB DATE) and the exports
# that carry types (Parquet, and DuckDB or pandas reading it) give them their real type.
EXPORT_TYPES: dict[str, pa.DataType] = {"date": pa.date32()}


def typed_schema(columns: list[tuple[str, pa.DataType]]) -> pa.Schema:
    """The Arrow schema of a typed export: dates as date32, everything else as stored."""
    return pa.schema([(n, EXPORT_TYPES.get(n, t)) for n, t in columns])


def csv_dtypes(columns: list[tuple[str, pa.DataType]]) -> dict[str, str]:
    """pandas dtypes that read a CSV export back losslessly (``pd.read_csv(dtype=...)``).

    Codes stay text ("010" is not the number 10) and counts stay integers even with
    blanks; the export manifest carries this mapping.
    """
    kinds = {pa.string(): "string", pa.int8(): "Int8", pa.int32(): "Int32",
             pa.int64(): "Int64", pa.float64(): "float64"}
    return {n: "string" if n in EXPORT_TYPES else kinds.get(t, "string") for n, t in columns}


# -- GDELT 2.0 ---------------------------------------------------------------------
# The event table of the GDELT 2.0 codebook: exactly these 61 columns, in this order,
# tab-separated, no header (GDELT's ``YYYYMMDDHHMMSS.export.CSV`` files). Types are
# the codebook's (INTEGER, FLOAT, STRING); codes are STRING ("010", "IRN").

_GDELT_ACTOR = [
    ("Code", pa.string(), "complete CAMEO actor code"),
    ("Name", pa.string(), "actor name, upper case"),
    ("CountryCode", pa.string(), "CAMEO 3-letter country code"),
    ("KnownGroupCode", pa.string(), "CAMEO known group (IGO, NGO, rebel group...)"),
    ("EthnicCode", pa.string(), "CAMEO ethnic code"),
    ("Religion1Code", pa.string(), "CAMEO religion code"),
    ("Religion2Code", pa.string(), "second CAMEO religion code"),
    ("Type1Code", pa.string(), "CAMEO type/role code (GOV, MIL, REB...)"),
    ("Type2Code", pa.string(), "second CAMEO type code"),
    ("Type3Code", pa.string(), "third CAMEO type code"),
]
_GDELT_GEO = [
    ("Type", pa.int64(), "1 country, 2 US state, 3 US city, 4 world city, 5 world state"),
    ("FullName", pa.string(), "place name"),
    ("CountryCode", pa.string(), "FIPS 10-4 country code"),
    ("ADM1Code", pa.string(), "FIPS country + FIPS 10-4 division code"),
    ("ADM2Code", pa.string(), "GAUL admin-2 code"),
    ("Lat", pa.float64(), "latitude"),
    ("Long", pa.float64(), "longitude"),
    ("FeatureID", pa.string(), "GeoNames id, or the FIPS code of a country match"),
]

GDELT_EVENT_FIELDS: list[tuple[str, pa.DataType, str]] = (
    [("GLOBALEVENTID", pa.int64(), "unique event id"),
     ("SQLDATE", pa.int64(), "event date YYYYMMDD (the publication date when undated)"),
     ("MonthYear", pa.int64(), "YYYYMM"),
     ("Year", pa.int64(), "YYYY"),
     ("FractionDate", pa.float64(), "YYYY.FFFF, the fraction of the year passed")]
    + [(f"Actor1{n}", t, m) for n, t, m in _GDELT_ACTOR]
    + [(f"Actor2{n}", t, m) for n, t, m in _GDELT_ACTOR]
    + [("IsRootEvent", pa.int64(), "1 if from the lead (first sentence), else 0"),
       ("EventCode", pa.string(), "CAMEO event code"),
       ("EventBaseCode", pa.string(), "CAMEO 3-digit base code"),
       ("EventRootCode", pa.string(), "CAMEO 2-digit root code"),
       ("QuadClass", pa.int64(), "1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict"),
       ("GoldsteinScale", pa.float64(), "Goldstein score -10..+10"),
       ("NumMentions", pa.int64(), "mentions of the event (article + near-duplicates)"),
       ("NumSources", pa.int64(), "distinct outlets among them"),
       ("NumArticles", pa.int64(), "articles among them"),
       ("AvgTone", pa.float64(), "mean document tone of those articles, -100..+100")]
    + [(f"Actor1Geo_{n}", t, m) for n, t, m in _GDELT_GEO]
    + [(f"Actor2Geo_{n}", t, m) for n, t, m in _GDELT_GEO]
    + [(f"ActionGeo_{n}", t, m) for n, t, m in _GDELT_GEO]
    + [("DATEADDED", pa.int64(), "YYYYMMDDHHMMSS the event was added (publication or ingest)"),
       ("SOURCEURL", pa.string(), "URL (or id) of the first article")]
)
GDELT_EVENT_COLUMNS = [n for n, _, _ in GDELT_EVENT_FIELDS]
assert len(GDELT_EVENT_COLUMNS) == 61

# The Mentions table of GDELT 2.0 (``.mentions.CSV``): one row per article that mentions
# an event; here the event's own article and each of its near-duplicates.
GDELT_MENTION_FIELDS: list[tuple[str, pa.DataType, str]] = [
    ("GLOBALEVENTID", pa.int64(), "the event mentioned (events table)"),
    ("EventTimeDate", pa.int64(), "DATEADDED of the event, YYYYMMDDHHMMSS"),
    ("MentionTimeDate", pa.int64(), "YYYYMMDDHHMMSS of this mention (its publication or ingest)"),
    ("MentionType", pa.int64(), "1 web; 6 a document without URL"),
    ("MentionSourceName", pa.string(), "outlet: web domain or source name"),
    ("MentionIdentifier", pa.string(), "URL (or id) of the mentioning article"),
    ("SentenceID", pa.int64(), "1-based sentence of the article holding the event"),
    ("Actor1CharOffset", pa.int64(), "character offset of Actor1 in the article, -1 if absent"),
    ("Actor2CharOffset", pa.int64(), "character offset of Actor2, -1 if absent"),
    ("ActionCharOffset", pa.int64(), "character offset of the action (trigger), -1 if absent"),
    ("InRawText", pa.int64(), "1 if the event's sentence is verbatim in this article"),
    ("Confidence", pa.int64(), "percent: 100 verbatim, 50 carried over from a near-duplicate"),
    ("MentionDocLen", pa.int64(), "characters in the article"),
    ("MentionDocTone", pa.float64(), "document tone of the article"),
    ("MentionDocTranslationInfo", pa.string(), "empty: English source"),
    ("Extras", pa.string(), "empty"),
]
GDELT_MENTION_COLUMNS = [n for n, _, _ in GDELT_MENTION_FIELDS]
assert len(GDELT_MENTION_COLUMNS) == 16

# Beside ``--with-extras``: what GDELT has no column for, keyed by GLOBALEVENTID.
GDELT_EXTRA_COLUMNS = ["GLOBALEVENTID", "bedfellows_event_id", "article_id", "coder_version"]

# -- POLECAT -----------------------------------------------------------------------
# Column names of POLECAT's weekly TSV files (PLOVER ontology, NGEC coder), in order.
POLECAT_COLUMNS: list[str] = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors",
    "Actor Title", "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector",
    "Recipient Sectors", "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude",
    "GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date",
    "Story People", "Story Organizations", "Story Locations", "Language", "Version",
]
