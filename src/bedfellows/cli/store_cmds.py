"""``bedfellows ingest | export | dyads | network | alignments``: thin wrappers.

The work is done by :func:`bedfellows.store.ingest`, :func:`bedfellows.export.export`
and :mod:`bedfellows.aggregate`; this module only parses options, draws the
progress bar and prints results (JSON or a rich table).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from ..errors import BedfellowsError
from .main import app

DB_HELP = "DuckDB store file"
DEFAULT_DB = Path("bedfellows.duckdb")
PUBLISH_EVERY = 5.0  # = bedfellows.store.ingest.PUBLISH_EVERY (not imported: the CLI starts lean)


@contextmanager
def _user_errors(db: Path | None = None) -> Iterator[None]:
    """Our errors become one clear line on stderr and a distinct exit status, never a traceback.

    A DuckDB error that escaped the store (a damaged block met while reading) names ``db``;
    an OSError is a file that cannot be written or read (read-only folder, full disk).
    """
    import duckdb

    try:
        yield
    except BedfellowsError as exc:
        typer.echo(f"bedfellows: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except duckdb.Error as exc:
        from ..store.db import friendly_error

        err = friendly_error(db or "the store", exc)
        typer.echo(f"bedfellows: {err}", err=True)
        raise typer.Exit(err.exit_code) from None
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        typer.echo(f"bedfellows: cannot use{where}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    except ValueError as exc:
        typer.echo(f"bedfellows: {exc}", err=True)
        raise typer.Exit(2) from None


def _console(err: bool = False) -> Any:
    from rich.console import Console

    console = Console(stderr=err)
    if not console.is_terminal:  # piped: do not squeeze tables into 80 columns
        console = Console(stderr=err, width=160)
    return console


def _day_callback(ctx: typer.Context, param: Any, value: str | None) -> str | None:
    """``--start/--end``: a real YYYY-MM-DD day or a usage error (exit 2) saying why."""
    from ..export import checked_day

    try:
        return checked_day(value, f"--{param.name}")
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


START_HELP = "first event date YYYY-MM-DD"
END_HELP = "last event date YYYY-MM-DD"
OUT_HELP = "write to this file ('-': standard output)"


def _write_text(text: str, out: Path | None) -> None:
    """Text to a file, or to standard output when ``out`` is None or ``-``."""
    if out is not None and str(out) != "-":
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _print_json(data: Any, out: Path | None = None) -> None:
    _write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", out)


def _frame_table(df: Any, title: str) -> None:
    from rich.table import Table

    t = Table(title=title)
    for c in df.columns:
        t.add_column(str(c), justify="right" if df[c].dtype.kind in "if" else "left")
    for row in df.itertuples(index=False):
        t.add_row(*[f"{v:.2f}" if isinstance(v, float) else str(v) for v in row])
    _console().print(t)


@app.command("ingest")
def ingest_cmd(
    inputs: list[str] = typer.Argument(
        ..., help="JSONL(.gz), JSON, CSV, .txt/.html, WARC, RSS/Atom, PETRARCH XML files or folders"),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    published: str | None = typer.Option(None, help="publication date YYYY-MM-DD for files without one"),
    model: str | None = typer.Option(None, help="spaCy model name or path"),
    batch_size: int = typer.Option(16, min=1, help="articles per coding batch and transaction"),
    no_dedupe: bool = typer.Option(False, "--no-dedupe", help="store near-duplicates as new articles"),
    as_json: bool = typer.Option(False, "--json", help="print the end summary as JSON"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
    engine: str | None = typer.Option(None, help="local|processes|dask (default: from the options below)"),
    processes: int | None = typer.Option(None, "--processes", min=1, help="worker processes on this machine"),
    scheduler: str | None = typer.Option(None, help="Dask scheduler address, e.g. tcp://HOST:8786"),
    workers: int | None = typer.Option(None, "--workers", min=1, help="local Dask cluster of N workers"),
    fast: bool | None = typer.Option(None, "--fast/--no-fast", help="parse only sentences that can hold events"),
    publish_every: float = typer.Option(
        PUBLISH_EVERY, "--publish-every", min=0,
        help="seconds between publications of what is stored so far, for 'bedfellows serve' (0: never)"),
) -> None:
    """Code and store articles: new ones are added, unchanged ones skipped, changed ones replaced."""
    from functools import partial

    from ..scale import run_ingest

    ingest = partial(run_ingest, engine=engine, processes=processes, scheduler=scheduler,
                     workers=workers, fast=fast, publish_every=publish_every or None)
    with _user_errors(db):
        try:
            if quiet or as_json or not sys.stderr.isatty():
                summary = ingest(inputs, db, published=published, model=model,
                                 batch_size=batch_size, near_duplicates=not no_dedupe)
            else:
                with _progress() as update:
                    summary = ingest(inputs, db, published=published, model=model,
                                     progress=update, batch_size=batch_size,
                                     near_duplicates=not no_dedupe)
        except KeyboardInterrupt:
            typer.echo(
                f"bedfellows: interrupted: {_stored_by_last_run(db)} articles of this run are "
                f"stored in {db} (whole articles only; the run is marked failed). Run the same "
                "command again to resume: stored articles are skipped, not coded again.",
                err=True)
            raise typer.Exit(130) from None
    from ..ingest.readers import WARNING_CODES

    for p in summary.problems:
        typer.echo(f"skipped {p}" if p.code not in WARNING_CODES else f"warning {p}", err=True)
    undated = _undated(db, summary.run_id)
    if undated[0]:
        typer.echo(f"warning: {undated[0]} articles have no publication date; {undated[1]} of "
                   "their events have no date and drop out of timelines (give --published)",
                   err=True)
    if as_json:
        _print_json(summary.to_dict())
        return
    from rich.table import Table

    t = Table(title=f"ingest into {db}", show_header=False)
    for label, value in [
        ("inputs", summary.inputs), ("articles read", summary.articles_read),
        ("coded", summary.coded), ("added", summary.added),
        ("unchanged", summary.unchanged), ("replaced", summary.replaced),
        ("near-duplicates (extra mentions)", summary.duplicate),
        ("skipped", summary.skipped), ("events stored", summary.events),
        ("articles/s", f"{summary.articles_per_second:.1f}"),
    ]:
        t.add_row(label, str(value))
    for code, n in sorted(summary.skipped_by_reason.items()):
        t.add_row(f"  problems {code}", str(n))
    _console(err=True).print(t)


def _undated(db: Path, run_id: str | None) -> tuple[int, int]:
    """Articles of this run stored without a publication date, and their undated events."""
    from ..store import Store

    if run_id is None or not db.exists():
        return 0, 0
    with Store(db, read_only=True) as store:
        row = store.con.execute(
            "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT a.article_id, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.article_id AND e.date IS NULL) "
            "AS n FROM articles a WHERE a.run_id = ? AND a.published IS NULL "
            "AND a.duplicate_of IS NULL)", [run_id]).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def _stored_by_last_run(db: Path) -> str:
    """How many articles the last (interrupted) run stored, for the Ctrl-C message."""
    from ..store import Store

    try:
        with Store(db, read_only=True) as store:
            row = store.con.execute(
                "SELECT count(*) FROM articles WHERE run_id = (SELECT max(run_id) FROM runs)"
            ).fetchone()
        return str(row[0]) if row else "no"
    except Exception:  # noqa: BLE001 - only a courtesy count; the message matters
        return "the"


@contextmanager
def _progress(label: str = "ingest") -> Iterator[Callable[[int, int], None]]:
    """A progress bar on standard error: articles done (of ``total`` when known), rate."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} articles/s"), TimeElapsedColumn(),
    )
    # never capture stdout: `code` writes its events there while the bar runs on stderr
    with Progress(*columns, console=_console(err=True), transient=False,
                  redirect_stdout=False) as bar:
        task = bar.add_task(label, total=None, rate="-")

        def update(done: int, total: int) -> None:
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = f"{done / elapsed:.1f}" if elapsed > 0 else "-"
            bar.update(task, completed=done, total=total or None, rate=rate)

        yield update


@app.command("export")
def export_cmd(
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    fmt: str = typer.Option(
        "parquet", "--format", "-f",
        help="parquet|csv|jsonl|gdelt|gdelt-mentions|plover|polecat"),
    out: str = typer.Option(
        ..., "-o", "--output",
        help="output file, '-' for standard output, or (gdelt) a folder for STAMP.export.CSV"),
    source: str | None = typer.Option(None, help="source actor code prefix"),
    target: str | None = typer.Option(None, help="target actor code prefix"),
    actor: str | None = typer.Option(None, help="actor code prefix on either side"),
    country: str | None = typer.Option(None, help="ISO3 country on either side"),
    cameo: str | None = typer.Option(None, help="CAMEO code prefix"),
    start: str | None = typer.Option(None, help=START_HELP, callback=_day_callback),
    end: str | None = typer.Option(None, help=END_HELP, callback=_day_callback),
    header: bool | None = typer.Option(
        None, "--header/--no-header",
        help="header row (default: csv and polecat yes, gdelt no, as GDELT's own files)"),
    with_extras: bool = typer.Option(
        False, "--with-extras", help="gdelt: also OUT.extras.tsv with bedfellows' event ids"),
) -> None:
    """Export events (and OUT.manifest.json) in one of the formats of export/flavours.py."""
    from ..export import export

    with _user_errors(db):
        n = export(db, fmt, out, header=header, with_extras=with_extras, source=source,
                   target=target, actor=actor, country=country, cameo=cameo, start=start,
                   end=end)
    what = "mentions" if fmt == "gdelt-mentions" else "events"
    typer.echo(f"wrote {n} {what} to {'standard output' if out == '-' else out} ({fmt})",
               err=True)


@app.command("dyads")
def dyads_cmd(
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    period: str = typer.Option("month", help="day|week|month|year|all"),
    level: str = typer.Option("country", help="country|code"),
    start: str | None = typer.Option(None, help=START_HELP, callback=_day_callback),
    end: str | None = typer.Option(None, help=END_HELP, callback=_day_callback),
    actor: str | None = typer.Option(None, help="keep dyads with this actor key on either side"),
    fmt: str = typer.Option("table", "--format", "-f", help="table|json|csv"),
    out: Path | None = typer.Option(None, "-o", "--output", help=OUT_HELP),
) -> None:
    """Per directed dyad and period: counts per quad class, Goldstein sum/mean, first/last date."""
    from ..aggregate import dyads

    with _user_errors(db):
        df = dyads(db, period=None if period == "all" else period, actor_level=level,
                   start=start, end=end)
    if actor:
        df = df[(df.source == actor.upper()) | (df.target == actor.upper())]
    if fmt == "json":
        _print_json(json.loads(df.to_json(orient="records")), out)
    elif fmt == "csv":
        _write_text(df.to_csv(index=False), out)
    else:
        _frame_table(df, f"dyads per {period} ({level})")


@app.command("network")
def network_cmd(
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    start: str | None = typer.Option(None, help=START_HELP, callback=_day_callback),
    end: str | None = typer.Option(None, help=END_HELP, callback=_day_callback),
    level: str = typer.Option("country", help="country|code"),
    fmt: str = typer.Option("json", "--format", "-f", help="json|graphml|gexf"),
    out: Path | None = typer.Option(
        None, "-o", "--output", help="output file ('-' or none: standard output)"),
    undirected: bool = typer.Option(False, "--undirected", help="merge both directions"),
) -> None:
    """The signed, weighted actor network of a period."""
    from ..aggregate import network_to_json, signed_network, write_network

    with _user_errors(db):
        g = signed_network(db, start, end, level, directed=not undirected)
        if out is not None and str(out) != "-":
            write_network(g, out, fmt)
            typer.echo(f"wrote {g.number_of_nodes()} actors, {g.number_of_edges()} relations "
                       f"to {out}", err=True)
        elif fmt == "json":
            _print_json(network_to_json(g))
        elif out is not None:  # GraphML/GEXF to standard output
            import tempfile

            with tempfile.TemporaryDirectory(prefix="bedfellows-net-") as tmp:
                path = write_network(g, Path(tmp) / f"network.{fmt}", fmt)
                sys.stdout.write(path.read_text(encoding="utf-8"))
        else:
            raise ValueError(f"--format {fmt} needs -o FILE (or -o - for standard output)")


@app.command("alignments")
def alignments_cmd(
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    start: str | None = typer.Option(None, help=START_HELP, callback=_day_callback),
    end: str | None = typer.Option(None, help=END_HELP, callback=_day_callback),
    level: str = typer.Option("country", help="country|code"),
    require_hostile: bool = typer.Option(
        False, "--require-hostile", help="only pairs with a hostile record between them"),
    fmt: str = typer.Option("table", "--format", "-f", help="table|json"),
    out: Path | None = typer.Option(
        None, "-o", "--output", help="write JSON to this file ('-': standard output)"),
) -> None:
    """Strange bedfellows (pairs sharing an enemy) and unbalanced triads, with evidence."""
    from ..aggregate import alignments

    with _user_errors(db):
        found = alignments(db, start, end, level, require_hostile=require_hostile)
    if fmt == "json" or out is not None:
        _print_json(found, out)
        if out is not None and str(out) != "-":
            typer.echo(f"wrote {len(found)} alignments to {out}", err=True)
        return
    from rich.table import Table

    t = Table(title="alignments")
    for c in ("kind", "actors", "common enemy / pattern", "hostile record", "evidence"):
        t.add_column(c)
    for a in found:
        if a["kind"] == "common_enemy":
            n = len(a["pair_evidence"]) + sum(len(r["evidence"]) for r in a["enemy_relations"])
            t.add_row("common enemy", " & ".join(a["pair"]), ", ".join(a["common_enemies"]),
                      "yes" + (" + cooperation" if a["bedfellows"] else "")
                      if a["hostile_record"] else "no", f"{n} events")
        else:
            n = sum(len(r["evidence"]) for r in a["relations"])
            t.add_row("unbalanced triad", " / ".join(a["actors"]), a["pattern"], "",
                      f"{n} events")
    _console().print(t)
