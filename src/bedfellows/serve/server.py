"""Run the app under uvicorn; the CLI and the tests both start it through :func:`serve`."""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``: only then is the server private."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    warm_coder: bool = True,
    log_level: str = "info",
) -> None:
    """Serve ``db`` read-only until interrupted (binds loopback unless told otherwise)."""
    from .app import create_app

    run_app(create_app(db, warm_coder=warm_coder), host, port, log_level=log_level)


def run_app(app: Any, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, log_level: str = "info") -> None:
    """Run an app built by :func:`bedfellows.serve.create_app` under uvicorn."""
    import uvicorn

    if not is_loopback(host):
        log.warning("serving on %s: the API and dashboard are reachable from other machines", host)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
