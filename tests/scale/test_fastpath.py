"""The fast path: which sentences are parsed, and that it changes neither text nor events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from bedfellows.records import Article
from bedfellows.scale.fastpath import FastPipe
from bedfellows.scale.synthetic import synthetic_articles

TRIE = {
    "iran": [(("iran",), "actor", 0)],
    "the": [(("the", "united", "nations"), "actor", 1)],
    "police": [(("police",), "agent", 0)],
}


@pytest.fixture(scope="module")
def blank() -> FastPipe:
    return FastPipe(spacy.blank("en"), TRIE)  # type: ignore[arg-type]


def _sentences(fp: FastPipe, text: str) -> list[tuple[str, bool]]:
    doc, starts, segments = fp.plan(text)
    out = []
    bounds = starts + [len(doc)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        kept = next(k for s, e, k in segments if s <= a < e)
        out.append((doc[a:b].text.strip(), kept))
    return out


def test_cheap_split_and_keep_rules(blank: FastPipe) -> None:
    text = ('Iran closed the border. Oil prices rose by 2 percent. The United Nations met.\n'
            'Markets were calm\nShe said it would end. "Nothing changed." Rain fell all day. '
            'The sea was rough. Police arrived.')
    got = _sentences(blank, text)
    assert got == [
        ("Iran closed the border.", True),         # actor in the trie
        ("Oil prices rose by 2 percent.", False),  # nothing that can hold an event
        ("The United Nations met.", True),         # multi-word trie phrase
        ("Markets were calm", False),              # a line break ends a sentence
        ("She said it would end.", True),          # pronoun: may refer back to an actor
        ('"Nothing changed."', True),              # quotation: quotes carry speakers
        ("Rain fell all day.", False),
        ("The sea was rough.", False),
        ("Police arrived.", True),                 # agent noun
    ]
    # "the" alone starts a trie phrase but is no match
    assert blank.keep(["the", "united", "states"], ["the", "united", "states"]) is False
    assert blank.stats.sentences == 9 and blank.stats.kept == 5


def test_abbreviations_and_lowercase_do_not_split(blank: FastPipe) -> None:
    got = _sentences(blank, "Iran met U.S. envoys on Jan. 5 in Geneva. e.g. nothing else happened.")
    assert [s for s, _ in got] == ["Iran met U.S. envoys on Jan. 5 in Geneva. e.g. nothing else happened."]


@pytest.fixture(scope="module")
def coders():  # type: ignore[no-untyped-def]
    from bedfellows.coder import Coder

    return Coder(fast=False), Coder(fast=True)


def _key(e):  # type: ignore[no-untyped-def]
    return (e.article_id, e.sentence, e.source.code if e.source else None,
            e.target.code if e.target else None, e.cameo, tuple(e.span))


@pytest.mark.model
def test_joined_doc_keeps_text_offsets_and_boundaries(coders) -> None:  # type: ignore[no-untyped-def]
    _, fast = coders
    text = ("Iran accused Iraq of shelling border villages on Monday. Oil prices rose.\n\n"
            "The weather stayed dry. He said talks would resume.  Shares fell.")
    doc = fast.parse(text)
    assert doc.text == text
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["Iran accused Iraq of shelling border villages on Monday.", "Oil prices rose.",
                     "The weather stayed dry.", "He said talks would resume.", "Shares fell."]
    first = next(iter(doc.sents))
    assert first.root.lemma_ == "accuse" and first.root.pos_ == "VERB"  # parsed for real
    skipped = [s for s in doc.sents if s.text.startswith("Oil")][0]
    assert all(t.pos_ == "" and t.tag_ == "" for t in skipped)  # not parsed: no tags, no events


@pytest.mark.model
def test_fast_coder_same_events(coders, shared: Path) -> None:  # type: ignore[no-untyped-def]
    slow, fast = coders
    rows = [json.loads(x) for x in (shared / "examples" / "seed-article.jsonl").read_text().splitlines() if x]
    arts = [Article(id=r["id"], text=r["text"], published=r.get("published")) for r in rows]
    arts += list(synthetic_articles(24, seed=5))
    slow_events = {_key(e) for r in slow.code_stream(arts) for e in r.events}
    fast_results = list(fast.code_stream(arts))
    fast_events = {_key(e) for r in fast_results for e in r.events}
    assert slow_events and fast.fast_pipe.stats.skipped_share > 0.1
    seed = arts[0].id
    assert {k for k in slow_events if k[0] == seed} == {k for k in fast_events if k[0] == seed}
    # sentences parsed alone may differ in rare attachments: at most 3% of events
    assert len(slow_events ^ fast_events) <= 0.03 * len(slow_events)
    assert all(r.problem is None for r in fast_results)


@pytest.mark.model
def test_annotating_in_place_equals_concatenating(coders, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bedfellows.scale import fastpath

    _, fast = coders
    texts = [a.text for a in synthetic_articles(12, seed=11)]
    in_place = fast.parse_many(texts)

    def tokens(doc):  # type: ignore[no-untyped-def]
        return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_,
                 t.is_sent_start) for t in doc]

    monkeypatch.setattr(fastpath, "_annotate", lambda *args: None)  # force Doc.from_docs
    concatenated = fast.parse_many(texts)
    assert [tokens(d) for d in in_place] == [tokens(d) for d in concatenated]
    assert any(t.pos_ == "" for d in in_place for t in d)  # some sentences were skipped
