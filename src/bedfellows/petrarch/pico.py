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


def to_pico(code: str) -> int:
    """One side of a dictionary code; unknown codes fall back to their root, then to 0."""
    forward = _table()[0]
    code = code.strip()
    if not code or code.startswith("-"):
        return 0
    if code in forward:
        return forward[code]
    return forward.get(code[:2] + "0", 0)


def convert(code: str) -> tuple[int, int]:
    """``ACTIVE[:PASSIVE]`` dictionary code to PICO (active, passive); missing parts are 0."""
    active, _, passive = code.partition(":")
    return to_pico(active), to_pico(passive)


def to_cameo(value: int) -> str | None:
    """PICO back to CAMEO; ``None`` where the combination has no CAMEO meaning."""
    return _table()[1].get(value)


def combine(upper: int, lower: int) -> int:
    """The code of a verb governing another verb's event (PETRARCH-2's rule)."""
    if lower < 0:
        return lower + upper
    if upper >= 0x1000 and lower >= 0x1000:
        return lower
    if lower >= upper:
        return lower
    return upper + lower
