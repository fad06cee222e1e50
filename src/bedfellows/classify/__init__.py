"""A trained second opinion on what kind of event a sentence reports (see README "Second opinion")."""

from __future__ import annotations

from .model import MODEL_VERSION, EventTypeModel, ModelError, shipped_model

__all__ = ["MODEL_VERSION", "EventTypeModel", "ModelError", "shipped_model"]
