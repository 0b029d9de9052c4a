"""SVG snapshots of the key screens at a fixed size (update with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

SNAP_DB = Path("annotations.db")  # relative to the test's own folder: the status line shows it


@pytest.fixture
def snap_app(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def build(theme="newsdesk-dark"):
        return make_app(db=SNAP_DB, theme=theme, clock=lambda: 0.0)

    yield build


async def _ready(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_article_with_spans_snapshot(snap_compare, snap_app):
    async def tag(pilot):
        await _ready(pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        view = pilot.app.screen.view
        text = view.text
        view.move_cursor(text.index("ready to make a partial concession"))
        await pilot.press("s", "2")
        view.move_cursor(text.index("partial concession"))
        await pilot.press("v", "e", "w", "e", "1")
        view.move_cursor(text.index("Israeli media"))
        await pilot.pause()

    assert snap_compare(snap_app(), terminal_size=(120, 30), run_before=tag)


def test_article_light_theme_snapshot(snap_compare, snap_app):
    async def open_first(pilot):
        await _ready(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(snap_app("newsdesk-light"), terminal_size=(100, 25), run_before=open_first)


def test_library_snapshot(snap_compare, snap_app):
    assert snap_compare(snap_app(), terminal_size=(120, 30), run_before=_ready)
