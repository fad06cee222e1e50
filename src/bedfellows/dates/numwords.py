"""English number words to numbers ("two", "seven thousand", "7,000", "1.5 million").

Shared by date offsets ("two years ago") and event counts ("two soldiers"). No
small, maintained library for this is installed, and the grammar we need is tiny.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a": 1, "an": 1, "single": 1,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, int] = {
    "dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
}  # fmt: skip

_NUMERIC = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


def parse_numeric(text: str) -> float | None:
    """``"7,000"`` → 7000.0, ``"1.5"`` → 1.5; anything else None."""
    t = text.strip()
    if not _NUMERIC.match(t):
        return None
    return float(t.replace(",", ""))


def words_to_number(words: Sequence[str]) -> int | float | None:
    """Value of a number phrase given as its tokens, or None if it is not one.

    Handles digits with separators, words ("seven thousand", "twenty-five",
    "two hundred and fifty"), and mixes ("1.5 million", "7 thousand").
    """
    total = 0.0
    current = 0.0
    seen = False
    for raw in words:
        w = raw.lower().strip()
        if not w or (w == "and" and seen):
            continue
        parts = w.split("-") if "-" in w and not w[0].isdigit() else [w]
        for part in parts:
            num = parse_numeric(part)
            if num is not None:
                current += num
            elif part in UNITS:
                current += UNITS[part]
            elif part in TENS:
                current += TENS[part]
            elif part in SCALES:
                scale = SCALES[part]
                if scale < 1_000:
                    current = (current or 1) * scale
                else:
                    total += (current or 1) * scale
                    current = 0.0
            else:
                return None
            seen = True
    if not seen:
        return None
    value = total + current
    return int(value) if value == int(value) else value
