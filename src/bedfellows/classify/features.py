"""The words a sentence gives the event-type model: one function for training and coding.

Names and numbers become placeholders (``<name>``, ``<num>``) so that what the model
learns is the *kind* of event, not which countries the synthetic stories happened to
name; lemmas (lower case) and adjacent lemma pairs are the features.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

NAME = "<name>"
NUMBER = "<num>"
# entity labels that name someone or somewhere: their words say nothing of the event type
_NAME_ENTS = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC"})


def sentence_words(tokens: Iterable[Token]) -> list[str]:
    """Lower-case lemmas in order; runs of name words folded into one ``<name>``."""
    words: list[str] = []
    for tok in tokens:
        if tok.is_punct or tok.is_space:
            continue
        if tok.like_num:
            word = NUMBER
        elif tok.ent_type_ in _NAME_ENTS or tok.pos_ == "PROPN":
            word = NAME
        else:
            word = (tok.lemma_ or tok.text).lower()
        if word == NAME and words and words[-1] == NAME:
            continue
        words.append(word)
    return words


def sentence_features(tokens: Iterable[Token]) -> list[str]:
    """Distinct unigrams and bigrams of :func:`sentence_words`, sorted (order-independent)."""
    words = sentence_words(tokens)
    feats = set(words)
    feats.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return sorted(feats)
