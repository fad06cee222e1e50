"""Geocoding benchmark: accuracy within 161 km on LGL, GeoWebNews and GeoVirus.

The gold sets are GPL (measure only) and live in ../shared/data/benchmarks/geo.
Each gold toponym is geocoded from its surface form; "context" runs resolve all
toponyms of an article together (Gazetteer.resolve_all: unambiguous names vote
for countries and first-level regions). Published LGL figures for comparison:
CLAVIN 0.71, mordecai3 0.83 (accuracy@161 km).

Run: .venv/bin/python bench/geo_bench.py [--limit N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from bedfellows.places import get_gazetteer
from bedfellows.places.build import haversine_km

GEO = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "benchmarks" / "geo"
Gold = list[tuple[str, float, float]]  # (name as written, lat, lon)


def _f(el: ET.Element | None) -> float | None:
    try:
        return float(el.text) if el is not None and el.text else None
    except ValueError:
        return None


def read_lgl(path: Path) -> list[Gold]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        gold: Gold = []
        for top in art.iter("toponym"):
            tag = top.find("gaztag")
            name = top.findtext("phrase") or ""
            if tag is None:
                continue
            lat, lon = _f(tag.find("lat")), _f(tag.find("lon"))
            if lat is not None and lon is not None and name:
                gold.append((name, lat, lon))
        docs.append(gold)
    return docs


def read_gwn(path: Path) -> list[Gold]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        gold: Gold = []
        for top in art.iter("toponym"):
            if (top.findtext("nonLocational") or "").strip() == "Yes":
                continue
            if not (top.findtext("geonamesID") or "").strip():
                continue
            lat, lon = _f(top.find("latitude")), _f(top.find("longitude"))
            name = top.findtext("extractedName") or ""
            if lat is not None and lon is not None and name:
                gold.append((name, lat, lon))
        docs.append(gold)
    return docs


def read_geovirus(path: Path) -> list[Gold]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        gold: Gold = []
        for loc in art.iter("location"):
            lat, lon = _f(loc.find("lat")), _f(loc.find("lon"))
            name = loc.findtext("name") or ""
            if lat is not None and lon is not None and name:
                gold.append((name, lat, lon))
        docs.append(gold)
    return docs


def score(docs: list[Gold], context: bool) -> tuple[float, float, int, float]:
    """(accuracy@161km, coverage, n, median error km of answered)."""
    gz = get_gazetteer()
    hits = answered = n = 0
    errors: list[float] = []
    for gold in docs:
        names = [g[0] for g in gold]
        places = gz.resolve_all(names) if context else [gz.geocode(x) for x in names]
        for (_, lat, lon), p in zip(gold, places, strict=True):
            n += 1
            if p is None or p.lat is None or p.lon is None:
                continue
            answered += 1
            err = haversine_km(lat, lon, p.lat, p.lon)
            errors.append(err)
            hits += err <= 161
    med = statistics.median(errors) if errors else float("nan")
    return hits / max(n, 1), answered / max(n, 1), n, med


def load_time() -> float:
    code = (
        "import time; t=time.perf_counter();"
        "from bedfellows.places import get_gazetteer; get_gazetteer();"
        "print(time.perf_counter()-t)"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
        runs.append(float(out.stdout.strip()))
    return min(runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=0, help="articles per corpus (0 = all)")
    args = ap.parse_args()
    if not GEO.is_dir():
        print(f"gold sets not found at {GEO}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    gz = get_gazetteer()
    first_load = time.perf_counter() - t0
    corpora = {
        "LGL": read_lgl(GEO / "lgl.xml"),
        "GWN": read_gwn(GEO / "GWN.xml"),
        "GeoVirus": read_geovirus(GEO / "GeoVirus.xml"),
    }
    if args.limit:
        corpora = {k: v[: args.limit] for k, v in corpora.items()}
    print(f"{'corpus':<10}{'toponyms':>9}{'acc@161 ctx':>13}{'acc@161 alone':>15}"
          f"{'coverage':>10}{'median km':>11}")
    accs = []
    for name, docs in corpora.items():
        acc, cov, n, med = score(docs, context=True)
        acc0, _, _, _ = score(docs, context=False)
        accs.append(acc)
        print(f"{name:<10}{n:>9}{acc:>13.3f}{acc0:>15.3f}{cov:>10.3f}{med:>11.1f}")
    print(f"{'mean':<10}{'':>9}{statistics.mean(accs):>13.3f}")
    print("published LGL acc@161: CLAVIN 0.71, mordecai3 0.83")

    names = [g[0] for docs in corpora.values() for gold in docs for g in gold]
    cold = type(gz)(gz._d)  # fresh lookup cache, same index
    t = time.perf_counter()
    for nm in names:
        cold.geocode(nm, ("USA",))
    dt = time.perf_counter() - t
    print(f"first-use load {first_load:.2f} s; cached load in a new process "
          f"{load_time():.2f} s; {len(names) / dt:,.0f} uncached lookups/s "
          f"({len(names)} names, lru cache cold)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
