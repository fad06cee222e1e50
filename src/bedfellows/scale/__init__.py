"""Scale: many articles on many cores or a Dask cluster, with the same results as one process.

Workers receive a :class:`CoderConfig` (never a pipeline), load the model once
per process, and return Parquet shards; only the driver writes DuckDB.

Names are imported on first use: a worker process or the coder's fast path
(``bedfellows.scale.fastpath``) need not import the engine, DuckDB and the
near-duplicate index to start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import ENGINES, ScaleError, choose_engine, ingest_parallel, run_ingest
    from .synthetic import synthetic_articles
    from .worker import CoderConfig, PartitionResult, code_partition

_WHERE = {
    "ENGINES": "engine", "ScaleError": "engine", "choose_engine": "engine", "ingest_parallel": "engine",
    "run_ingest": "engine", "synthetic_articles": "synthetic", "CoderConfig": "worker",
    "PartitionResult": "worker", "code_partition": "worker",
}  # fmt: skip

__all__ = [
    "ENGINES", "CoderConfig", "PartitionResult", "ScaleError", "choose_engine", "code_partition",
    "ingest_parallel", "run_ingest",
    "synthetic_articles",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
