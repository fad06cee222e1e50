"""What the second opinion says of a text, for ``bedfellows explain``."""

from __future__ import annotations

from typing import Any

from ..records import Article
from .opinion import SecondOpinion, SentenceOpinion


def second_opinion(
    text: str, published: str | None = None, model: str | None = None, mode: str = "full"
) -> dict[str, Any]:
    """Per sentence: the model's scores, and which rule events it vetoes or which event it rescues
    under ``mode`` (``full`` shows both decisions whatever the coder's default)."""
    from ..coder import get_coder

    coder = get_coder(model, classifier="off")
    doc = coder.nlp(text)
    article = Article(id="explain", text=text, published=published)
    opinion = SecondOpinion(mode)
    events = coder.extractor.extract(doc, article)
    kept, reviewed = opinion.review(doc, article, events, coder.extractor)
    by_index = {op.sentence_index: op for op in reviewed}
    sentences: list[SentenceOpinion] = []
    for i, sent in enumerate(doc.sents):
        sentences.append(by_index.get(i) or SentenceOpinion(i, sent.text.strip(), opinion.model.scores(sent)))
    return {
        "model": opinion.rule,
        "mode": mode,
        "veto_below": opinion.veto_below,
        "rescue_above": opinion.rescue_above,
        "sentences": [
            {
                "index": op.sentence_index,
                "text": op.text,
                "top": [[k, round(v, 4)] for k, v in op.top(3)],
                "vetoed": list(op.vetoed),
                "rescued": op.rescued,
            }
            for op in sentences
        ],
        "events_after": [e.to_dict() for e in kept],
    }


def format_second_opinion(report: dict[str, Any]) -> str:
    lines = [
        f"second opinion ({report['model']}; veto below {report['veto_below']}, "
        f"rescue at {report['rescue_above']}):"
    ]
    for s in report["sentences"]:
        top = ", ".join(f"{k} {v:.2f}" for k, v in s["top"])
        lines.append(f"  sentence {s['index']}: {top}")
        if s["vetoed"]:
            lines.append(f"    vetoes rule events {', '.join(s['vetoed'])}")
        if s["rescued"]:
            lines.append(f"    rescues a {s['rescued']} event")
    return "\n".join(lines)
