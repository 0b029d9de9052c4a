"""The library lists an article's corrected title and date (issue 17), set with i in the article,
and its filter finds the article by them."""

from __future__ import annotations

from conftest import wait_ready
from textual.widgets import Input

from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.linking import FormModal
from reader.ui.widgets.article_list import ArticleList


async def test_the_library_row_shows_the_corrected_title_and_date(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        article_id = next(meta.id for meta in app.corpus.metas if meta.id.startswith("004"))
        app.open_article(article_id)
        await wait_ready(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        app.screen.query_one("#published", Input).value = "2023-10-27"
        app.screen.query_one("#title", Input).value = "Hostage talks, corrected"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await wait_ready(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        listing = app.screen.query_one(ArticleList)
        row = next(row for row in listing.rows if row.meta.id == article_id)
        assert (row.meta.title, row.meta.published) == ("Hostage talks, corrected", "2023-10-27")
        shown = "\n".join(listing.render_line(y).text for y in range(listing.size.height))
        assert "Hostage talks, corrected" in shown and "2023-10-27" in shown
        assert app.corpus.meta(article_id).title != "Hostage talks, corrected"  # the corpus keeps its own


def listed_ids(app) -> list[str]:
    return [row.meta.id for row in app.screen.query_one(ArticleList).rows]


async def correct_title(app, pilot, article_id: str, title: str) -> None:
    app.open_article(article_id)
    await wait_ready(app, pilot)
    await pilot.press("i")
    await pilot.pause()
    app.screen.query_one("#title", Input).value = title
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("escape")
    await wait_ready(app, pilot)


async def test_the_library_filter_finds_an_article_by_its_corrected_title(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        article_id = next(meta.id for meta in app.corpus.metas if meta.id.startswith("004"))
        await pilot.press("slash", *"zanzibar")
        await wait_ready(app, pilot)
        assert listed_ids(app) == []
        await pilot.press("enter")
        await correct_title(app, pilot, article_id, "Zanzibar talks resume")
        assert listed_ids(app) == [article_id]  # back in the library, the filter still typed
        await pilot.press("escape")  # clear, then type it again
        await wait_ready(app, pilot)
        await pilot.press("slash", *"zanzibar")
        await wait_ready(app, pilot)
        assert listed_ids(app) == [article_id]
        shown = "\n".join(app.screen.query_one(ArticleList).render_line(y).text for y in range(10))
        assert "Zanzibar talks resume" in shown
