"""Find quoted stretches of text from quote marks alone (no parse needed).

News text mixes straight and curly marks (even “...," in one quote), leaves
marks unbalanced, runs quotes over paragraphs (a paragraph that opens a quote
without closing it goes on in the next paragraph that starts with a mark) and
uses ’ as an apostrophe. We read each mark's role from its neighbours first
and from its glyph second, pair marks per line, and recover at line ends, so
one stray mark never flips the rest of the article.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

log = logging.getLogger(__name__)

DOUBLE_MARKS = frozenset('"“”„«»')  # plus '' and `` pairs, see _double_marks
SINGLE_MARKS = frozenset("'‘’‹›")
_ANY_MARK = DOUBLE_MARKS | SINGLE_MARKS | {"`"}
_OPEN_GLYPHS = frozenset("“„«‘‹")
_CLOSE_GLYPHS = frozenset("”»’›")
# characters after which a mark may open a quote (besides whitespace)
_OPEN_LEFT = frozenset("([{—–-/:") | DOUBLE_MARKS | SINGLE_MARKS
# characters before which a mark may close a quote (besides whitespace)
_CLOSE_RIGHT = frozenset(".,;:!?)]}—–-…") | DOUBLE_MARKS | SINGLE_MARKS


@dataclass(frozen=True)
class RawQuote:
    """A quoted stretch: ``start``/``end`` inside the marks, ``outer_*`` including them."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    line: int  # index of the line (paragraph) it lies in
    chain: int  # parts of one quote running over several paragraphs share a chain id
    closed: bool  # False when recovered at a line end without a closing mark
    single: bool  # delimited by single marks (‘...’)


def _role(text: str, i: int, lo: int, hi: int, width: int = 1) -> str:
    """'open', 'close' or 'either' for the mark at ``text[i:i+width]`` within line [lo, hi)."""
    left = text[i - 1] if i > lo else " "
    right = text[i + width] if i + width < hi else " "
    can_open = (left.isspace() or left in _OPEN_LEFT) and not right.isspace()
    can_close = not left.isspace() and (right.isspace() or right in _CLOSE_RIGHT)
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    ch = text[i]
    if ch == "`" or ch in _OPEN_GLYPHS:
        return "open"
    if ch in _CLOSE_GLYPHS:
        return "close"
    return "either"


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _is_inch(text: str, i: int) -> bool:
    """5'10" and 12" are measures, not quote marks."""
    return i > 0 and text[i - 1].isdigit() and text[i] in "\"'’”"


def _double_marks(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(position, width) of double marks; '' and `` (typewriter style) count as one mark."""
    out: list[tuple[int, int]] = []
    i = lo
    while i < hi:
        ch = text[i]
        if ch in DOUBLE_MARKS and not _is_inch(text, i):
            out.append((i, 1))
        elif ch in "'`" and i + 1 < hi and text[i + 1] == ch:
            out.append((i, 2))
            i += 1
        i += 1
    return out


def _starts_with_open_mark(text: str, lo: int, hi: int) -> bool:
    j = lo
    while j < hi and text[j].isspace():
        j += 1
    marks = _double_marks(text, j, hi)
    return bool(marks) and marks[0][0] == j and _role(text, j, lo, hi, marks[0][1]) != "close"


class _Pairer:
    """Pairs double marks line by line; state carries over line ends."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ids = itertools.count()
        self.carry: int | None = None  # chain id continued from the previous line
        self.open_at: int | None = None  # opening mark of the quote now open
        self.open_line = 0
        self.open_w = 1
        self.found: list[RawQuote] = []

    def emit(self, a: int, b: int, outer_end: int, closed: bool, continued: bool = False) -> None:
        a, b = _trimmed(self.text, a, b)
        if b <= a or self.open_at is None:
            self.carry = None
            return
        chain = self.carry if self.carry is not None else next(self.ids)
        self.found.append(
            RawQuote(a, b, self.open_at, outer_end, self.open_line, chain, closed, False)
        )
        self.carry = chain if continued else None

    def line(self, n: int, lo: int, hi: int, nxt: tuple[int, int] | None) -> None:
        text = self.text
        for i, width in _double_marks(text, lo, hi):
            role = _role(text, i, lo, hi, width)
            if self.open_at is None:
                if role == "close":
                    log.debug("stray closing mark at %d ignored", i)
                    continue
                self.open_at, self.open_line, self.open_w = i, n, width
            elif role == "open":
                # the previous quote never closed: end it before this mark
                self.emit(self.open_at + self.open_w, i, i, closed=False)
                self.open_at, self.open_line, self.open_w = i, n, width
            else:
                self.emit(self.open_at + self.open_w, i, i + width, closed=True)
                self.open_at = None
        if self.open_at is None:
            self.carry = None
            return
        if (
            nxt is not None
            and text[hi : nxt[0]].count("\n") == 1
            and not _starts_with_open_mark(text, *nxt)
            and _first_role(text, *nxt) == "close"
        ):
            return  # a hard-wrapped line: the quote goes on
        continued = nxt is not None and _starts_with_open_mark(text, *nxt)
        if not continued:
            log.debug("quote opened at %d not closed before line end; recovered", self.open_at)
        self.emit(self.open_at + self.open_w, hi, hi, closed=False, continued=continued)
        self.open_at = None


def find_quote_marks(text: str) -> list[RawQuote]:
    """All quoted stretches in ``text``, sorted by start. Never raises on odd marks."""
    lines = _lines(text)
    pairer = _Pairer(text)
    singles: list[RawQuote] = []
    for n, (lo, hi) in enumerate(lines):
        before = len(pairer.found)
        pairer.line(n, lo, hi, lines[n + 1] if n + 1 < len(lines) else None)
        doubles = pairer.found[before:]
        if pairer.open_at is None:  # single marks only on lines not wrapped into a quote
            singles.extend(_single_quotes(text, lo, hi, n, doubles, pairer.ids))
    out = pairer.found + singles
    out.sort(key=lambda q: q.start)
    return out


def _first_role(text: str, lo: int, hi: int) -> str | None:
    marks = _double_marks(text, lo, hi)
    return _role(text, marks[0][0], lo, hi, marks[0][1]) if marks else None


def _single_quotes(
    text: str, lo: int, hi: int, line: int, doubles: list[RawQuote], ids: Iterator[int]
) -> list[RawQuote]:
    """‘Single-quoted’ stretches outside double quotes; unclosed ones are dropped."""
    inside = [(q.outer_start, q.outer_end) for q in doubles]
    inside += [(i, i + w) for i, w in _double_marks(text, lo, hi)]
    found: list[RawQuote] = []
    open_at: int | None = None
    for i in range(lo, hi):
        ch = text[i]
        if ch not in _ANY_MARK:
            continue
        if any(a <= i < b for a, b in inside):
            open_at = None  # a double quote inside: never let spans overlap
            continue
        left = text[i - 1] if i > lo else " "
        right = text[i + 1] if i + 1 < hi else " "
        if left.isalnum() and right.isalnum():
            continue  # apostrophe inside a word: it's, Baghdad’s
        if _is_inch(text, i):
            continue
        role = _role(text, i, lo, hi)
        if open_at is None:
            if role == "open" and (right.isalnum() or right in DOUBLE_MARKS):
                open_at = i
        elif role in ("close", "either") and not right.isalnum():
            a, b = _trimmed(text, open_at + 1, i)
            if b > a:
                found.append(RawQuote(a, b, open_at, i + 1, line, next(ids), True, True))
            open_at = None
    return found
