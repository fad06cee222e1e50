"""PETRARCH-2 dictionaries in the shape the tree coder walks: word tries.

PETRARCH-2 does not match patterns against words in order, as TABARI did; it walks
a phrase-structure parse and, at each noun or preposition it meets, follows one
step in a trie built from the pattern text.  The tries here follow the pattern
language as documented in PETRARCH-2's reader (``- PRE (PREP NOUN) * POST (PREP
NOUN) [CODE]``, ``{MODIFIER HEAD}`` noun phrases, ``&SYNSET`` sets), with these
step keys:

``-``  the next word belongs to the same noun phrase (a modifier),
``,``  the next noun phrase,
``|``  a prepositional phrase follows,
``*``  the verb: what follows is looked for inside the verb phrase,
``#``  the end of the pattern: the value is the pattern's code and text.

Actors are a word trie whose ``#`` holds ``(code, date-range)`` pairs; agents a
word trie whose ``#`` holds an agent code (``~GOV``).  The same reader accepts a
user's own dictionaries of the PETRARCH-2 format.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

Trie = dict[str, Any]

END = "#"


@dataclass(frozen=True)
class DatedCode:
    """An actor code, valid from ``start`` (inclusive) to ``end`` (exclusive) when given."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def restricted(self) -> bool:
        return self.start is not None or self.end is not None

    def valid_on(self, day: dt.date) -> bool:
        if self.start is not None and day < self.start:
            return False
        return not (self.end is not None and day >= self.end)


@dataclass(frozen=True)
class LinearPattern:
    """A PETRARCH-1/TABARI pattern: words around the verb (``*``) in sentence order.

    Each element is ``(word, glued)``; ``glued`` means it must directly follow the
    element before it (``_`` in the dictionary), otherwise words may come between.
    ``+`` and ``$`` stand for the target and the source actor found at that place,
    ``^`` (skip a phrase) matches nothing, ``%`` marks a compound subject whose members
    act on each other.
    """

    before: tuple[tuple[str, bool], ...]
    after: tuple[tuple[str, bool], ...]
    verb_glued_to_before: bool
    code: str
    line: str
    compound: bool = False

    @property
    def size(self) -> int:
        return sum(1 for w, _ in self.before + self.after if w not in ("+", "$"))


@dataclass
class TreeDictionaries:
    """Everything the tree coder needs, read from PETRARCH-format files."""

    verbs: Trie = field(default_factory=dict)
    phrases: Trie = field(default_factory=dict)
    linear: dict[str, list[LinearPattern]] = field(default_factory=dict)
    actors: Trie = field(default_factory=dict)
    agents: Trie = field(default_factory=dict)
    discards: list[tuple[tuple[str, ...], bool]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- common -------------


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Lines without XML-style comments; ``#`` comments are left to each reader."""
    in_comment = False
    text = path.read_text(encoding="utf-8", errors="replace")
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw
        if in_comment:
            if "-->" not in line:
                continue
            line = line.split("-->", 1)[1]
            in_comment = False
        while "<!" in line:
            head, _, rest = line.partition("<!")
            if "-->" in rest:
                line = head + rest.split("-->", 1)[1]
            else:
                line = head
                in_comment = True
        yield n, line


def _strip_hash(line: str) -> str:
    return line.split("#", 1)[0]


def _date(value: str) -> dt.date | None:
    """PETRARCH dates: YYYYMMDD, or YYMMDD with 00-30 read as 20YY."""
    s = value.strip()
    if not s.isdigit():
        return None
    try:
        if len(s) > 7:
            return dt.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
        year = int(s[:2])
        year += 2000 if year <= 30 else 1900
        return dt.date(year, int(s[2:4]), int(s[4:6]))
    except ValueError:
        return None


_RESTRICTION = re.compile(r"^\s*([^\s\]]+)\s*(.*?)\s*$")


def _dated_code(inside: str) -> DatedCode | None:
    """``CODE``, ``CODE <950601``, ``CODE >990816``, ``CODE 19950601-19990815``."""
    m = _RESTRICTION.match(inside)
    if not m:
        return None
    code, rest = m.group(1), m.group(2).replace(" ", "")
    if not rest:
        return DatedCode(code)
    if rest.startswith("<"):
        end = _date(rest[1:])
        return DatedCode(code, None, end) if end else None
    if rest.startswith(">"):
        start = _date(rest[1:])
        return DatedCode(code, start, None) if start else None
    if "-" in rest:
        a, b = rest.split("-", 1)
        start, end = _date(a), _date(b)
        return DatedCode(code, start, end) if start and end else None
    return None


def _insert(trie: Trie, words: Iterable[str]) -> Trie:
    node = trie
    for w in words:
        node = node.setdefault(w, {})
    return node


# ---------------------------------------------------------------- actors -------------


def read_actors(path: Path, trie: Trie) -> int:
    """Actor entries: a name line, ``+SYNONYM`` lines, ``[CODE dates]`` lines or suffixes."""
    names: list[list[str]] = []
    codes: list[DatedCode] = []
    count = 0

    def flush() -> None:
        nonlocal count
        if names and codes:
            for words in names:
                node = _insert(trie, words)
                node.setdefault(END, []).extend(codes)
            count += 1

    for n, raw in _lines(path):
        line = _strip_hash(raw).strip()
        if not line:
            continue
        if line.startswith("["):
            dc = _dated_code(line[1:].split("]", 1)[0])
            if dc:
                codes.append(dc)
            else:
                log.warning("%s:%d: unreadable actor code %s", path.name, n, line)
            continue
        synonym = line.startswith("+")
        body = line[1:] if synonym else line
        code_part = ""
        if "[" in body:
            body, _, code_part = body.partition("[")
            code_part = code_part.split("]", 1)[0]
        words = body.replace("_", " ").upper().split()
        if not synonym:
            flush()
            names, codes = [], []
        if words:
            names.append(words)
        if code_part:
            dc = _dated_code(code_part)
            if dc:
                codes.append(dc)
    flush()
    return count


def actor_code(entries: list[DatedCode], day: dt.date | None) -> str | None:
    """A date-restricted code valid on ``day`` wins over the plain code; the first listed wins."""
    if day is not None:
        for e in entries:
            if e.restricted and e.valid_on(day):
                return e.code
    for e in entries:
        if not e.restricted:
            return e.code
    return None


# ---------------------------------------------------------------- agents -------------


def read_agents(path: Path, trie: Trie) -> int:
    """Agent entries ``PHRASE {PLURAL} [~CODE]`` with ``!MARKER! = A, B`` substitutions."""
    markers: dict[str, list[str]] = {}
    count = 0
    for n, raw in _lines(path):
        line = _strip_hash(raw).strip()
        if not line:
            continue
        if "!" in line and "=" in line and "[" not in line:
            name = line.split("!")[1]
            markers[name] = [x.strip() for x in line.split("=", 1)[1].split(",") if x.strip()]
            continue
        if "[" not in line:
            log.warning("%s:%d: agent without a code skipped", path.name, n)
            continue
        phrase, _, rest = line.partition("[")
        code = rest.split("]", 1)[0].strip()
        phrase = phrase.strip()
        plural: str | None
        if "{" in phrase:
            plural = phrase[phrase.find("{") + 1 : phrase.find("}")].strip()
            phrase = phrase[: phrase.find("{")].strip()
        else:
            plural = None
        forms: list[str]
        if "!" in phrase:
            parts = phrase.split("!")
            if len(parts) < 3 or parts[1] not in markers:
                log.warning("%s:%d: unknown substitution marker", path.name, n)
                continue
            forms = [parts[0] + s + "!".join(parts[2:]) for s in markers[parts[1]]]
        else:
            if plural is None:
                if phrase.endswith("Y"):
                    plural = phrase[:-1] + "IES"
                elif phrase.endswith("S"):
                    plural = phrase + "ES"
                else:
                    plural = phrase + "S"
            forms = [phrase] + ([plural] if plural else [])
        for form in forms:
            words = form.replace("_", " ").upper().split()
            if words:
                _insert(trie, words)[END] = code
        count += 1
    return count


# ---------------------------------------------------------------- discards -----------


def read_discards(path: Path, out: list[tuple[tuple[str, ...], bool]]) -> int:
    """Discard phrases; a leading ``+`` discards the whole story, not only the sentence."""
    before = len(out)
    for _, raw in _lines(path):
        line = _strip_hash(raw).strip()
        if not line:
            continue
        story = line.startswith("+")
        words = tuple(line.lstrip("+").upper().split())
        if words:
            out.append((words, story))
    return len(out) - before


# ---------------------------------------------------------------- verbs --------------


def _plural_noun(word: str) -> str | None:
    if word.endswith("_") or word.startswith("{") or word.endswith(" "):
        return None
    if word.endswith("Y"):
        return word[:-1] + "IES"
    if word.endswith("S"):
        return word[:-1] + "ES"
    return word + "S"


def _verb_forms(stem: str) -> list[str]:
    """The regular forms PETRARCH-2 generates for a verb listed without ``{...}``."""
    if stem.endswith(("S", "X", "Z")):
        forms = [stem + "ES"]
    elif stem.endswith("Y"):
        forms = [stem[:-1] + "IES"]
    else:
        forms = [stem + "S"]
    forms.append(stem + "D" if stem.endswith("E") else stem + "ED")
    if stem.endswith("E") and len(stem) > 1 and stem[-2] not in "AEIOU":
        forms.append(stem[:-1] + "ING")
    else:
        forms.append(stem + "ING")
    return forms


NounSpec = str | tuple[str, list[str]]


def _nouns(elements: list[str]) -> list[NounSpec]:
    """Plain words are noun heads; ``{A B HEAD}`` is a head with modifiers."""
    out: list[NounSpec] = []
    modifiers: list[str] = []
    open_np = False
    for el in elements:
        if el.endswith("}") and (open_np or el.startswith("{")):
            word = el.strip("{}")
            if not open_np:
                out.append(word)
            else:
                out.append((word, modifiers))
            modifiers, open_np = [], False
        elif open_np:
            modifiers.append(el)
        elif el.startswith("{"):
            modifiers = [el[1:]]
            open_np = True
        else:
            out.append(el)
    return out


def _segment(elements: list[str]) -> tuple[list[NounSpec], list[tuple[str, list[NounSpec]]]]:
    """Split a pattern side into noun phrases and ``(PREP NOUN...)`` phrases."""
    outside: list[str] = []
    preps: list[list[str]] = []
    current: list[str] | None = None
    for el in elements:
        if current is None and el.startswith("("):
            current = [el[1:]]
            if el.endswith(")"):
                current[-1] = current[-1][:-1]
                preps.append(current)
                current = None
        elif current is not None:
            if el.endswith(")"):
                current.append(el[:-1])
                preps.append(current)
                current = None
            else:
                current.append(el)
        else:
            outside.append(el)
    if current is not None:
        preps.append(current)
    prep_specs = [(p[0], _nouns([w for w in p[1:] if w])) for p in preps if p and p[0]]
    return _nouns(outside), prep_specs


def _add_nouns(node: Trie, nouns: list[NounSpec], dash_first: bool) -> Trie:
    for k, noun in enumerate(nouns):
        if isinstance(noun, str):
            if dash_first:
                node = node.setdefault("-", {})
            node = node.setdefault(noun, {})
        else:
            head, mods = noun
            if dash_first:
                node = node.setdefault("-", {})
            node = node.setdefault(head, {})
            for m in mods:
                node = node.setdefault("-", {}).setdefault(m, {})
        if k + 1 < len(nouns):
            node = node.setdefault(",", {})
    return node


class _VerbReader:
    """Reads the CAMEO 2.0 verb-dictionary format (PETRARCH-2's ``CAMEO.2.0.txt``)."""

    def __init__(
        self, verbs: Trie, phrases: Trie, name: str, linear: dict[str, list[LinearPattern]]
    ) -> None:
        self.verbs, self.phrases, self.name = verbs, phrases, name
        self.linear = linear
        self.old_format = False
        self.synsets: dict[str, list[str]] = {}
        self.meaning = ""
        self.block_code = ""
        self.synset_name = ""
        self.synset_open = False
        self.no_plural: set[str] = set()
        self.patterns = 0

    def feed(self, path: Path) -> int:
        text = path.read_text(encoding="utf-8", errors="replace")
        # CAMEO 2.0 files mark their pattern section; PETRARCH-1 files are read TABARI-style.
        self.old_format = "####### VERB PATTERNS" not in text
        for n, raw in enumerate(text.splitlines(), 1):
            line = raw.rstrip()
            if line.startswith("<!"):
                continue
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                self._line(line)
            except (IndexError, ValueError) as exc:
                log.warning("%s:%d: skipped (%s): %s", self.name, n, exc, line.strip())
        return self.patterns

    def _line(self, line: str) -> None:
        if line.startswith("---"):
            segs = line.split()
            self.meaning = segs[1] if len(segs) > 1 else ""
            self.block_code = segs[2] if len(segs) > 2 and segs[2].startswith("[") else "[---]"
        elif line.startswith("-"):
            self._pattern(line)
        elif line.startswith("&"):
            name = _strip_hash(line).split()[0]
            # "&NAME_" declares a set without plurals; patterns write it "&NAME".
            self.synset_name = name.rstrip("_")
            if name.endswith("_"):
                self.no_plural.add(self.synset_name)
            self.synsets.setdefault(self.synset_name, [])
            self.synset_open = True
            return
        elif line.startswith("+") and self.synset_open:
            term = _strip_hash(line).strip()[1:].strip()
            if "_" in term or " " in term:
                words = term.replace("_", " ").split()
                term = "{" + " ".join(words) + "}" if len(words) > 1 else words[0] + "_"
            self.synsets[self.synset_name].append(term)
            return
        elif line.startswith("~"):
            return  # verb transformations: not read (see module docstring of coder)
        else:
            self._verb(line)
        self.synset_open = False

    def _expand(self, pattern: str) -> list[str]:
        names = [w.strip("{}()") for w in pattern.split() if w.strip("{(").startswith("&")]
        if not names:
            return [pattern]
        name = names[0].rstrip("_")
        if name not in self.synsets:
            log.warning("%s: undefined synset %s", self.name, name)
            return []
        out: list[str] = []
        no_plural = name in self.no_plural
        written = names[0]
        for word in self.synsets[name]:
            out += self._expand(pattern.replace(written, word.rstrip("_"), 1))
            plural = None if no_plural else _plural_noun(word)
            if plural:
                out += self._expand(pattern.replace(written, plural, 1))
        return out

    def _linear(self, line: str, body: str) -> None:
        for pat in self._expand(body):
            tokens = pat.replace("{", "").replace("}", "").split()
            if not tokens or not tokens[-1].startswith("["):
                continue
            code = tokens.pop()[1:-1]
            elements: list[tuple[str, bool]] = []
            for tok in tokens:
                for k, word in enumerate(w for w in tok.split("_") if w):
                    elements.append((word, k > 0))
            keep = [e for e in elements if e[0] not in ("^", "%")]
            i = next((k for k, e in enumerate(keep) if e[0] == "*"), -1)
            if i < 0:
                continue
            compound = any(w == "%" for w, _ in elements)
            self.linear.setdefault(self.meaning, []).append(
                LinearPattern(
                    tuple(keep[:i]), tuple(keep[i + 1 :]), keep[i][1], code, line.strip(), compound
                )
            )
            self.patterns += 1

    def _pattern(self, line: str) -> None:
        body = _strip_hash(line[1:])
        if self.old_format:
            self._linear(line, body)
            return
        for pat in self._expand(body):
            if "*" not in pat:
                continue
            pre_s, post_s = pat.split("*", 1)
            post_el = post_s.split()
            if not post_el or not post_el[-1].startswith("["):
                continue
            code = post_el.pop()[1:-1]
            pre = _segment(pre_s.split())
            post = _segment(post_el)
            node = self.phrases.setdefault(self.meaning, {})
            if pre[0]:
                node = _add_nouns(node, pre[0], dash_first=False)
            if pre[1]:
                node = node.setdefault("|", {})
                for prep, nouns in pre[1]:
                    node = node.setdefault(prep, {})
                    node = _add_nouns(node, nouns, dash_first=True)
            if post[0] or post[1]:
                node = node.setdefault("*", {})
                if post[0]:
                    node = _add_nouns(node, post[0], dash_first=False)
                for prep, nouns in post[1]:
                    node = node.setdefault("|", {}).setdefault(prep, {})
                    node = _add_nouns(node, nouns, dash_first=True)
            node[END] = {"code": code, "line": line.strip()}
            self.patterns += 1

    def _verb(self, line: str) -> None:
        word = _strip_hash(line)
        words = word.replace("}", "").replace("{", "").split()
        if not words:
            return
        code = self.block_code
        if words[-1].startswith("["):
            code = words.pop()
        if not words:
            return

        def split_compound(w: str) -> tuple[list[str], str, list[str]]:
            if "_" not in w or "+" not in w:
                return [], w.replace("_", " ").split()[0] if w.strip("_") else w, []
            before, after = w.split("+", 1)
            parts = after.split("_")
            return [x for x in before.split("_") if x], parts[0], [x for x in parts[1:] if x]

        front, stem, back = split_compound(words[0])
        if len(words) == 1 and "{" not in word:
            words += _verb_forms(stem)
        for w in words:
            if "_" in w:
                front, wstem, back = split_compound(w)
            else:
                wstem = w
            node = self.verbs.setdefault(wstem, {})
            for item in back:
                node = node.setdefault(item, {})
            node = node.setdefault(END, {})
            for item in front:
                node = node.setdefault(item, {})
            node.setdefault(END, {"code": code[1:-1], "meaning": self.meaning, "line": line.strip()})


def read_verbs(
    path: Path, verbs: Trie, phrases: Trie, linear: dict[str, list[LinearPattern]]
) -> int:
    """Read a verb dictionary: CAMEO 2.0 patterns into tries, PETRARCH-1 ones as sequences."""
    return _VerbReader(verbs, phrases, path.name, linear).feed(path)


# ---------------------------------------------------------------- loading ------------


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if "discard" in name:
        return "discards"
    if "agent" in name:
        return "agents"
    if "actor" in name:
        return "actors"
    if "verb" in name or name.startswith("cameo"):
        return "verbs"
    return None


def load_tree_dictionaries(paths: Iterable[Path | str]) -> TreeDictionaries:
    """Read PETRARCH-2 dictionary files, each recognised by its name (actors, agents, verbs, discards)."""
    d = TreeDictionaries()
    for p in paths:
        path = Path(p)
        kind = _kind(path)
        if kind == "actors":
            read_actors(path, d.actors)
        elif kind == "agents":
            read_agents(path, d.agents)
        elif kind == "verbs":
            read_verbs(path, d.verbs, d.phrases, d.linear)
        elif kind == "discards":
            read_discards(path, d.discards)
        else:
            log.warning("%s: not a dictionary file name this reader knows; skipped", path.name)
            continue
        d.sources.append(path.name)
    return d


def validation_dictionaries(folder: Path) -> TreeDictionaries:
    """The PETR.Validate.* set the PETRARCH unit-test records are coded with (2.0 verb format)."""
    verbs = folder / "PETR.Validate.verbs.txt"  # the records' <Environment> names this one
    return load_tree_dictionaries(
        [
            folder / "PETR.Validate.actors.txt",
            folder / "PETR.Validate.agents.txt",
            verbs,
            folder / "PETR.Validate.discards.txt",
        ]
    )
