"""News as it really arrives: WARC, RSS/Atom, news-please JSON, PETRARCH XML; unknown formats refused.

The WARC is written here record by record (WARC/1.0 is headers, a blank line and
the HTTP response, each record its own gzip member, as Common Crawl writes them)
and read back by the real reader (FastWARC, trafilatura, htmldate).
"""

from __future__ import annotations

import gzip
import json
import random
import tracemalloc
import uuid
from collections import Counter
from pathlib import Path

import pytest

from bedfellows.ingest.readers import read_file, read_inputs
from bedfellows.store import Store, ingest

from ..store.corpus import SyntheticCoder

WORDS = ("officials said the government would continue talks with neighbouring states "
         "about trade, security and the border, while opposition leaders criticised the "
         "plan and called for a vote in parliament before the end of the year").split()
FRENCH = ("Le gouvernement a annoncé mardi une série de mesures pour soutenir les "
          "agriculteurs touchés par la sécheresse, selon un communiqué publié par le "
          "ministère de l'Agriculture et les syndicats de la région. ") * 3


def _story(i: int) -> str:
    """An English article of a few paragraphs, distinct per i (no near-duplicates)."""
    rng = random.Random(i)
    paras = []
    for p in range(4):
        words = [rng.choice(WORDS) for _ in range(40)]
        paras.append(f"Report {i}.{p}: Washington criticised Tehran. " + " ".join(words) + ".")
    return "".join(f"<p>{x}</p>" for x in paras)


def _record(url: str, body: bytes, ctype: str = "text/html; charset=utf-8",
            status: str = "200 OK") -> bytes:
    http = (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: 2014-07-01T10:00:00Z\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n")


def _page(i: int, date_in: str) -> tuple[str, bytes, str | None]:
    """(url, html, expected publication date) with the date in the metadata, the URL or nowhere."""
    day = f"2014-06-{1 + i % 28:02d}"
    meta, url = "", f"https://www.news{i % 5}.example/world/story-{i}.html"
    if date_in == "meta":
        meta = f'<meta property="article:published_time" content="{day}T08:00:00+00:00">'
    elif date_in == "url":
        url = f"https://www.news{i % 5}.example/{day.replace('-', '/')}/story-{i}.html"
    html = (f"<html lang='en'><head><title>Story {i}</title>{meta}</head><body><article>"
            f"<h1>Story {i}</h1>{_story(i)}</article></body></html>")
    return url, html.encode("utf-8"), None if date_in == "none" else day


@pytest.fixture(scope="module")
def warc(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str | None]]:
    path = tmp_path_factory.mktemp("warc") / "CC-NEWS-20140701.warc.gz"
    expected: dict[str, str | None] = {}
    with open(path, "wb") as fh:
        for i in range(300):
            kind = i % 10
            if kind == 7:  # not a page
                fh.write(_record(f"https://www.news{i % 5}.example/logo{i}.png", b"\x89PNG\r\n" * 20,
                                 ctype="image/png"))
            elif kind == 8:  # an error page
                fh.write(_record(f"https://www.news{i % 5}.example/gone{i}", b"<html>gone</html>",
                                 status="404 Not Found"))
            elif kind == 9 and i % 20 == 9:  # French
                fh.write(_record(f"https://www.lemonde{i}.example/a.html",
                                 f"<html lang='fr'><body><article><p>{FRENCH}</p></article>"
                                 "</body></html>".encode()))
            elif kind == 9:  # an index page: links, no article text
                fh.write(_record(f"https://www.news{i % 5}.example/index{i}.html",
                                 b"<html><body><a href='/a'>World</a> <a href='/b'>Sport</a>"
                                 b"</body></html>"))
            else:
                url, html, day = _page(i, ("meta", "url", "none")[i % 3])
                fh.write(_record(url, html))
                expected[url] = day
    return path, expected


def test_warc_articles_dates_and_counted_skips(warc: tuple[Path, dict[str, str | None]]) -> None:
    path, expected = warc
    results = list(read_file(path))
    arts = {r.article.id: r.article for r in results if r.article is not None}
    assert len(arts) == len(expected) == 210
    assert {a: arts[a].published for a in arts} == expected  # meta, URL, or undated
    a = next(iter(arts.values()))
    assert a.url == a.id and a.source and a.source.startswith("news") and "www." not in a.source
    assert a.title and a.title.startswith("Story") and "Washington criticised Tehran" in a.text
    reasons = Counter((r.problem.code, r.problem.reason.split(" (")[0].split(",")[0])
                      for r in results if r.problem is not None)
    assert reasons == {("E111", "not an HTML page"): 30, ("E111", "HTTP status 404"): 30,
                       ("E111", "no article text"): 15, ("E104", "language is 'fr'; only English"): 15}


def test_warc_streams_in_flat_memory(
    warc: tuple[Path, dict[str, str | None]], tmp_path: Path
) -> None:
    """Four times the archive (its gzip members repeated) costs no more peak memory."""
    path, _ = warc
    big = tmp_path / "big.warc.gz"
    big.write_bytes(path.read_bytes() * 4)
    with gzip.open(big, "rb") as fh:
        unpacked = len(fh.read())

    def peak(p: Path) -> tuple[int, int]:
        tracemalloc.start()
        try:
            n = sum(1 for r in read_file(p) if r.article is not None)
            return n, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(path)  # warm: imports and the extractors' caches
    n1, small_peak = peak(path)
    n4, big_peak = peak(big)
    assert (n1, n4) == (210, 840)
    # a reader that kept records would grow by at least the 3 extra copies' content
    assert big_peak - small_peak < unpacked / 4 / 2, (small_peak, big_peak, unpacked)


def test_warc_ingests_into_a_store(warc: tuple[Path, dict[str, str | None]], tmp_path: Path) -> None:
    path, expected = warc
    db = tmp_path / "s.duckdb"
    summary = ingest([str(path)], db, coder=SyntheticCoder())
    assert summary.added == 210 and summary.skipped_by_reason == {"E111": 75, "E104": 15}
    with Store(db, read_only=True) as s:
        got = dict(s.con.execute("SELECT url, CAST(published AS VARCHAR) FROM articles").fetchall())
    assert got == expected


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    rss = tmp_path / "feed.xml"
    rss.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
        "<item><title>Talks</title><link>https://wire.example/1</link><guid>w1</guid>"
        "<pubDate>Tue, 10 Jun 2014 08:00:00 GMT</pubDate>"
        "<description>&lt;p&gt;Iran and the United States &lt;b&gt;met&lt;/b&gt; in Vienna.&lt;/p&gt;"
        "</description></item>"
        "<item><title>Undated</title><link>https://wire.example/2</link>"
        "<description>Russia criticised Ukraine.</description></item></channel></rss>",
        encoding="utf-8")
    atom = tmp_path / "news.atom"
    atom.write_text(
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        "<title>Desk</title><entry><id>tag:desk,2014:1</id><title>Aid</title>"
        "<link href='https://desk.example/aid'/><updated>2014-06-12T09:00:00Z</updated>"
        "<content type='html'>&lt;p&gt;France sent aid to Iraq.&lt;/p&gt;</content></entry></feed>",
        encoding="utf-8")
    arts = [r.article for r in read_inputs([str(rss), str(atom)]) if r.article]
    assert [(a.id, a.published, a.source, a.url) for a in arts] == [
        ("w1", "2014-06-10", "Wire", "https://wire.example/1"),
        ("https://wire.example/2", None, "Wire", "https://wire.example/2"),
        ("tag:desk,2014:1", "2014-06-12", "Desk", "https://desk.example/aid")]
    assert arts[0].text == "Iran and the United States met in Vienna." and arts[0].title == "Talks"
    assert arts[2].text == "France sent aid to Iraq."


def test_news_please_and_newspaper_json(tmp_path: Path) -> None:
    np_file = tmp_path / "article.json"
    np_file.write_text(json.dumps({
        "authors": ["A. Writer"], "date_download": "2017-02-16 10:00:00",
        "date_publish": "2017-02-15 17:23:00", "description": "d", "filename": "x.json",
        "language": "en", "maintext": "Turkey shelled Kurdish positions in Syria.",
        "source_domain": "news.example", "title": "Shelling",
        "url": "https://news.example/shelling"}, indent=2), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([
        {"text": "Egypt hosted talks.", "title": "Talks", "publish_date": "2014-06-01T12:00:00",
         "url": "https://p.example/1", "source_url": "p.example"},
        {"maintext": "Le gouvernement a annoncé des mesures.", "language": "fr",
         "url": "https://fr.example/1"}]), encoding="utf-8")
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps({"maintext": "Iran condemned the attack.",
                                 "date_publish": "2015-01-02 00:00:00",
                                 "url": "https://l.example/1"}) + "\n", encoding="utf-8")
    results = list(read_inputs([str(np_file), str(many), str(lines)]))
    arts = [r.article for r in results if r.article]
    assert [(a.id, a.published, a.source, a.title) for a in arts] == [
        ("https://news.example/shelling", "2017-02-15", "news.example", "Shelling"),
        ("https://p.example/1", "2014-06-01", "p.example", "Talks"),
        ("https://l.example/1", "2015-01-02", None, None)]
    assert arts[0].text.startswith("Turkey shelled") and arts[0].language == "en"
    assert [r.problem.code for r in results if r.problem] == ["E104"]


def test_petrarch_xml_with_and_without_parses(tmp_path: Path, shared: Path) -> None:
    arts = [r.article for r in
            read_file(shared / "data/benchmarks/petrarch2_GigaWord.sample.PETR.xml") if r.article]
    assert len(arts) == 76
    first = arts[0]
    assert first.id == "AFP0808020625_4" and first.published == "2008-08-04"
    assert first.source == "AFP" and first.text.startswith("The stopover came as the US leader")
    assert "(NP" not in first.text  # the parse tree is not text
    parse_only = next(a for a in arts if a.id == "TEST_1")  # <Text> empty: words of <Parse>
    assert parse_only.text == ("The Malaysia Airlines Boeing 777 flight MH17 was blown up over "
                               "Eastern Ukraine by a sophisticated BAK surface-to-air missile "
                               "believed to be fired by pro-Russia rebels.")
    bare = tmp_path / "corpus.xml"
    bare.write_text("<Sentences><Sentence date='20150805' id='S1' source='X' sentence='True'>"
                    "<Text>Iran accused Israel of spying.</Text></Sentence></Sentences>",
                    encoding="utf-8")
    [a] = [r.article for r in read_file(bare) if r.article]
    assert (a.id, a.published, a.text) == ("S1", "2015-08-05", "Iran accused Israel of spying.")


@pytest.mark.parametrize(("name", "data"), [
    ("report.pdf", b"%PDF-1.4 some text that must not be coded"),
    ("notes.docx", b"PK\x03\x04 zipped word document"),
    ("data.xml", b"<?xml version='1.0'?><catalog><book>Iran</book></catalog>"),
    ("sheet.tsv", b"id\ttext\n1\tIran met Iraq.\n"),
])
def test_unknown_formats_are_refused(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [result] = list(read_file(path))
    assert result.article is None and result.problem is not None
    assert result.problem.code == "E112" and "unknown input format" in result.problem.reason
    assert name in result.problem.article_id
