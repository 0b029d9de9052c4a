"""Keys typed before the library shows its first rows: held, then replayed in order.

A user who starts newsdesk and types ``j j Enter`` at once expects the third article to
open. Before the first rows are listed those keys would move a cursor over an empty list
and be lost. So the app holds every key until the library shows its first rows
(``RowsShown``), then posts them again in order. Enter opens an article only once the
corpus is read (``CorpusReady``), so a held Enter, and what was typed after it, waits for
that (a 100,000-article corpus lists its first rows long before). A failed load
(``CorpusFailed``), a quit key or Esc (Esc stops a long load) release everything at once,
so a load that never ends (a slow URL) never traps the user. Typed before the terminal left
line mode, Enter arrives as a newline (``ctrl+j``): it is replayed as Enter.
Any key the user types also means they have started in the library: the article the last
session ended in, reopened once the corpus is read (seconds after the first rows at a
million articles), is then not opened over them (``typed``).
"""

from __future__ import annotations

from textual import events

RELEASE_NOW = frozenset({"q", "escape", "ctrl+q", "ctrl+c"})
OPENS = frozenset({"enter", "ctrl+j"})  # wants the corpus read, not only listed
MAX_HELD = 64  # a stuck key or a paste: past this, keys go through as they come


class EarlyKeys:
    def __init__(self) -> None:
        self._held: list[events.Key] | None = []  # None once released for good
        self._replayed: list[events.Key] = []  # posted by ``release``, on their way: never held again
        self.typed = False  # the user has typed a key: the last session's article is not reopened

    def hold(self, event: events.Key) -> bool:
        """Keep ``event`` for later (True), or let it through now (False)."""
        if any(event is replayed for replayed in self._replayed):
            self._replayed = [replayed for replayed in self._replayed if replayed is not event]
            return False
        self.typed = True
        if self._held is None or len(self._held) >= MAX_HELD:
            return False
        self._held.append(event)
        return True

    def must_release(self, event: events.Key) -> bool:
        return event.key in RELEASE_NOW

    def release(self, *, corpus_ready: bool = True) -> list[events.Key]:
        """The held keys to post now, as fresh events in the order typed.

        With ``corpus_ready`` False (the first rows are shown, the corpus not yet read) the
        keys from the first held Enter on stay held, and holding goes on behind them;
        otherwise, or when no Enter is held, holding stops for good.
        """
        held = self._held or []
        cut = len(held) if corpus_ready else next((i for i, k in enumerate(held) if k.key in OPENS), len(held))
        now, later = held[:cut], held[cut:]
        self._held = later or None
        fresh = [events.Key("enter", "\r") if k.key == "ctrl+j" else events.Key(k.key, k.character) for k in now]
        self._replayed.extend(fresh)
        return fresh
