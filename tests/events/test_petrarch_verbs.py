"""PETRARCH verb dictionary: reading the format and matching patterns on hand-built parses."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from bedfellows.events.petrarch_verbs import (
    VerbDictionary,
    describe,
    load_default_verbs,
    read_verb_file,
)

VOCAB = Vocab()


def make_doc(rows: list[tuple[str, str, int, str, str]]) -> Doc:
    """rows: (word, lemma, head index, dep, pos)."""
    words = [r[0] for r in rows]
    return Doc(
        VOCAB,
        words=words,
        spaces=[True] * len(words),
        lemmas=[r[1] for r in rows],
        heads=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        pos=[r[4] for r in rows],
    )


@pytest.fixture(scope="module")
def verbs() -> VerbDictionary:
    return load_default_verbs()


def test_default_dictionary_is_complete(verbs: VerbDictionary) -> None:
    info = describe(verbs)
    assert info["blocks"] >= 390
    assert info["patterns"] >= 4400
    assert info["skipped"] <= 5
    assert "seize" in verbs and "arrest" in verbs and "frobnicate" not in verbs


def test_police_seized_weapons_is_1711(verbs: VerbDictionary) -> None:
    doc = make_doc(
        [
            ("police", "police", 1, "nsubj", "NOUN"),
            ("seized", "seize", 1, "ROOT", "VERB"),
            ("weapons", "weapon", 1, "dobj", "NOUN"),
        ]
    )
    m = verbs.match(doc[1])
    assert m is not None
    assert m.code == "1711"
    assert m.verb_block == "APPREHEND"
    assert m.rule.startswith("CAMEO.2.0:APPREHEND:- * ") and m.rule.endswith("[1711]")


def test_seized_the_opportunity_is_no_event(verbs: VerbDictionary) -> None:
    doc = make_doc(
        [
            ("rebels", "rebel", 1, "nsubj", "NOUN"),
            ("seized", "seize", 1, "ROOT", "VERB"),
            ("the", "the", 3, "det", "DET"),
            ("opportunity", "opportunity", 1, "dobj", "NOUN"),
        ]
    )
    m = verbs.match(doc[1])
    assert m is not None and m.code is None
    assert "OPPORTUNITY" in m.rule


def test_default_code_when_no_pattern(verbs: VerbDictionary) -> None:
    doc = make_doc(
        [
            ("officials", "official", 1, "nsubj", "NOUN"),
            ("apprehended", "apprehend", 1, "ROOT", "VERB"),
            ("him", "he", 1, "dobj", "PRON"),
        ]
    )
    m = verbs.match(doc[1])
    assert m is not None and m.code == "173"  # the verb line's own [173], not the block's 171
    assert m.rule == "CAMEO.2.0:APPREHEND:default"


def test_unknown_verb_is_none(verbs: VerbDictionary) -> None:
    doc = make_doc([("they", "they", 1, "nsubj", "PRON"), ("frobnicated", "frobnicate", 1, "ROOT", "VERB")])
    assert verbs.match(doc[1]) is None


def test_prepositional_phrase_and_paired_code(verbs: VerbDictionary) -> None:
    # "the leader rushed to Cairo": RUSH - * (TO) [042:043]
    doc = make_doc(
        [
            ("leader", "leader", 1, "nsubj", "NOUN"),
            ("rushed", "rush", 1, "ROOT", "VERB"),
            ("to", "to", 1, "prep", "ADP"),
            ("Cairo", "Cairo", 2, "pobj", "PROPN"),
        ]
    )
    m = verbs.match(doc[1])
    assert m is not None and m.code == "042" and m.paired_code == "043"


def test_noun_phrase_modifier_required(verbs: VerbDictionary) -> None:
    # "asked for judicial assistance" -> {JUDICIAL ASSISTANCE} [0213]; plain "assistance" does not
    rows = [
        ("Rome", "Rome", 1, "nsubj", "PROPN"),
        ("requested", "request", 1, "ROOT", "VERB"),
        ("judicial", "judicial", 3, "amod", "ADJ"),
        ("assistance", "assistance", 1, "dobj", "NOUN"),
    ]
    m = verbs.match(make_doc(rows)[1])
    assert m is not None and m.code == "0213"
    rows[2] = ("more", "more", 3, "amod", "ADJ")
    m2 = verbs.match(make_doc(rows)[1])
    assert m2 is not None and m2.code != "0213"


def test_passive_subject_counts_as_object(verbs: VerbDictionary) -> None:
    doc = make_doc(
        [
            ("weapons", "weapon", 2, "nsubjpass", "NOUN"),
            ("were", "be", 2, "auxpass", "AUX"),
            ("seized", "seize", 2, "ROOT", "VERB"),
            ("by", "by", 2, "agent", "ADP"),
            ("police", "police", 3, "pobj", "NOUN"),
        ]
    )
    m = verbs.match(doc[2])
    assert m is not None and m.code == "1711"


def test_phrasal_verb_particle(verbs: VerbDictionary) -> None:
    doc = make_doc(
        [
            ("army", "army", 1, "nsubj", "NOUN"),
            ("cordoned", "cordon", 1, "ROOT", "VERB"),
            ("off", "off", 1, "prt", "ADP"),
            ("town", "town", 1, "dobj", "NOUN"),
        ]
    )
    m = verbs.match(doc[1])
    assert m is not None and m.verb_block == "EXCLUDE"


USER_FILE = """\
<!-- a tiny user dictionary -->
&ARMS
+GUN
+RIFLE_   # no plural

---  GIFT   [070]  ---
GIFT
BESTOW {BESTOWS BESTOWED BESTOWING} [071]
+HAND_OVER {+HANDS_OVER +HANDED_OVER +HANDING_OVER}
- * &ARMS   [072]   # arms
- $ * (TO +)  [073:074]
- * SMILE  [---]
"""


def test_read_user_file_and_slots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEDFELLOWS_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "mine.verbs.txt"
    path.write_text(USER_FILE)
    d = read_verb_file(path)
    assert d.name == "mine" and "bestowed" in d and "handed over" not in d
    doc = make_doc(
        [
            ("Arnor", "Arnor", 1, "nsubj", "PROPN"),
            ("gifted", "gift", 1, "ROOT", "VERB"),
            ("guns", "gun", 1, "dobj", "NOUN"),
            ("to", "to", 1, "prep", "ADP"),
            ("Gondor", "Gondor", 3, "pobj", "PROPN"),
        ]
    )
    m = d.match(doc[1])
    assert m is not None and m.code == "072"  # a content word outweighs a bare (TO +)
    doc2 = make_doc(
        [
            ("Arnor", "Arnor", 1, "nsubj", "PROPN"),
            ("bestowed", "bestow", 1, "ROOT", "VERB"),
            ("honours", "honour", 1, "dobj", "NOUN"),
            ("to", "to", 1, "prep", "ADP"),
            ("Gondor", "Gondor", 3, "pobj", "PROPN"),
        ]
    )
    m2 = d.match(doc2[1])
    assert m2 is not None and m2.code == "073" and m2.paired_code == "074"
    assert m2.source_slot is not None and m2.source_slot.text == "Arnor"
    assert m2.target_slot is not None and m2.target_slot.text == "Gondor"
    doc3 = make_doc(
        [
            ("he", "he", 1, "nsubj", "PRON"),
            ("handed", "hand", 1, "ROOT", "VERB"),
            ("over", "over", 1, "prt", "ADP"),
            ("rifles", "rifle", 1, "dobj", "NOUN"),
        ]
    )
    m3 = d.match(doc3[1])
    assert m3 is not None and m3.code == "072" and m3.verb_block == "GIFT"
    # cached: a second read comes from the pickle and is equal
    assert any((tmp_path / "cache" / "verbs").iterdir())
    again = read_verb_file(path)
    assert describe(again) == describe(d)


def test_bad_path_is_clear_error(tmp_path: Path) -> None:
    from bedfellows.errors import InputError

    with pytest.raises(InputError, match="cannot read verb dictionary"):
        read_verb_file(tmp_path / "missing.txt")


def test_validation_dictionaries_read(shared: Path) -> None:
    for name in ("PETR.Validate.verbs.txt", "CAMEO.verbpatterns.150430.txt", "CAMEO.2.0.txt"):
        d = read_verb_file(shared / "data" / "petrarch" / name)
        info = describe(d)
        assert info["blocks"] > 200 and info["patterns"] > 400, (name, info)


def test_a_second_load_reads_the_compiled_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bedfellows.events.petrarch_verbs as pv

    monkeypatch.setenv("BEDFELLOWS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(pv, "_DEFAULT", None)
    pv.load_default_verbs()
    monkeypatch.setattr(pv, "_DEFAULT", None)

    def no_parse(*_: object) -> None:
        raise AssertionError("the verb files were parsed again instead of read from the cache")

    monkeypatch.setattr(pv, "_parse_lines", no_parse)
    d = pv.load_default_verbs()
    assert describe(d)["patterns"] >= 4400


def test_corrections_read_a_verb_in_their_own_block(verbs: VerbDictionary) -> None:
    # bedfellows_verbs.txt over CAMEO.2.0: "lead" describes or causes, it manages nobody
    assert verbs.forms["led"][0].block == "BF_LEAD_DESCRIBE" and verbs.blocks["BF_LEAD_DESCRIBE"][0] is None
    assert verbs.name == "CAMEO.2.0"


PETR1_FILE = """\
--- LEAVE  [012] ---
LEAVE
--- LEFT  [032:033]  ---
LEFT
--- DEPLORE [122] ---
DEPLORE
- INDICATED *  [123]
--- SIGN  [081] ---
SIGN
- * TRADE PROTOCOL  [085]
"""


def test_petrarch1_conventions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEDFELLOWS_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "PETR.Test.verbs.txt"
    path.write_text(PETR1_FILE)
    d = read_verb_file(path)
    # a listed surface form wins over the lemma's block
    left = make_doc([("Telemar", "Telemar", 1, "nsubj", "PROPN"), ("left", "leave", 1, "ROOT", "VERB")])
    m = d.match(left[1])
    assert m is not None and (m.code, m.paired_code) == ("032", "033")
    # a word before the verb may be the governing verb
    dep = make_doc(
        [
            ("Ethiopia", "Ethiopia", 1, "nsubj", "PROPN"),
            ("indicated", "indicate", 1, "ROOT", "VERB"),
            ("it", "it", 3, "nsubj", "PRON"),
            ("deplored", "deplore", 1, "ccomp", "VERB"),
            ("Libya", "Libya", 3, "dobj", "PROPN"),
        ]
    )
    m2 = d.match(dep[3])
    assert m2 is not None and m2.code == "123"
    # a run of words may name a modifier of the object
    sig = make_doc(
        [
            ("Arnor", "Arnor", 1, "nsubj", "PROPN"),
            ("signed", "sign", 1, "ROOT", "VERB"),
            ("a", "a", 4, "det", "DET"),
            ("trade", "trade", 4, "compound", "NOUN"),
            ("protocol", "protocol", 1, "dobj", "NOUN"),
        ]
    )
    m3 = d.match(sig[1])
    assert m3 is not None and m3.code == "085"
    sig2 = make_doc(
        [
            ("Arnor", "Arnor", 1, "nsubj", "PROPN"),
            ("signed", "sign", 1, "ROOT", "VERB"),
            ("a", "a", 3, "det", "DET"),
            ("protocol", "protocol", 1, "dobj", "NOUN"),
        ]
    )
    m4 = d.match(sig2[1])
    assert m4 is not None and m4.code == "081"


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence,verb,code",
    [
        ("Police seized weapons in a raid on Tuesday.", "seized", "1711"),
        ("The rebels seized the opportunity to regroup.", "seized", None),
        ("Police arrested dozens of protesters in the capital.", "arrested", "175"),
        ("The army cordoned off the town.", "cordoned", "170"),
    ],
)
def test_real_parse(nlp: object, verbs: VerbDictionary, sentence: str, verb: str, code: str | None) -> None:
    doc = nlp(sentence)  # type: ignore[operator]
    tok = next(t for t in doc if t.text == verb)
    m = verbs.match(tok)
    assert m is not None and m.code == code, m


def test_merged_user_over_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, verbs: VerbDictionary) -> None:
    monkeypatch.setenv("BEDFELLOWS_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "mine.verbs.txt"
    path.write_text("--- MYSEIZE [180] ---\nSEIZE\n")
    both = verbs.merged(read_verb_file(path))
    doc = make_doc(
        [
            ("police", "police", 1, "nsubj", "NOUN"),
            ("seized", "seize", 1, "ROOT", "VERB"),
            ("it", "it", 1, "dobj", "PRON"),
        ]
    )
    m = both.match(doc[1])
    assert m is not None and m.code == "180" and m.verb_block == "MYSEIZE"
    assert "arrest" in both  # the default verbs are still there
    assert verbs.match(doc[1]) is not None and verbs.match(doc[1]).code != "180"  # type: ignore[union-attr]


def test_tabari_phrase_before_verb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEDFELLOWS_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "neg.verbs.txt"
    path.write_text(
        "&NEGAUX\n+DID N'T\n+WILL NOT\n\n--- CLASH [223] ---\nCLASH\n"
        "- &NEGAUX * OVER EFFORTS [904]\n- * OVER EFFORTS [121]\n"
    )
    d = read_verb_file(path)
    rows = [
        ("Bree", "Bree", 3, "nsubj", "PROPN"),
        ("did", "do", 3, "aux", "AUX"),
        ("n't", "not", 3, "neg", "PART"),
        ("clash", "clash", 3, "ROOT", "VERB"),
        ("over", "over", 3, "prep", "ADP"),
        ("efforts", "effort", 4, "pobj", "NOUN"),
    ]
    m = d.match(make_doc(rows)[3])
    assert m is not None and m.code == "904"
    rows[1] = ("could", "could", 3, "aux", "AUX")
    m2 = d.match(make_doc(rows)[3])
    assert m2 is not None and m2.code == "121"
