"""The key bar at the bottom of each screen, drawn from the command objects.

Textual's ``Footer`` rebuilds its widgets every time a screen becomes active, which
cost more than everything else in opening an article. The keys of a screen rarely
change, so this bar renders them once as one line of text (and again only when asked,
e.g. after a theme or keymap change). Clicking a key runs its command, as in Footer.

When the keys do not all fit (80 columns), the pinned ones (Help: it lists the rest)
stay at the right end and the others are cut at the last that fits, with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widget import Widget

from reader.ui.commands import display_keys

PINNED_COMMANDS = frozenset({"app.help"})  # kept on the bar however narrow it is


class KeyItem(NamedTuple):
    """One entry of the bar; a plain ``(keys, label, run)`` tuple is one too (not pinned)."""

    keys: str  # as shown, e.g. "?"
    label: str
    run: Callable[[], object]  # what a click runs
    pinned: bool = False


def _width(item: KeyItem) -> int:
    return cell_len(f" {item.keys} {item.label} ")


def fit(items: Iterable[KeyItem], width: int) -> tuple[list[KeyItem], bool, list[KeyItem]]:
    """The items drawn from the left, whether some were cut, and the pinned ones drawn at the right."""
    items = [KeyItem(*item) for item in items]
    if not width or sum(_width(item) for item in items) <= width:
        return items, False, []
    pinned = [item for item in items if item.pinned]
    room = width - sum(_width(item) for item in pinned) - 2  # " …"
    left: list[KeyItem] = []
    for item in items:
        if item.pinned:
            continue
        if _width(item) > room:
            break
        left.append(item)
        room -= _width(item)
    return left, True, pinned


class KeyBar(Widget):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--label", "key-bar--hint"}

    DEFAULT_CSS = """
    KeyBar { height: 1; background: $panel; color: $foreground; }
    KeyBar > .key-bar--key { color: $accent; text-style: bold; }
    KeyBar > .key-bar--label { color: $foreground; }
    KeyBar > .key-bar--hint { color: $text-muted; }
    """

    def __init__(self, items: Callable[[], Iterable[KeyItem]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items = items
        self._regions: list[tuple[int, int, Callable[[], object]]] = []  # (x start, x end, run)

    def items(self) -> list[KeyItem]:
        """What the bar shows: (keys, label, what a click runs) for each key."""
        return [KeyItem(*item) for item in self._items()]

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        label_style = self.get_component_rich_style("key-bar--label")
        hint_style = self.get_component_rich_style("key-bar--hint")
        line = Text(no_wrap=True, overflow="crop")
        self._regions = []
        width = self.size.width
        left, cut, right = fit(self.items(), width)

        def add(items: list[KeyItem]) -> None:
            for item in items:
                start = line.cell_len
                line.append(f" {item.keys} ", key_style)
                line.append(f"{item.label} ", label_style)
                self._regions.append((start, line.cell_len, item.run))

        add(left)
        if cut:
            line.append(" …", hint_style)
            line.append(" " * max(0, width - line.cell_len - sum(_width(item) for item in right)))
            add(right)
            return line
        hint = " ^p palette "
        if width and line.cell_len + len(hint) < width:
            line.append(" " * (width - line.cell_len - len(hint)))
            line.append(hint, hint_style)
        return line

    async def on_click(self, event: events.Click) -> None:
        for start, end, run in self._regions:
            if start <= event.x < end:
                await run()
                return


def command_items(app, *groups: tuple[object, Iterable]) -> list[KeyItem]:
    """Key bar entries for the shown commands of each (target, commands) group, keymap applied."""
    items: list[KeyItem] = []
    for target, commands in groups:
        for command in commands:
            if command.show:
                keys = display_keys(app.keys_for(command)).split(", ")[0]
                run = _runner(target, command.action)
                items.append(KeyItem(keys, command.label, run, command.id in PINNED_COMMANDS))
    return items


def _runner(target, action: str) -> Callable[[], object]:
    return lambda: target.run_action(action)
