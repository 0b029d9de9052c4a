"""Pilot tests of ``o`` (open the article's URL): a missing browser or URL is said in one line.

A feed's link is cleaned when the feed is read (``clean_line``), so the notice shows it cleaned:
an escape sequence in a link never reaches the terminal.
"""

from __future__ import annotations

import webbrowser

import pytest
from conftest import wait_ready

from reader.ui.screens.article import ArticleScreen

HOSTILE_LINK = "http://example.com/a\x1b[2Jb\x1b]0;PWNED\x07c"
SHOWN_LINK = "http://example.com/a\ufffd[2Jb\ufffd]0;PWNED\ufffdc"


def feed_file(tmp_path, link: str):
    path = tmp_path / "wire.xml"
    item = f"<item><title>Talks</title><link>{link}</link><description>Qatar said so.</description></item>"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{item}</channel></rss>')
    return path


async def press_o(app, pilot) -> list[str]:
    """Open the first article, press ``o``; the notices that appeared."""
    await wait_ready(app, pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ArticleScreen)
    said: list[str] = []
    notify = app.notify
    app.notify = lambda message, *args, **kwargs: (said.append(str(message)), notify(message, *args, **kwargs))[1]
    await pilot.press("o")
    await pilot.pause()
    return said


@pytest.fixture
def opened(monkeypatch):
    """What ``webbrowser.open`` was asked to open; it answers as ``answer[0]`` says."""
    calls: list[str] = []
    answer: list[object] = [False]

    def fake_open(url, *args, **kwargs):
        calls.append(url)
        if isinstance(answer[0], Exception):
            raise answer[0]
        return answer[0]

    monkeypatch.setattr(webbrowser, "open", fake_open)
    return calls, answer


async def test_no_browser_is_one_line_with_the_link_cleaned(make_app, tmp_path, opened):
    calls, _ = opened
    app = make_app(feed_file(tmp_path, HOSTILE_LINK))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert await press_o(app, pilot) == [f"No web browser found to open {SHOWN_LINK}"]
    assert calls == [SHOWN_LINK]  # cleaned at ingest: no escape reaches a browser started in this terminal either


async def test_browser_error_is_the_same_line(make_app, tmp_path, opened):
    _, answer = opened
    answer[0] = webbrowser.Error("could not locate runnable browser")
    app = make_app(feed_file(tmp_path, "http://example.com/story"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert await press_o(app, pilot) == ["No web browser found to open http://example.com/story"]


async def test_opening_shows_the_cleaned_link(make_app, tmp_path, opened):
    calls, answer = opened
    answer[0] = True
    app = make_app(feed_file(tmp_path, HOSTILE_LINK))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notices = await press_o(app, pilot)
    assert notices == [f"Opening {SHOWN_LINK}"]
    assert not any(ch == "\x1b" or ch == "\x07" for ch in notices[0])
    assert calls == [SHOWN_LINK]


async def test_an_article_without_url_says_so(make_app, opened):
    calls, _ = opened
    app = make_app()  # the seeds have no URLs
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert await press_o(app, pilot) == ["This article has no URL"]
    assert calls == []
