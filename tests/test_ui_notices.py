"""Notifications: a couple at most, the newest of a kind replacing the older, above the status line."""

from __future__ import annotations

import textwrap

from conftest import shown_toasts, wait_ready
from textual.notifications import Notification
from textual.widgets import Static

from reader.ui.notices import one_notice, superseded


def test_newest_of_a_kind_replaces_the_older():
    old_info = Notification("Undid: tag demand")
    warning = Notification("No match", severity="warning")
    new_info = Notification("Redid: tag demand")
    assert superseded([old_info, warning], new_info) == [old_info]


def test_at_most_two_and_the_least_serious_goes_first():
    error = Notification("Not saved", severity="error")
    info = Notification("Sorted", raised_at=error.raised_at + 1)
    warning = Notification("No match", severity="warning")
    assert superseded([error, info], warning) == [info]


def test_one_notice_for_many_warnings_says_how_many_more():
    assert one_notice(["a", "b"]) == "a\nb"
    text = one_notice([f"w{i}" for i in range(7)])
    assert text.splitlines() == ["w0", "w1", "w2", "w3", "w4", "… and 2 more warnings"]
    assert one_notice([f"w{i}" for i in range(6)]).endswith("… and 1 more warning")


async def test_quick_keys_leave_one_toast_above_the_status_line(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter", "s", "1", "u", "ctrl+r", "u", "ctrl+r")
        await pilot.pause()
        await pilot.pause()
        assert shown_toasts(app) == ["Redid: tag demand"]
        app.notify("a warning", severity="warning")
        app.notify("an error", severity="error")
        await pilot.pause()
        await pilot.pause()
        assert sorted(shown_toasts(app)) == ["a warning", "an error"]
        toasts = list(app.screen.query("Toast"))
        assert len(toasts) == 2
        status = app.screen.query_one("#status", Static)
        assert all(toast.region.bottom <= status.region.y for toast in toasts)  # the status line stays readable
        long = "Cannot undo “tag demand”: ben changed it since; nothing was changed"
        app.notify(long, severity="warning")
        await pilot.pause()
        await pilot.pause()
        (toast,) = [t for t in app.screen.query("Toast") if "ben" in str(t.render())]
        wrapped = textwrap.wrap(long, toast.size.width)
        assert toast.size.height >= len(wrapped) and toast.region.bottom <= status.region.y  # all of it shown
