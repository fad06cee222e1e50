"""Per-Doc caches for what spaCy recomputes on every access.

``Doc.ents`` builds a Span for every entity each time it is read, and
``Span.ents`` reads it; the coder asks for a sentence's entities once per
event. The cache keeps the last Doc seen by each thread (threads in the
server and Dask workers code different Docs at once).
"""

from __future__ import annotations

import threading

from spacy.tokens import Doc, Span

_LOCAL = threading.local()


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, computed once per Doc and thread."""
    cached = getattr(_LOCAL, "ents", None)
    if cached is None or cached[0] is not doc:
        cached = (doc, tuple(doc.ents))
        _LOCAL.ents = cached
    return cached[1]


def span_ents(span: Span) -> list[Span]:
    """``span.ents``: the Doc's entities lying wholly inside ``span``."""
    start, end = span.start, span.end
    return [e for e in doc_ents(span.doc) if e.start >= start and e.end <= end]
