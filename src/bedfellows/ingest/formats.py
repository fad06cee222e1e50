"""Inputs beyond JSON Lines, text, HTML and CSV: news as it really arrives.

``read_known`` picks the reader of a file by its name and, where the name is
ambiguous (``.xml``, ``.json``), by its first bytes:

* WARC (``.warc``, ``.warc.gz``): :mod:`bedfellows.ingest.warc` (extra ``warc``);
* RSS and Atom feeds saved to disk (``.rss``, ``.atom``, or ``.xml`` whose root is
  ``<rss>``, ``<feed>`` or ``<rdf:RDF>``): one article per entry, via feedparser;
* PETRARCH XML (``<Sentences><Sentence date id source><Text>``, with or without
  ``<Parse>`` trees): one article per ``<Sentence>``, dated by its ``date``;
* news-please / newspaper JSON (``.json`` holding one object or a list:
  ``maintext`` or ``text``, ``title``, ``date_publish`` / ``publish_date``, ``url``).

A file of any other format is refused (E112) and never coded as text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..records import ArticleProblem
from .readers import ReadResult, article_from_record, validate_article

FEED_SUFFIXES = (".rss", ".atom")
XML_SUFFIXES = (".xml",)
JSON_SUFFIXES = (".json",)
# What the older readers (readers.read_file) take; the rest is decided here.
PLAIN_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".txt", ".text", ".html", ".htm", ".csv")
_ROOT = re.compile(rb"<([A-Za-z][\w:.-]*)")


def refused(path: Path, what: str = "") -> ReadResult:
    """E112: a file bedfellows does not read, named with what it looked like."""
    known = "jsonl, jsonl.gz, json, txt, html, csv, warc(.gz), rss, atom, PETRARCH xml"
    return ReadResult(None, ArticleProblem(
        str(path), "E112",
        f"unknown input format{' (' + what + ')' if what else ''}; bedfellows reads {known}"))


def xml_root(head: bytes) -> str | None:
    """The first element name of an XML document, past the prolog and comments."""
    head = re.sub(rb"<!--.*?-->", b"", head, flags=re.DOTALL)
    head = re.sub(rb"<\?.*?\?>|<!DOCTYPE[^>]*>", b"", head, flags=re.DOTALL)
    m = _ROOT.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def read_known(path: Path, published: str | None = None) -> Iterator[ReadResult] | None:
    """The articles of ``path`` if it is one of this module's formats, None for the
    plain formats, or a refusal (E112) for a format bedfellows does not read."""
    from .warc import is_warc, read_warc

    name = path.name.lower()
    if is_warc(path):
        return read_warc(path, published)
    if name.endswith(PLAIN_SUFFIXES) or "." not in name:
        return None  # no suffix: read as plain text, as before
    if name.endswith(FEED_SUFFIXES):
        return read_feed(path, published)
    if name.endswith(XML_SUFFIXES):
        try:
            with open(path, "rb") as fh:
                root = xml_root(fh.read(65536))
        except OSError:
            return None  # the plain reader reports the unreadable file
        if root in ("rss", "feed", "rdf:RDF"):
            return read_feed(path, published)
        if root in ("Sentences", "Sentence", "Validation"):
            return read_petrarch_xml(path, published)
        return iter([refused(path, f"XML with root <{root}>" if root else "not XML")])
    if name.endswith(JSON_SUFFIXES):
        return read_json_document(path, published)
    suffix = "".join(path.suffixes[-2:]) or path.suffix
    return iter([refused(path, f"{suffix} file")])


# -- RSS / Atom ---------------------------------------------------------------------


def _html_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed's summary or content)."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html
    from lxml import etree

    try:
        return " ".join(lxml.html.fromstring(fragment).text_content().split())
    except (ValueError, etree.ParserError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()


def _struct_date(value: Any) -> str | None:
    if not value:
        return None
    return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"


def read_feed(path: Path, published: str | None = None) -> Iterator[ReadResult]:
    """One article per feed entry: its content (else summary), title, link, date."""
    import feedparser

    feed = feedparser.parse(str(path))
    if feed.bozo and not feed.entries:
        yield ReadResult(None, ArticleProblem(
            str(path), "E107", f"not a readable RSS/Atom feed: {feed.get('bozo_exception')}"))
        return
    outlet = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, 1):
        aid = entry.get("id") or entry.get("link") or f"{path.name}:{n}"
        contents = entry.get("content") or []
        body = contents[0].get("value") if contents else entry.get("summary")
        text = _html_text(body) if isinstance(body, str) else None
        date = published or _struct_date(entry.get("published_parsed")
                                         or entry.get("updated_parsed"))
        yield validate_article(str(aid), text, date, title=entry.get("title"), source=outlet,
                               url=entry.get("link"))


# -- PETRARCH XML -------------------------------------------------------------------


def _petrarch_date(value: str | None) -> str | None:
    """PETRARCH writes dates YYYYMMDD; ISO dates pass through."""
    v = (value or "").strip()
    if re.fullmatch(r"\d{8}", v):
        return f"{v[:4]}-{v[4:6]}-{v[6:]}"
    return v or None


_LEAF = re.compile(r"\(([^\s()]+) ([^\s()]+)\)")
_PTB = {"-LRB-": "(", "-RRB-": ")", "-LCB-": "{", "-RCB-": "}", "``": '"', "''": '"'}


def text_from_parse(tree: str) -> str:
    """The sentence a Penn Treebank parse spells: its leaves, punctuation re-attached."""
    words = [_PTB.get(w, w) for _, w in _LEAF.findall(tree)]
    text = " ".join(words)
    text = re.sub(r" ([.,;:!?%)}]|'s|n't|'re|'ve|'ll|'d|'m)(?=\s|$)", r"\1", text)
    return re.sub(r"([({$]) ", r"\1", text)


def read_petrarch_xml(path: Path, published: str | None = None) -> Iterator[ReadResult]:
    """One article per ``<Sentence>``: its ``<Text>``, or the words of its ``<Parse>``
    tree when the text is empty (PETRARCH records may carry only the parse)."""
    import xml.etree.ElementTree as ET

    n = 0
    try:
        for _, el in ET.iterparse(path, events=("end",)):
            if el.tag != "Sentence":
                continue
            n += 1
            text_el, parse_el = el.find("Text"), el.find("Parse")
            text = " ".join((text_el.text or "").split()) if text_el is not None else ""
            if not text and parse_el is not None and parse_el.text:
                text = text_from_parse(parse_el.text)
            aid = (el.get("id") or "").strip() or f"{path.name}:{n}"
            yield validate_article(aid, text, published or _petrarch_date(el.get("date")),
                                   source=el.get("source"))
            el.clear()  # stream: a large corpus never sits in memory
    except ET.ParseError as exc:
        yield ReadResult(None, ArticleProblem(str(path), "E107", f"malformed XML: {exc}"))


# -- news-please / newspaper JSON ---------------------------------------------------


def is_news_record(record: Any) -> bool:
    """A news-please (``maintext``) or newspaper-style record without the spec's ``id``."""
    return isinstance(record, dict) and "id" not in record and (
        "maintext" in record or ("text" in record and ("url" in record or "title" in record)))


def news_record(record: dict[str, Any], fallback_id: str,
                published: str | None = None) -> ReadResult:
    """news-please: maintext, title, date_publish ("2017-02-15 17:23:00"), url,
    source_domain, language; newspaper: text, title, publish_date, url, source_url."""
    text = record.get("maintext") if "maintext" in record else record.get("text")
    url = record.get("url") if isinstance(record.get("url"), str) else None
    aid = url or record.get("filename") or fallback_id
    if not url and isinstance(text, str):
        aid = f"{fallback_id}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"
    date = record.get("date_publish") or record.get("publish_date")
    if isinstance(date, str) and re.match(r"\d{4}-\d{2}-\d{2} ", date):
        date = date[:10]
    source = record.get("source_domain") or record.get("source_url") or record.get("source")
    return validate_article(str(aid), text, published or date,
                            language=record.get("language"), title=record.get("title"),
                            source=source if isinstance(source, str) else None, url=url)


def read_json_document(path: Path, published: str | None = None) -> Iterator[ReadResult]:
    """A ``.json`` file: one record or a list of them (news-please, newspaper, or the
    spec's own shape); a file that is not one JSON document is read as JSON Lines."""
    from .readers import read_jsonl_stream

    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        yield ReadResult(None, ArticleProblem(str(path), "E107", f"cannot read file: {exc}"))
        return
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError:
        import io

        yield from read_jsonl_stream(io.StringIO(raw), path.name, published)
        return
    records = doc if isinstance(doc, list) else [doc]
    for n, rec in enumerate(records, 1):
        label = path.stem if len(records) == 1 else f"{path.stem}:{n}"
        if is_news_record(rec):
            yield news_record(rec, label, published)
        else:
            yield article_from_record(rec, label, published)
