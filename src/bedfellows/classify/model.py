"""The shipped event-type model: numpy weights read once, a sentence scored in microseconds.

Trained by tools/train_classifier.py (see the model card beside the weights). Scoring
is a sum of weight rows over the sentence's features and a softmax: no scikit-learn,
no pickle, nothing but numpy at coding time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Token

from ..errors import ModelError as _ModelError
from .features import sentence_features

log = logging.getLogger(__name__)

#: The version the code expects; the weights' own metadata must say the same.
MODEL_VERSION = "1.0.0"
WEIGHTS_FILE = "event_types.npz"
META_FILE = "event_types.json"
OTHER = "OTHER"
#: The fixed sample the model card documents: the headline of every SAMPLE_EVERY-th story.
SAMPLE_EVERY = 25


class ModelError(_ModelError):
    """The shipped event-type model is missing, damaged or of another version than the code expects."""


@dataclass(frozen=True)
class EventTypeModel:
    """PLOVER event type (or OTHER) scores of a sentence from its lemma features."""

    version: str
    classes: tuple[str, ...]
    index: Mapping[str, int]  # feature -> row of ``weights``
    weights: np.ndarray  # features x classes
    bias: np.ndarray  # classes
    meta: Mapping[str, Any]

    @classmethod
    def load(cls, folder: Path | None = None) -> EventTypeModel:
        """The weights in ``folder`` (default: the ones shipped in the package)."""
        try:
            if folder is None:
                base = resources.files("bedfellows.classify") / "data"
                meta = json.loads((base / META_FILE).read_text(encoding="utf-8"))
                with resources.as_file(base / WEIGHTS_FILE) as path, np.load(path, allow_pickle=False) as z:
                    arrays = {k: z[k] for k in z.files}
            else:
                meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
                with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as z:
                    arrays = {k: z[k] for k in z.files}
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(
                f"event-type model cannot be read ({exc}); reinstall bedfellows or run `make model`"
            ) from exc
        version = str(meta.get("version"))
        if folder is None and version != MODEL_VERSION:
            raise ModelError(f"event-type model is version {version}, this code expects {MODEL_VERSION}")
        features = [str(f) for f in arrays["features"]]
        return cls(
            version=version,
            classes=tuple(str(c) for c in arrays["classes"]),
            index={f: i for i, f in enumerate(features)},
            weights=arrays["weights"].astype(np.float32),
            bias=arrays["bias"].astype(np.float32),
            meta=meta,
        )

    def scores(self, tokens: Iterable[Token]) -> dict[str, float]:
        """Probability of each class for the sentence (they sum to 1), in class order."""
        return self.scores_of_features(sentence_features(tokens))

    def scores_of_features(self, features: Sequence[str]) -> dict[str, float]:
        rows = [self.index[f] for f in features if f in self.index]
        logits = self.bias + (self.weights[rows].sum(axis=0) if rows else 0.0)
        logits = logits - logits.max()
        probs = np.exp(logits)
        probs /= probs.sum()
        return {c: float(p) for c, p in zip(self.classes, probs, strict=True)}


@lru_cache(maxsize=1)
def shipped_model() -> EventTypeModel:
    """The packaged model, read once per process."""
    model = EventTypeModel.load()
    log.debug("event-type model %s: %d features", model.version, len(model.index))
    return model


def sample_sentences(stories: Sequence[Mapping[str, str]]) -> list[tuple[str, str]]:
    """(label, headline) of every SAMPLE_EVERY-th synthetic story: the model card's fixed sample."""
    return [(s["label"], s["prompt"].split("\n")[0].strip()) for s in stories[::SAMPLE_EVERY]]
