"""Terminal safety and failed saves in the app (Pilot), and the same in a real tmux pane.

* An article whose text, title, source, author and span note are full of escape
  sequences (OSC title set, clear screen, cursor moves, C1 CSI 0x9b, OSC 8 links):
  neither ``ArticleView.render_line`` nor the whole screen as Textual would write it to
  the terminal holds an ESC or C1 byte that came from the article; the characters show
  as U+FFFD. The library (titles) likewise.
* A full disk while tagging: the user is told at once, the span is neither stored nor
  drawn, the selection is kept for a retry, and what was saved before is unharmed.
* Resizing to 40x10, back, and to 300x80 keeps the cursor, the selection, and the cursor
  on screen.
* tmux (skipped without it): the pane title and screen stay newsdesk's.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from conftest import Notices, wait_ready
from faults_catalogue import ESCAPES, NEWSDESK
from faults_catalogue import env_for as catalogue_env

import annotations.store.journal
from annotations.model import Span
from reader.ui.screens.article import ArticleScreen

BAD = re.compile("[\x1b\x80-\x9f]")
# What Textual itself writes for a full update: cursor placement and SGR colours only.
TEXTUAL_CODES = re.compile(r"\x1b\[\d+;\d+H|\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")

RECORD = {
    "id": "evil",
    "title": "Evil \x1b]2;PWNED\x1b\\ title \x9b2J",
    "source": "Src \x1b[2J",
    "author": "Au \x1b]8;;http://evil\x1b\\thor",
    "url": "https://example.org/evil",
    "text": "Headline\n\n" + "\n\n".join([ESCAPES] * 3) + "\n\nA plain sentence to end on. Another one here.",
}


@pytest.fixture
def evil_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "evil.jsonl"
    path.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    return path


def terminal_output(app) -> str:
    """The whole screen as Textual would write it to the terminal (a full update)."""
    update = app.screen._compositor.render_full_update()
    return update.render_segments(app.console)


def assert_clean(output: str) -> None:
    leftover = TEXTUAL_CODES.sub("", output)
    found = BAD.search(leftover)
    assert found is None, f"{found.group()!r} reaches the terminal: {leftover[max(0, found.start() - 40) :][:80]!r}"


async def open_evil(app, pilot) -> ArticleScreen:
    await wait_ready(app, pilot)
    assert_clean(terminal_output(app))  # the library, with the title
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


async def test_no_escape_or_c1_from_the_article_reaches_the_terminal(make_app, evil_corpus):
    app = make_app(evil_corpus)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_ready(app, pilot)
        article = app.corpus.load("evil")
        note = Span(
            uuid.uuid4().hex,
            "evil",
            article.sha256,
            10,
            40,
            "demand",
            article.text[10:40],
            note="note \x1b]2;PWNED\x07 \x9b31m",
            annotator="x",
            created="2024-01-01T00:00:00+00:00",
            updated="2024-01-01T00:00:00+00:00",
        )
        app.store.import_spans(article, [note])
        screen = await open_evil(app, pilot)
        view = screen.view
        drawn = []
        for top in range(0, len(view.text_layout), view.scrollable_content_region.height):
            view.scroll_to(y=top, animate=False)
            await pilot.pause()
            for y in range(view.scrollable_content_region.height):
                drawn.append("".join(seg.text for seg in view.render_line(y)))
        shown = "\n".join(drawn)
        assert not BAD.search(shown)
        assert "\ufffd]2;PWNED\ufffd\\" in shown and "\ufffd[2J" in shown and "\ufffd2J" in shown
        assert "\ufffd]8;;http://evil.example\ufffd\\link" in shown
        view.scroll_to(y=0, animate=False)
        await pilot.pause()
        output = terminal_output(app)
        assert_clean(output)
        assert "PWNED" in output and "Evil" in output and "Au" in output  # title, meta line, span panel
        assert "\x1b]2;" not in output and "\x1b[2J" not in output and "\x9b" not in output


class FullDisk:
    """``os`` for the journal module only: every write fails as on a full disk."""

    def __getattr__(self, name: str):
        return getattr(os, name)

    @staticmethod
    def write(fd: int, data) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


async def test_full_disk_while_tagging_is_told_at_once_and_nothing_is_shown_or_lost(make_app, tmp_path, monkeypatch):
    app = make_app()
    said = Notices(app)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        article_id = screen.article.id
        await pilot.press("s", "1")  # saved while the disk has room
        await pilot.pause()
        (first,) = app.store.spans(article_id)
        journal = app.store.path / "journal.jsonl"
        saved = journal.read_bytes()
        screen.view.move_cursor(first.end + 2)
        await pilot.press("s")
        wanted = screen.view.selection
        assert wanted and wanted.start >= first.end
        with monkeypatch.context() as patch:
            patch.setattr(annotations.store.journal, "os", FullDisk())
            before = len(said.errors)
            await pilot.press("2")
            await pilot.pause()
            new = said.errors[before:]
            assert any(m.startswith("Not saved: ") and os.strerror(errno.ENOSPC) in m for m in new), new
            assert app.store.spans(article_id) == [first]
            assert [s.id for s in screen.view.spans] == [first.id]  # not drawn as saved
            assert screen.query_one("#spans").option_count == 1  # not listed
            assert screen.view.selection == wanted  # kept, to try again
            await pilot.press("u")  # undo fails the same way and keeps the span
            await pilot.pause()
            assert app.store.spans(article_id) == [first]
            assert "Not saved" in said.messages[-1]
        assert journal.read_bytes() == saved  # nothing already saved was harmed
        await pilot.press("2")  # space again: the retry saves
        await pilot.pause()
        assert sorted(s.label for s in app.store.spans(article_id)) == ["concession", "demand"]
    app.store.close()
    from annotations.store.database import AnnotationStore

    with AnnotationStore.open(app.store.path, read_only=True) as store:
        assert sorted(s.label for s in store.spans(article_id)) == ["concession", "demand"]


async def test_resize_keeps_cursor_and_selection_and_the_cursor_on_screen(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        middle = len(view.text) // 2
        view.move_cursor(middle)
        await pilot.press("v", "w", "w", "e")
        cursor, selection = view.cursor, view.selection
        assert selection and middle - 2 <= selection.start and cursor > middle
        for width, height in ((40, 10), (120, 35), (300, 80), (40, 10), (120, 35)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert (view.cursor, view.selection) == (cursor, selection), (width, height)
            y, _ = view.text_layout.position(view.cursor)  # the cursor stays in view at every size
            top = view.scroll_offset.y
            assert top <= y < top + view.scrollable_content_region.height, (width, height, y, top)
        await pilot.press("1")  # the selection still tags what it said
        await pilot.pause()
        (span,) = app.store.spans(app.screen.article.id)
        assert (span.start, span.end) == (selection.start, selection.end) or span.quote == view.text[
            selection.start : selection.end
        ].strip()


async def test_the_text_is_visible_at_40_columns(make_app):
    app = make_app()
    async with app.run_test(size=(40, 10)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.view.scrollable_content_region.width >= 20


# ---- tmux --------------------------------------------------------------------------

TMUX = shutil.which("tmux")


def tmux(sock: str, *args: str) -> str:
    return subprocess.run(["tmux", "-L", sock, *args], capture_output=True, text=True, timeout=20).stdout


def wait_for(sock: str, predicate, what: str, limit: float = 60.0) -> str:
    """Poll the pane until ``predicate(screen)``; tmux gives no event to wait on (a limit, not a speed test)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        screen = tmux(sock, "capture-pane", "-p", "-t", "X")
        if predicate(screen):
            return screen
        subprocess.run(["tmux", "-L", sock, "wait-for", "-S", "nothing"], timeout=5)  # a cheap round trip
    raise AssertionError(f"tmux: never saw {what}; screen was:\n{screen}")


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_in_tmux_the_pane_title_and_screen_stay_newsdesks(tmp_path: Path) -> None:
    env = catalogue_env(tmp_path)
    article = tmp_path / "evil.txt"
    article.write_text(RECORD["title"] + "\n\n" + RECORD["text"], encoding="utf-8")
    sock = f"newsdesk-faults-{uuid.uuid4().hex[:8]}"
    exports = " ".join(f"{k}={v}" for k, v in env.items() if k.startswith("NEWSDESK_"))
    exit_file = tmp_path / "exit-status"
    # the shell records newsdesk's exit status (tmux 3.3 may report a dead pane before it reaps the child)
    command = f"env {exports} TERM=xterm-256color {NEWSDESK} {article}; echo $? > {exit_file}"
    try:
        tmux(sock, "-f", "/dev/null", "new-session", "-d", "-s", "X", "-x", "100", "-y", "30", command)
        tmux(sock, "set-option", "-t", "X", "remain-on-exit", "on")
        tmux(sock, "set-option", "-t", "X", "allow-rename", "on")
        tmux(sock, "select-pane", "-t", "X", "-T", "newsdesk-test")
        wait_for(sock, lambda s: "Evil" in s and "Title" in s, "the library")
        tmux(sock, "send-keys", "-t", "X", "Enter")
        screen = wait_for(sock, lambda s: "PWNED" in s and "Headline" in s, "the article")
        assert "\ufffd]2;PWNED" in screen or "�]2;PWNED" in screen
        assert "\ufffd[2J" in screen
        title = tmux(sock, "display", "-p", "-t", "X", "#{pane_title}").strip()
        assert "PWNED" not in title, title
        assert tmux(sock, "display", "-p", "-t", "X", "#{pane_dead}").strip() == "0"
        for width, height in (("40", "10"), ("300", "80"), ("100", "30")):  # resize with the article open
            tmux(sock, "resize-window", "-t", "X", "-x", width, "-y", height)
            wait_for(
                sock,
                lambda s, w=int(width): (
                    max(len(line) for line in s.splitlines() or [""]) <= w
                    and "PWNED" in s
                    or w == 40
                    and "Headline" not in s
                ),
                f"a redraw at {width}x{height}",
            )
        wait_for(sock, lambda s: "PWNED" in s and "Headline" in s, "the article after resizing")
        assert tmux(sock, "display", "-p", "-t", "X", "#{pane_dead}").strip() == "0"
        tmux(sock, "send-keys", "-t", "X", "C-q")
        wait_for(sock, lambda s: exit_file.exists() and exit_file.read_text().strip() != "", "newsdesk to quit")
        assert exit_file.read_text().strip() == "0"
        assert "PWNED" not in tmux(sock, "display", "-p", "-t", "X", "#{pane_title}")
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True, timeout=20)
