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
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from ..records import Article, ArticleProblem

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 1_000_000  # spaCy's own max_length: longer texts need GBs of parser memory
# Files and lines are checked against these before they are read, so a 3 GB file, /dev/zero
# or a FIFO cannot exhaust memory or hang a run. A JSON line may hold the longest article with
# every character escaped (\uXXXX); a .txt file, the longest article in UTF-8; HTML carries markup.
MAX_LINE_BYTES = 8 * MAX_TEXT_CHARS
MAX_TEXT_FILE_BYTES = 4 * MAX_TEXT_CHARS
MAX_HTML_FILE_BYTES = 32 * MAX_TEXT_CHARS
READ_CHUNK_BYTES = 1 << 20
# Problem codes that are warnings: the article is still coded.
WARNING_CODES = frozenset({"E106", "E110"})
ARTICLE_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".txt", ".html", ".htm", ".csv",
                    # read by ingest/formats.py
                    ".text", ".json", ".xml", ".rss", ".atom", ".warc", ".warc.gz")

_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on with as was by it at from his her said has have be "
    "are were will not but an this which they their its he she who would been after "
    "against than more also over".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class ByteSource(Protocol):
    """Anything with ``read(n) -> bytes``: a file, a gzip stream, stdin's buffer."""

    def read(self, size: int = ..., /) -> bytes: ...


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
    sample = text[:20_000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) >= 20 and sum(1 for c in letters if c < "\u0250") * 2 < len(letters):
        return False  # mostly another script (Chinese, Arabic, Cyrillic...): no spaces to count words by
    words = [w.lower() for w in _WORD.findall(sample)]
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
    article_id, repaired = clean_surrogates(article_id)
    if not isinstance(text, str):
        return ReadResult(None, ArticleProblem(article_id, "E109", "field 'text' is missing or not a string"))
    text, n_text = clean_surrogates(text)
    repaired += n_text
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
    extras = []
    for value in (title, source, url, None if language is None else str(language)):
        value, n = clean_surrogates(value) if isinstance(value, str) else (None, 0)
        extras.append(value)
        repaired += n
    if repaired:
        fixed = ArticleProblem(article_id, "E110", f"{repaired} lone surrogate(s) replaced with U+FFFD")
        warning = merge_warnings(fixed, warning)
    article = Article(
        id=article_id,
        text=text,
        published=pub,
        title=extras[0],
        source=extras[1],
        url=extras[2],
        language=extras[3] or None,
    )
    return ReadResult(article, warning)


def clean_surrogates(value: str) -> tuple[str, int]:
    """``value`` with surrogate pairs joined and lone surrogates (``\\ud800`` in JSON) made U+FFFD.

    A lone surrogate cannot be encoded: left in, it fails later in the parser, the store
    or the output. Returns the text and how many were replaced.
    """
    try:
        value.encode("utf-8")
        return value, 0
    except UnicodeEncodeError:
        pass
    joined = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return joined, joined.count("\ufffd") - value.count("\ufffd")


def merge_warnings(first: ArticleProblem, second: ArticleProblem | None) -> ArticleProblem:
    """One warning slot per article: a second warning is appended to the first one's reason."""
    if second is None:
        return first
    return ArticleProblem(first.article_id, first.code, f"{first.reason}; [{second.code}] {second.reason}")


def _with_warning(result: ReadResult, warning: ArticleProblem | None) -> ReadResult:
    """A decoding warning joins the article's own problem (it names the line, the article its id)."""
    if warning is None:
        return result
    if result.article is None:
        return result
    named = ArticleProblem(result.article.id, warning.code, f"{warning.article_id}: {warning.reason}")
    return ReadResult(result.article, merge_warnings(named, result.problem))


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
    """One article per line of a text stream; a bad line is a problem naming the file and line."""
    for lineno, line in enumerate(stream, 1):
        result = _jsonl_record(line, None, f"{name}:{lineno}", published)
        if result is not None:
            yield result


def read_jsonl_bytes(fh: ByteSource, name: str, published: str | None = None) -> Iterator[ReadResult]:
    """JSON Lines from bytes, decoded line by line: one bad line never costs the others.

    Lines end at LF, CRLF or a lone CR; each is decoded on its own (UTF-8, else
    Windows-1252 or replacement characters, with a warning); a line longer than
    :data:`MAX_LINE_BYTES` is skipped without being held in memory.
    """
    binary: list[int] = []  # a run of binary lines (a zero-filled tail, an image) is one problem

    def binary_run() -> Iterator[ReadResult]:
        if binary:
            where = f"{name}:{binary[0]}" + (f"-{binary[-1]}" if len(binary) > 1 else "")
            yield ReadResult(None, ArticleProblem(where, "E103", "binary data (NUL bytes), not text"))
            binary.clear()

    for lineno, raw in iter_lines(fh):
        label = f"{name}:{lineno}"
        if raw is not None and b"\x00" in raw:
            binary.append(lineno)
            continue
        yield from binary_run()
        if raw is None:
            yield ReadResult(None, ArticleProblem(label, "E105", f"line is over {MAX_LINE_BYTES:,} bytes; skipped"))
            continue
        if not raw.strip():
            continue
        text, warning = decode_bytes(raw, label)
        if text is None:
            yield ReadResult(None, warning)
            continue
        result = _jsonl_record(text, warning, label, published)
        if result is not None:
            yield result
    yield from binary_run()


def _jsonl_record(line: str, warning: ArticleProblem | None, label: str, published: str | None) -> ReadResult | None:
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadResult(None, ArticleProblem(label, "E101", f"malformed JSON ({exc.msg} at column {exc.colno})"))
    except RecursionError:
        return ReadResult(None, ArticleProblem(label, "E101", "malformed JSON (nested too deeply)"))
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        return ReadResult(None, ArticleProblem(label, "E101", f"malformed JSON ({str(exc).splitlines()[0][:80]})"))
    return _with_warning(article_from_record(record, label, published), warning)


_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def iter_lines(fh: ByteSource, max_bytes: int | None = None) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each line ending in LF, CRLF or CR; ``None`` for a line over
    ``max_bytes`` (default :data:`MAX_LINE_BYTES`).

    Reads in chunks, so memory stays bounded by ``max_bytes`` whatever the file holds.
    """
    max_bytes = MAX_LINE_BYTES if max_bytes is None else max_bytes
    pending = b""
    lineno = 0
    skipping = False  # inside a line over max_bytes: its bytes are dropped up to its end
    first = True
    while True:
        chunk = fh.read(READ_CHUNK_BYTES)
        if first and chunk.startswith(b"\xef\xbb\xbf"):
            chunk = chunk[3:]  # UTF-8 byte order mark
        first = False
        if not chunk:
            if pending.endswith(b"\r"):
                pending = pending[:-1]
            if pending or skipping:
                yield lineno + 1, None if skipping else pending
            return
        data = pending + chunk if pending else chunk
        start = 0
        for m in _LINE_BREAK.finditer(data):
            if m.end() == len(data) and data.endswith(b"\r"):
                break  # may be the first half of a CRLF split between chunks
            lineno += 1
            yield lineno, None if skipping or m.start() - start > max_bytes else data[start : m.start()]
            skipping = False
            start = m.end()
        pending = data[start:]
        if skipping or len(pending) > max_bytes:
            skipping = True
            pending = b"\r" if pending.endswith(b"\r") else b""


def decode_bytes(data: bytes, label: str) -> tuple[str | None, ArticleProblem | None]:
    """Text of one record (a line, a file); a fallback decoding comes with an E110 warning.

    UTF-8 first. Bytes that are not UTF-8 in an otherwise UTF-8 record are replaced
    (U+FFFD); a record with no UTF-8 multi-byte character at all is Windows-1252.
    NUL bytes, or mostly undecodable bytes, are binary data (E103), not text.
    """
    if b"\x00" in data:
        return None, ArticleProblem(label, "E103", "binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    replaced = data.decode("utf-8", errors="replace")
    if not any(ord(c) > 127 and c != "\ufffd" for c in replaced):
        try:
            return data.decode("cp1252"), ArticleProblem(label, "E110", "not UTF-8; decoded as Windows-1252")
        except UnicodeDecodeError:
            pass
    n_bad = replaced.count("\ufffd")
    if n_bad * 10 > len(replaced):
        return None, ArticleProblem(label, "E103", "undecodable bytes: neither UTF-8 nor Windows-1252 text")
    return replaced, ArticleProblem(
        label, "E110", f"{n_bad} byte(s) not UTF-8 (first at byte {first_bad}) replaced with U+FFFD"
    )


def _decode(data: bytes, label: str) -> tuple[str | None, ArticleProblem | None]:
    """A whole file's text: UTF-16 with its byte order mark, else as :func:`decode_bytes`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, ArticleProblem(label, "E103", "file starts as UTF-16 but is not valid UTF-16")
    return decode_bytes(data.removeprefix(b"\xef\xbb\xbf"), label)


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
    """Articles from one file, by its suffix; its type and size are checked before reading
    (new formats: :mod:`bedfellows.ingest.formats`)."""
    from .formats import read_known

    known = read_known(path, published)
    if known is not None:
        yield from known
        return
    name = path.name
    label = path.stem
    suffix = path.suffix.lower()
    streamed = name.endswith(".gz") or suffix in (".jsonl", ".ndjson", ".json", ".csv")
    limit = MAX_HTML_FILE_BYTES if suffix in (".html", ".htm") else MAX_TEXT_FILE_BYTES
    refused = _refuse_path(path, None if streamed else limit)
    if refused is not None:
        yield ReadResult(None, refused)
        return
    lineno = 0
    try:
        if streamed:
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as fh:
                head = fh.read(65536)
                if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: small files only
                    text, problem = _decode(head + fh.read(MAX_TEXT_FILE_BYTES), str(path))
                    body: ByteSource = io.BytesIO(text.encode("utf-8", "surrogatepass") if text else b"")
                    if problem is not None:
                        yield ReadResult(None, problem)
                        return
                else:  # binary stretches are reported per run of lines: the text lines around them are read
                    body = _Prefixed(head, fh)
                if suffix == ".csv":
                    from .csvfile import read_csv_lines  # local: only CSV users pay for it

                    yield from read_csv_lines(body, name, published)
                    return
                for result in read_jsonl_bytes(body, name, published):
                    lineno += 1
                    yield result
            return
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        where = f" after {lineno} records" if lineno else ""
        yield ReadResult(None, ArticleProblem(str(path), "E107", f"cannot read file{where}: {_one_line(exc)}"))
        return
    if len(data) > limit:
        yield ReadResult(None, ArticleProblem(str(path), "E105", f"file is over {limit:,} bytes; split it"))
        return
    text, problem = _decode(data, str(path))
    if text is None:
        yield ReadResult(None, problem)
        return
    if suffix in (".html", ".htm"):
        body_text, title, page_date = extract_html(text)
        if not body_text or not body_text.strip():
            yield ReadResult(None, ArticleProblem(label, "E108", "no article text could be extracted from the HTML"))
            return
        yield _with_warning(validate_article(label, body_text, published or page_date, title=title), problem)
        return
    yield _with_warning(validate_article(label, text, published), problem)


class _Prefixed:
    """A binary stream whose first bytes were already read (to sniff them)."""

    def __init__(self, head: bytes, rest: ByteSource) -> None:
        self._head = head
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            out, self._head = (self._head, b"") if size < 0 or size >= len(self._head) else (
                self._head[:size], self._head[size:])
            return out
        return self._rest.read(size)


class _AsItArrives:
    """A byte stream read as its bytes arrive (``read1``): a pipe's lines are not held back
    until a whole chunk has gathered. Streams without ``read1`` are read as they are."""

    def __init__(self, raw: ByteSource) -> None:
        self._read = getattr(raw, "read1", None) or raw.read

    def read(self, size: int = -1) -> bytes:
        data: bytes = self._read(size)
        return data


def _one_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _refuse_path(path: Path, limit: int | None) -> ArticleProblem | None:
    """Why ``path`` must not be read (missing, not a regular file, too big), else None."""
    reason = getattr(path, "skip_reason", None)
    if reason:
        return ArticleProblem(str(path), "E107", reason)
    try:
        st = path.stat()
    except FileNotFoundError:
        why = "broken symbolic link" if path.is_symlink() else "no such file or folder"
        return ArticleProblem(str(path), "E107", why)
    except OSError as exc:
        return ArticleProblem(str(path), "E107", f"cannot read file: {_one_line(exc)}")
    if stat.S_ISDIR(st.st_mode):
        return ArticleProblem(str(path), "E107", "is a folder")
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(
            st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file"
        return ArticleProblem(str(path), "E107", f"not a regular file ({kind}); only files are read")
    if limit is not None and st.st_size > limit:
        return ArticleProblem(str(path), "E105", f"file is {st.st_size:,} bytes, over the limit of {limit:,}; split it")
    if not os.access(path, os.R_OK):
        return ArticleProblem(str(path), "E107", "cannot read file: permission denied")
    return None


class _SkippedPath(type(Path())):  # type: ignore[misc]
    """A path found while walking a folder that cannot be read; ``skip_reason`` says why."""

    skip_reason = ""


def _skipped(path: str, reason: str) -> Path:
    p = _SkippedPath(path)
    p.skip_reason = reason
    return p


def iter_input_paths(inputs: Iterable[str]) -> Iterator[str | Path]:
    """Expand folders (sorted, recursive) into article files; keep '-' for stdin.

    What cannot be walked is yielded too, as a path that :func:`read_file` reports
    (E107): unreadable subfolders, symbolic link loops, broken links.
    """
    for item in inputs:
        if item == "-":
            yield "-"
            continue
        p = Path(item)
        if p.is_dir():
            yield from _walk(p)
        else:
            yield p


def _walk(top: Path) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()

    def walk(folder: Path) -> Iterator[Path]:
        try:
            st = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield _skipped(str(folder), f"cannot read folder: {_one_line(exc)}")
            return
        if (st.st_dev, st.st_ino) in seen:
            yield _skipped(str(folder), "symbolic link loop (a folder already being read); not followed")
            return
        seen.add((st.st_dev, st.st_ino))
        for entry in entries:
            child = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError as exc:
                yield _skipped(entry.path, f"cannot read: {_one_line(exc)}")
                continue
            if is_dir:
                yield from walk(child)
            elif entry.name.lower().endswith(ARTICLE_SUFFIXES):
                yield child  # a broken link is reported by read_file
            elif entry.is_symlink() and not child.exists():
                yield _skipped(entry.path, "broken symbolic link")

    yield from walk(top)


def read_stdin(stream: IO[str] | IO[bytes] | None = None, published: str | None = None) -> Iterator[ReadResult]:
    """stdin holds JSON Lines when its first non-blank character is '{', else one plain article.

    Bytes are read, not text, so a bad byte costs one line (or a warning), never the run.
    """
    stream = stream if stream is not None else sys.stdin
    raw: ByteSource
    if isinstance(stream, io.TextIOBase) and not hasattr(stream, "buffer"):
        raw = io.BytesIO(stream.read(MAX_TEXT_FILE_BYTES + 1).encode("utf-8", "surrogatepass"))
    else:
        raw = getattr(stream, "buffer", None) or stream  # type: ignore[assignment]
    arriving = _AsItArrives(raw)
    head = arriving.read(65536)
    while head.strip() == b"" and len(head) < 65536 * 16:
        more = arriving.read(65536)
        if not more:
            break
        head += more
    if head.lstrip().removeprefix(b"\xef\xbb\xbf")[:1] == b"{":
        # a live feed piped in ('tail -f feed.jsonl | bedfellows ingest -'): each line is
        # read as soon as it arrives, not when 64 KB have gathered
        yield from read_jsonl_bytes(_Prefixed(head, arriving), "stdin", published)
        return
    data = head + raw.read(MAX_TEXT_FILE_BYTES + 1 - len(head))
    if len(data) > MAX_TEXT_FILE_BYTES:
        too_big = f"input is over {MAX_TEXT_FILE_BYTES:,} bytes; split it"
        yield ReadResult(None, ArticleProblem("stdin", "E105", too_big))
        return
    text, problem = _decode(data, "stdin")
    if text is None:
        yield ReadResult(None, problem)
        return
    yield _with_warning(validate_article("stdin", text, published), problem)


def read_input(item: str | Path, published: str | None = None) -> Iterator[ReadResult]:
    """The articles of one item of :func:`iter_input_paths` ('-' is stdin)."""
    if isinstance(item, Path):
        yield from read_file(item, published)
    else:
        yield from read_stdin(published=published)


def read_inputs(inputs: Iterable[str], published: str | None = None) -> Iterator[ReadResult]:
    """Every article of every input, in order; missing paths become problems."""
    for item in iter_input_paths(inputs):
        yield from read_input(item, published)
