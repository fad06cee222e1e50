"""Scale: many articles on many cores or a Dask cluster, with the same results as one process.

Workers receive a :class:`CoderConfig` (never a pipeline), load the model once
per process, and return Parquet shards; only the driver writes DuckDB.
"""

from __future__ import annotations

from .engine import ENGINES, ScaleError, choose_engine, ingest_parallel, run_ingest
from .synthetic import synthetic_articles
from .worker import CoderConfig, PartitionResult, code_partition

__all__ = [
    "ENGINES", "CoderConfig", "PartitionResult", "ScaleError", "choose_engine", "code_partition",
    "ingest_parallel", "run_ingest",
    "synthetic_articles",
]
