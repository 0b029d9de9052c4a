"""The app with a damaged table file in its database: every command still works or says why.

A table file (one article's spans, links and text, or its undo history) can be cut short by
a disk that filled, or edited by hand. The store reports it as ``file: problem; left as it
is`` and never writes over it; the app must say that line and carry on with every other
article, never show a traceback. The commands are enumerated from the registry, so a new
one is tried here without a new test.
"""

from __future__ import annotations

import pytest
from conftest import Notices, wait_ready
from test_ui_routes import CASES, first_key, settle

from annotations.store.database import AnnotationStore
from annotations.store.schema import history_table
from annotations.store.tablefiles import table_file
from reader.corpus.loader import open_corpus
from reader.ui.screens.article import ArticleScreen


def damaged_database(root, table: str = "article"):
    """A database where the first seed (the library's first row) has spans, a link and a
    status, compacted into table files, then that article's ``table`` file cut in half."""
    corpus = open_corpus(None)
    first, second = (corpus.load(meta.id) for meta in corpus.metas[:2])
    db = root / "annotations.db"
    with AnnotationStore.open(db, annotator="tester") as store:
        for article in (first, second):
            store.remember_article(article)
            demand = store.add_span(article, 0, 20, "demand")
            actor = store.add_span(article, 30, 40, "actor")
            store.add_link(demand.id, actor.id, "by")
        store.set_status(second.id, "done")
        store.compact()
    name = first.id if table == "article" else history_table(first.id)
    path = table_file(db, name)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return db, first.id, path


def unique_prefix(article_id: str) -> str:
    """The seeds' ids begin with a number of their own ("000_..."): typing that finds one article."""
    return article_id[:4]


async def open_by_id(app, pilot, article_id: str) -> None:
    """Filter the library to the article's id, and open it."""
    await pilot.press("slash", *unique_prefix(article_id), "enter", "enter")
    await settle(app, pilot)


async def test_opening_a_damaged_article_says_which_file_and_stays_in_the_library(make_app, tmp_path):
    db, article_id, path = damaged_database(tmp_path)
    other = open_corpus(None).metas[1].id
    app = make_app(db=db)
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await open_by_id(app, pilot, article_id)
        assert not isinstance(app.screen, ArticleScreen)
        assert said.errors and all(str(path) in m and "left as it is" in m for m in said.errors), said.messages
        await pilot.press("escape")
        await open_by_id(app, pilot, other)  # every other article opens as ever
        assert isinstance(app.screen, ArticleScreen) and app.screen.article.id == other


LIBRARY_CASES = [case for case in CASES if case.values[0] == "library"]


@pytest.mark.parametrize(("place", "command"), LIBRARY_CASES)
async def test_every_library_command_on_a_damaged_article(make_app, tmp_path, place, command):
    """Each library and everywhere command, by its key, with the damaged article's row under the
    cursor: it works, or it says what is damaged; the app keeps running."""
    db, article_id, path = damaged_database(tmp_path)
    app = make_app(db=db)
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("slash", *unique_prefix(article_id), "enter")  # its row alone, under the cursor
        await settle(app, pilot)
        await pilot.press(first_key(app, command))
        await settle(app, pilot)
        assert app.return_code is None or command.id == "app.quit", f"{command.id} ended the app"
    assert all(str(path) in m for m in said.errors), said.errors


ARTICLE_CASES = [case for case in CASES if case.values[0] == "article"]


@pytest.mark.parametrize(("place", "command"), ARTICLE_CASES)
async def test_every_article_command_when_its_undo_history_is_damaged(make_app, tmp_path, place, command):
    """The article opens (its spans are in its own table); each article command, by its key
    after a fresh tag, works or says which file is damaged (undo and redo read the history)."""
    db, article_id, path = damaged_database(tmp_path, "history")
    app = make_app(db=db)
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await open_by_id(app, pilot, article_id)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("s", "1")
        await settle(app, pilot)
        await pilot.press(first_key(app, command))
        await settle(app, pilot)
        assert app.return_code is None or command.id == "app.quit", f"{command.id} ended the app"
    assert all(str(path) in m for m in said.errors), said.errors
