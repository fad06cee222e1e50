"""Display names of actor keys come from the dictionaries, never from a count of mentions."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedfellows.aggregate import signed_network
from bedfellows.names import display_name
from bedfellows.records import Actor, Article
from bedfellows.store import Store

from .store.corpus import event


@pytest.mark.parametrize(("key", "name"), [
    ("EGY", "Egypt"), ("EGYGOV", "Egypt government"), ("SYRREB", "Syria rebels"),
    ("IRQSHIUAF", "Iraq Shia armed forces"), ("KSVGOV", "Kosovo government"),
    ("IGOUNO", "United Nations"), ("IMGMUSISI", "Islamic State of Iraq and the Levant"),
    ("IMGMUSALQ", "Al-Qaeda"), ("IGO", "Intergovernmental organisation"),
    ("NGOHRI", "Human rights non-governmental organisation"),
    ("MNCUSA", "Multinational corporation (United States)"),
    ("IMGMUSAQA", "Muslim militarized group"), ("AFR", "Africa"), ("WST", "the West"),
    ("XYZ", None), ("", None),
])
def test_display_names(key: str, name: str | None) -> None:
    assert display_name(key) == name


def test_network_nodes_take_the_canonical_name(tmp_path: Path) -> None:
    sisi = Actor("EGYGOV", "Abdel Fattah el-Sisi", "EGY", "Sisi")
    zawahiri = Actor("IMGMUSALQ", "Ayman al-Zawahiri", None, "Zawahiri")
    db = tmp_path / "s.duckdb"
    with Store(db) as s:
        s.add_coded(Article("a", "Sisi condemned Zawahiri.", "2014-06-14"),
                    [event("a", i, sisi, zawahiri, "111", 3, -2.0, "2014-06-14") for i in range(3)])
    g = signed_network(db)
    assert g.nodes["EGY"]["name"] == "Egypt"  # not the most mentioned Egyptian
    assert g.nodes["IMGMUSALQ"]["name"] == "Al-Qaeda"  # not its leader
    g = signed_network(db, level="code")
    assert g.nodes["EGYGOV"]["name"] == "Egypt government"
