"""The ``bedfellows`` spaCy component: ``nlp.add_pipe("bedfellows")`` puts events on ``doc._.events``.

It needs a parser and NER earlier in the pipeline (declared in ``requires``);
the article date comes from ``doc._.published`` when set, so a pipeline can
code a corpus with ``nlp.pipe`` and keep spaCy's own batching.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Article

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)
if not Doc.has_extension("article_id"):
    Doc.set_extension("article_id", default=None)


class BedfellowsComponent:
    """Codes each Doc with the shared event extractor."""

    def __init__(self, nlp: Language, name: str, dictionaries: str | None) -> None:
        from ..events.extract import EventExtractor

        self.name = name
        self.extractor = EventExtractor.default(dictionaries=dictionaries)

    def __call__(self, doc: Doc) -> Doc:
        article = Article(
            id=doc._.article_id or "doc",
            text=doc.text,
            published=doc._.published,
        )
        doc._.events = self.extractor.extract(doc, article)
        return doc


@Language.factory(
    "bedfellows",
    default_config={"dictionaries": None},
    requires=["token.dep", "token.lemma", "token.pos", "token.ent_type"],
    assigns=["doc._.events"],
)
def make_bedfellows(nlp: Language, name: str, dictionaries: str | None) -> Any:
    """Factory registered with spaCy (also exposed through the ``spacy_factories`` entry point)."""
    return BedfellowsComponent(nlp, name, dictionaries)
