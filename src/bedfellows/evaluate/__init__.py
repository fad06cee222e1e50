"""Measure the coder against public gold sets (PETRARCH, PLOVER, ConfliBERT, NGEC, ours)."""

from __future__ import annotations

from .core import EvaluationError, EvaluationReport, code_items, evaluate
from .gold import (
    FORMATS,
    ActorSpec,
    GoldEvent,
    GoldFormatError,
    GoldItem,
    GoldSet,
    detect_format,
    read_gold,
)
from .scoring import LevelScore, score_items

__all__ = [
    "FORMATS",
    "ActorSpec",
    "EvaluationError",
    "EvaluationReport",
    "GoldEvent",
    "GoldFormatError",
    "GoldItem",
    "GoldSet",
    "LevelScore",
    "code_items",
    "detect_format",
    "evaluate",
    "read_gold",
    "score_items",
]
