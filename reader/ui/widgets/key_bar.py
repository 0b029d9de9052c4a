"""The key bar at the bottom of each screen, drawn from the command objects.

Textual's ``Footer`` rebuilds its widgets every time a screen becomes active, which
cost more than everything else in opening an article. The keys of a screen rarely
change, so this bar renders them once as one line of text (and again only when asked,
e.g. after a theme or keymap change). Clicking a key runs its command, as in Footer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual import events
from textual.widget import Widget

from reader.ui.commands import display_keys

KeyItem = tuple[str, str, Callable[[], object]]  # (keys shown, label, what a click runs)


class KeyBar(Widget):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--label", "key-bar--hint"}

    DEFAULT_CSS = """
    KeyBar { height: 1; background: $panel; color: $foreground; }
    KeyBar > .key-bar--key { color: $accent; text-style: bold; }
    KeyBar > .key-bar--label { color: $foreground; }
    KeyBar > .key-bar--hint { color: $foreground 60%; }
    """

    def __init__(self, items: Callable[[], Iterable[KeyItem]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items = items
        self._regions: list[tuple[int, int, Callable[[], object]]] = []  # (x start, x end, run)

    def items(self) -> list[KeyItem]:
        """What the bar shows: (keys, label, what a click runs) for each key."""
        return list(self._items())

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        label_style = self.get_component_rich_style("key-bar--label")
        hint_style = self.get_component_rich_style("key-bar--hint")
        line = Text(no_wrap=True, overflow="crop")
        self._regions = []
        for keys, label, run in self.items():
            start = line.cell_len
            line.append(f" {keys} ", key_style)
            line.append(f"{label} ", label_style)
            self._regions.append((start, line.cell_len, run))
        hint = " ^p palette "
        width = self.size.width
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
                items.append((keys, command.label, lambda t=target, a=command.action: t.run_action(a)))
    return items
