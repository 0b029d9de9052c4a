"""``?``: every key, grouped by screen, and the label schema with its keys."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.ui.commands import display_keys


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 95%; height: 90%; border: thick $primary; background: $surface; padding: 0 2;
    }
    HelpScreen .heading { text-style: bold; color: $accent; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        app = self.app
        with VerticalScroll():
            yield Static(
                Content("newsdesk keys  (Esc closes; keys are remappable in keymap.yaml by id)"), classes="heading"
            )
            for title, commands in app.command_groups():
                yield Static(Content(title), classes="heading")
                table = Table(box=None, show_header=False, pad_edge=False, expand=True)
                table.add_column("keys", width=16, no_wrap=True)
                table.add_column("does", ratio=1)
                table.add_column("id", style="dim", no_wrap=True)
                for command in commands:
                    table.add_row(Text(display_keys(app.keys_for(command))), Text(command.help), Text(command.id))
                yield Static(table)
            yield Static(Content(f"Labels ({app.schema_name()})"), classes="heading")
            lines = []
            for label in app.schema.labels:
                key = label.key or "t"
                lines.append(f"  {key:<4} {label.name:<22} {label.description}")
            lines.append("  .    repeat the last label;  t  pick any label by name;  A  tag every occurrence")
            yield Static(Content("\n".join(lines)))
            yield Static(Content("Everywhere"), classes="heading")
            yield Static(
                Content(
                    "  ?                      this help\n  ctrl+p                 command palette "
                    "(every action, themes, entity types)\n  ctrl+q                 quit"
                )
            )
