"""The two small modals of the link commands: a short list to choose from (``ChoiceModal``: the
other end of a link, an actor's name) and a form of one-line fields (``FormModal``: a casualty
figure's parts, the article's date, source and title).

Why apart from ``linking``: they hold no knowledge of links, and the naming screen uses them too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.ui.screens.modals import MODAL_CSS


class ChoiceModal(ModalScreen[str | None]):
    """Choose one of a few options (Enter or a click); Esc cancels."""

    DEFAULT_CSS = MODAL_CSS.format(name="ChoiceModal") + "ChoiceModal OptionList { height: auto; max-height: 16; }"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#choices"

    def __init__(self, title: str, options: Sequence[tuple[str, str]], hint: str = "Enter links · Esc cancels") -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.title_text), classes="title")
            yield OptionList(*(Option(Content(text), id=key) for key, text in self.options), id="choices")
            yield Label(Content(self.hint))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FormModal(ModalScreen[dict[str, str] | None]):
    """A few one-line fields (the article's date, source, title; a figure's parts); Enter saves, Esc cancels."""

    # One row an input, so the form fits an 80x24 terminal with its hint and any error; focused
    # too (Input's own focus border outranks the plain rule and would leave its text no row).
    DEFAULT_CSS = (
        MODAL_CSS.format(name="FormModal")
        + """
    FormModal Label { margin-top: 0; }
    FormModal Input { border: none; height: 1; padding: 0 1; margin-bottom: 1; background: $boost; }
    FormModal Input:focus { border: none; background: $primary 30%; }
    FormModal #error { color: $text-error; width: 100%; }  /* wrapped: a long reason is read whole */
    """
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        fields: Sequence[tuple[str, str]],
        values: dict[str, str],
        hint: str,
        check: Callable[[dict[str, str]], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.values = values
        self.hint = hint
        self.check = check  # what is wrong with the values (the form stays open, as typed), or None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.title_text), classes="title")
            for name, label in self.fields:
                yield Label(Content(label))
                yield Input(self.values.get(name, ""), id=name)
            yield Label(Content(f"Enter saves · Esc cancels · {self.hint}"))
            yield Label(id="error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @property
    def unsaved(self) -> bool:
        """A field as typed differs from its value: quitting would lose it (the app asks)."""
        return any(self.query_one(f"#{name}", Input).value != self.values.get(name, "") for name, _ in self.fields)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        values = {name: self.query_one(f"#{name}", Input).value for name, _ in self.fields}
        problem = self.check(values) if self.check is not None else None
        if problem is not None:
            self.query_one("#error", Label).update(Content(problem))
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
