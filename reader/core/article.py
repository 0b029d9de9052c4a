"""The article record every part of newsdesk shares.

Offsets everywhere refer to ``Article.text``: Python code points into the text as
normalised at ingest (see ``reader.text.normalise``). Nothing changes the text after that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


def text_sha256(text: str) -> str:
    """The fingerprint stored with every span, so an edited source is detected."""
    import hashlib  # here, not at the top: the first screen hashes nothing (OpenSSL set-up)

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ArticleMeta(NamedTuple):
    """What the library lists: everything about an article but its text.

    Kept small so 100,000 of them fit in memory; the text is loaded on demand.
    ``location`` says how to load the text again (a file path, or ``path#byte-offset``
    for a JSONL line); its meaning belongs to the corpus loader. A NamedTuple, not a
    dataclass: made at every start, where creating a dataclass compiles its methods, and
    100,000 of them are made faster than a frozen dataclass's (which sets each field
    through ``object.__setattr__``).
    """

    id: str
    title: str
    source: str = ""
    published: str = ""  # ISO 8601 date or datetime, "" when unknown
    url: str = ""
    author: str = ""
    word_count: int = 0
    location: str = ""


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
        return len(self.text.split())

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
