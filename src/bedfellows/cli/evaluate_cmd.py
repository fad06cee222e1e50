"""``bedfellows evaluate GOLD``: code a gold set and print precision, recall, F1."""

from __future__ import annotations

import json
from typing import Any

import typer

from .main import app


def render_report(report: Any, console: Any) -> None:
    """Human-readable report: one table of levels, headline figures, errors if asked."""
    from rich.table import Table

    console.print(
        f"[bold]{report.name}[/] ({report.format}, {report.items} items, {report.seconds:.1f} s)"
    )
    if report.skipped:
        console.print(f"[yellow]skipped:[/] {report.skipped}")
        return
    if report.levels:
        table = Table("level", "precision", "recall", "F1", "gold", "found", "coded")
        for name, s in report.levels.items():
            table.add_row(
                name,
                f"{s.precision:.3f}",
                f"{s.recall:.3f}",
                f"{s.f1:.3f}",
                str(s.gold),
                str(s.found),
                str(s.coded),
            )
        console.print(table)
    others = {
        k: v for k, v in report.figures.items() if not k.endswith(("_precision", "_recall", "_f1"))
    }
    for k, v in others.items():
        console.print(f"{k}: {v:.3f}")
    for note in report.notes:
        console.print(f"[dim]note: {note}[/]")
    for err in report.errors:
        console.print(f"\n[bold]{err['id']}[/] {err.get('sentence', '')}", highlight=False)
        for key, label in (("misses", "miss"), ("extras", "extra"), ("forbidden", "forbidden")):
            for line in err.get(key, []):
                console.print(f"  {label}: {line}", highlight=False, markup=False)
        if "expected_class" in err:
            console.print(
                f"  class expected {err['expected_class']}, coded {err['coded_class']}"
                f" rules {err['rules']}",
                highlight=False,
                markup=False,
            )
        if "expected_country" in err:
            console.print(
                f"  country expected {err['expected_country']}, got {err['got']}",
                highlight=False,
                markup=False,
            )


@app.command("evaluate")
def evaluate_command(
    gold: str = typer.Argument(
        ...,
        help="Gold file: PETRARCH XML/JSONL, PLOVER GSR JSON, "
        "ConfliBERT TSV, bedfellows gold JSON or NGEC actor cases.",
    ),
    errors: bool = typer.Option(
        False, "--errors", help="List misses and extras with the sentence and the rule that fired."
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N items."),
    half: str | None = typer.Option(
        None, "--half", help="Only the items at even or odd positions (even|odd): develop on one, report both."
    ),
    format: str | None = typer.Option(None, "--format", help="Gold format (auto-detected)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    model: str | None = typer.Option(None, "--model", help="spaCy pipeline to use."),
    dictionaries: str | None = typer.Option(
        None, "--dictionaries", help="Folder of PETRARCH/TABARI dictionaries."
    ),
    engine: str = typer.Option(
        "bedfellows",
        "--engine",
        help="bedfellows (spaCy coder on the text) or petrarch-tree "
        "(PETRARCH-2's algorithm on the records' own parse trees).",
    ),
) -> None:
    """Code a gold set and print precision, recall and F1 at the levels that apply."""
    from rich.console import Console

    from ..evaluate import EvaluationError, GoldFormatError, evaluate

    err = Console(stderr=True)
    try:
        report = evaluate(
            gold,
            errors=errors,
            limit=limit,
            half=half,
            model=model,
            dictionaries=dictionaries,
            format=format,
            engine=engine,
        )
    except (GoldFormatError, EvaluationError) as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from None
    except Exception as exc:  # noqa: BLE001 - users get one line, not a traceback
        from ..errors import BedfellowsError

        if isinstance(exc, BedfellowsError):
            err.print(f"[red]error:[/] {exc}", highlight=False)
            raise typer.Exit(2) from None
        raise
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        render_report(report, Console())
