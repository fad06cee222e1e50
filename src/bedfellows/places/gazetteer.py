"""Offline geocoder: place names as news writes them -> GeoNames places.

Lookup order: metonymic capitals ("the Iraqi capital"), country names and
aliases (so "US" is never a village), then cities and subdivisions scored by
population, the article's countries (``prefer_countries``, most salient first)
and, in :meth:`Gazetteer.resolve_all`, the regions other toponyms of the same
article point to.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from bedfellows.places.build import (
    KIND_ADM1,
    KIND_ADM2,
    KIND_CITY,
    KIND_COUNTRY,
    REGION_TYPE_WORDS,
    GazetteerData,
    load_data,
)
from bedfellows.places.normalize import loose_key, name_key
from bedfellows.records import Place

log = logging.getLogger(__name__)

_CAPITAL = re.compile(r"^(?:(?P<who>.+?) )?capital(?: city)?$")
_CITY_OF = re.compile(r"^(?:city|town|village|province|region|state|county|district) of (.+)$")
_PRECISION = {KIND_CITY: "city", KIND_ADM1: "region", KIND_ADM2: "region", KIND_COUNTRY: "country"}

# score weights (log10 population units); generic priors, not per-name rules
W_ALT = 0.5  # matched an alternate name, not the main one
W_LOOSE = 0.4  # matched only the spelling-tolerant key
W_KIND = {KIND_CITY: 0.0, KIND_ADM1: -0.5, KIND_ADM2: -0.9, KIND_COUNTRY: 0.0}
W_CAPITAL = 1.0
W_COUNTRY_FIRST = 3.0  # the article's most salient country
W_COUNTRY_STEP = 0.3  # less for each later one
W_COUNTRY_MIN = 2.0
W_ADMIN1 = 1.8  # a region other toponyms of the article lie in


def _admin1(code: str) -> str | None:
    """GeoNames' "CC.A1" key of a row's first-level division; None when it has none."""
    cc, _, a1 = code.partition(".")
    return code if cc and a1 and a1 != "00" else None


class Gazetteer:
    """In-memory GeoNames index; build once per process with :func:`get_gazetteer`."""

    def __init__(self, data: GazetteerData | None = None) -> None:
        self._d = data if data is not None else load_data()
        self._capitals = frozenset(self._d.capital_row.values())
        self._cached = lru_cache(maxsize=65536)(self._geocode_key)

    # ------------------------------------------------------------------ public
    def geocode(self, name: str, prefer_countries: Sequence[str] = ()) -> Place | None:
        """The place ``name`` most likely means in an article about ``prefer_countries``."""
        key = name_key(name or "")
        if not key:
            return None
        hit = self._abbrev(name, key)
        if hit is None:
            hit = self._cached(key, tuple(prefer_countries), ())
        if hit is None:
            return None
        return self._place(hit, name)

    def capital_of(self, iso3: str) -> Place | None:
        """The capital city of a country (ISO3), e.g. IRQ -> Baghdad."""
        row = self._d.capital_row.get((iso3 or "").upper())
        if row is None:
            return None
        return self._place(row, self._d.name[row])

    def country(self, iso3: str) -> Place | None:
        """The country itself as a place of country precision."""
        row = self._d.country_row.get((iso3 or "").upper())
        return None if row is None else self._place(row, self._d.name[row])

    def country_code(self, name: str) -> str | None:
        """ISO3 of a country name, alias or demonym ("Iraq", "U.S.", "Iraqi"), else None."""
        key = name_key(name or "")
        return self._d.country_names.get(key) or self._d.demonyms.get(key)

    def resolve_all(
        self, names: Sequence[str], prefer_countries: Sequence[str] = ()
    ) -> list[Place | None]:
        """Geocode all toponyms of one article together.

        Unambiguous names vote for their country and first-level region; the
        ambiguous ones are then resolved towards those ("Alexandria" beside
        "Rapides Parish" is Alexandria, Louisiana).
        """
        d = self._d
        keys = [name_key(n or "") for n in names]
        c_votes: dict[str, float] = defaultdict(float)
        cands: dict[str, list[tuple[int, float]]] = {}
        for key in dict.fromkeys(keys):  # first-mentioned order: a set's order breaks ties by hash seed
            if not key:
                continue
            iso3 = d.country_names.get(key) or d.demonyms.get(key)
            if iso3:
                c_votes[iso3] += 1.0
                continue
            rows = self._candidates(key)
            if not rows:
                continue
            cands[key] = rows
            countries = list(dict.fromkeys(d.iso3[r] for r, _ in rows))
            for iso3 in countries:
                c_votes[iso3] += 1.0 / len(countries)
        voted = [c for c, v in sorted(c_votes.items(), key=lambda x: -x[1]) if v >= 0.5]
        ranked = list(dict.fromkeys([*prefer_countries, *voted]))
        # first-level regions the article's names point to, within its main country;
        # a name never votes for itself ("Washington" alone must not pick the state)
        a_votes: dict[str, float] = defaultdict(float)
        own: dict[str, dict[str, float]] = {}
        if ranked:
            for key, rows in cands.items():
                mine: dict[str, float] = {}
                named = [r for r, pen in rows
                         if pen == 0.0 and d.kind[r] == KIND_ADM1 and d.iso3[r] == ranked[0]]
                if named:  # a state or province named outright
                    mine[d.admin1[named[0]]] = 1.0
                else:
                    admins = list(dict.fromkeys(d.admin1[r] for r, _ in rows if d.iso3[r] == ranked[0]))
                    mine = {a: 1.0 / len(admins) for a in admins}
                for a, v in mine.items():
                    a_votes[a] += v
                own[key] = mine

        def admin1_for(key: str) -> tuple[str, ...]:
            mine = own.get(key, {})
            votes = sorted(((v - mine.get(a, 0.0), a) for a, v in a_votes.items() if a),
                           reverse=True)
            return tuple(a for v, a in votes[:3] if v >= 1.0)

        out: list[Place | None] = []
        for name, key in zip(names, keys, strict=True):
            hit = self._abbrev(name, key) if key else None
            if hit is None and key:
                hit = self._cached(key, tuple(ranked[:5]), admin1_for(key))
            out.append(None if hit is None else self._place(hit, name))
        return out

    # ---------------------------------------------------------------- internals
    def _place(self, row: int, text: str) -> Place:
        d = self._d
        gid = d.gid[row]
        return Place(
            name=d.name[row], country=d.iso3[row] or None, lat=round(d.lat[row], 5),
            lon=round(d.lon[row], 5), geonameid=gid if gid > 0 else None,
            precision=_PRECISION[d.kind[row]], text=text, admin1=_admin1(d.admin1[row]),
        )

    def _abbrev(self, name: str, key: str) -> int | None:
        """A written abbreviation with its dots ("W.Va.", "Calif."), else None."""
        return self._d.abbrevs.get(key) if "." in name else None

    def _candidates(self, key: str, kinds: str = "") -> list[tuple[int, float]]:
        """(row, penalty) for every place this key may name."""
        d = self._d
        codes = d.codes(d.exact, key)
        penalty = 0.0
        if not codes:
            codes = d.codes(d.loose_index(), loose_key(key))
            penalty = W_LOOSE
        if not codes:
            return []
        out = []
        for code in codes:
            row = code // 2
            if kinds and d.kind[row] not in kinds:
                continue
            out.append((row, penalty + (W_ALT if code & 1 else 0.0)))
        return out

    def _geocode_key(
        self, key: str, prefer: tuple[str, ...], admin1: tuple[str, ...]
    ) -> int | None:
        d = self._d
        m = _CAPITAL.match(key)
        if m:
            who = (m.group("who") or "").removesuffix(" s")
            iso3 = d.country_names.get(who) or d.demonyms.get(who) if who else None
            return d.capital_row.get(iso3) if iso3 else None
        iso3 = d.country_names.get(key)
        if iso3:
            # "Georgia" in a US story is the state, not the country
            if prefer and prefer[0] != iso3:
                local = [
                    (row, pen) for row, pen in self._candidates(key)
                    if pen == 0.0 and d.iso3[row] == prefer[0] and d.kind[row] == KIND_ADM1
                ]
                if local:
                    return self._best(local, prefer, admin1)
            return d.country_row.get(iso3)
        iso3 = d.demonyms.get(key) or (d.demonyms.get(key[:-1]) if key.endswith("s") else None)
        if iso3:
            return d.country_row.get(iso3)
        cands = self._candidates(key)
        if not cands:
            cands = self._stripped_candidates(key)
        if not cands:
            return None
        return self._best(cands, prefer, admin1)

    def _stripped_candidates(self, key: str) -> list[tuple[int, float]]:
        """'Diyala province' -> region 'Diyala'; 'city of Mosul' -> 'Mosul'."""
        words = key.split()
        if len(words) > 1 and words[-1] in REGION_TYPE_WORDS:
            return self._candidates(" ".join(words[:-1]), KIND_ADM1 + KIND_ADM2)
        if len(words) > 1 and words[-1] in ("city", "town"):
            return self._candidates(" ".join(words[:-1]), KIND_CITY)
        m = _CITY_OF.match(key)
        if m:
            return self._candidates(m.group(1))
        return []

    def _best(
        self, cands: list[tuple[int, float]], prefer: tuple[str, ...], admin1: tuple[str, ...]
    ) -> int:
        d = self._d
        bonus: dict[str, float] = defaultdict(float)
        for i, iso3 in enumerate(prefer):
            bonus.setdefault(iso3, max(W_COUNTRY_MIN, W_COUNTRY_FIRST - W_COUNTRY_STEP * i))
        best_row, best_score = -1, -math.inf
        for row, penalty in cands:
            score = math.log10(d.pop[row] + 100) + W_KIND[d.kind[row]] - penalty
            score += bonus.get(d.iso3[row], 0.0)
            if row in self._capitals:
                score += W_CAPITAL
            if admin1 and d.admin1[row] in admin1:
                score += W_ADMIN1
            if score > best_score:
                best_row, best_score = row, score
        return best_row


_LOCK = threading.Lock()
_INSTANCE: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, then read from the disk cache)."""
    global _INSTANCE
    if _INSTANCE is None:
        with _LOCK:
            if _INSTANCE is None:
                _INSTANCE = Gazetteer()
    return _INSTANCE
