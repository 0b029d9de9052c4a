"""RSS/Atom feeds, from a file or an http(s) URL, as articles.

feedparser does the hard part (RSS 0.9x-2.0, Atom, RDF, encodings, broken XML, dates).
We fetch URLs and read files ourselves (``reader.corpus.feed_bytes``: one deadline, size
caps before and after decompression, cancel) and hand feedparser the bytes, so network
errors are ours to report as one line naming the source instead of being hidden in
feedparser's ``bozo`` flag. Entry HTML becomes plain text
(``reader.corpus.html_text``: paragraphs, lists and tables kept), then the text is normalised
like any article.

Ids: ``feed:`` + a short sha256 of the entry's id, else its link, else title + date,
so re-importing a feed finds the entries it already has.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.article import FEED_ID_PREFIX, Article
from reader.core.errors import UserError
from reader.core.paths import is_url
from reader.corpus.feed_bytes import fetch, inflate, read_file
from reader.corpus.html_text import html_to_text
from reader.text.normalise import clean_line, normalise_text

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF|RDF)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)
_ALTERNATE = re.compile(r"""<link\b[^>]*type=["']application/(?:rss|atom)\+xml["'][^>]*>""", re.IGNORECASE)
_HREF = re.compile(r"""href=["']([^"']+)["']""", re.IGNORECASE)


@dataclass
class FeedResult:
    """What a feed gave: its title, its entries as articles, and one-line warnings."""

    title: str
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def looks_like_feed(head: bytes) -> bool:
    """Does the start of a file look like RSS/Atom/RDF (for files without a feed suffix)?"""
    try:
        head = inflate([head], "", limit=1 << 16)
    except UserError:
        return False
    return _FEED_ROOT.search(head[:4096]) is not None


def read_source(source: str | Path, *, timeout: float | None = None, cancel: threading.Event | None = None) -> bytes:
    """The feed's bytes (fetched, or read from a file), decompressed, within the limits of
    ``reader.corpus.feed_bytes``."""
    text = str(source)
    if is_url(text):
        return fetch(text, timeout=timeout, cancel=cancel)
    return read_file(text)


def _entry_text(entry: Any) -> str:
    """The entry's content (preferred) or summary, as plain text."""
    details = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        details.append(entry["summary_detail"])
    elif entry.get("summary"):
        details.append({"type": "text/html", "value": entry["summary"]})
    for detail in details:
        value = detail.get("value") or ""
        if not value.strip():
            continue
        kind = (detail.get("type") or "text/html").lower()
        text = html_to_text(value) if "html" in kind else html.unescape(value).strip()
        if text:
            return text
    return ""


def _entry_title(entry: Any) -> str:
    title = entry.get("title", "") or ""
    if "html" in ((entry.get("title_detail") or {}).get("type") or ""):
        title = html_to_text(title)
    return clean_line(html.unescape(title), 240)


def _iso(parsed: Any) -> str:
    if not parsed:
        return ""
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(parsed)))
    except (TypeError, ValueError, OverflowError):
        return ""


def entry_id(key: str) -> str:
    return FEED_ID_PREFIX + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _not_a_feed(source: str, data: bytes, parsed: Any) -> UserError:
    if _HTML_ROOT.match(data[:2048]):
        page = data[:65536].decode("utf-8", "replace")
        for tag in _ALTERNATE.findall(page):
            href = _HREF.search(tag)
            if href:
                return UserError(
                    f"{source}: not a feed but an HTML page (it links to a feed: {html.unescape(href.group(1))})"
                )
        return UserError(f"{source}: not a feed but an HTML page")
    if not data.strip():
        return UserError(f"{source}: not a feed (empty)")
    return UserError(f"{source}: not a feed ({_bozo_reason(parsed)})")


def _bozo_reason(parsed: Any) -> str:
    err = parsed.get("bozo_exception")
    if err is None:
        return "no RSS or Atom elements"
    reason = getattr(err, "getMessage", lambda: str(err))()
    line = getattr(err, "getLineNumber", lambda: None)()
    return f"{reason} at line {line}" if line else str(reason)


def parse_feed(data: bytes, source: str) -> FeedResult:
    """Parse feed bytes; raises UserError when they are not a feed at all."""
    import feedparser  # imported late: it is slow to import and only feeds need it

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries and not parsed.get("version"):
        raise _not_a_feed(source, data, parsed)
    feed_title = clean_line(parsed.feed.get("title", "") or "")
    result = FeedResult(title=feed_title)
    err = parsed.get("bozo_exception")
    if parsed.get("bozo") and err is not None:
        if type(err).__name__ == "CharacterEncodingOverride":
            result.warnings.append(f"{source}: wrong declared encoding, decoded as {parsed.get('encoding', '?')}")
        elif entries:
            result.warnings.append(
                f"{source}: not well-formed XML ({_bozo_reason(parsed)}); read the {len(entries)} entries that parsed"
            )
    if not entries:
        result.warnings.append(f"{source}: feed has no entries")
    nameless = 0
    for number, entry in enumerate(entries, start=1):
        title = _entry_title(entry)
        text = _entry_text(entry)
        if not text:
            text = title
        if not text:
            result.warnings.append(f"{source}: entry {number} has no title or text, skipped")
            continue
        published = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        link = entry.get("link", "") or ""
        key = entry.get("id") or link
        if not key:
            nameless += 1
            key = f"{title}\n{published}\n{text if not (title or published) else ''}"
        author = entry.get("author", "") or ""
        result.articles.append(
            Article(
                id=entry_id(key),
                title=title or text.split("\n", 1)[0][:120],
                text=normalise_text(text),
                source=feed_title,
                published=published,
                url=clean_line(link) if is_url(link) else "",
                author=clean_line(author),
                location=source,
            )
        )
    if nameless:
        what = "1 entry has" if nameless == 1 else f"{nameless} entries have"
        result.warnings.append(f"{source}: {what} no id or link; identified by title and date")
    return result


def load_feed(source: str | Path, *, timeout: float | None = None, cancel: threading.Event | None = None) -> FeedResult:
    """Read (or fetch) and parse a feed: one call for the corpus and the import command.

    Raises ``FetchCancelled`` when ``cancel`` is set while a URL is fetched."""
    return parse_feed(read_source(source, timeout=timeout, cancel=cancel), clean_line(str(source)))
