"""What runs on a worker (a Dask worker or a ``--processes`` child): code one partition.

Workers get *configuration* (:class:`CoderConfig`), never a pipeline: each
process loads the spaCy model and dictionaries once (module-level cache keyed
by the config) and returns plain data: one Parquet shard (see
:mod:`bedfellows.store.shards`) plus a small manifest. Nothing here touches
DuckDB; only the driver writes the store.
"""

from __future__ import annotations

import logging
import os
import socket
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..records import Article, ArticleProblem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CoderConfig:
    """Everything a worker needs to build the same coder as the driver (cheap to pickle)."""

    model: str | None = None
    dictionaries: str | None = None
    fast: bool | None = None  # None: the coder's default
    batch_size: int = 16


@dataclass
class PartitionResult:
    """A worker's answer: the shard (a path it wrote, or the Parquet bytes) and its manifest."""

    index: int
    articles: int
    events: int
    problems: list[ArticleProblem] = field(default_factory=list)
    seconds: float = 0.0
    worker: str = ""
    shard_path: str | None = None
    shard_bytes: bytes | None = None

    def manifest(self) -> dict[str, Any]:
        """The small per-partition record (no shard payload)."""
        d = asdict(self)
        d.pop("shard_bytes")
        d["problems"] = [asdict(p) for p in self.problems]
        return d


_CODERS: dict[CoderConfig, Any] = {}


def coder_for(config: CoderConfig) -> Any:
    """This process's coder for ``config``: built on first use, then reused for every partition."""
    key = CoderConfig(config.model, config.dictionaries, config.fast)
    coder = _CODERS.get(key)
    if coder is None:
        from ..coder import Coder

        t0 = time.perf_counter()
        coder = Coder(config.model, config.dictionaries, fast=config.fast)
        _CODERS[key] = coder
        log.info("worker %s loaded the coder in %.1fs", os.getpid(), time.perf_counter() - t0)
    return coder


def warm(config: CoderConfig) -> int:
    """Load the coder now (pool initializer / worker plugin); returns the pid for logs."""
    coder_for(config)
    return os.getpid()


def warm_child(config: CoderConfig, parent_pid: int) -> int:
    """``--processes`` pool initializer: watch the driver, then load the coder.

    A child blocked on its task queue never notices that the driver died (kill -9, OOM):
    without the watch it lives on as an orphan holding a model's memory.
    """
    watch = threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True, name="bedfellows-watch")
    watch.start()
    return warm(config)


def _exit_with_parent(parent_pid: int, every: float = 0.5) -> None:
    while os.getppid() == parent_pid:
        time.sleep(every)
    os._exit(70)  # EX_SOFTWARE: nothing to flush, the driver that wanted the results is gone


def code_partition(
    config: CoderConfig, index: int, articles: list[Article], shard_dir: str | None = None
) -> PartitionResult:
    """Code ``articles`` and return them as one shard.

    With ``shard_dir`` (a folder the driver can read: same machine or shared
    storage) the shard is written there atomically as ``part-<index>.parquet``
    and a re-run of the partition overwrites it; without, the Parquet bytes
    travel back in the result, which works on any cluster.
    """
    from ..store.shards import write_shard

    t0 = time.perf_counter()
    coder = coder_for(config)
    results = list(coder.code_stream(articles, batch_size=config.batch_size))
    problems = [r.problem for r in results if r.problem is not None]
    out = PartitionResult(
        index=index,
        articles=len(results),
        events=sum(len(r.events) for r in results),
        problems=problems,
        worker=f"{socket.gethostname()}:{os.getpid()}",
    )
    if shard_dir is not None:
        path = Path(shard_dir) / f"part-{index:06d}.parquet"
        write_shard(results, path)
        out.shard_path = str(path)
    else:
        with tempfile.TemporaryDirectory(prefix="bedfellows-shard-") as tmp:
            path = write_shard(results, Path(tmp) / "part.parquet")
            out.shard_bytes = path.read_bytes()
    out.seconds = time.perf_counter() - t0
    return out
