"""The core verb and noun lexicon, and the verbs that govern modality.

Verbs that *govern* another action (deny, rule out, consider, threaten, vow,
accuse, ask...) are what make a coder get modality right: the action under
them is not asserted, and the event is what the governing verb does with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from spacy.tokens import Token

# Governing classes: how an action under the verb is transformed.
DENY, REJECT, CONSIDER, THREATEN, INTEND, FAIL, ACCUSE, APPEAL, HYPOTHETICAL, DEMAND = (
    "deny",
    "reject",
    "consider",
    "threaten",
    "intend",
    "fail",
    "accuse",
    "appeal",
    "hypothetical",
    "demand",
)
GOVERNORS: dict[str, str] = {
    "deny": DENY,
    "reject": REJECT,
    "refuse": REJECT,
    "rule out": REJECT,
    "veto": REJECT,
    "decline": REJECT,
    "dismiss": REJECT,
    "oppose": REJECT,
    "consider": CONSIDER,
    "weigh": CONSIDER,
    "mull": CONSIDER,
    "think about": CONSIDER,
    "contemplate": CONSIDER,
    "explore": CONSIDER,
    "discuss": CONSIDER,
    "debate": CONSIDER,
    "threaten": THREATEN,
    "warn": THREATEN,
    "vow": INTEND,
    "commit": INTEND,
    "pledge": INTEND,
    "promise": INTEND,
    "offer": INTEND,
    "agree": INTEND,
    "plan": INTEND,
    "intend": INTEND,
    "prepare": INTEND,
    "aim": INTEND,
    "seek": INTEND,
    "want": INTEND,
    "hope": INTEND,
    "propose": INTEND,
    # "decide" is transparent: "Japan decided to ease sanctions" reports the easing as done
    "expect": HYPOTHETICAL,
    "fail": FAIL,
    "avoid": FAIL,
    "stop": FAIL,
    "cease": FAIL,
    "accuse": ACCUSE,
    "blame": ACCUSE,
    "condemn": ACCUSE,
    "criticize": ACCUSE,
    "criticise": ACCUSE,
    "denounce": ACCUSE,
    "claim": HYPOTHETICAL,
    "allege": HYPOTHETICAL,
    "ask": APPEAL,
    "urge": APPEAL,
    "call": APPEAL,
    "request": APPEAL,
    "appeal": APPEAL,
    "demand": APPEAL,
    "press": APPEAL,
    "push for": APPEAL,
}
# Verbs that govern only when they take a clause: "invited six countries to join the bloc" is an
# offer (governors.tsv); "invited the minister for talks" is left to the verb dictionary.
COMPLEMENT_GOVERNORS: dict[str, str] = {"invite": INTEND}
# Governors whose direct object does the act under them and receives the governor's own event
# ("urged Iran to release", "invited Egypt to join"): the object is the complement's subject.
OBJECT_CONTROL_VERBS = {"ask", "urge", "tell", "order", "force", "call", "persuade", "allow", "invite", "press"}
# Nouns that turn a clause into a claim rather than an assertion ("reports that Iran had sent").
CLAIM_NOUNS = {
    "report",
    "claim",
    "allegation",
    "accusation",
    "charge",
    "suggestion",
    "rumour",
    "rumor",
    "speculation",
    "possibility",
    "option",
    "plan",
    "proposal",
    "threat",
    "idea",
}
# Nouns that govern the clause they take, as their verbs do ("its demand that Israel ease the
# blockade", "a call for Russia to withdraw", "a pledge to release prisoners"): the act in the
# clause has not happened; the demand, appeal or pledge has (when someone is named as making it).
NOUN_GOVERNORS: dict[str, str] = {
    "demand": APPEAL,
    "call": APPEAL,
    "request": APPEAL,
    "appeal": APPEAL,
    "plea": APPEAL,
    "proposal": INTEND,
    "plan": INTEND,
    "offer": INTEND,
    "promise": INTEND,
    "pledge": INTEND,
    "vow": INTEND,
    "commitment": INTEND,
    "threat": THREATEN,
}
# Verbs that only report or repeat a demand, appeal or pledge ("renewed its demand that ...",
# "issued an appeal to ..."): the noun's own event is the event, not a second one for the verb.
ISSUING_VERBS = {
    "renew", "repeat", "reiterate", "issue", "make", "voice", "express", "announce", "send", "submit",
    "present", "deliver", "lodge", "extend", "restate", "reaffirm", "echo", "put", "publish", "unveil",
    "table", "step", "launch",
}  # fmt: skip
# Armed forces on the move: "US troops arrived in Baghdad" is no visit (042) but a build-up of
# forces where they arrive. CAMEO 154 "Mobilize or increase armed forces" ("Israel has strengthened
# its forces in Lebanon", CAMEO 1.1b3 manual) is that act; 150 would say only "demonstrate power".
# Peacekeepers arriving stay 074 (the peacekeeping rule runs after this one).
FORCE_ARRIVAL_CODE = "154"
ARRIVAL_VERBS = {
    "arrive", "enter", "reach", "land", "deploy", "move", "cross", "march", "roll", "pour", "return",
    "come", "go", "travel", "head", "advance", "redeploy", "arrive in",
}  # fmt: skip
# Head nouns of a phrase that names armed forces as a body, not one of their officers
# ("US troops", "Turkish forces"; not "the army chief", "a military delegation").
FORCE_WORDS = {
    "troop", "troops", "soldier", "force", "forces", "army", "unit", "contingent", "battalion", "brigade",
    "division", "regiment", "marine", "paratrooper", "tank", "warship", "militant", "fighter", "rebel",
    "insurgent", "jihadist", "militiaman", "militia", "gunman", "reinforcement", "convoy", "column",
    "commando", "special", "infantry", "navy", "fleet", "submarine", "jet", "warplane", "aircraft",
}  # fmt: skip
ARMED_ROLES = ("MIL", "REB", "UAF", "INS", "SEP")
# A governing REJECT verb whose object is a claim is a denial ("rejected claims that...").
MODALS_HYPOTHETICAL = {"may", "might", "could", "can", "should", "would", "will", "shall", "must", "ca", "'ll", "wo"}
LIGHT_VERBS = {
    "gain",  # "gained control of the airport"
    "wrest",
    "carry",
    "conduct",
    "launch",
    "stage",
    "mount",
    "commit",
    "perpetrate",
    "wage",
    "hold",
    "impose",
    "sign",
    "reach",
    "declare",
    "make",
    "pay",
    "step",
    "announce",
    "begin",
    "start",
    "continue",
    "intensify",
    "escalate",
    "order",
    "provide",
    "deliver",
    "send",
    "express",
    "issue",
    "claim",
    "authorize",
    "authorise",
    "approve",
}


_PARTICLES = {"out", "off", "down", "up", "back", "over", "in", "into"}


@dataclass(frozen=True)
class VerbRule:
    verb: str  # "seize" or "rule out"
    code: str
    objects: frozenset[str] | None  # object lemmas, or None for any
    object_class: str | None  # "@place" / "@actor" / "@person"
    notarget: bool

    @property
    def name(self) -> str:
        cond = self.object_class or (",".join(sorted(self.objects))[:40] if self.objects else "")
        return f"core:{self.verb.replace(' ', '_')}" + (f"[{cond}]" if cond else "")


@dataclass(frozen=True)
class NounRule:
    noun: str
    code: str
    notarget: bool


@dataclass(frozen=True)
class GovernorTable:
    """governors.tsv: what a governing word does with the act under it (see the file's header)."""

    rows: dict[tuple[str, str], str]

    def outcome(
        self, governor: str, cls: str | None, code: str | None, lemma: str | None, obj: str | None = None
    ) -> str | None:
        """The outcome for ``governor`` (of class ``cls``) over an act coded ``code`` whose verb is
        ``lemma``. With no act (``code`` None), over the complement verb ``lemma`` that is in no
        lexicon ("ready to face") or the direct object ``obj``, by their own rows only."""
        if code is None:  # no act under the governor: its complement verb, or its object
            keys = [lemma] if lemma else [f"obj:{obj}"] if obj else []
        else:
            keys = [k for k in (lemma, code, (code or "")[:3], (code or "")[:2]) if k] + ["*"]
        for who in (governor, f"@{cls}" if cls else ""):
            for k in keys:
                out = self.rows.get((who, k))
                if out is not None:
                    return out
        return None


def _rows(name: str) -> list[list[str]]:
    text = resources.files("bedfellows.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@dataclass
class Lexicon:
    verbs: dict[str, list[VerbRule]]
    nouns: dict[str, NounRule]
    presupposing: frozenset[str] = frozenset()  # words whose object is an act that happened
    patient_possessor: frozenset[str] = frozenset()  # event nouns whose possessor is the receiver
    place_nouns: frozenset[str] = frozenset()  # "the airport", "the town": a seized or stormed place
    statement_senses: tuple[tuple[str, str], ...] = ()  # (cue, code), in file order
    naming_verbs: frozenset[str] = frozenset()  # "called the move a violation": a statement, not an appeal
    governors: GovernorTable = field(default_factory=lambda: GovernorTable({}))  # governors.tsv

    @cached_property
    def _sense_patterns(self) -> tuple[tuple[re.Pattern[str], str, str], ...]:
        return tuple(
            (re.compile(rf"(?<![\w-]){re.escape(cue)}(?![\w-])"), code, cue) for cue, code in self.statement_senses
        )

    def statement_sense(self, said: str) -> tuple[str, str] | None:
        """(code, cue) of a statement whose words criticise, threaten or praise, or None: threats
        beat criticism, criticism beats praise, then the file's order."""
        low = said.lower()
        hits = [(code, cue) for pattern, code, cue in self._sense_patterns if pattern.search(low)]
        if not hits:
            return None
        rank = {"13": 0, "11": 1, "05": 2}
        return min(hits, key=lambda h: rank.get(h[0][:2], 3))

    def verb_key(self, tok: Token) -> str:
        """``rule out``, ``take over``: the lemma with its particle, when that is in the lexicon."""
        lemma = tok.lemma_.lower()
        for child in tok.children:
            # "forced aid workers out of ...": the small model often parses the particle as a preposition
            if child.dep_ == "prt" or (child.dep_ in ("prep", "advmod") and child.lower_ in _PARTICLES):
                phrasal = f"{lemma} {child.lower_}"
                if phrasal in self.verbs or phrasal in GOVERNORS:
                    return phrasal
        if lemma == "think":
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ == "about":
                    return "think about"
        if lemma == "push":  # "pushed for reforms": an appeal, not a shove
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ == "for":
                    return "push for"
        return lemma

    def rules_for(self, key: str) -> list[VerbRule]:
        return self.verbs.get(key, [])


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    verbs: dict[str, list[VerbRule]] = {}
    for cols in _rows("verbs_core.tsv"):
        cols = (cols + ["", "", "", ""])[:4]
        verb, code, obj, notarget = (c.strip() for c in cols)
        objects = None
        obj_class = None
        if obj.startswith("@"):
            obj_class = obj
        elif obj:
            objects = frozenset(o.strip() for o in obj.split(",") if o.strip())
        verbs.setdefault(verb, []).append(VerbRule(verb, code, objects, obj_class, notarget == "yes"))
    nouns: dict[str, NounRule] = {}
    for cols in _rows("nouns_core.tsv"):
        cols = (cols + ["", "", ""])[:3]
        nouns[cols[0].strip()] = NounRule(cols[0].strip(), cols[1].strip(), cols[2].strip() == "yes")
    kinds: dict[str, set[str]] = {"presupposes": set(), "patient-possessor": set()}
    for kind, lemma, *_ in _rows("nominal_acts.tsv"):
        kinds[kind.strip()].add(lemma.strip())
    places = frozenset(cols[0].strip() for cols in _rows("place_nouns.tsv") if cols[1:2] != ["locate"])
    governed: dict[tuple[str, str], str] = {}
    for cols in _rows("governors.tsv"):
        governor, complements, outcome = (c.strip() for c in (cols + ["", "", ""])[:3])
        kind, _, words = complements.partition(":") if complements.startswith("obj:") else ("", "", complements)
        for comp in words.split(","):
            if comp.strip():
                governed.setdefault((governor, f"obj:{comp.strip()}" if kind else comp.strip()), outcome)
    senses = tuple((cols[0].strip(), cols[1].strip()) for cols in _rows("statement_senses.tsv"))
    naming = frozenset(cols[0].strip() for cols in _rows("naming_verbs.tsv"))
    return Lexicon(
        verbs,
        nouns,
        frozenset(kinds["presupposes"]),
        frozenset(kinds["patient-possessor"]),
        places,
        senses,
        naming,
        GovernorTable(governed),
    )
