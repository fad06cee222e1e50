"""The README documents every command and option the CLI has (datasette checks its docs the same way)."""

from __future__ import annotations

from pathlib import Path

import typer.main

from bedfellows.cli.main import _register, app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def commands() -> dict[str, object]:
    _register()
    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def test_every_command_is_in_the_readme() -> None:
    names = commands()
    assert {"code", "explain", "ingest", "export", "dyads", "network", "alignments", "evaluate", "serve"} <= set(names)
    missing = [n for n in names if f"bedfellows {n}" not in README]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_every_option_is_in_the_readme() -> None:
    missing = []
    for name, cmd in commands().items():
        for param in cmd.params:  # type: ignore[attr-defined]
            if param.param_type_name != "option" or getattr(param, "hidden", False):
                continue
            longs = [o for o in param.opts if o.startswith("--")]
            if longs and not any(o in README for o in longs) and "--help" not in longs:
                missing.append(f"{name} {longs[0]}")
    assert not missing, f"options not documented in README.md: {missing}"
