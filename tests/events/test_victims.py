"""Victims are never the source (issue 12), in sentences of our own: the subject of "die" suffers
the act; its doer is who the sentence names "at the hands of", "by", or behind the attack."""

from __future__ import annotations

import pytest

from bedfellows import code_text

pytestmark = pytest.mark.model


def _coded(text: str) -> list[tuple[str, str, str]]:
    return [
        (e.source.code if e.source else "-", e.target.code if e.target else "-", e.cameo)
        for e in code_text(text, published="2024-05-06")
    ]


@pytest.mark.parametrize(
    ("text", "doer", "victim"),
    [
        ("Dozens of Yemenis died at the hands of Saudi forces near the border on Monday.", "SAU", "YEM"),
        ("Three students died in clashes with police in Dhaka on Tuesday.", "BGDCOP", "BGD"),
        ("Four Malian villagers were killed in an attack by JNIM fighters on Sunday.", "IMG", "MLI"),
        ("Ten Lebanese civilians were killed in an Israeli air strike near Tyre.", "ISR", "LBN"),
    ],
)
def test_the_doer_acts_on_the_victims(text: str, doer: str, victim: str) -> None:
    got = [g for g in _coded(text) if g[2].startswith(("18", "19", "20"))]
    assert any(s.startswith(doer) and t.startswith(victim) for s, t, _ in got), got
    assert not any(s.startswith(victim) and not s.startswith(doer) for s, _, _ in got), got


def test_dying_with_no_doer_named_has_no_source() -> None:
    got = _coded("Two Kenyan soldiers died near the Somali border on Monday.")
    assert not [g for g in got if g[0].startswith("KEN") and g[2].startswith("19")], got
