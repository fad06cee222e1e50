"""HTTP API (``/v1``) and web dashboard over a read-only store: ``bedfellows serve``."""

from __future__ import annotations

from .app import create_app
from .server import serve

__all__ = ["create_app", "serve"]
