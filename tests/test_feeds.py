"""RSS/Atom feeds from files and from a local HTTP server: good, odd and broken ones."""

from __future__ import annotations

import gzip
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.errors import UserError
from reader.corpus.feeds import load_feed, looks_like_feed, parse_feed
from reader.corpus.loader import open_corpus

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Example News &amp; Views</title>
  <link>https://example.org/</link>
  <item>
    <title>Talks &quot;advance&quot; in Doha</title>
    <link>https://example.org/a</link>
    <guid isPermaLink="false">urn:example:a</guid>
    <pubDate>Wed, 15 Nov 2023 03:12:57 GMT</pubDate>
    <dc:creator>Jane Roe</dc:creator>
    <description><![CDATA[<p>First paragraph with <b>bold</b> &amp; a <a href="https://x">link</a>.</p>
<p>Second&nbsp;paragraph &#8220;quoted&#8221;.</p><script>alert(1)</script>]]></description>
  </item>
  <item>
    <title>Plain summary</title>
    <link>https://example.org/b</link>
    <description>Just text &amp;amp; an entity</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Wire</title>
  <id>urn:atom-wire</id>
  <updated>2024-03-01T10:00:00Z</updated>
  <entry>
    <title type="html">A &lt;em&gt;headline&lt;/em&gt;</title>
    <id>tag:example.org,2024:1</id>
    <link href="https://example.org/atom/1"/>
    <updated>2024-03-01T10:00:00+02:00</updated>
    <author><name>John Doe</name></author>
    <summary>Short summary</summary>
    <content type="html"><![CDATA[<h2>Sub heading</h2><p>Full content.</p><ul><li>one</li><li>two</li></ul>]]></content>
  </entry>
</feed>
"""


def rss_with(items: str, title: str = "Feed", declaration: str = "") -> str:
    return f'{declaration}<rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'


def test_rss_cdata_entities_dates_authors(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    result = load_feed(path)
    assert result.title == "Example News & Views"
    assert result.warnings == []
    first, second = result.articles
    assert first.title == 'Talks "advance" in Doha'
    assert first.text == "First paragraph with bold & a link.\n\nSecond paragraph “quoted”."  # &nbsp;: a space
    assert first.url == "https://example.org/a"
    assert first.published == "2023-11-15T03:12:57Z"
    assert first.author == "Jane Roe"
    assert first.source == "Example News & Views"
    assert first.id.startswith("feed:") and len(first.id) == 21
    assert second.text == "Just text & an entity"
    assert load_feed(path).articles[0].id == first.id  # stable


def test_atom_prefers_content_and_converts_timezone(tmp_path: Path) -> None:
    result = parse_feed(ATOM.encode(), "atom.xml")
    (entry,) = result.articles
    assert entry.title == "A headline"
    assert entry.text == "Sub heading\n\nFull content.\n\n• one\n• two"
    assert entry.published == "2024-03-01T08:00:00Z"
    assert entry.author == "John Doe"
    assert entry.url == "https://example.org/atom/1"
    assert entry.source == "Atom Wire"


def test_iso_8859_1_declared() -> None:
    data = rss_with(
        "<item><title>\xc9t\xe9 \xe0 Gaza</title><guid>g1</guid><description>Caf\xe9 &amp; th\xe9</description></item>",
        title="Le Caf\xe9",
        declaration='<?xml version="1.0" encoding="ISO-8859-1"?>',
    )
    result = parse_feed(data.encode("latin-1"), "latin.xml")
    assert result.title == "Le Café"
    assert [(a.title, a.text) for a in result.articles] == [("Été à Gaza", "Café & thé")]
    assert result.warnings == []


def test_wrong_declared_encoding_warns() -> None:
    data = rss_with(
        "<item><title>\xc9t\xe9</title><guid>g</guid></item>", declaration='<?xml version="1.0" encoding="UTF-8"?>'
    ).encode("latin-1")
    result = parse_feed(data, "wrong.xml")
    assert result.articles[0].title == "Été"
    assert result.warnings == ["wrong.xml: wrong declared encoding, decoded as windows-1252"]


def test_truncated_xml_imports_what_parsed() -> None:
    data = rss_with(
        "<item><title>A</title><link>https://e/a</link><description>aa</description></item>"
        "<item><title>B</title><link>https://e/b</link>"
    )[:-40]
    result = parse_feed(data.encode(), "cut.xml")
    assert [a.title for a in result.articles][:1] == ["A"]
    assert result.warnings[0].startswith("cut.xml: not well-formed XML (")


def test_illegal_characters_and_undeclared_entities() -> None:
    data = rss_with(
        "<item><title>A\x01 &hellip; &nbsp;x</title><link>https://e/a</link><description>ok\x0b</description></item>"
    )
    result = parse_feed(data.encode(), "odd.xml")
    (entry,) = result.articles
    assert "\x01" not in entry.title and "\x0b" not in entry.text
    assert len(result.warnings) == 1


@pytest.mark.parametrize(
    "data, message",
    [
        (b"just some words", "bad.xml: not a feed ("),
        (b'{"items": []}', "bad.xml: not a feed ("),
        (b"", "bad.xml: not a feed (empty)"),
        (
            b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Hi</p></body></html>",
            "bad.xml: not a feed but an HTML page",
        ),
        (
            b'<html><head><link rel="alternate" type="application/rss+xml" href="https://e/rss"></head>'
            b"<body></body></html>",
            "bad.xml: not a feed but an HTML page (it links to a feed: https://e/rss)",
        ),
    ],
)
def test_not_a_feed(data: bytes, message: str) -> None:
    with pytest.raises(UserError) as info:
        parse_feed(data, "bad.xml")
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_entry_without_link_or_id() -> None:
    items = (
        "<item><title>Nameless</title><pubDate>Wed, 15 Nov 2023 03:12:57 GMT</pubDate>"
        "<description>text</description></item><item></item>"
    )
    result = parse_feed(rss_with(items).encode(), "n.xml")
    assert [a.title for a in result.articles] == ["Nameless"]
    assert result.warnings == [
        "n.xml: entry 2 has no title or text, skipped",
        "n.xml: 1 entry has no id or link; identified by title and date",
    ]
    again = parse_feed(rss_with(items).encode(), "n.xml")
    assert again.articles[0].id == result.articles[0].id


def test_gzip_file_and_sniffing(tmp_path: Path) -> None:
    path = tmp_path / "feed.bin"
    path.write_bytes(gzip.compress(RSS.encode()))
    assert looks_like_feed(path.read_bytes())
    assert len(load_feed(path).articles) == 2
    corpus = open_corpus(path)  # no feed suffix: sniffed
    assert len(corpus) == 2
    assert corpus.load(corpus.metas[0].id).text.startswith("First paragraph")


def test_ten_thousand_entries() -> None:
    items = "".join(
        f"<item><title>Entry {i}</title><link>https://e.org/{i}</link><description>Body {i}</description></item>"
        for i in range(10_000)
    )
    result = parse_feed(rss_with(items).encode(), "big.xml")
    assert len(result.articles) == 10_000
    assert len({a.id for a in result.articles}) == 10_000


# --- over HTTP -----------------------------------------------------------------------


class FeedHandler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        status, headers, body = self.routes.get(self.path, (404, {}, b"missing"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    FeedHandler.routes = {
        "/rss": (200, {"Content-Type": "application/rss+xml"}, RSS.encode()),
        "/gz": (200, {"Content-Encoding": "gzip"}, gzip.compress(ATOM.encode())),
        "/page": (200, {"Content-Type": "text/html"}, b"<!doctype html><html><body>hi</body></html>"),
        "/error": (500, {}, b"oops"),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_fetch_rss_and_gzip(server: str) -> None:
    result = load_feed(f"{server}/rss")
    assert [a.title for a in result.articles] == ['Talks "advance" in Doha', "Plain summary"]
    assert all(a.location == f"{server}/rss" for a in result.articles)
    assert [a.title for a in load_feed(f"{server}/gz").articles] == ["A headline"]
    corpus = open_corpus(f"{server}/rss")
    assert len(corpus) == 2


@pytest.mark.parametrize(
    "route, message",
    [
        ("/missing", "HTTP 404"),
        ("/error", "HTTP 500"),
        ("/page", "not a feed but an HTML page"),
    ],
)
def test_http_failures_are_one_line(server: str, route: str, message: str) -> None:
    with pytest.raises(UserError) as info:
        load_feed(f"{server}{route}")
    assert str(info.value).startswith(f"{server}{route}: {message}")


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed"
    with pytest.raises(UserError) as info:
        load_feed(url)
    assert str(info.value).startswith(f"{url}: no answer (")


def test_timeout() -> None:
    with socket.socket() as sock:  # accepts connections (backlog) but never answers
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/feed"
        with pytest.raises(UserError) as info:
            load_feed(url, timeout=0.2)
    assert str(info.value).startswith(f"{url}: no answer (timed out")
