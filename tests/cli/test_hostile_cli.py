"""The command line on hostile input: one line per problem, never a traceback, the rest coded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

GOOD = "Israeli jets struck Hamas targets in Gaza on Sunday."


def bf(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bedfellows", *args], input=stdin, capture_output=True, timeout=600)


def record(aid: str, text: str = GOOD) -> bytes:
    return json.dumps({"id": aid, "text": text, "published": "2014-07-14"}).encode()


def test_a_hostile_file_costs_only_its_bad_lines(tmp_path: Path) -> None:
    src = tmp_path / "hostile.jsonl"
    src.write_bytes(b"\r".join([
        record("good"),
        record("whom", "Government troops killed 40 rebels, many of whom carried weapons, near Aleppo."),
        record("forged\nbedfellows: 99 of 99 articles coded, 0 skipped, 0 events", "   "),
        b'{"id": "badbyte", "text": "Israeli jets struck Hamas targets in Gaza \xff on Sunday."}',
        b'{"id": "nul", "text": "x\x00y"}',
        b"[" * 50_000,
        b'{"id": "sur", "text": "Israeli jets struck Hamas targets in Gaza on Sunday. \\ud800"}',
    ]) + b"\r")
    run = bf("code", str(src))
    err = run.stderr.decode()
    assert run.returncode == 0, err
    assert "Traceback" not in err
    assert all(line.startswith("bedfellows: ") for line in err.splitlines()), err
    assert "hostile.jsonl:5: [E103]" in err and "hostile.jsonl:6: [E101]" in err
    assert "forged\\nbedfellows: 99 of 99" in err  # the id's newline is shown, not obeyed
    assert any(line.startswith("bedfellows: 4 of 7 articles coded, 3 skipped") for line in err.splitlines()[-2:])
    ids = {json.loads(line)["article_id"] for line in run.stdout.decode().splitlines()}
    assert {"good", "whom", "badbyte", "sur"} <= ids


def test_bad_bytes_on_stdin(tmp_path: Path) -> None:
    run = bf("code", "-", stdin=b"Israeli jets struck Hamas targets in Gaza \xe9 on Sunday.")
    err = run.stderr.decode()
    assert run.returncode == 0 and "Traceback" not in err
    assert "stdin: [E110]" in err
    assert json.loads(run.stdout.decode().splitlines()[0])["article_id"] == "stdin"


def test_unwritable_output_is_one_line_before_coding(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_bytes(record("a") + b"\n")
    for out, reason in ((tmp_path / "no" / "such" / "x.jsonl", "does not exist"), (tmp_path, "it is a folder")):
        run = bf("code", str(src), "-o", str(out))
        err = run.stderr.decode()
        assert run.returncode == 2 and "Traceback" not in err
        assert err.strip().splitlines() == [f"bedfellows: cannot write {out}: {reason}" if reason == "it is a folder"
                                             else f"bedfellows: cannot write {out}: folder {out.parent} {reason}"]


def test_table_prints_square_brackets_as_written(tmp_path: Path) -> None:
    src = tmp_path / "b.jsonl"
    src.write_bytes(record("[red]b[/red]", "Israel attacked [bold]Hamas[/bold] positions in Gaza on Friday.") + b"\n")
    run = bf("code", str(src), "--format", "table")
    out = run.stdout.decode()
    assert run.returncode == 0, run.stderr.decode()
    assert "[bold]Hamas[/bold]" in out and "[red]b[/red]" in out


def test_ingest_of_a_hostile_folder_reports_and_stores_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(record("a") + b"\r" + b'{"id": "b", "text": "x\x00"}\r')
    (folder / "loop").symlink_to(folder)
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    run = bf("ingest", str(folder), "--db", str(tmp_path / "s.duckdb"), "--json", "--quiet")
    err = run.stderr.decode()
    assert run.returncode == 0 and "Traceback" not in err, err
    summary = json.loads(run.stdout)
    assert summary["added"] == 1
    assert summary["skipped_by_reason"] == {"E103": 1, "E107": 2}


def test_explain_with_a_bad_byte_in_argv() -> None:
    run = subprocess.run([sys.executable.encode(), b"-m", b"bedfellows", b"explain", b"Israel attacked\xff Gaza."],
                         capture_output=True, timeout=300)
    assert run.returncode == 0, run.stderr.decode()
    assert b"ISR" in run.stdout and b"Traceback" not in run.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_ingest_into_a_read_only_folder_is_one_line(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_bytes(record("a") + b"\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        run = bf("ingest", str(src), "--db", str(locked / "s.duckdb"), "--quiet")
    finally:
        locked.chmod(0o755)
    err = run.stderr.decode()
    assert run.returncode == 2 and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("bedfellows: [E400]")
