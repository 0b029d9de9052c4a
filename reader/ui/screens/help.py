"""``?``: the label schema first, then every key grouped by screen, in one set of aligned columns.

The sections come from ``reader.ui.registry`` (the commands themselves); this
module only lays them out: the same column widths in every section, keys wrapped at
their commas rather than cut, a section named twice shown once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.ui.app_commands import APP_ACTIONS
from reader.ui.commands import Command, bindings_for, display_keys
from reader.ui.theming import label_chip_style
from reader.ui.widgets.key_bar import KeyBar, command_items

if TYPE_CHECKING:
    from annotations.schema import Label
    from reader.core.themes import ThemeSpec
    from reader.ui.app import NewsdeskApp

KEYS_WIDTH = 20  # keys longer than this wrap at their commas ("PgDn, ctrl+f, Space")
EVERYWHERE = "Everywhere"
WIDE_TEXT = 50  # cells the help text needs before the ids get a column of their own
NARROW = 100  # cells: in a window narrower than this the keys column gives way to the text
NARROW_KEYS = 12  # the keys column there: the longest label key ("t, then name") fits
MAX_LABELS_SHOWN = 200  # rows of the schema in the help; the rest are counted


class HelpRow(NamedTuple):
    keys: str
    does: Text
    id: str = ""


def merged_groups(groups: Iterable[tuple[str, Sequence[Command]]]) -> dict[str, list[Command]]:
    """Sections by title, in first-seen order: a title given twice is one section, and a
    command listed twice in a section (by id) is one row."""
    merged: dict[str, list[Command]] = {}
    for title, commands in groups:
        section = merged.setdefault(title, [])
        seen = {command.id for command in section}
        for command in commands:
            if command.id not in seen:
                seen.add(command.id)
                section.append(command)
    return merged


class HelpSection:
    """One section's rows, laid out for the width it is given: keys, what they do and the
    command id in three columns when there is room, else the id dimmed after the text.
    Every section gets the same key and id widths, so the columns line up down the screen."""

    def __init__(self, rows: Sequence[HelpRow], keys_width: int, id_width: int) -> None:
        self.rows = rows
        self.keys_width = keys_width
        self.id_width = id_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        keys_width = fitted_keys_width(self.keys_width, options.max_width)
        wide = options.max_width >= keys_width + self.id_width + WIDE_TEXT
        table = Table(box=None, show_header=False, pad_edge=False, expand=True, padding=(0, 2, 0, 0))
        table.add_column("keys", width=keys_width, overflow="fold")
        table.add_column("does", ratio=1)
        if wide:
            table.add_column("id", width=self.id_width, no_wrap=True, style="dim")
        for row in self.rows:
            if wide:
                table.add_row(Text(row.keys), row.does, Text(row.id))
            else:
                does = Text.assemble(row.does, ("  " + row.id, "dim")) if row.id else row.does
                table.add_row(Text(row.keys), does)
        yield table


def fitted_keys_width(keys_width: int, max_width: int) -> int:
    """The keys column in a window ``max_width`` cells wide: at most ``NARROW_KEYS`` below
    ``NARROW``, so that at 80 columns the descriptions are not squeezed into a third of the
    line (longer keys wrap at their commas). Every section and the labels get the same."""
    return min(keys_width, NARROW_KEYS) if max_width < NARROW else keys_width


class LabelsTable:
    """``labels_table`` laid out for the width it is given (``fitted_keys_width``)."""

    def __init__(self, labels: Sequence[Label], spec: ThemeSpec, keys_width: int) -> None:
        self.labels, self.spec, self.keys_width = labels, spec, keys_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield labels_table(self.labels, self.spec, fitted_keys_width(self.keys_width, options.max_width))


def labels_table(labels: Sequence[Label], spec: ThemeSpec, keys_width: int) -> Table:
    """The schema: each label's key (t and its name for one without a key), name and description.

    At most ``MAX_LABELS_SHOWN`` rows, then how many more: a schema of 20,000 labels would
    otherwise be laid out whole (seconds) each time ``?`` is pressed."""
    table = Table(box=None, show_header=False, pad_edge=False, expand=True, padding=(0, 2, 0, 0))
    table.add_column("key", width=keys_width, overflow="fold")
    table.add_column("label", no_wrap=True)
    table.add_column("description", ratio=1)
    for index, label in enumerate(labels[:MAX_LABELS_SHOWN]):
        chip = label_chip_style(spec, label.name, index) + Style(bold=True)
        name = Text.assemble((f" {label.name} ", chip))  # a span, not the cell's style: no padding drawn
        table.add_row(Text(label_key(label)), name, Text(label.description))
    if len(labels) > MAX_LABELS_SHOWN:
        more = len(labels) - MAX_LABELS_SHOWN
        table.add_row(Text("t, then name"), Text(f"… and {more:,} more"), Text("t then a name tags with any label"))
    return table


def label_key(label: Label) -> str:
    return label.key or "t, then name"


HELP_ACTIONS = (
    Command("help.close", "escape,q", "dismiss", "Close", "Close the help"),
    # ? opens the help and closes it: the app's command, so a keymap moving one moves both
    replace(next(c for c in APP_ACTIONS if c.id == "app.help"), action="dismiss", help="Close the help"),
)
# The app's other commands, run on the app: a modal screen's key chain stops at the screen.
FORWARDED = tuple(replace(c, action=f"app.{c.action}") for c in APP_ACTIONS if c.id not in {h.id for h in HELP_ACTIONS})


class HelpScreen(ModalScreen[None]):
    """Every key and the label schema, over the screen it was opened on; the commands listed
    under "Everywhere" work here too."""

    app: NewsdeskApp  # the app it runs in, for the schema, the theme and the keys

    ACTIONS = HELP_ACTIONS
    BINDINGS = bindings_for(HELP_ACTIONS + FORWARDED)

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 110; max-width: 100%; height: 90%; border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen .title { text-style: bold; }
    HelpScreen .heading { text-style: bold; color: $accent; margin-top: 1; }
    HelpScreen > KeyBar { dock: bottom; }
    """

    def __init__(self, groups: Sequence[tuple[str, Sequence[Command]]]) -> None:
        super().__init__()
        self.groups = groups  # (heading, commands), from the registry

    def compose(self) -> ComposeResult:
        app = self.app
        sections = {
            title: [HelpRow(display_keys(app.keys_for(c)), Text(c.help), c.id) for c in commands]
            for title, commands in merged_groups(self.groups).items()
        }
        sections.setdefault(EVERYWHERE, []).extend(
            [
                HelpRow("ctrl+p", Text("Command palette: every action, the themes, the entity types")),
                HelpRow("q", Text("Quit, from the library (in an article: back to the library)"), "app.q"),
            ]
        )
        every = [row for rows in sections.values() for row in rows]
        shown = app.schema.labels[:MAX_LABELS_SHOWN]
        key_lengths = [len(row.keys) for row in every] + [len(label_key(label)) for label in shown]
        keys_width = min(KEYS_WIDTH, max(key_lengths))
        id_width = max(len(row.id) for row in every)
        with VerticalScroll():
            yield Static(
                Content("newsdesk help · Esc closes · keys are remapped by id in keymap.yaml"), classes="title"
            )
            yield Static(Content(self.labels_title(app)), classes="heading")
            yield Static(LabelsTable(app.schema.labels, app.theme_spec, keys_width))
            yield Static(Content("Select text first (s sentence, p paragraph, v and motions), then the label's key"))
            for title, rows in sections.items():
                yield Static(Content(title), classes="heading")
                yield Static(HelpSection(rows, keys_width, id_width))
        yield KeyBar(lambda: command_items(self.app, (self, self.ACTIONS)), id="keys")

    @staticmethod
    def labels_title(app: NewsdeskApp) -> str:
        from annotations.schema import shipped_schema_path

        path = app.schema.path
        if path is None or path == shipped_schema_path():
            return "Labels (the default schema)"
        return f"Labels ({path})"
