"""The corpus store (DuckDB), Parquet shards and the ``ingest`` function under the CLI."""

from __future__ import annotations

from .db import Store
from .ingest import IngestSummary, ingest
from .shards import read_shard, write_shard

__all__ = ["Store", "ingest", "IngestSummary", "write_shard", "read_shard"]
