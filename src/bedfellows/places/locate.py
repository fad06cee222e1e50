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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from importlib import resources

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


def _place_nouns() -> frozenset[str]:
    """Nouns that stand for a place and lead to its name ("the city of Mosul"): place_nouns.tsv."""
    text = resources.files("bedfellows.data").joinpath("place_nouns.tsv").read_text(encoding="utf-8")
    return frozenset(line.split("\t")[0].strip() for line in text.splitlines() if line and not line.startswith("#"))


PLACE_NOUNS = _place_nouns()
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


def _names_its_place(tok: Token, sent: Span) -> bool:
    """A place noun that gives its name: "the capital, Khartoum", "the city of Mosul"."""
    return any(
        c.dep_ == "appos" and c.pos_ == "PROPN"
        or c.dep_ == "prep" and c.lower_ == "of" and any(p.dep_ == "pobj" and p.pos_ == "PROPN" for p in c.children)
        for c in _children(tok, sent)
    )


class _Resolver:
    def __init__(
        self,
        sent: Span,
        gz: Gazetteer,
        prefer: Sequence[str],
        exclude: set[int] | frozenset[int],
        actors: Mapping[int, str | None] | None = None,
    ) -> None:
        self.sent, self.gz, self.prefer, self.exclude = sent, gz, list(prefer), exclude
        self.actors: Mapping[int, str | None] = actors if actors is not None else dict.fromkeys(exclude)

    def geocode_tokens(self, toks: list[Token], hints: list[str], named: bool = False) -> Place | None:
        if not toks or (not named and all(t.i in self.exclude for t in toks)):
            return None
        text = "".join(t.text_with_ws for t in toks).strip()
        prefer = list(dict.fromkeys([*hints, *self.prefer]))
        return self.gz.geocode(text, prefer)

    def place_of(self, tok: Token, depth: int = 0, hints: Sequence[str] = (), named: bool = False) -> Place | None:
        """The place a noun phrase headed by ``tok`` names, if any."""
        if depth > 3 or (tok.ent_type_ in NOT_PLACE_ENTS and not named):
            return None
        lemma = tok.lemma_.lower() or tok.lower_
        if tok.i in self.exclude and not named and not (lemma in PLACE_NOUNS and _names_its_place(tok, self.sent)):
            # "the capital said", "Khartoum said": the government; "the capital, Khartoum" is a place
            return None
        hints = [*_country_hints(tok, self.gz), *hints]
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
            for c in _children(tok, self.sent):
                if c.dep_ == "appos":  # "the capital, Khartoum"
                    p = self.place_of(c, depth + 1, hints, named=True)
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
        p = self.geocode_tokens(toks, hints, named)
        if p is None:
            for c in _children(tok, self.sent):
                if c.dep_ == "poss":
                    p = self.place_of(c, depth + 1, hints)
                    if p:
                        break
        return p


def _describes_actor(tok: Token, place: Place, actors: Mapping[int, str | None]) -> bool:
    """Is the locative ``tok`` (the object of "in") where an actor named under another
    preposition is, rather than where the event was? "a deal with the government in Seoul"
    (Korea's government in Korea), but "a meeting with Syria's president in Saudi Arabia" and
    "police in Caracas arrested" (the subject) do say where it happened. ``actors`` maps the
    tokens of actor mentions to their country (None: unknown)."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "pobj":
        return False
    noun = tok.head.head
    if noun.i not in actors or noun.dep_ != "pobj" or noun.head.lower_ in LOC_PREPS:
        return False
    country = actors[noun.i]
    return country is None or country == place.country


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
        if p and not _describes_actor(root, p, resolver.actors):
            return p
    return None


#: Prepositions that say something happened there: a scene of the article ("in Khartoum",
#: "near the border town of Kuznica"); destinations and "on" ("sanctions on Russia") are not.
SCENE_PREPS = frozenset("in at near inside outside across throughout within around along amid".split())


def places_named(
    sent: Span,
    prefer_countries: Sequence[str] = (),
    gazetteer: Gazetteer | None = None,
    actors: Mapping[int, str | None] | None = None,
) -> list[tuple[int, Place]]:
    """(character offset, place) of every locative phrase of the sentence, whoever's event it is.

    An article names the scene of its events once ("protesters in the capital, Khartoum") and
    then tells them without it; the article-level stage lends these places to events whose own
    clause names none. A country under a locative is a place here too ("in Sudan"). ``actors``:
    the countries of actor mentions by doc-level token ("the government in Seoul" is no scene)."""
    gz = gazetteer if gazetteer is not None else get_gazetteer()
    resolver = _Resolver(sent, gz, prefer_countries, frozenset(), actors)
    out: list[tuple[int, Place]] = []
    for tok in sent:
        if tok.dep_ != "prep" or tok.lower_ not in SCENE_PREPS:
            continue
        for obj in _children(tok, sent):
            if obj.dep_ != "pobj":
                continue
            for head in (obj, *obj.conjuncts):
                place = resolver.place_of(head)
                if place is not None and not _describes_actor(head, place, resolver.actors):
                    out.append((head.idx, place))
    return out


def dateline_location(names: Sequence[str], gazetteer: Gazetteer | None = None) -> Place | None:
    """The place a dateline names ("BEIRUT", "Lebanon"): the city, towards the country given."""
    if not names:
        return None
    gz = gazetteer if gazetteer is not None else get_gazetteer()
    prefer = [c for c in (gz.country_code(n) for n in names[1:]) if c]
    city = names[0].title() if names[0].isupper() else names[0]
    place = gz.geocode(city, prefer)
    if place is not None and prefer and place.country not in prefer:
        return None  # "Janda, Afghanistan" is not a town of that name elsewhere
    return place


def locate_event(
    sent: Span,
    trigger: Token,
    prefer_countries: Sequence[str] = (),
    exclude: set[int] | frozenset[int] = frozenset(),
    gazetteer: Gazetteer | None = None,
    actors: Mapping[int, str | None] | None = None,
) -> Place | None:
    """The place where the event of ``trigger`` happened, from its clause, else None.

    ``exclude`` holds doc-level token indices of actor mentions; a place is never
    built from those alone. The article's country is deliberately not a fallback.
    """
    gz = gazetteer if gazetteer is not None else get_gazetteer()
    resolver = _Resolver(sent, gz, prefer_countries, exclude, actors)
    for _rank, _pos, tok in _candidates(trigger, sent):
        place = resolver.place_of(tok)
        if place is not None and not _describes_actor(tok, place, resolver.actors):
            return place
    return _fallback(trigger, sent, resolver)
