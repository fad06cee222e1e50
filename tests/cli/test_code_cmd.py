"""`bedfellows code` end to end: inputs of every kind, bad input, output formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from bedfellows.cli.main import app

pytestmark = pytest.mark.model
runner = CliRunner()

GOOD = {"id": "good", "published": "2014-07-14", "text": "Israeli jets struck Hamas targets in Gaza on Sunday."}
FRENCH = (
    "Le gouvernement français a annoncé mardi une série de mesures pour soutenir les agriculteurs "
    "touchés par la sécheresse, selon un communiqué publié par le ministère de l'Agriculture."
)


def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["code", *args], input=stdin)


def test_bad_articles_are_reported_and_the_rest_coded(tmp_path: Path) -> None:
    lines = [
        json.dumps(GOOD),
        '{"id": "broken", "text": ',
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "french", "text": FRENCH}),
        json.dumps(
            {
                "id": "baddate",
                "published": "2014-02-30",
                "text": "Police in Caracas arrested dozens of opposition protesters.",
            }
        ),
        json.dumps({"id": "notext"}),
    ]
    src = tmp_path / "batch.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00")
    res = run(str(src), str(binary))
    assert res.exit_code == 0, res.output
    err = res.stderr
    assert "batch.jsonl:2: [E101] malformed JSON" in err
    assert "empty: [E102]" in err
    assert "french: [E104]" in err
    assert "baddate: [E106]" in err and "coded without a publication date" in err
    assert "notext: [E109]" in err
    assert "[E103]" in err and "blob.txt" in err
    assert "Traceback" not in res.output
    events = [json.loads(x) for x in res.stdout.splitlines() if x.strip()]
    ids = {e["article_id"] for e in events}
    assert ids == {"good", "baddate"}
    assert "2 of 7 articles coded" in err


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text("{nope\n", encoding="utf-8")
    res = run(str(src))
    assert res.exit_code == 1
    assert "[E101]" in res.stderr


def test_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    res = run(str(tmp_path / "nowhere.jsonl"))
    assert res.exit_code == 1 and "no such file" in res.stderr


def test_txt_html_and_folder_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Ankara and Moscow signed a gas pipeline agreement on Monday.", encoding="utf-8")
    (folder / "b.html").write_text(
        "<html><head><title>t</title></head><body><nav>menu</nav><article><p>"
        "Seoul accused Pyongyang of firing artillery shells at Yeonpyeong Island.</p><p>More text follows"
        " here so the page has a body.</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "c.html").write_text("<html><body><div><span></div></html>", encoding="utf-8")
    res = run(str(folder), "--published", "2016-10-11")
    assert res.exit_code == 0, res.output
    events = [json.loads(x) for x in res.stdout.splitlines() if x.strip()]
    by_id = {e["article_id"] for e in events}
    assert by_id == {"a", "b"}
    assert any(e["cameo"] == "057" and e["date"] == "2016-10-10" for e in events)
    assert "c: [E108]" in res.stderr


def test_stdin_plain_text() -> None:
    res = run("-", "--published", "2012-08-15", stdin="Israel threatened to strike Iranian nuclear facilities.")
    assert res.exit_code == 0
    ev = json.loads(res.stdout.splitlines()[0])
    assert ev["article_id"] == "stdin" and ev["cameo"].startswith("13")
    assert (
        ev["coder_version"]
        and ev["rule"]
        and ev["span"] == [0, len("Israel threatened to strike Iranian nuclear facilities.")]
    )


def test_csv_and_parquet_outputs(tmp_path: Path) -> None:
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    out = tmp_path / "e.parquet"
    assert run(str(src), "--format", "parquet", "-o", str(out)).exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows >= 1 and "source_code" in table.column_names
    import datetime as dt

    import pyarrow as pa

    assert table.schema.field("date").type == pa.date32()  # typed, not a string
    assert dt.date(2014, 7, 13) in table.column("date").to_pylist()
    res = run(str(src), "--format", "csv")
    assert res.stdout.splitlines()[0].startswith("event_id,article_id")


def test_ids_are_deterministic(tmp_path: Path) -> None:
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    a = run(str(src)).stdout
    b = run(str(src)).stdout
    assert a == b and json.loads(a.splitlines()[0])["event_id"]


def test_real_process_has_no_traceback_for_bad_option(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bedfellows", "code", "-", "--published", "yesterday"],
        input="text",
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "publication date" in proc.stderr


def test_huge_article_is_refused_with_a_reason(tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    big = {"id": "big", "text": "Israel struck Gaza. " * 60_000}
    src.write_text(json.dumps(big) + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    res = run(str(src))
    assert res.exit_code == 0
    assert "big: [E105]" in res.stderr and "split" in res.stderr
    assert {json.loads(x)["article_id"] for x in res.stdout.splitlines() if x.strip()} == {"good"}


def test_undated_input_is_warned_and_no_bar_off_a_terminal(tmp_path: Path) -> None:
    src = tmp_path / "undated.txt"
    src.write_text("Iran condemned the United States over new sanctions.", encoding="utf-8")
    res = run(str(src))
    assert res.exit_code == 0, res.output
    warning = [x for x in res.stderr.splitlines() if "no publication date" in x]
    assert len(warning) == 1 and "drop out of timelines" in warning[0]
    assert "1 articles have no publication date" in warning[0]
    assert "articles/s" not in res.stderr  # the progress bar is for terminals only
    res = run(str(src), "--published", "2014-06-10")
    assert "no publication date" not in res.stderr


def test_version() -> None:
    from bedfellows import __version__

    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.stdout.strip() == f"bedfellows {__version__}"


def test_ctrl_c_says_what_was_written(tmp_path: Path) -> None:
    """SIGINT to a real `bedfellows code` process: whole lines written, how to resume, 130."""
    import signal
    import time

    src = tmp_path / "many.jsonl"
    text = "Israeli jets struck Hamas targets in Gaza on Sunday. " * 5
    src.write_text("".join(json.dumps({"id": f"a{i}", "published": "2014-07-14",
                                       "text": f"Report {i}. " + text}) + "\n"
                           for i in range(3000)), encoding="utf-8")
    out = tmp_path / "events.jsonl"
    exe = Path(sys.executable).with_name("bedfellows")
    proc = subprocess.Popen([str(exe), "code", str(src), "-o", str(out)],
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 2000):
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted after" in err and "Run the command again" in err and "Traceback" not in err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(x)["article_id"] for x in lines)


def test_ingest_warns_about_undated_articles(tmp_path: Path) -> None:
    src = tmp_path / "undated.txt"
    src.write_text("Iran condemned the United States over new sanctions.", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    res = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--quiet"])
    assert res.exit_code == 0, res.output
    [line] = [x for x in res.stderr.splitlines() if "no publication date" in x]
    assert line.startswith("warning: 1 articles have no publication date;")
    assert "drop out of timelines" in line


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    """With standard error on a real pseudo-terminal the bar is drawn there, never on stdout."""
    import os
    import pty
    import select

    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps({**GOOD, "id": f"g{i}"}) + "\n" for i in range(5)),
                   encoding="utf-8")
    exe = Path(sys.executable).with_name("bedfellows")
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(exe), "code", str(src)], stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    err = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        err += chunk
    out = proc.stdout.read() if proc.stdout else b""
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0
    assert b"articles/s" in err and b"code" in err  # the bar, on the terminal
    lines = out.decode().splitlines()
    assert lines and all(json.loads(x)["article_id"].startswith("g") for x in lines)
    res = run(str(src), "--quiet")
    assert "articles/s" not in res.stderr
