"""``bedfellows code --processes N``: the same events as one process, N times the cores.

The driver reads the inputs and writes the events; worker processes (spawned,
each loading the coder once, see :mod:`bedfellows.scale.worker`) code chunks
of articles. A chunk is a whole number of the coder's batches, so every
worker parses exactly the batches one process would, and chunks come back in
input order: the output is identical to a one-process run, byte for byte.
At most two chunks per worker are in flight, so memory stays flat on any
input size. If the pool dies (a worker killed), the chunks it held and the
rest of the input are coded in the driver, with a warning.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..coder import CodingResult
from ..records import Article
from .worker import CoderConfig, coder_for, warm_child

log = logging.getLogger(__name__)

#: Inputs of at least this many bytes on disk are coded with every core by default.
LARGE_INPUT_BYTES = 2_000_000
#: Batches of the coder per chunk sent to a worker.
BATCHES_PER_CHUNK = 4


def available_cores() -> int:
    """Cores this process may run on (the affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def input_bytes(inputs: Iterable[str]) -> int:
    """Bytes of the named files and folders (standard input counts as 0: its size is unknown)."""
    total = 0
    for name in inputs:
        if name == "-":
            continue
        path = Path(name)
        try:
            if path.is_file():
                total += path.stat().st_size
            elif path.is_dir():
                total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        except OSError:
            continue  # the reader reports it (E107)
        if total >= LARGE_INPUT_BYTES:
            break
    return total


def default_processes(inputs: Iterable[str]) -> int:
    """All cores for large inputs, one process otherwise (starting workers costs seconds)."""
    cores = available_cores()
    if cores > 1 and input_bytes(inputs) >= LARGE_INPUT_BYTES:
        return cores
    return 1


def code_chunk(config: CoderConfig, articles: list[Article]) -> list[CodingResult]:
    """What a worker does with one chunk: this process's coder, the driver's batch size."""
    return list(coder_for(config).code_stream(articles, batch_size=config.batch_size))


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    part: list[Article] = []
    for article in articles:
        part.append(article)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def start_pool(config: CoderConfig, processes: int) -> ProcessPoolExecutor:
    """A pool of ``processes`` spawned workers, each loading the coder for ``config`` as it starts."""
    ctx = multiprocessing.get_context("spawn")  # no forked spaCy or DuckDB state in the children
    return ProcessPoolExecutor(processes, mp_context=ctx, initializer=warm_child, initargs=(config, os.getpid()))


def code_parallel(
    articles: Iterable[Article],
    config: CoderConfig,
    processes: int,
    chunk: int | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[CodingResult]:
    """Code ``articles`` in ``processes`` workers; results in input order, as one process gives them.

    ``pool``: workers already started with :func:`start_pool` for the same config (left running);
    by default a pool is started and shut down here."""
    size = chunk or config.batch_size * BATCHES_PER_CHUNK
    if size % config.batch_size:
        raise ValueError(f"chunk {size} is not a whole number of batches of {config.batch_size}")
    own = pool is None
    if pool is None:
        pool = start_pool(config, processes)
    pending: deque[tuple[list[Article], Future[list[CodingResult]] | None]] = deque()
    broken = False

    def collect(part: list[Article], fut: Future[list[CodingResult]] | None) -> list[CodingResult]:
        nonlocal broken
        if fut is not None:
            try:
                return fut.result()
            except BrokenProcessPool:
                if not broken:
                    log.warning("a coding worker died; coding the rest in this process")
                broken = True
        return code_chunk(config, part)

    try:
        for part in _chunks(articles, size):
            fut: Future[list[CodingResult]] | None = None
            if not broken:
                try:
                    fut = pool.submit(code_chunk, config, part)
                except (BrokenProcessPool, RuntimeError):
                    broken = True
            pending.append((part, fut))
            while len(pending) > 2 * processes:
                yield from collect(*pending.popleft())
        while pending:
            yield from collect(*pending.popleft())
    finally:
        if own:
            pool.shutdown(wait=not broken, cancel_futures=True)


__all__ = ["LARGE_INPUT_BYTES", "available_cores", "code_chunk", "code_parallel", "default_processes", "start_pool"]
