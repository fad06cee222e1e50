"""bedfellows: code news text into political events (who did what to whom, when and where).

Public API (see README, "Python API"): :func:`code_text`, :func:`code_articles`,
:class:`Coder`, :class:`Store`, and the records :class:`Event`, :class:`Actor`,
:class:`Place`, :class:`Article`.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "code_text",
    "code_articles",
    "Coder",
    "Store",
    "Event",
    "Actor",
    "Place",
    "Article",
]


def __getattr__(name: str) -> Any:
    """Lazy imports: ``import bedfellows`` stays cheap (no spaCy) until something is used."""
    if name in ("code_text", "code_articles", "Coder"):
        from . import coder

        return getattr(coder, name)
    if name in ("Event", "Actor", "Place", "Article"):
        from . import records

        return getattr(records, name)
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(f"module 'bedfellows' has no attribute {name!r}")
