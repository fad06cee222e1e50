"""PETRARCH/TABARI verb dictionaries: read them, match them on a spaCy dependency parse.

The CAMEO verb dictionary (PETRARCH-2 ``CAMEO.2.0.txt``, MIT) is the accumulated
knowledge of twenty years of event coding: which verbs, with which objects and
prepositional phrases, mean which CAMEO event.  PETRARCH matched its patterns on
a Penn Treebank parse; here the same patterns are matched on spaCy's
dependency parse, so the dictionaries stay data that users can read and extend
(``--dictionaries DIR``) instead of being rewritten as code.

File format (read by :func:`read_verb_file`)::

    &SYNSET                    synonym set: following ``+WORD`` lines are members
    +WORD / +TWO_WORDS         (``_`` joins words; trailing ``_``: no plural)
    ---  BLOCKNAME  [code]  ---   a verb block with its default code
    VERB {IRREGULAR FORMS} [code]  a verb of the block (own default code optional)
    +CORDON_OFF / RE_+ARREST   a multi-word verb; ``+`` marks the word that is the verb
    - pre words * post words  [code]  # comment   a pattern of the block

In patterns ``*`` is the verb, plain words are noun heads, ``{A B}`` a noun
phrase with head ``B``, ``(PREP nouns)`` a prepositional phrase, ``&NAME`` a
synset, ``$``/``+`` the source/target slot, ``%`` (compound) and ``^`` (skip)
are accepted and ignored.  ``[---]`` means "explicitly no event"; ``[a:b]`` is a
TABARI paired code: ``a`` from source to target, ``b`` from target back to source.

Approximations (documented, deliberate): words are matched on lemma or
lower-case form; modifiers of a noun phrase may sit anywhere in the head's
subtree; multi-word synset members match on their last word with the others in
the subtree; the most specific matching pattern wins, ties go to file order.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Token

log = logging.getLogger(__name__)

#: Bump when the compiled form changes, so stale caches are not reused.
COMPILED_FORMAT = 3
DEFAULT_RESOURCE = "cameo_verbs.txt"
#: bedfellows' corrections, merged over the CAMEO.2.0 file (blocks named BF_...).
CORRECTIONS_RESOURCE = "bedfellows_verbs.txt"

Alt = tuple[str, ...]  # words of one alternative, head last
Slot = tuple[Alt, ...]  # alternatives (synset members) for one word position


@dataclass(frozen=True)
class VerbMatch:
    """What the dictionary says a verb means here, and which rule said so."""

    code: str | None  # CAMEO code, None for [---] (explicitly no event)
    rule: str  # e.g. "CAMEO.2.0:APPREHEND:- * &WEAPON [1711]" or "CAMEO.2.0:APPREHEND:default"
    verb_block: str
    source_slot: Token | None = None  # token filling `$` if the pattern has one
    target_slot: Token | None = None  # token filling `+`
    paired_code: str | None = None  # TABARI [a:b]: code of the reverse event (target -> source)
    specificity: float = 0.0  # how much of the pattern matched (0 for the verb default)


@dataclass(frozen=True)
class NounEl:
    """A noun element of a pattern; ``role`` is set for the `$`/`+` slots instead of words."""

    head: Slot = ()
    mods: tuple[Slot, ...] = ()
    role: str | None = None  # "source" | "target"

    @property
    def weight(self) -> float:
        return (
            0.0 if self.role else 1.0 + 0.5 * len(self.mods) + 0.25 * (max((len(a) for a in self.head), default=1) - 1)
        )


@dataclass(frozen=True)
class PrepEl:
    """``(PREP nouns...)``: a preposition and the nouns it governs."""

    prep: str
    nouns: tuple[NounEl, ...] = ()

    @property
    def weight(self) -> float:
        return 0.75 + sum(n.weight for n in self.nouns)


@dataclass(frozen=True)
class Pattern:
    """One ``- ... * ... [code]`` line of a verb block, parsed."""

    block: str
    pre_nouns: tuple[NounEl, ...]
    pre_preps: tuple[PrepEl, ...]
    post_nouns: tuple[NounEl, ...]
    post_preps: tuple[PrepEl, ...]
    code: str | None
    paired_code: str | None
    line: str
    order: int

    @cached_property
    def needed_words(self) -> tuple[frozenset[str], ...]:
        """For each worded element, the head words one of which the sentence must contain.

        A cheap necessary condition checked before the parse-based match: most patterns
        of a block name nouns that are simply not in the sentence.
        """
        out: list[frozenset[str]] = []
        els = [*self.pre_nouns, *self.post_nouns]
        for prep in (*self.pre_preps, *self.post_preps):
            out.append(frozenset({prep.prep}))
            els.extend(prep.nouns)
        for el in els:
            if el.role is None and el.head:
                out.append(frozenset(alt[-1] for alt in el.head))
        return tuple(out)

    def possible_in(self, words: set[str]) -> bool:
        return all(not need.isdisjoint(words) for need in self.needed_words)

    @property
    def specificity(self) -> float:
        """Words matched count 1 each (modifiers 0.5, bare prepositions 0.75); words
        before the verb count 0.9 so that, all else equal, what is done to the object
        decides (PETRARCH-2 matches the lower, post-verb part first)."""
        post: tuple[NounEl | PrepEl, ...] = (*self.post_nouns, *self.post_preps)
        pre: tuple[NounEl | PrepEl, ...] = (*self.pre_nouns, *self.pre_preps)
        roles = sum(1 for e in (*self.pre_nouns, *self.post_nouns) if e.role)
        return sum(e.weight for e in post) + 0.9 * sum(e.weight for e in pre) + 0.1 * roles


@dataclass(frozen=True)
class VerbEntry:
    """One verb of a block: its base form, own default code, and multi-word parts."""

    block: str
    base: str  # lower-case, words joined by spaces ("cordon off", "re arrest")
    code: str | None
    paired_code: str | None
    has_code: bool  # the verb line carried its own [code]
    front: tuple[str, ...] = ()  # words before the verb word ("re" in RE_+ARREST)
    back: tuple[str, ...] = ()  # words after it ("off" in +CORDON_OFF)


@dataclass
class VerbDictionary:
    """A compiled verb dictionary: verb forms → entries, block → patterns."""

    name: str = "verbs"
    forms: dict[str, list[VerbEntry]] = field(default_factory=dict)
    blocks: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    patterns: dict[str, list[Pattern]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    # -- queries -------------------------------------------------------------------
    def __contains__(self, lemma: object) -> bool:
        return isinstance(lemma, str) and _norm(lemma) in self.forms

    def __len__(self) -> int:
        return len({(e.block, e.base) for es in self.forms.values() for e in es})

    def entries(self, verb: Token) -> list[VerbEntry]:
        """Entries whose verb word and multi-word parts fit ``verb`` (multi-word first)."""
        keys = dict.fromkeys(
            k
            for k in (
                # surface form first: dictionaries list irregular forms on purpose
                # (PETRARCH's LEFT [032:033] is not LEAVE [012])
                _norm(verb.text),
                _norm(verb.lemma_),
                _norm(verb.text.lower().replace("-", "")),
            )
            if k
        )
        multi: list[VerbEntry] = []
        single: list[VerbEntry] = []
        for key in keys:
            for entry in self.forms.get(key, ()):
                if entry.front or entry.back:
                    if _multiword_fits(verb, entry) and entry not in multi:
                        multi.append(entry)
                elif entry not in single:
                    single.append(entry)
        return multi + single

    def match(self, verb: Token) -> VerbMatch | None:
        """The code of ``verb`` in its sentence: the most specific matching pattern of
        its block, else the verb's default code; None when the verb is not in the dictionary."""
        entries = self.entries(verb)
        if not entries:
            return None
        entry = entries[0]
        ctx = _Context(verb)
        words = _doc_words(verb)
        best: tuple[float, int, Pattern, dict[str, Token]] | None = None
        for pat in self.patterns.get(entry.block, ()):
            if not pat.possible_in(words):
                continue
            found = _match_pattern(pat, ctx)
            if found is None:
                continue
            slots, spec = found
            if best is None or spec > best[0] or (spec == best[0] and pat.order < best[1]):
                best = (spec, pat.order, pat, slots)
        if best is not None:
            spec, _, pat, slots = best
            return VerbMatch(
                pat.code,
                f"{self.name}:{entry.block}:{pat.line}",
                entry.block,
                slots.get("source"),
                slots.get("target"),
                pat.paired_code,
                spec,
            )
        return VerbMatch(
            entry.code,
            f"{self.name}:{entry.block}:default",
            entry.block,
            None,
            None,
            entry.paired_code,
            0.0,
        )

    def merged(self, other: VerbDictionary) -> VerbDictionary:
        """This dictionary with ``other``'s blocks added (other wins for verbs it defines)."""
        out = VerbDictionary(f"{self.name}+{other.name}", {}, dict(self.blocks), dict(self.patterns))
        for k, es in self.forms.items():
            out.forms[k] = list(es)
        for k, es in other.forms.items():
            out.forms[k] = list(es) + [e for e in out.forms.get(k, []) if e not in es]
        out.blocks.update(other.blocks)
        out.patterns.update(other.patterns)
        return out


# ------------------------------------------------------------------ reading -----------

_CODE_RE = re.compile(r"\[([^\]]*)\]\s*$")
_TOKEN_RE = re.compile(r"[(){}]|[^\s(){}]+")


def _norm(word: str) -> str:
    return word.strip().lower().replace("_", " ")


def _parse_code(raw: str) -> tuple[str | None, str | None]:
    """``[042:043]`` → ("042", "043"); ``[---]`` → (None, None); ``[:173]`` → (None, "173")."""
    raw = raw.strip()
    first, _, second = raw.partition(":")

    def clean(c: str) -> str | None:
        c = c.strip()
        return None if not c or set(c) <= {"-"} else c

    return clean(first), clean(second)


def _plural(word: str) -> str | None:
    if not word or word.endswith("_"):
        return None
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _strip_comments(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Lines without ``#`` comments, ``;`` TABARI comments and ``<!-- -->`` blocks."""
    in_xml = False
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if in_xml:
            if "-->" in line:
                in_xml = False
                line = line.split("-->", 1)[1]
            else:
                continue
        while "<!--" in line:
            pre, _, rest = line.partition("<!--")
            if "-->" in rest:
                line = pre + rest.split("-->", 1)[1]
            else:
                line, in_xml = pre, True
        if line.lstrip().startswith("#"):
            continue
        line = re.split(r"\s#|^#|\s;", line, maxsplit=1)[0]
        if line.strip():
            yield n, line.rstrip()


def _inflections(stem: str) -> list[str]:
    """Regular English forms PETRARCH generates for a verb without ``{...}``."""
    forms = [stem]
    if stem.endswith(("s", "x", "z", "ch", "sh")):
        forms.append(stem + "es")
    elif stem.endswith("y") and len(stem) > 1 and stem[-2] not in "aeiou":
        forms.append(stem[:-1] + "ies")
    else:
        forms.append(stem + "s")
    if stem.endswith("e"):
        forms.append(stem + "d")
    elif stem.endswith("y") and len(stem) > 1 and stem[-2] not in "aeiou":
        forms.append(stem[:-1] + "ied")
    else:
        forms.append(stem + "ed")
    if stem.endswith("e") and len(stem) > 2 and stem[-2] not in "aeiou":
        forms.append(stem[:-1] + "ing")
    else:
        forms.append(stem + "ing")
    return forms


def _split_multi(word: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """``RE_+ARREST`` → (("re",), "arrest", ()); ``+CORDON_OFF`` → ((), "cordon", ("off",))."""
    parts = [p for p in word.lower().split("_")]
    idx = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    verb = parts[idx].lstrip("+")
    return tuple(p for p in parts[:idx] if p), verb, tuple(p for p in parts[idx + 1 :] if p)


class _Reader:
    """State machine over a PETRARCH-1/2 verb file."""

    def __init__(self, name: str) -> None:
        self.d = VerbDictionary(name)
        self.synsets: dict[str, list[Alt]] = {}
        self.raw_patterns: list[tuple[str, str, int]] = []  # (block, line, lineno)
        self.block = ""
        self.block_code: tuple[str | None, str | None] = (None, None)
        self.synset: str | None = None

    def feed(self, lines: Iterable[str]) -> VerbDictionary:
        for n, line in _strip_comments(lines):
            s = line.strip()
            if s.startswith("---"):
                self._block(s, n)
            elif s.startswith("&"):
                self.synset = s.split()[0].upper()
                self.synsets.setdefault(self.synset, [])
            elif s.startswith("+") and self.synset is not None:
                self._member(s)
            elif s.startswith("-"):
                self.synset = None
                if self.block:
                    self.raw_patterns.append((self.block, s, n))
                else:
                    self._warn(n, "pattern outside a verb block")
            elif s.startswith("~") or s.startswith("<"):
                continue  # PETRARCH-2 transformations / stray tags: not used here
            else:
                self.synset = None
                if self.block:
                    self._verb(s, n)
                else:
                    self._warn(n, f"verb line outside a verb block: {s[:40]!r}")
        for order, (block, line, n) in enumerate(self.raw_patterns):
            try:
                pat = self._pattern(block, line, order)
            except ValueError as exc:
                self._warn(n, f"pattern skipped ({exc}): {line.strip()[:60]}")
                continue
            self.d.patterns.setdefault(block, []).append(pat)
        return self.d

    def _warn(self, n: int, msg: str) -> None:
        self.d.warnings.append(f"line {n}: {msg}")

    def _block(self, s: str, n: int) -> None:
        body = s.strip("- ").strip()
        m = re.search(r"\[([^\]]*)\]", body)
        name = (body[: m.start()] if m else body).strip().split()
        if not name:
            self._warn(n, "verb block without a name")
            return
        self.block = name[0].upper()
        self.block_code = _parse_code(m.group(1)) if m else (None, None)
        self.d.blocks[self.block] = self.block_code
        self.synset = None

    def _member(self, s: str) -> None:
        assert self.synset is not None
        term = s[1:].strip()
        no_plural = term.endswith("_") or self.synset.endswith("_")
        term = term.rstrip("_")
        if term.startswith("&"):  # embedded synset (TABARI)
            self.synsets[self.synset].extend(self.synsets.get(term.upper(), []))
            return
        words = tuple(w for w in re.split(r"[\s_]+", term.lower()) if w)
        if not words:
            return
        alts = [words]
        plural = None if no_plural else _plural(words[-1])
        if plural:
            alts.append((*words[:-1], plural))
        self.synsets[self.synset].extend(alts)

    def _verb(self, s: str, n: int) -> None:
        code: tuple[str | None, str | None] = self.block_code
        has_code = False
        m = _CODE_RE.search(s)
        if m:
            code, has_code = _parse_code(m.group(1)), True
            s = s[: m.start()]
        irregular: list[str] | None = None
        if "{" in s:
            s, _, rest = s.partition("{")
            irregular = rest.replace("}", " ").split()
        words = s.split()
        if not words:
            return
        primary = words[0]
        front, verb, back = _split_multi(primary)
        if not verb:
            self._warn(n, f"cannot read verb {primary!r}")
            return
        base = " ".join((*front, verb, *back))
        entry = VerbEntry(self.block, base, code[0], code[1], has_code, front, back)
        forms: list[str] = []
        if irregular is not None:
            forms = [verb] + [_split_multi(w)[1] for w in irregular]
        else:
            forms = _inflections(verb)
        for form in dict.fromkeys(forms):
            self._add_form(form, entry)
        if front and not back:  # "re-arrest" / "rearrest" as one token
            for form in dict.fromkeys(forms):
                joined = VerbEntry(self.block, base, code[0], code[1], has_code)
                self._add_form("".join(front) + form, joined)
                self._add_form("-".join((*front, form)), joined)

    def _add_form(self, form: str, entry: VerbEntry) -> None:
        bucket = self.d.forms.setdefault(form, [])
        if entry not in bucket:
            bucket.append(entry)

    # -- patterns ------------------------------------------------------------------
    def _pattern(self, block: str, line: str, order: int) -> Pattern:
        m = _CODE_RE.search(line)
        if not m:
            raise ValueError("no [code]")
        code, paired = _parse_code(m.group(1))
        body = line[: m.start()].strip()
        assert body.startswith("-")
        body = body[1:]
        body = re.sub(r"(?<=\w)_\*|\*_(?=\w)", " * ", body)
        if body.count("*") != 1:
            raise ValueError("pattern needs exactly one *")
        pre_s, post_s = body.split("*")
        pre_n, pre_p = self._segment(pre_s, side="pre")
        post_n, post_p = self._segment(post_s, side="post")
        shown = "- " + " ".join(body.split()) + f" [{m.group(1).strip()}]"
        return Pattern(block, pre_n, pre_p, post_n, post_p, code, paired, shown, order)

    def _slot(self, word: str) -> Slot:
        word = word.strip().lower()
        if word.startswith("&"):
            name = word.upper()
            for cand in (name, name + "_", name.rstrip("_")):
                if cand in self.synsets:
                    return tuple(self.synsets[cand])
            raise ValueError(f"undefined synset {name}")
        return ((word,),)

    def _noun(self, words: list[str]) -> NounEl | None:
        """Words of one noun phrase (head last) → element; `$`/`+` give a slot element."""
        parts: list[str] = []
        for w in words:
            parts.extend(p for p in w.split("_") if p)
        role = None
        kept = []
        for p in parts:
            if p == "$":
                role = "source"
            elif p == "+":
                role = "target"
            elif p in {"%", "^"}:
                continue
            else:
                kept.append(p)
        if role and not kept:
            return NounEl(role=role)
        if not kept:
            return None
        return NounEl(self._slot(kept[-1]), tuple(self._slot(k) for k in kept[:-1]), None)

    def _segment(self, text: str, side: str) -> tuple[tuple[NounEl, ...], tuple[PrepEl, ...]]:
        toks = _TOKEN_RE.findall(text)
        nouns: list[NounEl] = []
        preps: list[PrepEl] = []
        i = 0

        def read_group(i: int, closer: str) -> tuple[list[str], int]:
            out: list[str] = []
            while i < len(toks) and toks[i] != closer:
                if toks[i] not in "{}()":
                    out.append(toks[i])
                i += 1
            return out, i + 1

        while i < len(toks):
            t = toks[i]
            if t == "{":
                words, i = read_group(i + 1, "}")
                el = self._noun(words)
                if el:
                    nouns.append(el)
            elif t == "(":
                # a prepositional phrase: PREP, then nouns or {noun phrases}
                j = i + 1
                inner: list[NounEl] = []
                prep = ""
                while j < len(toks) and toks[j] != ")":
                    if toks[j] == "{":
                        words, j = read_group(j + 1, "}")
                        el = self._noun(words)
                        if el:
                            inner.append(el)
                        continue
                    if toks[j] not in "{}(":
                        if not prep:
                            prep = toks[j].lower()
                        else:
                            el = self._noun([toks[j]])
                            if el:
                                inner.append(el)
                    j += 1
                i = j + 1
                if prep and prep not in {"^", "%"}:
                    if prep.startswith("&"):
                        raise ValueError("synset as preposition")
                    preps.append(PrepEl(prep, tuple(inner)))
            elif t in {"}", ")"}:
                i += 1
            else:
                el = self._noun([t])
                if el:
                    nouns.append(el)
                i += 1
        return tuple(nouns), tuple(preps)


def _parse_lines(lines: Iterable[str], name: str) -> VerbDictionary:
    d = _Reader(name).feed(lines)
    if d.warnings:
        log.debug("%s: %d dictionary lines skipped, first: %s", name, len(d.warnings), d.warnings[0])
    return d


def _cache_dir() -> Path:
    env = os.environ.get("BEDFELLOWS_CACHE_DIR")
    if env:
        return Path(env) / "verbs"
    import platformdirs

    return Path(platformdirs.user_cache_dir("bedfellows")) / "verbs"


def _compile_cached(data: bytes, name: str) -> VerbDictionary:
    """Parse ``data`` once; later loads unpickle the compiled form keyed by content hash."""
    digest = hashlib.sha256(data + f"|{COMPILED_FORMAT}|{name}".encode()).hexdigest()[:24]
    path = _cache_dir() / f"{name}-{digest}.pickle"
    try:
        with path.open("rb") as fh:
            obj = pickle.load(fh)
        if isinstance(obj, VerbDictionary):
            return obj
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    d = _parse_lines(data.decode("utf-8", errors="replace").splitlines(), name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(d, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only home must not stop coding
        log.debug("verb cache not written (%s)", exc)
    return d


def read_verb_file(path: Path | str, name: str | None = None) -> VerbDictionary:
    """Read a user's PETRARCH/TABARI verb file (``--dictionaries DIR``); compiled and cached."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        from ..errors import InputError

        raise InputError(f"{p}: cannot read verb dictionary ({exc.strerror or exc})") from exc
    return _compile_cached(data, name or re.sub(r"\.(verbs\.)?txt$", "", p.name))


_DEFAULT: VerbDictionary | None = None


def load_default_verbs() -> VerbDictionary:
    """The packaged CAMEO verb dictionary (converted from PETRARCH-2 CAMEO.2.0.txt, MIT), with
    bedfellows' corrections (``bedfellows_verbs.txt``) over it."""
    global _DEFAULT
    if _DEFAULT is None:
        folder = resources.files("bedfellows").joinpath("data/verbs")
        base = _compile_cached(folder.joinpath(DEFAULT_RESOURCE).read_bytes(), "CAMEO.2.0")
        fixes = _compile_cached(folder.joinpath(CORRECTIONS_RESOURCE).read_bytes(), "bedfellows")
        _DEFAULT = base.merged(fixes)
        _DEFAULT.name = base.name  # rules keep naming CAMEO.2.0; the corrections' blocks say BF_
    return _DEFAULT


def convert_verb_file(src: Path, dst: Path, header: str) -> int:
    """Write ``src`` as a normalised verb file: comments dropped, blank runs squeezed,
    duplicate patterns removed, ``header`` (licence and attribution) on top. Returns lines."""
    out: list[str] = [*(f"# {h}".rstrip() for h in header.splitlines()), ""]
    seen: set[tuple[str, str]] = set()
    block = ""
    with src.open(encoding="utf-8", errors="replace") as fh:
        for _, line in _strip_comments(fh):
            s = " ".join(line.split())
            if s.startswith("---"):
                block = s
                out.extend(["", s])
                continue
            if s.startswith("&"):
                block = ""
                out.extend(["", s])
                continue
            if s.startswith("-"):
                key = (block, s)
                if key in seen:
                    continue
                seen.add(key)
            out.append(s)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(out)


# ------------------------------------------------------------------ matching ----------

_SUBJ = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
_POST_DEPS = {
    "dobj",
    "obj",
    "dative",
    "attr",
    "oprd",
    "acomp",
    "prt",
    "advmod",
    "npadvmod",
    "xcomp",
    "ccomp",
    "compound",
    "nmod",
    "appos",
    "iobj",
    "obl",
}
_PREP_DEPS = {"prep", "agent", "dative", "prt", "advmod"}


class _TokenCache(threading.local):
    """Word forms and subtree forms of the tokens of the Doc being matched.

    Patterns ask for the same tokens' forms thousands of times per sentence; this
    keeps them for the current Doc only (per thread), so nothing outlives it.
    """

    def __init__(self) -> None:
        self.doc: object = None
        self.forms: dict[int, set[str]] = {}
        self.around: dict[int, set[str]] = {}
        self.words: set[str] | None = None

    def reset_for(self, tok: Token) -> None:
        if self.doc is not tok.doc:
            self.doc = tok.doc
            self.forms.clear()
            self.around.clear()
            self.words = None


_CACHE = _TokenCache()


def _forms(tok: Token) -> set[str]:
    _CACHE.reset_for(tok)
    found = _CACHE.forms.get(tok.i)
    if found is None:
        found = _CACHE.forms[tok.i] = {tok.lemma_.lower(), tok.text.lower()}
    return found


def _doc_words(tok: Token) -> set[str]:
    """Every word form of the Doc (a superset of the sentence's: a cheap, safe prefilter)."""
    _CACHE.reset_for(tok)
    if _CACHE.words is None:
        from spacy.attrs import LEMMA, ORTH

        doc = tok.doc
        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, LEMMA])
        # per distinct hash, not per token: the same forms _forms() gives, for the whole Doc
        _CACHE.words = {strings[h].lower() for h in set(arr[:, 0].tolist())} | {
            strings[h].lower() for h in set(arr[:, 1].tolist()) if h
        }
    return _CACHE.words


def _around(tok: Token) -> set[str]:
    """Forms of every word in ``tok``'s subtree but itself."""
    _CACHE.reset_for(tok)
    found = _CACHE.around.get(tok.i)
    if found is None:
        found = _CACHE.around[tok.i] = {f for t in tok.subtree if t.i != tok.i for f in _forms(t)}
    return found


def _multiword_fits(verb: Token, entry: VerbEntry) -> bool:
    doc = verb.doc
    if entry.back:
        kids = [
            c for c in verb.children if c.i > verb.i and c.dep_ in {"prt", "prep", "advmod", "dobj", "dative", "acomp"}
        ]
        nxt = [doc[j] for j in range(verb.i + 1, min(len(doc), verb.i + 1 + len(entry.back)))]
        adjacent = [t.text.lower() for t in nxt] == list(entry.back)
        by_dep = len(entry.back) == 1 and any(entry.back[0] in _forms(c) for c in kids)
        if not (adjacent or by_dep):
            return False
    if entry.front:
        prev = [t for t in doc[max(0, verb.i - len(entry.front) - 1) : verb.i] if t.text != "-"]
        if [t.text.lower() for t in prev[-len(entry.front) :]] != list(entry.front):
            return False
    return True


class _Context:
    """The parse around one verb: the subject side, the object side, the prepositions."""

    def __init__(self, verb: Token) -> None:
        self.verb = verb
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        anchor = verb
        # an xcomp/conj verb without its own subject shares its head's subject side
        while (
            not any(c.dep_ in _SUBJ for c in anchor.children)
            and anchor.dep_ in {"xcomp", "conj", "advcl", "relcl"}
            and anchor.head.i != anchor.i
        ):
            anchor = anchor.head
        subj_heads = [c for c in anchor.children if c.dep_ in _SUBJ and c.dep_ != "nsubjpass"]
        # a clause is not an object: "said they will release" must not match "- * RELEASE"
        obj_heads = [
            c for c in verb.children if c.i > verb.i and c.dep_ in _POST_DEPS and c.pos_ not in {"VERB", "AUX"}
        ]
        if passive:
            obj_heads += [c for c in anchor.children if c.dep_ == "nsubjpass"]
            for c in verb.children:
                if c.dep_ == "agent":
                    subj_heads += [g for g in c.children if g.dep_ == "pobj"]
        if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            (obj_heads if passive else subj_heads).append(verb.head)
        # "dozens of protesters", "a group of rebels": the head is the counted noun
        obj_heads += _counted(obj_heads)
        subj_heads += _counted(subj_heads)
        # conjuncts of objects and subjects count as the same position
        self.subjects = _with_conj(subj_heads)
        self.objects = _with_conj(obj_heads)
        left = [t for c in anchor.children if c.i < anchor.i and c.dep_ not in {"punct", "cc"} for t in c.subtree]
        if anchor.i != verb.i:
            left += [t for c in verb.children if c.i < verb.i for t in c.subtree]
        # governing verbs before this one ("indicated it deplored", "were able to act")
        governors = [a for a in list(verb.ancestors)[:3] if a.i < verb.i]
        self.pre_tokens = _uniq([*self.subjects, *left, *governors])
        self.post_tokens = self.objects
        # PETRARCH-1 word runs ("ON RESOLUTION", "TRADE PROTOCOL") may also name modifiers
        # of the objects and words of the verb's prepositional phrases
        right_preps = [c for c in verb.children if c.i > verb.i and c.dep_ in {"prep", "agent"}]
        self.deep = _uniq(
            t
            for o in (*self.objects, *right_preps)
            for t in _phrase(o)
            if t.i != verb.i and t not in self.objects and t.dep_ not in {"det", "punct", "cc"}
        )
        self.preps = self._preps()

    def _preps(self) -> list[Token]:
        found: list[Token] = []
        frontier: list[Token] = [self.verb, *self.objects]
        for _ in range(3):
            nxt: list[Token] = []
            for head in frontier:
                for c in head.children:
                    if c.dep_ in _PREP_DEPS and c not in found and c.i != self.verb.i:
                        found.append(c)
                        nxt.extend(g for g in c.children if g.dep_ in {"pobj", "pcomp", "prep"})
            frontier = nxt
        return found


_QUANTITY = {
    "dozen",
    "dozens",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "score",
    "scores",
    "number",
    "group",
    "groups",
    "some",
    "several",
    "many",
    "few",
    "all",
    "most",
    "members",
    "member",
    "batch",
    "handful",
    "team",
    "unit",
    "units",
    "contingent",
    "band",
    "crowd",
    "crowds",
}


def _counted(heads: list[Token]) -> list[Token]:
    """The noun after "of" for quantity heads ("dozens of protesters" → protesters)."""
    out: list[Token] = []
    for h in heads:
        if h.pos_ == "NUM" or h.lemma_.lower() in _QUANTITY or h.text.lower() in _QUANTITY:
            for prep in h.children:
                if prep.dep_ == "prep" and prep.text.lower() == "of":
                    out.extend(g for g in prep.children if g.dep_ == "pobj")
    return out


def _phrase(tok: Token) -> list[Token]:
    """``tok`` and its dependents, without descending into embedded clauses (verbs)."""
    out = [tok]
    stack = list(tok.children)
    while stack:
        t = stack.pop()
        if t.pos_ in {"VERB", "AUX"}:
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def _uniq(toks: Iterable[Token]) -> list[Token]:
    seen: set[int] = set()
    out = []
    for t in toks:
        if t.i not in seen:
            seen.add(t.i)
            out.append(t)
    return out


def _with_conj(heads: list[Token]) -> list[Token]:
    out = list(heads)
    for h in heads:
        out.extend(h.conjuncts)
    return _uniq(out)


def _alt_fits(alt: Alt, tok: Token, around: set[str]) -> bool:
    """Head word on ``tok``; the other words in its subtree or, as TABARI phrases are
    written ("DID N'T", "WILL NOT"), on the tokens right before it."""
    if alt[-1] not in _forms(tok):
        return False
    rest = alt[:-1]
    if all(w in around for w in rest):
        return True
    start = tok.i - len(rest)
    if start < 0:
        return False
    return all(w in _forms(t) for w, t in zip(rest, tok.doc[start : tok.i], strict=True))


# slot (by identity; patterns live as long as their dictionary) -> head word -> alternatives
_HEAD_INDEX: dict[int, tuple[Slot, dict[str, list[Alt]]]] = {}


def _heads_by_word(slot: Slot) -> dict[str, list[Alt]]:
    """A synset slot's alternatives by head word: a token is tried only against its own words."""
    hit = _HEAD_INDEX.get(id(slot))
    if hit is None or hit[0] is not slot:
        index: dict[str, list[Alt]] = {}
        for alt in slot:
            index.setdefault(alt[-1], []).append(alt)
        hit = _HEAD_INDEX[id(slot)] = (slot, index)
    return hit[1]


def _noun_fits(el: NounEl, tok: Token) -> bool:
    index = _heads_by_word(el.head)
    alts = [a for f in _forms(tok) for a in index.get(f, ())]
    if not alts:
        return False
    around = _around(tok)
    if not any(_alt_fits(a, tok, around) for a in alts):
        return False
    return all(any(all(w in around for w in alt) for alt in slot) for slot in el.mods)


def _match_nouns(
    els: tuple[NounEl, ...],
    cands: list[Token],
    slots: dict[str, Token],
    role_cands: list[Token],
    deep: list[Token] | None = None,
    penalty: list[float] | None = None,
) -> bool:
    """Each element needs its own token: a head among ``cands``, else (PETRARCH-1 style
    word runs such as ``TRADE PROTOCOL``) a modifier among ``deep``, at a lower weight."""
    used: set[int] = set()
    for el in els:
        if el.role:
            pick = next((t for t in role_cands if t.i not in used), None)
            if pick is None:
                return False
            slots[el.role] = pick
            used.add(pick.i)
            continue
        hit = next((t for t in cands if t.i not in used and _noun_fits(el, t)), None)
        if hit is None and deep is not None:
            hit = next((t for t in deep if t.i not in used and _noun_fits(el, t)), None)
            if hit is not None and penalty is not None:
                penalty.append(0.4 * el.weight)
        if hit is None:
            return False
        used.add(hit.i)
    return True


def _match_preps(els: tuple[PrepEl, ...], preps: list[Token], slots: dict[str, Token]) -> bool:
    used: set[int] = set()
    for el in els:
        ok = False
        for p in preps:
            if p.i in used or p.text.lower() != el.prep:
                continue
            objs = [g for g in p.children if g.dep_ in {"pobj", "pcomp", "dobj"}]
            objs = _with_conj(objs)
            trial: dict[str, Token] = {}
            if _match_nouns(el.nouns, objs, trial, objs):
                used.add(p.i)
                slots.update(trial)
                ok = True
                break
        if not ok:
            return False
    return True


def _match_pattern(pat: Pattern, ctx: _Context) -> tuple[dict[str, Token], float] | None:
    """Slots filled and the specificity earned, or None when the pattern does not apply."""
    slots: dict[str, Token] = {}
    penalty: list[float] = []
    if not _match_nouns(pat.post_nouns, ctx.post_tokens, slots, ctx.objects, ctx.deep, penalty):
        return None
    if not _match_preps(pat.post_preps, ctx.preps, slots):
        return None
    if not _match_nouns(pat.pre_nouns, ctx.pre_tokens, slots, ctx.subjects):
        return None
    if not _match_preps(pat.pre_preps, ctx.preps, slots):
        return None
    return slots, pat.specificity - sum(penalty)


def describe(d: VerbDictionary) -> dict[str, Any]:
    """Counts for logs and docs: blocks, verbs, patterns, skipped lines."""
    return {
        "name": d.name,
        "blocks": len(d.blocks),
        "verbs": len(d),
        "patterns": sum(len(p) for p in d.patterns.values()),
        "skipped": len(d.warnings),
    }


__all__ = [
    "VerbDictionary",
    "VerbMatch",
    "load_default_verbs",
    "read_verb_file",
    "convert_verb_file",
    "describe",
]
