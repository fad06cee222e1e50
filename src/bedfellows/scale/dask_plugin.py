"""The Dask worker plugin, apart from :mod:`.worker` so process-pool workers never import distributed."""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from .worker import CoderConfig, warm


class CoderPlugin(WorkerPlugin):
    """Loads the coder when a worker joins, so the first partition does not pay for it."""

    name = "bedfellows-coder"

    def __init__(self, config: CoderConfig) -> None:
        self.config = config

    def setup(self, worker: Any) -> None:
        warm(self.config)
