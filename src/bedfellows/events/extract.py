"""From a parsed article to event records.

For each sentence: find triggers (lexicon verbs, event nouns under light
verbs, PETRARCH dictionary verbs), decide each trigger's modality from the
parse (negation, modal auxiliaries, conditionals, questions, and the verbs that
govern it: deny, rule out, consider, threaten...), find source and target
phrases (active and passive voice, control, coordination, prepositional
targets), resolve them to actors, then attach date, place, quote and numbers.

Only asserted actions become events of their own kind; an action under a
governing verb becomes what the governor does with it (a denial, a rejection,
a consideration, a threat, an expression of intent, an accusation, an appeal)
or nothing. Rule names record each step, so every event can be explained.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from .. import __version__
from ..actors.dictionary import ActorDictionary, extend_with_user_dictionaries, load_default_dictionary
from ..actors.mentions import ActorResolver, Mention, find_mentions, surname_he
from ..nlp.datelines import dateline_spans
from ..records import Actor, Article, Event, Place, make_event_id
from .codebook import Codebook, load_codebook
from .discourse import SentenceActor, complete_targets
from .lexicon import (
    ACCUSE,
    APPEAL,
    ARMED_ROLES,
    ARRIVAL_VERBS,
    CLAIM_NOUNS,
    COMPLEMENT_GOVERNORS,
    CONSIDER,
    DEMAND,
    DENY,
    FAIL,
    FORCE_ARRIVAL_CODE,
    FORCE_WORDS,
    GOVERNORS,
    HYPOTHETICAL,
    INTEND,
    ISSUING_VERBS,
    LIGHT_VERBS,
    MODALS_HYPOTHETICAL,
    NOUN_GOVERNORS,
    OBJECT_CONTROL_VERBS,
    REJECT,
    THREATEN,
    Lexicon,
    load_lexicon,
)
from .scene import NamedPlace, complete_places
from .topic import article_topic

log = logging.getLogger(__name__)

NOUN_GOVERNOR_RULE = "noun-governor:"

TARGET_PREPS = ("against", "with", "to", "on", "into", "at", "toward", "towards", "from", "for", "over", "between")
COMPLEMENT_DEPS = {
    "xcomp",
    "ccomp",
    "pcomp",
    "pobj",
    "prep",
    "dobj",
    "acl",
    "relcl",
    "conj",
    "advcl",
    "nsubj",
    "nsubjpass",
    "attr",
    "oprd",
    "dative",
    "agent",
    "appos",
    "npadvmod",
}
CONDITION_MARKS = {"if", "unless", "whether"}
CLAUSE_BREAK_MARKS = {
    "though",
    "although",
    "while",
    "but",
    "because",
    "since",
    "after",
    "before",
    "when",
    "as",
    "whereas",
}
RECIPROCAL_ROOTS = {"03", "04", "05", "06", "19"}
COOPERATIVE_ROOTS = {"03", "04", "05", "06"}
# Material acts that a noun can report ("the detention of the president", "Russian strikes on Kyiv").
NOMINAL_ROOTS = {"16", "17", "18", "19", "20"}
# Roots of verbal acts (statements, appeals, intents, consultations, praise, demands, disapproval,
# rejections, threats): done by people who speak, never by an inanimate clause subject.
VERBAL_ROOTS = {"01", "02", "03", "04", "05", "10", "11", "12", "13"}
# Acts that two actors do together: "A and B met / signed / clashed" is A→B and B→A;
# "brokered by Qatar and Egypt" is not Qatar→Egypt.
RECIPROCAL_LEMMAS = {
    "upgrade",
    "strengthen",
    "deepen",
    "improve",
    "boost",
    "forge",
    "share",
    "trade",
    "renew",
    "meet",
    "talk",
    "negotiate",
    "agree",
    "sign",
    "clash",
    "fight",
    "cooperate",
    "restore",
    "establish",
    "resume",
    "normalize",
    "hold",
    "reach",
    "exchange",
    "discuss",
    "consult",
    "ink",
    "seal",
    "conclude",
}
DEFAULT_GOVERNOR_CODES = {
    DENY: "016",
    REJECT: "120",
    CONSIDER: "014",
    THREATEN: "130",
    INTEND: "030",
    ACCUSE: "112",
    APPEAL: "020",
}
# How an intended (future, conditional, hypothetical) action is expressed, by its root.
INTENT_BY_ROOT = {
    "04": "036",
    "05": "032",
    "06": "031",
    "07": "033",
    "08": "035",
    "03": "030",
    "02": "030",
}
THREAT_BY_ROOT = {
    "16": "131",
    "17": "137",
    "18": "1383",
    "19": "138",
    "20": "1385",
    "15": "138",
    "14": "133",
    "13": "130",
    "12": "130",
    "11": "130",
    "10": "130",
}
REJECT_BY_ROOT = {"06": "121", "07": "122", "04": "125", "08": "124", "05": "120", "03": "120"}
DEMAND_BY_ROOT = {"06": "101", "07": "103", "04": "106", "05": "102", "08": "105", "03": "101"}
APPEAL_BY_ROOT = {"06": "021", "07": "023", "04": "026", "05": "022", "08": "025", "03": "021"}
# A verb without a subject borrows its governor's subject only along these relations
# ("vowed to attack", "met and agreed", "saying ..."); never from "Sunni-dominated".
SUBJECT_CLIMB_DEPS = {"xcomp", "conj", "advcl", "relcl", "pcomp", "ccomp", "prep", "pobj", "dobj", "acomp"}
# Texts whose author is the actor of a clause attached to them ("a statement calling on ...").
ISSUED_TEXTS = {"statement", "report", "communique", "letter", "declaration", "resolution", "message", "appeal"}
AIMED_VERBS = {"fire", "shoot", "aim", "launch", "hurl", "throw", "lob", "strike", "open", "direct"}
LOCATIVE_PREPS = {"in", "at", "on", "near", "inside", "outside", "across", "along"}
# Material acts whose target, when no one is named, is the country where they happen.
PLACE_TARGET_ROOTS = {"07", "08", "14", "15", "16", "17", "18", "19", "20"}
# Roots whose events stand without a target: public statements (concern, optimism, condolences,
# claims of responsibility), statements of intent, appeals, protests, violence.
NOTARGET_ROOTS = {"01", "02", "03", "07", "09", "10", "11", "12", "13", "14", "17", "18", "19", "20"}
# Codes that stand without a target although their root needs one: a declared ceasefire,
# a withdrawal, disarmament or surrender, a build-up or alert of forces, a mediation ("the ELN declared a ceasefire",
# "rebels surrendered", "troops remained on alert", "launched a mediation effort in the Kashmir crisis").
NOTARGET_CODES = {"0871", "0873", "0874", "154", "150", "151", "152", "045"}
# "declined to comment", "refused to elaborate": CAMEO 011, a statement, not a rejection.
# Subjects that are the violence itself, not who did it ("a car bomb killed", "the blast wounded").
ATTACK_NOUNS = {
    "bomb", "bombing", "explosion", "blast", "attack", "airstrike", "strike", "shelling", "mine",
    "landmine", "rocket", "missile", "mortar", "grenade", "shell", "ambush", "raid", "gunfire", "fire",
    "device", "ied", "explosive", "drone", "shooting", "gunman", "gunmen", "assailant", "assailants",
}
# Sending or moving forces that the sentence says are peacekeepers is peacekeeping (074).
PEACEKEEPING_FROM = {"150", "042", "0334", "154", "036", "062", "070", "0874"}
YIELDING_VERBS = {"concede", "bow", "cave", "accede", "succumb", "yield", "give", "submit"}
PROTEST_NOUNS = {"protest", "demonstration", "rally", "march", "strike", "sit-in", "riot", "boycott", "walkout"}
QUANTITY_HEADS = {"part", "some", "most", "all", "half", "much", "portion", "rest", "many", "several", "none", "bulk"}
# Nouns that carry another ("the release of aid", "a shipment of weapons"): the carried noun decides.
CARRIER_NOUNS = {"release", "delivery", "provision", "shipment", "transfer", "distribution", "allocation", "dispatch"}
GENERIC_EFFORTS = {"effort", "mission", "package", "programme", "program", "campaign", "initiative", "bid"}
FAILED_AGREEMENT_VERBS = {"reach", "agree", "sign", "conclude", "strike", "seal", "broker", "secure"}
NO_COMMENT_VERBS = {"comment", "elaborate", "speculate", "confirm", "say", "discuss", "respond", "specify", "disclose"}
ADJECTIVE_GOVERNORS = {"committed", "prepared", "ready", "willing", "eager", "determined", "keen", "poised"}
SPEECH_VERBS = {
    "say",
    "tell",
    "state",
    "announce",
    "add",
    "stress",
    "insist",
    "reply",
    "note",
    "declare",
    "report",
    "confirm",
    "explain",
    "argue",
    "write",
    "assert",
    "maintain",
    "emphasize",
}


@dataclass
class Trigger:
    token: Token
    code: str
    rule: str
    notarget: bool
    obj: Token | None = None  # the event noun or object that carried the code
    governor_class: str | None = None


@dataclass
class Candidate:
    trigger: Trigger
    code: str
    rule: str
    modality: str
    target_from: Token  # the token whose arguments give the target


@dataclass
class ExtractorResources:
    dictionary: ActorDictionary
    lexicon: Lexicon
    codebook: Codebook
    verb_dictionary: Any = None
    gazetteer: Any = None
    verbs_first: bool = False  # a user's own verb dictionary outranks the core lexicon


@dataclass
class SentenceContext:
    """What every step of coding one sentence needs, passed as one value."""

    doc: Doc
    sent: Span
    index: int
    article: Article
    resolver: ActorResolver
    quotes: Sequence[Any]
    published: dt.date | None
    countries: Sequence[str]  # countries named under a locative in the sentence
    triggers: dict[int, Trigger] = field(default_factory=dict)  # token index → trigger, once found
    text: str = ""  # the sentence as written, stripped
    # the day the story's told events happened, from an earlier sentence ("on Friday"): (date, basis)
    story_date: tuple[str, str] | None = None


class EventExtractor:
    """Stateless over articles: one per process, shared by every interface."""

    keep_open_events = False  # see Coder: acts with no receiver named anywhere are dropped by default
    # A bare statement ("Iran said ...", 010) is attribution: the act reported is coded, a statement
    # that criticises, threatens or praises is coded as that, and "X said" alone is no event.
    keep_bare_statements = False

    def __init__(self, resources: ExtractorResources) -> None:
        self.r = resources
        self._trigger_words: frozenset[str] | None = None

    @classmethod
    def default(cls, dictionaries: str | None = None) -> EventExtractor:
        """The packaged resources, plus a user's PETRARCH/TABARI folder when given.

        A user's verb patterns are tried before the core lexicon (their curation wins)
        and replace the packaged PETRARCH-2 verbs.
        """
        dictionary = load_default_dictionary()
        verbs = None
        user_verbs = False
        if dictionaries:
            folder = Path(dictionaries)
            if not folder.is_dir():
                from ..errors import DictionaryError

                raise DictionaryError(f"--dictionaries {dictionaries!r} is not a folder of PETRARCH/TABARI files")
            from ..actors.validate import check_dictionary_folder

            check_dictionary_folder(folder)  # a junk file fails here, named, instead of changing results
            dictionary = extend_with_user_dictionaries(dictionary, folder)
        try:
            from .petrarch_verbs import load_default_verbs, read_verb_file

            verbs = load_default_verbs()
            if dictionaries:
                for path in sorted(p for p in Path(dictionaries).glob("*.txt") if "verb" in p.name.lower()):
                    # a user's verb files replace the packaged ones, as in PETRARCH: measured on the
                    # PETRARCH validation records, CAMEO.2.0 defaults behind them only add noise
                    verbs = read_verb_file(path) if not user_verbs else read_verb_file(path).merged(verbs)
                    user_verbs = True
        except ImportError:
            verbs = None
        except Exception:  # noqa: BLE001 - the core lexicon still works without it
            log.warning("PETRARCH verb dictionary unavailable", exc_info=True)
            verbs = None
        gazetteer = None
        try:
            from ..places import get_gazetteer

            gazetteer = get_gazetteer()
        except ImportError:
            gazetteer = None
        resources = ExtractorResources(dictionary, load_lexicon(), load_codebook(), verbs, gazetteer)
        resources.verbs_first = user_verbs
        return cls(resources)

    def trigger_words(self) -> frozenset[str]:
        """Every lower-case word form that can start a trigger: lexicon verbs and nouns with their
        inflections, governing and speech verbs, PETRARCH verb forms. A sentence with none of
        them cannot hold an event, so the fast path need not parse it."""
        if self._trigger_words is None:
            lemmas: set[str] = set(GOVERNORS) | SPEECH_VERBS | LIGHT_VERBS | ADJECTIVE_GOVERNORS | set(NOUN_GOVERNORS)
            lemmas |= set(self.r.lexicon.verbs) | set(self.r.lexicon.nouns)
            words: set[str] = set()
            for lemma in lemmas:
                words |= _inflections(lemma.split()[0])
            if self.r.verb_dictionary is not None:
                words |= {f.split()[0] for f in getattr(self.r.verb_dictionary, "forms", {}) if f}
            self._trigger_words = frozenset(words - _AUXILIARY_FORMS)
        return self._trigger_words

    # ------------------------------------------------------------------
    def extract(self, doc: Doc, article: Article) -> list[Event]:
        text = _doc_text(doc, article)
        topic = article_topic(text)
        if topic.gated:  # a match report, a market story, a storm: not political news
            log.debug("article %s not coded: %s news (cues %s)", article.id, topic.topic, topic.counts)
            return []
        day = article.published
        mentions = find_mentions(doc, self.r.dictionary, day)
        datelines = dateline_spans(text)
        if datelines:  # "GENEVA (Reuters) - ...": where the story was filed, not an actor
            mentions = [m for m in mentions if not any(a <= doc[m.start].idx < b for a, b in datelines)]
        resolver = ActorResolver(doc, mentions, self.r.dictionary)
        for m in mentions:  # the article's countries, so the first sentence knows them too
            country = self.r.dictionary.country_of(m.code) if m.kind == "actor" else None
            if country:
                resolver.context.article_counts[country] = resolver.context.article_counts.get(country, 0) + 1
        quotes = self._quotes(doc, text)
        self._attach_speakers(doc, text, quotes, resolver)
        published = dt.date.fromisoformat(day) if day else None
        events: list[Event] = []
        seen_sentences: set[str] = set()
        seen_keys: set[tuple[str, str, str, str]] = set()
        named: dict[int, list[SentenceActor]] = {}
        story_date: tuple[str, str] | None = None
        for s_index, sent in enumerate(doc.sents):
            norm = " ".join(text[sent.start_char : sent.end_char].split())
            sentence_mentions = [m for m in mentions if sent.start <= m.start < sent.end]
            if norm in seen_sentences or not norm:
                self._remember(resolver, sent, sentence_mentions)
                continue
            seen_sentences.add(norm)
            sent_countries = _sentence_countries(doc, sentence_mentions, self.r.dictionary)
            named[s_index] = self._named_actors(doc, sentence_mentions, resolver, sent_countries)
            ctx = SentenceContext(
                doc, sent, s_index, article, resolver, quotes, published, sent_countries,
                text=text[sent.start_char : sent.end_char].strip(),
            )
            ctx.story_date = story_date
            for ev in _drop_targetless_twins(list(self._sentence_events(ctx))):
                key = (norm, ev.source.code if ev.source else "", ev.target.code if ev.target else "", ev.cameo)
                if key in seen_keys:
                    continue
                seen_keys.add(key)
                events.append(ev)
                if ev.cameo.startswith("11") and ev.source and ev.target:
                    resolver.context.accusations.append((ev.source, ev.target))
                if (
                    ev.date
                    and ev.date_basis in ("explicit", "relative")
                    and ev.date_precision == "day"
                    and ev.modality == "asserted"
                    and ev.quote is None
                ):
                    story_date = (ev.date, ev.date_basis)
            # "the two leaders", "both sides" in the sentences that follow: who acted on whom here
            resolver.remember_parties(sent, [(ev.source, ev.target) for ev in events if ev.sentence_index == s_index])
            self._remember(resolver, sent, sentence_mentions)
        events = complete_targets(events, named, keep_open=self.keep_open_events)
        return self._complete_places(doc, text, events, resolver)

    def _complete_places(self, doc: Doc, text: str, events: list[Event], resolver: ActorResolver) -> list[Event]:
        """Lend the article's scene to events whose clause names no place (``events/scene.py``)."""
        if self.r.gazetteer is None or all(ev.location is not None for ev in events):
            return events
        try:
            from ..nlp.datelines import dateline_place
            from ..places import dateline_location, places_named

            countries = list(resolver.context.article_counts)
            actor_tokens = self._actor_countries(resolver, 0, len(doc))
            named = [
                NamedPlace(s_index, offset, _as_written(place) or place)
                for s_index, sent in enumerate(doc.sents)
                for offset, place in places_named(sent, countries, self.r.gazetteer, actor_tokens)
            ]
            named += [
                NamedPlace(ev.sentence_index, ev.trigger_span[0] if ev.trigger_span else ev.span[0], ev.location)
                for ev in events
                if ev.location is not None
            ]
            named.sort(key=lambda n: (n.sentence_index, n.offset))
            dateline = dateline_location(dateline_place(text), self.r.gazetteer)
            return complete_places(events, named, _as_written(dateline))
        except Exception:  # noqa: BLE001 - a place problem must not lose the events
            log.debug("article places failed", exc_info=True)
            return events

    @staticmethod
    def _named_actors(
        doc: Doc, mentions: Sequence[Mention], resolver: ActorResolver, sent_countries: Sequence[str]
    ) -> list[SentenceActor]:
        """The actors a sentence names, resolved once, for the article-level target stage."""
        out: list[SentenceActor] = []
        for m in mentions:
            head = doc[m.end - 1]
            if m.kind != "actor" or _under_locative(head) or _city(m, head, resolver.dictionary):
                continue  # "in Gaza", "forces defending Erbil": where, not whom
            a = resolver.actor_for(head, sent_countries)
            if a is not None:
                out.append(SentenceActor(a, doc[m.start].idx))
        return out

    # -- quotes and speakers -----------------------------------------------
    def _quotes(self, doc: Doc, text: str) -> list[Any]:
        try:
            from ..quotes import find_quotes
        except ImportError:
            return []
        try:
            return list(find_quotes(doc, text))
        except Exception:  # noqa: BLE001 - quotes are evidence, never fatal
            log.warning("quote detection failed", exc_info=True)
            return []

    def _attach_speakers(self, doc: Doc, text: str, quotes: Sequence[Any], resolver: ActorResolver) -> None:
        for q in quotes:
            if q.speaker_start is None:
                continue
            span = doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand")
            if span is None:
                continue
            qspan = doc.char_span(q.start, q.end, alignment_mode="expand")
            if qspan is None:
                continue
            if span.root.lower_ in ("he", "she", "they") and not surname_he(span.root):
                for t in qspan:  # resolved when the quote is coded, with the article read so far
                    resolver.speaker_pronoun_at[t.i] = span.root.i
                continue
            speaker = resolver.actor_for(span.root)
            if speaker is None and q.speaker_resolved_text:
                speaker = self._actor_from_text(doc, text, q.speaker_resolved_text, resolver)
            if speaker is None:
                continue
            for t in qspan:
                resolver.speaker_at[t.i] = speaker

    def _actor_from_text(self, doc: Doc, doc_text: str, text: str, resolver: ActorResolver) -> Actor | None:
        idx = doc_text.find(text)
        if idx < 0:
            return None
        span = doc.char_span(idx, idx + len(text), alignment_mode="expand")
        return resolver.actor_for(span.root) if span is not None else None

    def _remember(self, resolver: ActorResolver, sent: Span, mentions: Sequence[Mention]) -> None:
        """Update the pronoun memory with this sentence's actors (subjects last, so they win)."""

        def subject_last(m: Mention) -> bool:
            tok = self._doc_token(sent, m.end - 1)
            return tok is not None and tok.dep_ in ("nsubj", "nsubjpass")

        for m in sorted(mentions, key=subject_last):
            if m.kind != "actor":
                role = sent.doc[m.start : m.end].root
                if role.dep_ not in ("compound", "amod"):
                    resolver.actor_for(role)  # "North Korea's ambassador": the role memory learns who holds it
                continue
            tok = self._doc_token(sent, m.end - 1)
            a = resolver.actor_for(tok) if tok is not None else None
            if a is None:
                a = Actor(m.code, m.name, self.r.dictionary.country_of(m.code), m.name or "")
            resolver.context.note(a, m.is_person, as_subject=tok is not None and tok.dep_ in ("nsubj", "nsubjpass"))
        for tok in sent:
            # "President Volodymyr Zelensky declared ...": a subject the dictionary does not
            # name but the phrase resolves, so that "He called on ..." finds him
            if tok.dep_ == "nsubj" and tok.pos_ == "PROPN" and tok.i not in resolver.by_token:
                a = resolver.actor_for(tok)
                if a is not None:
                    resolver.context.note(a, tok.ent_type_ == "PERSON", as_subject=True)

    @staticmethod
    def _doc_token(sent: Span, i: int) -> Token | None:
        doc = sent.doc
        return doc[i] if 0 <= i < len(doc) else None

    # -- triggers ------------------------------------------------------------
    def _triggers(self, sent: Span) -> list[Trigger]:
        lex = self.r.lexicon
        out: list[Trigger] = []
        for tok in sent:
            if tok.pos_ == "ADJ" and tok.lower_ in ADJECTIVE_GOVERNORS:
                out.append(Trigger(tok, "030", f"governor:{tok.lower_}", True, governor_class=INTEND))
                continue
            if tok.pos_ == "NOUN" and _lemma(tok) in NOUN_GOVERNORS and _noun_complement(tok) is not None:
                # "renewed its demand that Israel ease the blockade": the noun governs its clause
                cls = NOUN_GOVERNORS[_lemma(tok)]
                noun = lex.nouns.get(_lemma(tok))
                own = noun.code if noun is not None else DEFAULT_GOVERNOR_CODES[cls]
                out.append(Trigger(tok, own, f"{NOUN_GOVERNOR_RULE}{_lemma(tok)}", True, governor_class=cls))
                continue
            if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.dep_ == "ROOT"):
                continue
            if tok.dep_ in ("amod", "compound", "nmod"):
                continue  # "Sunni-dominated", "US-led": modifiers, not actions
            key = lex.verb_key(tok)
            if tok.lemma_.lower() in lex.naming_verbs:
                predicate = _naming_predicate(tok)
                if predicate is not None:  # "called the detention an authoritarian act"
                    sensed = lex.statement_sense("".join(t.text_with_ws for t in predicate.subtree))
                    if sensed is not None:
                        out.append(Trigger(tok, sensed[0], f"naming:{tok.lemma_.lower()}>said:{sensed[1]}", False))
                    continue
            gov = GOVERNORS.get(key)
            if gov is None and key in COMPLEMENT_GOVERNORS and any(c.dep_ == "xcomp" for c in tok.children):
                gov = COMPLEMENT_GOVERNORS[key]
            if gov is None and key in SPEECH_VERBS and _obliging_complement(tok) is not None:
                out.append(Trigger(tok, "100", f"demand:{key}>must", True, governor_class=DEMAND))
                continue
            trig = None
            if self.r.verbs_first and self.r.verb_dictionary is not None and gov is None:
                trig = self._petrarch_trigger(tok)
            trig = trig or self._verb_trigger(tok, key)
            if trig is None and tok.lemma_.lower() in LIGHT_VERBS:
                trig = self._light_verb_trigger(tok)
            if trig is None and gov is None and self.r.verb_dictionary is not None:
                trig = self._petrarch_trigger(tok)
            if trig is None and gov is not None:
                trig = Trigger(tok, DEFAULT_GOVERNOR_CODES.get(gov, ""), f"governor:{key}", True)
            if trig is not None:
                if trig.code in PEACEKEEPING_FROM and _peacekeeping(tok):
                    # "deployed 300 troops to the UN peacekeeping mission in Mali": CAMEO 074
                    trig = Trigger(tok, "074", f"{trig.rule}>peacekeeping", trig.notarget, trig.obj)
                trig.governor_class = gov
                out.append(trig)
        return out

    def _verb_trigger(self, tok: Token, key: str) -> Trigger | None:
        rules = self.r.lexicon.rules_for(key)
        if not rules:
            return None
        obj = _direct_object(tok)
        obj_lemmas = set()
        if obj is not None:
            obj_lemmas = {obj.lemma_.lower(), obj.lower_}
            # "violated the ceasefire agreement": the compound says what kind of object it is
            obj_lemmas |= {c.lemma_.lower() for c in obj.children if c.dep_ == "compound"}
            # "suspended deliveries of aid", "declared a state of emergency": the of-phrase says what
            obj_lemmas |= {
                p.lemma_.lower()
                for c in obj.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj"
            }
        for rule in rules:
            if rule.objects is not None:
                if not (obj_lemmas & rule.objects):
                    continue
            if rule.object_class == "@none":  # "the two armies fought", not "fought the epidemic"
                if any(c.dep_ in ("dobj", "obj") for c in tok.children):
                    continue
            if rule.object_class == "@person":
                if obj is None or not any(t.ent_type_ == "PERSON" or t.pos_ == "PRON" for t in obj.subtree):
                    continue
            if rule.object_class == "@place":
                if obj is None or not self._is_place_phrase(obj):
                    continue
            if rule.object_class == "@actor":
                if obj is None or not self._phrase_has_actor(obj):
                    continue
            return Trigger(tok, rule.code, rule.name, rule.notarget, obj)
        return None

    def _light_verb_trigger(self, tok: Token) -> Trigger | None:
        obj = _direct_object(tok)
        if obj is None:
            return None
        noun = self.r.lexicon.nouns.get(obj.lemma_.lower()) or self.r.lexicon.nouns.get(obj.lower_)
        doc = obj.doc
        if noun is None and obj.i >= 2 and doc[obj.i - 1].text == "-":
            # "cease-fire", "air-strike": the hyphenated compound as one noun
            noun = self.r.lexicon.nouns.get(doc[obj.i - 2].lower_ + obj.lemma_.lower())
        if obj.lemma_.lower() in CARRIER_NOUNS:
            # "authorized the release of $1.2 billion in military assistance": what is released says what
            for t in obj.subtree:
                if t.i != obj.i and t.dep_ == "pobj" and t.lemma_.lower() in self.r.lexicon.nouns:
                    inner = self.r.lexicon.nouns[t.lemma_.lower()]
                    if inner.code[:2] in ("07", "15"):
                        noun = inner
                        break
        if noun is None and obj.lemma_.lower() in GENERIC_EFFORTS:
            # "launched a mediation effort", "a relief mission": the modifier says what kind
            for c in obj.children:
                if c.dep_ in ("compound", "amod") and c.lemma_.lower() in self.r.lexicon.nouns:
                    noun = self.r.lexicon.nouns[c.lemma_.lower()]
                    break
        if noun is None:
            # "air strikes": the compound carries the kind
            for c in obj.children:
                if c.dep_ == "compound" and c.lemma_.lower() == "air" and obj.lemma_.lower() == "strike":
                    noun = self.r.lexicon.nouns.get("airstrike")
        if noun is None:
            return None
        code = noun.code
        kinds = {c.lower_ for c in obj.children if c.dep_ in ("compound", "amod")}
        if noun.noun == "strike":
            if kinds & {"air", "missile", "drone"}:
                code = "195"
            elif kinds & {"hunger"}:
                code = "142"  # "staged a hunger strike"
            elif kinds & {"general", "labour", "labor", "workers", "national", "nationwide", "transport"}:
                code = "143"  # a labour strike is a protest, not an attack
        return Trigger(tok, code, f"core:noun:{tok.lemma_.lower()}+{noun.noun}", noun.notarget, obj)

    def _petrarch_trigger(self, tok: Token, allow_synonym_defaults: bool = False) -> Trigger | None:
        if tok.pos_ != "VERB":
            return None
        try:
            match = self.r.verb_dictionary.match(tok)
        except Exception:  # noqa: BLE001 - a dictionary edge case must not lose the article
            log.debug("verb dictionary match failed", exc_info=True)
            return None
        if match is None or not match.code:
            return None
        code = str(match.code).split(":")[0]
        if not code.isdigit() or code.startswith("01") and code != "014":
            return None
        if code not in self.r.codebook:
            return None  # an old or private code (e.g. PETRARCH-1 "222"): no Goldstein, no quad class
        if (
            not allow_synonym_defaults
            and match.rule.endswith(":default")
            and match.verb_block.replace("_", " ").lower() != tok.lemma_.lower()
        ):
            # a block's default code is safe for its head verb ("ARRIVE"), not for every
            # synonym filed under it ("take" under APPREHEND, "dominate" under DESTROY)
            return None
        return Trigger(tok, code, match.rule, False)

    def _is_place_phrase(self, tok: Token) -> bool:
        if tok.ent_type_ in ("GPE", "LOC", "FAC"):
            return True
        places = self.r.lexicon.place_nouns
        return any(t.ent_type_ in ("GPE", "LOC") or t.lemma_.lower() in places for t in tok.subtree)

    def _phrase_has_actor(self, tok: Token) -> bool:
        return any(t.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") for t in tok.subtree)

    # -- modality ------------------------------------------------------------
    def _own_modality(self, tok: Token) -> str:
        """Negation, modal auxiliaries, questions and future on the trigger itself."""
        for c in tok.children:
            if c.dep_ == "neg" or c.lower_ in ("never", "no"):
                return "negated"
            if c.dep_ in ("nsubj", "nsubjpass") and any(
                d.lower_ in ("no", "neither", "none") and d.dep_ in ("det", "preconj") for d in c.children
            ):
                return "negated"  # "Neither Armenia nor Azerbaijan has agreed", "No country has sent"
        if tok.dep_ == "ROOT" and tok.right_edge.text == "?":
            return "question"
        auxes = [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]
        if any(a in MODALS_HYPOTHETICAL for a in auxes) and "have" in auxes:
            return "speculated"  # "may have supplied": a guess about the past, not an event
        for c in tok.children:
            if c.dep_ == "aux" and c.lower_ in MODALS_HYPOTHETICAL:
                if c.lower_ in ("will", "shall", "'ll", "would", "wo") and c.i < tok.i:
                    return "intended"
                return "hypothetical"
            if c.dep_ == "aux" and c.lower_ == "to" and tok.dep_ in ("xcomp", "advcl") and tok.head.lemma_ == "be":
                return "intended"
            if c.dep_ == "aux" and c.lower_ == "to" and tok.head.lower_ in ("about", "set", "due", "poised"):
                return "intended"  # "is about to restore ties", "is due to sign"
        for c in tok.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in c.children):
                return "conditional"
        return "asserted"

    def _context(self, tok: Token, governors: dict[int, Trigger]) -> tuple[str, Trigger | None]:
        """Walk up from a trigger: the nearest governing verb, or a blocking context."""
        cur = tok
        while cur.head.i != cur.i:
            owner = _noun_clause_owner(cur)
            if owner is not None and owner.i != tok.i:
                if owner.i in governors:
                    return "governed", governors[owner.i]  # "its demand that Israel ease the blockade"
                if cur.dep_ == "advcl":
                    cur = owner  # "repeated its call for Russia to withdraw": the clause belongs to the noun
                    continue
            dep = cur.dep_
            head = cur.head
            if dep in ("advcl", "ccomp") and any(
                m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in cur.children
            ):
                return "antecedent", None  # "if Pyongyang conducts a test", "did not say whether ... eased"
            if head.lemma_.lower() in SPEECH_VERBS and any(c.dep_ == "neg" for c in head.children):
                return "negated", None  # "did not say that ...": nothing is asserted
            if dep == "advcl" and any(m.lower_ in ("before", "until") and m.dep_ == "mark" for m in cur.children):
                if cur.tag_ in ("VBP", "VBZ", "VB"):
                    return "antecedent", None  # "before they demobilize": not done yet
            if dep == "advcl" and any(m.dep_ == "mark" and m.lower_ in CLAUSE_BREAK_MARKS for m in cur.children):
                return "free", None
            if dep in ("parataxis",):
                return "free", None
            if dep == "conj" and head.dep_ == "ROOT":
                return "free", None
            if dep not in COMPLEMENT_DEPS:
                return "free", None
            if head.i in governors and head.i != tok.i:
                return "governed", governors[head.i]
            if (
                head.pos_ == "NOUN"
                and head.lemma_.lower() in CLAIM_NOUNS
                and dep in ("acl", "ccomp", "relcl")
                and not _text_acts(cur)
            ):
                return "claimed", None
            # a negated or hypothetical transparent verb passes its modality down; a negated copula
            # does not pass it to a verb joined to it ("the vote was not fair and condemned the arrests")
            copula_conj = dep == "conj" and head.lemma_.lower() == "be"
            if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in SPEECH_VERBS and not copula_conj:
                m = self._own_modality(head)
                if m in ("negated",):
                    return "negated", None
                if m in ("hypothetical", "intended", "conditional"):
                    return m, None
            cur = head
        return "free", None

    # -- arguments -------------------------------------------------------------
    def _subject_token(self, verb: Token) -> tuple[Token | None, bool]:
        """The token that heads the actor doing ``verb`` (and whether it came from 'by' in a passive)."""
        cur = verb
        misparsed = _misparsed_subject(verb)
        if misparsed is not None:
            return misparsed, False
        for _ in range(6):
            for c in cur.children:
                if c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return p, True
            for c in cur.children:
                if c.dep_ in ("nsubj", "csubj") and c.lower_ not in ("that", "which", "who"):
                    return c, False
                if c.dep_ == "nsubj" and cur.dep_ == "relcl":
                    if cur.i == verb.i and c.tag_ in ("WP", "WDT"):
                        return c, False  # "arrested protesters who threw stones": the protesters threw
                    break
            if any(c.dep_ == "nsubjpass" for c in cur.children):
                if cur.i == verb.i and verb.pos_ == "ADJ":
                    # "the rebels were determined to renew the war": an adjective, not a passive
                    return next(c for c in cur.children if c.dep_ == "nsubjpass"), False
                if cur.i == verb.i:
                    return None, False  # "28 people have been killed": passive with no 'by', no source
                # "has been indicted by the court and will resign": the conjunct's subject is the patient
                patient = next(c for c in cur.children if c.dep_ == "nsubjpass")
                return patient, False
            if cur.dep_ == "relcl":
                cur = cur.head  # "options that could help": climb to the noun's clause
                while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
                    cur = cur.head
                continue
            if cur.dep_ == "acl" and cur.head.lemma_.lower() in ISSUED_TEXTS:
                cur = cur.head  # "issued a statement calling on X": the statement's author calls
                continue
            if cur.head.i == cur.i or cur.dep_ not in SUBJECT_CLIMB_DEPS:
                return None, False
            if cur.dep_ == "xcomp":
                obj = _direct_object(cur.head)
                if obj is not None and cur.head.lemma_.lower() in OBJECT_CONTROL_VERBS:
                    return obj, False
            cur = cur.head
            while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
                cur = cur.head
        return None, False

    def _passive_subject(self, verb: Token) -> Token | None:
        for c in verb.children:
            if c.dep_ == "nsubjpass":
                return c
        return None

    def _target_tokens(self, verb: Token, obj: Token | None) -> list[Token]:
        """Candidate heads of the target phrase, in order of preference."""
        out: list[Token] = []
        if obj is not None:
            out.append(obj)
            for c in obj.children:
                if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                    out.extend(p for p in c.children if p.dep_ == "pobj")
            # "pledged 500 million euros in aid to Ukraine"; "a suspension of air links with Serbia"
            deep = ("to", "for", "against", "with") if obj.lemma_.lower() in self.r.lexicon.nouns else (
                "to", "for", "against")
            for t in obj.subtree:
                if t.dep_ == "pobj" and t.head.lower_ in deep and t not in out:
                    if _depth_below(t, obj) <= (7 if obj.lemma_.lower() in CARRIER_NOUNS else 4):
                        out.append(t)
            if obj.lemma_.lower() in self.r.lexicon.nouns:  # "mounted an invasion of Lebanon"
                out.extend(p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                           if p.dep_ == "pobj" and p not in out)
        passive = self._passive_subject(verb)
        if passive is not None:
            out.append(passive)
        for c in verb.children:
            if c.dep_ in ("dobj", "dative", "attr", "oprd") and c not in out:
                out.append(c)
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                out.extend(p for p in c.children if p.dep_ == "pobj" and not self._is_locative_place(c, p))
                for p in c.children:  # "accused X of firing at Y", "by firing at"
                    if p.dep_ == "pcomp":
                        out.extend(self._target_tokens(p, _direct_object(p)))
        for t in verb.subtree:  # "mobilized reservists for a possible war against Iraq", not in a clause below
            if t.dep_ == "pobj" and t.head.lower_ == "against" and t not in out and _phrase_path(t, verb, 4):
                out.append(t)
        return out

    def _event_noun_object(self, verb: Token, preps: tuple[str, ...] = ()) -> Any:
        """The lexicon noun a verb takes as its object ("imposed sanctions"), or, given ``preps``,
        under one of those prepositions ("agreed to a cessation of hostilities")."""
        under = (p for c in verb.children if c.dep_ == "prep" and c.lower_ in preps for p in c.children)
        obj = _direct_object(verb) if not preps else next((p for p in under if p.dep_ == "pobj"), None)
        if obj is None:
            return None
        for t in (obj, *[p for c in obj.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]):
            noun = self.r.lexicon.nouns.get(t.lemma_.lower())
            if noun is not None:
                return noun
        return None

    def _is_locative_place(self, prep: Token, pobj: Token) -> bool:
        """ "in Mosul", "at a street in Baghdad": where, not whom (a place name under a locative)."""
        if prep.lower_ in ("at", "on") and prep.head.lemma_.lower() in AIMED_VERBS:
            return False  # "fired rockets at Israel", "launched strikes on Gaza": at whom
        if prep.lower_ == "on" and prep.head.lemma_.lower() in ("call", "impose", "prevail"):
            return False  # "called on Hungary to reform": whom the appeal is addressed to
        return (
            prep.lower_ in LOCATIVE_PREPS
            and (pobj.ent_type_ in ("GPE", "LOC", "FAC") or (not pobj.ent_type_ and pobj.pos_ == "PROPN"))
            and not any(t.ent_type_ in ("ORG", "NORP", "PERSON") for t in pobj.subtree)
        )

    def _complement_trigger(self, gov: Trigger, governed: dict[int, list[Trigger]]) -> Trigger | None:
        kids = governed.get(gov.token.i, [])
        if not kids:
            return None
        return min(kids, key=lambda t: _depth_below(t.token, gov.token))

    # -- one sentence --------------------------------------------------------
    def _sentence_events(self, ctx: SentenceContext) -> Iterable[Event]:
        sent = ctx.sent
        triggers = self._triggers(sent)
        if not triggers:
            return []
        triggers = self._settle_noun_governors(triggers)
        by_index = {t.token.i: t for t in triggers}
        ctx.triggers = by_index
        governors = {i: t for i, t in by_index.items() if t.governor_class}
        governed: dict[int, list[Trigger]] = {}
        candidates: list[Candidate] = []
        absorbed: set[int] = set()
        # a trigger whose xcomp child is another trigger hands the event to it ("help support")
        for t in triggers:
            if t.governor_class is None and any(c.dep_ == "xcomp" and c.i in by_index for c in t.token.children):
                absorbed.add(t.token.i)
        for t in triggers:
            if t.token.i in absorbed:
                continue
            where, gov = self._context(t.token, governors)
            if where == "governed" and gov is not None:
                governed.setdefault(gov.token.i, []).append(t)
                continue
            if where in ("antecedent", "negated", "claimed", "question"):
                continue
            own = self._own_modality(t.token)
            if own == "negated" and _future(t.token) and t.code[:2] in REJECT_BY_ROOT:
                # "Turkey will not allow Sweden to join": a refusal, coded as a rejection
                candidates.append(Candidate(t, REJECT_BY_ROOT[t.code[:2]], f"{t.rule}>refused", "rejected", t.token))
                continue
            if own in ("negated", "question", "speculated"):
                continue
            modality = (
                own
                if own != "asserted"
                else (where if where in ("hypothetical", "intended", "conditional") else "asserted")
            )
            if t.governor_class is not None:
                continue  # governors are decided below, with their complement
            code, rule = self._apply_modality(t.code, t.rule, modality)
            if modality in ("intended", "hypothetical", "conditional") and _ultimatum(t.token):
                # "will withdraw its troops unless ...": an act held over someone is a threat
                code, rule = THREAT_BY_ROOT.get(t.code[:2], "131"), f"{t.rule}>unless:threat"
            if code is None:
                continue
            candidates.append(Candidate(t, code, rule, modality, t.token))
        for g in governors.values():
            if g.token.i in absorbed:
                continue
            where, outer = self._context(g.token, governors)
            if where in ("antecedent", "negated", "claimed", "question") or (where == "governed" and outer is not None):
                continue
            if self._own_modality(g.token) in ("negated", "question"):
                continue
            comp = self._complement_trigger(g, governed)
            code, rule, modality = self._govern(g, comp)
            if code is None:
                continue
            own_target = (
                comp is None
                or g.governor_class in (ACCUSE, APPEAL, DEMAND)
                or (_lemma(g.token) in OBJECT_CONTROL_VERBS and _direct_object(g.token) is not None)
            )
            target_from = g.token if comp is None or own_target else comp.token
            candidates.append(Candidate(g, code, rule, modality, target_from))
        candidates = [c for c in candidates if not self._protest_aim(c, by_index)]
        events: list[Event] = []
        statements = [c for c in candidates if c.code == "010"]
        for cand in candidates:
            if cand.code != "010":
                events.extend(self._build(ctx, cand))
        for cand in statements:
            # CAMEO codes a statement only when what was said is not itself an event; a threat it
            # states ("said Israel will pay a heavy price") replaces what the threatened clause would be
            said = {t.idx for t in cand.trigger.token.subtree}
            sensed = self._statement_sense(cand)
            inside = [ev for ev in events if ev.trigger_span and ev.trigger_span[0] in said]
            if sensed.code[:2] == "13" and all(ev.modality != "asserted" for ev in inside):
                events = [ev for ev in events if ev not in inside]
            elif inside and (sensed.code == "010" or any(ev.cameo[:2] == sensed.code[:2] for ev in inside)):
                continue
            if sensed.code == "010" and not self.keep_bare_statements:
                continue  # "X said ...": attribution, not an event (CONVENTIONS); what was said is coded
            events.extend(self._build(ctx, sensed))
        # nouns a light verb already coded ("carried out strikes") are not reported twice
        taken = set(by_index) | {t.obj.i for t in triggers if t.obj is not None and t.rule.startswith("core:noun")}
        events.extend(self._nominal_events(ctx, taken))
        return events

    def _statement_sense(self, cand: Candidate) -> Candidate:
        """ "Merkel said the decision was an unacceptable violation": a criticism (111), not a bare
        statement; threats and praise likewise (statement_senses.tsv). What was said is the
        sentence without the speaker's own phrase."""
        verb = cand.trigger.token
        speaker, _ = self._subject_token(verb)
        skip = {t.i for t in speaker.subtree} if speaker is not None else set()
        said = "".join(t.text_with_ws for t in verb.sent if t.i not in skip)  # as written: "anti-terrorist"
        sense = self.r.lexicon.statement_sense(said)
        if sense is None:
            return cand
        code, cue = sense
        rule = f"{cand.rule}>sense:{cue.replace(' ', '_')}"
        return Candidate(cand.trigger, code, rule, cand.modality, cand.target_from)

    # -- acts reported as nouns ------------------------------------------------
    def _nominal_events(self, ctx: SentenceContext, taken: set[int]) -> list[Event]:
        """ "condemned the detention of Mali's president by mutinous soldiers": the detention happened
        (the condemnation presupposes it), by the soldiers, of the president (see nominal_acts.tsv)."""
        lex = self.r.lexicon
        out: list[Event] = []
        for tok in ctx.sent:
            if tok.pos_ != "NOUN" or tok.i in taken:
                continue
            noun = lex.nouns.get(_lemma(tok))
            if noun is None or noun.code[:2] not in NOMINAL_ROOTS or not self._presupposed(tok):
                continue
            doers, patients = self._nominal_arguments(ctx, tok)
            # a receiver the phrase does not name is left to the article stage (discourse.py)
            receivers: list[Actor | None] = list(patients) or [None]
            pairs = [(d, p) for d in doers for p in receivers if p is None or d.code != p.code]
            if not pairs:
                continue
            trig = Trigger(tok, noun.code, f"nominal:{noun.noun}", noun.notarget, tok)
            governor = _lemma(_nominal_governor(tok, lex.presupposing))
            cand = Candidate(trig, noun.code, f"nominal:{noun.noun}>{governor}", "asserted", tok)
            out.extend(self._event(ctx, cand, d, p) for d, p in pairs)
        return out

    def _presupposed(self, noun: Token) -> bool:
        """Whether the word governing an event noun says the act happened, and is itself asserted."""
        gov = _nominal_governor(noun, self.r.lexicon.presupposing)
        if _lemma(gov) not in self.r.lexicon.presupposing:
            return False
        return gov.pos_ == "ADP" or self._own_modality(gov) == "asserted"

    def _nominal_arguments(self, ctx: SentenceContext, noun: Token) -> tuple[list[Actor], list[Actor]]:
        resolver, countries = ctx.resolver, ctx.countries
        doer_toks: list[Token] = []
        patient_toks: list[Token] = []
        patient_possessor = _lemma(noun) in self.r.lexicon.patient_possessor
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                doer_toks += [p for p in c.children if p.dep_ == "pobj"]
            elif c.dep_ == "prep" and c.lower_ in ("of", "on", "against", "into", "upon"):
                patient_toks += [p for p in c.children if p.dep_ == "pobj"]
            elif c.dep_ == "poss":
                (patient_toks if patient_possessor else doer_toks).append(c)
            elif c.dep_ in ("amod", "compound", "npadvmod") and not patient_possessor:
                doer_toks.append(c)  # "Russian strikes", "Saudi-led air strikes"
        doers = [a for t in doer_toks for a in resolver.actors_for(t, countries)]
        patients = [a for t in patient_toks for a in resolver.actors_for(t, countries)]
        return doers[:1], patients[:1]

    def _settle_noun_governors(self, triggers: list[Trigger]) -> list[Trigger]:
        """A governing noun under a governing verb ("rejected the demand that it withdraw") lets the
        verb govern the clause, as before; a verb that only issues or repeats the noun ("renewed
        its demand", "issued an appeal") gives way to the noun's own event."""
        nouns = [t for t in triggers if t.rule.startswith(NOUN_GOVERNOR_RULE)]
        if not nouns:
            return triggers
        verb_governors = {t.token.i: t for t in triggers if t.governor_class and t not in nouns}
        dropped: set[int] = set()
        for n in nouns:
            where, _gov = self._context(n.token, verb_governors)
            if where == "governed":
                dropped.add(n.token.i)
        kept_nouns = {n.token.i for n in nouns} - dropped
        for t in triggers:
            if t.governor_class is None and _lemma(t.token) in ISSUING_VERBS:
                obj = _direct_object(t.token)
                if obj is not None and obj.i in kept_nouns:
                    dropped.add(t.token.i)
        return [t for t in triggers if t.token.i not in dropped]

    def _noun_owner(self, noun: Token) -> Token | None:
        """Who makes a demand, appeal or pledge: its possessor ("Hamas's demand", "its call"), its
        'by' phrase, or the subject of a verb that issues it ("Hamas renewed its demand"). Never the
        subject of any other verb: "Israel ignored the call" is not Israel's call."""
        for c in noun.children:
            if c.dep_ == "poss":
                return c
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):  # "a request from Yemen's president"
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        if noun.dep_ in ("dobj", "obj") and _lemma(noun.head) in ISSUING_VERBS:
            return self._subject_token(noun.head)[0]
        return None

    def _claims_own_act(self, claim: Token, act: Token) -> bool:
        """Whether the claimed act's subject is the claimer ("they", "it", or the same words)."""
        who, _ = self._subject_token(claim)
        did = next((c for c in act.children if c.dep_ == "nsubj"), None)
        if who is not None and did is None and act.dep_ == "xcomp":
            return True  # "claim to have retaken": the claimer is the doer
        if who is None or did is None:
            return False
        if did.lower_ in ("they", "it", "he", "she", "we") and not surname_he(did):
            return True
        return did.lemma_.lower() == who.lemma_.lower()

    def _protest_aim(self, cand: Candidate, triggers: dict[int, Trigger]) -> bool:
        """ "staged demonstrations to demand reforms", "rioted demanding independence": what a protest
        demands is its content (CAMEO codes the protest), not a second event."""
        if cand.code[:2] not in ("10", "02"):
            return False
        tok = cand.trigger.token
        if tok.dep_ not in ("advcl", "xcomp", "acl", "conj"):
            return False
        head = tok.head
        for h in (head, head.head):
            t = triggers.get(h.i)
            if t is not None and t.code[:2] == "14":
                return True
            if h.lemma_.lower() in PROTEST_NOUNS:
                return True
        return False

    def _apply_modality(self, code: str, rule: str, modality: str) -> tuple[str | None, str]:
        if modality == "asserted":
            return code, rule
        root = code[:2]
        if modality in ("hypothetical", "intended", "conditional"):
            if root == "15":
                return None, rule  # a planned deployment is neither a threat nor cooperation
            if root in INTENT_BY_ROOT:
                return INTENT_BY_ROOT[root], f"{rule}>{modality}:intent"
            if root in THREAT_BY_ROOT:
                return THREAT_BY_ROOT[root], f"{rule}>{modality}:threat"
            return None, rule
        return None, rule

    def _govern(self, g: Trigger, comp: Trigger | None) -> tuple[str | None, str, str]:
        cls = g.governor_class
        own = g.code or DEFAULT_GOVERNOR_CODES.get(cls or "", "")
        key = g.rule
        if cls in (FAIL, HYPOTHETICAL) and g.rule.startswith("core:") and "[" in g.rule and own:
            return own, key, "asserted"  # "stopped work ... complaining of": the lexicon sense of the verb wins
        if comp is None:
            noun = self._event_noun_object(g.token)
            if noun is None and cls == INTEND:
                noun = self._event_noun_object(g.token, preps=("to", "on", "upon"))  # "agreed to a truce"
            if noun is not None and cls in (INTEND, THREATEN, CONSIDER, REJECT):
                comp = Trigger(g.token, noun.code, f"core:noun:{noun.noun}", noun.notarget)
        if comp is None:
            table = self.r.lexicon.governors
            obj = _direct_object(g.token)
            if obj is not None and table.outcome(_governor_word(g.token), cls, None, None, _lemma(obj)) == "nothing":
                return None, key, "asserted"  # "threatening the lives of": endangering, no threat made
            verb = next((c for c in g.token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
            outcome = table.outcome(_governor_word(g.token), cls, None, _lemma(verb)) if verb is not None else None
            if outcome is not None and cls in (INTEND, THREATEN):
                # "vowed to block the plans", "ready to face any threat": a complement in no lexicon
                return _governed_outcome(outcome, "", own, key)
            if cls == REJECT and any(
                c.dep_ == "xcomp" and c.lemma_.lower() in NO_COMMENT_VERBS for c in g.token.children
            ):
                return "011", f"{key}>no-comment", "asserted"
            if cls in (FAIL, HYPOTHETICAL) and g.rule.startswith("core:") and own:
                return own, key, "asserted"  # "stop nuclear tests": the lexicon codes the verb itself
            if cls in (FAIL, HYPOTHETICAL) or not own:
                return None, key, "asserted"
            obj = _direct_object(g.token)
            if (
                cls == REJECT
                and obj is not None
                and obj.lemma_.lower() in CLAIM_NOUNS - {"option", "plan", "proposal", "idea"}
            ):
                return "016", f"{key}>deny-claim", "denied"
            if cls == INTEND and g.token.lower_ in ADJECTIVE_GOVERNORS and (
                g.token.pos_ == "ADJ" or g.token.dep_ == "acomp"
            ):
                # "said they are committed to opening up the economy", "is ready to contribute":
                # a stated readiness to cooperate (030), whatever the act is
                return "030", key, "intended"
            if cls in (INTEND,) and not g.rule.startswith("core:"):
                return None, key, "intended"
            return own, key, "asserted"
        root = comp.code[:2]
        rule = f"{key}>{comp.rule}"
        if cls == FAIL and root in ("03", "04", "05") and _lemma(comp.token) in FAILED_AGREEMENT_VERBS:
            # "failed to reach agreement": the talks broke down, a mutual rejection (PLOVER REJECT)
            return "120", f"{rule}>failed", "rejected"
        if cls == HYPOTHETICAL and _lemma(g.token) == "claim" and self._claims_own_act(g.token, comp.token):
            # "the Houthis claimed that they had attacked the airport", "loyalists claim to have retaken
            # the airport": an act its doer reports is coded as the act (CONVENTIONS: reported acts)
            return comp.code, f"{rule}>own-claim", "asserted"
        if cls == DENY:
            return "016", rule, "denied"
        if cls == REJECT:
            obj = _direct_object(g.token)
            if obj is not None and obj.lemma_.lower() in CLAIM_NOUNS - {"option", "plan", "proposal", "idea"}:
                return "016", rule + ">deny-claim", "denied"
            return REJECT_BY_ROOT.get(root, "120"), rule, "rejected"
        if cls == CONSIDER:
            # "Malaysia is considering giving money to ..." is CAMEO 014 (the manual's example);
            # "Tehran may / would consider cooperating" signals openness: an intent to cooperate
            if root in INTENT_BY_ROOT and self._own_modality(g.token) in ("hypothetical", "intended"):
                return INTENT_BY_ROOT[root], rule, "considered"
            return "014", rule, "considered"
        if cls in (THREATEN, INTEND):
            # what the governor does with the act: governors.tsv ("vowed to retaliate" → 138,
            # "agreed to a cessation of hostilities" → the ceasefire, "offered to send troops" → 030)
            outcome = self.r.lexicon.governors.outcome(_governor_word(g.token), cls, comp.code, _lemma(comp.token))
            return _governed_outcome(outcome, comp.code, own, rule)
        if cls == ACCUSE:
            return own or "112", rule, "asserted"
        if cls == APPEAL:
            if own.startswith("10"):
                return DEMAND_BY_ROOT.get(root, own), rule, "asserted"
            return APPEAL_BY_ROOT.get(root, own or "020"), rule, "asserted"
        if cls == DEMAND:
            return DEMAND_BY_ROOT.get(root, "100"), rule, "asserted"
        return None, rule, "hypothetical"

    # -- building events -----------------------------------------------------
    def _build(self, ctx: SentenceContext, cand: Candidate) -> list[Event]:
        resolver, sent_countries = ctx.resolver, ctx.countries
        trig = cand.trigger
        tok = trig.token
        if trig.rule.startswith(NOUN_GOVERNOR_RULE):
            subj_tok, by_agent = self._noun_owner(tok), False
        else:
            subj_tok, by_agent = self._subject_token(tok)
        if _bare_passive_participle(tok) and not by_agent and _misparsed_subject(tok) is None:
            return []  # "Asked if Tehran would ...": whoever asked is not in the clause
        sources = resolver.actors_for(subj_tok, sent_countries) if subj_tok is not None else []
        if not sources and subj_tok is not None and subj_tok.lower_ in ("that", "which", "who"):
            # climb: "options that could help support X" → the clause that holds the options
            head = subj_tok.head if subj_tok is not None else tok.head
            for _ in range(4):
                s2, _ = self._subject_token(head)
                if s2 is not None and s2 is not subj_tok:
                    sources = resolver.actors_for(s2, sent_countries)
                    if sources:
                        break
                if head.head.i == head.i:
                    break
                head = head.head
        if not sources and tok.dep_ == "conj" and cand.code[:2] in VERBAL_ROOTS:
            # "Pompeo said the vote was not fair and condemned the violence": the parse hangs the second
            # verb on the reported clause; an inanimate clause subject does not condemn, the speaker does
            speaker = next((a for a in tok.ancestors if _lemma(a) in SPEECH_VERBS), None)
            if speaker is not None:
                s2, _ = self._subject_token(speaker)
                sources = resolver.actors_for(s2, sent_countries) if s2 is not None else []
        if _lemma(tok) in victim_words("verb") and not by_agent and cand.code[:2] in ("18", "19", "20"):
            # "Palestinians died at the hands of Israeli forces": the subject suffered the act
            doers = self._attack_doers(tok, resolver, sent_countries)
            victims: list[Actor | None] = list(sources) or [None]
            return [self._event(ctx, cand, d, v) for d in doers for v in victims if v is None or d.code != v.code]
        if not sources and self._unnamed_doer(tok, subj_tok, cand.code):
            sources = self._attack_doers(tok, resolver, sent_countries)  # "killed in an attack by Boko Haram"
        if not sources and self._unnamed_doer(tok, subj_tok, cand.code):
            # "was arrested in Lebanon", "a roadside bomb near Samarra killed ...": no one is named,
            # the authorities or the violence are those of the country where it happened
            where = None
            if cand.code[:2] in ("16", "17"):  # "inspectors have been expelled from North Korea"
                expeller = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "from" for p in c.children
                            if p.dep_ == "pobj"]
                found = resolver.actors_for(expeller[0], sent_countries) if expeller else []
                where = found[0] if found else None
            where = where or self._place_target(ctx, cand, Actor("", None, None, ""))
            if where is None and ctx.countries:  # "in a residential sector of eastern Beirut"
                c = ctx.countries[0]
                where = Actor(c, self.r.dictionary.name_of(c), c, "")
            if where is not None:
                sources = [where]
        if not sources:
            return []
        if cand.code in ("042", "043") and _forces_arriving(tok, subj_tok, sources):
            # "US troops arrived in Baghdad": a deployment, not a visit (see FORCE_ARRIVAL_CODE)
            code = "074" if _peacekeeping(tok) else FORCE_ARRIVAL_CODE
            cand = Candidate(trig, code, f"{cand.rule}>forces", cand.modality, cand.target_from)
        targets: list[Actor] = []
        target_from = cand.target_from
        obj = trig.obj if target_from.i == tok.i else _direct_object(target_from)
        heads = list(self._target_tokens(target_from, obj))
        if "@place" in trig.rule:
            taken_from = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "from" for p in c.children]
            heads = [p for p in taken_from if p.dep_ == "pobj"] + heads
        if target_from.i != tok.i:
            heads += self._target_tokens(tok, _direct_object(tok))
        fallback: list[Actor] = []
        # "voiced opposition", "held talks": in a verbal act the word that makes the act is no actor
        # (in a material one it is the receiver: "captured soldiers", "expelled diplomats")
        verbal = trig.code[:2] in VERBAL_ROOTS  # the verb's own act, before a governor recodes it
        sense_word = trig.obj.i if verbal and trig.obj is not None and "[" in trig.rule else None
        for t in heads:
            if _own_possession(t, sources):
                continue  # "offered its troops to Lebanon": the troops are the source's own
            if t.i == sense_word:
                continue
            found = [a for a in resolver.actors_for(t, sent_countries) if all(a.code != s.code for s in sources)]
            if not found:
                continue
            if all(_bare_role(a) for a in found) or not resolver.names_an_actor(t):
                fallback = fallback or found  # "sent troops to Belarus": the troops are what was sent
                continue
            targets = found
            break
        targets = targets or fallback
        if not targets and len(sources) > 1 and resolver.mutual((tok, cand.target_from), subj_tok):
            # "both sides accused each other", "each side vowed to retaliate": each towards the other
            return [self._event(ctx, cand, a, b) for a in sources for b in sources if a.code != b.code]
        if trig.governor_class == THREATEN or cand.rule.endswith(":threat"):
            # "threatened to ban voting if Hamas ran": the threat is held over the condition's actor
            held_over = self._antecedent_actors(tok, resolver, sent_countries, sources)
            targets = held_over or targets
        if (
            not targets
            and cand.code[:2] in ("03", "07")
            and _lemma(target_from) in ("help", "aid", "assist", "support")
        ):
            targets = self._discourse_target(resolver, sources)
        if not targets:
            targets = self._antecedent_actors(tok, resolver, sent_countries, sources)
        if not targets:
            targets = self._purpose_targets(tok, resolver, sent_countries, sources)
        if not targets and cand.code[:2] in ("04", "05", "06", "08"):
            targets = self._parties_of_modified_act(tok, resolver, sent_countries, sources)
        if not targets and cand.code == "016" and "deny-claim" in cand.rule:
            targets = self._accuser_of(resolver, sources)
        if not targets and (cand.code == "010" or ">sense:" in cand.rule):
            targets = self._said_about(tok, resolver, sent_countries, sources)
        if not targets and (
            trig.governor_class in (APPEAL, DEMAND) or cand.modality == "rejected" or cand.code[:2] == "13"
        ):
            # "demanded that the US cancel", "will not allow Sweden to join", "warned that Hezbollah
            # would pay a heavy price": the clause's subject
            targets = self._complement_subject_actors(cand.target_from, resolver, sent_countries, sources)
        from_dictionary = not trig.rule.startswith(("core:", "governor:", "demand:"))
        notarget_ok = (
            cand.code == "010"
            or trig.governor_class != DEMAND
            and not cand.rule.endswith(">failed")  # a failed deal needs both parties
            and (
                cand.rule.endswith(">agreement")  # "Turkey has agreed to a ceasefire": with whom may go unsaid
                or cand.code[:2] in NOTARGET_ROOTS
                or cand.code in ("173", "014", "016", "051", "052", "053")
                or cand.code in NOTARGET_CODES
                or (not from_dictionary and trig.notarget)
            )
        )
        pairs: list[tuple[Actor, Actor | None]] = []
        if not targets:
            base_root = self._base_root(ctx, cand) if cand.target_from.i != tok.i else cand.code[:2]
            if len(sources) > 1 and cand.rule.endswith((">act", ">agreement")) and _lemma(tok) in RECIPROCAL_LEMMAS:
                # "the government and the rebels agreed to a cessation of hostilities": each towards the other
                pairs = [(a, b) for a in sources for b in sources if a.code != b.code]
            elif (
                len(sources) > 1
                and base_root in RECIPROCAL_ROOTS
                and (cand.code[:2] in RECIPROCAL_ROOTS or cand.rule.endswith(">failed"))
                and (
                    _lemma(cand.target_from) in RECIPROCAL_LEMMAS
                    or _lemma(tok) in RECIPROCAL_LEMMAS
                    # "Ethiopia and Eritrea will work to promote cooperation": what two do together
                    # for each other; never a mediation ("brokered by Qatar and Egypt")
                    or (base_root in COOPERATIVE_ROOTS and cand.code != "045")
                )
            ):
                pairs = [(a, b) for a in sources for b in sources if a.code != b.code]
            elif notarget_ok or cand.code == "042" or cand.code[:2] in PLACE_TARGET_ROOTS:
                # (a material act with no one named is done to the country where it happens)
                where = self._place_target(ctx, cand, sources[0])
                if where is None and not notarget_ok:
                    return []
                if cand.code[:2] == "14" and sources[0].country and (where is None or where.code == sources[0].code):
                    # a protest or strike with no one named is aimed at the protesters' own government
                    c = sources[0].country
                    where = Actor(c + "GOV", self.r.dictionary.name_of(c), c, where.text if where else "")
                pairs = [(s, where if where is None or s.code != where.code else None) for s in sources]
            else:
                return []
        else:
            pairs = [(s, t) for s in sources for t in targets]
        return [self._event(ctx, cand, s, t) for s, t in pairs]

    def _attack_doers(self, verb: Token, resolver: ActorResolver, countries: Sequence[str]) -> list[Actor]:
        """Who did what a victim suffered: "at the hands of X", "by X", "in an attack by X", "in an
        Israeli air strike"."""
        for c in verb.children:
            objs = [p for p in c.children if p.dep_ == "pobj"]
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                found = [a for p in objs for a in resolver.actors_for(p, countries)]
                if found:
                    return found
            if c.dep_ != "prep":
                continue
            for p in objs:
                if c.lower_ == "at" and p.lower_ == "hands":
                    whose = [x for o in p.children if o.dep_ == "prep" and o.lower_ == "of" for x in o.children
                             if x.dep_ == "pobj"]
                    found = [a for x in whose for a in resolver.actors_for(x, countries)]
                    if found:
                        return found
                fight = p.lemma_.lower() in victim_words("fight")
                if c.lower_ in ("in", "during", "after") and (fight or p.lemma_.lower() in ATTACK_NOUNS):
                    for d in p.children:
                        if d.dep_ == "prep" and (d.lower_ == "by" or (fight and d.lower_ == "with")):
                            heads = [x for x in d.children if x.dep_ == "pobj"]
                        elif d.dep_ in ("amod", "compound", "poss", "nmod") and d.i in resolver.by_token:
                            heads = [d]
                        else:
                            continue
                        found = [a for x in heads for a in resolver.actors_for(x, countries)]
                        if found:
                            return found
        return []

    def _unnamed_doer(self, tok: Token, subj: Token | None, code: str) -> bool:
        """An arrest or inquiry in the passive with no 'by', or violence whose subject is the weapon
        or the attack itself: the doer is unnamed, not absent."""
        root = code[:2]
        if subj is None:
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
            return passive and root in ("09", "16", "17", "18", "19", "20")
        return root in ("18", "19", "20") and subj.lemma_.lower() in ATTACK_NOUNS and not subj.ent_type_

    def _place_target(self, ctx: SentenceContext, cand: Candidate, source: Actor) -> Actor | None:
        """A material act with no one named on the receiving end is done to the country where it happens
        ("imposed a curfew in Cizre" → TUR, "bombed a school bus in Yemen" → YEM), as CAMEO codes it."""
        roots = {cand.code[:2], self._base_root(ctx, cand)}  # "threatened to impose a curfew in Basra"
        if not roots & (PLACE_TARGET_ROOTS | {"09"}) and cand.code != "042":
            return None  # (a visit's host is the country visited: "arrived in Moscow")
        place = self._place(ctx.sent, cand, ctx.resolver, source, None)
        if place is None or not place.country:
            return None
        if self.r.dictionary.is_open_place(place.text) or self.r.dictionary.is_open_place(place.name):
            return None  # "a ship in the Red Sea": a sea or a region of several countries is no one's
        return Actor(place.country, self.r.dictionary.name_of(place.country), place.country, place.text or place.name)

    def _accuser_of(self, resolver: ActorResolver, sources: Sequence[Actor]) -> list[Actor]:
        """ "Tehran rejected the accusation": the denial answers whoever accused it last."""
        countries = {s.country or s.code for s in sources}
        for accuser, accused in reversed(resolver.context.accusations):
            if (accused.country or accused.code) in countries and accuser.country not in countries:
                return [accuser]
        return []

    def _base_root(self, ctx: SentenceContext, cand: Candidate) -> str:
        """The root of the action under a governor ("agreed to resume talks" → 04), for reciprocity."""
        under = ctx.triggers.get(cand.target_from.i)
        return under.code[:2] if under is not None else cand.code[:2]

    def _antecedent_actors(
        self, tok: Token, resolver: ActorResolver, sent_countries: Sequence[str], sources: Sequence[Actor]
    ) -> list[Actor]:
        """ "If Pyongyang conducts a test, Japan will impose sanctions": the condition's actor is the target."""
        clauses = [c for v in (tok, *tok.children) for c in v.children]
        for c in clauses:
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in CONDITION_MARKS | {"until"} for m in c.children
            ):  # "will not lift the embargo until Cuba reforms": whom the refusal is held over
                subj, _ = self._subject_token(c)
                if subj is not None:
                    found = resolver.actors_for(subj, sent_countries)
                    return [a for a in found if all(a.code != s.code for s in sources)]
        return []

    def _purpose_targets(
        self, tok: Token, resolver: ActorResolver, sent_countries: Sequence[str], sources: Sequence[Actor]
    ) -> list[Actor]:
        """ "summoned Niger's ambassador to complain": a purpose clause acts on its main verb's object;
        "opened fire to disperse demonstrators": a violent act is aimed at its purpose clause's object."""
        heads: list[Token] = []
        if tok.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            heads += [c for c in tok.head.children if c.dep_ in ("dobj", "dative")]
        if _lemma(tok) in AIMED_VERBS:
            for c in tok.children:
                if c.dep_ in ("advcl", "xcomp") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                    heads += [d for d in c.children if d.dep_ == "dobj"]
        for h in heads:
            found = [a for a in resolver.actors_for(h, sent_countries) if all(a.code != s.code for s in sources)]
            if found:
                return found
        return []

    def _said_about(
        self, verb: Token, resolver: ActorResolver, sent_countries: Sequence[str], sources: Sequence[Actor]
    ) -> list[Actor]:
        """ "Obama stressed that Iraq was responsible": a statement is about the first other actor it names."""
        for c in verb.children:
            if c.dep_ in ("ccomp", "xcomp", "dobj"):
                for t in c.subtree:
                    if t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "dative"):
                        found = [
                            a for a in resolver.actors_for(t, sent_countries) if all(a.code != x.code for x in sources)
                        ]
                        if found:
                            return found[:1]
        return []

    def _parties_of_modified_act(
        self, verb: Token, resolver: ActorResolver, sent_countries: Sequence[str], sources: Sequence[Actor]
    ) -> list[Actor]:
        """ "Israel and Hamas accepted a truce brokered by Egypt": a participle on an act's noun
        ("brokered", "mediated") is done for the parties of that act, the subject of the verb that
        holds the noun."""
        if verb.dep_ != "acl" or verb.head.pos_ != "NOUN" or verb.head.dep_ not in ("dobj", "attr"):
            return []
        holder = verb.head.head
        subjects = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")]
        found = [a for s in subjects for a in resolver.actors_for(s, sent_countries)]
        return [a for a in found if all(a.code != x.code for x in sources)]

    def _complement_subject_actors(
        self, verb: Token, resolver: ActorResolver, sent_countries: Sequence[str], sources: Sequence[Actor]
    ) -> list[Actor]:
        """ "demanded that the US cancel ...": whom a demand is addressed to is the clause's subject."""
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
        if verb.pos_ == "NOUN":  # "its demand that Israel ease", "its call for Russia to withdraw"
            clauses = [c for c in (_noun_complement(verb),) if c is not None]
        for c in clauses:
            for s in c.children:
                if s.dep_ in ("nsubj", "nsubjpass"):
                    found = resolver.actors_for(s, sent_countries)
                    return [a for a in found if all(a.code != x.code for x in sources)]
        return []

    def _discourse_target(self, resolver: ActorResolver, sources: Sequence[Actor]) -> list[Actor]:
        """ "we are prepared to help": whom, the text said just before (the last other country named)."""
        own = {s.country for s in sources}
        iso3 = next((c for c in reversed(resolver.context.recent_countries) if c not in own), None)
        if iso3 is None:
            return []
        return [Actor(iso3, self.r.dictionary.name_of(iso3), iso3, "")]

    def _event(self, ctx: SentenceContext, cand: Candidate, source: Actor, target: Actor | None) -> Event:
        sent, s_index, article, quotes = ctx.sent, ctx.index, ctx.article, ctx.quotes
        tok = cand.trigger.token
        entry = self.r.codebook.get(cand.code)
        date, basis, precision = self._date(sent, cand, ctx.published)
        rule = cand.rule
        if basis == "published" and ctx.story_date is not None and _narrative_past(tok):
            # "Police on Friday broke into the embassy. ... The police arrested Glas.": told in the
            # past with no time of its own, an act of the story happened on the story's day
            (date, basis), precision, rule = ctx.story_date, "day", f"{rule}>date:article"
        place = self._place(sent, cand, ctx.resolver, source, target)
        quote = None
        for q in quotes:
            if q.start <= tok.idx < q.end:
                quote = q.text
                break
        numbers = self._numbers(sent, cand)
        trigger_text = tok.text
        if cand.trigger.obj is not None and cand.trigger.rule.startswith("core:noun"):
            trigger_text = f"{tok.text} {cand.trigger.obj.text}"
        for c in tok.children:
            if c.dep_ == "prt":
                trigger_text = f"{tok.text} {c.text}"
        return Event(
            event_id=make_event_id(
                article.id, s_index, source.code, target.code if target else None, cand.code, tok.idx
            ),
            article_id=article.id,
            sentence_index=s_index,
            sentence=ctx.text or sent.text.strip(),
            source=source,
            target=target,
            cameo=cand.code,
            quad_class=entry.quad_class,
            goldstein=entry.goldstein,
            plover=entry.plover,
            date=date,
            date_basis=basis,
            location=place,
            trigger=trigger_text,
            span=(sent.start_char, sent.end_char),
            quote=quote,
            rule=rule,
            date_precision=precision,
            numbers=tuple(numbers),
            coder_version=__version__,
            trigger_span=(tok.idx, tok.idx + len(tok.text)),
            modality=cand.modality,
            plover_mode=entry.plover_mode,
            plover_context=entry.plover_context,
        )

    def _date(self, sent: Span, cand: Candidate, published: dt.date | None) -> tuple[str | None, str, str | None]:
        try:
            from ..dates import resolve_event_date
        except ImportError:
            return (published.isoformat() if published else None), "published", ("day" if published else None)
        try:
            inherited = None
            for gov in _governing_verbs(cand.trigger.token):
                found = resolve_event_date(sent, gov, published)
                if found.basis != "published":
                    inherited = found
                    break
            res = resolve_event_date(sent, cand.target_from, published, inherited=inherited)
            if res.basis == "published" and cand.target_from.i != cand.trigger.token.i:
                res2 = resolve_event_date(sent, cand.trigger.token, published, inherited=inherited)
                if res2.basis != "published":
                    res = res2
            return res.date, res.basis, res.precision
        except Exception:  # noqa: BLE001 - a date problem must not lose the event
            log.debug("date resolution failed", exc_info=True)
            return (published.isoformat() if published else None), "published", ("day" if published else None)

    def _place(
        self, sent: Span, cand: Candidate, resolver: ActorResolver, source: Actor, target: Actor | None
    ) -> Place | None:
        if self.r.gazetteer is None:
            return None
        try:
            from ..places import locate_event
        except ImportError:
            return None
        exclude = {i for i in resolver.by_token if sent.start <= i < sent.end}
        # actor tokens stand for governments; but a target city ("seized Mosul") is also where it happened
        target_place_tokens = set()
        obj = cand.trigger.obj or _direct_object(cand.target_from)
        if obj is not None and "@place" in cand.rule and self._is_place_phrase(obj):
            target_place_tokens = {t.i for t in obj.subtree}
        exclude -= target_place_tokens
        for i in list(exclude):
            if _under_locative(sent.doc[i]):
                exclude.discard(i)  # "Police in Caracas", "in Cairo's Tahrir Square": a locative stays a place
        countries = [c for c in (target.country if target else None, source.country) if c]
        countries += [c for c in resolver.context.country_counts if c not in countries]
        # where a party is ("the government in Seoul") is not where a deal with it was made; but a
        # meeting (04) happens where the counterpart is: "met with leaders in the Iraqi capital"
        actors = {} if cand.code[:2] == "04" else self._actor_countries(resolver, sent.start, sent.end)
        try:
            place = locate_event(
                sent, cand.target_from, countries, exclude, self.r.gazetteer, actors
            )
            if place is None and cand.target_from.i != cand.trigger.token.i:
                place = locate_event(sent, cand.trigger.token, countries, exclude, self.r.gazetteer, actors)
            return _as_written(place)
        except Exception:  # noqa: BLE001
            log.debug("place resolution failed", exc_info=True)
            return None

    def _actor_countries(self, resolver: ActorResolver, start: int, end: int) -> dict[int, str | None]:
        """The country of each actor-mention token in ``[start, end)`` (None: not known); a role
        takes its possessor's or nationality's ("Syria's president")."""
        by_token, country_of = resolver.by_token, self.r.dictionary.country_of
        out: dict[int, str | None] = {}
        for i, m in by_token.items():
            if not start <= i < end:
                continue
            country = country_of(m.code) if m.kind == "actor" else None
            if country is None:
                for c in resolver.doc[i].children:
                    owner = by_token.get(c.i)
                    if c.dep_ in ("poss", "compound", "amod") and owner is not None and owner.kind == "actor":
                        country = country_of(owner.code)
                        break
            out[i] = country
        return out

    def _numbers(self, sent: Span, cand: Candidate) -> list[dict[str, Any]]:
        try:
            from .numbers import extract_numbers
        except ImportError:
            return []
        try:
            return list(extract_numbers(sent, cand.target_from))
        except Exception:  # noqa: BLE001
            log.debug("number extraction failed", exc_info=True)
            return []


# -- helpers -------------------------------------------------------------------
def _doc_text(doc: Doc, article: Article) -> str:
    """The Doc's text: the article's when the Doc was parsed from it (``Doc.text`` joins every token)."""
    text = article.text
    if not len(doc):
        return doc.text
    first, last = doc[0], doc[-1]
    if (
        len(text) == last.idx + len(last.text_with_ws)
        and text.startswith(first.text, first.idx)
        and text.startswith(last.text, last.idx)
    ):
        return text
    return doc.text


def _misparsed_subject(verb: Token) -> Token | None:
    """A subject the small model hung elsewhere: "a day after Azerbaijan launched" (the subject as
    the object of the clause's "after"), or a finite verb read as a modifier of its noun.

    A finite past verb parsed as a modifier of the noun before it is that noun's predicate.

    The small English model often reads "The Iraqi air force carried out strikes" as a
    noun phrase with a reduced relative ("force [that was] carried"); a reduced relative
    is a participle (VBN), so a VBD with an object and no subject of its own is a clause,
    and so is any such verb when the sentence has no verb at its root.
    """
    if verb.tag_ == "VBD" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        for mark in verb.children:
            if mark.dep_ == "mark" and mark.i < verb.i:
                nominal = ("NOUN", "PROPN", "PRON")
                subject = next((p for p in mark.children if p.dep_ == "pobj" and p.pos_ in nominal), None)
                if subject is not None:
                    return subject
    if verb.dep_ not in ("acl", "relcl") or verb.head.pos_ not in ("NOUN", "PROPN"):
        return None
    noun_root = verb.head.dep_ == "ROOT" or (verb.head.dep_ == "appos" and verb.head.head.dep_ == "ROOT")
    if verb.tag_ != "VBD" and not (noun_root and verb.tag_ == "VBN"):
        return None  # a participle after a noun in a sentence with a verb is a real reduced relative
    if any(c.dep_ in ("nsubj", "nsubjpass", "mark") or c.lower_ in ("that", "which", "who") for c in verb.children):
        return None
    if not any(c.dep_ in ("dobj", "prt", "ccomp", "xcomp") for c in verb.children):
        return None
    head = verb.head
    return head.head if head.dep_ == "appos" else head


# Forms of be/have/do and the modals: in nearly every sentence, never an event on their own.
_AUXILIARY_FORMS = frozenset(
    "is are was were be been being am 's 're 'm has have had having do does did doing "
    "will would can could may might shall should must".split()
)
_IRREGULAR = {
    "take": "took taken",
    "send": "sent",
    "meet": "met",
    "hold": "held",
    "fight": "fought",
    "strike": "struck stricken",
    "shoot": "shot",
    "lead": "led",
    "say": "said",
    "tell": "told",
    "give": "gave given",
    "seek": "sought",
    "make": "made",
    "bring": "brought",
    "win": "won",
    "sell": "sold",
    "leave": "left",
    "begin": "began begun",
    "keep": "kept",
    "break": "broke broken",
    "throw": "threw thrown",
    "fly": "flew flown",
    "withdraw": "withdrew withdrawn",
    "buy": "bought",
    "beat": "beaten",
    "forbid": "forbade forbidden",
    "stand": "stood",
    "put": "put",
    "cut": "cut",
    "set": "set",
    "hit": "hit",
    "shut": "shut",
    "quit": "quit",
    "spread": "spread",
    "lay": "laid",
    "pay": "paid",
    "slay": "slew slain",
    "undertake": "undertook undertaken",
    "overrun": "overran",
    "go": "went gone",
    "speak": "spoke spoken",
    "do": "did done",
    "freeze": "froze frozen",
    "steal": "stole stolen",
    "seize": "seized",
    "feel": "felt",
    "hear": "heard",
    "find": "found",
}


def _inflections(lemma: str) -> set[str]:
    """Regular English forms of a verb or noun lemma, and the irregular ones we know."""
    w = lemma.lower()
    out = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing"}
    if w.endswith("e"):
        out |= {w[:-1] + "ing", w[:-1] + "ed"}
    if w.endswith("y") and len(w) > 2:
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouywx" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        out |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # "ban" → "banned", "shelling"
    out |= set(_IRREGULAR.get(w, "").split())
    return out


def _future(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "'ll", "shall") for c in tok.children)


def _obliging_complement(verb: Token) -> Token | None:
    """The clause under a speech verb that says what someone else must do ("Sudan must return")."""
    for c in verb.children:
        if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in ("must", "should") for a in c.children):
            subj = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
            if subj and (subj[0].lower_ not in ("we", "i", "it", "they", "he", "she") or surname_he(subj[0])):
                return c
    return None


@lru_cache(maxsize=4)
def victim_words(kind: str) -> frozenset[str]:
    """``victim_verbs.tsv``: verbs whose subject suffers the act ("died at the hands of"), kind
    "verb"; nouns of fighting whose "with" names the doer ("died in clashes with police"), "fight"."""
    text = resources.files("bedfellows.data").joinpath("victim_verbs.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return frozenset(r[0].strip() for r in rows if len(r) > 1 and r[1].strip() == kind)


def _drop_targetless_twins(events: list[Event]) -> list[Event]:
    """ "crossed into Syria to attack Kurdish militias": when the same source does the same kind of
    thing to a named target in the sentence, an untargeted copy of it adds nothing."""
    targeted = {(e.source.code, e.cameo[:2]) for e in events if e.source and e.target}
    return [e for e in events if e.target or not e.source or (e.source.code, e.cameo[:2]) not in targeted]


def _bare_role(actor: Actor) -> bool:
    """An agent with no country or organisation behind it ("MIL", "CVL")."""
    return actor.country is None and len(actor.code) <= 3 and actor.code.isalpha()


def _own_possession(tok: Token, sources: Sequence[Actor]) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her", "our", "my") for c in tok.children)


def _nominal_governor(noun: Token, presupposing: frozenset[str]) -> Token:
    """The word an event noun hangs on: "condemned [the killing]", "after [the arrest]" (a
    preposition of ``presupposing`` governs itself), "condemnation of [the strikes]", climbing
    coordination ("the killing and [the arrest]")."""
    cur = noun
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    head = cur.head
    if cur.dep_ == "pobj" and head.lower_ not in presupposing and head.head.i != head.i:
        return head.head
    return head


def _city(m: Mention, head: Token, dictionary: ActorDictionary) -> bool:
    """A town named for its country's code ("Erbil" → IRQ) is a place; a capital may act for its state."""
    if not m.is_country or m.is_capital or head.ent_type_ == "NORP":
        return False
    name = (dictionary.name_of(m.code) or "").lower()
    return not name or not head.doc[m.start : m.end].text.lower().startswith(name[:4])


def _under_locative(tok: Token, preps: set[str] | frozenset[str] = frozenset()) -> bool:
    cur = tok
    for _ in range(4):
        if cur.dep_ == "pobj" and cur.head.lower_ in (preps or LOCATIVE_PREPS):
            return True
        if cur.head.i == cur.i or cur.dep_ not in ("compound", "poss", "amod", "pobj", "prep", "appos"):
            return False
        cur = cur.head
    return False


def _as_written(place: Place | None) -> Place | None:
    """A town keeps the name the article gives it ("Muqdadiya", not a transliteration of it)."""
    if place is None or not place.text or place.precision != "city":
        return place
    written = place.text.strip()
    if written.endswith("'s") or written.endswith("’s"):
        written = written[:-2]
    if not written[:1].isupper() or written.lower().startswith("the "):
        return place
    from ..places.locate import PLACE_NOUNS

    if written.split()[-1].lower() in PLACE_NOUNS:
        return place  # "Belarusian capital" is Minsk, not a town of that name
    from dataclasses import replace

    return replace(place, name=written)


def _phrase_path(tok: Token, ancestor: Token, limit: int) -> bool:
    """Whether ``tok`` hangs from ``ancestor`` through at most ``limit`` phrase links (no clause between)."""
    cur = tok
    for _ in range(limit):
        if cur.i == ancestor.i:
            return True
        if cur.dep_ not in ("pobj", "prep", "dobj", "compound", "amod", "nmod", "appos", "dative", "npadvmod"):
            return False
        cur = cur.head
    return cur.i == ancestor.i


def _peacekeeping(verb: Token) -> bool:
    """Whether the verb's own arguments (not a clause below it) name peacekeepers or a peace mission."""
    for c in verb.children:
        purpose = c.dep_ in ("advcl", "xcomp") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        if c.dep_ in ("ccomp", "advcl", "conj", "parataxis", "relcl") and not purpose:
            continue  # (but "arrived in Mali to join the UN peacekeeping mission" says what they came for)
        for t in c.subtree:
            low = t.lemma_.lower()
            if low.startswith("peacekeep") or (low == "peace" and t.head.lemma_.lower() in ("mission", "force")):
                return True
    return False


def _ultimatum(tok: Token) -> bool:
    """ "will boycott the vote unless the president resigns": a condition clause with 'unless'."""
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
        for c in tok.children
    )


def _forces_arriving(verb: Token, subj: Token | None, sources: Sequence[Actor]) -> bool:
    """Whether a 'visit' is armed forces moving in: a verb of arrival whose subject names forces as a
    body ("troops", "forces", "militants"), or an armed actor that is not a person ("ISIL entered")."""
    if subj is None or _lemma(verb) not in ARRIVAL_VERBS:
        return False
    # "a first batch of US troops arrived": the of-phrase names what arrived
    heads = [subj, *[p for c in subj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]]
    if any(h.lemma_.lower() in FORCE_WORDS or h.lower_ in FORCE_WORDS for h in heads):
        return True
    armed = all(s.code.startswith("IMG") or s.code[3:6] in ARMED_ROLES for s in sources)
    return armed and subj.pos_ == "PROPN" and subj.ent_type_ not in ("PERSON", "")


def _complement_marked(clause: Token) -> bool:
    """A complement clause, not a relative one: 'that' as its mark, or a 'to' infinitive."""
    return any(
        (c.dep_ == "mark" and c.lower_ == "that") or (c.dep_ == "aux" and c.lower_ == "to") for c in clause.children
    )


def _noun_clause_owner(clause: Token) -> Token | None:
    """The governing noun ("demand", "call", "pledge") whose complement ``clause`` is: its acl/ccomp
    with 'that' or 'to', or a "for X to ..." clause the parser hung on the verb right after the noun."""
    if clause.pos_ not in ("VERB", "AUX"):
        return None
    head = clause.head
    if clause.dep_ in ("acl", "ccomp"):
        if head.pos_ == "NOUN" and _lemma(head) in NOUN_GOVERNORS and _complement_marked(clause):
            return head
        return None
    if clause.dep_ == "relcl" and head.pos_ == "NOUN" and _lemma(head) in NOUN_GOVERNORS:
        # "a call that its troops withdraw": the parser's relative clause with a subject of its
        # own and "that" as its object is the noun's complement ("a call that came" is not)
        that = any(c.lower_ == "that" and c.dep_ in ("dobj", "mark") and c.i < clause.i for c in clause.children)
        if that and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
            return head
        return None
    if clause.dep_ != "advcl":
        return None
    mark = next((m for m in clause.children if m.dep_ == "mark" and m.lower_ == "for" and m.i < clause.i), None)
    if mark is None or not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        return None
    if head.pos_ == "NOUN" and _lemma(head) in NOUN_GOVERNORS:
        return head
    for c in head.children:
        if c.pos_ == "NOUN" and _lemma(c) in NOUN_GOVERNORS and c.right_edge.i + 1 == mark.i:
            return c
    return None


def _noun_complement(noun: Token) -> Token | None:
    """The clause a governing noun takes (see :func:`_noun_clause_owner`), or None."""
    if noun.pos_ != "NOUN" or _lemma(noun) not in NOUN_GOVERNORS:
        return None
    for c in (*noun.children, *noun.head.children):
        owner = _noun_clause_owner(c) if c.i != noun.i else None
        if owner is not None and owner.i == noun.i:
            return c
    return None


def _text_acts(clause: Token) -> bool:
    """ "a report that calls on", "a statement accusing X": the text itself acts (a relative clause
    whose subject is the relative pronoun, or a participle), unlike "reports that Iran had sent"."""
    if clause.dep_ == "relcl":
        return any(c.dep_ == "nsubj" and c.lower_ in ("that", "which") for c in clause.children)
    return clause.dep_ == "acl" and clause.tag_ == "VBG"


def _bare_passive_participle(tok: Token) -> bool:
    return (
        tok.tag_ == "VBN"
        and tok.dep_ in ("advcl", "acl")
        and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in tok.children)
    )


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _governor_word(tok: Token) -> str:
    """How governors.tsv names a governing word: adjectives as written ("prepared"), else the lemma."""
    return tok.lower_ if tok.pos_ == "ADJ" else _lemma(tok)


def _governed_outcome(outcome: str | None, code: str, own: str, rule: str) -> tuple[str | None, str, str]:
    """(code, rule, modality) of a governors.tsv outcome over an act coded ``code``."""
    root = code[:2]
    if outcome is None or outcome == "governor":
        return (own or None), rule, "intended"
    if outcome == "act":
        return code, f"{rule}>act", "asserted"
    if outcome == "agreement":
        return "057", f"{rule}>agreement", "asserted"
    if outcome == "intent":
        return INTENT_BY_ROOT.get(root, own or None), rule, "intended"
    if outcome == "threat":
        return THREAT_BY_ROOT.get(root, "130"), rule, "threatened"
    if outcome == "reject":
        return REJECT_BY_ROOT.get(root, "120"), f"{rule}>reject", "rejected"
    if outcome == "posture":
        return "150", f"{rule}>posture", "asserted"
    if outcome == "nothing":
        return None, rule, "intended"
    return outcome, rule, "intended"  # a CAMEO code, as an intent ("offered to send troops" → 030)


def _direct_object(tok: Token) -> Token | None:
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return tok.head  # "two missiles fired by the Houthis": the noun the participle describes
    for c in tok.children:
        if c.dep_ == "nsubjpass" and tok.tag_ == "VBN":
            return c  # "missiles were fired at Abu Dhabi": the passive subject is what was fired
    for c in tok.children:
        if c.dep_ in ("dobj", "obj"):
            if c.lemma_.lower() in QUANTITY_HEADS:  # "suspended part of its aid", "freed some of the hostages"
                of = next((p for x in c.children if x.dep_ == "prep" and x.lower_ == "of" for p in x.children
                           if p.dep_ == "pobj"), None)
                if of is not None:
                    return of
            return c
    # "call for a ceasefire", "think about cooperation": the first prepositional object;
    # "went on strike", "went on a rampage"
    lemma = tok.lemma_.lower()
    preps = ("for", "about", "over", "on") if lemma == "go" else ("for", "about", "over")
    if lemma in YIELDING_VERBS:  # "conceded to the demands", "bowed to pressure"
        preps = ("to", *preps)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def _depth_below(tok: Token, ancestor: Token) -> int:
    d = 0
    cur = tok
    while cur.i != ancestor.i and cur.head.i != cur.i:
        cur = cur.head
        d += 1
    return d


def _narrative_past(tok: Token) -> bool:
    """Is the trigger's clause told in the simple past ("arrested", "was arrested", "carried out
    strikes"), the tense of a story's events? Not the perfect, present, future or a modal."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    while verb.dep_ in ("xcomp", "conj") and verb.tag_ in ("VB", "VBN", "VBG") and verb.head.i != verb.i:
        verb = verb.head  # "forced their way in to arrest", "met and agreed"
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_ in ("have", "will", "shall") or a.tag_ == "MD" for a in auxes):
        return False
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(a.lower_ in ("was", "were") for a in auxes)


def _naming_predicate(verb: Token) -> Token | None:
    """What a verb of naming calls its object: "called [the deal] [a mistake]", "described [the
    strikes] as [a crime]"; None when the verb does not name ("called for talks", "called on X to")."""
    children = list(verb.children)
    if not any(c.dep_ == "dobj" for c in children):
        return None
    for c in children:
        if c.dep_ == "oprd":
            return c
        if c.dep_ == "prep" and c.lower_ == "as":
            for obj in c.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _governing_verbs(tok: Token) -> list[Token]:
    """Verbs above ``tok`` in its clause chain ("said on Friday that ... would help")."""
    out = []
    cur = tok
    while cur.head.i != cur.i and cur.dep_ in SUBJECT_CLIMB_DEPS:
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            out.append(cur)
    return out


def _sentence_countries(doc: Doc, mentions: Sequence[Mention], dictionary: ActorDictionary) -> list[str]:
    """Countries named in a sentence, places under a locative first ("children ... in Yemen")."""
    out: list[str] = []

    def locative(m: Mention) -> bool:
        # "in Caracas", "in the northern city of Aleppo"; "sanctions on Iran" is no place
        return _under_locative(doc[m.end - 1], LOCATIVE_PREPS - {"on"})

    for m in mentions:
        if m.kind == "actor" and locative(m):
            c = dictionary.country_of(m.code)
            if c and c not in out:
                out.append(c)
    return out


__all__ = ["EventExtractor", "ExtractorResources", "SentenceContext"]
