"""Resuming: the screen quit from, per corpus; imports neither jump into an article nor break resuming.

Each test runs an app, does something, closes it, then runs a new app with the saved session.
"""

from __future__ import annotations

import threading

from conftest import wait_ready
from test_ui_transfer import FEED

from reader.core import paths
from reader.core.session import load_session
from reader.corpus.importing import import_articles
from reader.ui import transfer
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_list import ArticleList

SIZE = (120, 35)


def highlighted(app) -> str:
    articles = app.screen.query_one(ArticleList)
    return articles.metas[articles.cursor].id


async def open_second_article(app, pilot) -> str:
    await wait_ready(app, pilot)
    await pilot.press("j", "enter")
    await pilot.pause()
    assert isinstance(app.screen, ArticleScreen)
    return app.screen.article.id


async def test_quitting_from_the_library_resumes_at_the_library(make_app, tmp_path):
    db = tmp_path / "a.db"
    app = make_app(db=db)
    async with app.run_test(size=SIZE) as pilot:
        article_id = await open_second_article(app, pilot)
        await pilot.press("escape")  # back to the library
        await pilot.pause()
        await pilot.press("q")
    app.store.close()
    again = make_app(db=db, session=load_session())
    async with again.run_test(size=SIZE) as pilot:
        await wait_ready(again, pilot)
        assert isinstance(again.screen, LibraryScreen)
        assert highlighted(again) == article_id  # the cursor where the reading stopped


async def test_quitting_from_an_article_resumes_in_it(make_app, tmp_path):
    db = tmp_path / "a.db"
    app = make_app(db=db)
    async with app.run_test(size=SIZE) as pilot:
        article_id = await open_second_article(app, pilot)
        await pilot.press("ctrl+q")
    app.store.close()
    again = make_app(db=db, session=load_session())
    async with again.run_test(size=SIZE) as pilot:
        await wait_ready(again, pilot)
        assert isinstance(again.screen, ArticleScreen) and again.screen.article.id == article_id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(again.screen, LibraryScreen) and highlighted(again) == article_id


async def test_an_import_from_the_palette_stays_in_the_library_and_resuming_still_works(make_app, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    db = tmp_path / "a.db"
    app = make_app(db=db)
    async with app.run_test(size=SIZE) as pilot:
        first = await open_second_article(app, pilot)
        await pilot.press("ctrl+q")  # quit from the article: the next start opens it
    app.store.close()

    again = make_app(db=db, session=load_session())
    async with again.run_test(size=SIZE) as pilot:
        await wait_ready(again, pilot)
        assert isinstance(again.screen, ArticleScreen) and again.screen.article.id == first
        await pilot.press("escape")
        await pilot.pause()
        transfer.start_import(again, str(feed))
        await pilot.pause()
        await again.workers.wait_for_complete()
        await wait_ready(again, pilot)
        assert len(again.screen.query_one(ArticleList).metas) == 7  # the feed's two arrived
        assert isinstance(again.screen, LibraryScreen)  # and the import did not open an article
        await pilot.press("g", "enter")
        await pilot.pause()
        newest = again.screen.article.id
        assert newest != first
        await pilot.press("ctrl+q")
    again.store.close()

    third = make_app(db=db, session=load_session())
    async with third.run_test(size=SIZE) as pilot:
        await wait_ready(third, pilot)
        assert isinstance(third.screen, ArticleScreen) and third.screen.article.id == newest


async def test_an_import_from_the_command_line_between_runs_keeps_resuming(make_app, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    db = tmp_path / "a.db"
    app = make_app(db=db)
    async with app.run_test(size=SIZE) as pilot:
        article_id = await open_second_article(app, pilot)
        await pilot.press("ctrl+q")
    app.store.close()
    assert import_articles(str(feed), paths.library_dir())[0] == 2  # the corpus is now "seeds + library"
    again = make_app(db=db, session=load_session())
    async with again.run_test(size=SIZE) as pilot:
        await wait_ready(again, pilot)
        assert isinstance(again.screen, ArticleScreen) and again.screen.article.id == article_id


async def test_the_library_filter_belongs_to_its_corpus(make_app, tmp_path):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "one.txt").write_text("Storm warning\n\nHeavy rain is expected on the coast.\n", encoding="utf-8")
    (folder / "two.txt").write_text("Harvest report\n\nWheat prices fell in May.\n", encoding="utf-8")
    db = tmp_path / "a.db"

    async def run(path, *keys):
        app = make_app(path, db=db, session=load_session())
        async with app.run_test(size=SIZE) as pilot:
            await wait_ready(app, pilot)
            library = app.screen
            seen = (library.filter_text, library.status_filter)
            await pilot.press(*keys)
            await pilot.pause()
            await pilot.press("q")
        app.store.close()
        return seen

    assert await run(None, "slash", *"Hamas", "enter", "f") == ("", "all")
    assert await run(folder) == ("", "all")  # another corpus: not filtered by the seeds' filter
    assert await run(folder, "slash", *"rain", "enter") == ("", "all")
    assert await run(None) == ("Hamas", "todo")  # the seeds' own filter, back
    assert await run(folder) == ("rain", "all")


async def test_resuming_in_an_article_scrolls_its_cursor_into_view(make_app, tmp_path):
    db = tmp_path / "a.db"
    app = make_app(db=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        view.move_cursor(len(view.text) - 1)  # the end of a text longer than the window
        await pilot.pause()
        await pilot.press("ctrl+q")
    app.store.close()
    again = make_app(db=db, session=load_session())
    async with again.run_test(size=(120, 35)) as pilot:
        await wait_ready(again, pilot)
        view = again.screen.view
        y, _ = view.text_layout.position(view.cursor)
        height = view.scrollable_content_region.height
        assert view.cursor == len(view.text) - 1 and y >= height  # below the first window
        assert view.scroll_offset.y <= y < view.scroll_offset.y + height, (view.scroll_offset.y, y)


async def test_a_resumed_cursor_is_drawn_at_once_in_a_terminal_in_the_background(make_app, tmp_path):
    """Started while its terminal has no focus, the app focuses nothing until a key is pressed
    (Textual's auto-focus waits for it): the resumed article's cursor must be drawn all the same."""
    from textual import events

    db = tmp_path / "a.db"
    app = make_app(db=db)
    async with app.run_test(size=SIZE) as pilot:
        await open_second_article(app, pilot)
        await pilot.press("j", "j", "w")
        await pilot.press("ctrl+q")
    app.store.close()
    again = make_app(db=db, session=load_session())
    async with again.run_test(size=SIZE) as pilot:
        again.post_message(events.AppBlur())
        await wait_ready(again, pilot)
        await pilot.pause()
        view = again.screen.view
        assert isinstance(again.screen, ArticleScreen) and view.cursor > 0
        y, _ = view.text_layout.position(view.cursor)
        assert any(seg.style and seg.style.reverse for seg in view.render_line(y - view.scroll_offset.y))
        again.screen.query_one("SpanPanel").focus()  # another widget has the focus: no cursor
        await pilot.pause()
        assert not any(seg.style and seg.style.reverse for seg in view.render_line(y - view.scroll_offset.y))


async def left_in_an_article_of_a_changed_folder(make_app, tmp_path):
    """(folder, db) after a session quit in an article of a folder corpus, the folder changed
    since, so the next start reads it again (no library index to list it from at once)."""
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(paths.seeds_dir(), folder)
    db = tmp_path / "a.db"
    app = make_app(folder, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await open_second_article(app, pilot)
        await pilot.press("ctrl+q")  # quit in the article: the next start would reopen it
    app.store.close()
    (folder / "new.txt").write_text("A new article\n\nIt changes the folder, so it is read again.\n")
    return folder, db


def hold_scan(monkeypatch, *, after_first_batch: bool) -> threading.Event:
    """Corpus scans wait for the returned event: before anything, or after their first rows."""
    from reader.corpus.loader import CorpusLoader

    go_on = threading.Event()
    real_scan = CorpusLoader.scan

    def slow_scan(self, batch=1000):
        if not after_first_batch:
            assert go_on.wait(10)
        for i, metas in enumerate(real_scan(self, batch=2)):
            yield metas
            if i == 0 and after_first_batch:
                assert go_on.wait(10)

    monkeypatch.setattr(CorpusLoader, "scan", slow_scan)
    return go_on


async def test_a_key_pressed_before_a_slow_corpus_is_read_keeps_the_user_in_the_library(
    make_app, tmp_path, monkeypatch
):
    """At a million articles the corpus is read seconds after the first rows; a user who has
    started moving in the library is not taken into the last session's article then."""
    folder, db = await left_in_an_article_of_a_changed_folder(make_app, tmp_path)
    go_on = hold_scan(monkeypatch, after_first_batch=True)
    again = make_app(folder, db=db, session=load_session())
    async with again.run_test(size=SIZE) as pilot:
        for _ in range(100):  # until the first rows are listed (the rest is held back)
            await pilot.pause()
            library = again.screen
            if isinstance(library, LibraryScreen) and library.query_one(ArticleList).metas:
                break
        await pilot.press("j")
        chosen = highlighted(again)
        go_on.set()
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert again.screen is library and library.corpus is not None and len(library.metas) == 6
        assert highlighted(again) == chosen  # where "j" went, not the last session's article


async def test_a_key_typed_before_the_first_rows_keeps_the_user_in_the_library(make_app, tmp_path, monkeypatch):
    """Keys typed before the rows are held and replayed; the resumed article must not take them."""
    folder, db = await left_in_an_article_of_a_changed_folder(make_app, tmp_path)
    go_on = hold_scan(monkeypatch, after_first_batch=False)
    again = make_app(folder, db=db, session=load_session())
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"qatar")  # held: no row is listed yet
        go_on.set()
        await again.workers.wait_for_complete()
        for _ in range(5):
            await pilot.pause()
        assert isinstance(again.screen, LibraryScreen) and again.screen.filter_text == "qatar"


async def test_quitting_from_an_article_opened_from_the_timeline_resumes_in_it(make_app, tmp_path):
    """The timeline closes, then its mark's article opens: the library coming back on top for a
    moment must not be remembered as where the user quit (it was, in the user trial)."""
    db = tmp_path / "a.db"
    app = make_app(db=db)
    async with app.run_test(size=SIZE) as pilot:
        article_id = await open_second_article(app, pilot)
        await pilot.press("s", "3", "escape")  # a casualty figure: a mark on the timeline
        await wait_ready(app, pilot)
        await pilot.press("y")
        await wait_ready(app, pilot)
        await pilot.press("enter")  # the mark: its article opens
        await wait_ready(app, pilot)
        assert isinstance(app.screen, ArticleScreen) and app.screen.article.id == article_id
        await pilot.press("ctrl+q")
    app.store.close()
    again = make_app(db=db, session=load_session())
    async with again.run_test(size=SIZE) as pilot:
        await wait_ready(again, pilot)
        assert isinstance(again.screen, ArticleScreen) and again.screen.article.id == article_id
