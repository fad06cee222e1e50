"""Serving while ``bedfellows ingest`` writes: the server reads committed snapshots of the store.

DuckDB lets one process write a file or any number read it, never both. So the
server never keeps the store open: it takes a read-only lock just long enough
to copy the file (no writer can be mid-commit while it holds it, so the copy is
a committed state), releases it, and serves the copy. A watcher notices when
the store file changes and, once no writer holds it, takes a new snapshot and
swaps it in; queries already running finish on the old copy. The writer, in
turn, waits a moment for the lock (:class:`bedfellows.store.Store`), so
neither side ever sees an error or a partial read.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..errors import StoreError
from ..store.db import connect_raw

log = logging.getLogger(__name__)

Stamp = tuple[int, ...]


def file_stamp(path: Path) -> Stamp:
    """Modification time and size of the store file and its write-ahead log (if any)."""
    parts: list[int] = []
    for p in (path, wal_of(path)):
        try:
            st = p.stat()
        except FileNotFoundError:
            parts += [0, 0]
            continue
        parts += [st.st_mtime_ns, st.st_size]
    return tuple(parts)


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


@dataclass(frozen=True)
class Snapshot:
    path: Path  # the copy the server reads
    stamp: Stamp  # of the source when it was copied
    taken: str  # UTC time, ISO 8601


class Snapshots:
    """Copies of one store file in a private temporary folder, newest last."""

    def __init__(self, source: str | Path) -> None:
        self.source = Path(source)
        self.folder = Path(tempfile.mkdtemp(prefix="bedfellows-serve-"))
        self._count = 0
        self._lock = threading.Lock()
        # the copies go when the server does, even if nobody calls close()
        self._cleanup = weakref.finalize(self, shutil.rmtree, str(self.folder), True)

    def take(self, wait: float) -> Snapshot | None:
        """A copy of the committed store, or None when a writer kept it locked for ``wait`` s."""
        if not self.source.is_file():
            raise StoreError(f"database {self.source} does not exist; create it with 'bedfellows ingest'")
        deadline = time.monotonic() + wait
        while True:
            try:
                guard = connect_raw(self.source, read_only=True)
                break
            except duckdb.Error as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(f"cannot open {self.source} read-only: {str(exc).splitlines()[0]}") from None
                if time.monotonic() >= deadline:
                    return None
                time.sleep(0.05)
        try:
            with self._lock:
                self._count += 1
                target = self.folder / f"snapshot-{self._count}.duckdb"
            stamp = file_stamp(self.source)
            shutil.copyfile(self.source, target)
            if wal_of(self.source).exists():
                shutil.copyfile(wal_of(self.source), wal_of(target))
        finally:
            guard.close()
        taken = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        return Snapshot(target, stamp, taken)

    def changed(self, snapshot: Snapshot) -> bool:
        return file_stamp(self.source) != snapshot.stamp

    @staticmethod
    def discard(snapshot: Snapshot) -> None:
        for p in (snapshot.path, wal_of(snapshot.path)):
            p.unlink(missing_ok=True)

    def close(self) -> None:
        self._cleanup()
