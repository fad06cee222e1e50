"""Hand-built spaCy Docs for fast date tests: no model, a parse we choose."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.tokens import Doc

Row = tuple  # (word, head index, dep, pos[, ent label or "", lemma])


def build_doc(rows: list[Row]) -> Doc:
    """A Doc from (word, head, dep, pos, ent, lemma) rows; ``ent`` "" or a label (BIO inferred)."""
    vocab = spacy.blank("en").vocab
    words = [r[0] for r in rows]
    ents: list[str] = []
    prev = ""
    for r in rows:
        label = r[4] if len(r) > 4 else ""
        ents.append("O" if not label else ("I-" if label == prev else "B-") + label)
        prev = label
    return Doc(
        vocab,
        words=words,
        spaces=[True] * (len(words) - 1) + [False],
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        lemmas=[r[5] if len(r) > 5 else r[0].lower() for r in rows],
        ents=ents,
    )


@pytest.fixture(scope="session")
def make_doc() -> Callable[[list[Row]], Doc]:
    return build_doc
