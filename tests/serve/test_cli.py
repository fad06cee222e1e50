"""`bedfellows serve` on the command line: bad input gives one clear line, no traceback."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bedfellows.cli.main import app
from bedfellows.serve.server import is_loopback


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "nope.duckdb")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "[E400]" in result.output
    assert "Traceback" not in result.output


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
