#!/usr/bin/env python3
"""Convert the reference dictionaries in ../shared/data into the package's own data files.

Run from the repo root:  .venv/bin/python tools/convert_dictionaries.py [--shared ../shared]

Writes src/bedfellows/data/{actors.tsv, agents.tsv, cameo.tsv, countries.tsv}. Phrases
are tokenised here with spaCy's English tokenizer, so the run-time matcher only splits
on spaces. Known defects of the sources are fixed in FIXES below and logged in
src/bedfellows/data/CHANGELOG.md. The package never reads ../shared at run time.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from bedfellows.actors.tabari import (  # noqa: E402
    ActorEntry,
    DatedCode,
    read_actor_file,
    read_agent_file,
)

OUT = REPO / "src" / "bedfellows" / "data"

MIT_HEADER = """# Derived from PETRARCH-2 dictionaries (openeventdata/petrarch2, commit 676801cd9cb2),
# The MIT License (MIT), Copyright (c) 2014-2015 Open Event Data Alliance;
# TABARI/CAMEO dictionaries by the Computational Event Data System Project.
# Converted by tools/convert_dictionaries.py; fixes listed in CHANGELOG.md.
"""

# (entry name, code to put first) — corrections of known source defects.
FIXES: list[tuple[str, DatedCode, str]] = [
    (
        "HASSAN ROUHANI",
        DatedCode("IRNGOV", "2013-08-03", None),
        "Rouhani's presidency (from 2013-08-03) is commented out in the source; restored.",
    ),
]


def tokenize_phrase(tok, text: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(t.lower_ for t in tok(text))


def title_name(text: str) -> str:
    small = {"of", "the", "and", "for", "in", "al", "on", "de", "la", "el"}
    words = text.lower().split()
    out = [w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words)]
    return " ".join(out)


def convert_actors(shared: Path, tok) -> int:  # type: ignore[no-untyped-def]
    files = [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ]
    rows: list[str] = []
    fixes = {name: (code, why) for name, code, why in FIXES}
    applied: list[str] = []
    for fname in files:
        problems: list[str] = []
        entries: list[ActorEntry] = read_actor_file(shared / "data" / "petrarch" / fname, problems)
        applied.extend(f"- dropped a malformed code: {p.split('petrarch/')[-1]}" for p in problems)
        for e in entries:
            if e.name in fixes:
                code, why = fixes[e.name]
                e.codes.insert(0, code)
                applied.append(f"- {fname}: {e.name}: {why}")
            phrases = []
            seen = set()
            for p in e.phrases:
                tp = tokenize_phrase(tok, p)
                if tp and tp not in seen:
                    seen.add(tp)
                    phrases.append(tp)
            codes = ";".join(c.to_text() for c in e.codes)
            rows.append("\t".join([title_name(e.name), "|".join(phrases), codes, fname.split(".")[1]]))
    with (OUT / "actors.tsv").open("w", encoding="utf-8") as fh:
        fh.write(MIT_HEADER)
        fh.write("# columns: name, phrases (tokenised, |-separated), codes (CODE or CODE@start..end), origin\n")
        for r in rows:
            fh.write(r + "\n")
    log = OUT / "CHANGELOG.md"
    text = log.read_text(encoding="utf-8") if log.exists() else "# Data changelog\n\n"
    for line in applied:
        if line not in text:
            text += line + "\n"
    log.write_text(text, encoding="utf-8")
    return len(rows)


def convert_agents(shared: Path, tok) -> int:  # type: ignore[no-untyped-def]
    entries = read_agent_file(shared / "data" / "petrarch" / "Phoenix.agents.txt")
    n = 0
    with (OUT / "agents.tsv").open("w", encoding="utf-8") as fh:
        fh.write(MIT_HEADER)
        fh.write("# columns: phrase (tokenised), code (~XXX suffix or XXX~ prefix), plurals (|-separated)\n")
        for a in entries:
            plurals = "|".join(tokenize_phrase(tok, p) for p in a.plurals)
            fh.write(f"{tokenize_phrase(tok, a.phrase)}\t{a.code}\t{plurals}\n")
            n += 1
    return n


def convert_cameo(shared: Path) -> int:
    src = shared / "data" / "cameo" / "cameo_codes_merged.csv"
    plover = {}
    for line in (shared / "data" / "plover" / "CAMEO2PLOVER-2021.txt").read_text().splitlines():
        m = re.match(r"^(\d{2,4}):\s*([^#]*)", line)
        if m:
            parts = [p.strip() for p in m.group(2).split(",")]
            parts += [""] * (3 - len(parts))
            plover[m.group(1)] = parts[:3]
    quad_names = {
        "verbal cooperation": 1,
        "material cooperation": 2,
        "verbal conflict": 3,
        "material conflict": 4,
    }
    n = 0
    with src.open(encoding="utf-8") as fh, (OUT / "cameo.tsv").open("w", encoding="utf-8") as out:
        out.write(
            "# CAMEO 1.1b3 event codes. Goldstein: GDELT's table (goldstein), with the ICEWS and\n"
            "# Phoenix variants alongside; quad class: GDELT/ICEWS (1 verbal coop .. 4 material conflict).\n"
            "# PLOVER event/mode/context from CAMEO2PLOVER-2021 (openeventdata/PLOVER, CC BY-SA 4.0).\n"
            "# Sources: GDELT lookup tables (unrestricted use), andybega/icews (MIT), phoenix_pipeline (MIT).\n"
        )
        out.write(
            "code\tname\tgoldstein\tgoldstein_icews\tgoldstein_phoenix\tquad_class\tplover\tplover_mode\tplover_context\n"
        )
        for row in csv.DictReader(fh):
            code = row["code"].strip()
            if not code.isdigit():
                continue
            g = row["goldstein_gdelt"] or row["goldstein_icews"] or row["goldstein_phoenix"] or "0"
            quad = quad_names.get(row["quad_class_gdelt_icews"].strip().lower())
            if quad is None:
                root = int(code[:2])
                quad = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
            pl = plover.get(code) or plover.get(code[:3]) or plover.get(code[:2]) or ["", "", ""]
            name = (row["name"] or row["name_gdelt"]).strip()
            out.write(
                "\t".join(
                    [code, name, g, row["goldstein_icews"], row["goldstein_phoenix"], str(quad), pl[0], pl[1], pl[2]]
                )
                + "\n"
            )
            n += 1
    return n


def convert_countries(shared: Path) -> int:
    src = shared / "data" / "countries" / "geonames_countryInfo.txt"
    n = 0
    with (OUT / "countries.tsv").open("w", encoding="utf-8") as out:
        out.write("# From GeoNames countryInfo (CC BY 4.0, geonames.org): ISO3, name, capital, ISO2.\n")
        for line in src.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            cols = line.split("\t")
            out.write("\t".join([cols[1], cols[4], cols[5], cols[0]]) + "\n")
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default=str(REPO / ".." / "shared"))
    args = ap.parse_args()
    shared = Path(args.shared).resolve()
    import spacy

    tok = spacy.blank("en").tokenizer
    OUT.mkdir(parents=True, exist_ok=True)
    print("actors", convert_actors(shared, tok))
    print("agents", convert_agents(shared, tok))
    print("cameo", convert_cameo(shared))
    print("countries", convert_countries(shared))


if __name__ == "__main__":
    main()
