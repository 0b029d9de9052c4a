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
        assert screen.search.term == "" and screen.view.highlight is None
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


def test_find_match_is_case_insensitive_wraps_and_gives_offsets_into_the_text():
    from reader.ui.widgets.text_search import find_match

    text = "Gaza talks. GAZA again. Straße and gaza."
    assert find_match(text, "gaza", 0, 1, from_next=False) == (0, 4)
    assert find_match(text, "gaza", 0, 1, from_next=True) == (12, 16)
    assert find_match(text, "gaza", 12, 1, from_next=True) == (35, 39)  # after the ß, which folds to two letters
    assert find_match(text, "gaza", 35, 1, from_next=True) == (0, 4)  # wraps to the start
    assert find_match(text, "gaza", 35, -1, from_next=True) == (12, 16)
    assert find_match(text, "gaza", 0, -1, from_next=True) == (35, 39)  # wraps to the end
    assert find_match(text, "STRASSE", 0, 1, from_next=False) == (24, 30)
    assert find_match(text, "straße", 30, 1, from_next=False) == (24, 30)
    assert find_match("Die Strasse", "straße", 0, 1, from_next=False) == (4, 11)
    assert find_match(text, "rafah", 0, 1, from_next=False) is None


def burst(app, *keys: str) -> None:
    """Keys as a fast typist (or a paste) sends them: all queued before any is handled."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, {"enter": "\r"}.get(key, key)))


async def test_keys_typed_right_after_enter_in_the_article_search_reach_the_text(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        await pilot.press("slash", *"hamas")
        burst(app, "enter", "s", "1")
        for _ in range(5):
            await pilot.pause()
        assert screen.search.value == "hamas" and screen.search.term == "hamas"
        spans = app.store.spans(screen.article.id)
        assert [s.label for s in spans] == ["demand"]
        assert spans[0].start <= screen.article.text.lower().index("hamas") < spans[0].end


async def test_keys_typed_right_after_enter_in_the_library_filter_reach_the_list(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("slash", *"qatar")
        await pilot.pause()
        library = app.screen
        burst(app, "enter", "enter")  # the second Enter opens the highlighted article
        for _ in range(5):
            await pilot.pause()
        assert library.filter_text == "qatar"
        assert isinstance(app.screen, ArticleScreen)
