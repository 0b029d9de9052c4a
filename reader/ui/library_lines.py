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
    the app's name goes first, then the sort, then the start of the corpus's name (a long
    path): the counts and the filters stay."""
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
    # Still too wide (a long corpus path): the path loses its start, whose end names the corpus.
    rest = SEPARATOR.join([count, *filters])
    room = width - cell_len(rest) - cell_len(SEPARATOR)
    return SEPARATOR.join([_cut_start(corpus, room), rest]) if room >= MIN_CORPUS_CELLS else rest


MIN_CORPUS_CELLS = 8  # narrower than this, the corpus is left out of the top line


def _cut_start(text: str, room: int) -> str:
    """``text`` in at most ``room`` cells, its start replaced by an ellipsis when it is cut."""
    if cell_len(text) <= room:
        return text
    kept, used = [], 1  # the ellipsis takes one cell
    for char in reversed(text):
        used += cell_len(char)
        if used > room:
            break
        kept.append(char)
    return "…" + "".join(reversed(kept))


def nothing_matches(status: str, text: str, status_key: str, clear_key: str) -> str:
    """The one line an empty listing shows: what matched nothing, and the keys that widen it
    (short: at 80 columns it fits beside the list's margin)."""
    if text and status != "all":
        return f"No article matches both filters: {clear_key} clears the text, {status_key} changes the status"
    if text:
        return f"No article matches “{one_line(text, 24)}”: press {clear_key} to clear the filter"
    return f"No article is {status_name(status)}: press {status_key} until “all” to list every article"
