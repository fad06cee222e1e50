"""The CAMEO codebook: names, Goldstein scores, quad classes and PLOVER types.

Goldstein values: GDELT's table is the one we publish (the scale most users
already know); the ICEWS and Phoenix variants are kept beside it and exposed as
``goldstein_icews`` / ``goldstein_phoenix`` for users who need them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    goldstein_icews: float | None
    goldstein_phoenix: float | None
    quad_class: int
    plover: str | None
    plover_mode: str | None
    plover_context: str | None

    @property
    def root(self) -> str:
        return self.code[:2]


def _num(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


class Codebook:
    """Look-ups by full code, falling back to the parent code (``1951`` → ``195`` → ``19``)."""

    def __init__(self, codes: dict[str, CameoCode]) -> None:
        self.codes = codes

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def get(self, code: str) -> CameoCode:
        c = code
        while c:
            if c in self.codes:
                found = self.codes[c]
                if c == code:
                    return found
                return CameoCode(
                    code,
                    found.name,
                    found.goldstein,
                    found.goldstein_icews,
                    found.goldstein_phoenix,
                    found.quad_class,
                    found.plover,
                    found.plover_mode,
                    found.plover_context,
                )
            c = c[:-1]
        raise KeyError(f"unknown CAMEO code {code!r}")


@lru_cache(maxsize=1)
def load_codebook() -> Codebook:
    text = resources.files("bedfellows.data").joinpath("cameo.tsv").read_text(encoding="utf-8")
    codes: dict[str, CameoCode] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("code\t"):
            continue
        cols = (line.split("\t") + [""] * 9)[:9]
        code, name, g, gi, gp, quad, plover, mode, context = cols
        gold = _num(g)
        if gold is None:
            gold = _num(gi)
        if gold is None:
            gold = _num(gp) or 0.0
        codes[code] = CameoCode(
            code,
            name,
            float(gold),
            _num(gi),
            _num(gp),
            int(quad),
            plover or None,
            mode or None,
            context or None,
        )
    return Codebook(codes)
