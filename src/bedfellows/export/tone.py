"""Document tone for GDELT's AvgTone, computed the way GDELT defines it.

GDELT's tone is the percentage of the document's words that carry a positive
connotation minus the percentage that carry a negative one (-100..+100,
news mostly -10..+10). The connotations come from the VADER sentiment lexicon
(Hutto & Gilbert 2014, MIT licence, PyPI ``vaderSentiment``): a word counts as
positive or negative by the sign of its rated valence. A plain word count, as
GDELT's own tone is: no negation or intensity rules, so it is cheap and the
same on every run. Without the lexicon installed, tone is ``None`` (the
column stays empty) rather than a guess.
"""

from __future__ import annotations

import importlib.resources
import logging
import re
from functools import lru_cache

log = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, int]:
    """Word -> +1 or -1 from the VADER lexicon (words only; emoticons are not news)."""
    try:
        text = (importlib.resources.files("vaderSentiment") / "vader_lexicon.txt").read_text(
            "utf-8"
        )
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        log.warning("no sentiment lexicon (pip install vaderSentiment): AvgTone left empty (%s)",
                    exc)
        return {}
    out: dict[str, int] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or len(parts[0]) < 2 or not _WORD.fullmatch(parts[0]):
            continue
        try:
            valence = float(parts[1])
        except ValueError:
            continue
        if valence:
            out[parts[0]] = 1 if valence > 0 else -1
    return out


def document_tone(text: str | None) -> float | None:
    """GDELT-style tone of one document: 100 * (positive - negative words) / all words."""
    lex = lexicon()
    if not lex or not text:
        return None
    words = _WORD.findall(text.lower())
    if not words:
        return None
    get = lex.get
    score = sum(get(w, 0) for w in words)
    return round(100.0 * score / len(words), 4)


__all__ = ["document_tone", "lexicon"]
