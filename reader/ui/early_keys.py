"""Keys typed before the library has its corpus: held, then replayed in order.

A user who starts newsdesk and types ``j j Enter`` at once expects the third article to
open. Before the rows are listed those keys would move a cursor over an empty list, and
Enter before the corpus is ready opens nothing: they were lost. So the app holds every key
until the library has read its corpus (``CorpusReady``) or failed to (``CorpusFailed``),
then posts them again in order. A quit or Esc key (Esc stops a long load) releases what
is held at once, itself last, so a load that never ends (a slow URL) never traps the user.
Typed before the terminal left line mode, Enter arrives as a newline (``ctrl+j``): it is
replayed as Enter.
"""

from __future__ import annotations

from textual import events

RELEASE_NOW = frozenset({"q", "escape", "ctrl+q", "ctrl+c"})
MAX_HELD = 64  # a stuck key or a paste: past this, keys go through as they come


class EarlyKeys:
    def __init__(self) -> None:
        self._held: list[events.Key] | None = []  # None once released

    def hold(self, event: events.Key) -> bool:
        """Keep ``event`` for later (True), or let it through now (False)."""
        if self._held is None or len(self._held) >= MAX_HELD:
            return False
        self._held.append(event)
        return True

    def must_release(self, event: events.Key) -> bool:
        return event.key in RELEASE_NOW

    def release(self) -> list[events.Key]:
        """The held keys, as fresh events to post, in the order typed; holding stops."""
        held, self._held = self._held or [], None
        return [
            events.Key("enter", "\r") if key.key == "ctrl+j" else events.Key(key.key, key.character) for key in held
        ]
