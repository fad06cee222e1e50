"""PETRARCH-2's coding algorithm on a phrase-structure (Penn Treebank) parse.

bedfellows' own coder reads spaCy dependency parses.  Teams moving from
PETRARCH-2 have years of CoreNLP parse trees and dictionaries tuned to how
PETRARCH-2 walks them; this module codes such trees the way PETRARCH-2 does, so
their dictionaries keep their meaning.  It is a re-implementation from the
algorithm's description (noun phrases yield actor codes; a verb phrase takes its
subject from the noun phrase beside it, its target and nested events from
below; patterns are tries walked from the verb's clause; nested verb codes are
combined arithmetically in PICO), not a copy of PETRARCH-2's code.

Deliberate differences from PETRARCH-2: date restrictions on actors are read
correctly (``[CODE <950601]`` with spaces), verb transformations (``~`` lines)
are not applied, and a head word is computed once and kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from . import pico
from .dictionaries import END, LinearPattern, TreeDictionaries, Trie, actor_code

# An event in the making: (sources, target, code).  Sources is a list of actor codes
# ("" when unknown); target is an actor code, "" , "passive", a nested event, or a list.
Ev = tuple[Any, Any, int]

_BE = frozenset(["AM", "IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING"])
_HAVE = frozenset(["HAVE", "HAD", "HAVING", "HAS"])


def _blank(codes: Any) -> bool:
    return codes in ("", None) or codes == [] or codes == [""] or codes == ["~"] or codes == ["~~"]


def _split_codes(codes: Any) -> tuple[list[str], list[str]]:
    """Actor codes and agent codes (``~GOV``) of a mixed list."""
    actors: list[str] = []
    agents: list[str] = []
    if not codes:
        return actors, agents
    for c in codes:
        if not c:
            continue
        (agents if c.startswith("~") else actors).append(c)
    return actors, agents


def _mix(agents: list[str], actors: list[str]) -> list[str]:
    """Append each agent's code to every actor code (``ARN`` + ``~GOV`` = ``ARNGOV``)."""
    out = list(actors) if actors else ["~"]
    for ag in agents:
        if ag == "~PPL" and len(agents) > 1:
            continue
        suffix = ag[1:]
        out = [a if suffix in a else a + suffix for a in out]
    return [a for a in out if a not in ("", "~", "~~")]


class Node:
    """A constituent of the parse tree; word-level nodes carry ``text``."""

    def __init__(self, label: str, sentence: Sentence) -> None:
        self.label = "VB" if label == "MD" else label
        self.children: list[Node] = []
        self.text = ""
        self.parent: Node | None = None
        self.index = -1
        self.sentence = sentence
        self.color = False
        self._head: tuple[str | None, Node | None] | None = None
        self._meaning: Any = None
        self.position = -1  # word-level nodes: index in Sentence.leaves

    def span(self) -> tuple[int, int]:
        """First and last word positions under this node ((-1, -1) if none)."""
        if self.position >= 0:
            return self.position, self.position
        spans = [c.span() for c in self.children]
        spans = [x for x in spans if x[0] >= 0]
        return (spans[0][0], spans[-1][1]) if spans else (-1, -1)

    # -- text and head ---------------------------------------------------------------

    def words(self) -> str:
        if self.color:
            return ""
        out = self.text
        for c in self.children:
            out += " " + (c.noun_text()[0] if isinstance(c, NounPhrase) else c.words())
        return out

    def head(self) -> tuple[str | None, Node | None]:
        """The rightmost word of the same category down a path of same-category phrases."""
        if self._head is None:
            self._head = self._find_head()
        return self._head

    def _find_head(self) -> tuple[str | None, Node | None]:
        if self.label == "S":
            vps = [c for c in self.children if c.label == "VP"]
            return vps[0].head() if vps else (None, None)
        if self.label == "ADVP":
            return (self.children[0].text, self) if self.children else (None, None)
        if len(self.label) < 2:
            return None, None
        if self.label[1] != "P":
            return self.text, self.parent
        cat = self.label[0]
        words = [c for c in self.children if c.label.startswith(cat) and c.label[1:2] != "P"]
        pool = words or [c for c in self.children if c.label.startswith(cat)]
        heads = [c.head() for c in pool]
        return heads[-1] if heads else (None, None)

    def head_phrase(self) -> Node | None:
        return self.head()[1]

    # -- meaning ---------------------------------------------------------------------

    def meaning(self) -> Any:
        """Clauses pass on the events of the clauses and verb phrases they contain."""
        if self._meaning is None:
            self._meaning = ""
            if self.label in "SBAR":
                events: list[Any] = []
                for c in self.children:
                    if c.label in "SBARVP":
                        m = c.meaning()
                        if m:
                            events += m
                self._meaning = events if events else ""
        return self._meaning

    def noun_text(self) -> tuple[str, list[str]]:
        return self.words(), []


class NounPhrase(Node):
    def noun_text(self) -> tuple[str, list[str]]:
        """The words an actor is looked up in, and codes found in its own PPs."""
        codes: list[str] = []
        text = ""
        for c in self.children:
            if isinstance(c, PrepPhrase):
                m = c.meaning()
                if _split_codes(m)[0]:
                    codes += m
                else:
                    text += " " + c.words()
            if isinstance(c, NounPhrase):
                t, pc = c.noun_text()
                text += t
                codes += pc
            if c.label[:2] in ("JJ", "NN", "DT"):
                text += " " + c.text
        return text, codes

    def meaning(self) -> Any:
        if self._meaning is not None:
            return self._meaning
        self._meaning = []  # guards against antecedent loops
        words: list[str] = []
        np_codes: list[str] = []
        pp_codes: list[str] = []
        vp_codes: list[str] = []
        codes: list[str] = []
        for c in self.children:
            if isinstance(c, NounPhrase):
                t, pc = c.noun_text()
                words += t.split()
                np_codes += pc
            elif c.label[:2] in ("JJ", "DT", "NN"):
                words += c.words().split()
            elif c.label == "PP":
                m = c.meaning()
                if _split_codes(m)[0]:
                    pp_codes += m
                else:
                    words += c.words().split()
            elif isinstance(c, VerbPhrase):
                m = c.meaning()
                if m and isinstance(m[0], tuple) and isinstance(m[0][1], str) and m[0][1]:
                    vp_codes += c.theme()
            elif c.label == "PRP":
                codes += self._antecedent(c)
        codes += self._lookup(words)
        actors, agents = _split_codes(codes)
        np_a, np_g = _split_codes(np_codes)
        pp_a, pp_g = _split_codes(pp_codes)
        vp_a, vp_g = _split_codes(vp_codes)
        actors = actors or np_a or pp_a or vp_a
        agents = agents or np_g or pp_g or vp_g
        self._meaning = _mix(agents, actors)
        return self._meaning

    def _lookup(self, words: list[str]) -> list[str]:
        """Longest actor match at each word, then agents; matched words are consumed."""
        d = self.sentence.dictionaries
        codes: list[str] = []
        i = 0
        while i < len(words):
            n, found = _actor_at(d, words, i, self.sentence.date)
            if n:
                codes += found
                i += n
                continue
            hit = _longest(d.agents, words, i)
            if hit is not None:
                code_any, n = hit
                codes.append(code_any)
                i += n
                continue
            i += 1
        return codes

    def _antecedent(self, pronoun: Node) -> list[str]:
        """A pronoun takes the codes of the first noun phrase of an enclosing clause."""
        reflexive = pronoun.text.endswith(("SELF", "SELVES"))
        level = self.parent
        local = True
        while level is not None and level.parent is not None:
            if level.label.startswith("NP") and reflexive:
                break
            if local and level.label in ("S", "SBAR"):
                local = False
                level = level.parent
                continue
            if (not local or reflexive) and level.parent is not None:
                for c in level.parent.children:
                    if isinstance(c, NounPhrase) and c is not self:
                        m = c.meaning()
                        return list(m) if m else []
            level = level.parent
        return []

    def convert_existential(self) -> None:
        """"There are X doing Y": X becomes the subject of Y."""
        parent = self.parent
        if parent is None or len(parent.children) < 2:
            return
        sister = parent.children[1]
        if len(sister.children) < 2:
            return
        niece = sister.children[1]
        if len(niece.children) < 2:
            return
        subject, predicate = niece.children[0], niece.children[1]
        parent.children[0] = subject
        subject.parent = parent
        sister.children[1] = predicate
        predicate.parent = sister
        self.parent = None


def _actor_at(d: TreeDictionaries, words: list[str], i: int, day: dt.date | None) -> tuple[int, list[str]]:
    """Length and codes of the dictionary actor whose name starts at word ``i`` ((0, []) if none);
    ``FRO/BIL/SAM`` is one name for several actors."""
    hit = _longest(d.actors, words, i)
    code = actor_code(hit[0], day) if hit is not None else None
    if hit is None or code is None:
        return 0, []
    return hit[1], code.split("/")


def _longest(trie: Trie, words: list[str], i: int) -> tuple[Any, int] | None:
    node = trie
    best: tuple[Any, int] | None = None
    j = i
    while j < len(words) and words[j] in node:
        node = node[words[j]]
        j += 1
        if END in node:
            best = (node[END], j - i)
    return best


class PrepPhrase(Node):
    def prep(self) -> str:
        return self.children[0].text if self.children else ""

    def meaning(self) -> Any:
        if self._meaning is None:
            self._meaning = ""
            if len(self.children) > 1 and not self.children[1].color:
                obj = self.children[1]
                if isinstance(obj, NounPhrase) and obj.noun_text()[0].strip():
                    self._meaning = obj.meaning()
        return self._meaning


class VerbPhrase(Node):
    def __init__(self, label: str, sentence: Sentence) -> None:
        super().__init__(label, sentence)
        self.code = 0
        self.verbclass = ""
        self._passive: bool | None = None
        self._forced_passive = False
        self._s: Node | None | bool = False
        self._upper: list[str] | None = None
        self._lower: tuple[Any, bool] | None = None
        self._code: tuple[int, int] | None = None
        self.pattern_line = ""
        self.compound = False  # the matched pattern has "%": the subjects act on each other
        self.pattern_actors: dict[str, list[str]] = {}  # "+"/"$" actors the pattern found

    # -- structure -------------------------------------------------------------------

    def valid(self) -> bool:
        """A VBN phrase that is not passive and has no auxiliary is a mis-parsed noun phrase."""
        if not self.children or self.children[0].label != "VBN" or self.parent is None:
            return True
        parent = self.parent
        helped = parent.head()[0] in _HAVE or (bool(parent.children) and parent.children[0].text in _HAVE)
        vps = sum(1 for c in parent.children if isinstance(c, VerbPhrase))
        if helped or vps > 1 or self.passive():
            return True
        np = NounPhrase("NP", self.sentence)
        np.children = self.children
        np.parent = parent
        np.index = self.index
        i = parent.children.index(self)
        parent.children[i] = np
        return False

    def passive(self) -> bool:
        """-ed verb under a form of "be" (or inside a noun phrase)."""
        if self._forced_passive:
            return True
        if self._passive is None:
            self._passive = False
            if self.children and self.children[0].label in ("VBD", "VBN"):
                level = self.parent
                if level is not None and level.label == "NP":
                    self._passive = True
                else:
                    for _ in range(2):
                        if level is None:
                            break
                        if isinstance(level, VerbPhrase) and level.children and level.children[0].text in _BE:
                            self._passive = True
                            break
                        level = level.parent
        return self._passive

    def clause(self) -> Node | None:
        """The nearest clause above, passing "to"-clauses without their own subject."""
        if self._s is not False:
            return self._s  # type: ignore[return-value]
        level: Node = self
        result: Node | None = None
        while level.parent is not None:
            if isinstance(level.parent, VerbPhrase):
                level = level.parent
            elif level.parent.label == "S":
                if level.children and level.children[0].label == "TO" and level.index == 0:
                    level = level.parent
                    continue
                result = level.parent
                break
            else:
                result = level
                break
        self._s = result
        return result

    def upper(self) -> list[str]:
        """The subject: codes of the first coded noun phrase beside the verb phrase."""
        if self._upper is None:
            self._upper = []
            if self.parent is not None:
                for c in self.parent.children:
                    if isinstance(c, NounPhrase) and c.meaning() != ["~"]:
                        self._upper = c.meaning()
                        break
        return self._upper

    def lower(self) -> tuple[Any, bool]:
        """Events of the verb phrases below, or else the codes of the objects."""
        if self._lower is not None:
            return self._lower
        options = [c for c in list(self.children) if isinstance(c, VerbPhrase) and c.valid()]
        lowers = [c.meaning() for c in options]
        negated = bool(lowers) and len(self.children) > 1 and self.children[1].text == "NOT"
        events: list[Any] = []
        for item in lowers:
            if not item:
                continue
            for ev in item:
                if negated and isinstance(ev, tuple) and not pico.is_own(ev[2]):
                    ev = (ev[0], ev[1], ev[2] - pico.NEGATION)
                events.append(ev)
        if events:
            self._lower = (events, negated)
            return self._lower
        np_codes: list[str] = []
        pp_codes: list[str] = []
        for c in self.children:
            if isinstance(c, NounPhrase):
                np_codes += c.meaning()
            elif isinstance(c, PrepPhrase):
                m = c.meaning()
                if m:
                    pp_codes += m
        np_a, np_g = _split_codes(np_codes)
        pp_a, pp_g = _split_codes(pp_codes)
        self._lower = (_mix(np_g or pp_g, np_a or pp_a), negated)
        return self._lower

    def theme(self) -> list[Any]:
        m = self.meaning()
        if not m:
            return []
        first = m[0]
        if isinstance(first, str):
            return [first]
        if first[1] == "passive":
            return list(first[0]) if isinstance(first[0], list) else [first[0]]
        return [first[1]]

    # -- the verb's code -------------------------------------------------------------

    def verb_code(self) -> tuple[int, int]:
        """The verb's own code, then a matching pattern's; (active, passive)."""
        if self._code is not None:
            return self._code
        d = self.sentence.dictionaries
        passive = 0
        if any(c.text == "AND" for c in self.children):
            self._code = (0, 0)
            return self._code
        verb = "TO" if self.children and self.children[0].label == "TO" else self.head()[0]
        entry: dict[str, str] | None = None
        if verb and verb in d.verbs:
            node = d.verbs[verb]
            if list(node) == [END]:
                entry = node[END].get(END)
            else:
                for c in self.children:
                    if c.label in ("PRT", "ADVP") and c.children and c.children[0].text in node:
                        node = node[c.children[0].text]
                if END in node:
                    entry = node[END].get(END)
        if entry is not None:
            self.verbclass = entry["meaning"] or (verb or "")
            if entry["code"]:
                self.code, passive = pico.convert(entry["code"])
        match = self.match_pattern()
        if match is not None:
            self.pattern_line = match["line"]
            self.code, passive = pico.convert(match["code"])
        if passive and not self.code:
            self._forced_passive = True
            self.code = passive
        self._code = (self.code, passive)
        return self._code

    def match_pattern(self) -> dict[str, str] | None:
        d = self.sentence.dictionaries
        if self.verbclass in d.linear:
            found = self._match_linear(d.linear[self.verbclass])
            if found is not None:
                self.compound = found.compound
                return {"code": found.code, "line": found.line}
        if self.verbclass not in d.phrases:
            return None
        return _PatternWalk(self).run(d.phrases[self.verbclass])

    def _match_linear(self, patterns: list[LinearPattern]) -> LinearPattern | None:
        """PETRARCH-1 patterns: words after the verb inside its phrase, words before it
        inside its clause; the pattern with the most words wins, the first listed on ties."""
        verbs = [c for c in self.children if c.label.startswith("VB") and c.position >= 0]
        if not verbs:
            return None
        v = verbs[0].position
        end = self.span()[1]
        clause = self.clause() or self
        start = clause.span()[0]
        if start < 0 or start > v:
            start = 0
        words = self.sentence.words
        best: LinearPattern | None = None
        actors: dict[str, list[str]] = {}
        for pat in patterns:
            if best is not None and pat.size <= best.size:
                continue
            found: dict[str, list[str]] = {}
            if _follows(pat.after, words, v, end, self.sentence.actor_at, found) and _precedes(
                pat, words, v, start, self.sentence.actor_at, found
            ):
                best, actors = pat, found
        self.pattern_actors = actors
        return best

    # -- events ----------------------------------------------------------------------

    def meaning(self) -> Any:
        if self._meaning is not None:
            return self._meaning
        self._meaning = []
        self.clause()
        code, passive_code = self.verb_code()
        clauses = [c for c in self.children if c.label in "SBAR"]
        up = self.upper()
        events: list[Any] = []

        if self.passive() or (passive_code and not code):
            sources: list[str] = []
            targets: list[Any] = list(up)
            for c in self.children:
                if isinstance(c, PrepPhrase):
                    m = c.meaning() or []
                    if c.prep() in ("BY", "FROM", "IN"):
                        sources += m
                    elif c.prep() in ("AT", "AGAINST", "INTO", "TOWARDS"):
                        targets += m
            if not targets:
                targets = ["passive"]
            if sources or code:
                self._meaning = [(sources, targets[0], code if self.passive() else passive_code)]
                return self._meaning

        if self.pattern_actors.get("$"):
            up = self.pattern_actors["$"]
        up_codes: Any = "" if _blank(up) else up
        if self.compound and isinstance(up_codes, list) and len(up_codes) > 1:
            self._meaning = [([a], b, code) for a in up_codes for b in up_codes if a != b]
            return self._meaning
        low, neg = self.lower()
        if self.pattern_actors.get("+"):
            low, neg = list(self.pattern_actors["+"]), False
        if not low:
            low = ""
        if neg:
            code = 0

        def resolve(ev: Any) -> list[Ev]:
            if not (up_codes or code):
                return [ev]
            out: list[Ev] = []
            if not isinstance(ev, tuple):
                if passive_code:
                    for item in up_codes or []:
                        out.append(([ev], item, passive_code))
                return out + [(up_codes, ev, code)]
            if ev[1] == "passive":
                combined = pico.combine(code, ev[2])
                if up_codes:
                    return [(ev[0], source, combined) for source in up_codes]
                return [(ev[0], "passive", combined)]
            if not _blank(ev[0]):
                return [(up_codes, ev, code)]
            return [(up_codes, ev[1], pico.combine(code, ev[2]))]

        if isinstance(low, list):
            for ev in low:
                events += resolve(ev)
        elif not clauses and (up_codes or code):
            events.append((up_codes, low, code))

        below: list[Any] = []
        for c in clauses:
            m = c.meaning()
            if m:
                below += m
        if below and not events:
            for ev in below:
                if isinstance(ev, tuple) and (ev[1] or ev[2]):
                    for r in resolve(ev):
                        if isinstance(r[1], list):
                            events += [(r[0], item, r[2]) for item in r[1]]
                        else:
                            events.append(r)
        if below and not events and code and up_codes:
            # "A allowed that B is ...": a clause that codes nothing but its subject gives
            # the target (PETRARCH-1 took the first actor after the verb).
            for ev in below:
                if isinstance(ev, tuple) and isinstance(ev[0], list) and not ev[1] and not ev[2]:
                    events += [(up_codes, t, code) for t in ev[0] if t]
        self._meaning = [x for ev in events for x in _fold(ev)]
        rule = (self.head()[0] or "?") + (": " + self.pattern_line if self.pattern_line else "")
        for ev in self._meaning:
            self.sentence.rules.setdefault(id(ev), rule)
        return self._meaning


ActorAt = Callable[[int], tuple[int, list[str]]]


def _first_actor(positions: range, actor_at: ActorAt) -> tuple[int, int, list[str]] | None:
    """The first position holding an actor name: (position, name length, codes)."""
    for i in positions:
        n, codes = actor_at(i)
        if n:
            return i, n, codes
    return None


def _follows(
    elements: tuple[tuple[str, bool], ...],
    words: list[str],
    v: int,
    end: int,
    actor_at: ActorAt,
    found: dict[str, list[str]],
) -> bool:
    """Whether the pattern's words after the verb occur after word ``v``, up to word ``end``;
    the actors standing at ``+``/``$`` go to ``found``."""
    p = v
    for word, glued in elements:
        if word in ("+", "$"):
            hit = _first_actor(range(p + 1, end + 1), actor_at)
            if hit is None:
                return False
            found.setdefault(word, []).extend(hit[2])
            p = hit[0] + hit[1] - 1
            continue
        if glued:
            if p + 1 > end or words[p + 1] != word:
                return False
            p += 1
        else:
            q = next((i for i in range(p + 1, end + 1) if words[i] == word), -1)
            if q < 0:
                return False
            p = q
    return True


def _precedes(
    pat: LinearPattern,
    words: list[str],
    v: int,
    start: int,
    actor_at: ActorAt,
    found: dict[str, list[str]],
) -> bool:
    """Whether the pattern's words before the verb occur, in order, from word ``start`` to ``v``."""
    p = v
    right_glued = pat.verb_glued_to_before
    for word, glued in reversed(pat.before):
        if word in ("+", "$"):
            hit = _first_actor(range(p - 1, start - 1, -1), actor_at)
            if hit is None:
                return False
            found.setdefault(word, []).extend(hit[2])
            p = hit[0]
            right_glued = glued
            continue
        if right_glued:
            if p - 1 < start or words[p - 1] != word:
                return False
            p -= 1
        else:
            q = next((i for i in range(p - 1, start - 1, -1) if words[i] == word), -1)
            if q < 0:
                return False
            p = q
        right_glued = glued
    return True


def _fold(ev: Any) -> list[Any]:
    """``a (b . Q) P`` becomes ``a b P+Q`` when Q is not itself a speech-level code."""
    if (
        isinstance(ev, tuple)
        and ev[0]
        and ev[2]
        and isinstance(ev[1], tuple)
        and ev[1][0]
        and 0 <= ev[1][2] < 0x1000
    ):
        inner = ev[1]
        if isinstance(inner[0], list):
            return [(ev[0], item, pico.combine(inner[2], ev[2])) for item in inner[0]]
        return [(ev[0], inner[0], pico.combine(ev[2], inner[2]))]
    return [ev]


def _nothing(t: Trie) -> Any:
    return None


class _PatternWalk:
    """Walks a verb's pattern trie over the tree: subject side, verb phrase, prepositions."""

    def __init__(self, vp: VerbPhrase) -> None:
        self.vp = vp
        # Where a bare noun step looks: the verb phrase, or the clause for a passive verb.
        self.home: Node | None = vp.clause() if vp.passive() else vp

    def run(self, trie: Trie) -> dict[str, str] | None:
        if self.vp.passive():
            return self.noun(trie, self.vp, by_only=True)
        return self.noun(trie, self.vp.clause())

    def reroute(
        self,
        node: Trie,
        dash: Callable[[Trie], Any] | None = None,
        comma: Callable[[Trie], Any] | None = None,
        bar: Callable[[Trie], Any] | None = None,
        star: Callable[[Trie], Any] | None = None,
        exit: bool = True,
    ) -> Any:
        dash = dash if dash is not None else (lambda t: self.noun(t, self.home))
        comma = comma if comma is not None else (lambda t: self.noun(t, self.home))
        bar = bar if bar is not None else (lambda t: self.prep(t, self.vp))
        star = star if star is not None else (lambda t: self.noun(t, self.home))
        for key, step in (("-", dash), (",", comma), ("|", bar), ("*", star)):
            if key in node:
                m = step(node[key])
                if m:
                    return m
        if END in node and exit:
            return node[END]
        return None

    def phrase(self, node: Trie, phrase: Node | None) -> Any:
        """More words of the noun phrase whose head matched (modifiers)."""
        if phrase is None:
            return None
        for item in phrase.children:
            if item.text and item.text in node:
                sub = node[item.text]
                m = self.reroute(sub, dash=partial(self._modifiers_of_word, item))
                if m:
                    item.color = True
                    return m
        return self.reroute(node, dash=lambda t: self.phrase(t, phrase.head_phrase()))

    def noun(self, node: Trie, phrase: Node | None, by_only: bool = False) -> Any:
        if phrase is None:
            return None
        candidates: list[Node] = []
        if by_only:
            for c in phrase.children:
                if isinstance(c, PrepPhrase) and len(c.children) > 1 and c.prep() in ("BY", "FROM"):
                    candidates.append(c.children[1])
        else:
            candidates = [c for c in phrase.children if c.label in ("NP", "ADVP")]
            if isinstance(phrase, NounPhrase):
                candidates.append(phrase)
        for item in candidates:
            head, head_phrase = item.head()
            if head and head in node:
                sub = node[head]
                # first the prepositional phrases inside this noun phrase, then its modifiers
                m = self.reroute(sub, _nothing, _nothing, partial(self._prep_in, item), _nothing, exit=False)
                if not m and isinstance(item, NounPhrase):
                    m = self.reroute(sub, dash=partial(self._modifiers_of, item))
                if m:
                    if head_phrase is not None and head_phrase.children:
                        head_phrase.children[-1].color = True
                    return m
        if "^" in node:
            phrase.color = True
            return self.reroute(node["^"], dash=lambda t: self.phrase(t, phrase.head_phrase()))
        return self.reroute(node, dash=lambda t: self.phrase(t, phrase.head_phrase()))

    def _modifiers_of_word(self, word: Node, t: Trie) -> Any:
        return self.phrase(t, word.head_phrase() if word.children else None)

    def _modifiers_of(self, np: Node, t: Trie) -> Any:
        return self.phrase(t, np.head_phrase())

    def _prep_in(self, np: Node, t: Trie) -> Any:
        return self.prep(t, np)

    def _object_of(self, pp: Node, t: Trie) -> Any:
        return self.noun(t, pp.children[1]) if len(pp.children) > 1 else None

    def prep(self, node: Trie, phrase: Node) -> Any:
        for item in phrase.children:
            if not isinstance(item, PrepPhrase):
                continue
            p = item.prep()
            if p in node:
                sub = node[p]
                m = self.reroute(
                    sub,
                    dash=partial(self._object_of, item),
                    comma=lambda t: self.prep(t, self.vp),
                )
                if m:
                    return m
        return self.reroute(node, comma=lambda t: self.prep(t, self.vp))


@dataclass(frozen=True)
class TreeEvent:
    """One coded event: CAMEO code, source and target actor codes (``---`` for none)."""

    source: str
    target: str
    code: str
    pattern: str = ""


class Sentence:
    """A parsed sentence being coded; holds the dictionaries and the date for actor lookups."""

    def __init__(self, parse: str, dictionaries: TreeDictionaries, date: dt.date | None) -> None:
        self.dictionaries = dictionaries
        self.date = date
        self.rules: dict[int, str] = {}  # id(event tuple) -> verb and pattern that made it
        self.leaves: list[Node] = []
        self.root = self._read(parse)
        self.words = [leaf.text for leaf in self.leaves]

    def _read(self, parse: str) -> Node:
        text = parse.strip()
        if text.startswith("(ROOT") and text.endswith(")"):
            text = text[5:-1].strip()
        tokens = text.replace(")", " ) ").upper().split()
        if not tokens or not tokens[0].startswith("("):
            raise ValueError("not a bracketed parse")
        root: Node = Node(tokens[0][1:], self)
        stack: list[Node] = [root]
        existentials: list[Node] = []
        for tok in tokens[1:]:
            if tok.startswith("(") and len(tok) > 1:
                label = tok[1:]
                node: Node
                if label == "NP":
                    node = NounPhrase(label, self)
                elif label == "VP":
                    node = VerbPhrase(label, self)
                elif label == "PP":
                    node = PrepPhrase(label, self)
                else:
                    node = Node(label, self)
                    if label == "EX":
                        existentials.append(node)
                if not stack:
                    break
                node.parent = stack[-1]
                node.index = len(stack[-1].children)
                stack[-1].children.append(node)
                stack.append(node)
            elif tok == ")":
                if not stack:
                    break
                stack.pop()
            elif stack:
                stack[-1].text = tok
                if stack[-1].position < 0:
                    stack[-1].position = len(self.leaves)
                    self.leaves.append(stack[-1])
        for ex in existentials:
            if isinstance(ex.parent, NounPhrase):
                try:
                    ex.parent.convert_existential()
                except (IndexError, AttributeError):
                    pass
        return root

    def actor_at(self, i: int) -> tuple[int, list[str]]:
        """The actor whose name starts at word ``i`` of the sentence: (length, codes)."""
        return _actor_at(self.dictionaries, self.words, i, self.date)

    def events(self, require_dyad: bool = True) -> list[TreeEvent]:
        out: list[TreeEvent] = []
        for child in self.root.children:
            if child.label not in "SVP":
                continue
            for ev in child.meaning() or []:
                if not isinstance(ev, tuple):
                    continue
                sources, target, value = ev
                if target == "passive":
                    target = None
                if not isinstance(target, str):
                    continue
                code = pico.to_cameo(value)
                if not code:
                    continue
                rule = self.rules.get(id(ev), "")
                srcs = [x for x in (sources or []) if isinstance(x, str)]
                if srcs and target:
                    out += [TreeEvent(_show(x), _show(target), code, rule) for x in srcs]
                elif not require_dyad and srcs and not target:
                    out += [TreeEvent(_show(x), "---", code, rule) for x in srcs]
                elif not require_dyad and target and not srcs:
                    out.append(TreeEvent("---", _show(target), code, rule))
                if len(srcs) > 1 and not target and code[:2] in ("03", "04", "05", "06"):
                    out += [
                        TreeEvent(_show(a), _show(b), code, rule)
                        for a in srcs
                        for b in srcs
                        if a != b
                    ]
        return list(dict.fromkeys(out))


def _show(code: str) -> str:
    return code.replace("~", "---")


def discarded(text: str, dictionaries: TreeDictionaries) -> bool:
    """A sentence holding a discard phrase is not coded."""
    words = text.upper().split()
    for phrase, _story in dictionaries.discards:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == phrase:
                return True
    return False


def code_tree(
    parse: str,
    dictionaries: TreeDictionaries,
    date: dt.date | None = None,
    text: str | None = None,
    require_dyad: bool = True,
) -> list[TreeEvent]:
    """Code one Penn Treebank parse with PETRARCH-2's algorithm."""
    if text is not None and discarded(text, dictionaries):
        return []
    return Sentence(parse, dictionaries, date).events(require_dyad=require_dyad)
