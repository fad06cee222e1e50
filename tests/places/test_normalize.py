from __future__ import annotations

from bedfellows.places.normalize import is_latin, loose_key, name_key, strip_possessive


def test_name_key_folds_case_accents_possessive_and_saint() -> None:
    assert name_key("Baghdad's") == "baghdad"
    assert name_key("Baghdad’s") == "baghdad"
    assert name_key("St. Louis") == "saint louis"
    assert name_key("Diyālá") == "diyala"
    assert name_key("the Hague") == "hague"
    assert name_key("") == ""


def test_loose_key_forgets_transliteration_variants() -> None:
    assert loose_key(name_key("Muqdadiya")) == loose_key(name_key("Muqdadiyah"))
    assert loose_key(name_key("al-Anbar")) == loose_key(name_key("Anbar"))
    assert loose_key(name_key("Alexandria")) == "alexandria"  # no article to strip


def test_is_latin_and_strip_possessive() -> None:
    assert is_latin("São Paulo")
    assert not is_latin("المقدادية")
    assert strip_possessive("Cairo's ") == "Cairo"
