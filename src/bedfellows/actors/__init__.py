"""Actors: dictionaries, mentions in text, and their resolution to CAMEO-style codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .dictionary import ActorDictionary


def resolve_actor_text(
    text: str, date: str | None = None, model: str | None = None, context: str | None = None
) -> Actor | None:
    """The actor a short phrase names ("Iraqi security forces" → IRQMIL), on ``date``.

    Uses the same parse and composition rules as the event coder, so this is what
    the coder would put in a source or target slot for that phrase. ``context`` is what
    the surrounding article says about where we are ("Mexico", "Colombian defense"): its
    country anchors phrases that name no country of their own ("Defense Minister"), as
    the article's countries do for the coder.
    """
    from ..nlp.pipeline import load_nlp
    from .dictionary import load_default_dictionary
    from .mentions import ActorResolver, _combine, find_mentions

    if not text or not text.strip():
        return None
    nlp = load_nlp(model)
    doc = nlp(text.strip())
    dictionary = load_default_dictionary()
    day = date[:10] if date and len(date) >= 10 and date[:4].isdigit() else None
    mentions = find_mentions(doc, dictionary, day, typo_tolerant=True)
    resolver = ActorResolver(doc, mentions, dictionary)
    anchor = _context_country(nlp(context.strip()), dictionary, day) if context and context.strip() else None
    if anchor:
        resolver.context.country_counts[anchor] = 1
    root = next(iter(doc.sents)).root
    actor = resolver.actor_for(root)
    if actor is None:
        for m in mentions:
            if m.kind == "actor" and not resolver.opposed(m):
                return resolver.actor_for(doc[m.end - 1]) or Actor(
                    m.code, m.name, dictionary.country_of(m.code), doc[m.start : m.end].text
                )
    if anchor and actor is None:
        head = next((m for m in mentions if m.kind == "agent" and m.start <= root.i < m.end), None)
        if head is not None:  # "Defense Minister" (parsed as an organisation) in German news
            code = _combine(anchor, head.code)
            return Actor(code, dictionary.name_of(code), anchor, doc.text)
        if any(t.pos_ == "PROPN" or t.text.isupper() for t in doc):
            # an organisation the dictionaries do not know ("the PRD"), named in that country's news
            return Actor(anchor, dictionary.name_of(anchor), anchor, doc.text)
    return actor


def _context_country(doc: Doc, dictionary: ActorDictionary, day: str | None) -> str | None:
    """The first country the context names ("Mexican", "Colombian defense")."""
    from .mentions import find_mentions

    for m in find_mentions(doc, dictionary, day):
        if m.kind == "actor":
            country = dictionary.country_of(m.code)
            if country:
                return country
    return None


__all__ = ["resolve_actor_text"]
