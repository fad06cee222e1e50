"""The ``bedfellows`` command: thin typer wrappers over plain functions.

Each group of commands lives in its own module and registers itself on
``app`` here; the functions they call are importable and tested directly.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="bedfellows",
    help="Code news text into political events: who did what to whom, when and where.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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

