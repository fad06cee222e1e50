"""A table-driven stand-in for spaCy's ``attribute_ruler``: the same annotation, a fraction of the time.

The English pipelines' attribute ruler maps tags to POS and morphology with
about 180 Matcher rules, applied one match at a time in Python; on news text it
costs as much as the parser. Nearly all of its rules look at one token, so the
outcome for a token depends only on a few of its attributes (tag, lower form,
dependency label, is-space). :class:`CompiledAttributeRuler` works out each
distinct combination once, caches the result, and writes a whole Doc with one
``Doc.from_array``; the few multi-token rules ("gon na", "there is") are
matched directly. Rules are applied in the ruler's order, later ones winning,
exactly as ``AttributeRuler`` does.

It is installed only when every rule uses what it understands (token
attributes compared with equality, ``IN``, ``NOT_IN`` or ``REGEX``; no
operators), and only after a self-check on built-in sentences gives the same
annotation as the original; otherwise the original stays (see :func:`speed_up`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

log = logging.getLogger(__name__)

# pattern keys we can test, with the Doc.to_array column that holds each
_KEY_COLUMNS: dict[str, int] = {
    "TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE, "ORTH": ORTH, "NORM": NORM,
}  # fmt: skip
_KEY_ALIASES = {"TEXT": "ORTH"}
# attributes a rule may set, in the order they are written back
_WRITE: tuple[str, ...] = ("POS", "TAG", "MORPH", "LEMMA", "DEP")
_WRITE_IDS: list[int | str] = [POS, TAG, MORPH, LEMMA, DEP]

TokenTest = Callable[[dict[str, Any]], bool]

#: Distinct token keys remembered before the caches start afresh (a few tens of MB at most).
CACHE_LIMIT = 200_000


class UnsupportedRule(ValueError):
    """A rule the compiled ruler cannot reproduce exactly; the original ruler is kept."""


def _value_test(key: str, cond: Any) -> Callable[[Any], bool]:
    if isinstance(cond, dict):
        if len(cond) != 1:
            raise UnsupportedRule(f"{key}: {cond}")
        ((op, arg),) = cond.items()
        if op == "IN":
            members = frozenset(arg)
            return lambda v: v in members
        if op == "NOT_IN":
            members = frozenset(arg)
            return lambda v: v not in members
        if op == "REGEX" and key != "IS_SPACE":
            rx = re.compile(arg)
            return lambda v: rx.search(v) is not None
        raise UnsupportedRule(f"{key}: {op}")
    if key == "IS_SPACE":
        if not isinstance(cond, bool):
            raise UnsupportedRule(f"{key}: {cond}")
        return lambda v: v == cond
    if not isinstance(cond, str):
        raise UnsupportedRule(f"{key}: {cond!r}")
    return lambda v: v == cond


def _token_test(spec: dict[str, Any]) -> tuple[TokenTest, tuple[str, ...]]:
    """A predicate over a token's attribute values, and the attributes it reads."""
    tests: list[tuple[str, Callable[[Any], bool]]] = []
    for raw_key, cond in spec.items():
        key = _KEY_ALIASES.get(raw_key, raw_key)
        if key not in _KEY_COLUMNS:
            raise UnsupportedRule(f"pattern key {raw_key}")
        tests.append((key, _value_test(key, cond)))

    def test(values: dict[str, Any]) -> bool:
        return all(t(values[k]) for k, t in tests)

    return test, tuple(k for k, _ in tests)


class CompiledAttributeRuler:
    """``AttributeRuler.__call__`` as cached table look-ups (see the module docstring)."""

    def __init__(self, vocab: Any, rules: Sequence[dict[str, Any]] = ()) -> None:
        """``rules``: ``AttributeRuler.patterns`` (dicts of patterns, attrs, index), in order."""
        self.vocab = vocab
        self.load(rules)

    def load(self, rules: Sequence[dict[str, Any]]) -> None:
        """Compile ``rules``, replacing any loaded before (raises :class:`UnsupportedRule`)."""
        self.single: list[tuple[int, TokenTest, dict[int, int]]] = []
        self.multi: list[tuple[int, list[TokenTest], int, dict[int, int]]] = []
        used: set[str] = set()
        for rule_id, rule in enumerate(rules):  # AttributeRuler.patterns: one dict per add(), in order
            attrs = self._normalise(rule["attrs"])
            for pattern in rule["patterns"]:
                if not pattern or any("OP" in spec for spec in pattern):
                    raise UnsupportedRule(f"operator in {pattern}")
                tests = []
                for spec in pattern:
                    test, keys = _token_test(spec)
                    used.update(keys)
                    tests.append(test)
                if len(pattern) == 1:
                    if rule["index"] not in (0, -1):
                        raise UnsupportedRule(f"index {rule['index']} of a one-token pattern")
                    self.single.append((rule_id, tests[0], attrs))
                else:
                    index = rule["index"] if rule["index"] >= 0 else len(pattern) + rule["index"]
                    if not 0 <= index < len(pattern):
                        raise UnsupportedRule(f"index {rule['index']} outside {pattern}")
                    self.multi.append((rule_id, tests, index, attrs))
        self.keys: tuple[str, ...] = tuple(k for k in _KEY_COLUMNS if k in used)
        self.columns: list[int | str] = [_KEY_COLUMNS[k] for k in self.keys]
        self._cache: dict[tuple[int, ...], tuple[tuple[int, int, dict[int, int]], ...]] = {}
        self._starts: dict[tuple[int, ...], tuple[int, ...]] = {}  # key → multi rules its token can start
        self._values: dict[tuple[int, ...], dict[str, Any]] = {}

    def _normalise(self, attrs: dict[str, Any]) -> dict[int, int]:
        """Attribute names to column indices of :data:`_WRITE`, values to hashes (morphs registered)."""
        out: dict[int, int] = {}
        for name, value in attrs.items():
            name = name.upper()
            if name not in _WRITE or not isinstance(value, str):
                raise UnsupportedRule(f"sets {name}")
            if name == "MORPH":
                out[_WRITE.index(name)] = self.vocab.morphology.add(value)
            else:
                out[_WRITE.index(name)] = self.vocab.strings.add(value)
        return out

    def _key_values(self, key: tuple[int, ...]) -> dict[str, Any]:
        found = self._values.get(key)
        if found is None:
            strings = self.vocab.strings
            found = {
                name: bool(v) if name == "IS_SPACE" else (strings[v] if v else "")
                for name, v in zip(self.keys, key, strict=True)
            }
            self._values[key] = found
        return found

    def _single_hits(self, key: tuple[int, ...]) -> tuple[tuple[int, int, dict[int, int]], ...]:
        hits = self._cache.get(key)
        if hits is None and len(self._cache) >= CACHE_LIMIT:
            # lower forms are open-ended: over a long stream start afresh rather than grow
            self._cache.clear()
            self._values.clear()
            self._starts.clear()
        if hits is None:
            values = self._key_values(key)
            hits = tuple((rule_id, 0, attrs) for rule_id, test, attrs in self.single if test(values))
            self._cache[key] = hits
        return hits

    def _multi_starts(self, key: tuple[int, ...]) -> tuple[int, ...]:
        found = self._starts.get(key)
        if found is None:
            values = self._key_values(key)
            found = tuple(m for m, (_r, tests, _i, _a) in enumerate(self.multi) if tests[0](values))
            self._starts[key] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        keys = [tuple(row) for row in doc.to_array(self.columns).tolist()]
        hits: list[list[tuple[int, int, dict[int, int]]]] = [list(self._single_hits(k)) for k in keys]
        if self.multi:
            for start, key in enumerate(keys):
                for m in self._multi_starts(key):
                    rule_id, tests, index, attrs = self.multi[m]
                    width = len(tests)
                    if start + width <= n and all(
                        tests[j](self._key_values(keys[start + j])) for j in range(1, width)
                    ):
                        hits[start + index].append((rule_id, 1, attrs))
        out = doc.to_array(_WRITE_IDS)
        for i, token_hits in enumerate(hits):
            if not token_hits:
                continue
            if len(token_hits) > 1:
                token_hits.sort(key=lambda h: h[0])
            row = out[i]
            for _rule, _multi, attrs in token_hits:
                for col, value in attrs.items():
                    row[col] = value
        doc.from_array(_WRITE_IDS, out)  # type: ignore[arg-type]  # a uint64 array, as to_array gives
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("bedfellows_attribute_ruler")
def make_compiled_attribute_ruler(nlp: Language, name: str) -> CompiledAttributeRuler:
    """An empty compiled ruler; :func:`speed_up` loads it with the pipeline's own rules."""
    return CompiledAttributeRuler(nlp.vocab)


# Sentences for the self-check: contractions, pronouns, "there is", spaces, quotes, numbers.
_CHECK_TEXTS = (
    "Iran's president said on Saturday that Tehran could cooperate with the United States.\n\n"
    "  \"We're gonna win,\" he said. Let's see: there is no deal, and ain't nobody sure.",
    "Y'all know it. C'mon, the U.N. Security Council met on 12 June 2014; they gotta act now.",
    "Rebels seized Mosul and Tikrit, killing 1,700 people, officials told reporters in Baghdad.",
    "Nobody, not even she herself, could have done something about anything there.",
)


def _annotations(docs: Iterable[Doc]) -> list[tuple[Any, ...]]:
    return [
        (t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_)
        for doc in docs
        for t in doc
    ]


def speed_up(nlp: Language, check_texts: Sequence[str] = _CHECK_TEXTS) -> bool:
    """Replace ``nlp``'s ``attribute_ruler`` by the compiled one if it gives the same annotation.

    Returns whether it was replaced. Any rule it cannot reproduce, or any
    difference on the check sentences, keeps the original.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    original = nlp.get_pipe("attribute_ruler")
    if not isinstance(original, AttributeRuler):
        return False
    rules = original.patterns
    try:
        compiled = CompiledAttributeRuler(nlp.vocab, rules)
    except UnsupportedRule as exc:
        log.info("keeping spaCy's attribute_ruler: %s", exc)
        return False
    expected = _annotations(nlp.pipe(check_texts))
    # the components after the ruler (the lemmatizer) read what it sets: run them after the compiled one
    after = _rerun_from(nlp, "attribute_ruler", compiled, check_texts)
    if _annotations(after) != expected:
        log.warning("compiled attribute ruler differs from spaCy's on the check sentences; keeping spaCy's")
        return False
    nlp.replace_pipe("attribute_ruler", "bedfellows_attribute_ruler")
    nlp.get_pipe("attribute_ruler").load(rules)  # type: ignore[attr-defined]
    return True


def _rerun_from(nlp: Language, name: str, replacement: CompiledAttributeRuler, texts: Sequence[str]) -> list[Doc]:
    """Run the pipeline on ``texts`` with ``replacement`` in place of component ``name``."""
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        for pipe_name, proc in nlp.pipeline:
            doc = replacement(doc) if pipe_name == name else proc(doc)
        docs.append(doc)
    return docs


__all__ = ["CompiledAttributeRuler", "UnsupportedRule", "speed_up"]
