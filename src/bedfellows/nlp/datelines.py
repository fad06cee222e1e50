"""Wire datelines: where a story was filed, never an actor (CONVENTIONS: datelines are never actors).

Datelines come in many shapes; the grammar below covers the ones wire services and papers use:

    BEIRUT —                          Cape Town –               Caracas:
    BEIRUT, Lebanon (AP) –            KOSTIANTYNIVKA, Ukraine (Reuters) -A ...
    JERUSALEM, June 15 --             KHARTOUM, April 11, 2019 (BSS/AFP) –
    BAKU/YEREVAN (Reuters) -          BANGKOK/PHNOM PENH, July 24 (Reuters) -
    Bishkek (Kyrgyzstan) (AFP) –      MOSCOW, January 5. /TASS/.
    Quito, April 6 <paragraph break>  AFP - (a paragraph that starts with the agency)

A dateline ends with a dash, a colon, an agency in parentheses or slashes, or a paragraph
break after a date; what follows it starts with a capital letter ("Deby — who often joined
soldiers" is a sentence, not a dateline). Inside the article only a paragraph that opens with
a wire agency ("AFP - The Sri Lankan government ...") has one.
"""

from __future__ import annotations

import re
from functools import lru_cache

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WORD = rf"(?!{_MONTH}\s+\d)[A-Z][A-Za-z.'’\-]*"  # a capitalised word, not the month of a date
_PLACE = rf"{_WORD}(?:[ ]{_WORD}){{0,3}}"
_PLACES = rf"{_PLACE}(?:\s*/\s*{_PLACE}|[ ]and[ ]{_PLACE})*"
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s+\d{{4}})?"
_AGENCY = r"(?:\s*\([^()\n]{1,60}\))"
_SLASHED = r"(?:\s*/[A-Za-z]{2,12}/\.?)"
# a hyphen ends a dateline only after a space ("(Reuters) -A ..."), never inside a word ("Secretary-General")
_DASH = r"(?:(?<=\s)-{1,2}|--|[–—]{1,2}|:)"

_DATELINE = re.compile(
    rf"""^\s*
    (?P<place>{_PLACES}(?:,\s*{_PLACES}){{0,2}})
    (?:,\s*(?P<date>{_DATE})\.?)?
    (?P<agency>{_AGENCY}+|{_SLASHED})?
    (?:\s*(?P<dash>{_DASH})[ \t]*|(?P<para>[ \t]*\n\s*\n)|(?P<space>[ \t]+))
    (?=["“‘']?[A-Z0-9])""",
    re.VERBOSE,
)
_AGENCY_ONLY = re.compile(rf"^\s*(?:{_AGENCY}|[A-Z]{{2,8}})\s*{_DASH}[ \t]*(?=[A-Z])")
_AGENCY_ONLY_ALONE = re.compile(rf"^\s*{_PLACES}{_AGENCY}+\s*{_DASH}?\s*\n")
_WIRES = frozenset({"AP", "AFP", "UPI", "CNN", "BBC", "TASS", "DPA", "EFE", "ANSA", "ANI", "PTI", "IANS", "IRNA",
                    "WAM", "SPA", "KUNA", "MENA", "QNA", "BSS", "APP", "NNA", "PNA", "IPS", "AA", "XINHUA"})


def dateline_end(text: str) -> int:
    """Character offset where the article's opening dateline ends, or 0."""
    m = _AGENCY_ONLY_ALONE.match(text)
    if m:
        return m.end()
    m = _DATELINE.match(text)
    if m is None or len(m.group(0)) > 120:
        return 0
    if m.group("dash") in ("–", "—") and not m.group("place").isupper():
        spaced = text[m.start("dash") - 1].isspace() or text[m.end("dash") : m.end("dash") + 1].isspace()
        if not spaced:
            return 0  # "Israel–Hamas war": a compound, not a dateline ("BEIRUT—A car bomb" is one)
    if m.group("space") and not m.group("agency"):
        return 0  # "CHINESE ships on Sunday": a capitalised word, not a dateline
    if m.group("para") and not (m.group("date") or m.group("agency")):
        return 0  # a heading on a line of its own, not a dateline
    if m.group("dash") == ":" and not (m.group("date") or m.group("agency")) and len(m.group("place").split()) > 2:
        return 0  # "Caracas:" is a dateline, "The Kremlin Said Today:" is not
    return m.end()


def dateline_place(text: str) -> tuple[str, ...]:
    """The names of the opening dateline's place, as written: ("BEIRUT", "Lebanon"), or ().

    Where the story was filed; the article-level stage lends it to events whose own clause
    and article name no place in the event's countries (never an actor)."""
    end = dateline_end(text)
    if not end:
        return ()
    alone = _AGENCY_ONLY_ALONE.match(text)
    if alone is not None:  # "MOSCOW (AP)" on a line of its own
        place = text[: text.index("(", alone.start())]
    else:
        m = _DATELINE.match(text)
        if m is None or m.end() != end:
            return ()
        place = m.group("place")
    names = [n.strip() for n in place.split(",")]
    return tuple(n for n in names if n and not re.search(r"\d", n))


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Every dateline of the article: the opening one, and paragraphs that open with a wire agency.

    The paragraph component (before the parse) and the extractor (after it) both ask; the
    second asks for the same text, so the answer is remembered for the last few texts."""
    return list(_dateline_spans(text))


@lru_cache(maxsize=64)
def _dateline_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    end = dateline_end(text)
    if end:
        spans.append((0, end))
    for para in re.finditer(r"\n\s*\n", text):
        start = para.end()
        m = _AGENCY_ONLY.match(text[start : start + 40])
        if m and m.group(0).strip(" -–—:()").upper() in _WIRES:
            spans.append((start, start + m.end()))
    return tuple(spans)
