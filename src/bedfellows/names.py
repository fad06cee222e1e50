"""Display names of actor keys: what a table, a graph node or a legend calls an actor.

An event keeps the canonical name of the entity its sentence named ("Abdel Fattah
el-Sisi" for ``EGYGOV``), which is right for that event but wrong as the name of
the aggregate: a node keyed ``EGY`` is Egypt, not its most mentioned Egyptian, and
``EGYGOV`` is Egypt's government, not its president. So the name of a key comes
from the dictionaries, never from a count of mentions:

* a country code: the country's name (``EGY`` -> "Egypt");
* a country and roles: the country and the CAMEO role labels ("Egypt government",
  "Syria rebels");
* an organisation or group without a country: its dictionary name when the code is
  an entity's own ("IGOUNO" -> "United Nations", "IMGMUSISI" -> "Islamic State of Iraq
  and the Levant"), else a name made of its CAMEO parts ("Muslim militarized group");
* a region code: the region ("AFR" -> "Africa", "WST" -> "the West").
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache

# CAMEO actor codebook (ch. 2-3): role, type and religion codes, as plain words.
ROLE_LABELS = {
    "GOV": "government", "MIL": "military", "REB": "rebels", "OPP": "opposition",
    "PTY": "political party", "COP": "police", "JUD": "judiciary", "SPY": "intelligence",
    "MED": "media", "EDU": "education", "BUS": "business", "CRM": "criminals",
    "CVL": "civilians", "LEG": "legislature", "ELI": "elites", "REF": "refugees",
    "LAB": "labour", "AGR": "agriculture", "HLH": "health", "HRI": "human rights",
    "ENV": "environment", "DEV": "development", "INS": "insurgents", "SEP": "separatists",
    "UAF": "armed forces", "MOD": "moderates", "RAD": "radicals", "SET": "settlers",
    "IGO": "intergovernmental organisation", "NGO": "non-governmental organisation",
    "NGM": "non-governmental movement", "IMG": "militarized group",
    "MNC": "multinational corporation", "INT": "international", "UNR": "unrecognised group",
}
RELIGION_LABELS = {
    "MUS": "Muslim", "SHI": "Shia", "SUN": "Sunni", "CHR": "Christian", "CTH": "Catholic",
    "PRO": "Protestant", "ORT": "Orthodox", "JEW": "Jewish", "HIN": "Hindu", "BUD": "Buddhist",
    "SIK": "Sikh", "SFI": "Sufi", "DRZ": "Druze", "ALE": "Alawite", "CPT": "Coptic",
}
REGION_NAMES = {
    "AFR": "Africa", "ASA": "Asia", "BLK": "the Balkans", "CAF": "Central Africa",
    "CAS": "Central Asia", "CAU": "the Caucasus", "CRB": "the Caribbean", "EAF": "East Africa",
    "EEU": "Eastern Europe", "EUR": "Europe", "LAM": "Latin America", "MDT": "the Mediterranean",
    "MEA": "the Middle East", "NAF": "North Africa", "NAM": "North America",
    "PGS": "the Persian Gulf", "SAF": "Southern Africa", "SAM": "South America",
    "SAS": "South Asia", "SEA": "Southeast Asia", "SCN": "Scandinavia", "WAF": "West Africa",
    "WEU": "Western Europe", "WST": "the West",
}
_CAMEO_TO_ISO = {"KSV": "XKX", "TMP": "TLS", "ANG": "AGO"}  # CAMEO's own country codes


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """ISO3 -> short English country name (GeoNames, the package's countries.tsv)."""
    text = (importlib.resources.files("bedfellows") / "data" / "countries.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or line.startswith("ISO3\t"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2:
            out[parts[0]] = parts[1]
    return out


@lru_cache(maxsize=1)
def _entity_names() -> dict[str, str]:
    """Codes that name one organisation or group in the dictionaries -> its name."""
    from .actors.dictionary import load_default_dictionary

    d = load_default_dictionary()
    return {code: name for code, name in d.code_names.items()
            if code[:3] not in _countries() and code[:3] not in _CAMEO_TO_ISO}


def country_name(code: str | None) -> str | None:
    """The name of an ISO3 (or CAMEO country) code: "EGY" -> "Egypt"."""
    if not code:
        return None
    return _countries().get(_CAMEO_TO_ISO.get(code, code))


def _parts(chunks: list[str]) -> str | None:
    religions = [RELIGION_LABELS[c] for c in chunks if c in RELIGION_LABELS]
    roles = [ROLE_LABELS[c] for c in chunks if c in ROLE_LABELS]
    if not roles and not religions:
        return None
    if not roles:
        return " ".join(religions) + " group"
    return " ".join([*religions, *roles[1:], roles[0]])  # "human rights non-governmental org."


@lru_cache(maxsize=4096)
def display_name(key: str | None) -> str | None:
    """The readable name of an actor key (a country, a full actor code, a region)."""
    if not key:
        return None
    key = key.upper()
    chunks = [key[i : i + 3] for i in range(0, len(key), 3)]
    country = country_name(chunks[0])
    if country is not None:
        if len(chunks) == 1:
            return country
        rest = _parts(chunks[1:])
        return f"{country} {rest}" if rest else country
    region = REGION_NAMES.get(chunks[0])
    if region and len(chunks) == 1:
        return region
    groups = [c for c in chunks[1:] if c not in ROLE_LABELS and c not in RELIGION_LABELS
              and country_name(c) is None and c not in REGION_NAMES]
    if groups and key in _entity_names():  # a known group's own code: IGOUNO, IMGMUSISI
        return _entity_names()[key]
    rest = _parts(chunks[1:] if region else chunks)
    where = [country_name(c) or REGION_NAMES.get(c) for c in chunks[1:]
             if c not in RELIGION_LABELS and c not in ROLE_LABELS]
    place = next((w for w in where if w), None)
    if region:
        return f"{region} {rest}" if rest else region
    if not rest:
        return None
    name = rest[0].upper() + rest[1:]
    return f"{name} ({place})" if place else name


__all__ = ["display_name", "country_name"]
