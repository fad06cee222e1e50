"""Fuzz gate: hostile input never raises, never prints a traceback, never costs a good article.

Hypothesis, derandomized (the same examples on every run and machine) and bounded: each
test stops generating after ``FUZZ_SECONDS`` (default 20) or its example count, whichever
comes first. ``BEDFELLOWS_FUZZ_EXAMPLES`` and ``BEDFELLOWS_FUZZ_SECONDS`` raise both for a
longer run. Texts are random Unicode (surrogates and control characters included), random
mixes of our own sentences (tests/data/crash_corpus.jsonl), broken JSON lines, random bytes
and other encodings, fed to ``code_text``, the readers with the coder, ``bedfellows code``,
``ingest`` and ``POST /v1/code``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bedfellows.coder import Coder, code_text
from bedfellows.errors import InputError
from bedfellows.ingest.readers import read_file

pytestmark = pytest.mark.model

CORPUS = Path(__file__).parent / "data" / "crash_corpus.jsonl"
SENTENCES = [json.loads(x)["text"] for x in CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()] + [
    "Israeli jets struck Hamas targets in Gaza on Sunday.",
    "Iran and Iraq signed a security agreement in Baghdad on Monday.",
    "Rouhani denied that Iran had sent troops to Syria.",
    "\"We will retaliate against Syria,\" the Turkish prime minister said on Tuesday.",  # a quoted threat
]
GOOD_TEXT = "Israeli jets struck Hamas targets in Gaza on Sunday. Iran and Iraq met in Baghdad."
EXAMPLES = int(os.environ.get("BEDFELLOWS_FUZZ_EXAMPLES", "100"))
FUZZ_SECONDS = float(os.environ.get("BEDFELLOWS_FUZZ_SECONDS", "20"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

any_char = st.characters(blacklist_categories=())  # every code point, lone surrogates and controls included
noise = st.text(any_char, max_size=200)
separators = st.sampled_from([" ", "\n", "\r", "\r\n", "\t", "\u2028", "\x0b", "\u00a0", "", "\x1b[31m"])
mixed_text = st.lists(st.one_of(st.sampled_from(SENTENCES), noise, separators), min_size=1, max_size=8).map("".join)


class Budget:
    """Wall-clock bound of one fuzz test: examples after it pass without running."""

    def __init__(self, seconds: float = FUZZ_SECONDS) -> None:
        self.end = time.monotonic() + seconds

    def spent(self) -> bool:
        return time.monotonic() > self.end


@pytest.fixture(scope="module")
def coder() -> Coder:
    from bedfellows.coder import get_coder

    return get_coder()


def test_code_text_returns_events_or_raises_input_error() -> None:
    budget = Budget()

    @FUZZ
    @given(text=mixed_text, published=st.one_of(st.none(), st.sampled_from(["2016-05-02", "2016-02-30", "x"])))
    def check(text: str, published: str | None) -> None:
        if budget.spent():
            return
        try:
            events = code_text(text, published=published)
        except InputError as exc:
            assert exc.code == "E100" and str(exc).startswith("[E100]")
            return
        for e in events:
            json.dumps(e.to_dict(), ensure_ascii=False).encode("utf-8")  # every record can be written

    check()


def good_record(i: int, text: str, ascii_only: bool) -> bytes:
    return json.dumps({"id": f"good-{i}", "text": text, "published": "2016-05-02"},
                      ensure_ascii=ascii_only).encode("utf-8")


bad_lines = st.one_of(
    st.binary(max_size=120),
    noise.map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.integers(1, 3000).map(lambda n: b"[" * n),
    st.integers(1, 3000).map(lambda n: b'{"a":' * n),
    st.sampled_from([b'{"id": "x", "text": ', b"[1, 2]", b'"just a string"', b"{}", b'{"id": "", "text": "t"}',
                     b'{"id": "s", "text": "\\ud800 lone"}', b'{"id": "n", "text": null}', b"\x00" * 64,
                     '{"id": "cp", "text": "Caf\u00e9 in Paris"}'.encode("cp1252"), b"\xef\xbb\xbf{",
                     b'{"id": "big", "text": "x", "published": 1' + b"0" * 5000 + b"}"]),
)


@st.composite
def hostile_file(draw: Any) -> tuple[bytes, dict[str, str]]:
    """A JSON Lines file: good articles (from our sentences) between hostile lines."""
    newline = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    parts: list[bytes] = []
    good: dict[str, str] = {}
    for i in range(draw(st.integers(1, 4))):
        parts.extend(draw(st.lists(bad_lines, max_size=3)))
        text = " ".join(draw(st.lists(st.sampled_from(SENTENCES[-4:]), min_size=1, max_size=3)))
        good[f"good-{i}"] = text
        parts.append(good_record(i, text, draw(st.booleans())))
    parts.extend(draw(st.lists(bad_lines, max_size=2)))
    cleaned = [p.replace(b"\n", b" ").replace(b"\r", b" ") for p in parts]
    return newline.join(cleaned) + draw(st.sampled_from([b"", newline])), good


def test_readers_and_coder_keep_every_good_article(tmp_path: Path, coder: Coder) -> None:
    budget = Budget()
    counter = iter(range(10**9))

    @FUZZ
    @given(case=hostile_file(), suffix=st.sampled_from([".jsonl", ".ndjson"]))
    def check(case: tuple[bytes, dict[str, str]], suffix: str) -> None:
        if budget.spent():
            return
        data, good = case
        path = tmp_path / f"f{next(counter)}{suffix}"
        path.write_bytes(data)
        read = {rr.article.id: rr.article for rr in read_file(path) if rr.article is not None}
        for aid, text in good.items():
            assert aid in read and read[aid].text == text, (aid, data[:300])
        results = list(coder.code_stream([read[a] for a in good]))
        assert [r.article.id for r in results] == list(good)
        assert [str(r.problem) for r in results if r.problem is not None] == []

    check()


def test_code_command_has_no_traceback_and_codes_the_good_articles(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bedfellows.cli.main import app

    runner = CliRunner()
    budget = Budget()
    counter = iter(range(10**9))

    @settings(FUZZ, max_examples=max(EXAMPLES // 4, 5))
    @given(case=hostile_file())
    def check(case: tuple[bytes, dict[str, str]]) -> None:
        if budget.spent():
            return
        data, good = case
        path = tmp_path / f"c{next(counter)}.jsonl"
        path.write_bytes(data)
        res = runner.invoke(app, ["code", str(path)])
        assert res.exit_code == 0, res.stderr
        assert "Traceback" not in res.stderr and res.exception is None
        assert all(line.startswith("bedfellows: ") for line in res.stderr.splitlines()), res.stderr
        coded = {json.loads(x)["article_id"] for x in res.stdout.splitlines() if x.strip()}
        assert coded >= set(good)  # every good article here codes at least one event

    check()


def test_ingest_stores_every_good_article(tmp_path: Path, coder: Coder) -> None:
    from bedfellows.store import Store, ingest

    budget = Budget()
    counter = iter(range(10**9))

    @settings(FUZZ, max_examples=max(EXAMPLES // 5, 4))
    @given(case=hostile_file())
    def check(case: tuple[bytes, dict[str, str]]) -> None:
        if budget.spent():
            return
        data, good = case
        n = next(counter)
        path = tmp_path / f"i{n}.jsonl"
        path.write_bytes(data)
        db = tmp_path / f"i{n}.duckdb"
        summary = ingest([str(path)], db, coder=coder, near_duplicates=False)
        with Store(db, read_only=True) as s:
            stored = set(s.query("SELECT article_id FROM articles")["article_id"])
        assert stored >= set(good), summary.problems

    check()


def test_http_code_never_answers_500(db: Path) -> None:
    from fastapi.testclient import TestClient

    from bedfellows.serve.app import create_app

    budget = Budget()
    body = st.one_of(
        st.fixed_dictionaries({"text": mixed_text}, optional={"id": noise, "published": noise}),
        st.dictionaries(noise, st.one_of(noise, st.integers(), st.none(), st.lists(st.integers())), max_size=3),
    )
    with TestClient(create_app(db)) as client:

        @FUZZ
        @given(payload=st.one_of(body.map(lambda b: json.dumps(b).encode()), bad_lines))
        def check(payload: bytes) -> None:
            if budget.spent():
                return
            r = client.post("/v1/code", content=payload, headers={"content-type": "application/json"})
            assert r.status_code in (200, 400, 413, 422), (r.status_code, r.text, payload[:200])
            answer = r.json()
            assert ("events" in answer) if r.status_code == 200 else isinstance(answer["detail"], str)

        check()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bedfellows.coder import CodingResult
    from bedfellows.records import Article
    from bedfellows.store import Store

    path = tmp_path_factory.mktemp("fuzzdb") / "f.duckdb"
    coder_ = Coder()
    article = Article("seed", GOOD_TEXT, "2016-05-02")
    with Store(path) as s:
        s.add_batch([CodingResult(article, coder_.code_article(article))])
    return path
