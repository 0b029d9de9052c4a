"""SVG snapshots of the library and of an article with spans at 80x24, 120x35 and 200x50
(update with --snapshot-update).

Deterministic: the bundled seeds, a fixed clock (the session timer), the database at a
relative path in the test's own directory (the status line shows it), no toasts.
"""

from __future__ import annotations

import pytest

SIZES = [(80, 24), (120, 35), (200, 50)]


@pytest.fixture
def snap_app(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the status line shows "db: annotations.db", the same on every machine
    return lambda: make_app(db="annotations.db", clock=lambda: 0.0)


async def _ready(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def _tag_first_article(pilot):
    """Open the first article; tag a sentence as demand and flag it, another as concession."""
    await _ready(pilot)
    await pilot.press("enter")
    await pilot.pause()
    view = pilot.app.screen.view
    text = view.text
    view.move_cursor(text.index("Recent leaks"))
    await pilot.press("s", "1", "F")
    view.move_cursor(text.index("According to the Israeli"))
    await pilot.press("s", "2")
    view.move_cursor(text.index("Home"))
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


async def _library_with_counts(pilot):
    await _tag_first_article(pilot)
    await pilot.press("escape")
    await _ready(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library_at_size_snapshot(snap_compare, snap_app, size):
    assert snap_compare(snap_app(), terminal_size=size, run_before=_library_with_counts)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_article_with_spans_at_size_snapshot(snap_compare, snap_app, size):
    assert snap_compare(snap_app(), terminal_size=size, run_before=_tag_first_article)
