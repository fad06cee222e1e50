"""Reader for TABARI/PETRARCH actor and agent dictionaries.

Used twice: once at build time to convert PETRARCH-2's MIT dictionaries into
the package's own files, and at run time for a user's own dictionaries
(``--dictionaries DIR``), so a team moving from PETRARCH keeps its curation.

Format (PETRARCH-2 ``PETRreader.read_actor_dictionary``):
``NAME_ [CODE]`` opens an entry; ``+SYNONYM`` lines add names; indented
``[CODE >YYYYMMDD]``, ``[CODE <YYMMDD]`` or ``[CODE DATE-DATE]`` lines give
date-bounded codes; ``#`` starts a comment. Agents: ``NOUN [~GOV]`` with
``{PLURAL}`` irregular plurals (``{}``: none) and ``!SUBST! = A, B`` macros.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DictionaryError

_CODE = re.compile(r"\[([^\]]*)\]")


@dataclass(frozen=True)
class DatedCode:
    """A code valid from ``start`` to ``end`` (ISO dates, inclusive; None = open)."""

    code: str
    start: str | None = None
    end: str | None = None

    def valid_on(self, day: str | None) -> bool:
        if day is None:
            return True
        if self.start and day < self.start:
            return False
        return not (self.end and day > self.end)

    def to_text(self) -> str:
        if not self.start and not self.end:
            return self.code
        return f"{self.code}@{self.start or ''}..{self.end or ''}"

    @classmethod
    def from_text(cls, text: str) -> DatedCode:
        if "@" not in text:
            return cls(text)
        code, rng = text.split("@", 1)
        start, end = rng.split("..", 1)
        return cls(code, start or None, end or None)


@dataclass
class ActorEntry:
    """One dictionary entry: its names and its (dated) codes."""

    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[DatedCode] = field(default_factory=list)
    line: int = 0

    @property
    def phrases(self) -> list[str]:
        return [self.name, *self.synonyms]


def parse_date(text: str) -> str:
    """TABARI dates: YYMMDD (years > 40 are 19xx) or YYYYMMDD → ISO."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise ValueError(f"bad date {text!r}")
    if len(digits) == 6:
        yy = int(digits[:2])
        digits = f"{1900 + yy if yy > 40 else 2000 + yy}{digits[2:]}"
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"


def parse_code(spec: str) -> DatedCode:
    """``IRNGOV >20130803`` / ``IRNGOV <19990101`` / ``USAGOV 010120-090120`` / ``IRN``."""
    parts = spec.split()
    if not parts:
        raise ValueError("empty code")
    code = parts[0]
    if len(parts) == 1:
        return DatedCode(code)
    rng = "".join(parts[1:])
    if rng.startswith(">"):
        return DatedCode(code, parse_date(rng[1:]), None)
    if rng.startswith("<"):
        return DatedCode(code, None, parse_date(rng[1:]))
    if "-" in rng:
        a, b = rng.split("-", 1)
        return DatedCode(code, parse_date(a), parse_date(b))
    raise ValueError(f"bad date range {rng!r}")


def phrase_text(raw: str) -> str:
    """``HASSAN_ROUHANI_`` → ``HASSAN ROUHANI`` (the trailing ``_`` marks a whole word)."""
    return " ".join(raw.replace("_", " ").split())


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def read_actor_lines(
    lines: list[str], source: str = "<actors>", problems: list[str] | None = None
) -> Iterator[ActorEntry]:
    """Entries of an actor dictionary.

    A malformed code is skipped and described in ``problems`` (file:line: why) when a
    list is given, else it raises DictionaryError: sources have a few typos in dates
    and one bad date should not cost the other 100,000 names.
    """
    current: ActorEntry | None = None

    def add(entry: ActorEntry, spec: str, lineno: int) -> None:
        try:
            entry.codes.append(parse_code(spec))
        except ValueError as exc:
            msg = f"{source}:{lineno}: {exc} in [{spec}]"
            if problems is None:
                raise DictionaryError(msg) from exc
            problems.append(msg)

    for lineno, raw in enumerate(lines, 1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            if current is None:
                raise DictionaryError(f"{source}:{lineno}: a code line before any actor name")
            for spec in _CODE.findall(stripped):
                add(current, spec, lineno)
            continue
        codes = _CODE.findall(stripped)
        names_part = _CODE.sub(" ", stripped).strip()
        if stripped.startswith("+"):
            if current is None:
                raise DictionaryError(f"{source}:{lineno}: a synonym before any actor name")
            for syn in re.split(r"\s+\+", names_part.lstrip("+")):
                syn = phrase_text(syn)
                if syn:
                    current.synonyms.append(syn)
            target = current
        else:
            if current is not None:
                yield current
            first, *rest = re.split(r"\s+\+", names_part)
            current = ActorEntry(phrase_text(first), [phrase_text(r) for r in rest if r.strip()], line=lineno)
            target = current
        for spec in codes:
            add(target, spec, lineno)
    if current is not None:
        yield current


def read_actor_file(path: Path, problems: list[str] | None = None) -> list[ActorEntry]:
    """All entries of one actor dictionary file (entries without codes are dropped)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DictionaryError(f"cannot read {path}: {exc}") from exc
    entries = read_actor_lines(text.splitlines(), str(path), problems)
    return [e for e in entries if e.codes and e.name]


@dataclass(frozen=True)
class AgentEntry:
    """An agent noun and its role code (``~GOV`` suffix or ``GOV~`` prefix form)."""

    phrase: str
    code: str
    plurals: tuple[str, ...] = ()


def _plural(word: str) -> str:
    w = word.lower()
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        return word[:-1] + "IES"
    if w.endswith(("s", "x", "ch", "sh", "z")):
        return word + "ES"
    if w.endswith("man"):
        return word[:-3] + "MEN"
    return word + "S"


def read_agent_lines(lines: list[str], source: str = "<agents>") -> Iterator[AgentEntry]:
    """Agent entries with generated plurals (TABARI rules: ``{}`` none, ``{X}`` irregular)."""
    macros: dict[str, list[str]] = {}
    for lineno, raw in enumerate(lines, 1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
        if m:
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = _CODE.findall(line)
        if not codes:
            continue
        code = codes[-1].strip()
        body = _CODE.sub(" ", line)
        plural_spec = re.search(r"\{([^}]*)\}", body)
        body = re.sub(r"\{[^}]*\}", " ", body).strip()
        if not body or not code:
            raise DictionaryError(f"{source}:{lineno}: agent line without a noun or a code")
        variants = [body]
        for macro, words in macros.items():
            if macro in body:
                variants = [v.replace(macro, w) for v in variants for w in words]
        for variant in variants:
            noun = variant.strip()
            if plural_spec is not None:
                plurals = tuple(phrase_text(p) for p in plural_spec.group(1).split() if p.strip())
            else:
                plurals = (phrase_text(_plural(noun)),)
            yield AgentEntry(phrase_text(noun), code, plurals)


def read_agent_file(path: Path) -> list[AgentEntry]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DictionaryError(f"cannot read {path}: {exc}") from exc
    return list(read_agent_lines(text.splitlines(), str(path)))
