"""The second opinion in the real coder: veto, rescue, modes and the options that set them."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bedfellows.classify.opinion import MODES, SecondOpinion, resolve_mode
from bedfellows.coder import Coder, get_coder
from bedfellows.records import Article

pytestmark = pytest.mark.model

# the rules read "slapped" as an assault (PETRARCH's SLAP default, 180); the model gives
# ASSAULT about 0.04 here: vetoed below 0.05, kept below the shipped 0.01
MISREAD = "The Chinese government slapped punitive tariffs on Australian wine and barley."
# no trigger the rules know ("rained"), two actors, and the model says ASSAULT (about 0.6)
MISSED = "Israeli jets rained missiles on Hezbollah fighters in southern Lebanon."


def review(text: str, opinion: SecondOpinion):  # type: ignore[no-untyped-def]
    coder = get_coder(classifier="off")
    doc = coder.nlp(text)
    article = Article(id="t", text=text, published="2020-05-01")
    rules = coder.extractor.extract(doc, article)
    kept, opinions = opinion.review(doc, article, rules, coder.extractor)
    return rules, kept, opinions


def test_veto_drops_a_rule_event_whose_type_the_model_rejects() -> None:
    rules, kept, opinions = review(MISREAD, SecondOpinion("veto", veto_below=0.05))
    assert [e.cameo for e in rules] == ["180"]
    assert kept == []
    assert opinions[0].vetoed == ("180",)
    assert opinions[0].scores["ASSAULT"] < 0.05
    _, kept, _ = review(MISREAD, SecondOpinion("veto", veto_below=0.01))
    assert [e.cameo for e in kept] == ["180"]


def test_veto_keeps_events_the_model_agrees_with() -> None:
    rules, kept, opinions = review(
        "Police arrested dozens of opposition supporters in Minsk on Sunday.", SecondOpinion("veto", veto_below=0.05)
    )
    assert [e.cameo for e in kept] == [e.cameo for e in rules] == ["173"]
    assert max(opinions[0].scores, key=opinions[0].scores.__getitem__) == "COERCE"


def test_rescue_gives_an_event_naming_the_model() -> None:
    rules, kept, opinions = review(MISSED, SecondOpinion("full", rescue_above=0.5))
    assert rules == []
    assert len(kept) == 1
    ev = kept[0]
    assert ev.rule == "classifier:event-types-1.0.0"
    assert (ev.source.code, ev.target.code, ev.cameo, ev.plover) == ("ISRMIL", "LBNREBHEZ", "190", "ASSAULT")
    assert ev.trigger  # the word that pointed the model to the type
    assert ev.date == "2020-05-01" and ev.span == (0, len(MISSED))
    assert opinions[0].rescued == "ASSAULT"
    # veto mode never adds, and a higher threshold than the model's confidence adds nothing
    assert review(MISSED, SecondOpinion("veto", rescue_above=0.5))[1] == []
    assert review(MISSED, SecondOpinion("full", rescue_above=0.9))[1] == []


def test_off_is_the_rules_alone() -> None:
    rules, kept, opinions = review(MISREAD, SecondOpinion("off"))
    assert kept == rules and opinions == []


def test_coder_modes_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert MODES == ("off", "veto", "full")
    monkeypatch.delenv("BEDFELLOWS_CLASSIFIER", raising=False)
    assert resolve_mode(None) == "off"  # shipped default: see README "Second opinion"
    monkeypatch.setenv("BEDFELLOWS_CLASSIFIER", "VETO")
    assert resolve_mode(None) == "veto"
    assert resolve_mode("full") == "full"
    with pytest.raises(ValueError, match="off, veto, full"):
        resolve_mode("maybe")
    coder = get_coder(classifier="full", classifier_threshold=0.5)
    assert isinstance(coder, Coder) and coder.second_opinion is not None
    assert coder.second_opinion.rescue_above == 0.5
    events = coder.code_article(Article(id="a1", text=MISSED, published="2020-05-01"))
    assert [e.rule for e in events] == ["classifier:event-types-1.0.0"]
    assert get_coder(classifier="off").second_opinion is None


def test_cli_options_and_explain() -> None:
    from bedfellows.cli.main import _register, app

    _register()
    runner = CliRunner()
    bad = runner.invoke(app, ["code", "-", "--classifier", "maybe"], input="x")
    assert bad.exit_code == 2 and "--classifier must be one of off, veto, full" in bad.output
    out = runner.invoke(
        app, ["code", "-", "--classifier", "full", "--classifier-threshold", "0.5", "--published", "2020-05-01"],
        input=MISSED,
    )
    assert out.exit_code == 0, out.output
    assert '"rule": "classifier:event-types-1.0.0"' in out.stdout
    shown = runner.invoke(app, ["explain", MISREAD])
    assert shown.exit_code == 0, shown.output
    assert "second opinion (classifier:event-types-1.0.0" in shown.output
    assert "sentence 0: " in shown.output
