"""Small modal dialogs: confirm, edit a note, pick a label."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from annotations.schema import Label as SchemaLabel

MODAL_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 70; max-width: 90%; height: auto; max-height: 80%;
    border: thick $primary; background: $surface; padding: 1 2;
}}
{name} .title {{ text-style: bold; margin-bottom: 1; width: 100%; }}  /* wrapped: a long path is read whole */
{name} Horizontal {{ height: auto; align-horizontal: right; margin-top: 1; }}
{name} Button {{ margin-left: 1; }}
"""


class ConfirmModal(ModalScreen[bool]):
    """Yes/no, answered with y/Enter or n/Esc."""

    AUTO_FOCUS = "#yes"  # focused as the screen is pushed, so keys typed at once are not lost

    DEFAULT_CSS = MODAL_CSS.format(name="ConfirmModal")
    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str, *, default: bool = True) -> None:
        """``default``: what Enter answers (the focused button); False where Yes loses something."""
        super().__init__()
        self.question = question
        if not default:
            self.AUTO_FOCUS = "#no"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.question), classes="title")
            with Horizontal():
                yield Button("Yes (y)", variant="primary", id="yes")
                yield Button("No (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class NoteModal(ModalScreen[str | None]):
    """Edit a span's note; ctrl+s saves, Esc cancels."""

    DEFAULT_CSS = MODAL_CSS.format(name="NoteModal") + "NoteModal TextArea { height: 8; }"
    # Not a priority binding: ctrl+s waits its turn behind the keys typed before it, in the text box
    # (a priority binding would save before a fast typist's or a paste's last characters were in).
    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.title_text = title
        self.note = note

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea  # a heavy import, needed only when a note is edited

        with Vertical():
            yield Label(Content(self.title_text), classes="title")
            yield TextArea(self.note, id="note", soft_wrap=True, show_line_numbers=False)
            yield Label(Content("ctrl+s save · Esc cancel"))
            with Horizontal():
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    AUTO_FOCUS = "#note"

    def on_mount(self) -> None:
        area = self.query_one("#note")
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    @property
    def unsaved(self) -> bool:
        """The note as typed differs from the one stored: quitting would lose it (the app asks)."""
        return self.query_one("#note").text.strip() != self.note.strip()

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note").text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class LabelPicker(ModalScreen[str | None]):
    """Choose a label by typing its key or part of its name; reaches every label, keyed or not."""

    DEFAULT_CSS = MODAL_CSS.format(name="LabelPicker") + "LabelPicker OptionList { height: auto; max-height: 20; }"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, title: str, labels: Sequence[SchemaLabel]) -> None:
        super().__init__()
        self.title_text = title
        self.labels = list(labels)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.title_text), classes="title")
            yield Input(placeholder="type to filter labels", id="filter")
            yield OptionList(id="labels")

    AUTO_FOCUS = "#filter"

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        q = query.strip().lower()
        # A label's own key first, then the names holding what was typed; never the descriptions
        # (typing "1" must keep "[1] demand", not a label whose description mentions "12").
        keyed = [label for label in self.labels if q and (label.key or "").lower() == q]
        named = [label for label in self.labels if q in label.name.lower() and label not in keyed]
        for label in keyed + named:
            key = f"[{label.key}] " if label.key else "    "
            options.add_option(Option(Content(key + label.name), id=label.name))
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def action_cancel(self) -> None:
        self.dismiss(None)
