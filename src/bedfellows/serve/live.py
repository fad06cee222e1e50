"""Serving while ``bedfellows ingest`` writes: the server reads committed snapshots of the store.

DuckDB lets one process write a file or any number read it, never both. So the
server never keeps the store open: it takes a read-only lock just long enough
to copy the file (no writer can be mid-commit while it holds it, so the copy is
a committed state), releases it, and serves the copy. A watcher notices when
the store file changes and, once no writer holds it, takes a new snapshot and
swaps it in; queries already running finish on the old copy. The writer, in
turn, waits a moment for the lock (:class:`bedfellows.store.Store`), so
neither side ever sees an error or a partial read.

A long ``bedfellows ingest`` holds the file for its whole run; it publishes what
it has committed every few seconds as ``STORE.live`` (a whole checkpointed copy,
renamed into place: :meth:`bedfellows.store.Store.publish`). While the store is
locked the watcher copies the newest publication instead, so the counts grow
during the run; only a publication newer than what is served is taken, so they
never step back.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..errors import StoreError
from ..store.db import connect_raw, published_path

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
    # newest modification (ns) of what was copied: a writer's publication older than it
    # holds less than this snapshot and is never served after it
    floor: int = 0
    published: bool = False  # copied from the writer's publication, not the store itself


def _newest(stamp: Stamp) -> int:
    return max(stamp[0::2], default=0)


class Snapshots:
    """Copies of one store file in a private temporary folder, newest last."""

    def __init__(self, source: str | Path) -> None:
        self.source = Path(source)
        self.folder = Path(tempfile.mkdtemp(prefix="bedfellows-serve-"))
        self._count = 0
        self._lock = threading.Lock()
        # the copies go when the server does, even if nobody calls close()
        self._cleanup = weakref.finalize(self, shutil.rmtree, str(self.folder), True)

    def _target(self) -> Path:
        with self._lock:
            self._count += 1
            return self.folder / f"snapshot-{self._count}.duckdb"

    def take(self, wait: float, after: Snapshot | None = None) -> Snapshot | None:
        """A copy of the committed store, or None when a writer kept it locked for ``wait`` s
        and published nothing newer than ``after`` (the snapshot being served) meanwhile."""
        if not self.source.is_file():
            raise StoreError(f"database {self.source} does not exist; create it with 'bedfellows ingest'")
        deadline = time.monotonic() + wait
        while True:
            try:
                guard = connect_raw(self.source, read_only=True)
                break
            except duckdb.Error as exc:
                if not _held(exc):
                    raise StoreError(f"cannot open {self.source} read-only: {str(exc).splitlines()[0]}") from None
                published = self._published(after)
                if published is not None:
                    return published
                if time.monotonic() >= deadline:
                    return None
                time.sleep(0.05)
        try:
            target = self._target()
            stamp = file_stamp(self.source)
            shutil.copyfile(self.source, target)
            if wal_of(self.source).exists():
                shutil.copyfile(wal_of(self.source), wal_of(target))
        finally:
            guard.close()
        return Snapshot(target, stamp, _now(), floor=_newest(stamp))

    def _published(self, after: Snapshot | None) -> Snapshot | None:
        """A copy of the writer's latest publication if it is newer than ``after``, else None.

        The publication is replaced by a rename, so the file opened here is one whole
        committed state whatever the writer does meanwhile."""
        try:
            fh = published_path(self.source).open("rb")
        except FileNotFoundError:
            return None
        with fh:
            mtime = os.fstat(fh.fileno()).st_mtime_ns
            if after is not None and mtime <= after.floor:
                return None
            target = self._target()
            with target.open("wb") as out:
                shutil.copyfileobj(fh, out, 1 << 20)
        log.debug("took the writer's publication of %s", self.source)
        # no stamp of the store: it may hold more than the publication (commits since), so
        # the store itself is copied as soon as the writer lets go of it
        return Snapshot(target, (), _now(), floor=mtime, published=True)

    def changed(self, snapshot: Snapshot) -> bool:
        if file_stamp(self.source) != snapshot.stamp:
            return True
        try:  # a publication newer than the snapshot (the store's own stamp may lag behind it)
            return published_path(self.source).stat().st_mtime_ns > snapshot.floor
        except FileNotFoundError:
            return False

    @staticmethod
    def discard(snapshot: Snapshot) -> None:
        for p in (snapshot.path, wal_of(snapshot.path)):
            p.unlink(missing_ok=True)

    def close(self) -> None:
        self._cleanup()


def _held(exc: duckdb.Error) -> bool:
    """The store is being written: by another process (its lock), or by this one."""
    msg = str(exc).lower()
    return "lock" in msg or "different configuration" in msg


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
