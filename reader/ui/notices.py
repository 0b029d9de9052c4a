"""Which notifications stay on screen: a couple at most, the newest of each kind.

Textual stacks every toast until it times out, so quick keys (undo, undo, undo) or a
corpus with twenty warnings piled toasts up the screen and over the status line. The app
asks ``superseded`` which to take down before it shows a new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.notifications import Notification

from reader.core.wording import plural

MAX_SHOWN = 2
LINES_SHOWN = 5  # of a batch of warnings, in one notification
RANK = {"information": 0, "warning": 1, "error": 2}  # the least serious gives way first


def superseded(shown: Iterable[Notification], new: Notification, keep: int = MAX_SHOWN) -> list[Notification]:
    """The notifications to take down before ``new`` appears: those of its kind (severity and
    title), then the least serious and oldest of the rest, so at most ``keep`` are on screen."""
    shown = list(shown)
    same = [n for n in shown if (n.severity, n.title) == (new.severity, new.title)]
    rest = sorted((n for n in shown if n not in same), key=lambda n: (RANK.get(n.severity, 0), n.raised_at))
    return same + rest[: max(0, len(rest) - (keep - 1))]


def one_notice(lines: Sequence[str], what: str = "warning") -> str:
    """Several messages as one notification: the first few, then how many more there are."""
    text = "\n".join(lines[:LINES_SHOWN])
    if len(lines) > LINES_SHOWN:
        text += f"\n… and {plural(len(lines) - LINES_SHOWN, 'more ' + what)}"
    return text
