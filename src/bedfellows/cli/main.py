"""The ``bedfellows`` command: thin typer wrappers over plain functions.

Each group of commands lives in its own module and registers itself on
``app`` here; the functions they call are importable and tested directly.
"""

from __future__ import annotations

import logging
import os
import sys

import typer

app = typer.Typer(
    name="bedfellows",
    help="Code news text into political events: who did what to whom, when and where.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OneLineHandler(logging.Handler):
    """Library log records as one ``bedfellows: warning: ...`` line on stderr, never a traceback.

    Set BEDFELLOWS_DEBUG=1 for debug records with their tracebacks (for bug reports).
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.level <= logging.DEBUG:
                text = logging.Formatter("%(name)s: %(message)s").format(record)
            else:
                from ..records import _printable

                text = _printable(record.getMessage().splitlines()[0] if record.getMessage() else "")
            sys.stderr.write(f"bedfellows: {record.levelname.lower()}: {text}\n")
        except Exception:  # noqa: BLE001 - logging must never break a run
            self.handleError(record)


def configure_logging() -> None:
    """One handler on the ``bedfellows`` logger (idempotent: commands may run many times in tests)."""
    logger = logging.getLogger("bedfellows")
    debug = os.environ.get("BEDFELLOWS_DEBUG", "").strip() not in ("", "0")
    for h in list(logger.handlers):
        if isinstance(h, OneLineHandler):
            logger.removeHandler(h)
    handler = OneLineHandler(logging.DEBUG if debug else logging.WARNING)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug else logging.WARNING)
    logger.propagate = False


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"bedfellows {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Code news text into political events: who did what to whom, when and where."""
    configure_logging()


def _register() -> None:
    from . import code_cmd  # noqa: F401  (each module adds its commands to ``app``)

    for optional in ("store_cmds", "evaluate_cmd", "serve_cmd"):
        try:
            __import__(f"{__package__}.{optional}")
        except ModuleNotFoundError as exc:  # a command group not built yet
            if exc.name != f"{__package__}.{optional}":
                raise


def main() -> None:
    _register()
    app()


_register()

