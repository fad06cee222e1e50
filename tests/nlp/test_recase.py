"""Title-case headlines are parsed in sentence case; the text and offsets stay as written."""

from __future__ import annotations

import pytest

from bedfellows.nlp.recase import COMPONENT, Recaser, is_title_case


def test_title_case_detection() -> None:
    assert is_title_case("Police Kill Three Protesters in Cairo".split())
    assert is_title_case("U.S. Lifts Travel Ban to Lebanon".split())
    assert not is_title_case("Barack Obama met Hassan Rouhani in New York .".split())
    assert not is_title_case("POLICE KILL THREE PROTESTERS IN CAIRO".split())  # all caps is another matter
    assert not is_title_case("Iran Wins".split())  # too short to tell


@pytest.mark.model
def test_ordinary_words_are_lowered_names_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    r = Recaser(nlp)
    words = "Police Kill Three Protesters in Cairo".split()
    assert r.recased(words) == ["Police", "kill", "three", "protesters", "in", "Cairo"]
    # dictionary names stay capitalised even when they are English words too
    got = r.recased("Turkey Warns Jordan Over Border Clashes".split())
    assert got is not None and got[0] == "Turkey" and got[2] == "Jordan" and got[1] == "warns"
    assert r.recased("Obama Putin Rouhani".split()) is None


@pytest.mark.model
def test_headline_is_coded_with_offsets_as_written(nlp) -> None:  # type: ignore[no-untyped-def]
    from bedfellows import code_text

    text = "Police Kill Three Protesters in Cairo"
    doc = nlp(text)
    assert doc.text == text and [t.text for t in doc][1] == "Kill"
    assert doc[1].pos_ == "VERB" and doc[1].lemma_ == "kill"
    with nlp.select_pipes(disable=[COMPONENT]):
        assert nlp(text)[1].pos_ != "VERB"  # what the headline gave before
    events = code_text(text, published="2013-08-14")
    assert any(e.cameo.startswith(("18", "19", "20")) for e in events), events
    for e in events:
        assert e.sentence == text
        assert text[e.span[0] : e.span[1]] == text


@pytest.mark.model
def test_fast_path_gives_the_same_events_on_headlines() -> None:
    from bedfellows.coder import Coder
    from bedfellows.records import Article

    text = (
        "Police Kill Three Protesters in Cairo\n"
        "The weather was mild on Tuesday.\n"
        "Egyptian police killed three protesters in Cairo on Tuesday, witnesses said."
    )
    art = Article(id="h", text=text, published="2013-08-14")

    def key(c: Coder) -> list[tuple[str, str, str, int]]:
        return sorted(
            ((e.source.code if e.source else ""), (e.target.code if e.target else ""), e.cameo, e.sentence_index)
            for e in c.code_article(art)
        )

    fast, full = key(Coder(fast=True)), key(Coder(fast=False))
    assert fast == full
    assert any(i == 0 for *_x, i in full)  # the headline itself is coded
