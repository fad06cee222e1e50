"""Helpers of the browser tests: a real uvicorn server in its own process, Debian's Chromium."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def ensure_chromium() -> str:
    """Debian's Chromium, installed by tests/serve/ensure_chromium.sh when missing (else skip)."""
    if not Path(CHROMIUM).exists():
        script = Path(__file__).with_name("ensure_chromium.sh")
        done = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=900)
        if done.returncode != 0 or not Path(CHROMIUM).exists():
            pytest.skip(f"cannot install Debian chromium: {done.stderr.strip()[-300:]}")
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(db: Path, *extra: str) -> Iterator[str]:
    """`bedfellows.serve.serve` over ``db`` in its own process on a free loopback port."""
    port = free_port()
    code = (
        "import sys; from bedfellows.serve import serve; "
        "serve(sys.argv[1], '127.0.0.1', int(sys.argv[2]), warm_coder=False, log_level='warning')"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(db), str(port), *extra],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(base + "/v1/info", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=20) as r:
        return json.loads(r.read())


def distinct_colours(page: Any, png: bytes) -> dict[str, float]:
    """Distinct colours of a PNG and the share of its commonest one, measured by Chromium itself."""
    data_url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    result: dict[str, float] = page.evaluate(
        """async (src) => {
            const img = new Image();
            img.src = src;
            await img.decode();
            const c = document.createElement("canvas");
            c.width = img.width; c.height = img.height;
            const ctx = c.getContext("2d");
            ctx.drawImage(img, 0, 0);
            const px = ctx.getImageData(0, 0, c.width, c.height).data;
            const counts = new Map();
            for (let i = 0; i < px.length; i += 16) {
                const k = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
                counts.set(k, (counts.get(k) || 0) + 1);
            }
            const top = Math.max(...counts.values());
            return { colours: counts.size, top_share: top / (px.length / 16), width: c.width, height: c.height };
        }""",
        data_url,
    )
    return result


def assert_not_blank(page: Any, png: bytes, min_colours: int = 30) -> None:
    stats = distinct_colours(page, png)
    assert stats["colours"] >= min_colours, stats
    assert stats["top_share"] < 0.97, stats


def wait_until(page: Any, expression: str, timeout: float = 20.0) -> None:
    """Poll a JS expression until it is true (page.wait_for_function evaluates strings with
    eval, which the dashboard's Content-Security-Policy rightly refuses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.1)
