"""locate_event on hand-built parses (fast) and on the real model (marked)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import spacy
from spacy.tokens import Doc, Span

from bedfellows.places import Gazetteer, locate_event

VOCAB = spacy.blank("en").vocab


def _doc(
    rows: list[tuple[str, str, int, str, str]], ents: Sequence[tuple[int, int, str]] = ()
) -> Doc:
    """rows: (word, dep, head index, pos, tag); ents: (start, end, label)."""
    words = [r[0] for r in rows]
    doc = Doc(
        VOCAB, words=words, spaces=[True] * len(words),
        heads=[r[2] for r in rows], deps=[r[1] for r in rows],
        pos=[r[3] for r in rows], tags=[r[4] for r in rows],
    )
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def _sent(doc: Doc) -> Span:
    return doc[0 : len(doc)]


def test_prepositional_locative_on_trigger(gz: Gazetteer) -> None:
    doc = _doc(
        [("Israeli", "amod", 1, "ADJ", "JJ"), ("jets", "nsubj", 2, "NOUN", "NNS"),
         ("struck", "ROOT", 2, "VERB", "VBD"), ("targets", "dobj", 2, "NOUN", "NNS"),
         ("in", "prep", 2, "ADP", "IN"), ("Gaza", "pobj", 4, "PROPN", "NNP"),
         ("on", "prep", 2, "ADP", "IN"), ("Sunday", "pobj", 6, "PROPN", "NNP")],
        [(0, 1, "NORP"), (5, 6, "GPE"), (7, 8, "DATE")],
    )
    p = locate_event(_sent(doc), doc[2], gazetteer=gz)
    assert p is not None and p.name == "Gaza" and p.country == "PSE"


def test_locative_on_subject_and_date_is_not_a_place(gz: Gazetteer) -> None:
    doc = _doc(
        [("Police", "nsubj", 3, "NOUN", "NNS"), ("in", "prep", 0, "ADP", "IN"),
         ("Caracas", "pobj", 1, "PROPN", "NNP"), ("arrested", "ROOT", 3, "VERB", "VBD"),
         ("protesters", "dobj", 3, "NOUN", "NNS"), ("in", "prep", 3, "ADP", "IN"),
         ("March", "pobj", 5, "PROPN", "NNP")],
        [(2, 3, "GPE"), (6, 7, "DATE")],
    )
    p = locate_event(_sent(doc), doc[3], gazetteer=gz)
    assert p is not None and p.name == "Caracas" and p.country == "VEN"


def test_place_noun_leads_to_name_and_demonym_capital(gz: Gazetteer) -> None:
    # "seized the Iraqi cities of Mosul and Tikrit"
    doc = _doc(
        [("militants", "nsubj", 1, "NOUN", "NNS"), ("seized", "ROOT", 1, "VERB", "VBD"),
         ("the", "det", 4, "DET", "DT"), ("Iraqi", "amod", 4, "ADJ", "JJ"),
         ("cities", "dobj", 1, "NOUN", "NNS"), ("of", "prep", 4, "ADP", "IN"),
         ("Mosul", "pobj", 5, "PROPN", "NNP"), ("and", "cc", 6, "CCONJ", "CC"),
         ("Tikrit", "conj", 6, "PROPN", "NNP")],
        [(3, 4, "NORP"), (6, 7, "GPE"), (8, 9, "GPE")],
    )
    p = locate_event(_sent(doc), doc[1], gazetteer=gz)
    assert p is not None and p.name == "Mosul" and p.country == "IRQ"
    # "met leaders in the Iraqi capital"
    doc = _doc(
        [("He", "nsubj", 1, "PRON", "PRP"), ("met", "ROOT", 1, "VERB", "VBD"),
         ("leaders", "dobj", 1, "NOUN", "NNS"), ("in", "prep", 2, "ADP", "IN"),
         ("the", "det", 6, "DET", "DT"), ("Iraqi", "amod", 6, "ADJ", "JJ"),
         ("capital", "pobj", 3, "NOUN", "NN")],
        [(5, 6, "NORP")],
    )
    p = locate_event(_sent(doc), doc[1], gazetteer=gz)
    assert p is not None and p.name == "Baghdad" and p.text == "the Iraqi capital"


def test_possessive_city_of_a_square(gz: Gazetteer) -> None:
    doc = _doc(
        [("Crowds", "nsubj", 1, "NOUN", "NNS"), ("marched", "ROOT", 1, "VERB", "VBD"),
         ("in", "prep", 1, "ADP", "IN"), ("Cairo", "poss", 6, "PROPN", "NNP"),
         ("'s", "case", 3, "PART", "POS"), ("Tahrir", "compound", 6, "PROPN", "NNP"),
         ("Square", "pobj", 2, "PROPN", "NNP")],
        [(3, 4, "GPE"), (5, 7, "FAC")],
    )
    p = locate_event(_sent(doc), doc[1], gazetteer=gz)
    assert p is not None and p.name == "Cairo" and p.country == "EGY"


def test_actor_cities_are_not_places(gz: Gazetteer) -> None:
    # "Tehran may consider cooperating with Washington"
    doc = _doc(
        [("Tehran", "nsubj", 2, "PROPN", "NNP"), ("may", "aux", 2, "AUX", "MD"),
         ("consider", "ROOT", 2, "VERB", "VB"), ("cooperating", "xcomp", 2, "VERB", "VBG"),
         ("with", "prep", 3, "ADP", "IN"), ("Washington", "pobj", 4, "PROPN", "NNP")],
        [(0, 1, "GPE"), (5, 6, "GPE")],
    )
    assert locate_event(_sent(doc), doc[3], exclude={0, 5}, gazetteer=gz) is None
    assert locate_event(_sent(doc), doc[2], gazetteer=gz) is None  # no locative at all
    # an excluded token inside a locative is not used either
    doc = _doc(
        [("Troops", "nsubj", 1, "NOUN", "NNS"), ("massed", "ROOT", 1, "VERB", "VBD"),
         ("in", "prep", 1, "ADP", "IN"), ("Syria", "pobj", 2, "PROPN", "NNP")],
        [(3, 4, "GPE")],
    )
    assert locate_event(_sent(doc), doc[1], exclude={3}, gazetteer=gz) is None
    assert locate_event(_sent(doc), doc[1], gazetteer=gz).country == "SYR"  # type: ignore[union-attr]


def test_nearest_locative_wins_over_distance_phrase(gz: Gazetteer) -> None:
    # "fought near Muqdadiya, 80 km from Baghdad"
    doc = _doc(
        [("Fighters", "nsubj", 1, "NOUN", "NNS"), ("fought", "ROOT", 1, "VERB", "VBD"),
         ("near", "prep", 1, "ADP", "IN"), ("Muqdadiya", "pobj", 2, "PROPN", "NNP"),
         (",", "punct", 3, "PUNCT", ","), ("80", "nummod", 6, "NUM", "CD"),
         ("km", "appos", 3, "NOUN", "NN"), ("from", "prep", 6, "ADP", "IN"),
         ("Baghdad", "pobj", 7, "PROPN", "NNP")],
        [(3, 4, "GPE"), (5, 7, "QUANTITY"), (8, 9, "GPE")],
    )
    p = locate_event(_sent(doc), doc[1], gazetteer=gz)
    assert p is not None and p.country == "IRQ" and p.geonameid == 99062


def test_ungeocodable_locative_gives_none(gz: Gazetteer) -> None:
    doc = _doc(
        [("Troops", "nsubj", 1, "NOUN", "NNS"), ("fired", "ROOT", 1, "VERB", "VBD"),
         ("along", "prep", 1, "ADP", "IN"), ("the", "det", 4, "DET", "DT"),
         ("Line", "pobj", 2, "PROPN", "NNP"), ("of", "prep", 4, "ADP", "IN"),
         ("Control", "pobj", 5, "PROPN", "NNP")],
        [(3, 7, "FAC")],
    )
    assert locate_event(_sent(doc), doc[1], gazetteer=gz) is None


CASES = [
    ("Israeli jets struck Hamas targets in Gaza on Sunday.", "struck", (), "Gaza", "PSE", "city"),
    ("Police in Caracas arrested dozens of opposition protesters on Wednesday.", "arrested", (),
     "Caracas", "VEN", "city"),
    ("Thousands of demonstrators marched in Cairo's Tahrir Square", "marched", (), "Cairo",
     "EGY", "city"),
    ("On Friday, Shia fighters attempted to counter ISIS momentum near Muqdadiya, just 80km "
     "from Baghdad", "counter", (), None, "IRQ", "city"),
    ("Iran has already sent a Major General to meet with leaders in the Iraqi capital.", "meet",
     ("Iran",), "Baghdad", "IRQ", "city"),
    ("The Pentagon said U.S. forces killed a senior al-Qaeda leader in Yemen.", "killed",
     ("U.S.",), "Yemen", "YEM", "country"),
    ("ISIS militants seized the Iraqi cities of Mosul and Tikrit last week.", "seized", (),
     "Mosul", "IRQ", "city"),
    ("A bomb exploded at a street in the city of Mosul on Monday.", "exploded", (), "Mosul",
     "IRQ", "city"),
    ("Rouhani met Putin in Vienna on Tuesday.", "met", (), "Vienna", "AUT", "city"),
]


@pytest.mark.model
@pytest.mark.parametrize("text,trigger,actors,name,country,precision", CASES)
def test_real_model_sentences(  # type: ignore[no-untyped-def]
    nlp, gz: Gazetteer, text: str, trigger: str, actors: tuple[str, ...], name: str | None,
    country: str, precision: str,
) -> None:
    doc = nlp(text)
    trig = next(t for t in doc if t.text == trigger)
    exclude = {t.i for t in doc if t.text in actors}
    p = locate_event(trig.sent, trig, exclude=exclude, gazetteer=gz)
    assert p is not None
    if name:
        assert p.name == name
    assert p.country == country and p.precision == precision
    assert p.lat is not None and p.lon is not None


@pytest.mark.model
@pytest.mark.parametrize("text,trigger", [
    ("Tehran may consider cooperating with Washington", "cooperating"),
    ("Indian and Pakistani troops exchanged fire along the Line of Control.", "exchanged"),
])
def test_real_model_no_place(nlp, gz: Gazetteer, text: str, trigger: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    trig = next(t for t in doc if t.text == trigger)
    exclude = {e.start for e in doc.ents if e.text in ("Tehran", "Washington")}
    assert locate_event(trig.sent, trig, exclude=exclude, gazetteer=gz) is None


def test_a_place_noun_with_a_two_word_nationality_is_in_that_country(gz: Gazetteer) -> None:
    # "fired shells onto a South Korean island": South Korea, never the region called "South"
    doc = _doc(
        [("Pyongyang", "nsubj", 1, "PROPN", "NNP"), ("fired", "ROOT", 1, "VERB", "VBD"),
         ("shells", "dobj", 1, "NOUN", "NNS"), ("onto", "prep", 1, "ADP", "IN"),
         ("a", "det", 7, "DET", "DT"), ("South", "amod", 6, "ADJ", "JJ"),
         ("Korean", "amod", 7, "ADJ", "JJ"), ("island", "pobj", 3, "NOUN", "NN")],
        [(0, 1, "GPE"), (5, 7, "NORP")],
    )
    p = locate_event(_sent(doc), doc[1], gazetteer=gz)
    assert p is not None and p.country == "KOR" and p.text == "a South Korean island"
