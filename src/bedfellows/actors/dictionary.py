"""Actor and agent dictionaries, compiled to a token trie for fast matching.

Phrases are stored pre-tokenised (lower-case spaCy tokens joined by spaces),
so matching a document is a dictionary lookup per token, with no spaCy
``PhraseMatcher`` to build at start-up. The compiled form is cached by content
hash in the user cache directory (see :func:`load_default_dictionary`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .tabari import DatedCode, read_actor_file, read_agent_file

log = logging.getLogger(__name__)

DATA_FILES = (
    "supplement_actors.tsv", "actors.tsv", "supplement_agents.tsv", "agents.tsv", "countries.tsv", "open_places.tsv",
    "given_names.tsv",
)
CACHE_VERSION = "9"
#: CAMEO country codes that differ from ISO 3166-1 alpha-3 (the ``country`` field is ISO).
CAMEO_TO_ISO = {"KSV": "XKX", "TMP": "TLS", "ANG": "AGO"}
#: endings of demonyms whose plural is a plain "s" ("Afghans", "Iraqis", "Uzbeks", "Kazakhs", "Cypriots")
_DEMONYM_ENDS = ("an", "i", "k", "kh", "ot")
#: words for regions, one edit from some country's word ("Asian" / "Aswan"), never typos of it
_NOT_TYPOS = frozenset(
    "asian asians african africans european europeans arab arabs arabian western eastern latin caribbean "
    "pacific atlantic baltic balkan balkans nordic persian gulf oriental american americans".split()
)
_NEAR_DEMONYM_ENDS = ("an", "ans", "i", "is", "ese", "ish", "ic", "ch", "k", "ks", "kh", "khs", "ot", "ots")


@dataclass(frozen=True)
class ActorEntry:
    """A named actor: canonical name and date-bounded codes (first valid code wins)."""

    name: str
    codes: tuple[DatedCode, ...]
    origin: str

    def code_on(self, day: str | None) -> str | None:
        if day is None:
            # no date: the role held now (open-ended), else the most recent one
            current = [c for c in self.codes if c.end is None]
            if current:
                return current[0].code
            return max(self.codes, key=lambda c: c.end or "").code if self.codes else None
        for c in self.codes:
            if c.valid_on(day):
                return c.code
        # no code valid on that day: the last undated one, else the nearest role in time
        # reduced to its country ("a former minister" is still of that country)
        undated = [c for c in self.codes if not c.start and not c.end]
        if undated:
            return undated[-1].code
        if not self.codes:
            return None

        nearest = min(self.codes, key=lambda c: abs(_days(c.end or c.start or day) - _days(day)))
        return nearest.code[:3] + "ELI" if len(nearest.code) > 3 else nearest.code


_PERSON_ROLES = ("GOV", "ELI", "OPP", "LEG", "JUD", "MIL", "SPY", "COP")
_NOT_SURNAMES = {"jr", "sr", "iii", "ii", "the", "and", "party", "council", "ministry", "forces", "army"}


def _deletions(word: str) -> set[str]:
    """The word and its one-letter deletions: two words share one when they are one deletion,
    insertion, substitution or transposition apart (SymSpell's trick)."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are at most one insertion, deletion, substitution or adjacent
    transposition apart (shared deletion keys also pair some words two edits apart)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1 :] == shorter[i:]


def _is_person(entry: ActorEntry) -> bool:
    """People have dated roles of a country (``USAGOV@2021-02-09..``), not organisation codes."""
    dated = [c for c in entry.codes if c.start or c.end]
    return bool(dated) and all(len(c.code) == 6 and c.code[3:] in _PERSON_ROLES for c in dated)


def _days(iso: str) -> int:
    try:
        return dt.date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return 0


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    capital: str
    iso2: str


@dataclass
class ActorDictionary:
    """Token trie over actor names and agent nouns."""

    entries: list[ActorEntry] = field(default_factory=list)
    agent_codes: list[str] = field(default_factory=list)
    # first token → list of (token tuple, kind, index) sorted longest first
    trie: dict[str, list[tuple[tuple[str, ...], str, int]]] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    code_names: dict[str, str] = field(default_factory=dict)
    # surname → indexes of people with dated roles ("hicks" → Kathleen Hicks), for "Secretary Hicks"
    surnames: dict[str, list[int]] = field(default_factory=dict)
    # one-letter deletions of one-word country names and demonyms → countries ("kazaks" → KAZ)
    near_countries: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # key → (word, country)
    # waters and regions of no single country ("Red Sea", "Sahel"): names of no actor, no target's country;
    # phrase → name (``open_places.tsv``); in the trie as kind "place"
    open_places: dict[str, str] = field(default_factory=dict)
    # given names that name no one alone ("Khalid"): ``given_names.tsv``
    given_names: frozenset[str] = frozenset()

    # -- building -----------------------------------------------------------
    def add_phrase(self, tokens: tuple[str, ...], kind: str, index: int) -> None:
        if not tokens:
            return
        bucket = self.trie.setdefault(tokens[0], [])
        for existing, k, _ in bucket:
            if existing == tokens and k == kind:
                return  # the first file to define a phrase wins (supplements come first)
        bucket.append((tokens, kind, index))

    def add_actor(self, name: str, phrases: Iterable[str], codes: Sequence[DatedCode], origin: str) -> None:
        idx = len(self.entries)
        entry = ActorEntry(name, tuple(codes), origin)
        self.entries.append(entry)
        for c in codes:
            self.code_names.setdefault(c.code, name)
        for p in phrases:
            self.add_phrase(tuple(p.split()), "actor", idx)

    def add_open_place(self, name: str, phrases: Iterable[str]) -> None:
        for p in phrases:
            self.open_places[_place_key(p)] = name
            self.add_phrase(tuple(p.split()), "place", 0)

    def is_open_place(self, text: str | None) -> bool:
        """Whether a place as written ("the Red Sea", "Gulf of Aden") is a sea, strait or region
        of no single country (``open_places.tsv``)."""
        return bool(text) and _place_key(text or "") in self.open_places

    def add_agent(self, phrase: str, code: str, plurals: Iterable[str] = ()) -> None:
        idx = len(self.agent_codes)
        self.agent_codes.append(code)
        self.add_phrase(tuple(phrase.split()), "agent", idx)
        for p in plurals:
            self.add_phrase(tuple(p.split()), "agent", idx)

    def finish(self) -> None:
        for bucket in self.trie.values():
            bucket.sort(key=lambda item: (-len(item[0]), item[1] != "actor"))
        self.surnames = {}
        for bucket in self.trie.values():
            for tokens, kind, idx in bucket:
                if kind != "actor" or not 2 <= len(tokens) <= 4 or not _is_person(self.entries[idx]):
                    continue
                last = tokens[-1]
                if len(last) < 3 or not last.isalpha() or last in _NOT_SURNAMES:
                    continue
                ids = self.surnames.setdefault(last, [])
                if idx not in ids:
                    ids.append(idx)
        self._index_near_countries()

    def _index_near_countries(self) -> None:
        """Typo keys for the words news uses for countries: one-word country names and capitals,
        and demonyms ("colombian", "kazakhs"); not the dictionaries' rare variants ("francio")."""
        self.near_countries = {}
        words: dict[str, str] = {}
        for c in self.countries.values():
            for w in (c.name.lower(), c.capital.lower()):
                if " " not in w:
                    words.setdefault(w, c.iso3)
        for bucket in self.trie.values():
            for tokens, kind, idx in bucket:
                if kind != "actor" or len(tokens) != 1 or not tokens[0].endswith(_NEAR_DEMONYM_ENDS):
                    continue
                codes = self.entries[idx].codes
                if codes and codes[-1].code in self.countries and codes[-1].end is None:
                    words.setdefault(tokens[0], codes[-1].code)
        for w, iso3 in words.items():
            if len(w) >= 5 and w.isalpha():
                for key in _deletions(w):
                    self.near_countries.setdefault(key, []).append((w, iso3))

    def near_country(self, word: str) -> str | None:
        """The one country whose one-word name or demonym is a single typo away from ``word``
        ("Kazahks", "Dehli"): deletion keys, so a lookup per variant, no scan."""
        low = word.lower()
        if low in _NOT_TYPOS:
            return None
        found: set[str] = set()
        for key in _deletions(low):
            # exactly one edit: a word the dictionaries lack verbatim ("Antarctica") is left out on purpose
            found.update(c for w, c in self.near_countries.get(key, ()) if w != low and _one_edit(low, w))
        return next(iter(found)) if len(found) == 1 else None

    def person_by_surname(self, surname: str, day: str | None) -> tuple[int, str] | None:
        """The one person of that surname holding a dated role on ``day`` (now, without a day):
        "Deputy Secretary Hicks", "President Solih". None when no one, or people of several
        countries, qualify: a surname alone is a weak clue."""
        found: dict[str, tuple[int, str]] = {}
        for idx in self.surnames.get(surname, ()):
            for c in self.entries[idx].codes:
                if not (c.start or c.end):
                    continue
                if (c.end is None) if day is None else c.valid_on(day):
                    found.setdefault(c.code[:3], (idx, c.code))
                    break
        return next(iter(found.values())) if len(found) == 1 else None

    # -- lookups ------------------------------------------------------------
    def country_of(self, code: str | None) -> str | None:
        """ISO3 country of an actor code (``IRQMIL`` → IRQ; ``KSVGOV`` → XKX; ``IMGMUSISI`` → None)."""
        if not code:
            return None
        if code[:3] in self.countries:
            return code[:3]
        iso = CAMEO_TO_ISO.get(code[:3])
        return iso if iso in self.countries else None

    def name_of(self, code: str) -> str | None:
        if code in self.code_names:
            return self.code_names[code]
        country = self.countries.get(code[:3])
        return country.name if country else None


def _place_key(text: str) -> str:
    """A place phrase compared as written or as tokenised: lower case, no article, hyphens and
    spaces normalised ("Bab el-Mandeb" = "bab el - mandeb")."""
    low = " ".join(text.lower().replace("-", " - ").split())
    low = low[4:] if low.startswith("the ") else low
    return low.replace(" - ", "-")


def _read_tsv(text: str) -> Iterable[list[str]]:
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        yield line.split("\t")


def _data_text(name: str) -> str:
    return resources.files("bedfellows.data").joinpath(name).read_text(encoding="utf-8")


def build_default_dictionary() -> ActorDictionary:
    """Compile the packaged dictionaries (supplements first, so they win ties)."""
    d = ActorDictionary()
    for cols in _read_tsv(_data_text("countries.tsv")):
        iso3, name, capital, iso2 = (cols + ["", "", "", ""])[:4]
        d.countries[iso3] = Country(iso3, name, capital, iso2)
        d.code_names.setdefault(iso3, name)
    for fname in ("supplement_actors.tsv", "actors.tsv"):
        for cols in _read_tsv(_data_text(fname)):
            if len(cols) < 3:
                continue
            name, phrases, codes = cols[0], cols[1], cols[2]
            origin = cols[3] if len(cols) > 3 else fname
            dated = [DatedCode.from_text(c) for c in codes.split(";") if c]
            phrase_list = phrases.split("|")
            if dated and dated[-1].code in d.countries and dated[-1].end is None:
                # nationality nouns in the plural: "Americans", "Iraqis", "Afghans", "Uzbeks", "Cypriots"
                # (also for states with a dated history: Kazakhstan was USRKAZ before 1991)
                phrase_list += [p + "s" for p in phrase_list if " " not in p and p.endswith(_DEMONYM_ENDS)]
            d.add_actor(name, phrase_list, dated, origin)
    for fname in ("supplement_agents.tsv", "agents.tsv"):
        for cols in _read_tsv(_data_text(fname)):
            if len(cols) < 2:
                continue
            plurals = cols[2].split("|") if len(cols) > 2 and cols[2] else []
            d.add_agent(cols[0], cols[1], plurals)
    d.given_names = frozenset(cols[0].strip() for cols in _read_tsv(_data_text("given_names.tsv")) if cols[0].strip())
    for cols in _read_tsv(_data_text("open_places.tsv")):
        if len(cols) >= 2:
            d.add_open_place(cols[0], cols[1].split("|"))
    d.finish()
    _localise_regional_groups(d)
    return d


#: PETRARCH's regional prefixes for groups it did not give a country ("Kosovo Liberation Army": EEUREB)
_REGIONS = ("AFR", "ASA", "CAS", "EAF", "EEU", "LAM", "MEA", "NAF", "SAF", "SAM", "SAS", "SEA", "WAF", "WEU", "KKL")


def _localise_regional_groups(d: ActorDictionary) -> None:
    """Give a regional group the country its own name states: EEUREB "Kosovo Liberation Army" →
    KSVREB, WEUREB "Irish Republican Army" → IRLREB. Names without a country keep the region."""
    for idx, entry in enumerate(d.entries):
        if not any(c.code[:3] in _REGIONS and len(c.code) > 3 for c in entry.codes):
            continue  # groups only (EEUREB); a region itself ("South America": SAM) stays one
        country = _country_in_name(d, entry.name)
        if country is None:
            continue
        codes = tuple(
            DatedCode(country + c.code[3:], c.start, c.end) if c.code[:3] in _REGIONS and len(c.code) > 3 else c
            for c in entry.codes
        )
        d.entries[idx] = ActorEntry(entry.name, codes, entry.origin)


def _country_in_name(d: ActorDictionary, name: str) -> str | None:
    toks = name.lower().replace("-", " - ").replace("(", " ").replace(")", " ").split()
    for i, tok in enumerate(toks):
        if i > 0 and toks[i - 1] in ("latin", "south", "central", "north"):
            continue  # "Latin American" is no American
        for tokens, kind, j in d.trie.get(tok, []):
            if kind != "actor" or tuple(toks[i : i + len(tokens)]) != tokens:
                continue
            code = d.entries[j].code_on(None) or ""
            if len(code) == 3 and d.country_of(code):
                return code
    return None


def _content_hash() -> str:
    h = hashlib.sha256(CACHE_VERSION.encode())
    for name in DATA_FILES:
        h.update(_data_text(name).encode("utf-8"))
    return h.hexdigest()[:16]


def _cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("bedfellows"))


@lru_cache(maxsize=1)
def load_default_dictionary() -> ActorDictionary:
    """The packaged dictionary, from the user cache when its content hash matches."""
    path: Path | None = None
    try:
        key = _content_hash()
        path = _cache_dir() / f"actors-{key}.pickle"
        if path.exists():
            with path.open("rb") as fh:
                cached = pickle.load(fh)
            if isinstance(cached, ActorDictionary):
                return cached
    except Exception:  # noqa: BLE001 - a broken cache is rebuilt, never fatal
        log.debug("actor cache unreadable; rebuilding", exc_info=True)
        path = None
    d = build_default_dictionary()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(d, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            log.debug("cannot write actor cache", exc_info=True)
    return d


def extend_with_user_dictionaries(base: ActorDictionary, folder: Path) -> ActorDictionary:
    """A copy of ``base`` with a user's PETRARCH/TABARI files (``*.actors.txt``, ``*agents*.txt``).

    User entries come first, so they override the packaged ones.
    """
    import spacy

    tok = spacy.blank("en").tokenizer
    d = ActorDictionary(
        countries=dict(base.countries),
        code_names=dict(base.code_names),
        open_places=dict(base.open_places),
        given_names=base.given_names,
    )
    files = sorted(folder.glob("*.txt"))
    for f in files:
        low = f.name.lower()
        if "agent" in low:
            for a in read_agent_file(f):
                d.add_agent(
                    " ".join(t.lower_ for t in tok(a.phrase)),
                    a.code,
                    [" ".join(t.lower_ for t in tok(p)) for p in a.plurals],
                )
        elif "actor" in low:
            problems: list[str] = []
            for e in read_actor_file(f, problems):
                phrases = [" ".join(t.lower_ for t in tok(p)) for p in e.phrases]
                d.add_actor(e.name.title(), phrases, e.codes, f.name)
            for p in problems:
                log.warning("dictionary: %s", p)
    offset_e = len(d.entries)
    offset_a = len(d.agent_codes)
    d.entries.extend(base.entries)
    d.agent_codes.extend(base.agent_codes)
    for bucket in base.trie.values():
        for tokens, kind, idx in bucket:
            d.add_phrase(tokens, kind, idx + {"actor": offset_e, "agent": offset_a}.get(kind, 0))
    d.finish()
    return d
