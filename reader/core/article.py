"""The article record every part of newsdesk shares.

Offsets everywhere refer to ``Article.text``: Python code points into the text as
normalised at ingest (see ``reader.text.normalise``). Nothing changes the text after that.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from reader.core.words import word_count

FEED_ID_PREFIX = "feed:"  # + a hash of a feed entry's own id or link
CONTENT_ID_PREFIX = "h:"  # + a hash of the title and text of an article given no id


def id_is_global(article_id: str) -> bool:
    """Whether the id names the article wherever it is read from (a feed entry's, or a hash of
    what it says), unlike a file's path in its folder or a JSONL file's own numbering, which
    another corpus may give another article."""
    return article_id.startswith((FEED_ID_PREFIX, CONTENT_ID_PREFIX))


def text_sha256(text: str) -> str:
    """The fingerprint stored with every span, so an edited source is detected."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What the library lists: everything about an article but its text.

    The text is loaded on demand. ``location`` says how to load the text again (a file
    path, or ``path#byte-offset`` for a JSONL line); its meaning belongs to the corpus loader.
    """

    id: str
    title: str
    source: str = ""
    published: str = ""  # ISO 8601 date or datetime, "" when unknown
    url: str = ""
    author: str = ""
    word_count: int = 0
    location: str = ""


META_FIELDS = ("id", "title", "source", "published", "url", "author", "word_count", "location")
# An ArticleMeta's fields in order, as a tuple: a row of the library index.
meta_row = attrgetter(*META_FIELDS)


@dataclass(frozen=True, slots=True)
class Article:
    """An article with its text: what the reader shows and what spans point into."""

    id: str
    title: str
    text: str
    source: str = ""
    published: str = ""
    url: str = ""
    author: str = ""
    location: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    @property
    def word_count(self) -> int:
        return word_count(self.text)

    def meta(self) -> ArticleMeta:
        return ArticleMeta(
            id=self.id,
            title=self.title,
            source=self.source,
            published=self.published,
            url=self.url,
            author=self.author,
            word_count=self.word_count,
            location=self.location,
        )


# The metadata an article's file gives as text (JSONL fields, front matter, metadata.yaml, imports).
TEXT_FIELDS = ("title", "source", "published", "url", "author")


def json_kind(value: Any) -> str:
    """What a JSON value is, in the words of a warning ("true", "a number", "a list"); a tuple is
    a list too (how msgpack, in a spaCy DocBin's user data, gives one back)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    return "a list" if isinstance(value, list | tuple) else "an object"


def text_field_problem(key: str, value: Any) -> str | None:
    """Why ``value`` cannot be the text field ``key`` (a string, or null for none), or None.

    A ``true`` or a list shown as "True" or "['x']" would hide a file written wrong."""
    if value is None or isinstance(value, str):
        return None
    return f'"{key}" is not a string but {json_kind(value)}'


def id_problem(key: str, value: Any) -> str | None:
    """Why ``value`` cannot be an article id (a string or an integer, or null for none), or None.

    ``true`` or ``1.5`` is not an id someone numbered; taking it as none would give the article
    a hash id silently, and as text an id ("True") nobody wrote."""
    if value is None or (isinstance(value, str | int) and not isinstance(value, bool)):
        return None
    kind = "a decimal number" if isinstance(value, float) else json_kind(value)
    return f'"{key}" is not a string or an integer but {kind}'
