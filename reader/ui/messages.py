"""What screens tell the app: the app switches screens, the screens do the rest.

Each is posted by a screen on itself and bubbles up to the app.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message


class CorpusReady(Message):
    """The library listed the whole corpus: articles open from it now."""

    def __init__(self, corpus: Any) -> None:
        super().__init__()
        self.corpus = corpus


class RowsShown(Message):
    """The library lists rows (its first batch, or all of a small corpus): early keys can act."""


class CorpusFailed(Message):
    """The library could not read its corpus (the error is shown): keys typed meanwhile act now."""


class OpenArticle(Message):
    """Show the article ``article_id`` (``resumed``: where the last session ended)."""

    def __init__(self, article_id: str, *, resumed: bool = False) -> None:
        super().__init__()
        self.article_id = article_id
        self.resumed = resumed


class OpenNext(Message):
    """From an article, the next listed one that is unread (``which="unread"``) or not done ("todo")."""

    def __init__(self, current_id: str, which: str) -> None:
        super().__init__()
        self.current_id = current_id
        self.which = which


class ArticlesImported(Message):
    """New articles were imported into the library folder."""
