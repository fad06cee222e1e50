"""The driver of parallel ingest: partitions out, shards back, one writer.

``ingest_parallel`` reads the inputs on the driver, cuts the new or changed
articles into partitions, sends each partition (with a :class:`CoderConfig`,
never a model) to a pool of worker processes or a Dask cluster, and loads the
returned shards into DuckDB itself, in partition order, one transaction per
shard. Loading in order makes the store identical to a single-process run
(near-duplicate decisions depend on order); loading is idempotent (the store
keys articles by id and content hash), so a partition that is re-run after a
worker died never doubles events.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BedfellowsError
from ..ingest.readers import ReadResult, iter_input_paths, read_input
from ..records import Article
from ..store import IngestSummary, Store
from ..store.ingest import PUBLISH_EVERY, finish_run, unchanged_ids
from .worker import CoderConfig, PartitionResult, code_partition, warm_child

log = logging.getLogger(__name__)

ENGINES = ("local", "processes", "dask")
MAX_POOL_RESTARTS = 3


class ScaleError(BedfellowsError):
    """The parallel engine cannot run (bad option, unreachable scheduler, dead pool)."""

    code = "E700"


@dataclass
class _Partition:
    index: int
    label: str
    articles: list[Article]


class _Pool:
    """A ``--processes`` pool that survives a dead child: the pool is rebuilt and work re-sent.

    A death is noticed either when a result is awaited or when the next
    partition is submitted; each future remembers the pool generation it was
    sent to, so work sent to a dead pool is re-sent exactly once.
    """

    def __init__(self, n: int, config: CoderConfig, shard_dir: str | None) -> None:
        self.n = n
        self.config = config
        self.shard_dir = shard_dir
        self.restarts = 0
        self.generation = 0
        self.sent_to: dict[Future[PartitionResult], int] = {}
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        ctx = multiprocessing.get_context("spawn")  # no forked DuckDB/spaCy state in children
        return ProcessPoolExecutor(self.n, mp_context=ctx, initializer=warm_child, initargs=(self.config, os.getpid()))

    @property
    def workers(self) -> int:
        return self.n

    def _restart(self, at: int) -> None:
        self.restarts += 1
        if self.restarts > MAX_POOL_RESTARTS:
            raise ScaleError(
                f"worker processes keep dying (last at partition {at}); "
                "check memory (each process loads the model) or use fewer --processes"
            ) from None
        log.warning("a worker process died; restarting the pool and re-running its partitions")
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new()
        self.generation += 1

    def submit(self, part: _Partition) -> Future[PartitionResult]:
        try:
            fut = self.pool.submit(code_partition, self.config, part.index, part.articles, self.shard_dir)
        except BrokenProcessPool:
            self._restart(part.index)
            fut = self.pool.submit(code_partition, self.config, part.index, part.articles, self.shard_dir)
        self.sent_to[fut] = self.generation
        return fut

    def result(self, fut: Any, part: _Partition, pending: deque[tuple[_Partition, Any]]) -> PartitionResult:
        while True:
            try:
                res: PartitionResult = fut.result()
                self.sent_to.pop(fut, None)
                return res
            except (BrokenProcessPool, CancelledError):
                if self.sent_to.pop(fut, None) == self.generation:
                    self._restart(part.index)  # the current pool died under this partition
                for i, (p, f) in enumerate(pending):  # everything sent to a dead pool goes again
                    if self.sent_to.get(f) != self.generation:
                        self.sent_to.pop(f, None)
                        pending[i] = (p, self.submit(p))
                fut = self.submit(part)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _DaskPool:
    """Partitions as Dask tasks; the scheduler re-runs a task whose worker died."""

    def __init__(self, config: CoderConfig, shard_dir: str | None, scheduler: str | None,
                 workers: int | None, run_key: str, connect_timeout: float = 30.0) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # an optional extra
            raise ScaleError("--engine dask needs the optional 'dask' extra: "
                             "pip install 'bedfellows[dask]'") from None
        from .dask_plugin import CoderPlugin

        self.config = config
        self.shard_dir = shard_dir
        self.run_key = run_key
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=f"{connect_timeout}s")
            else:
                self.cluster = LocalCluster(
                    n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                    processes=True, dashboard_address=None,
                )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            raise ScaleError(f"cannot reach the Dask scheduler {scheduler or 'LocalCluster'}: {exc}") from None
        self.client.register_plugin(CoderPlugin(config))

    @property
    def workers(self) -> int:
        info = self.client.scheduler_info()
        return max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))

    def submit(self, part: _Partition) -> Any:
        return self.client.submit(
            code_partition, self.config, part.index, part.articles, self.shard_dir,
            key=f"bedfellows-{self.run_key}-part-{part.index}", pure=False,
        )

    def result(self, fut: Any, part: _Partition, pending: deque[tuple[_Partition, Any]]) -> PartitionResult:
        try:
            return fut.result()
        except Exception as exc:  # noqa: BLE001 - KilledWorker and friends become one user message
            raise ScaleError(f"partition {part.index} failed on the Dask cluster: {exc}") from None

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _read_all(inputs: Sequence[str], published: str | None) -> Iterator[tuple[str, ReadResult]]:
    for item in iter_input_paths(inputs):
        label = "-" if item == "-" else str(item)
        results = read_input(item, published)
        yield label, ReadResult(None, None)  # marks the start of an input
        for rr in results:
            yield label, rr


def _partitions(
    store: Store, inputs: Sequence[str], published: str | None, size: int, summary: IngestSummary,
    per_input: dict[str, dict[str, int]],
) -> Iterator[_Partition]:
    """New or changed articles, ``size`` at a time; a partition never spans two inputs."""

    index = 0
    buf: list[Article] = []
    current = ""

    def flush() -> Iterator[_Partition]:
        nonlocal index, buf
        if not buf:
            return
        skip = unchanged_ids(store, buf)
        summary.unchanged += len(skip)
        per_input[current]["unchanged"] += len(skip)
        todo = [a for a in buf if a.id not in skip]
        buf = []
        if todo:
            yield _Partition(index, current, todo)
            index += 1

    for label, rr in _read_all(inputs, published):
        if label != current:
            yield from flush()
            current = label
            summary.inputs += 1
            per_input.setdefault(label, _input_counts())
        if rr.problem is not None:
            summary.problems.append(rr.problem)
            store.record_problem(rr.problem)
            if rr.article is None:
                summary.skipped += 1
                per_input[label]["skipped"] += 1
        if rr.article is None:
            continue
        summary.articles_read += 1
        per_input[label]["articles"] += 1
        buf.append(rr.article)
        if len(buf) >= size:
            yield from flush()
    yield from flush()


def _input_counts() -> dict[str, int]:
    return {"articles": 0, "added": 0, "unchanged": 0, "replaced": 0, "duplicate": 0,
            "skipped": 0, "events": 0}


def ingest_parallel(
    inputs: Sequence[str],
    db: str | Path,
    *,
    engine: str = "processes",
    processes: int | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    published: str | None = None,
    model: str | None = None,
    dictionaries: str | None = None,
    fast: bool | None = None,
    partition_size: int = 64,
    batch_size: int = 16,
    near_duplicates: bool = True,
    shard_dir: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_partition: Callable[[dict[str, Any]], None] | None = None,
    connect_timeout: float = 30.0,
    publish_every: float | None = PUBLISH_EVERY,
) -> IngestSummary:
    """Code and store ``inputs`` into ``db`` with worker processes or a Dask cluster.

    ``engine``: ``processes`` (``processes`` children on this machine) or
    ``dask`` (``scheduler`` address of an existing cluster, or a LocalCluster of
    ``workers`` processes). ``shard_dir``: a folder all workers and the driver
    can read for the shards; by default shards come back in the task results.
    ``on_partition`` receives each loaded partition's manifest (progress, logs).
    ``publish_every``: seconds between publications for readers, as in single-process ingest.
    Returns the same :class:`~bedfellows.store.IngestSummary` as single-process ingest.
    """
    if engine not in ("processes", "dask"):
        raise ScaleError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if partition_size < 1:
        raise ScaleError("partition size must be at least 1")
    if engine == "processes" and processes is not None and processes < 1:
        raise ScaleError("--processes must be at least 1")
    t0 = time.perf_counter()
    from ..coder import resolve_fast

    # resolved here, so every worker codes exactly as this driver would
    config = CoderConfig(model, dictionaries, resolve_fast(fast), batch_size)
    summary = IngestSummary(db=str(db))
    store = Store(db, near_duplicates=near_duplicates, publish_every=publish_every)
    per_input: dict[str, dict[str, int]] = {}
    pool: _Pool | _DaskPool | None = None
    tmp = tempfile.TemporaryDirectory(prefix="bedfellows-shards-")
    try:
        summary.run_id = store.begin_run(inputs, model)

        def start() -> _Pool | _DaskPool:
            """The pool, started at the first partition: a run with nothing to code loads no model."""
            if engine == "processes":
                return _Pool(processes or os.cpu_count() or 1, config, shard_dir)
            return _DaskPool(config, shard_dir, scheduler, workers, summary.run_id or str(os.getpid()),
                             connect_timeout)

        window = 0
        pending: deque[tuple[_Partition, Any]] = deque()
        loaded = [0]

        def load_next() -> None:
            assert pool is not None
            part, fut = pending.popleft()
            res = pool.result(fut, part, pending)
            _load(store, res, part, summary, per_input[part.label], tmp.name)
            if on_partition is not None:
                on_partition(res.manifest())
            loaded[0] += len(part.articles)
            if progress is not None:
                progress(loaded[0] + summary.unchanged, summary.articles_read)

        for part in _partitions(store, inputs, published, partition_size, summary, per_input):
            if pool is None:
                pool = start()
                window = 2 * pool.workers + 1  # partitions in flight: bounded memory, busy workers
            pending.append((part, pool.submit(part)))
            while len(pending) >= window:
                load_next()
        while pending:
            load_next()
        for label, counts in per_input.items():
            store.record_input(label, counts)
        finish_run(store, summary, t0)
    except BaseException:
        finish_run(store, summary, t0, failed=True)
        raise
    finally:
        if pool is not None:
            pool.close()
        store.close()
        tmp.cleanup()
    if progress is not None:
        progress(summary.articles_read, summary.articles_read)
    return summary


def _load(
    store: Store, res: PartitionResult, part: _Partition, summary: IngestSummary,
    counts: dict[str, int], tmp: str,
) -> None:
    """Load one shard (one transaction); the store records its problems."""
    if res.shard_bytes is not None:
        path = Path(tmp) / f"part-{res.index:06d}.parquet"
        path.write_bytes(res.shard_bytes)
    elif res.shard_path is not None:
        path = Path(res.shard_path)
    else:  # pragma: no cover - a worker always returns one or the other
        raise ScaleError(f"partition {part.index} came back without a shard")
    part_counts = store.load_parquet_shards([path])
    path.unlink(missing_ok=True)
    summary.coded += res.articles
    summary.problems.extend(res.problems)
    for k in ("added", "unchanged", "replaced", "duplicate", "events", "skipped"):
        n = int(part_counts.get(k, 0))
        setattr(summary, k, getattr(summary, k) + n)
        counts[k] = counts.get(k, 0) + n
    log.debug("partition %d: %d articles, %d events from %s in %.2fs",
              res.index, res.articles, res.events, res.worker, res.seconds)


def choose_engine(engine: str | None, processes: int | None, scheduler: str | None, workers: int | None) -> str:
    """The engine the options ask for: ``--scheduler``/``--workers`` mean dask, ``--processes N>1`` processes."""
    if engine is None or engine == "local":
        if scheduler or workers:
            if engine == "local":
                raise ScaleError("--scheduler and --workers need --engine dask")
            return "dask"
        if processes is not None and processes > 1:
            if engine == "local":
                raise ScaleError("--processes needs --engine processes (or leave --engine out)")
            return "processes"
        return "local"
    if engine not in ENGINES:
        raise ScaleError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if engine == "processes" and (scheduler or workers):
        raise ScaleError("--scheduler and --workers belong to --engine dask; use --processes N")
    if engine == "dask" and processes is not None:
        raise ScaleError("--processes belongs to --engine processes; with dask use --workers N or --scheduler")
    return engine


def run_ingest(
    inputs: Sequence[str],
    db: str | Path,
    *,
    engine: str | None = None,
    processes: int | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    fast: bool | None = None,
    model: str | None = None,
    **kwargs: Any,
) -> IngestSummary:
    """``bedfellows ingest`` with any engine: single process, ``--processes N`` or Dask.

    ``kwargs`` are the common options of :func:`bedfellows.store.ingest`
    (``published``, ``batch_size``, ``near_duplicates``, ``progress``).
    """
    chosen = choose_engine(engine, processes, scheduler, workers)
    if chosen == "local":
        from ..store import ingest

        coder = None
        if fast is not None:
            from ..coder import get_coder

            coder = get_coder(model, fast=fast)
        return ingest(inputs, db, model=model, coder=coder, **kwargs)
    return ingest_parallel(inputs, db, engine=chosen, processes=processes, scheduler=scheduler,
                           workers=workers, fast=fast, model=model, **kwargs)
