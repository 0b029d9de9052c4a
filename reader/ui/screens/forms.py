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

from reader.corpus.library_index import title_key
from reader.ui.one_line import one_line
from reader.ui.screens.modals import MODAL_CSS


def _folded(text: str) -> str:
    """Text as the filter compares it: no case, no accents, one space between words."""
    return title_key(" ".join(text.split()))


class ChoiceModal(ModalScreen[str | None]):
    """Choose one of the options: type to narrow them, Up/Down and Enter (or a click); Esc
    clears what was typed, then cancels.

    Why typing filters: a database holds dozens of actors, and a user types a name expecting
    the list to narrow. The typed text has an Input of its own, focused, so printable keys are
    the filter's: they never reach a command of the screen below (q, t, a label key).
    ``typed`` gives options for the text itself (``=``: a new actor of that name), shown after
    the matches; what a choice means stays with the caller.
    """

    # One row for the filter, and a list that leaves the title and hint their rows in an 80x24
    # terminal (the box is at most 80% of it). The list never has focus: its highlight is drawn
    # as a focused list's, since Up/Down move it.
    DEFAULT_CSS = (
        MODAL_CSS.format(name="ChoiceModal")
        + """
    ChoiceModal OptionList { height: auto; max-height: 45vh; border: none; padding: 0 1; margin-top: 1; }
    ChoiceModal OptionList > .option-list--option-highlighted {
        color: $block-cursor-foreground; background: $block-cursor-background; text-style: $block-cursor-text-style;
    }
    ChoiceModal Input { border: none; height: 1; padding: 0 1; background: $boost; }
    ChoiceModal Input:focus { border: none; background: $primary 30%; }
    """
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "move(10)", show=False),
        Binding("pageup", "move(-10)", show=False),
    ]
    AUTO_FOCUS = "#filter"

    def __init__(
        self,
        title: str,
        options: Sequence[tuple[str, str]],
        hint: str = "Enter links · Esc cancels",
        *,
        placeholder: str = "type to filter",
        typed: Callable[[str], Sequence[tuple[str, str]]] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)  # every option, as given: (choice, text)
        self.hint = hint
        self.placeholder = placeholder
        self.typed = typed
        self.shown: list[tuple[str, str]] = self.options  # the options listed now, in order
        self._folded = [_folded(text) for _, text in self.options]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.title_text), classes="title")
            yield Input(placeholder=self.placeholder, id="filter")
            choices = OptionList(id="choices")
            choices.can_focus = False  # the filter keeps the keys; a click still chooses
            yield choices
            yield Label(Content(self.hint))

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, typed: str) -> None:
        """List the options whose text holds ``typed`` (no case, no accents), then ``typed``'s own."""
        query = _folded(typed)
        shown = [option for option, folded in zip(self.options, self._folded, strict=True) if query in folded]
        if query and self.typed is not None:
            keys = {key for key, _ in shown}
            shown += [(key, text) for key, text in self.typed(typed) if key not in keys]
        self.shown = shown
        choices = self.query_one(OptionList)
        choices.clear_options()
        if not shown:
            choices.add_option(Option(Content(f"nothing matches “{one_line(typed, 40)}”"), disabled=True))
            return
        choices.add_options(Option(Content(text), id=key) for key, text in shown)
        choices.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        choices = self.query_one(OptionList)
        if self.shown and choices.highlighted is not None:
            self.dismiss(self.shown[choices.highlighted][0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, delta: int) -> None:
        choices = self.query_one(OptionList)
        if self.shown:
            current = choices.highlighted or 0
            choices.highlighted = max(0, min(len(self.shown) - 1, current + delta))

    def action_cancel(self) -> None:
        field = self.query_one("#filter", Input)
        if field.value:
            field.value = ""
            return
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
