"""A modal for long operations (export, import): a progress bar, and Esc to cancel without harm.

When the work ends with more to say than one line (an export's notes on what a format cannot
carry, an import's warnings), the modal shows it in place of the bar until Enter or Esc: a
notice that long covered half an 80x24 screen, and whatever dialog the user opened next, for
as long as it stayed up.
"""

from __future__ import annotations

import threading

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static

from reader.ui.screens.modals import MODAL_CSS


class ProgressModal(ModalScreen[None]):
    """Shows progress of a worker; Esc sets ``cancel`` (the worker stops, writing nothing)."""

    DEFAULT_CSS = (
        MODAL_CSS.format(name="ProgressModal")
        + """
    ProgressModal #report { display: none; height: auto; max-height: 40vh; }  /* the hint below stays in view */
    ProgressModal #hint { margin-top: 1; }
    """
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("enter", "close_report", "Close", show=False)]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self.cancel = threading.Event()
        self._finished = False
        self.report_text = ""  # what the finished work said here; "" while it runs

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.title_text), classes="title")
            yield ProgressBar(id="bar", show_eta=False)
            with VerticalScroll(id="report"):
                yield Static(id="report-text")
            yield Label(Content("Esc cancels (nothing is written)"), id="hint")

    def update_progress(self, done: int, total: int | None) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)

    def report(self, message: str) -> None:
        """The work is over: ``message`` (plain text, scrolled if long) stays here until Enter or Esc."""
        if not self.is_attached or not message:
            return
        self.report_text = message
        self.query_one(ProgressBar).display = False
        self.query_one("#report-text", Static).update(Content(message))
        report = self.query_one("#report")
        report.display = True
        report.focus()  # the arrow keys scroll a long report
        self.query_one("#hint", Label).update(Content("↑↓ scroll · Enter or Esc closes"))

    def action_close_report(self) -> None:
        if self.report_text:
            self.dismiss()

    def close(self) -> None:
        """The work is over: close now if this modal is on top, else once the screens above it close.

        Why not ``dismiss`` alone: it pops whatever screen is on top, so a screen opened from the
        palette while an export ran (Stats, say) would close instead, leaving this bar up for ever.
        """
        if not self.is_attached or self._finished:
            return
        self._finished = True
        self._dismiss_if_on_top()

    def on_screen_resume(self) -> None:
        if self._finished:
            self._dismiss_if_on_top()

    def _dismiss_if_on_top(self) -> None:
        # The check matters twice: a screen above waits its turn, and the resume event of this
        # modal's own push can arrive after a quick worker has already closed it.
        if self.app.screen is self:
            self.dismiss()

    def on_unmount(self) -> None:
        """Closed, or the app quits: a worker still running (a slow URL) stops, so its thread ends."""
        self.cancel.set()

    def action_cancel(self) -> None:
        if self.report_text:  # nothing left to cancel: Esc closes the report
            self.dismiss()
            return
        self.cancel.set()
        self.query_one("#hint", Label).update(Content("cancelling…"))
