"""The status line fits its row: annotator and schema whole, the database path shortened from the left."""

from __future__ import annotations

import pytest
from conftest import wait_ready
from rich.cells import cell_len
from textual.widgets import Static

from reader.ui.status_line import StatusFacts, fit_status, shorten_left

LONG_DB = "/home/analyst/projects/2026/ceasefire-study/some/deeply/nested/folder/newsdesk/annotations.db"


def facts(**changes) -> StatusFacts:
    base = StatusFacts(
        annotator="tester",
        schema="default",
        schema_labels="demand, concession, casualty figure",
        db=LONG_DB,
        read_only=False,
        elapsed=3725,
        spans=1,
        done=0,
    )
    return base._replace(**changes)


def test_shorten_left_keeps_the_end_and_drops_whole_folders_first():
    assert shorten_left("/a/b/newsdesk/annotations.db", 100) == "/a/b/newsdesk/annotations.db"
    assert shorten_left("/a/b/newsdesk/annotations.db", 25) == "…/newsdesk/annotations.db"
    assert shorten_left("/a/b/newsdesk/annotations.db", 20) == "…/annotations.db"
    assert shorten_left("/a/b/newsdesk/annotations.db", 8) == "…ions.db"
    assert cell_len(shorten_left("/a/b/newsdesk/annotations.db", 8)) == 8


@pytest.mark.parametrize("width", [78, 100, 118, 200])
@pytest.mark.parametrize("lead", ["", "in progress · 12 spans"])
def test_fitted_line_never_exceeds_the_width_and_keeps_who_and_schema(width, lead):
    line = fit_status(facts(), width, lead)
    assert cell_len(line) <= width
    assert "annotator: tester" in line and "labels: default" in line
    assert "…" in line or LONG_DB in line
    assert line.startswith(lead)


@pytest.mark.parametrize("width", [0, 10, 40, 60])
def test_narrower_than_80_columns_still_one_row(width):
    assert cell_len(fit_status(facts(), width, "in progress · 12 spans")) <= width


def test_wide_enough_shows_everything_and_singular_span():
    line = fit_status(facts(), 400)
    assert line == (
        "annotator: tester · labels: default (demand, concession, casualty figure) · "
        f"db: {LONG_DB} · session 1:02:05, +1 span, +0 done"
    )


def test_read_only_and_a_custom_schema_file_are_named():
    line = fit_status(facts(read_only=True, schema="/etc/newsdesk/labels.yaml", schema_labels=""), 90)
    assert "labels: /etc/newsdesk/labels.yaml" in line and "db (READ-ONLY): …" in line


def test_control_characters_in_the_annotator_are_not_written_raw():
    line = fit_status(facts(annotator="evil\x1b[31mname"), 120)
    assert "\x1b" not in line


@pytest.mark.parametrize("screen", ["library", "article"])
async def test_status_line_at_80_columns_with_a_long_db_path(make_app, tmp_path, screen):
    db = tmp_path / "a-rather-long-folder-name" / "with" / "several" / "levels" / "newsdesk" / "annotations.db"
    app = make_app(db=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        if screen == "article":
            await pilot.press("enter", "s", "1")
            await pilot.pause()
        status = app.screen.query_one("#status", Static)
        text = str(status.content)
        assert cell_len(text) <= status.size.width == 78  # one row: nothing wraps out of sight
        assert "annotator: tester" in text and "labels: default" in text
        assert "db: …" in text and str(db) not in text
        if screen == "article":
            assert text.startswith("in progress · 1 span · ")
        await pilot.resize_terminal(440, 24)  # wide enough for the five default labels and the whole path
        await pilot.pause()
        text = str(app.screen.query_one("#status", Static).content)
        names = ", ".join(label.name for label in app.schema.labels)
        assert str(db) in text and f"labels: default ({names})" in text


def status_text(app) -> str:
    return str(app.screen.query_one("#status", Static).content)


async def test_session_figures_count_what_this_session_changed(make_app, tmp_path):
    db = tmp_path / "annotations.db"
    app = make_app(db=db)
    async with app.run_test(size=(200, 30)) as pilot:
        await wait_ready(app, pilot)
        assert status_text(app).endswith(", +0 spans, +0 done")
        await pilot.press("enter", "s", "1", "d")
        await pilot.pause()
        assert status_text(app).endswith(", +1 span, +1 done")
        await pilot.press("escape")
        await pilot.pause()
        assert status_text(app).endswith(", +1 span, +1 done")  # the library says the same
    app.store.close()
    again = make_app(db=db)
    async with again.run_test(size=(200, 30)) as pilot:
        await wait_ready(again, pilot)
        await pilot.press("enter")  # the article marked done in the last session
        await pilot.pause()
        assert status_text(again).endswith(", +0 spans, +0 done")
        await pilot.press("d", "d")  # not done, then done again: as it was when this session began
        await pilot.pause()
        assert status_text(again).endswith(", +0 spans, +0 done")
        await pilot.press("x")  # the span deleted
        await pilot.pause()
        assert status_text(again).endswith(", -1 span, +0 done")


async def test_adjusting_says_how_to_leave_it_at_80_columns(make_app):
    """The mode's keys come first in the line: at 80 columns the rest is cut, not them."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter", "s", "1", "r")
        await pilot.pause()
        text = status_text(app)
        assert text.startswith("ADJUSTING: ") and "Enter saves, Esc cancels" in text, text
        await pilot.press("escape")
        await pilot.pause()
        assert "ADJUSTING" not in status_text(app)
