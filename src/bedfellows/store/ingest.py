"""``ingest``: read inputs, code the articles that are new or changed, store them.

The plain function under ``bedfellows ingest``. Articles whose content hash
and coder version are already stored are not even re-coded, so a run killed
with ``kill -9`` and started again picks up where it stopped and ends with
exactly the events of an uninterrupted run.
"""

from __future__ import annotations

import gzip
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .. import __version__
from ..coder import CodingResult
from ..errors import StoreError
from ..ingest.readers import iter_input_paths, read_input
from ..records import Article, ArticleProblem
from .db import ARTICLES_TABLE, Store, _counts, _merge

log = logging.getLogger(__name__)

MAX_CONSECUTIVE_WRITE_FAILURES = 3
PUBLISH_EVERY = 5.0  # seconds between publications of a running ingest for readers


class CoderLike(Protocol):
    def code_stream(self, articles: Any, batch_size: int = ...) -> Iterator[CodingResult]: ...


@dataclass
class IngestSummary:
    """What a run did: the end summary of the CLI and the manifest's run row."""

    db: str
    run_id: str | None = None
    inputs: int = 0
    articles_read: int = 0
    coded: int = 0
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    duplicate: int = 0
    skipped: int = 0
    events: int = 0
    seconds: float = 0.0
    problems: list[ArticleProblem] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.articles_read / self.seconds if self.seconds > 0 else 0.0

    @property
    def skipped_by_reason(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.problems:
            out[p.code] = out.get(p.code, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["problems"] = [asdict(p) for p in self.problems]
        d["skipped_by_reason"] = self.skipped_by_reason
        d["articles_per_second"] = round(self.articles_per_second, 2)
        return d


def estimate_articles(inputs: Sequence[str]) -> int:
    """A cheap upper bound for the progress bar: lines of JSONL/CSV, one per other file."""
    total = 0
    for item in iter_input_paths(inputs):
        if item == "-" or not isinstance(item, Path):
            total += 1
            continue
        name = item.name.lower()
        try:
            if not item.is_file():  # a FIFO would block, a device never end: read_file reports them
                total += 1
                continue
            if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".csv")):
                opener: Any = gzip.open if name.endswith(".gz") else open
                with opener(item, "rb") as fh:
                    n = _count_lines(fh)
                total += max(n - 1, 0) if name.endswith(".csv") else n
            else:
                total += 1
        except (OSError, EOFError):
            total += 1
    return total


def _count_lines(fh: Any) -> int:
    """Line breaks (LF, else CR) counted chunk by chunk: memory stays flat on a 3 GB one-line file."""
    lf = cr = 0
    last = b""
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        lf += chunk.count(b"\n")
        cr += chunk.count(b"\r")
        last = chunk[-1:]
    return (lf or cr) + (1 if last not in (b"", b"\n", b"\r") else 0)


def unchanged_ids(store: Store, articles: list[Article]) -> set[str]:
    """Articles already stored with this content and coder version: no need to code them."""
    if not articles:
        return set()
    rows = store.con.execute(
        f"SELECT article_id, content_hash, coder_version FROM {ARTICLES_TABLE} "
        "WHERE article_id IN (SELECT unnest(?))",
        [[a.id for a in articles]],
    ).fetchall()
    stored = {r[0]: (r[1], r[2]) for r in rows}
    return {a.id for a in articles if stored.get(a.id) == (a.content_hash, __version__)}


def ingest(
    inputs: Sequence[str],
    db: str | Path,
    *,
    published: str | None = None,
    model: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    coder: CoderLike | None = None,
    batch_size: int = 16,
    near_duplicates: bool = True,
    publish_every: float | None = PUBLISH_EVERY,
) -> IngestSummary:
    """Code and store every article of ``inputs`` into the DuckDB file ``db``.

    Bad articles and unreadable files are reported in the summary (and the
    store's ``problems`` table) and never stop the run; a failing write skips
    that batch (nothing of it is stored) and stops the run only if writes keep
    failing. Every ``publish_every`` seconds what is committed is published for readers
    (:meth:`Store.publish`: ``bedfellows serve`` shows it while the run goes on; None: never).
    """
    t0 = time.perf_counter()
    total = estimate_articles(inputs) if progress else 0
    store = Store(db, near_duplicates=near_duplicates, publish_every=publish_every)
    run = _Run(store, IngestSummary(db=str(db)), coder, model, batch_size)
    summary = run.summary
    try:
        summary.run_id = store.begin_run(inputs, model)
        if progress:
            progress(0, total)  # the bar knows its length before the model loads
        for item in iter_input_paths(inputs):
            summary.inputs += 1
            run.counts = _counts() | {"articles": 0}
            label = "-" if item == "-" else str(item)
            results = read_input(item, published)
            batch: list[Article] = []
            for rr in results:
                if rr.problem is not None:
                    run.note(rr.problem, skipped=rr.article is None)
                if rr.article is None:
                    continue
                summary.articles_read += 1
                run.counts["articles"] += 1
                batch.append(rr.article)
                if len(batch) >= batch_size:
                    run.flush(batch)
                    batch = []
                    if progress:
                        progress(summary.articles_read, max(total, summary.articles_read))
            if batch:
                run.flush(batch)
                if progress:
                    progress(summary.articles_read, max(total, summary.articles_read))
            store.record_input(label, run.counts)
        finish_run(store, summary, t0)
    except BaseException:
        finish_run(store, summary, t0, failed=True)
        store.close()
        raise
    store.close()
    return summary


class _Run:
    """State of one ingest run: the store, the coder, the counts of the current input."""

    def __init__(
        self, store: Store, summary: IngestSummary, coder: CoderLike | None,
        model: str | None, batch_size: int,
    ) -> None:
        self.store = store
        self.summary = summary
        self._coder = coder
        self.model = model
        self.batch_size = batch_size
        self.counts: dict[str, int] = _counts()
        self.failures = 0

    @property
    def coder(self) -> CoderLike:
        if self._coder is None:  # loaded only when something needs coding
            from ..coder import get_coder

            self._coder = get_coder(self.model)
        return self._coder

    def flush(self, batch: list[Article]) -> None:
        """Code the new or changed articles of ``batch`` and store them in one transaction."""
        skip = unchanged_ids(self.store, batch)
        self.counts["unchanged"] += len(skip)
        self.summary.unchanged += len(skip)
        todo = [a for a in batch if a.id not in skip]
        if not todo:
            return
        # A copy of a stored story needs no coding: it only adds a mention (the store
        # decides again when writing, so this is a shortcut, never a different result).
        copies = {a.id for a in todo if self.store.near_duplicate_of(a) is not None}
        fresh = [a for a in todo if a.id not in copies]
        coded = list(self.coder.code_stream(fresh, batch_size=self.batch_size)) if fresh else []
        self.summary.coded += len(coded)
        coded += [CodingResult(a, []) for a in todo if a.id in copies]
        good = []
        for res in coded:
            if res.problem is not None and res.problem.code == "E199":
                self.note(res.problem)
            else:
                good.append(res)
        try:
            part = self.store.add_batch(good, batch_size=len(good) or 1)
        except StoreError as exc:
            self.failures += 1
            log.error("%s", exc)
            for res in good:
                self.note(
                    ArticleProblem(res.article.id, "E400", f"not stored: {exc.message}"),
                    record=False,
                )
            if self.failures >= MAX_CONSECUTIVE_WRITE_FAILURES:
                raise
            return
        self.failures = 0
        _merge(self.counts, part)
        for k in ("added", "unchanged", "replaced", "duplicate", "events"):
            setattr(self.summary, k, getattr(self.summary, k) + part.get(k, 0))
        self.summary.skipped += part.get("skipped", 0)

    def note(self, problem: ArticleProblem, *, skipped: bool = True, record: bool = True) -> None:
        self.summary.problems.append(problem)
        if skipped:
            self.summary.skipped += 1
            self.counts["skipped"] += 1
        if record:
            try:
                self.store.record_problem(problem)
            except Exception:  # noqa: BLE001 - reporting must not hide the real failure
                log.warning("could not record problem %s", problem)


def finish_run(store: Store, summary: IngestSummary, t0: float, *, failed: bool = False) -> None:
    """Record the run's summary and its seconds since ``t0``, as done or failed.

    After a failure the store may be unusable: an error recording it is
    swallowed, since the original error says why.
    """
    summary.seconds = time.perf_counter() - t0
    brief = summary.to_dict()
    brief.pop("problems")
    if not failed:
        store.finish_run(brief)
        return
    try:
        store.finish_run(brief, status="failed")
    except Exception:  # noqa: BLE001
        pass
