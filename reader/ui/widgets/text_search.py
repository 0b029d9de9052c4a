"""Searching the article's text as you type: the box under the text and the matching rule.

The box keeps the query after Enter, so n / N go on to the next and previous match, and
the place the search started from, so Esc goes back there. What a match does to the text
(the cursor moved, the match highlighted) is the screen's: the box posts ``QueryChanged``.
"""

from __future__ import annotations

from bisect import bisect_left

from textual.message import Message

from reader.ui.widgets.query_box import QueryBox


def find_match(text: str, query: str, cursor: int, direction: int, *, from_next: bool) -> tuple[int, int] | None:
    """(start, end) of the next (``direction`` > 0) or previous case-insensitive match of ``query``
    from ``cursor``, wrapping around the text; None when there is none. Offsets are the text's:
    casefolding can lengthen a character (ß -> ss), so matches are found in the folded text and
    mapped back."""
    folded, needle = text.casefold(), query.casefold()
    if not needle:
        return None
    # where each character of the folded text comes from, when folding changed the length
    origin = None if len(folded) == len(text) else [i for i, ch in enumerate(text) for _ in ch.casefold()]
    at = cursor if origin is None else bisect_left(origin, cursor)
    if direction > 0:
        pos = folded.find(needle, at + (1 if from_next else 0))
        if pos < 0:
            pos = folded.find(needle)  # wrap around
    else:
        pos = folded.rfind(needle, 0, max(0, at))
        if pos < 0:
            pos = folded.rfind(needle)
    if pos < 0:
        return None
    if origin is None:
        return pos, pos + len(needle)
    return origin[pos], origin[pos + len(needle) - 1] + 1


class TextSearch(QueryBox):
    class QueryChanged(Message):
        """The query was typed or erased: search again from ``origin``."""

        def __init__(self, query: str, origin: int) -> None:
            super().__init__()
            self.query = query
            self.origin = origin

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="search the text  (Enter: stay here · Esc: go back · then n / N)", id=id, then_focus="#view"
        )
        self.term = ""  # the search n / N continue, kept after Enter (``query`` is a DOM method)
        self.origin = 0  # the cursor when the search started

    @property
    def is_open(self) -> bool:
        return self.has_focus or self.has_class("visible")

    def open(self, origin: int) -> None:
        """Show the box, empty, with the focus: the keys typed right after '/' land in it."""
        self.origin = origin
        self.value = ""
        self.add_class("visible")
        self.screen.set_focus(self)  # at once, not after a refresh as focus() would

    def close(self) -> None:
        self.remove_class("visible")

    def forget(self) -> bool:
        """Drop the search term (n / N open articles again); whether there was one."""
        had = bool(self.term)
        self.term = ""
        return had

    def on_input_changed(self, event: QueryBox.Changed) -> None:
        event.stop()
        self.term = event.value
        self.post_message(self.QueryChanged(event.value, self.origin))
