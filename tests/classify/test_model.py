"""The shipped event-type model: it loads, is the version the code expects, and still gives
the figures its model card documents on the card's fixed sample."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from bedfellows.classify import MODEL_VERSION, EventTypeModel, ModelError, shipped_model
from bedfellows.classify.features import NAME, NUMBER, sentence_features, sentence_words
from bedfellows.classify.model import META_FILE, WEIGHTS_FILE, sample_sentences

DATA = resources.files("bedfellows.classify") / "data"
SYNTHETIC = "data/benchmarks/ngec_gpt_synthetic_events_2023-10-19_19.csv.zip"
TOLERANCE = 0.01


def test_shipped_model_loads_with_the_expected_version() -> None:
    model = shipped_model()
    assert model.version == MODEL_VERSION
    assert model.meta["version"] == MODEL_VERSION
    assert set(model.classes) >= {"ASSAULT", "PROTEST", "AGREE", "OTHER"}
    assert len(model.classes) == 17
    assert model.weights.shape == (len(model.index), len(model.classes))
    with resources.as_file(DATA / WEIGHTS_FILE) as path:
        assert path.stat().st_size < 4_000_000  # committed to git: a few MB at most


def test_model_card_states_the_figures_of_the_weights() -> None:
    card = (DATA / "MODEL_CARD.md").read_text(encoding="utf-8")
    figures = shipped_model().meta["figures"]
    assert f"top-type accuracy {figures['sample_accuracy']}" in card
    assert f"macro-F1 {figures['cv_macro_f1']}" in card
    assert MODEL_VERSION in card and "MIT" in card


def test_another_version_is_refused(tmp_path: Path) -> None:
    meta = json.loads((DATA / META_FILE).read_text(encoding="utf-8"))
    meta["version"] = "0.0.1"
    (tmp_path / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with resources.as_file(DATA / WEIGHTS_FILE) as path:
        (tmp_path / WEIGHTS_FILE).write_bytes(path.read_bytes())
    assert EventTypeModel.load(tmp_path).version == "0.0.1"  # an explicit folder is read as it is
    (tmp_path / WEIGHTS_FILE).write_bytes(b"not a numpy file")
    with pytest.raises(ModelError, match="cannot be read"):
        EventTypeModel.load(tmp_path)


def test_features_hide_names_and_numbers(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Russian troops killed 12 people in Kharkiv on Tuesday.")
    words = sentence_words(doc)
    assert "kill" in words and NUMBER in words and NAME in words
    assert "kharkiv" not in words
    feats = sentence_features(doc)
    assert feats == sorted(set(feats)) and "kill <num>" in feats


def test_scores_are_a_distribution_and_order_free(nlp) -> None:  # type: ignore[no-untyped-def]
    model = shipped_model()
    doc = nlp("Police arrested dozens of opposition supporters in the capital on Sunday.")
    scores = model.scores(doc)
    assert list(scores) == list(model.classes)
    assert sum(scores.values()) == pytest.approx(1.0, abs=1e-5)
    assert model.scores_of_features(list(reversed(sentence_features(doc)))) == pytest.approx(scores)
    assert max(scores, key=scores.__getitem__) == "COERCE"
    empty = model.scores_of_features([])
    assert np.isclose(sum(empty.values()), 1.0)


@pytest.mark.model
def test_documented_figures_on_the_fixed_sample(shared: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
    from train_classifier import read_stories

    model = shipped_model()
    sample = sample_sentences(read_stories(shared / SYNTHETIC))
    figures = model.meta["figures"]
    assert len(sample) == figures["sample_size"]
    right, top = 0, []
    for (label, _), doc in zip(sample, nlp.pipe([t for _, t in sample]), strict=True):
        scores = model.scores(doc)
        best = max(scores, key=scores.__getitem__)
        right += best == label
        top.append(scores[best])
    assert right / len(sample) == pytest.approx(figures["sample_accuracy"], abs=TOLERANCE)
    assert float(np.mean(top)) == pytest.approx(figures["sample_mean_top_score"], abs=TOLERANCE)
