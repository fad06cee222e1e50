"""Build parsed spaCy Docs by hand, so unit tests need no model.

Each token is (text, head index, dep, pos, tag, lemma, entity) with entity in
IOB form ("B-GPE", "I-PERSON", "O"), exactly what a parser would have given.
"""

from __future__ import annotations

from collections.abc import Sequence

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

Tok = tuple[str, int, str, str, str, str, str]

_VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower_, like_num...)


def make_doc(tokens: Sequence[Tok], vocab: Vocab | None = None) -> Doc:
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(tokens) and tokens[i + 1][0] not in (".", ",", "'s", "?") for i in range(len(tokens))]
    return Doc(
        vocab or _VOCAB,
        words=words,
        spaces=spaces,
        heads=[t[1] for t in tokens],
        deps=[t[2] for t in tokens],
        pos=[t[3] for t in tokens],
        tags=[t[4] for t in tokens],
        lemmas=[t[5] for t in tokens],
        ents=[t[6] for t in tokens],
    )


RUSSIA_DID_NOT_SEND: list[Tok] = [
    ("Russia", 3, "nsubj", "PROPN", "NNP", "Russia", "B-GPE"),
    ("did", 3, "aux", "AUX", "VBD", "do", "O"),
    ("not", 3, "neg", "PART", "RB", "not", "O"),
    ("send", 3, "ROOT", "VERB", "VB", "send", "O"),
    ("troops", 3, "dobj", "NOUN", "NNS", "troop", "O"),
    ("to", 3, "dative", "ADP", "IN", "to", "O"),
    ("Belarus", 5, "pobj", "PROPN", "NNP", "Belarus", "B-GPE"),
    ("on", 3, "prep", "ADP", "IN", "on", "O"),
    ("Monday", 7, "pobj", "PROPN", "NNP", "Monday", "B-DATE"),
    (".", 3, "punct", "PUNCT", ".", ".", "O"),
]
RUSSIA_SENT = [t if t[0] not in ("did", "not") else t for t in RUSSIA_DID_NOT_SEND]
TURKEY_DENIED: list[Tok] = [
    ("Turkey", 1, "nsubj", "PROPN", "NNP", "Turkey", "B-GPE"),
    ("denied", 1, "ROOT", "VERB", "VBD", "deny", "O"),
    ("that", 6, "mark", "SCONJ", "IN", "that", "O"),
    ("its", 4, "poss", "PRON", "PRP$", "its", "O"),
    ("troops", 6, "nsubj", "NOUN", "NNS", "troop", "O"),
    ("had", 6, "aux", "AUX", "VBD", "have", "O"),
    ("shelled", 1, "ccomp", "VERB", "VBN", "shell", "O"),
    ("Kurdish", 8, "amod", "ADJ", "JJ", "kurdish", "B-NORP"),
    ("positions", 6, "dobj", "NOUN", "NNS", "position", "O"),
    ("in", 6, "prep", "ADP", "IN", "in", "O"),
    ("Syria", 9, "pobj", "PROPN", "NNP", "Syria", "B-GPE"),
    (".", 1, "punct", "PUNCT", ".", ".", "O"),
]
ISRAEL_THREATENED: list[Tok] = [
    ("Israel", 1, "nsubj", "PROPN", "NNP", "Israel", "B-GPE"),
    ("threatened", 1, "ROOT", "VERB", "VBD", "threaten", "O"),
    ("to", 3, "aux", "PART", "TO", "to", "O"),
    ("strike", 1, "xcomp", "VERB", "VB", "strike", "O"),
    ("Iranian", 6, "amod", "ADJ", "JJ", "iranian", "B-NORP"),
    ("nuclear", 6, "amod", "ADJ", "JJ", "nuclear", "O"),
    ("facilities", 3, "dobj", "NOUN", "NNS", "facility", "O"),
    (".", 1, "punct", "PUNCT", ".", ".", "O"),
]
SOLDIERS_KILLED_BY: list[Tok] = [
    ("Two", 2, "nummod", "NUM", "CD", "two", "B-CARDINAL"),
    ("Indian", 2, "amod", "ADJ", "JJ", "indian", "B-NORP"),
    ("soldiers", 4, "nsubjpass", "NOUN", "NNS", "soldier", "O"),
    ("were", 4, "auxpass", "AUX", "VBD", "be", "O"),
    ("killed", 4, "ROOT", "VERB", "VBN", "kill", "O"),
    ("by", 4, "agent", "ADP", "IN", "by", "O"),
    ("Pakistani", 7, "amod", "ADJ", "JJ", "pakistani", "B-NORP"),
    ("troops", 5, "pobj", "NOUN", "NNS", "troop", "O"),
    (".", 4, "punct", "PUNCT", ".", ".", "O"),
]
COMPOUND_ACTORS: list[Tok] = [
    ("Iraqi", 2, "amod", "ADJ", "JJ", "iraqi", "B-NORP"),
    ("security", 2, "compound", "NOUN", "NN", "security", "O"),
    ("forces", 6, "nsubj", "NOUN", "NNS", "force", "O"),
    ("and", 2, "cc", "CCONJ", "CC", "and", "O"),
    ("Shia", 5, "compound", "PROPN", "NNP", "Shia", "B-NORP"),
    ("fighters", 2, "conj", "NOUN", "NNS", "fighter", "O"),
    ("attacked", 6, "ROOT", "VERB", "VBD", "attack", "O"),
    ("ISIL", 8, "compound", "PROPN", "NNP", "ISIL", "B-NORP"),
    ("militants", 6, "dobj", "NOUN", "NNS", "militant", "O"),
    (".", 6, "punct", "PUNCT", ".", ".", "O"),
]
IF_PYONGYANG: list[Tok] = [
    ("If", 2, "mark", "SCONJ", "IN", "if", "O"),
    ("Pyongyang", 2, "nsubj", "PROPN", "NNP", "Pyongyang", "B-GPE"),
    ("conducts", 9, "advcl", "VERB", "VBZ", "conduct", "O"),
    ("another", 5, "det", "DET", "DT", "another", "O"),
    ("nuclear", 5, "amod", "ADJ", "JJ", "nuclear", "O"),
    ("test", 2, "dobj", "NOUN", "NN", "test", "O"),
    (",", 9, "punct", "PUNCT", ",", ",", "O"),
    ("Japan", 9, "nsubj", "PROPN", "NNP", "Japan", "B-GPE"),
    ("will", 9, "aux", "AUX", "MD", "will", "O"),
    ("impose", 9, "ROOT", "VERB", "VB", "impose", "O"),
    ("new", 11, "amod", "ADJ", "JJ", "new", "O"),
    ("sanctions", 9, "dobj", "NOUN", "NNS", "sanction", "O"),
    (".", 9, "punct", "PUNCT", ".", ".", "O"),
]
