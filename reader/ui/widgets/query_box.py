"""A one-line query box (the library filter, the article search) that never eats keys typed ahead.

Why: Textual hands a key to the focused widget through that widget's own message queue. A
user who types a query, Enter and a command at speed ("/Netanyahu held", Enter, "s", "1") has
"s" and "1" queued in the box before the box has handled Enter, and a plain ``Input`` types
them into itself: the command is lost (or, in the library, the filter changes). Here Enter
gives the focus back in the box's own turn, before the next key is handled, and a key that
still reaches the box once it has lost the focus is not typed: it goes on up to the app,
whose bindings start from the widget that has the focus now, as if it had been typed there.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class QueryBox(Input):
    def __init__(self, *, placeholder: str, id: str, then_focus: str) -> None:
        """``then_focus``: the selector, in the box's screen, of the widget Enter gives the focus to."""
        super().__init__(placeholder=placeholder, id=id)
        self.then_focus = then_focus

    async def _on_key(self, event: events.Key) -> None:
        if self.screen.focused is not self:
            event.prevent_default()  # not typed here; it still bubbles up to the app's bindings
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()  # the Input's own Enter binding would submit a second time
            self.screen.set_focus(self.screen.query_one(self.then_focus))
            await self.action_submit()  # Input's own: validates, posts Submitted
