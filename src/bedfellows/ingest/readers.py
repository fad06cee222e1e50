"""Read articles from JSON Lines, text, HTML, folders or stdin.

Readers never raise for a bad article: each yields a :class:`ReadResult` holding
the article, a problem, or both (a warning such as an impossible publication
date, where the article is still coded without it). Only the caller decides
how to report; nothing is lost silently.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..records import Article, ArticleProblem

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 1_000_000  # spaCy's own max_length: longer texts need GBs of parser memory
ARTICLE_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".txt", ".html", ".htm", ".csv",
                    # read by ingest/formats.py
                    ".text", ".json", ".xml", ".rss", ".atom", ".warc", ".warc.gz")

_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on with as was by it at from his her said has have be "
    "are were will not but an this which they their its he she who would been after "
    "against than more also over".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class ReadResult:
    """An article, a problem, or an article with a warning."""

    article: Article | None
    problem: ArticleProblem | None = None


def looks_english(text: str) -> bool:
    """Cheap check: English running text is full of function words.

    Short texts (a headline, a test sentence) pass: the check is there to
    stop whole foreign-language articles, not to judge a single line.
    """
    words = [w.lower() for w in _WORD.findall(text[:20_000])]
    if len(words) < 12:
        return True
    ratio = sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words)
    return ratio >= 0.08


def normalise_published(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a date or ISO 8601 date-time; raises ValueError otherwise."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"publication date {value!r} is not a string")
    s = value.strip()
    try:
        return dt.date.fromisoformat(s[:10]).isoformat() if len(s) >= 10 else _bad(s)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date().isoformat()
    except ValueError as exc:
        raise ValueError(f"publication date {value!r} is not a real YYYY-MM-DD date") from exc


def _bad(s: str) -> str:
    raise ValueError(f"publication date {s!r} is not YYYY-MM-DD")


def validate_article(
    article_id: str,
    text: Any,
    published: Any = None,
    *,
    language: Any = None,
    title: Any = None,
    source: Any = None,
    url: Any = None,
) -> ReadResult:
    """Check one article's fields and build it, or say why not."""
    if not isinstance(text, str):
        return ReadResult(None, ArticleProblem(article_id, "E109", "field 'text' is missing or not a string"))
    if "\x00" in text:
        return ReadResult(None, ArticleProblem(article_id, "E103", "text contains binary data (NUL bytes)"))
    if not text.strip():
        return ReadResult(None, ArticleProblem(article_id, "E102", "text is empty"))
    if len(text) > MAX_TEXT_CHARS:
        return ReadResult(
            None,
            ArticleProblem(
                article_id,
                "E105",
                f"text has {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}; split it",
            ),
        )
    if language and str(language).lower()[:2] != "en":
        return ReadResult(
            None, ArticleProblem(article_id, "E104", f"language is {language!r}; only English ('en') is coded")
        )
    if not language and not looks_english(text):
        return ReadResult(None, ArticleProblem(article_id, "E104", "text does not look like English"))
    warning = None
    try:
        pub = normalise_published(published)
    except ValueError as exc:
        pub = None
        warning = ArticleProblem(article_id, "E106", f"{exc}; coded without a publication date")
    article = Article(
        id=article_id,
        text=text,
        published=pub,
        title=title if isinstance(title, str) else None,
        source=source if isinstance(source, str) else None,
        url=url if isinstance(url, str) else None,
        language=str(language) if language else None,
    )
    return ReadResult(article, warning)


def article_from_record(record: Any, fallback_id: str, published: str | None = None) -> ReadResult:
    """A JSON object of the spec's article shape → ReadResult."""
    if not isinstance(record, dict):
        return ReadResult(None, ArticleProblem(fallback_id, "E109", "line is JSON but not an object"))
    from .formats import is_news_record, news_record

    if is_news_record(record):  # news-please / newspaper lines
        return news_record(record, fallback_id, published)
    aid = record.get("id")
    if aid is None or aid == "":
        return ReadResult(None, ArticleProblem(fallback_id, "E109", "field 'id' is missing"))
    return validate_article(
        str(aid),
        record.get("text"),
        record.get("published") or published,
        language=record.get("language"),
        title=record.get("title"),
        source=record.get("source"),
        url=record.get("url"),
    )


def read_jsonl_stream(stream: IO[str], name: str, published: str | None = None) -> Iterator[ReadResult]:
    """One article per line; a bad line is a problem naming the file and line."""
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        label = f"{name}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadResult(None, ArticleProblem(label, "E101", f"malformed JSON ({exc.msg} at column {exc.colno})"))
            continue
        yield article_from_record(record, label, published)


def _decode(data: bytes, label: str) -> tuple[str | None, ArticleProblem | None]:
    if b"\x00" in data[:65536]:
        return None, ArticleProblem(label, "E103", "file is binary (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None, ArticleProblem(label, "E103", "file is neither UTF-8 nor Windows-1252 text")
    return text, None


def extract_html(html: str) -> tuple[str | None, str | None, str | None]:
    """Text, title and date of an HTML page, via trafilatura."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    title = date = None
    try:
        meta = trafilatura.extract_metadata(html)
    except Exception:  # noqa: BLE001 - metadata is a bonus; broken pages still give text
        meta = None
    if meta is not None:
        title, date = meta.title, meta.date
    return text, title, date


def read_file(path: Path, published: str | None = None) -> Iterator[ReadResult]:
    """Articles from one file, by its suffix (new formats: :mod:`bedfellows.ingest.formats`)."""
    from .formats import read_known

    known = read_known(path, published)
    if known is not None:
        yield from known
        return
    name = path.name
    label = path.stem
    try:
        if name.endswith(".gz"):
            with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
                yield from read_jsonl_stream(fh, name, published)
            return
        data = path.read_bytes()
    except (OSError, EOFError) as exc:
        yield ReadResult(None, ArticleProblem(str(path), "E107", f"cannot read file: {exc}"))
        return
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        text, problem = _decode(data, str(path))
        if problem or text is None:
            yield ReadResult(None, problem)
            return
        yield from read_jsonl_stream(io.StringIO(text), name, published)
        return
    if suffix == ".csv":
        from .csvfile import read_csv_text  # local: only CSV users pay for it

        text, problem = _decode(data, str(path))
        if problem or text is None:
            yield ReadResult(None, problem)
            return
        yield from read_csv_text(text, name, published)
        return
    text, problem = _decode(data, str(path))
    if problem or text is None:
        yield ReadResult(None, problem)
        return
    if suffix in (".html", ".htm"):
        body, title, page_date = extract_html(text)
        if not body or not body.strip():
            yield ReadResult(None, ArticleProblem(label, "E108", "no article text could be extracted from the HTML"))
            return
        yield validate_article(label, body, published or page_date, title=title)
        return
    yield validate_article(label, text, published)


def iter_input_paths(inputs: Iterable[str]) -> Iterator[str | Path]:
    """Expand folders (sorted, recursive) into article files; keep '-' for stdin."""
    for item in inputs:
        if item == "-":
            yield "-"
            continue
        p = Path(item)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.name.lower().endswith(ARTICLE_SUFFIXES):
                    yield child
        else:
            yield p


def read_stdin(stream: IO[str] | None = None, published: str | None = None) -> Iterator[ReadResult]:
    """stdin holds JSON Lines when its first non-blank character is '{', else one plain article."""
    stream = stream or sys.stdin
    text = stream.read()
    first = text.lstrip()[:1]
    if first == "{":
        yield from read_jsonl_stream(io.StringIO(text), "stdin", published)
    else:
        yield validate_article("stdin", text, published)


def read_inputs(inputs: Iterable[str], published: str | None = None) -> Iterator[ReadResult]:
    """Every article of every input, in order; missing paths become problems."""
    for item in iter_input_paths(inputs):
        if item == "-":
            yield from read_stdin(published=published)
        elif isinstance(item, Path) and not item.exists():
            yield ReadResult(None, ArticleProblem(str(item), "E107", "no such file or folder"))
        elif isinstance(item, Path):
            yield from read_file(item, published)
