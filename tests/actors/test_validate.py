"""--dictionaries folders are checked before use: junk fails with the file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bedfellows.actors.validate import check_dictionary_folder
from bedfellows.errors import DictionaryError

GOOD_ACTORS = "ARNOR_ [ARN]\nGONDOR_ [GON]\n+MINAS_TIRITH_\nKING_ELESSAR_ [ARNGOV >20010101]\n"
GOOD_AGENTS = "RANGER_ [~MIL]\nSTEWARD_ {STEWARDS} [~GOV]\n"


def folder(tmp_path: Path, **files: str | bytes) -> Path:
    d = tmp_path / "dicts"
    d.mkdir()
    for name, body in files.items():
        p = d / name.replace("_", ".")
        p.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return d


def test_a_good_folder_is_accepted(tmp_path: Path) -> None:
    d = folder(tmp_path, my_actors_txt=GOOD_ACTORS, my_agents_txt=GOOD_AGENTS)
    assert [p.name for p in check_dictionary_folder(d)] == ["my.actors.txt", "my.agents.txt"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"notes_actors_txt": "Dear team,\nthe [meeting notes] for Monday.\n"}, "notes.actors.txt:2: bad date"),
        ({"x_actors_txt": "Just some prose\nand more prose\nand [USA] once\nlast line\n"}, "x.actors.txt:1: 3 of 4"),
        ({"x_actors_txt": "plain text with no codes at all\n"}, "no actor with a [CODE]"),
        ({"x_agents_txt": "SOLDIER_ [MIL]\n"}, "x.agents.txt:1: [MIL] is not an agent code"),
        ({"x_actors_txt": b"ARNOR_ [ARN]\n\x00\x01\x02"}, "x.actors.txt:2: binary data"),
        ({"x_actors_txt": b"ARNOR_ [ARN]\nGOND\xffOR_ [GON]\n"}, "x.actors.txt:2: not UTF-8"),
        ({"x_verbs_txt": "nothing that looks like a verb file\n"}, "no verb or pattern"),
        ({"readme_txt": "just notes\n"}, "no *actors*.txt"),
    ],
)
def test_junk_is_refused_with_file_and_line(tmp_path: Path, files: dict[str, str | bytes], message: str) -> None:
    d = folder(tmp_path, **files)
    with pytest.raises(DictionaryError) as info:
        check_dictionary_folder(d)
    text = str(info.value)
    assert message in text, text


def test_the_reference_dictionaries_pass(shared: Path) -> None:
    used = check_dictionary_folder(shared / "data" / "petrarch")
    assert {p.name for p in used} >= {"PETR.Validate.actors.txt", "Phoenix.agents.txt", "PETR.Validate.verbs.txt"}


@pytest.mark.model
def test_cli_refuses_junk_dictionaries_in_one_line(tmp_path: Path) -> None:
    d = folder(tmp_path, junk_actors_txt="Dear team,\nthe [meeting notes] are attached.\n")
    src = tmp_path / "a.txt"
    src.write_text("Israeli jets struck Hamas targets in Gaza on Sunday.", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "bedfellows", "code", str(src), "--dictionaries", str(d)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    [line] = run.stderr.strip().splitlines()
    assert line.startswith(f"bedfellows: [E300] {d / 'junk.actors.txt'}: no actor with a [CODE]")
    assert "junk.actors.txt:2: bad date range" in line
