"""find_quotes on real parses: cues, speakers, pronouns, continuation, scare quotes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bedfellows.quotes import QuoteSpan, find_quotes, quote_at

pytestmark = pytest.mark.model


def _quotes(nlp: Any, text: str) -> list[QuoteSpan]:
    return find_quotes(nlp(text))


def test_quote_then_said_speaker(nlp: Any) -> None:
    text = '"Our doors remain open to talks," Foreign Minister Anna Berg said on Monday.'
    (q,) = _quotes(nlp, text)
    assert q.text == "Our doors remain open to talks"
    assert text[q.start : q.end] == "Our doors remain open to talks"
    assert q.speaker_text is not None and q.speaker_text.endswith("Anna Berg")
    assert q.speaker_start is not None and q.speaker_end is not None
    assert text[q.speaker_start : q.speaker_end] == q.speaker_text
    assert q.cue == "say"


def test_inversion_said_name(nlp: Any) -> None:
    (q,) = _quotes(nlp, '"We will not retreat," said Obama after the meeting.')
    assert q.speaker_text == "Obama" and q.cue == "say"


def test_split_quote_both_parts_get_speaker(nlp: Any) -> None:
    text = 'Maria Lopez arrived late. "We are ready," she said, "but we need more time."'
    qs = _quotes(nlp, text)
    assert [q.text for q in qs] == ["We are ready", "but we need more time."]
    assert all(q.speaker_text == "she" for q in qs)
    assert all(q.speaker_resolved_text == "Maria Lopez" for q in qs)


def test_cue_before_quote_and_reply(nlp: Any) -> None:
    text = (
        "Senator John Park met the press. Asked about the treaty, he replied, "
        '"It is a bad deal for everyone involved."'
    )
    (q,) = _quotes(nlp, text)
    assert q.cue == "reply" and q.speaker_text == "he"
    assert q.speaker_resolved_text is not None and "Park" in q.speaker_resolved_text


def test_following_sentence_quote_inherits_speaker(nlp: Any) -> None:
    text = '"We did our part," Obama said. "The rest is up to them."'
    qs = _quotes(nlp, text)
    assert [q.speaker_text for q in qs] == ["Obama", "Obama"]


def test_according_to(nlp: Any) -> None:
    text = 'According to the ambassador, "the talks failed and will not resume soon."'
    (q,) = _quotes(nlp, text)
    assert q.cue == "according to" and q.speaker_text == "the ambassador"


def test_scare_quotes_dropped_but_attributed_short_quote_kept(nlp: Any) -> None:
    assert _quotes(nlp, 'The so-called "red line" was discussed in the capital.') == []
    assert _quotes(nlp, 'Critics mocked the "peace plan" in the capital on Monday.') == []
    (q,) = _quotes(nlp, 'Ms. Lee said the vote was "rigged."')
    assert q.text == "rigged." and q.speaker_text == "Ms. Lee"


def test_multi_paragraph_quote_shares_speaker(nlp: Any) -> None:
    text = (
        'General Omar Diaz told reporters: "Our troops will hold the line.\n\n'
        '"We have enough supplies for months."\n\nThe briefing ended at noon.'
    )
    qs = _quotes(nlp, text)
    assert len(qs) == 2
    assert all(q.speaker_text is not None and "Diaz" in q.speaker_text for q in qs)
    assert qs[0].cue == "tell"


def test_unbalanced_marks_never_crash(nlp: Any) -> None:
    text = 'He said "this is odd\n\nAnother "line" and ” stray “ marks "'
    qs = _quotes(nlp, text)
    assert all(0 <= q.start < q.end <= len(text) for q in qs)
    assert _quotes(nlp, "") == []


def test_quote_at_finds_containing_quote(nlp: Any) -> None:
    text = '"First part here," she said. "Second part there."'
    qs = _quotes(nlp, text)
    assert quote_at(qs, text.index("part here")) is qs[0]
    assert quote_at(qs, text.index("there")) is qs[1]
    assert quote_at(qs, text.index("she")) is None
    assert quote_at([], 3) is None


def test_seed_article_quotes(nlp: Any, shared: Path) -> None:
    line = (shared / "examples" / "seed-article.jsonl").read_text(encoding="utf-8").splitlines()[0]
    text = json.loads(line)["text"]
    qs = find_quotes(nlp(text))
    by_speaker = [
        q for q in qs
        if q.speaker_resolved_text and any(n in q.speaker_resolved_text for n in ("Rouhani", "Obama"))
    ]
    assert len(by_speaker) >= 3
    last = next(q for q in qs if q.text == "We can't do it for them.")
    assert last.speaker_resolved_text == "Obama"
    troops = next(q for q in qs if q.text.startswith("We will not be sending US troops"))
    assert troops.speaker_text == "Obama" and troops.cue == "say"
    # the quote sits inside the article text at its offsets
    assert all(text[q.start : q.end] == q.text for q in qs)


def test_dash_byline_names_speaker(nlp: Any) -> None:
    text = "“The new bridge changed my daily life completely.”― Karen Holt\n“Nothing else.”"
    qs = _quotes(nlp, text)
    assert qs[0].speaker_text == "Karen Holt" and qs[0].cue == "—"


def test_nickname_in_quotes_does_not_hide_speaker(nlp: Any) -> None:
    text = (
        '"This is a proud day for the whole city!" Mayor Dana "Dee" Ruiz told the crowd on '
        "Sunday."
    )
    qs = _quotes(nlp, text)
    assert [q.text for q in qs] == ["This is a proud day for the whole city!"]
    assert qs[0].speaker_text is not None and "Ruiz" in qs[0].speaker_text


def test_embedded_quote_takes_subject_of_governing_verb(nlp: Any) -> None:
    text = "Governor Ann Wells praised the firm for its \"bold and creative local plans.\""
    (q,) = _quotes(nlp, text)
    assert q.speaker_text is not None and "Wells" in q.speaker_text
