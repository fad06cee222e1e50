"""Direct quotations with their speakers, read from the spaCy parse.

The marks module finds the quoted stretches; here each one gets the speech
cue next to it (``"...," Rouhani said``, ``he replied, "..."``, ``according
to X``), the cue's grammatical subject as the speaker, and pronoun speakers
resolved to the last named speaker or PERSON before them. Quotes without a
cue of their own take the speaker of the quote they continue (same
paragraph, or a paragraph that is all quotation after an attributed one).
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from ..nlp.cache import doc_ents
from .marks import RawQuote, find_quote_marks

log = logging.getLogger(__name__)

# verbs (lemmas) that introduce reported speech or writing
SPEECH_LEMMAS = frozenset(
    """
    say tell add stress warn reply insist note explain state declare claim argue announce
    write tweet ask answer respond continue conclude admit acknowledge recall remark comment
    urge vow promise suggest assert contend maintain observe report quip joke shout yell
    scream whisper mutter complain lament predict caution concede confirm deny emphasize
    emphasise mention boast proclaim testify reiterate recount counter retort agree
    pledge charge allege affirm announce post blast slam decry declare demand plead
    exclaim muse reason rail recall read begin go call describe label brand""".split()
)
# 'go' only counts in the colloquial "he goes, ..."; "read" as in "the statement read"
_WEAK = frozenset({"go", "begin", "continue", "read"})
_BOUNDARY = frozenset({".", "!", "?"})
_SUBJ = ("nsubj", "nsubjpass")
_NAME_LEFT = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case"})
_NAME_RIGHT = frozenset({"compound", "flat", "case"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_PRONOUNS = _PERSON_PRONOUNS | {"they", "we", "i", "it", "you", "them", "us"}
_SCARE_MAX_WORDS = 3
_COMPLEMENT = frozenset({"ccomp", "xcomp", "parataxis", "dobj", "attr", "acomp", "oprd", "conj"})
# words that mark what follows as a label, not speech: so-called "red line"
_LABEL_WORDS = frozenset({"so-called", "dubbed", "nicknamed", "titled", "entitled", "headlined"})
_DASH_RE = re.compile(r"[ \t\xa0]*(?:[—―–]|--?)[ \t\xa0]*")
_NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})
_EXPLETIVE = frozenset({"it", "there", "this", "that", "which", "what", "who"})
_NON_PERSON = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"})


@dataclass(frozen=True)
class QuoteSpan:
    """A direct quotation (one part of it) and who said it, as char offsets in ``doc.text``."""

    start: int
    end: int
    text: str
    speaker_start: int | None
    speaker_end: int | None
    speaker_text: str | None
    speaker_resolved_text: str | None
    cue: str | None


@dataclass
class _Speaker:
    start: int
    end: int
    text: str
    resolved: str | None
    cue: str
    pronoun: bool
    person: bool = True


class _Tokens:
    """Token lookup by char offset and quote membership."""

    def __init__(self, doc: Doc, quotes: Sequence[RawQuote]) -> None:
        self.doc = doc
        self.starts = doc.to_array(IDX).tolist() if len(doc) else []
        self.quoted = bytearray(len(doc))
        for q in quotes:
            for t in self.within(q.outer_start, q.outer_end):
                self.quoted[t.i] = 1

    def within(self, a: int, b: int) -> list[Token]:
        """Tokens lying wholly in chars [a, b)."""
        i = bisect.bisect_left(self.starts, a)
        out = []
        doc = self.doc
        while i < len(doc) and doc[i].idx + len(doc[i]) <= b:
            out.append(doc[i])
            i += 1
        return out

    def outside(self, a: int, b: int) -> list[Token]:
        return [t for t in self.within(a, b) if not self.quoted[t.i]]


def _clause_before(tokens: list[Token]) -> list[Token]:
    """The part of ``tokens`` after the last sentence end: the quote's own sentence."""
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k].text in _BOUNDARY:
            return tokens[k + 1 :]
    return tokens


def _clause_after(tokens: list[Token]) -> list[Token]:
    for k, t in enumerate(tokens):
        if t.text in _BOUNDARY:
            return tokens[:k]
    return tokens


def _has_words(tokens: list[Token]) -> bool:
    return any(not (t.is_punct or t.is_space) for t in tokens)


def _is_cue(t: Token) -> bool:
    if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
        return True
    return t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ in ("VERB", "AUX") and (
        t.lemma_.lower() not in _WEAK or t.dep_ in ("ROOT", "parataxis")
    )


def _subject(verb: Token, after_quote: bool, quoted: bytearray) -> Token | None:
    """The speaker token of a speech verb: its subject, its agent, or its head's subject."""
    if verb.lower_ == "according":
        to = verb.doc[verb.i + 1]
        for c in to.children:
            if c.dep_ == "pobj":
                return c
        return None
    cur = verb
    for _ in range(3):
        kids = list(cur.children)
        for c in kids:
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        for c in kids:
            if quoted[c.i]:
                continue  # words inside the quote are what was said, not who said it
            if c.dep_ in _SUBJ and not (c.dep_ == "nsubjpass" and cur.i == verb.i):
                return c
        if cur.i == verb.i and after_quote and verb.lemma_.lower() == "say":
            # inversion the parser misreads: '"...," said Obama' with Obama as object
            for c in verb.rights:
                if (
                    c.dep_ in ("dobj", "attr", "npadvmod")
                    and (c.pos_ == "PROPN" or c.ent_type_)
                    and c.ent_type_ not in _NOT_SPEAKER_ENTS
                ):
                    return c
        if cur.dep_ in ("relcl", "acl") and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head
        if cur.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acl", "ccomp") and cur.head.i != cur.i:
            cur = cur.head
            continue
        return None
    return None


def _mention(head: Token) -> Span:
    """The speaker as written: the head with its names, titles and modifiers."""
    doc = head.doc
    lo = hi = head.i
    for c in head.lefts:
        if c.dep_ in _NAME_LEFT:
            lo = min(lo, c.left_edge.i)
    for c in head.rights:
        if c.dep_ in _NAME_RIGHT:
            hi = max(hi, c.right_edge.i)
    if head.ent_type_:
        for ent in doc_ents(doc):
            if ent.start <= head.i < ent.end:
                lo, hi = min(lo, ent.start), max(hi, ent.end - 1)
                break
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    return doc[lo : hi + 1]


class _Finder:
    def __init__(self, doc: Doc, text: str, raw: list[RawQuote]) -> None:
        self.doc = doc
        self.text = text
        self.raw = raw
        self.tok = _Tokens(doc, self.raw)
        # named antecedents for pronouns: (char offset, text, is person)
        self.named: list[tuple[int, str, bool]] = []
        for ent in doc_ents(doc):
            if ent.label_ == "PERSON" and not self.tok.quoted[ent.root.i]:
                self.named.append((ent.start_char, ent.text, True))
        self.named.sort()

    # -- cues ---------------------------------------------------------------------------
    def _cue_in(self, tokens: list[Token], nearest_last: bool, after_quote: bool) -> _Speaker | None:
        cands = [t for t in tokens if _is_cue(t)]
        if nearest_last:
            cands.reverse()
        fallback: _Speaker | None = None
        for verb in cands:
            subj = _subject(verb, after_quote, self.tok.quoted)
            cue = "according to" if verb.lower_ == "according" else verb.lemma_.lower()
            if subj is None or self.tok.quoted[subj.i]:
                span = self._adjacent_name(tokens, verb) if after_quote else None
                if span is None:
                    if fallback is None:
                        fallback = _Speaker(-1, -1, "", None, cue, False)
                    continue
                subj = span.root
            else:
                span = _mention(subj)
            pron = subj.pos_ == "PRON" or subj.lower_ in _PRONOUNS
            person = subj.ent_type_ not in _NON_PERSON or subj.tag_ == "NNP"
            return _Speaker(span.start_char, span.end_char, span.text, None, cue, pron, person)
        return fallback

    def _adjacent_name(self, tokens: list[Token], verb: Token) -> Span | None:
        """When the parse fails: the words between the quote and 'said' ('"...," Chief
        Chuck Jordan said'), or the name right after it ('"...," said Jane Roe')."""
        pre = [t for t in tokens if t.i < verb.i and not self.tok.quoted[t.i]]
        while pre and (pre[0].is_punct or pre[0].is_space):
            pre.pop(0)
        if 0 < len(pre) <= 10 and pre[-1].pos_ in ("PROPN", "NOUN", "PRON") and not any(
            t.is_punct and t.text not in (".", "'s", "’s") for t in pre
        ):
            return self.doc[pre[0].i : pre[-1].i + 1]
        post: list[Token] = []
        for t in tokens:
            if t.i <= verb.i:
                continue
            if t.pos_ != "PROPN" and not (post and t.text == "."):
                break
            post.append(t)
        if post and post[0].i == verb.i + 1:
            return self.doc[post[0].i : post[-1].i + 1]
        return None

    def _governs(self, sp: _Speaker | None, quote_toks: list[Token]) -> bool:
        """Whether a speech verb takes the quoted words as (part of) what was said."""
        if sp is None or sp.start < 0:
            return False
        for t in quote_toks:
            child, cur = t, t.head
            while cur.i != child.i:
                if _is_cue(cur) and not self.tok.quoted[cur.i]:
                    return child.dep_ in _COMPLEMENT or child.i == t.i
                child, cur = cur, cur.head
        return False

    def _labelled(self, q: RawQuote) -> bool:
        words = self.text[max(0, q.outer_start - 20) : q.outer_start].split()
        return bool(words) and words[-1].lower() in _LABEL_WORDS

    def _own(self, q: RawQuote, prev_end: int, next_start: int) -> tuple[_Speaker | None, bool]:
        """The cue in the quote's own sentence; also whether the quote is embedded in one."""
        before = _clause_before(self.tok.outside(prev_end, q.outer_start))
        after = _clause_after(self.tok.outside(q.outer_end, next_start))
        quote_toks = self.tok.within(q.start, q.end)
        embedded = _has_words(before) or (
            _has_words(after) and not self.text[q.start:q.end].rstrip().endswith((".", "?", "!"))
            and not _is_cue_clause(after)
        )
        sp = None
        if _has_words(before):
            sp = self._cue_in(before, True, False)
        if (sp is None or sp.start < 0) and _has_words(after):
            alt = self._cue_in(after, False, True)
            if alt is not None and (sp is None or alt.start >= 0):
                sp = alt
        if sp is None or sp.start < 0:
            sp = self._dash_byline(q, next_start) or self._governor(quote_toks) or sp
        return sp, embedded

    def _dash_byline(self, q: RawQuote, next_start: int) -> _Speaker | None:
        """'"..." ― Jane Doe': a name after a dash, as in testimonials and epigraphs."""
        m = _DASH_RE.match(self.text, q.outer_end, next_start)
        if m is None:
            return None
        names: list[Token] = []
        for t in self.tok.within(m.end(), next_start):
            if t.pos_ != "PROPN" and not (names and t.text == "."):
                break
            names.append(t)
        if not names:
            return None
        span = self.doc[names[0].i : names[-1].i + 1]
        return _Speaker(span.start_char, span.end_char, span.text, None, "—", False)

    def _governor(self, quote_toks: list[Token]) -> _Speaker | None:
        """No speech cue: the subject of the verb that governs the quoted words.

        News embeds quoted words in the subject's own clause ('Tomblin lauded him
        for "new and innovative ideas"'), so that subject is the speaker.
        """
        heads = [t.head for t in quote_toks if t.head.i != t.i and not self.tok.quoted[t.head.i]]
        if not heads:
            return None
        verb = heads[0]
        for _ in range(4):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX") or self.tok.quoted[verb.i]:
            return None
        subj = _subject(verb, False, self.tok.quoted)
        if subj is None or self.tok.quoted[subj.i] or subj.lower_ in _EXPLETIVE:
            return None
        if not (
            subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
            or subj.pos_ == "PROPN"
            or subj.lower_ in _PERSON_PRONOUNS | {"they", "we", "i"}
        ):
            return None  # 'the primary requirement', 'money': not a speaker
        span = _mention(subj)
        pron = subj.pos_ == "PRON" or subj.lower_ in _PRONOUNS
        person = subj.ent_type_ not in _NON_PERSON or subj.tag_ == "NNP"
        return _Speaker(
            span.start_char, span.end_char, span.text, None, verb.lemma_.lower(), pron, person
        )

    # -- main ---------------------------------------------------------------------------
    def run(self) -> list[QuoteSpan]:
        raw = self.raw
        lines = _line_bounds(self.text)
        results: list[tuple[RawQuote, _Speaker | None]] = []
        by_chain: dict[int, _Speaker] = {}
        long = {p: len(self.text[p.start : p.end].split()) > _SCARE_MAX_WORDS for p in raw}
        for k, q in enumerate(raw):
            lo, hi = lines[q.line]
            # short quotes ('Marcia "Cia" Price') do not cut the text around a quote
            prev_end = max(
                [lo] + [p.outer_end for p in raw[:k] if p.outer_end <= q.outer_start and long[p]]
            )
            nxt = [p.outer_start for p in raw[k + 1 :] if p.outer_start >= q.outer_end and long[p]]
            next_start = min(nxt + [_line_end(lines, self.text, q.outer_end)])
            sp, embedded = self._own(q, prev_end, next_start)
            if len(self.text[q.start : q.end].split()) <= _SCARE_MAX_WORDS and embedded and (
                self._labelled(q) or not self._governs(sp, self.tok.within(q.start, q.end))
            ):
                continue  # scare quotes / titles: 'so-called "red line"'
            if q.single and (sp is None or sp.start < 0):
                continue  # single marks are too often not speech: need a cue
            if (sp is None or sp.start < 0) and not _has_words(self.tok.outside(lo, q.outer_start)):
                sp = self._from_previous_line(q, lines, results) or sp
            results.append((q, sp))
            if sp is not None and sp.start >= 0 and q.chain not in by_chain:
                by_chain[q.chain] = sp
        # parts without a speaker of their own: chain, then the neighbouring quote in the line
        final: list[tuple[RawQuote, _Speaker | None]] = []
        for k, (q, sp) in enumerate(results):
            if sp is None or sp.start < 0:
                inherited = by_chain.get(q.chain) or self._neighbour(k, results)
                if inherited is not None:
                    sp = inherited
            final.append((q, sp))
        return self._resolve(final)

    def _neighbour(
        self, k: int, results: list[tuple[RawQuote, _Speaker | None]]
    ) -> _Speaker | None:
        q = results[k][0]
        for j in range(k - 1, -1, -1):
            p, sp = results[j]
            if p.line != q.line:
                break
            if sp is not None and sp.start >= 0:
                return sp
        if k + 1 < len(results):
            p, sp = results[k + 1]
            gap = self.tok.outside(q.outer_end, p.outer_start)
            if p.line == q.line and not _has_words(gap) and sp is not None and sp.start >= 0:
                return sp
        return None

    def _from_previous_line(self, q: RawQuote, lines: list[tuple[int, int]],
                            results: list[tuple[RawQuote, _Speaker | None]]) -> _Speaker | None:
        """A paragraph opening with a quote: 'X said:' before it, or X's quote just before."""
        if q.line == 0:
            return None
        plo, phi = lines[q.line - 1]
        prev_text = self.text[plo:phi].rstrip()
        if prev_text.endswith(":"):
            toks = _clause_before(self.tok.outside(plo, phi))
            sp = self._cue_in(toks, True, False)
            if sp is not None and sp.start >= 0:
                return sp
        for p, sp in reversed(results):
            if p.line == q.line - 1:
                if sp is not None and sp.start >= 0:
                    return sp
                continue
            if p.line < q.line - 1:
                break
        return None

    def _resolve(self, items: list[tuple[RawQuote, _Speaker | None]]) -> list[QuoteSpan]:
        out: list[QuoteSpan] = []
        named = list(self.named)
        for q, sp in items:
            text = self.text[q.start : q.end]
            if text.endswith(",") and len(text) > 1:
                text = text[:-1].rstrip()
            end = q.start + len(text)
            if sp is None or sp.start < 0:
                cue = sp.cue if sp is not None else None
                out.append(QuoteSpan(q.start, end, text, None, None, None, None, cue))
                continue
            resolved = sp.resolved
            if resolved is None:
                if sp.pronoun:
                    resolved = self._antecedent(named, sp)
                else:
                    resolved = sp.text
                    bisect.insort(named, (sp.start, sp.text, sp.person))
                sp.resolved = resolved
            out.append(QuoteSpan(q.start, end, text, sp.start, sp.end, sp.text, resolved, sp.cue))
        out.sort(key=lambda s: s.start)
        return out

    def _antecedent(self, named: list[tuple[int, str, bool]], sp: _Speaker) -> str | None:
        pron = sp.text.lower()
        k = bisect.bisect_left(named, (sp.start, "", False))
        for j in range(k - 1, -1, -1):
            off, text, is_person = named[j]
            if pron in _PERSON_PRONOUNS and not is_person:
                continue
            if pron == "it" and is_person:
                continue  # 'it said' is an organisation or a document
            return text
        return None


def _is_cue_clause(tokens: list[Token]) -> bool:
    return any(_is_cue(t) for t in tokens)


def _line_bounds(text: str) -> list[tuple[int, int]]:
    from .marks import _lines

    return _lines(text)


def _line_end(lines: list[tuple[int, int]], text: str, offset: int) -> int:
    for lo, hi in lines:
        if lo <= offset <= hi:
            return hi
    return len(text)


def find_quotes(doc: Doc, text: str | None = None) -> list[QuoteSpan]:
    """Direct quotations in ``doc`` with speakers, sorted by start.

    ``text`` is ``doc.text`` when the caller has it (``Doc.text`` joins every token).
    """
    text = doc.text if text is None else text
    if not text.strip():
        return []
    raw = find_quote_marks(text)
    if not raw:
        return []
    return _Finder(doc, text, raw).run()


def quote_at(quotes: Sequence[QuoteSpan], char_offset: int) -> QuoteSpan | None:
    """The quote whose text contains ``char_offset`` (``quotes`` sorted by start, as
    find_quotes returns them; quotes never overlap)."""
    k = bisect.bisect_right([q.start for q in quotes], char_offset) - 1
    if k >= 0 and quotes[k].start <= char_offset < quotes[k].end:
        return quotes[k]
    return None
