"""Where did the event of a trigger happen? Read it off the dependency parse.

Search the trigger's clause outwards (nearest first): prepositional locatives
("in Vienna", "near Muqdadiya"), also when attached to the trigger's arguments
("Police in Caracas arrested", "leaders in the Iraqi capital"); objects that
are places ("seized the Iraqi cities of Mosul and Tikrit"); generic place nouns
lead to the name they govern ("a street in the city of Mosul"). Actor mentions
(``exclude``) are never places: "Tehran said" is the government speaking.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import replace

from spacy.tokens import Span, Token

from bedfellows.places.gazetteer import Gazetteer, get_gazetteer
from bedfellows.records import Place

from ..nlp.cache import doc_ents, span_ents

log = logging.getLogger(__name__)

LOC_PREPS = frozenset(
    "in at near inside outside across throughout within around along into on over off"
    " outside nearby beside amid onto towards toward to".split()
)
# destinations ("to Moscow") are weaker evidence than "in"/"at"/"near"
WEAK_PREPS = frozenset({"to", "towards", "toward", "into", "onto", "on", "over"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
NOT_PLACE_ENTS = frozenset(
    {
        "DATE",
        "TIME",
        "CARDINAL",
        "ORDINAL",
        "MONEY",
        "PERCENT",
        "QUANTITY",
        "NORP",
        "LANGUAGE",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "PRODUCT",
    }
)
# nouns that stand for a place and lead to its name: "the city of Mosul"
PLACE_NOUNS = frozenset(
    "city cities town towns village villages province provinces region regions capital"
    " district districts area areas neighborhood neighbourhood street streets square"
    " outskirts suburb suburbs border borders camp camps base bases port ports"
    " governorate state county municipality island islands enclave stronghold".split()
)
# clauses that describe a different event: do not look for its place there
SKIP_DEPS = frozenset({"ccomp", "relcl", "conj", "parataxis", "csubj", "acl", "punct", "cc"})
MAX_DEPTH = 5


def _children(tok: Token, sent: Span) -> Iterator[Token]:
    for c in tok.children:
        if sent.start <= c.i < sent.end:
            yield c


def _entity_span(tok: Token) -> Span | None:
    """The named entity the token belongs to (without a leading 'the')."""
    if not tok.ent_type_:
        return None
    for ent in doc_ents(tok.doc):
        if ent.start <= tok.i < ent.end:
            start = ent.start
            while start < ent.end - 1 and tok.doc[start].lower_ == "the":
                start += 1
            end = ent.end
            while end > start + 1 and tok.doc[end - 1].tag_ == "POS":
                end -= 1
            return tok.doc[start:end]
    return None


def _name_tokens(tok: Token) -> list[Token]:
    """The tokens naming a place headed by ``tok``: its entity or compound chain."""
    ent = _entity_span(tok)
    if ent is not None:
        return list(ent)
    left = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return sorted([*left, tok], key=lambda t: t.i)


def _country_hints(tok: Token, gz: Gazetteer) -> list[str]:
    """Countries the noun phrase itself names: 'the Iraqi cities of ...' -> IRQ."""
    out = []
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod") and (c.ent_type_ in ("NORP", "GPE")):
            ent = _entity_span(c)  # "a South Korean island": the whole nationality, not "Korean"
            iso3 = gz.country_code(ent.text if ent is not None else c.text) or gz.country_code(c.text)
            if iso3:
                out.append(iso3)
    return out


class _Resolver:
    def __init__(self, sent: Span, gz: Gazetteer, prefer: Sequence[str], exclude: set[int] | frozenset[int]) -> None:
        self.sent, self.gz, self.prefer, self.exclude = sent, gz, list(prefer), exclude

    def geocode_tokens(self, toks: list[Token], hints: list[str]) -> Place | None:
        if not toks or all(t.i in self.exclude for t in toks):
            return None
        text = "".join(t.text_with_ws for t in toks).strip()
        prefer = list(dict.fromkeys([*hints, *self.prefer]))
        return self.gz.geocode(text, prefer)

    def place_of(self, tok: Token, depth: int = 0, hints: Sequence[str] = (), named: bool = False) -> Place | None:
        """The place a noun phrase headed by ``tok`` names, if any."""
        if depth > 3 or (tok.ent_type_ in NOT_PLACE_ENTS and not named):
            return None
        if tok.i in self.exclude:
            return None
        hints = [*_country_hints(tok, self.gz), *hints]
        lemma = tok.lemma_.lower() or tok.lower_
        if tok.pos_ in ("NOUN",) and lemma in PLACE_NOUNS or tok.lower_ in PLACE_NOUNS:
            # "Cairo's outskirts", "the city of Mosul", "the Iraqi capital"
            for c in _children(tok, self.sent):
                if c.dep_ == "poss":
                    p = self.place_of(c, depth + 1, hints)
                    if p:
                        return p
            for c in _children(tok, self.sent):
                if c.dep_ == "prep" and c.lower_ in ("of", "in", "near"):
                    for obj in _children(c, self.sent):
                        if obj.dep_ == "pobj":
                            # "the city of Erbil": the place noun vouches for the name, whatever NER said
                            p = self.place_of(obj, depth + 1, hints, named=c.lower_ == "of")
                            if p:
                                return p
            names = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if names:  # "Kandahar province", "Diyala governorate"
                p = self.geocode_tokens([*names, tok], hints)
                if p:
                    return p
            text = "".join(t.text_with_ws for t in tok.subtree).strip()
            if lemma == "capital" and hints:
                cap = self.gz.capital_of(hints[0])
                if cap is not None:
                    return replace(cap, text=text)
            if hints:  # "a South Korean island", "an Iraqi town": somewhere in that country
                country = self.gz.country(hints[0])
                if country is not None:
                    return replace(country, text=text)
            return None
        is_name = tok.pos_ == "PROPN" or tok.ent_type_ in PLACE_ENTS or (named and tok.text[:1].isupper())
        if not is_name:
            return None
        if tok.ent_type_ == "FAC" or tok.ent_type_ == "":
            # "Cairo's Tahrir Square": the city is the place we can geocode reliably
            for c in _children(tok, self.sent):
                if c.dep_ == "poss":
                    p = self.place_of(c, depth + 1, hints)
                    if p:
                        return p
        if (tok.ent_type_ == "PERSON" or tok.ent_type_ == "ORG") and not named:
            return None
        toks = _name_tokens(tok)
        p = self.geocode_tokens(toks, hints)
        if p is None:
            for c in _children(tok, self.sent):
                if c.dep_ == "poss":
                    p = self.place_of(c, depth + 1, hints)
                    if p:
                        break
        return p


def _candidates(trigger: Token, sent: Span) -> list[tuple[float, int, Token]]:
    """(rank, position, token) of noun phrases that may say where the event was."""
    out: list[tuple[float, int, Token]] = []
    stack: list[tuple[Token, int]] = [(trigger, 0)]
    seen = {trigger.i}
    while stack:
        tok, depth = stack.pop()
        for c in _children(tok, sent):
            if c.i in seen or c.dep_ in SKIP_DEPS:
                continue
            seen.add(c.i)
            if c.dep_ == "prep" and c.lower_ in LOC_PREPS:
                weak = 1.5 if c.lower_ in WEAK_PREPS else 0.0
                for obj in _children(c, sent):
                    if obj.dep_ == "pobj":
                        out.append((depth + weak, obj.i, obj))
                        for conj in obj.conjuncts:
                            out.append((depth + weak + 0.1, conj.i, conj))
            elif c.dep_ in ("dobj", "nsubjpass", "attr", "npadvmod") and tok.i == trigger.i:
                # an object that is a place ("seized the cities of Mosul and Tikrit")
                out.append((depth + 0.5, c.i, c))
            if depth + 1 < MAX_DEPTH:
                stack.append((c, depth + 1))
    out.sort(key=lambda x: (x[0], x[1]))
    return out


def _fallback(trigger: Token, sent: Span, resolver: _Resolver) -> Place | None:
    """A GPE/LOC entity elsewhere in the trigger's clause that is not an actor."""
    for ent in span_ents(sent):
        if ent.label_ not in ("GPE", "LOC"):
            continue
        root = ent.root
        if root.i not in {t.i for t in trigger.subtree}:
            continue
        if root.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "poss", "agent", "compound", "amod", "iobj"):
            continue
        if root.dep_ == "pobj" and root.head.lower_ not in LOC_PREPS:
            continue
        p = resolver.place_of(root)
        if p:
            return p
    return None


def locate_event(
    sent: Span,
    trigger: Token,
    prefer_countries: Sequence[str] = (),
    exclude: set[int] | frozenset[int] = frozenset(),
    gazetteer: Gazetteer | None = None,
) -> Place | None:
    """The place where the event of ``trigger`` happened, from its clause, else None.

    ``exclude`` holds doc-level token indices of actor mentions; a place is never
    built from those alone. The article's country is deliberately not a fallback.
    """
    gz = gazetteer if gazetteer is not None else get_gazetteer()
    resolver = _Resolver(sent, gz, prefer_countries, exclude)
    for _rank, _pos, tok in _candidates(trigger, sent):
        place = resolver.place_of(tok)
        if place is not None:
            return place
    return _fallback(trigger, sent, resolver)
