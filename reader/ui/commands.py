"""One object per user action: its keys, footer label, help text and palette entry.

Screens and widgets declare ``ACTIONS``; ``bindings_for`` turns them into Textual
bindings carrying the command id (so users can remap them in ``keymap.yaml``), the help
screen lists them, and the command palette offers them. Nothing is declared twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from textual.binding import Binding

KEY_NAMES = {
    "dollar_sign": "$",
    "greater_than_sign": ">",
    "less_than_sign": "<",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "question_mark": "?",
    "slash": "/",
    "full_stop": ".",
    "equals_sign": "=",
    "exclamation_mark": "!",
    "left_parenthesis": "(",
    "right_parenthesis": ")",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "pagedown": "PgDn",
    "pageup": "PgUp",
}


@dataclass(frozen=True)
class Command:
    """One user action."""

    id: str  # binding id, used by keymap.yaml: e.g. "article.tag_sentence"
    keys: str  # default keys, comma separated, Textual key names
    action: str  # Textual action string, e.g. "select_sentence" or "tag('demand')"
    label: str  # short footer label
    help: str  # one line for the help screen and the command palette
    show: bool = True  # shown in the footer
    palette: bool = True  # offered in the command palette
    priority: bool = False

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.show,
            id=self.id,
            priority=self.priority,
            tooltip=self.help,
            key_display=display_keys(self.keys.split(",")[0]),
        )


def display_keys(keys: str) -> str:
    return ", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def bindings_for(commands: Iterable[Command]) -> list[Binding]:
    return [command.binding() for command in commands]


class Entry(NamedTuple):
    """One line of the palette: what it says, its help line, what choosing it runs."""

    name: str
    help: str
    run: Callable[[], Any]
