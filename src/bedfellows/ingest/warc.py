"""Articles from WARC files (Common Crawl's CC-NEWS, any web archive), streamed.

Records are read one at a time with FastWARC (optional extra ``warc``), so a
multi-gigabyte ``.warc.gz`` is coded in flat memory. Each HTTP response that is
an HTML page becomes an article: text by trafilatura, publication date by
htmldate (from the page's metadata and URL; never the crawl date), URL and
outlet (the web domain) from the record. Everything else is skipped with a
counted reason (E111: not HTML, an HTTP error, no article text; E104: not
English), never coded as text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import require
from ..records import ArticleProblem
from .readers import ReadResult, validate_article

log = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.zst", ".warc.lz4")
MIN_ARTICLE_CHARS = 100  # shorter extractions are captions, cookie walls, link lists
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_LANG = re.compile(rb"<html[^>]*\slang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def outlet(url: str | None) -> str | None:
    """The outlet of a page: its web domain without ``www.``."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def page_language(html: bytes) -> str | None:
    """The ``<html lang>`` of a page, if it declares one."""
    m = _LANG.search(html[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _skip(url: str, reason: str) -> ReadResult:
    return ReadResult(None, ArticleProblem(url, "E111", reason))


def read_warc(path: Path, published: str | None = None) -> Iterator[ReadResult]:
    """One ReadResult per HTTP response record of ``path``, streamed."""
    warc = require("fastwarc.warc", "warc", f"reading {path.name} (WARC)")
    import htmldate
    import trafilatura

    records = warc.ArchiveIterator(  # type: ignore[attr-defined]
        str(path), record_types=warc.WarcRecordType.response,  # type: ignore[attr-defined]
        parse_http=True, fsspec_args=False)
    try:
        for record in records:
            url = record.headers.get("WARC-Target-URI") or f"{path.name}:{record.stream_pos}"
            status = record.http_headers.status_code if record.http_headers else None
            if status is not None and status != 200:
                yield _skip(url, f"HTTP status {status}, not a page")
                continue
            ctype = (record.http_content_type or "").lower()
            if not ctype.startswith(_HTML_TYPES):
                yield _skip(url, f"not an HTML page ({ctype or 'no content type'})")
                continue
            body = record.reader.read()
            html = body.decode(record.http_charset or "utf-8", errors="replace")
            text = trafilatura.extract(html, url=url, include_comments=False,
                                       include_tables=False)
            if not text or len(text.strip()) < MIN_ARTICLE_CHARS:
                yield _skip(url, "no article text (an index, media or very short page)")
                continue
            meta = trafilatura.extract_metadata(html, default_url=url)
            date = published or htmldate.find_date(html, url=url, extensive_search=False,
                                                   original_date=True)
            yield validate_article(url, text, date, language=page_language(body),
                                   title=meta.title if meta is not None else None,
                                   source=outlet(url), url=url)
    except OSError as exc:  # truncated or corrupt archive: what was read is kept
        yield ReadResult(None, ArticleProblem(str(path), "E107", f"cannot read the WARC: {exc}"))
