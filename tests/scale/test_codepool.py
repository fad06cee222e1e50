"""`bedfellows code --processes N`: the same events, in the same order, as one process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedfellows.cli.main import app
from bedfellows.scale import codepool
from bedfellows.scale.synthetic import synthetic_articles

runner = CliRunner()


def test_large_inputs_use_every_core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = tmp_path / "small.jsonl"
    small.write_text('{"id": "a", "text": "Iran warned Israel."}\n', encoding="utf-8")
    big = tmp_path / "big.jsonl"
    big.write_bytes(b" " * codepool.LARGE_INPUT_BYTES)
    monkeypatch.setattr(codepool, "available_cores", lambda: 4)
    assert codepool.default_processes([str(small)]) == 1
    assert codepool.default_processes([str(big)]) == 4
    assert codepool.default_processes([str(tmp_path)]) == 4  # a folder counts its files
    assert codepool.default_processes(["-"]) == 1  # standard input: size unknown
    monkeypatch.setattr(codepool, "available_cores", lambda: 1)
    assert codepool.default_processes([str(big)]) == 1


def test_a_chunk_is_whole_batches() -> None:
    from bedfellows.scale.worker import CoderConfig

    with pytest.raises(ValueError, match="whole number of batches"):
        list(codepool.code_parallel([], CoderConfig(batch_size=16), 2, chunk=20))


@pytest.mark.model
def test_two_processes_give_the_output_of_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for a in synthetic_articles(150):  # several chunks of 64, the last one short
            fh.write(json.dumps({"id": a.id, "text": a.text, "published": a.published}) + "\n")
        fh.write('{"id": "broken", "text": \n')  # problems are still reported by the driver
    outs = []
    for n in ("1", "2"):
        out = tmp_path / f"events-{n}.jsonl"
        result = runner.invoke(app, ["code", str(corpus), "--processes", n, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "150 of 151 articles coded, 1 skipped (E101 1)" in result.output
        outs.append(out.read_bytes())
    assert outs[0] and outs[0] == outs[1]
