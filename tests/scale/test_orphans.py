"""``--processes`` children exit when their driver is killed (no orphaned workers)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from bedfellows.scale.synthetic import synthetic_articles

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_children_exit_when_the_driver_is_killed(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for a in synthetic_articles(3000, seed=5, min_sents=3, max_sents=6):
            fh.write(json.dumps({"id": a.id, "text": a.text, "published": a.published}) + "\n")
    driver = subprocess.Popen(
        [sys.executable, "-m", "bedfellows", "ingest", str(corpus), "--db", str(tmp_path / "o.duckdb"),
         "--processes", "2", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            # the pool's workers (a spawn context also starts a resource tracker: not ours to check)
            children = [c for c in psutil.Process(driver.pid).children() if "resource_tracker" not in " ".join(
                c.cmdline())]
            if len(children) >= 2:
                break
            time.sleep(0.2)
        assert len(children) >= 2, "the pool never started"
        time.sleep(3)  # workers loading the model or coding
    finally:
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait()
    gone, alive = psutil.wait_procs(children, timeout=20)
    for p in alive:
        p.kill()
    assert alive == [], f"orphaned workers: {[p.pid for p in alive]}"
