"""The core runs without the optional extras and names the extra a command needs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedfellows.cli.main import app
from bedfellows.errors import MissingExtraError, require

runner = CliRunner()


def _without(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``import X`` fail as it does when the package is not installed."""
    for name in list(sys.modules):
        if any(name == m or name.startswith(m + ".") for m in modules):
            monkeypatch.delitem(sys.modules, name)
    for m in modules:
        monkeypatch.setitem(sys.modules, m, None)  # type: ignore[arg-type]


def test_require_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    assert require("json", "none", "x") is sys.modules["json"]
    _without(monkeypatch, "fastwarc")
    with pytest.raises(MissingExtraError, match=r"pip install 'bedfellows\[warc\]'"):
        require("fastwarc.warc", "warc", "reading a WARC")


def test_serve_without_the_serve_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _without(monkeypatch, "fastapi", "uvicorn")
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "s.duckdb")])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "bedfellows serve needs the optional 'serve' extra" in r.output
    assert "pip install 'bedfellows[serve]'" in r.output


def test_warc_without_the_warc_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bedfellows.ingest.readers import read_file

    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"")
    _without(monkeypatch, "fastwarc")
    with pytest.raises(MissingExtraError, match=r"crawl\.warc\.gz.*'warc' extra"):
        list(read_file(path))


def test_dask_engine_without_the_dask_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from bedfellows.scale.engine import ScaleError, _DaskPool

    _without(monkeypatch, "distributed", "dask")
    with pytest.raises(ScaleError, match=r"pip install 'bedfellows\[dask\]'"):
        _DaskPool(None, None, None, 1, "k")  # type: ignore[arg-type]
