"""The help screen: labels first, every section once, keys whole, columns aligned at any width."""

from __future__ import annotations

import io
import re

import pytest
from conftest import wait_ready
from rich.console import Console
from textual.widgets import Static

from reader.ui.commands import display_keys
from reader.ui.registry import command_groups
from reader.ui.screens.help import HelpScreen, merged_groups


def rendered(static: Static, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(static.content)
    return out.getvalue()


def headings(screen: HelpScreen) -> list[str]:
    return [str(s.content) for s in screen.query(Static) if s.has_class("heading")]


def test_a_section_named_twice_is_shown_once_and_a_command_once():
    class C:
        def __init__(self, id):
            self.id = id

    a, b, c = C("a"), C("b"), C("c")
    merged = merged_groups([("One", (a, b)), ("Two", (c,)), ("One", (b, c))])
    assert list(merged) == ["One", "Two"] and [x.id for x in merged["One"]] == ["a", "b", "c"]


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
async def test_help_lists_labels_first_then_each_section_once_with_whole_aligned_keys(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter", "question_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        titles = headings(screen)
        assert titles[0] == "Labels (the default schema)"
        assert len(titles) == len(set(titles)) and "Everywhere" in titles
        statics = list(screen.query(Static))
        width = statics[0].size.width
        text = "\n".join(rendered(s, width) for s in statics)
        for label in app.schema.labels:  # key, name and description (the first words: it wraps)
            assert re.search(rf"^{re.escape(label.key)}\s+{label.name}\s+{label.description.split()[0]}", text, re.M)
        columns, ids = set(), set()  # where each row's text (and id) starts: one column for all sections
        key_column = 12 if size[0] < 100 else 20  # narrower at 80 columns: the text keeps its room
        for _title, commands in command_groups():
            for command in commands:
                keys = first_line(display_keys(app.keys_for(command)), key_column)
                row = re.search(rf"^{re.escape(keys)}( +){re.escape(command.help.split()[0])}", text, re.M)
                assert row, keys  # the keys (their first line when they wrap at a space), at the start of their row
                columns.add(len(keys) + len(row.group(1)))
                if size[0] >= 120:  # room for the ids' own column, the same in every section
                    line = text[row.start() : text.index("\n", row.start())]
                    ids.add(line.index(command.id))
        assert len(columns) == 1 and len(ids) == (1 if size[0] >= 120 else 0)
        assert "ctrl+p" in text and "…" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


def first_line(keys: str, width: int) -> str:
    """What of ``keys`` a column ``width`` cells wide shows on its first line (it wraps at spaces)."""
    words = keys.split(" ")
    line = words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) > width:
            break
        line += " " + word
    return line


async def test_everywhere_keys_work_on_the_help_screen(make_app):
    """T switches the theme under the help screen, and the theme stays after help closes; S opens
    the statistics over it; ? closes it."""
    from reader.ui.screens.stats import StatsScreen

    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        before = app.theme
        await pilot.press("T")
        await pilot.pause()
        assert app.theme != before and isinstance(app.screen, HelpScreen)
        switched = app.theme
        await pilot.press("S")
        await wait_ready(app, pilot)
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen) and app.theme == switched
