"""Actor mentions in a parsed document and their resolution to actor codes.

A *mention* is a dictionary match (a named actor such as "Hassan Rouhani" or
"Iraq", or an agent noun such as "troops"). A noun phrase is resolved to an
actor by combining its mentions the way CAMEO composes codes: a country with an
agent ("Iraqi security forces" → IRQMIL), a named organisation over its members
("Fighters of ISIL" → IMGMUSISI), people by their role on the article's date.
Pronouns and short definite references ("he", "the group") go through a small
article-level memory of recent actors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.attrs import ENT_TYPE, LOWER
from spacy.tokens import Doc, Span, Token

from ..records import Actor
from .dictionary import ActorDictionary

# Words that make a single-token name ambiguous when lower-cased in running text.
_DETERMINERS = {"the", "a", "an"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
GROUP_PRONOUNS = {"it", "its", "they", "them", "their", "theirs"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our", "ours"}
GROUP_NOUNS = {
    "group",
    "organization",
    "organisation",
    "militants",
    "jihadists",
    "insurgents",
    "extremists",
    "fighters",
    "rebels",
    "movement",
    "militia",
    "network",
}
# clause-level relations that end a noun phrase (their subtrees describe something else)
_NP_STOP = {"relcl", "acl", "advcl", "conj", "cc", "punct", "appos", "parataxis", "ccomp", "xcomp"}
_NP_PREPS = {"of", "from", "in", "by", "within", "inside"}
_QUANTIFIERS = {
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "scores",
    "tens",
    "number",
    "group",
    "crowd",
    "crowds",
    "some",
    "many",
    "several",
    "most",
    "all",
    "two",
    "three",
    "four",
    "five",
    "members",
    "team",
    "squad",
    "unit",
    "contingent",
    "band",
    "handful",
    "dozen",
}
# Nouns of events: "in X" after them is where it happened, not whose they are.
_EVENT_HEADS = {
    "agreement",
    "deal",
    "accord",
    "treaty",
    "pact",
    "talk",
    "talks",
    "meeting",
    "summit",
    "conference",
    "negotiation",
    "attack",
    "strike",
    "airstrike",
    "protest",
    "rally",
    "demonstration",
    "ceasefire",
    "truce",
    "election",
    "war",
    "fighting",
    "clash",
    "operation",
    "offensive",
    "visit",
    "raid",
    "bombing",
    "explosion",
    "crackdown",
    "session",
}
_NON_STATE = ("REB", "UAF", "INS", "SEP", "RAD")
_ARMED = ("MIL", "REB", "UAF", "INS", "IMG", "SEP")


@dataclass(frozen=True)
class Mention:
    """A dictionary match over doc tokens [start, end)."""

    start: int
    end: int
    kind: str  # "actor" | "agent"
    code: str  # actor code valid on the article date, or agent code such as "~MIL"
    name: str | None
    is_person: bool
    is_capital: bool = False
    generic: str | None = None  # the agent code when the name is also a generic noun ("Senate": ~LEG)

    def country_code_in(self, mentions: Sequence[Mention]) -> bool:
        """Whether another mention in the phrase names this person's country ("Afghan ... Ghani")."""
        return any(m is not self and m.is_country and m.code == self.code[:3] for m in mentions)

    @property
    def is_country(self) -> bool:
        return self.kind == "actor" and len(self.code) == 3


def find_mentions(doc: Doc, dictionary: ActorDictionary, day: str | None, typo_tolerant: bool = False) -> list[Mention]:
    """Longest dictionary matches, left to right, never overlapping.

    Words the parser tags as places or nationalities may be one typo off a country ("Colombain");
    ``typo_tolerant`` extends that to any capitalised word, for short actor phrases given alone
    (where the parser has no sentence to tag from)."""
    out: list[Mention] = []
    i = 0
    n = len(doc)
    strings = doc.vocab.strings
    cols = doc.to_array([LOWER, ENT_TYPE]).tolist() if n else []
    lowers = [strings[row[0]] for row in cols]
    # only words the parser tags as places or nationalities can be a misspelt country in running
    # text (see _misspelt_country): the Token is built for those alone
    country_ents = {strings[label] for label in _COUNTRY_ENTS}  # symbols, not hashes: ask the store
    maybe_country = [typo_tolerant or row[1] in country_ents for row in cols]
    while i < n:
        bucket = dictionary.trie.get(lowers[i])
        matched = None
        if bucket:
            for tokens, kind, idx in bucket:
                k = len(tokens)
                if i + k > n or tuple(lowers[i : i + k]) != tokens:
                    continue
                if kind in ("actor", "place") and not _looks_like_name(doc[i : i + k]):
                    continue
                if kind == "actor" and k == 1 and lowers[i] in dictionary.given_names:
                    continue  # "Khalid said": a first name alone is never an actor
                matched = (k, kind, idx)
                break
        if matched is None:
            titled = _titled_surname(doc, i, out, dictionary, day) or (
                _misspelt_country(doc[i], dictionary, typo_tolerant) if maybe_country[i] else None
            )
            if titled is not None:
                out.append(titled)
            i += 1
            continue
        k, kind, idx = matched
        if kind == "place":
            i += k  # "the Gulf of Aden", "the South China Sea": a sea, not Yemen or China
            continue
        span = doc[i : i + k]
        span_tokens = tuple(lowers[i : i + k])
        if kind == "actor":
            entry = dictionary.entries[idx]
            code = entry.code_on(day)
            if code is None or (span[0].ent_iob_ == "I" and span[0].ent_type_ == "PERSON" and len(code) == 3):
                i += k  # "Jordan" in "Michael Jordan" is a name, not the country
                continue
            is_person = any(t.ent_type_ == "PERSON" for t in span) or _person_entry(entry.name, code)
            capital = False
            country = dictionary.countries.get(code) if len(code) == 3 else None
            if country is not None and country.capital and span.text.lower() == country.capital.lower():
                capital = True
            name = dictionary.name_of(code) if len(code) == 3 else entry.name
            generic = next(
                (dictionary.agent_codes[j] for t, kd, j in bucket or () if kd == "agent" and t == span_tokens), None
            )
            out.append(Mention(i, i + k, "actor", code, name, is_person, capital, generic))
        else:
            out.append(Mention(i, i + k, "agent", dictionary.agent_codes[idx], None, False))
        i += k
    return out


_COUNTRY_ENTS = ("GPE", "NORP")
_TITLE_ROLES = ("GOV", "LEG", "MIL", "JUD", "SPY", "COP", "OPP")


def _titled_surname(
    doc: Doc, i: int, found: Sequence[Mention], dictionary: ActorDictionary, day: str | None
) -> Mention | None:
    """ "Secretary Hicks", "President Solih": a capitalised surname right after a title names the
    one person of that surname in office on the day (a lookup, only after a title)."""
    title = found[-1] if found else None
    if title is None or title.end != i or title.kind != "agent" or title.code.strip("~")[:3] not in _TITLE_ROLES:
        return None
    tok = doc[i]
    if not tok.text[:1].isupper() or tok.pos_ != "PROPN":
        return None
    if i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN" and doc[i + 1].text[:1].isupper():
        return None  # "President Ibrahim X": a full name the dictionaries do not know
    hit = dictionary.person_by_surname(tok.lower_, day)
    if hit is None:
        return None
    idx, code = hit
    return Mention(i, i + 1, "actor", code, dictionary.entries[idx].name, True)


def _misspelt_country(tok: Token, dictionary: ActorDictionary, tolerant: bool = False) -> Mention | None:
    """ "Kazahks", "Dehli": a word one typo away from exactly one country's one-word name or
    demonym. In running text only words the parser tags as places or nationalities, of six letters
    or more ("Child" is not "Chile"); a phrase given alone: any capitalised word of five or more."""
    if not tok.text[:1].isupper() or not tok.is_alpha:
        return None
    if tolerant:
        if len(tok.text) < 5:
            return None
    elif tok.ent_type_ not in ("GPE", "NORP") or len(tok.text) < 6:
        return None
    code = dictionary.near_country(tok.text)
    if code is None:
        return None
    return Mention(tok.i, tok.i + 1, "actor", code, dictionary.name_of(code), False)


# words of institutions' names: "United States Congress" or "White House" is no "he"
_INSTITUTION_WORDS = {
    "congress", "council", "committee", "ministry", "department", "party", "government", "court",
    "assembly", "parliament", "senate", "army", "forces", "force", "agency", "office", "commission",
    "union", "bank", "front", "movement", "organization", "organisation", "group", "service",
    "services", "guard", "police", "authority", "administration", "republic", "kingdom", "states",
    "military", "navy", "cabinet", "house", "presidency", "bureau", "coalition", "federation",
    "association", "society", "reserve", "duma", "of", "the",
}  # fmt: skip


# Words of international bodies' names that are not people's ("Arab League", "Red Crescent").
_BODY_WORDS = {
    "nations", "league", "alliance", "community", "fund", "programme", "program", "tribunal", "secretariat",
    "cross", "crescent", "watch", "international", "amnesty", "doctors", "borders", "children", "world",
    "african", "european", "arab", "islamic", "united", "atomic", "energy", "trade", "health", "food",
    "monetary", "red", "human", "rights", "relief", "refugees", "development", "economic", "pact",
}  # fmt: skip


def surname_he(tok: Token) -> bool:
    """Whether a capitalised "He" is the Chinese surname, not the pronoun ("He Zhihua", "He Yafei").

    The parser tags it PRON; the name that follows it is capitalised and a proper noun or part of
    a PERSON entity. A date or place after "He" ("He Monday ...") is not a given name.
    """
    if tok.text != "He" or tok.i + 1 >= len(tok.doc):
        return False
    nxt = tok.doc[tok.i + 1]
    if not (nxt.text.isalpha() and nxt.text[:1].isupper() and nxt.text.lower() not in PERSON_PRONOUNS | GROUP_PRONOUNS):
        return False
    return nxt.ent_type_ == "PERSON" or tok.ent_type_ == "PERSON" or (nxt.pos_ == "PROPN" and not nxt.ent_type_)


def is_pronoun(tok: Token) -> bool:
    """A personal or group pronoun that refers back to an actor (never the surname He)."""
    if surname_he(tok):
        return False
    return tok.pos_ == "PRON" or tok.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS | FIRST_PERSON


def _person_entry(name: str, code: str) -> bool:
    words = set(name.lower().replace("-", " ").split())
    if code.startswith(("IGO", "NGO")) and " " in name and len(name) < 40:
        # an international body's officer ("Moussa Faki Mahamat"), not the body ("United Nations")
        return not (words & (_INSTITUTION_WORDS | _BODY_WORDS))
    if not (len(code) > 3 and code[3:6] in ("GOV", "ELI", "OPP", "LEG", "JUD") and " " in name and len(name) < 40):
        return False
    return not (words & _INSTITUTION_WORDS)


def _looks_like_name(span: Span) -> bool:
    """A named actor must be written like a name: capitalised, or all caps ("ISIL")."""
    words = [t for t in span if t.lower_ not in _DETERMINERS and t.text[:1].isalpha()]
    if not words:
        return False
    first = words[0]
    if not first.text[:1].isupper():
        return False
    if len(span) == 1 and len(first.text) <= 3 and first.text.isalpha() and not first.text.isupper():
        return False  # short names are acronyms: "UN", "US", "EU" — not "Un", "Us"
    # "US" is a name; "us" is a pronoun; "May" at a sentence start is rarely a country
    return not (len(span) == 1 and first.pos_ == "PRON")


@dataclass
class ResolverContext:
    """Article-level memory for pronouns and short references."""

    last_person: Actor | None = None
    last_group: Actor | None = None
    last_subject: Actor | None = None
    country_counts: dict[str, int] = field(default_factory=dict)
    accusations: list[tuple[Actor, Actor]] = field(default_factory=list)  # (accuser, accused), in order
    article_counts: dict[str, int] = field(default_factory=dict)  # countries named anywhere in the article
    recent_countries: list[str] = field(default_factory=list)  # in the order the article names them
    roles: dict[str, Actor] = field(default_factory=dict)  # role word → who last held it with a country
    # the two parties last named together ("Abiy met Isaias", "Israel and Hamas"), for "the two
    # leaders", "both sides"; whether they were a coordinated subject, and where that sentence ended
    last_pair: tuple[Actor, Actor] | None = None
    pair_coordinated: bool = False
    pair_end: int = -1

    def note_pair(self, a: Actor, b: Actor, coordinated: bool, sentence_end: int) -> None:
        self.last_pair = (a, b)
        self.pair_coordinated = coordinated
        self.pair_end = sentence_end

    def note(self, actor: Actor, is_person: bool, as_subject: bool) -> None:
        if is_person:
            self.last_person = actor
        elif actor.code.startswith("IMG") or actor.code[3:6] in _NON_STATE:
            self.last_group = actor  # "the group", "the militants" refer back to armed non-state actors
        if as_subject and not is_person:
            self.last_subject = actor
        if actor.country:
            self.country_counts[actor.country] = self.country_counts.get(actor.country, 0) + 1
            self.recent_countries.append(actor.country)

    def main_country(self, exclude: Iterable[str | None] = ()) -> str | None:
        skip = set(exclude)
        counts = self.country_counts or self.article_counts
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        for iso3, _ in ranked:
            if iso3 not in skip:
                return iso3
        return None


class ActorResolver:
    """Resolves noun phrases of one document to actors."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], dictionary: ActorDictionary) -> None:
        self.doc = doc
        self.dictionary = dictionary
        self.by_token: dict[int, Mention] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                self.by_token[i] = m
        self.context = ResolverContext()
        self.speaker_at: dict[int, Actor] = {}  # token index → speaker of the quote holding it
        self.speaker_pronoun_at: dict[int, int] = {}  # token index → the pronoun that speaks it
        self._pronouns_resolving: set[int] = set()  # guards "many of whom": see resolve_pronoun
        # countries the document names outright (not through a generic name such as "Senate")
        named: dict[str, int] = {}
        for m in mentions:
            c = dictionary.country_of(m.code) if m.kind == "actor" and m.generic is None else None
            if c:
                named[c] = named.get(c, 0) + 1
        self.named_countries = named
        self.people: dict[str, Actor] = {}  # surname → actor, for people introduced with title and country

    # -- noun phrase → actor -------------------------------------------------
    def np_tokens(self, head: Token) -> list[Token]:
        """The tokens of ``head``'s noun phrase, without clauses or coordinated phrases."""
        out = [head]
        stack = [c for c in head.children]
        while stack:
            t = stack.pop()
            if t.dep_ in _NP_STOP:
                continue
            if t.dep_ == "prep" and t.lower_ not in _NP_PREPS:
                continue
            if t.dep_ == "prep" and t.lower_ in ("in", "within", "inside") and t.head.lemma_.lower() in _EVENT_HEADS:
                continue  # "leaders in the Iraqi capital" say whose; "talks in Geneva" say where
            out.append(t)
            stack.extend(t.children)
        return sorted(out, key=lambda t: t.i)

    def actors_for(self, head: Token, sentence_countries: Sequence[str] = ()) -> list[Actor]:
        """Actors of a phrase and of the phrases coordinated with it ("Iran and Russia")."""
        pair = self._pair_for(head)
        if pair:
            return pair
        shared = self._shared_head_actors(head)
        if shared:
            return shared
        heads = [head, *[c for c in head.conjuncts if c.i > head.i]]
        # a coordination the parser buried inside the phrase ("US President Donald Trump and
        # North Korean leader Kim Jong Un met", parsed with "leader" as a conjunct of "Trump")
        stack = [c for c in head.children if c.dep_ in ("compound", "appos", "amod", "nmod")]
        while stack:
            t = stack.pop()
            for c in t.children:
                if c.dep_ == "conj" and c not in heads:
                    heads.extend(x for x in (t, c) if x not in heads)  # both sides of the buried "and"
                elif c.dep_ in ("compound", "appos", "amod", "nmod"):
                    stack.append(c)
        out: list[Actor] = []
        for h in heads:
            a = self.actor_for(h, sentence_countries)
            if a is not None and all(a.code != b.code for b in out):
                out.append(a)
        return out

    # -- the two parties named together --------------------------------------
    def _pair_for(self, head: Token) -> list[Actor]:
        """ "the two leaders", "both sides", "each side", "each other"; "it" and "they" whose clause's
        subject is one of those; "they" right after a sentence whose subject was two parties
        ("Israel and Hamas agreed ... They ..."): the two parties last named together."""
        pair = self.context.last_pair
        if pair is None:
            return []
        ref = pair_reference(head)
        if ref is not None and ref != "reciprocal" and self.names_an_actor(head):
            return []  # "the two Libyan delegations": two parties of one country, not the pair named before
        if ref is None and is_pronoun(head) and head.lower_ in GROUP_PRONOUNS:
            subj = self._governing_subject(head)
            if subj is not None:
                ref = pair_reference(subj)
                if ref is None:
                    return []  # "India said it would ...": the clause's own subject
            elif head.lower_ in ("they", "them", "their") and self.context.pair_coordinated:
                ref = "pair" if self.context.pair_end == head.sent.start else None
        if ref is None:
            return []
        return [Actor(a.code, a.name, a.country, head.text) for a in pair]

    def mutual(self, verbs: Iterable[Token], subj: Token | None) -> bool:
        """Whether an act is each party's towards the other: "accused each other", "each side
        vowed to retaliate" (or "it" under "each side")."""
        for verb in verbs:
            for c in verb.children:
                if pair_reference(c) == "reciprocal":
                    return True
                if c.dep_ == "prep" and any(pair_reference(p) == "reciprocal" for p in c.children):
                    return True  # "agreed with each other", "fired at one another"
        if subj is not None and is_pronoun(subj):
            subj = self._governing_subject(subj)
        return subj is not None and pair_reference(subj) == "each"

    def _governing_subject(self, tok: Token) -> Token | None:
        """The subject of the clause that governs a pronoun ("Each side said it ..." → side)."""
        head = tok.head
        while head.head.i != head.i:
            head = head.head
            for c in head.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i and not is_pronoun(c):
                    return c
        return None

    def remember_parties(self, sent: Span, dyads: Iterable[tuple[Actor | None, Actor | None]] = ()) -> None:
        """Note the two parties a sentence names together: a coordination ("Israel and Hamas",
        "between Ukraine and Russia"; a coordinated subject first), else the last two parties coded
        as acting on each other ("Abiy met Isaias", the sentence's ``dyads``). "The two Libyan
        factions" speaks of two others: the pair named before is forgotten."""
        if any(pair_reference(t) in ("pair", "each") and self.names_an_actor(t) for t in sent):
            self.context.last_pair = None
        for subject_only in (True, False):
            for t in sent:
                if subject_only != (t.dep_ in ("nsubj", "nsubjpass")):
                    continue
                if not subject_only and not any(c.dep_ == "conj" for c in t.children):
                    continue
                if not subject_only and _where(t):
                    continue  # "in Israel and Gaza": places, not parties
                found = _parties(self.actors_for(t))
                if len(found) >= 2:
                    self.context.note_pair(found[0], found[1], subject_only, sent.end)
                    return
        for source, target in reversed(list(dyads)):
            if source is not None and target is not None:
                found = _parties((source, target))
                if len(found) == 2:
                    self.context.note_pair(found[0], found[1], False, sent.end)
                    return

    def _shared_head_actors(self, head: Token) -> list[Actor]:
        """ "Iranian and Iraqi officials": coordinated modifiers share the head noun, so each
        country gets its own officials (IRNGOV, IRQGOV), not one composite and two bare countries."""
        head_m = self.by_token.get(head.i)
        if head_m is None or head_m.kind != "agent":
            return []
        for mod in head.children:
            if mod.dep_ not in ("amod", "compound") or not mod.conjuncts:
                continue
            out: list[Actor] = []
            for t in (mod, *mod.conjuncts):
                m = self.by_token.get(t.i)
                if m is None or m.kind != "actor" or not m.is_country:
                    return []
                code = _combine(m.code, head_m.code)
                a = Actor(code, self.dictionary.name_of(m.code), self.dictionary.country_of(code), t.text)
                if all(a.code != b.code for b in out):
                    out.append(a)
            return out
        return []

    def actor_for(self, head: Token, sentence_countries: Sequence[str] = ()) -> Actor | None:
        low = head.lower_
        country_us = head.text in ("US", "U.S.") and head.i in self.by_token  # the country, not "us"
        if not country_us and is_pronoun(head):
            return self.resolve_pronoun(head)
        if low in _QUANTIFIERS or head.pos_ == "NUM":
            for c in head.children:  # "dozens of protesters", "thousands of demonstrators"
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return self.actor_for(p, sentence_countries)
        tokens = self.np_tokens(head)
        mentions: list[Mention] = []
        seen: set[int] = set()
        for t in tokens:
            m = self.by_token.get(t.i)
            if m is not None and m.start not in seen:
                seen.add(m.start)
                mentions.append(m)
        text = self.doc[tokens[0].i : tokens[-1].i + 1].text if tokens else head.text
        if not mentions:
            for t in tokens:  # "my national security team": the possessor stands for the actor
                if t.dep_ == "poss" and t.lower_ in FIRST_PERSON | PERSON_PRONOUNS | GROUP_PRONOUNS:
                    return self.resolve_pronoun(t)
            if head.lower_ in GROUP_NOUNS and any(c.lower_ == "the" for c in head.children):
                return self.context.last_group
            known = self.people.get(head.lower_) if head.pos_ == "PROPN" and head.text[:1].isupper() else None
            if known is not None:  # "Arango said", after "Colombian Defense Minister Felipe Arango"
                return Actor(known.code, known.name, known.country, text)
            return None
        actor = self.compose(head, mentions, text, sentence_countries)
        if actor is not None and actor.country and _former(head):
            # "a former CIA official", "former Iraqi officials": CAMEO codes who no longer hold a role as elites
            code = actor.code[:3] + "ELI"
            actor = Actor(code, actor.name, actor.country, actor.text)
        if (
            actor is not None
            and (actor.country or actor.code.startswith(("IGO", "NGO")))
            and head.pos_ == "PROPN"
            and (head.ent_type_ == "PERSON" or (head.i in self.by_token and self.by_token[head.i].is_person))
        ):
            # a person introduced with a title and a country or an international body: the article
            # later calls them by a surname alone ("Moussa Faki Mahamat" is then "Faki" or "Mahamat";
            # a first name alone is never the person)
            person = self.by_token.get(head.i)
            names = (
                [t for t in self.doc[person.start : person.end] if t.pos_ == "PROPN"]
                if person is not None and person.is_person
                else [t for t in self.np_tokens(head) if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"]
            )
            for t in names[1:] if len(names) > 1 else names:
                self.people.setdefault(t.lower_, actor)
        return actor

    def compose(
        self, head: Token, mentions: Sequence[Mention], text: str, sentence_countries: Sequence[str] = ()
    ) -> Actor | None:
        # "an anti-Syria journalist" is not Syrian: what a phrase is against is not who it is
        actors = [m for m in mentions if m.kind == "actor" and not self.opposed(m)]
        agents = [m for m in mentions if m.kind == "agent"]
        head_m = self.by_token.get(head.i)
        # a named actor at the head wins ("Iranian President Hassan Rouhani")
        if head_m is not None and head_m.kind == "actor":
            titled = [a for a in agents if a.code == "~GOV" and a.start < head_m.start]
            if head_m.is_person and titled and head_m.code[3:6] != "GOV" and head_m.country_code_in(actors):
                # "Afghan President Ashraf Ghani": the title in the text beats a stale dictionary role
                return Actor(head_m.code[:3] + "GOV", head_m.name, self.dictionary.country_of(head_m.code), text)
            local = self._local_institution(head, head_m, sentence_countries)
            if local is not None:
                # "the Senate" in news that never names the United States is that country's senate
                return Actor(local, self.dictionary.name_of(local[:3]), self.dictionary.country_of(local), text)
            employer = self._employer(head_m, actors, agents)
            if employer is not None:
                # "U.N. mediator Diego Cordovez", "U.S. envoy X": whom the titled person acts for, as
                # the text says, beats the country the dictionary files the person under
                code = employer.code if not employer.is_country else _combine(employer.code, titled_code(agents))
                return Actor(code, head_m.name, self.dictionary.country_of(code), text)
            home = self._residence(head, head_m, actors, sentence_countries)
            if home is not None:
                # "ethnic Albanians in south Serbia": a people named with where they live act there
                return Actor(home, self.dictionary.name_of(home), self.dictionary.country_of(home), text)
            owner = self._owner_country(head, head_m, actors)
            if owner is not None:
                # "Chile's Defense Department": the owner named in the text beats the dictionary's
                # default country of a generic institution (there, the US one)
                code = owner.code + head_m.code[3:]
                return Actor(code, self.dictionary.name_of(owner.code), self.dictionary.country_of(code), text)
            return self._actor(head_m.code + ("GOV" if head_m.is_capital else ""), head_m, text)
        # named organisations dominate their members ("Fighters of ISIL", "ISIS forces")
        orgs = [m for m in actors if not m.is_country and m.code[:3] not in self.dictionary.countries]
        if orgs:
            return self._actor(orgs[0].code, orgs[0], text)
        agent_code = None
        if head_m is not None and head_m.kind == "agent":
            agent_code = head_m.code
            if agent_code == "~GOV":
                # "army spokesman", "police officials", "leaders of the opposition": a generic head speaks
                # for the body that modifies it
                specific = [a for a in agents if a is not head_m and a.code != "~GOV"]
                if specific:
                    agent_code = specific[-1].code
        elif agents and (actors or head.ent_type_ == "PERSON" or sentence_countries):
            agent_code = agents[-1].code  # "Iraqi security forces", or a title: "President Volodymyr Zelensky"
        # the actor nearest before the head (a modifier), else the first after it
        before = [m for m in actors if m.start < head.i]
        base = before[-1] if before else (actors[0] if actors else None)
        if base is None:
            kids = list(head.children)
            anaphoric_group = any(c.lower_ == "both" for c in kids) or (
                any(c.lower_ == "the" for c in kids) and any(c.dep_ == "nummod" for c in kids)
            )
            if agent_code is None or anaphoric_group or any(c.lower_ in ("a", "an") for c in kids):
                return None  # "a spokesman", "the two leaders": whose, the phrase does not say
            region = self._region_country(head)
            if region is not None:
                code = _combine(region, agent_code)  # "the government of Sindh province" → PAKGOV
                return Actor(code, self.dictionary.name_of(region), region, text)
            if any(
                c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "ORG") and c.i not in self.by_token
                for c in head.children
            ):
                return None  # "Kurdish forces": a nationality we cannot code is not the article's country
            if (
                agent_code[1:4] in _NON_STATE
                and self.context.last_group is not None
                and any(c.lower_ == "the" for c in head.children)
            ):
                g = self.context.last_group  # "the militants", "the jihadists": the group named before
                return Actor(g.code, g.name, g.country, text)
            held = self._role_held_before(head, head_m, agents, agent_code)
            if held is not None:
                # "North Korea's ambassador to Malaysia ... Malaysia expelled the ambassador": a role
                # named again without a country is whoever the article last gave it to
                return Actor(held.code, held.name, held.country, text)
            if agent_code == "~REF":
                # "migrants at the border with Belarus": the displaced are not of the place they are in
                return Actor(_combine("", agent_code), None, None, text)
            # "President Zelensky ... cut ties with Moscow": a titled person is not from the country acted upon
            named_person = head.ent_type_ == "PERSON" or (agent_code == "~GOV" and head.pos_ == "PROPN")
            country = self._country_said_before(head) if _the_country(head) else None
            country = country or next(iter(sentence_countries), None) or self.context.main_country(
                exclude=self._object_countries(head) if named_person else ()
            )
            code = _combine(country or "", agent_code)
            return Actor(code, self.dictionary.name_of(code) if country else None, country, text)
        if agent_code is None:
            code = base.code + ("GOV" if base.is_capital else "")
            return self._actor(code, base, text)
        actor = self._actor(_combine(base.code, agent_code), base, text)
        role = _role_word(head, head_m, agents)
        if role is not None and base.is_country:
            self.context.roles[role] = actor
        return actor

    def _role_held_before(
        self, head: Token, head_m: Mention | None, agents: Sequence[Mention], agent_code: str
    ) -> Actor | None:
        # only a definite singular role ("the ambassador") or a title before a name ("ambassador
        # Kang Chol"); "its leader" has its owner, "police officers" are no one in particular
        kids = list(head.children)
        definite = head.tag_ == "NN" and any(c.lower_ == "the" for c in kids)
        titled = head.pos_ == "PROPN" and any(a.end <= head.i for a in agents)
        if not (definite or titled) or any(t.dep_ == "poss" for t in self.np_tokens(head)):
            return None
        role = _role_word(head, head_m, agents)
        held = self.context.roles.get(role) if role is not None else None
        if held is None or not held.code.endswith(agent_code.strip("~")):
            return None
        return held

    def _country_said_before(self, head: Token) -> str | None:
        """ "Iranian state television says the country's foreign ministry ...": the country named
        last before the phrase, in its sentence."""
        for i in range(head.i - 1, head.sent.start - 1, -1):
            m = self.by_token.get(i)
            if m is not None and m.kind == "actor":
                country = self.dictionary.country_of(m.code)
                if country:
                    return country
        return None

    def _local_institution(self, head: Token, head_m: Mention, sentence_countries: Sequence[str]) -> str | None:
        """A generic institution name ("Senate", "Defense Department") that the dictionaries file
        under one country stands for the country the text is about when that country is never
        named outright: local news says "the Senate", not "the Colombian Senate". Countries the
        sentence acts upon ("sanctions against Russia") are not where the institution sits."""
        if head_m.generic is None:
            return None
        home = self.dictionary.country_of(head_m.code)
        if home is None or home in self.named_countries or home in self.context.country_counts:
            return None
        acted_upon = self._object_countries(head)
        local = next((c for c in sentence_countries if c not in acted_upon), None)
        local = local or self.context.main_country(exclude=acted_upon)
        if local is None:
            ranked = sorted(self.named_countries.items(), key=lambda kv: -kv[1])
            local = next((c for c, n in ranked if n >= 2 and c not in acted_upon), None)
        if local is None or local == home:
            return None
        return _combine(local, head_m.generic)

    def _region_country(self, head: Token) -> str | None:
        """The country of a province, state or town the dictionaries lack, named in the phrase
        ("Sindh province police", "the governor of Kherson"), from GeoNames; places the article's
        countries hold are preferred ("Tripoli" in news about Lebanon)."""
        for t in self.np_tokens(head):
            if t.ent_type_ != "GPE" or t.pos_ != "PROPN" or t.i in self.by_token or t.i == head.i:
                continue
            ent = next((e for e in self.doc.ents if e.start <= t.i < e.end), None)
            if ent is None or any(x.i in self.by_token for x in ent):
                continue
            from ..places.gazetteer import get_gazetteer

            place = get_gazetteer().geocode(ent.text, prefer_countries=tuple(self.named_countries))
            if place is not None and place.country in self.dictionary.countries:
                return place.country
        return None

    def opposed(self, m: Mention) -> bool:
        """Whether the mention follows "anti" ("anti-Syria", "anti - American")."""
        j = m.start - 1
        if j >= 0 and self.doc[j].text == "-":
            j -= 1
        return j >= 0 and self.doc[j].lower_ in ("anti", "anti-")

    def _employer(self, head_m: Mention, actors: Sequence[Mention], agents: Sequence[Mention]) -> Mention | None:
        """The state or organisation a titled person is named as serving ("U.N. mediator X"),
        when it is not the person's own country in the dictionary."""
        if not head_m.is_person:
            return None
        titles = [a for a in agents if a.start < head_m.start]
        if not titles:
            return None
        for m in reversed(actors):
            if m is head_m or m.is_person or m.end > titles[-1].start:
                continue
            if m.code[:3] == head_m.code[:3] or self.doc[m.start : m.end].root.dep_ in ("pobj", "poss"):
                return None
            return m
        return None

    def _residence(
        self, head: Token, head_m: Mention, actors: Sequence[Mention], sentence_countries: Sequence[str] = ()
    ) -> str | None:
        """The country a people lives in: "of COUNTRY" after a plural nationality noun; for an
        *ethnic* group also "in COUNTRY", or the place the sentence names ("ethnic Turks ... in Sweden")."""
        if not head_m.is_country or head.tag_ not in ("NNS", "NNPS") or not head.text.endswith("s"):
            return None
        ethnic = any(c.lower_ == "ethnic" for c in head.children)
        # "Americans in Iraq" stay American; "ethnic Albanians in Serbia", "Albanians of Serbia" do not
        preps = ("in", "of") if ethnic else ("of",)
        for m in actors:
            if m.start <= head_m.start or not m.is_country or m.code == head_m.code:
                continue
            # the country itself is the object ("of southern Serbia"), not a modifier of it
            # ("of the Israeli-occupied West Bank" is of the West Bank)
            t = self.doc[m.start : m.end].root
            if t.dep_ == "pobj" and t.head.lower_ in preps and t.head.head.i == head.i:
                return m.code
        if ethnic:
            # else the first other country the sentence names ("ethnic Turks ... protest Sweden's decision")
            named = [self.dictionary.country_of(m.code) for m in self._sentence_actors(head) if m.is_country]
            return next((c for c in (*sentence_countries, *named) if c and c != head_m.code), None)
        return None

    def _sentence_actors(self, head: Token) -> list[Mention]:
        out: list[Mention] = []
        for t in head.sent:
            m = self.by_token.get(t.i)
            if m is not None and m.kind == "actor" and m.start == t.i:
                out.append(m)
        return out

    def _owner_country(self, head: Token, head_m: Mention, actors: Sequence[Mention]) -> Mention | None:
        """A country that owns a generic national institution at the head ("Chile's Defense
        Department", "Russian Defense Ministry") when the dictionary files it under another country.
        Only plain country+role codes (``USAMIL``) are re-owned, never named groups (``SYRREBSDF``)."""
        code = head_m.code
        if head_m.is_person or len(code) != 6 or code[:3] not in self.dictionary.countries:
            return None
        for m in actors:
            if m is head_m or not m.is_country or m.start >= head_m.start or m.code == code[:3]:
                continue
            last = self.doc[m.end - 1]
            owns = last.dep_ == "poss" or any(c.dep_ == "case" for c in last.children)
            if owns or (
                (last.head.i == head.i or head_m.start <= last.head.i < head_m.end)
                and last.dep_ in ("amod", "compound")
            ):
                return m
        return None

    def names_an_actor(self, head: Token) -> bool:
        """Whether the phrase itself names a dictionary actor (not only an agent noun)."""
        return any((m := self.by_token.get(t.i)) is not None and m.kind == "actor" for t in self.np_tokens(head))

    def _object_countries(self, head: Token) -> set[str | None]:
        """Countries the sentence names as someone acted upon ("cut ties with Moscow"):
        an unnamed "President" in the same sentence is not from there."""
        out: set[str | None] = set()
        for t in head.sent:
            m = self.by_token.get(t.i)
            if m is None or m.kind != "actor" or t.i in {x.i for x in head.subtree}:
                continue
            if t.dep_ in ("dobj", "pobj", "dative") or t.head.dep_ in ("dobj", "pobj"):
                out.add(self.dictionary.country_of(m.code))
        return out

    def _actor(self, code: str, mention: Mention, text: str) -> Actor:
        country = self.dictionary.country_of(code)
        name = mention.name if len(mention.code) > 3 else self.dictionary.name_of(code[:3]) or mention.name
        return Actor(code, name, country, text)

    # -- pronouns ------------------------------------------------------------
    def resolve_pronoun(self, tok: Token) -> Actor | None:
        # "killed 40 rebels, many of whom ...": the quantifier resolves through its pronoun and the
        # pronoun through the clause's subject, the quantifier again; a pronoun met twice is unresolved.
        if tok.i in self._pronouns_resolving:
            return None
        self._pronouns_resolving.add(tok.i)
        try:
            return self._resolve_pronoun(tok)
        finally:
            self._pronouns_resolving.discard(tok.i)

    def _resolve_pronoun(self, tok: Token) -> Actor | None:
        if surname_he(tok):
            return None  # "He Zhihua": a name the dictionaries do not know, not "he"
        low = tok.lower_
        antecedent = _relative_antecedent(tok)
        if antecedent is not None and antecedent.i == tok.i:
            return None
        if antecedent is not None:
            # "arrested 40 protesters, many of whom ...", "protesters who threw stones": the noun the
            # relative clause describes, never the main clause's subject
            a = self.actor_for(antecedent)
            return Actor(a.code, a.name, a.country, tok.text) if a is not None else None
        if low in FIRST_PERSON:
            speaker = self.speaker_at.get(tok.i)
            if speaker is None and tok.i in self.speaker_pronoun_at:
                # '"We will ...," he said': who "he" is depends on the article so far
                speaker = self.resolve_pronoun(self.doc[self.speaker_pronoun_at[tok.i]])
            if speaker is None:
                return None
            return Actor(speaker.code, speaker.name, speaker.country, tok.text)
        if low in PERSON_PRONOUNS:
            # "Bouteflika said he is prepared": the governing subject first, then memory
            a = self._same_sentence_subject(tok) or self.context.last_person
        elif low == "them" or (tok.dep_ in ("dobj", "pobj", "dative") and low == "it"):
            # "imposed sanctions on Iranian companies, accusing them of ...": an earlier object in
            # the sentence; else ("We will not allow them to ...") the group named before
            a = self._earlier_object(tok) or self.context.last_group or self.context.last_subject
        else:
            a = self._same_sentence_subject(tok) or self.context.last_subject or self.context.last_group
        if a is None:
            return None
        return Actor(a.code, a.name, a.country, tok.text)

    def _earlier_object(self, tok: Token) -> Actor | None:
        for t in reversed(list(tok.sent[: tok.i - tok.sent.start])):
            if t.dep_ in ("dobj", "pobj") and t.pos_ in ("NOUN", "PROPN"):
                a = self.actor_for(t)
                if a is not None:
                    return a
        return None

    def _same_sentence_subject(self, tok: Token) -> Actor | None:
        """ "India said it would ..." : "it" is the subject of the governing clause."""
        head = tok.head
        while head.head.i != head.i:
            head = head.head
            for c in head.children:
                if c.dep_ == "nsubj" and c.i < tok.i and not is_pronoun(c):
                    a = self.actor_for(c)
                    if a is not None:
                        return a
        return None


_WHERE_PREPS = {"in", "at", "near", "inside", "outside", "across", "around", "throughout"}


def _where(tok: Token) -> bool:
    """Whether a phrase is under a locative ("in the Swiss city", "near Kharkiv")."""
    while tok.dep_ in ("amod", "compound", "poss", "nmod", "conj") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in _WHERE_PREPS


def _party_key(a: Actor) -> str:
    """A state is one party whatever its organ (ETH, ETHGOV); a non-state group is its own (ETHREBTPLF)."""
    if a.country and not (len(a.code) > 3 and a.code[3:6] in (*_NON_STATE, "IMG")):
        return a.country
    return a.code


def _parties(actors: Iterable[Actor]) -> list[Actor]:
    """One actor per party, the most specific of each (ETHGOV over ETH), in the order named."""
    out: dict[str, Actor] = {}
    for a in actors:
        k = _party_key(a)
        if k not in out or len(a.code) > len(out[k].code):
            out[k] = a
    return list(out.values())


@lru_cache(maxsize=1)
def _pair_words() -> dict[str, frozenset[str]]:
    text = resources.files("bedfellows.data").joinpath("pair_references.tsv").read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    for line in text.splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 2:
            continue
        out.setdefault(cols[1].strip(), set()).add(cols[0].strip().lower())
    return {k: frozenset(v) for k, v in out.items()}


def may_refer_to_pair(lowers: Sequence[str]) -> bool:
    """A cheap test on lower-cased words, before parsing: whether a sentence may hold a reference
    to two parties named before ("the two leaders", "both sides", "each other")."""
    words = _pair_words()
    quantifiers = words.get("both", frozenset()) | words.get("each", frozenset()) | words.get("two", frozenset())
    nouns = words.get("noun", frozenset())
    reciprocal = words.get("reciprocal", frozenset())
    for i, low in enumerate(lowers):
        if i and f"{lowers[i - 1]} {low}" in reciprocal:
            return True
        if low in nouns and any(w in quantifiers for w in lowers[max(0, i - 3) : i]):
            return True
    return False


def pair_reference(head: Token) -> str | None:
    """How a phrase refers back to two parties named together (``pair_references.tsv``): "pair"
    ("the two leaders", "both sides"), "each" ("each side": each towards the other), "reciprocal"
    ("each other", "one another"); None for anything else ("two leaders met", "neither side")."""
    words = _pair_words()
    low = head.lower_
    if head.i > 0 and f"{head.doc[head.i - 1].lower_} {low}" in words.get("reciprocal", frozenset()):
        return "reciprocal"
    if low not in words.get("noun", frozenset()) or head.pos_ not in ("NOUN", "PROPN"):
        return None
    kids = {c.lower_ for c in head.children if c.i < head.i}
    if kids & words.get("each", frozenset()):
        return "each"
    if kids & words.get("both", frozenset()):
        return "pair"
    if kids & words.get("two", frozenset()) and "the" in kids:
        return "pair"
    return None


_RELATIVE_PRONOUNS = {"who", "whom", "which", "that", "whose"}


def _relative_antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun stands for: the head of the relative clause that holds it
    ("protesters, many of whom were beaten" → protesters); the pronoun itself when that head names
    no one ("those who ..."); None when the pronoun is not in a relative clause."""
    if tok.lower_ not in _RELATIVE_PRONOUNS or tok.tag_ not in ("WP", "WDT", "WP$"):
        return None
    cur = tok
    for _ in range(6):
        if cur.dep_ == "relcl":
            head = cur.head
            # "those who support it": a demonstrative says no one; a personal pronoun is resolved itself
            ok = head.pos_ in ("NOUN", "PROPN", "NUM") or head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS
            return head if ok and head.i != tok.i else tok
        if cur.head.i == cur.i or cur.dep_ in ("ccomp", "advcl", "conj", "parataxis"):
            return None
        cur = cur.head
    return None


def _the_country(head: Token) -> bool:
    """ "the country's foreign ministry", "the nation's army": owned by a country named before."""
    return any(
        c.dep_ == "poss" and c.lower_ in ("country", "nation", "state") and any(d.lower_ == "the" for d in c.children)
        for c in head.children
    )


def _role_word(head: Token, head_m: Mention | None, agents: Sequence[Mention]) -> str | None:
    """The role a phrase names ("ambassador" in "the ambassador", "ambassador Kang Chol",
    "North Korea's ambassador"), as a key of the article's role memory."""
    m = head_m if head_m is not None and head_m.kind == "agent" else (agents[-1] if agents else None)
    if m is None:
        return None
    return head.doc[m.start : m.end].root.lemma_.lower()


def _former(head: Token) -> bool:
    """Whether "former"/"ex-" qualifies the head or its title ("former President X", "ex-minister")."""
    for t in head.children:
        if t.lower_ in ("former", "ex") and t.dep_ in ("amod", "advmod", "compound", "nmod"):
            return True
        if t.dep_ in ("compound", "amod") and t.i < head.i:
            if any(g.lower_ in ("former", "ex") for g in t.children):
                return True
    return False


def titled_code(agents: Sequence[Mention]) -> str:
    """The role of the last title in a phrase ("~GOV" for "mediator", "envoy", "minister")."""
    return agents[-1].code if agents else "~GOV"


def _combine(base: str, agent: str) -> str:
    """CAMEO composition: country + role (IRQ + ~MIL → IRQMIL); role prefixes (MIL~) first."""
    if agent.startswith("~"):
        suffix = agent[1:]
        if len(base) > 3:
            return base if base.endswith(suffix) or base[3:6] in _ARMED else base + suffix
        return base + suffix
    if agent.endswith("~"):
        return agent[:-1] + base
    return base + agent
