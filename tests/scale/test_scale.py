"""Parallel ingest gives the single-process store: --processes, a real Dask cluster, a killed worker.

The Dask tests start a real ``dask scheduler`` and two ``dask worker``
processes on 127.0.0.1 (free ports, no nanny so a SIGKILL really removes a
worker), run the same small synthetic corpus through one process and through
the cluster, and compare the stored event ids and counts.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bedfellows.scale import ScaleError, ingest_parallel, synthetic_articles
from bedfellows.store import Store, ingest

N_ARTICLES = 36
PY = sys.executable


def _write_corpus(path: Path, n: int = N_ARTICLES) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for a in synthetic_articles(n, seed=11, min_sents=3, max_sents=6):
            fh.write(json.dumps({"id": a.id, "text": a.text, "published": a.published}) + "\n")
        fh.write('{"id": "broken", "text": \n')  # one bad line: reported, not fatal
    return path


def _store_state(db: Path) -> tuple[set[str], dict[str, int], int]:
    with Store(db, read_only=True) as s:
        ids = set(s.query("SELECT event_id FROM events")["event_id"])
        n_rows = int(s.query("SELECT count(*) AS n FROM events")["n"][0])
        status = s.query("SELECT count(*) AS n, count(duplicate_of) AS d FROM articles")
        counts = {"articles": int(status["n"][0]), "duplicates": int(status["d"][0])}
    return ids, counts, n_rows


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_corpus(tmp_path_factory.mktemp("scale") / "corpus.jsonl")


@pytest.fixture(scope="module")
def single(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], dict[str, int], int]:
    db = tmp_path_factory.mktemp("single") / "one.duckdb"
    summary = ingest([str(corpus)], db)
    assert summary.articles_read == N_ARTICLES
    assert summary.events > 0
    state = _store_state(db)
    assert state[2] == len(state[0]) == summary.events
    return state


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited early with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listens on {port}")


class Cluster:
    def __init__(self, tmp: Path) -> None:
        port = _free_port()
        self.address = f"tcp://127.0.0.1:{port}"
        self.procs: list[subprocess.Popen[bytes]] = []
        self.log = tmp / "dask.log"
        logf = self.log.open("wb")
        self.scheduler = self._start(
            [PY, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port),
             "--no-dashboard"], logf)
        _wait_port(port, self.scheduler)
        self.workers = [
            self._start([PY, "-m", "distributed.cli.dask_worker", self.address, "--nthreads", "1",
                         "--no-nanny", "--no-dashboard", "--host", "127.0.0.1",
                         "--name", f"w{i}", "--memory-limit", "0"], logf)
            for i in range(2)
        ]
        self._wait_workers(2)

    def _start(self, cmd: list[str], logf: Any) -> subprocess.Popen[bytes]:
        p = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(p)
        return p

    def _wait_workers(self, n: int, timeout: float = 60) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s") as c:
            c.wait_for_workers(n, timeout=timeout)

    def close(self) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=5)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    c = Cluster(tmp_path_factory.mktemp("dask"))
    try:
        yield c
    finally:
        c.close()


@pytest.mark.model
@pytest.mark.slow
def test_processes_equal_single(corpus: Path, single: tuple[set[str], dict[str, int], int],
                                tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    summary = ingest_parallel([str(corpus)], db, engine="processes", processes=2, partition_size=6)
    ids, counts, rows = _store_state(db)
    assert ids == single[0]
    assert counts == single[1]
    assert rows == len(ids) == summary.events
    assert summary.articles_read == N_ARTICLES
    assert [p.code for p in summary.problems] == ["E101"]
    # a second run finds everything stored: nothing is coded again, nothing doubles
    again = ingest_parallel([str(corpus)], db, engine="processes", processes=2, partition_size=6)
    assert again.coded == 0 and again.unchanged == N_ARTICLES
    assert _store_state(db)[2] == rows


@pytest.mark.model
@pytest.mark.slow
def test_dask_equals_single(cluster: Cluster, corpus: Path, single: tuple[set[str], dict[str, int], int],
                            tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    manifests: list[dict[str, Any]] = []
    summary = ingest_parallel([str(corpus)], db, engine="dask", scheduler=cluster.address,
                              partition_size=6, on_partition=manifests.append)
    ids, counts, rows = _store_state(db)
    assert ids == single[0]
    assert counts == single[1]
    assert rows == len(ids) == summary.events
    assert sum(m["articles"] for m in manifests) == N_ARTICLES
    assert len({m["worker"] for m in manifests}) == 2  # both workers did some of it
    assert [m["index"] for m in manifests] == sorted(m["index"] for m in manifests)


@pytest.mark.model
@pytest.mark.slow
def test_dask_worker_killed_mid_run(cluster: Cluster, corpus: Path,
                                    single: tuple[set[str], dict[str, int], int], tmp_path: Path) -> None:
    victim = cluster.workers[0]
    killed: list[int] = []

    def kill_after_first(manifest: dict[str, Any]) -> None:
        if not killed:
            os.kill(victim.pid, signal.SIGKILL)
            killed.append(manifest["index"])

    db = tmp_path / "k.duckdb"
    summary = ingest_parallel([str(corpus)], db, engine="dask", scheduler=cluster.address,
                              partition_size=3, on_partition=kill_after_first)
    assert killed and victim.wait(timeout=10) == -signal.SIGKILL
    ids, counts, rows = _store_state(db)
    assert ids == single[0]
    assert counts == single[1]
    assert rows == len(ids) == summary.events  # re-run partitions never double events


def test_bad_engine_options(tmp_path: Path) -> None:
    with pytest.raises(ScaleError, match="unknown engine"):
        ingest_parallel([], tmp_path / "x.duckdb", engine="spark")
    with pytest.raises(ScaleError, match="at least 1"):
        ingest_parallel([], tmp_path / "x.duckdb", engine="processes", processes=0)


def test_unreachable_scheduler_is_one_clear_error(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "c.jsonl", 2)
    with pytest.raises(ScaleError, match="cannot reach the Dask scheduler"):
        ingest_parallel([str(corpus)], tmp_path / "x.duckdb", engine="dask",
                        scheduler=f"tcp://127.0.0.1:{_free_port()}", connect_timeout=2)


@pytest.mark.model
@pytest.mark.slow
def test_cli_ingest_processes(corpus: Path, single: tuple[set[str], dict[str, int], int], tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    out = subprocess.run(
        [PY, "-m", "bedfellows", "ingest", str(corpus), "--db", str(db), "--processes", "2", "--json"],
        capture_output=True, text=True, timeout=240,
    )
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["articles_read"] == N_ARTICLES and summary["events"] == len(single[0])
    assert "E101" in out.stderr  # the bad line is reported, the rest is stored
    assert _store_state(db)[0] == single[0]


def test_cli_conflicting_engine_options(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bedfellows.cli.main import app

    corpus = _write_corpus(tmp_path / "c.jsonl", 2)
    res = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "x.duckdb"),
                                   "--engine", "local", "--processes", "2"])
    assert res.exit_code == 2
    assert "--processes needs --engine processes" in res.output
    assert "Traceback" not in res.output


@pytest.mark.model
@pytest.mark.slow
def test_processes_child_killed_mid_run(corpus: Path, single: tuple[set[str], dict[str, int], int],
                                        tmp_path: Path) -> None:
    import psutil

    killed: list[int] = []

    def kill_a_child(manifest: dict[str, Any]) -> None:
        if killed:
            return
        children = [p for p in psutil.Process().children()
                    if "spawn_main" in " ".join(p.cmdline())]
        assert children, "no pool workers found"
        children[0].send_signal(signal.SIGKILL)
        killed.append(children[0].pid)

    db = tmp_path / "pk.duckdb"
    summary = ingest_parallel([str(corpus)], db, engine="processes", processes=2, partition_size=4,
                              on_partition=kill_a_child)
    assert killed
    ids, counts, rows = _store_state(db)
    assert ids == single[0] and counts == single[1]
    assert rows == len(ids) == summary.events


@pytest.mark.model
@pytest.mark.slow
def test_pool_death_noticed_at_submit_resends_once() -> None:
    """A child killed between partitions: the next submit finds the pool broken, rebuilds it,
    and the partitions sent to the dead pool come back once each."""
    from collections import deque

    import psutil

    from bedfellows.scale.engine import _Partition, _Pool
    from bedfellows.scale.worker import CoderConfig

    arts = list(synthetic_articles(6, seed=9))
    parts = [_Partition(i, "t", arts[2 * i:2 * i + 2]) for i in range(3)]
    pool = _Pool(1, CoderConfig(None, None, True, 16), None)
    try:
        first = pool.submit(parts[0])
        assert pool.result(first, parts[0], deque()).articles == 2
        child = [p for p in psutil.Process().children() if "spawn_main" in " ".join(p.cmdline())][0]
        child.send_signal(signal.SIGKILL)
        deadline = time.time() + 20
        while not pool.pool._broken and time.time() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.1)
        assert pool.pool._broken  # type: ignore[attr-defined]
        pending = deque([(parts[1], pool.submit(parts[1]))])  # would raise BrokenProcessPool before
        pending.append((parts[2], pool.submit(parts[2])))
        got = []
        while pending:
            part, fut = pending.popleft()
            got.append((part.index, pool.result(fut, part, pending).articles))
        assert got == [(1, 2), (2, 2)] and pool.restarts == 1
    finally:
        pool.close()
