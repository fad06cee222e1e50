"""Document tone for GDELT's AvgTone, computed the way GDELT defines it.

GDELT's tone is the percentage of the document's words that carry a positive
connotation minus the percentage that carry a negative one (-100..+100,
news mostly -10..+10). The connotations come from the VADER sentiment lexicon
(Hutto & Gilbert 2014, MIT licence): a word counts as positive or negative by
the sign of its rated valence. The signs are shipped as ``data/tone_lexicon.tsv``
(converted once; ``vaderSentiment`` itself is unmaintained and no longer a
dependency). A plain word count, as GDELT's own tone is: no negation or
intensity rules, so it is cheap and the same on every run.
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
    """Word -> +1 or -1, shipped in ``data/tone_lexicon.tsv`` (derived from VADER's lexicon)."""
    text = (importlib.resources.files("bedfellows") / "data" / "tone_lexicon.tsv").read_text("utf-8")
    out: dict[str, int] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("word\t"):
            continue
        word, sign = line.split("\t")
        out[word] = int(sign)
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
