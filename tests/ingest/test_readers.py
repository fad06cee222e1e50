"""Readers on hostile input: one bad line, byte or file never costs the others."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from bedfellows.ingest import readers
from bedfellows.ingest.readers import iter_lines, read_file, read_inputs, read_stdin

GOOD = "Israeli jets struck Hamas targets in Gaza on Sunday."


def line(aid: str, text: str = GOOD) -> bytes:
    return json.dumps({"id": aid, "text": text, "published": "2014-07-14"}, ensure_ascii=False).encode("utf-8")


def read(path: Path) -> tuple[dict[str, str], list[str]]:
    articles, problems = {}, []
    for rr in read_file(path):
        if rr.article is not None:
            articles[rr.article.id] = rr.article.text
        if rr.problem is not None:
            problems.append(str(rr.problem))
    return articles, problems


def test_a_bad_byte_or_a_nul_costs_one_line_not_the_file(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_bytes(
        line("a") + b"\n"
        + b'{"id": "badbyte", "text": "Iran \xff and Iraq signed an agreement in Gen\xc3\xa8ve."}\n'
        + b'{"id": "nul", "text": "Iran\x00Iraq"}\n'
        + line("b", "Caf\u00e9 owners in Paris protested on Monday.") + b"\n"
    )
    articles, problems = read(src)
    assert set(articles) == {"a", "badbyte", "b"}
    assert articles["b"] == "Caf\u00e9 owners in Paris protested on Monday."  # UTF-8 kept, not mojibake
    assert articles["badbyte"] == "Iran \ufffd and Iraq signed an agreement in Gen\u00e8ve."
    assert any(p.startswith("badbyte: [E110]") and "mixed.jsonl:2" in p for p in problems), problems
    assert any(p.startswith("mixed.jsonl:3: [E103]") for p in problems), problems


def test_windows_1252_is_decoded_per_line_and_said(tmp_path: Path) -> None:
    src = tmp_path / "cp.jsonl"
    src.write_bytes(
        line("utf8", "Le caf\u00e9 de Paris was attacked by protesters.") + b"\n"
        + '{"id": "cp", "text": "The caf\u00e9 in Paris was attacked by protesters."}'.encode("cp1252") + b"\n"
    )
    articles, problems = read(src)
    assert articles["utf8"] == "Le caf\u00e9 de Paris was attacked by protesters."
    assert articles["cp"] == "The caf\u00e9 in Paris was attacked by protesters."
    assert problems == ["cp: [E110] cp.jsonl:2: not UTF-8; decoded as Windows-1252"]


@pytest.mark.parametrize("newline", [b"\r", b"\r\n", b"\n"], ids=["CR", "CRLF", "LF"])
def test_line_endings(tmp_path: Path, newline: bytes) -> None:
    src = tmp_path / "ends.jsonl"
    src.write_bytes(newline.join(line(str(i)) for i in range(5)) + newline)
    articles, problems = read(src)
    assert sorted(articles) == ["0", "1", "2", "3", "4"] and problems == []


def test_iter_lines_across_chunk_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "READ_CHUNK_BYTES", 3)
    data = b"ab\r\ncd\ref\n\nlonglongline\nx\r"
    got = list(iter_lines(io.BytesIO(data), max_bytes=6))
    assert got == [(1, b"ab"), (2, b"cd"), (3, b"ef"), (4, b""), (5, None), (6, b"x")]


def test_over_long_line_is_skipped_and_the_next_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_LINE_BYTES", 1000)
    src = tmp_path / "long.jsonl"
    src.write_bytes(line("huge", "word " * 1000) + b"\n" + line("ok") + b"\n")
    articles, problems = read(src)
    assert list(articles) == ["ok"]
    assert problems == ["long.jsonl:1: [E105] line is over 1,000 bytes; skipped"]


def test_deep_nesting_and_huge_numbers_are_malformed_lines(tmp_path: Path) -> None:
    src = tmp_path / "deep.jsonl"
    src.write_bytes(b"[" * 100_000 + b"]" * 100_000 + b"\n" + b'{"id": 1' + b"9" * 5000 + b"}\n" + line("ok") + b"\n")
    articles, problems = read(src)
    assert list(articles) == ["ok"]
    assert problems[0] == "deep.jsonl:1: [E101] malformed JSON (nested too deeply)"
    assert problems[1].startswith("deep.jsonl:2: [E101]")


def test_lone_surrogates_are_replaced_with_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "sur.jsonl"
    src.write_bytes(b'{"id": "s\\udc80", "text": "Iran \\ud800 and Iraq met. \\ud83d\\ude00"}\n')
    [rr] = list(read_file(src))
    assert rr.article is not None and rr.problem is not None
    assert rr.article.text == "Iran \ufffd and Iraq met. \U0001f600"
    assert rr.article.id == "s\ufffd"
    assert rr.problem.code == "E110" and "2 lone surrogate(s)" in rr.problem.reason
    rr.article.text.encode("utf-8")  # encodable everywhere downstream


def test_utf16_file_with_bom(tmp_path: Path) -> None:
    src = tmp_path / "wide.jsonl"
    src.write_bytes((line("w").decode() + "\r\n").encode("utf-16"))
    articles, problems = read(src)
    assert articles == {"w": GOOD} and problems == []


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    src = tmp_path / "cut.jsonl.gz"
    whole = gzip.compress(b"\n".join(line(str(i), GOOD + " " + "x" * i) for i in range(2000)))
    src.write_bytes(whole[: len(whole) // 2])
    articles, problems = read(src)
    assert len(articles) > 10
    assert len(problems) == 1 and "[E107] cannot read file after" in problems[0]


def test_fifo_device_and_huge_files_are_refused_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it would block for ever
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(3 * 1024**3)  # sparse: 3 GB of size, no disk used
    problems = [str(rr.problem) for rr in read_inputs([str(fifo), str(big), "/dev/zero"])]
    assert problems[0].endswith("[E107] not a regular file (a FIFO); only files are read")
    assert "[E105] file is 3,221,225,472 bytes, over the limit" in problems[1]
    assert problems[2] == "/dev/zero: [E107] not a regular file (a device); only files are read"


def test_folder_walk_reports_loops_and_broken_links(tmp_path: Path) -> None:
    top = tmp_path / "news"
    (top / "sub").mkdir(parents=True)
    (top / "sub" / "a.jsonl").write_bytes(line("a") + b"\n")
    (top / "sub" / "loop").symlink_to(top)
    (top / "dangling.jsonl").symlink_to(tmp_path / "gone.jsonl")
    results = list(read_inputs([str(top)]))
    assert [rr.article.id for rr in results if rr.article] == ["a"]
    problems = [str(rr.problem) for rr in results if rr.problem]
    assert any("dangling.jsonl: [E107] broken symbolic link" in p for p in problems), problems
    assert any("loop: [E107] symbolic link loop" in p for p in problems), problems


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_subfolder_is_reported(tmp_path: Path) -> None:
    top = tmp_path / "news"
    locked = top / "locked"
    locked.mkdir(parents=True)
    (top / "a.jsonl").write_bytes(line("a") + b"\n")
    locked.chmod(0)
    try:
        results = list(read_inputs([str(top)]))
    finally:
        locked.chmod(0o755)
    assert [rr.article.id for rr in results if rr.article] == ["a"]
    assert any("locked: [E107] cannot read folder" in str(rr.problem) for rr in results if rr.problem)


def test_stdin_bytes_with_a_bad_byte() -> None:
    stream = io.BytesIO(line("x") + b"\n" + b'{"id": "y", "text": "Iraq \xfe and Iran met on Monday."}\n')
    results = list(read_stdin(stream))
    assert [rr.article.id for rr in results if rr.article] == ["x", "y"]
    assert [rr.problem.code for rr in results if rr.problem] == ["E110"]
    plain = list(read_stdin(io.BytesIO(b"Iran and Iraq signed an agreement \xe9 on Monday.")))
    assert plain[0].article is not None and plain[0].article.text.endswith("\u00e9 on Monday.")


def test_csv_rows_decode_one_by_one(tmp_path: Path) -> None:
    src = tmp_path / "rows.csv"
    src.write_bytes(
        b"id,text\r\n"
        + b"one,Caf\xc3\xa9 owners in Paris protested.\r\n"
        + b"two,The caf\xe9 in Paris was attacked.\r\n"
        + b"three,\"Iran and Iraq met\nin Baghdad.\"\r\n"
    )
    articles, problems = read(src)
    assert articles == {
        "one": "Caf\u00e9 owners in Paris protested.",
        "two": "The caf\u00e9 in Paris was attacked.",
        "three": "Iran and Iraq met\nin Baghdad.",
    }
    assert problems == ["two: [E110] rows.csv:3: not UTF-8; decoded as Windows-1252"]


def test_other_scripts_are_not_english() -> None:
    from bedfellows.ingest.readers import looks_english

    assert not looks_english("中国外交部发言人周一表示，中方坚决反对对台湾的军售，并将采取必要措施。")
    assert not looks_english("Путин встретился с Эрдоганом в Москве в понедельник и обсудил Сирию.")
    assert looks_english("Xi Jinping (习近平) met Vladimir Putin in Moscow on Monday, the Kremlin said.")


def test_stdin_line_is_read_as_it_arrives() -> None:
    """A live feed piped in: the first article is yielded while the writer still holds the
    pipe open, not when 64 KB have gathered."""
    import threading

    read_fd, write_fd = os.pipe()
    got: list[str] = []
    with os.fdopen(read_fd, "rb") as reader, os.fdopen(write_fd, "wb") as writer:
        writer.write(json.dumps({"id": "a1", "text": "Iran and Iraq signed an agreement."}).encode() + b"\n")
        writer.flush()

        def first() -> None:
            for rr in read_stdin(reader):
                got.append(rr.article.id if rr.article else "problem")
                return

        t = threading.Thread(target=first, daemon=True)
        t.start()
        t.join(timeout=10)
        arrived = list(got)
    assert arrived == ["a1"]
