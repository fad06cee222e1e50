"""``bedfellows explain``: why the coder coded a sentence the way it did.

Shows the parse, the actor mentions with their codes, every trigger tried
with its modality decision, and the events that came out. This is how a user
learns to trust the coder and where to fix a dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..actors.mentions import ActorResolver, find_mentions
from ..records import Article, Event


@dataclass
class Explanation:
    text: str
    parse: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    triggers: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "parse": self.parse,
            "mentions": self.mentions,
            "triggers": self.triggers,
            "events": [e.to_dict() for e in self.events],
        }


def explain(text: str, published: str | None = None, model: str | None = None) -> Explanation:
    """Code ``text`` and record each decision on the way."""
    from ..coder import get_coder

    coder = get_coder(model)
    extractor = coder.extractor
    doc = coder.nlp(text)
    article = Article(id="explain", text=text, published=published)
    out = Explanation(text=text)
    for t in doc:
        out.parse.append(
            {
                "i": t.i,
                "text": t.text,
                "lemma": t.lemma_,
                "pos": t.pos_,
                "dep": t.dep_,
                "head": t.head.i,
                "ent": t.ent_type_ or None,
            }
        )
    mentions = find_mentions(doc, extractor.r.dictionary, published)
    resolver = ActorResolver(doc, mentions, extractor.r.dictionary)
    for m in mentions:
        out.mentions.append(
            {
                "text": doc[m.start : m.end].text,
                "kind": m.kind,
                "code": m.code,
                "name": m.name,
                "person": m.is_person,
                "capital": m.is_capital,
            }
        )
    for sent in doc.sents:
        triggers = extractor._triggers(sent)
        governors = {t.token.i: t for t in triggers if t.governor_class}
        for trig in triggers:
            ctx, gov = extractor._context(trig.token, governors)
            subj, _ = extractor._subject_token(trig.token)
            source = resolver.actor_for(subj) if subj is not None else None
            out.triggers.append(
                {
                    "trigger": trig.token.text,
                    "code": trig.code,
                    "rule": trig.rule,
                    "governs": trig.governor_class,
                    "own_modality": extractor._own_modality(trig.token),
                    "context": ctx,
                    "governed_by": gov.token.text if gov else None,
                    "subject": subj.text if subj is not None else None,
                    "source": source.code if source else None,
                }
            )
    out.events = extractor.extract(doc, article)
    return out


def format_explanation(ex: Explanation) -> str:
    """Plain-text report (the CLI prints it with rich markup stripped)."""
    lines = [f"sentence: {ex.text}", "", "parse:"]
    for t in ex.parse:
        ent = f" [{t['ent']}]" if t["ent"] else ""
        lines.append(f"  {t['i']:>3} {t['text']:<16} {t['lemma']:<14} {t['pos']:<6} {t['dep']:<10} ← {t['head']}{ent}")
    lines += ["", "actor mentions:"]
    lines += [f"  {m['text']!r}: {m['kind']} {m['code']} ({m['name'] or '-'})" for m in ex.mentions] or ["  none"]
    lines += ["", "triggers tried:"]
    for t in ex.triggers:
        lines.append(
            f"  {t['trigger']!r} → {t['code'] or '-'} by {t['rule']}; own modality {t['own_modality']}; "
            f"context {t['context']}"
            + (f" (governed by {t['governed_by']!r})" if t["governed_by"] else "")
            + (f"; governs as {t['governs']}" if t["governs"] else "")
            + f"; subject {t['subject']!r} → {t['source']}"
        )
    if not ex.triggers:
        lines.append("  none")
    lines += ["", "events:"]
    for e in ex.events:
        lines.append(
            f"  {e.source.code if e.source else '-'} → {e.target.code if e.target else '-'} "
            f"{e.cameo} ({e.modality}; rule {e.rule}; date {e.date}; place {e.location.name if e.location else '-'})"
        )
    if not ex.events:
        lines.append("  none")
    return "\n".join(lines)
