"""Quote-mark pairing on plain text (no parse)."""

from __future__ import annotations

from bedfellows.quotes import find_quote_marks


def _texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quote_marks(text)]


def test_mixed_curly_and_straight_marks_pair() -> None:
    text = '“We will help, but it\'s their fight," the minister said. "They must act."'
    assert _texts(text) == ["We will help, but it's their fight,", "They must act."]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "Baghdad’s leaders said it’s the Americans’ turn and we can’t wait."
    assert _texts(text) == []


def test_single_quotes_and_guillemets() -> None:
    text = "He used the word ‘betrayal’ and then «we stand firm» as his motto."
    assert _texts(text) == ["betrayal", "we stand firm"]


def test_quote_continues_into_next_paragraph() -> None:
    text = 'The envoy said: "We came in peace.\n\n"We leave in peace," he added.\n\nDone.'
    qs = find_quote_marks(text)
    assert [text[q.start : q.end] for q in qs] == ["We came in peace.", "We leave in peace,"]
    assert qs[0].chain == qs[1].chain and not qs[0].closed and qs[1].closed


def test_odd_marks_recover_at_paragraph_end() -> None:
    text = 'She said "this never closes\nA plain line. "Then a real one," she said.'
    qs = find_quote_marks(text)
    assert [text[q.start : q.end] for q in qs] == ["this never closes", "Then a real one,"]
    assert qs[0].chain != qs[1].chain


def test_inch_marks_and_stray_closers_do_not_crash() -> None:
    text = 'A 12" screen, 5\'10" tall," then "fine" and " and ” alone'
    assert "fine" in _texts(text)


def test_hard_wrapped_line_keeps_quote_open() -> None:
    text = 'He said "the talks went\nwell for both sides," and left.'
    assert _texts(text) == ["the talks went\nwell for both sides,"]


def test_offsets_are_inside_marks() -> None:
    text = 'x "abc" y'
    (q,) = find_quote_marks(text)
    assert (q.start, q.end, q.outer_start, q.outer_end) == (3, 6, 2, 7)


def test_typewriter_double_marks() -> None:
    text = "''We will not pay,'' the mayor said, and ``no more'' was the reply."
    assert _texts(text) == ["We will not pay,", "no more"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n'\"“”‘’«»`-")), max_size=80))
def test_any_mix_of_marks_gives_valid_nonoverlapping_spans(text: str) -> None:
    qs = find_quote_marks(text)
    for q in qs:
        assert 0 <= q.outer_start < q.start < q.end <= q.outer_end <= len(text)
        assert text[q.start : q.end].strip() == text[q.start : q.end]
    for a, b in zip(qs, qs[1:], strict=False):
        assert a.end <= b.start
