"""Name keys for the gazetteer index.

Two keys per name: an exact-ish key (transliterated, lower case, punctuation
gone, "St." = "Saint") and a loose key that also forgets the spelling
differences of transliterated Arabic/Persian names ("al-", a final "h",
doubled letters, spaces), so "Muqdadiya" finds "Muqdadiyah".
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii  # ISC licence (unidecode, the usual choice, is GPL)

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_WORD_MAP = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "port"}
_ARTICLES = ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ad")
_DOUBLE = re.compile(r"(.)\1+")


def is_latin(name: str) -> bool:
    """True when every letter is Latin script (other scripts transliterate to noise)."""
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def strip_possessive(text: str) -> str:
    """'Baghdad's' -> 'Baghdad'."""
    return _POSSESSIVE.sub("", text.strip())


def name_key(name: str) -> str:
    """The exact lookup key: 'St. Louis' -> 'saint louis', 'Mosul's' -> 'mosul'."""
    s = anyascii(strip_possessive(name)).lower().replace("&", " and ")
    words = [_WORD_MAP.get(w, w) for w in _NON_ALNUM.split(s) if w]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def loose_key(key: str) -> str:
    """A spelling-tolerant key built from :func:`name_key` output."""
    words = key.split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    s = "".join(words)
    if len(s) > 4 and s.endswith("h") and s[-2] in "aeiou":
        s = s[:-1]
    s = s.replace("ou", "u").replace("ee", "i")
    return _DOUBLE.sub(r"\1", s)
