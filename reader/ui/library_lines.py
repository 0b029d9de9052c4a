"""The library's header line and the line an empty listing shows, as plain strings.

Why apart: both say which filters are on, and both must stay readable at 80 columns, where
the header used to cut the status filter's name and an empty list said nothing at all.
"""

from __future__ import annotations

from rich.cells import cell_len

from reader.core.wording import status_name
from reader.ui.one_line import one_line

SEPARATOR = " · "


def top_line(corpus: str, count: str, shown: str | None, status: str, text: str, sort: str, width: int) -> str:
    """``newsdesk · seeds · 5 articles · 0 shown · status: done · filter: x · sort: ...``.

    The filters come before the sort, and when the line is wider than ``width`` (0: unknown)
    the app's name goes first, then the sort: the filters are the last part cut off."""
    filters = [
        p
        for p in (shown, f"status: {status_name(status)}" if status != "all" else "", f"filter: {text}" if text else "")
        if p
    ]
    candidates = (
        ["newsdesk", corpus, count, *filters, sort],
        [corpus, count, *filters, sort],
        [corpus, count, *filters],
    )
    for parts in candidates:
        line = SEPARATOR.join(parts)
        if not width or cell_len(line) <= width:
            return line
    return line


def nothing_matches(status: str, text: str, status_key: str, clear_key: str) -> str:
    """The one line an empty listing shows: what matched nothing, and the keys that widen it
    (short: at 80 columns it fits beside the list's margin)."""
    if text and status != "all":
        return f"No article matches both filters: {clear_key} clears the text, {status_key} changes the status"
    if text:
        return f"No article matches “{one_line(text, 24)}”: press {clear_key} to clear the filter"
    return f"No article is {status_name(status)}: press {status_key} until “all” to list every article"
