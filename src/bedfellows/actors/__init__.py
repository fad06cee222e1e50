"""Actors: dictionaries, mentions in text, and their resolution to CAMEO-style codes."""

from __future__ import annotations

from ..records import Actor


def resolve_actor_text(text: str, date: str | None = None, model: str | None = None) -> Actor | None:
    """The actor a short phrase names ("Iraqi security forces" → IRQMIL), on ``date``.

    Uses the same parse and composition rules as the event coder, so this is what
    the coder would put in a source or target slot for that phrase.
    """
    from ..nlp.pipeline import load_nlp
    from .dictionary import load_default_dictionary
    from .mentions import ActorResolver, find_mentions

    if not text or not text.strip():
        return None
    nlp = load_nlp(model)
    doc = nlp(text.strip())
    dictionary = load_default_dictionary()
    day = date[:10] if date and len(date) >= 10 and date[:4].isdigit() else None
    mentions = find_mentions(doc, dictionary, day)
    resolver = ActorResolver(doc, mentions, dictionary)
    root = next(iter(doc.sents)).root
    actor = resolver.actor_for(root)
    if actor is None:
        for m in mentions:
            if m.kind == "actor":
                return resolver.actor_for(doc[m.end - 1]) or Actor(
                    m.code, m.name, dictionary.country_of(m.code), doc[m.start : m.end].text
                )
    return actor


__all__ = ["resolve_actor_text"]
