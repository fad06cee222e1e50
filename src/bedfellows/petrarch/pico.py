"""PETRARCH-2's internal event codes (PICO) and their CAMEO equivalents.

PETRARCH-2 combines the codes of nested verbs arithmetically ("say" + "attack"
is an accusation, "not" subtracts 0xFFFF), so it codes with integers from the
PETRARCH Internal Coding Ontology rather than CAMEO strings.  The table is
package data converted from the ontology file (MIT, Open Event Data Alliance).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

NEGATION = 0xFFFF


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, int], dict[int, str]]:
    forward: dict[str, int] = {}
    reverse: dict[int, str] = {}
    text = resources.files("bedfellows").joinpath("data/petrarch_pico.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("cameo\t"):
            continue
        code, _, value = line.split("\t")
        v = int(value)
        forward[code] = v
        reverse.setdefault(v, code)  # first listed wins where several CAMEO codes share a value
    reverse[0x30A0] = "138"  # "want to attack" (PETRARCH-2's own addition)
    reverse.pop(0, None)
    return forward, reverse


#: Codes outside CAMEO (a user's own, or the validation suite's 9xx) get values from here
#: up; they are carried through unchanged instead of being combined arithmetically.
OWN_CODE_BASE = 0x100000
_own: dict[str, int] = {}
_own_back: dict[int, str] = {}


def is_own(value: int) -> bool:
    return value >= OWN_CODE_BASE


def to_pico(code: str) -> int:
    """One side of a dictionary code; a code the ontology does not know becomes an own
    code that is passed through exactly as the dictionary wrote it."""
    forward = _table()[0]
    code = code.strip()
    if not code or code.startswith("-") or not code[:1].isalnum():
        return 0
    if code in forward:
        return forward[code]
    if code not in _own:
        _own[code] = OWN_CODE_BASE + len(_own)
        _own_back[_own[code]] = code
    return _own[code]


def convert(code: str) -> tuple[int, int]:
    """``ACTIVE[:PASSIVE]`` dictionary code to PICO (active, passive); missing parts are 0."""
    active, _, passive = code.partition(":")
    return to_pico(active), to_pico(passive)


def to_cameo(value: int) -> str | None:
    """PICO back to CAMEO; ``None`` where the combination has no CAMEO meaning."""
    if is_own(value):
        return _own_back.get(value)
    return _table()[1].get(value)


def combine(upper: int, lower: int) -> int:
    """The code of a verb governing another verb's event (PETRARCH-2's rule)."""
    if is_own(lower) or is_own(upper):
        return lower or upper
    if lower < 0:
        return lower + upper
    if upper >= 0x1000 and lower >= 0x1000:
        return lower
    if lower >= upper:
        return lower
    return upper + lower
