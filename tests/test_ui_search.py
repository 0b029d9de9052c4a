"""Searching inside an article (/, n, N) and typing letters that are keys elsewhere."""

from __future__ import annotations

from conftest import wait_ready

from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen


async def test_slash_searches_the_article_and_n_walks_matches(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        screen = app.screen
        text = screen.article.text
        await pilot.press("slash", *"hamas", "enter")
        await pilot.pause()
        first = text.index("Hamas")
        assert screen.view.cursor == first and screen.view.highlight == (first, first + 5)
        await pilot.press("n")
        second = text.index("Hamas", first + 1)
        assert screen.view.cursor == second
        await pilot.press("N")
        assert screen.view.cursor == first
        await pilot.press("escape")  # clears the search; n goes back to meaning "next unread"
        assert screen.search_query == "" and screen.view.highlight is None
        await pilot.press("s", "1")
        await pilot.pause()
        assert app.store.spans(screen.article.id)[0].start <= first


async def test_escape_during_search_returns_to_where_it_started(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        origin = screen.view.cursor
        await pilot.press("slash", *"qatar")
        assert screen.view.cursor != origin
        await pilot.press("escape")
        assert screen.view.cursor == origin and isinstance(app.screen, ArticleScreen)


async def test_typing_q_in_the_library_filter_does_not_quit(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("slash", *"iraq qatar")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.filter_text == "iraq qatar"
