"""The Chinese surname He ("He Zhihua") is a name, never the pronoun "he"."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from bedfellows.actors.dictionary import load_default_dictionary
from bedfellows.actors.mentions import ActorResolver, find_mentions, is_pronoun, surname_he
from bedfellows.records import Actor

WORDS = ["Barack", "Obama", "visited", "Japan", ".", "He", "Zhihua", "criticized", "Japan", "."]
POS = ["PROPN", "PROPN", "VERB", "PROPN", "PUNCT", "PRON", "PROPN", "VERB", "PROPN", "PUNCT"]
DEPS = ["compound", "nsubj", "ROOT", "dobj", "punct", "nsubj", "appos", "ROOT", "dobj", "punct"]
HEADS = [1, 2, 2, 2, 2, 7, 5, 7, 7, 7]
ENTS = ["B-PERSON", "I-PERSON", "O", "B-GPE", "O", "O", "B-PERSON", "O", "B-GPE", "O"]


def handbuilt(words: list[str] = WORDS, pos: list[str] = POS, ents: list[str] = ENTS) -> Doc:
    starts = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    return Doc(Vocab(), words=words, pos=pos, deps=DEPS, heads=HEADS, ents=ents, sent_starts=starts)


def test_surname_he_is_recognised() -> None:
    doc = handbuilt()
    assert surname_he(doc[5]) and not is_pronoun(doc[5])


def test_pronoun_he_stays_a_pronoun() -> None:
    words = ["Barack", "Obama", "visited", "Japan", ".", "He", "then", "criticized", "Japan", "."]
    pos = ["PROPN", "PROPN", "VERB", "PROPN", "PUNCT", "PRON", "ADV", "VERB", "PROPN", "PUNCT"]
    ents = ["B-PERSON", "I-PERSON", "O", "B-GPE", "O", "O", "O", "O", "B-GPE", "O"]
    doc = handbuilt(words, pos, ents)
    assert not surname_he(doc[5]) and is_pronoun(doc[5])
    # lower case "he" before a name is the pronoun ("he Obama" never names anyone)
    doc2 = handbuilt(["he" if i == 5 else w for i, w in enumerate(WORDS)])
    assert not surname_he(doc2[5])


def test_a_date_after_he_is_no_given_name() -> None:
    words = ["Barack", "Obama", "visited", "Japan", ".", "He", "Monday", "criticized", "Japan", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "B-GPE", "O", "O", "B-DATE", "O", "B-GPE", "O"]
    assert not surname_he(handbuilt(words, POS, ents)[5])


def test_he_zhihua_is_not_resolved_to_the_last_person() -> None:
    doc = handbuilt()
    dictionary = load_default_dictionary()
    resolver = ActorResolver(doc, find_mentions(doc, dictionary, "2015-01-01"), dictionary)
    resolver.context.note(Actor("USAGOV", "Barack Obama", "USA", "Barack Obama"), True, True)
    got = resolver.actor_for(doc[5])
    assert got is None or got.name != "Barack Obama"
    assert resolver.resolve_pronoun(doc[5]) is None


@pytest.mark.model
def test_known_he_name_resolves_through_the_dictionary() -> None:
    from bedfellows import code_text

    events = code_text("Barack Obama visited Japan. He Yong accused Japan of lying.", published="2003-02-01")
    accusers = {e.source.code for e in events if e.cameo.startswith("11") and e.source}
    assert accusers and all(c.startswith("CHN") for c in accusers), accusers
