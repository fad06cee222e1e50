"""Gold sets in one common form, whatever file they came in.

Each public benchmark has its own shape (PETRARCH XML validation records,
PLOVER gold-standard JSON, ConfliBERT TSV, our own required/optional/forbidden
JSON, NGEC actor-resolution cases). Readers turn each into :class:`GoldItem` s
(a sentence or article with its expected events), so one scorer serves all.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMATS = (
    "petrarch-xml",
    "petrarch-jsonl",
    "plover-gsr",
    "conflibert-tsv",
    "bedfellows-gold",
    "ngec-actors",
)


class GoldFormatError(ValueError):
    """A gold file that cannot be read: the message names the file and the reason."""


@dataclass(frozen=True)
class ActorSpec:
    """Who an expected actor may be: any of ``codes`` (full or 3-letter country) or ``aliases``.

    An empty spec is a wildcard (the gold does not say who).
    """

    codes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    exact: bool = False  # compare full actor codes (PETRARCH) instead of the country part

    @property
    def wildcard(self) -> bool:
        return not self.codes and not self.aliases

    def matches(self, actor: dict[str, Any] | None) -> bool:
        if self.wildcard:
            return True
        if not actor:
            return False
        code = (actor.get("code") or "").upper()
        if self.exact:
            if code in self.codes:
                return True
        else:
            have = {code[:3], (actor.get("country") or "").upper()} - {""}
            if have & {c[:3] for c in self.codes}:
                return True
        if self.aliases:
            hay = " ".join(str(actor.get(k) or "") for k in ("name", "code", "text")).lower()
            return any(a.lower() in hay for a in self.aliases)
        return False

    def country_only(self) -> ActorSpec:
        return ActorSpec(tuple(dict.fromkeys(c[:3] for c in self.codes)), self.aliases, False)


@dataclass(frozen=True)
class GoldEvent:
    """One expected (or forbidden) event; fields left None are not checked."""

    source: ActorSpec = field(default_factory=ActorSpec)
    target: ActorSpec = field(default_factory=ActorSpec)
    cameo: tuple[str, ...] = ()  # allowed codes or roots ("03"); empty = any
    plover: str | None = None
    quad: int | None = None
    symmetric: bool = False
    kind: str = "required"  # required | optional | forbidden
    date: str | None = None
    places: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    except_years: tuple[str, ...] = ()
    note: str = ""

    def describe(self) -> str:
        def a(s: ActorSpec) -> str:
            return "*" if s.wildcard else "|".join(s.codes + s.aliases)

        what = "|".join(self.cameo) or self.plover or (f"quad {self.quad}" if self.quad else "*")
        return f"{a(self.source)} -> {a(self.target)} {what}" + (
            f" ({self.note})" if self.note else ""
        )


@dataclass(frozen=True)
class GoldItem:
    """A sentence or article to code and what the gold expects from it."""

    id: str
    text: str
    date: str | None = None  # YYYY-MM-DD
    events: tuple[GoldEvent, ...] = ()
    noevents: bool = False  # the gold says: nothing should be coded here
    label: int | None = None  # sentence class (ConfliBERT: 0 statement .. 4 material conflict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class GoldSet:
    """A whole gold file read: its format, items, and what the coder needs to run on it."""

    name: str
    format: str
    items: list[GoldItem]
    dictionaries: str | None = None  # PETRARCH validation dictionaries the records need
    cases: list[dict[str, Any]] = field(default_factory=list)  # NGEC actor cases


def _iso(date: str | None) -> str | None:
    if not date:
        return None
    d = date.strip()
    if re.fullmatch(r"\d{8}", d):
        return f"{d[:4]}-{d[4:6]}-{d[6:]}"
    return d[:10] if re.match(r"\d{4}-\d{2}-\d{2}", d) else None


def detect_format(path: Path) -> str:
    """Guess a gold file's format from its name and first bytes."""
    name = path.name.lower()
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError as exc:
        raise GoldFormatError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    stripped = head.lstrip()
    if name.endswith(".xml") or stripped.startswith("<"):
        if "<Sentence" in head or "<Validation" in head or "<Sentences" in head:
            return "petrarch-xml"
    if name.endswith(".tsv"):
        return "conflibert-tsv"
    if stripped.startswith("["):
        if '"eventText"' in head or "PLOVER" in head:
            return "plover-gsr"
    if stripped.startswith("{"):
        first = stripped.splitlines()[0]
        if '"expected_events"' in first:
            return "petrarch-jsonl"
        if '"func"' in first and '"expect"' in first:
            return "ngec-actors"
        if '"articles"' in head:
            return "bedfellows-gold"
    raise GoldFormatError(
        f"{path}: cannot tell the gold format; pass --format (one of {', '.join(FORMATS)})"
    )


def read_gold(path: Path | str, fmt: str | None = None) -> GoldSet:
    """Read any supported gold file into a :class:`GoldSet`."""
    p = Path(path)
    if not p.is_file():
        raise GoldFormatError(f"{p}: no such gold file")
    fmt = fmt or detect_format(p)
    readers = {
        "petrarch-xml": read_petrarch_xml,
        "petrarch-jsonl": read_petrarch_jsonl,
        "plover-gsr": read_plover_gsr,
        "conflibert-tsv": read_conflibert_tsv,
        "bedfellows-gold": read_bedfellows_gold,
        "ngec-actors": read_ngec_cases,
    }
    if fmt not in readers:
        raise GoldFormatError(f"{p}: unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    try:
        return readers[fmt](p)
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, GoldFormatError):
            raise
        raise GoldFormatError(f"{p}: not a valid {fmt} file ({exc})") from exc


# ----------------------------------------------------------------- PETRARCH ----------

_SENT_RE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
_ATTR_RE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_CODING_RE = re.compile(r"<EventCoding\b([^>]*)>")
_TEXT_RE = re.compile(r"<Text>(.*?)</Text>", re.S)


def _petrarch_event(source: str, target: str, code: str) -> GoldEvent:
    def spec(c: str) -> ActorSpec:
        c = c.strip().upper()
        return ActorSpec((c,), (), True) if c and c != "---" else ActorSpec()

    return GoldEvent(spec(source), spec(target), (code.strip(),) if code.strip() else ())


def _validation_dictionaries(path: Path) -> str | None:
    """The PETR.Validate.* dictionaries live in ``../petrarch`` beside the benchmarks."""
    for cand in (path.parent, path.parent.parent / "petrarch", path.parent / "petrarch"):
        if (cand / "PETR.Validate.actors.txt").is_file():
            return str(cand)
    return None


def _unique_id(wanted: str, items: list[GoldItem]) -> str:
    """Record ids repeat in PETRARCH's file (two AGENTS-18); coded events are keyed by id."""
    taken = {it.id for it in items}
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}#{n}" in taken:
        n += 1
    return f"{wanted}#{n}"


_PARSE_RE = re.compile(r"<Parse>(.*?)</Parse>", re.S)
_RECORD_OR_CONFIG_RE = re.compile(
    r"<Sentence\b([^>]*)>(.*?)</Sentence>|<Config\b([^>]*)>", re.S
)


def read_petrarch_xml(path: Path) -> GoldSet:
    """PETRARCH ``<Sentence>`` validation records with ``<EventCoding>`` expectations.

    ``<Config option="require_dyad" ...>`` between records applies to the records after
    it, as in PETRARCH's validation run; each item carries the setting and its parse
    tree in ``extra``.
    """
    text = path.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    items: list[GoldItem] = []
    require_dyad = True
    for m_rec in _RECORD_OR_CONFIG_RE.finditer(text):
        if m_rec.group(3) is not None:
            cfg = dict(_ATTR_RE.findall(m_rec.group(3)))
            if cfg.get("option", "").lower() == "require_dyad":
                require_dyad = cfg.get("value", "true").strip().lower() != "false"
            continue
        attrs_s, body = m_rec.group(1), m_rec.group(2)
        attrs = dict(_ATTR_RE.findall(attrs_s))
        events: list[GoldEvent] = []
        noevents = False
        for coding in _CODING_RE.findall(body):
            a = dict(_ATTR_RE.findall(coding))
            if a.get("noevents", "").lower() == "true":
                noevents = True
            elif "eventcode" in a:
                events.append(
                    _petrarch_event(
                        a.get("sourcecode", ""), a.get("targetcode", ""), a["eventcode"]
                    )
                )
        m = _TEXT_RE.search(body)
        if not m:
            continue
        sent = " ".join(m.group(1).split())
        parse = _PARSE_RE.search(body)
        extra: dict[str, Any] = {"category": attrs.get("category", ""), "require_dyad": require_dyad}
        if parse:
            extra["parse"] = parse.group(1)
        items.append(
            GoldItem(
                _unique_id(attrs.get("id", f"s{len(items)}"), items),
                sent,
                _iso(attrs.get("date")),
                tuple(events),
                noevents and not events,
                extra=extra,
            )
        )
    if not items:
        raise GoldFormatError(f"{path}: no <Sentence> records with <Text>")
    return GoldSet(path.name, "petrarch-xml", items, _validation_dictionaries(path))


def read_petrarch_jsonl(path: Path) -> GoldSet:
    """The JSON Lines normalisation of the PETRARCH records (fields id, text, expected_events)."""
    items: list[GoldItem] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            events = tuple(
                _petrarch_event(e.get("source") or "", e.get("target") or "", e["code"])
                for e in r.get("expected_events", [])
            )
            items.append(
                GoldItem(
                    _unique_id(r["id"], items),
                    " ".join(r["text"].split()),
                    _iso(r.get("date")),
                    events,
                    bool(r.get("noevents")) and not events,
                    extra={
                        "category": r.get("category", ""),
                        "parse": r.get("parse") or None,
                        "require_dyad": str((r.get("config") or {}).get("require_dyad", "true"))
                        .lower()
                        != "false",
                    },
                )
            )
    return GoldSet(path.name, "petrarch-jsonl", items, _validation_dictionaries(path))


# ----------------------------------------------------------------- PLOVER ------------


# Old CAMEO country codes that the PLOVER records use where CAMEO later adopted ISO 3166 alpha-3.
CAMEO_TO_ISO3 = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "BUL": "BGR"}


def _plover_actors(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    codes = ((a.get("code") or "").upper() for a in value if a.get("code"))
    return tuple(dict.fromkeys(CAMEO_TO_ISO3.get(c, c) for c in codes))


def read_plover_gsr(path: Path) -> GoldSet:
    """PLOVER gold-standard records: one event per sentence, PLOVER type, actor country codes."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise GoldFormatError(f"{path}: expected a JSON array of PLOVER records")
    items: list[GoldItem] = []
    for r in data:
        if r.get("event") in (None, "DOCUMENT") or not r.get("text"):
            continue
        info = r.get("textInfo")
        markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")
        symmetric = "SRC/TAR" in markup
        sources = _plover_actors(r.get("source"))
        targets = _plover_actors(r.get("target"))
        if symmetric and not targets:
            targets = sources
        ev = GoldEvent(
            ActorSpec(sources),
            ActorSpec(targets),
            (),
            r["event"].upper(),
            symmetric=symmetric,
            note=r.get("eventText", ""),
        )
        items.append(
            GoldItem(
                r["id"],
                r["text"],
                _iso(r.get("date")),
                (ev,),
                extra={"mode": r.get("mode"), "context": r.get("context")},
            )
        )
    return GoldSet(path.name, "plover-gsr", items)


# ----------------------------------------------------------------- ConfliBERT --------


def read_conflibert_tsv(path: Path) -> GoldSet:
    """ConfliBERT CAMEO sentences: ``text<TAB>class`` (0 statement, 1-4 quad class)."""
    items: list[GoldItem] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            parts = line.rstrip("\n").rsplit("\t", 1)
            if len(parts) != 2 or not parts[1].strip().isdigit():
                if n == 1:
                    continue  # a header line
                raise GoldFormatError(f"{path}: line {n} is not 'sentence<TAB>class'")
            items.append(GoldItem(f"cb{n:05d}", parts[0].strip(), None, (), label=int(parts[1])))
    return GoldSet(path.name, "conflibert-tsv", items)


# ----------------------------------------------------------------- our gold ----------


def _spec(value: Any) -> ActorSpec:
    if value == "*" or not value:
        return ActorSpec()
    return ActorSpec(
        tuple(c.upper() for c in value.get("country", [])), tuple(value.get("any", []))
    )


def _examples_for(path: Path, gold: dict[str, Any]) -> Path | None:
    """Find the examples (articles) file a gold JSON scores: named in it or by convention."""
    named = gold.get("examples") or gold.get("articles_file")
    stem = path.name.split(".")[0]
    cands = [path.parent / named] if named else []
    for d in (path.parent, path.parent.parent / "examples", path.parent / "examples"):
        cands += [d / f"{stem}-set.jsonl", d / f"{stem}-article.jsonl", d / f"{stem}.jsonl"]
    return next((c for c in cands if c.is_file()), None)


def read_bedfellows_gold(path: Path, examples: Path | None = None) -> GoldSet:
    """Our own gold JSON (required / optional / forbidden per article) and its articles."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    if "articles" not in gold:
        raise GoldFormatError(f"{path}: no 'articles' key")
    ex = examples or _examples_for(path, gold)
    if ex is None:
        raise GoldFormatError(
            f"{path}: cannot find its examples file (expected examples/"
            f"{path.name.split('.')[0]}-*.jsonl beside ../gold)"
        )
    texts: dict[str, dict[str, Any]] = {}
    with ex.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                a = json.loads(line)
                texts[a["id"]] = a
    items: list[GoldItem] = []
    for aid, g in gold["articles"].items():
        if aid not in texts:
            raise GoldFormatError(f"{path}: article {aid!r} is not in {ex.name}")
        events = []
        for kind in ("required", "optional", "forbidden"):
            for e in g.get(kind, []):
                roots = tuple(e.get("roots", ["*"]))
                events.append(
                    GoldEvent(
                        _spec(e.get("source")),
                        _spec(e.get("target")),
                        () if "*" in roots else roots,
                        symmetric=bool(e.get("symmetric")),
                        kind=kind,
                        date=e.get("date"),
                        places=tuple(e.get("place", [])),
                        years=tuple(e.get("years", [])),
                        except_years=tuple(e.get("except_years", [])),
                        note=e.get("note", ""),
                    )
                )
        a = texts[aid]
        items.append(GoldItem(aid, a["text"], _iso(a.get("published")), tuple(events)))
    return GoldSet(path.name, "bedfellows-gold", items)


# ----------------------------------------------------------------- NGEC --------------


def read_ngec_cases(path: Path) -> GoldSet:
    """NGEC actor-resolution unit cases: actor text (+context, +date) → expected country.

    ``agent_to_code(text, context, query_date)``: the context (a country or demonym the
    article gives, also passed as ``known_country=``) and the date may come positionally
    or as keywords; dates are written many ways ("10 May 2015", "today").
    """
    cases: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            if r.get("func") != "agent_to_code":
                continue
            args = list(r.get("args", []))
            kwargs = r.get("kwargs") or {}
            expect = r.get("expect") or {}
            if "country" not in expect or not args:
                continue
            context = args[1] if len(args) > 1 else kwargs.get("context") or kwargs.get("known_country") or ""
            date = args[2] if len(args) > 2 else kwargs.get("query_date")
            cases.append(
                {
                    "test": r.get("test"),
                    "text": args[0],
                    "context": context or "",
                    "date": _loose_date(date),
                    "country": expect["country"] or None,
                }
            )
    return GoldSet(path.name, "ngec-actors", [], cases=cases)


def _loose_date(text: str | None) -> str | None:
    """ISO day of "2022-01-10", "20220110", "10 May 2015", "October 1, 2021"; None for "today"."""
    if not text or text.strip().lower() == "today":
        return None
    iso = _iso(text)
    if iso:
        return iso
    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def iter_articles(items: list[GoldItem]) -> Iterator[tuple[GoldItem, Any]]:
    """(item, Article) pairs for the coder; the gold id becomes the article id."""
    from ..records import Article

    for it in items:
        yield it, Article(id=it.id, text=it.text, published=it.date)
