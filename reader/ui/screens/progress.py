"""A modal for long operations (export, import): a progress bar, and Esc to cancel without harm."""

from __future__ import annotations

import threading

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar

from reader.ui.screens.modals import MODAL_CSS


class ProgressModal(ModalScreen[None]):
    """Shows progress of a worker; Esc sets ``cancel`` (the worker stops, writing nothing)."""

    DEFAULT_CSS = MODAL_CSS.format(name="ProgressModal")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self.cancel = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.title_text), classes="title")
            yield ProgressBar(id="bar", show_eta=False)
            yield Label(Content("Esc cancels (nothing is written)"), id="hint")

    def update_progress(self, done: int, total: int | None) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)

    def on_unmount(self) -> None:
        """Closed, or the app quits: a worker still running (a slow URL) stops, so its thread ends."""
        self.cancel.set()

    def action_cancel(self) -> None:
        self.cancel.set()
        self.query_one("#hint", Label).update(Content("cancelling…"))
