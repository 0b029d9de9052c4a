"""Pilot tests of the library screen: the seeds are listed, filtered, sorted and opened."""

from __future__ import annotations

import json

from conftest import Notices, wait_ready

from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_list import ArticleList


async def test_library_lists_the_five_seeds_newest_first(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        rows = app.screen.query_one(ArticleList).rows
        assert len(rows) == 5
        assert rows[0].meta.published.startswith("2023-11-15")
        assert all(row.meta.title for row in rows)
        assert all(not row.read and row.status == "todo" for row in rows)


async def test_enter_opens_the_highlighted_article(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        second = app.screen_stack[-2].query_one(ArticleList).rows[1].meta.id
        assert app.screen.article.id == second
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one(ArticleList).rows[1].read


async def test_filter_narrows_as_you_type_and_escape_clears(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("slash", *"Qatar")
        await wait_ready(app, pilot)
        titles = [row.meta.title for row in app.screen.query_one(ArticleList).rows]
        assert 0 < len(titles) < 5
        # full-text: "Witkoff" appears only in the text of one article, not in any title
        await pilot.press("escape", "slash", *"Witkoff")
        await wait_ready(app, pilot)
        rows = app.screen.query_one(ArticleList).rows
        assert len(rows) == 1 and "Witkoff" in app.corpus.load(rows[0].meta.id).text
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen.query_one(ArticleList).rows) == 5


async def test_filter_answers_from_the_gram_index_in_every_sort(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        library = app.screen
        assert library.listing.ordered(library.sort).grams is not None  # built by the loader after the last batch
        for sort_key in ("", "s", "s"):  # date, then title, then corpus order
            if sort_key:
                await pilot.press(sort_key)
                await pilot.pause()
            index = library.listing.ordered(library.sort)
            assert index.grams is not None, library.sort
            for query in ("a", "ga", "qatar", "reuters", "2023-"):
                want = [m.id for m, part in zip(index.metas, index.parts, strict=True) if query in part]
                assert [m.id for m in index.matching(query)] == want, (library.sort, query)


async def test_status_filter_cycles_and_combines_with_the_text_filter(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        library = app.screen
        ids = [row.meta.id for row in library.query_one(ArticleList).rows]
        app.store.set_status(ids[0], "done")
        app.store.set_status(ids[2], "rejected")
        app.store.set_status(ids[3], "ignored")
        app.store.set_read(ids[1], True)
        shown = {}
        for _ in range(7):  # all -> todo -> in progress -> done -> flagged -> rejected -> ignored -> unread
            await pilot.press("f")
            await pilot.pause()
            shown[library.status_filter] = [row.meta.id for row in library.query_one(ArticleList).rows]
        assert shown["todo"] == [ids[1], *ids[4:]] and shown["done"] == [ids[0]]
        assert shown["in progress"] == [] and shown["flagged"] == []
        assert shown["rejected"] == [ids[2]] and shown["ignored"] == [ids[3]]
        assert shown["unread"] == [i for i in ids if i != ids[1]]
        await pilot.press("slash", *"netanyahu")
        await wait_ready(app, pilot)
        got = [row.meta.id for row in library.query_one(ArticleList).rows]
        want = [i for i in shown["unread"] if "netanyahu" in app.corpus.load(i).text.casefold()]
        assert got == want and 0 < len(want) < len(shown["unread"])


async def test_sort_by_title_and_next_unread(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("s")  # date -> title
        await pilot.pause()
        titles = [row.meta.title for row in app.screen.query_one(ArticleList).rows]
        assert titles == sorted(titles, key=str.casefold)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        first_opened = app.screen.article.id
        await pilot.press("escape")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.article.id != first_opened


async def test_jsonl_corpus_with_markup_in_titles_is_shown_literally(make_app, tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [
        {"id": "a", "title": "[bold red]x[/] and [link=http://x]y[/link]", "text": "Body [/] text."},
        {"id": "b", "title": "Escape \x1b]2;PWNED\x1b\\ title", "text": "Other \x1b[2J text."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    app = make_app(path)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        shown = [row.meta.title for row in app.screen.query_one(ArticleList).rows]
        assert "[bold red]x[/] and [link=http://x]y[/link]" in shown
        assert all("\x1b" not in title for title in shown)


async def test_key_bar_shows_the_keys_and_a_click_runs_the_command(make_app):
    from reader.ui.widgets.key_bar import KeyBar

    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        bar = app.screen.query_one(KeyBar)
        text = bar.render().plain
        assert "Enter Open" in text and "/ Filter" in text and "? Help" in text
        x = text.index("Sort")
        assert app.screen.sort == "date"
        await pilot.click(KeyBar, offset=(x, 0))
        await pilot.pause()
        assert app.screen.sort == "title"


async def test_next_not_done_skips_done_and_next_unread_says_when_none_is_left(make_app):
    app = make_app()
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        library = app.screen
        ids = [row.meta.id for row in library.query_one(ArticleList).rows]
        for article_id, status in zip(ids[1:4], ("done", "rejected", "ignored"), strict=True):
            app.store.set_status(article_id, status)
        await pilot.press("N")  # from the first row: rows 1-3 are answered, so row 4
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen) and app.screen.article.id == ids[4]
        await pilot.press("escape")
        await pilot.pause()
        for article_id in ids:
            app.store.set_read(article_id, True)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is library
        assert "No unread articles left" in said.messages
        # with a filter hiding unread articles, the message says it speaks of those listed only
        app.store.set_read(ids[0], False)
        await pilot.press("slash", *"zzzz", "enter", "n")
        await pilot.pause()
        assert said.messages[-1] == "No unread articles left (of those the library's filter lists)"


async def test_at_80_columns_the_status_filter_is_named_whole_and_an_empty_list_says_how_to_widen_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        screen = app.screen
        articles = screen.query_one(ArticleList)
        await pilot.press("f", "f")  # all -> to do -> in progress: nothing is in progress yet
        await pilot.pause()
        top = screen.query_one("#top").render_line(0).text.strip()
        assert "status: in progress" in top and "0 shown" in top, top
        assert articles.render_line(1).text.strip() == (
            "No article is in progress: press f until “all” to list every article"
        )
        await pilot.press("slash", *"zzz", "enter")
        await pilot.pause()
        assert articles.render_line(1).text.strip().startswith("No article matches both filters: Esc clears the text")
        assert "status: in progress" in screen.query_one("#top").render_line(0).text
        for _ in range(6):  # on to "all"
            await pilot.press("f")
        await pilot.pause()
        assert articles.render_line(1).text.strip() == "No article matches “zzz”: press Esc to clear the filter"
        await pilot.press("escape")
        await pilot.pause()
        assert len(articles.metas) == 5 and "No article" not in articles.render_line(1).text
        assert screen.query_one("#top").render_line(0).text.strip().startswith("newsdesk · seeds · 5 articles")


async def test_the_articles_listed_before_a_stop_open_and_are_searched(make_app, tmp_path, monkeypatch) -> None:
    from reader.ui.widgets import loading_bar

    lines = [{"id": f"a{i}", "title": f"Report {i}", "text": f"Talks went on. Word{i} was said."} for i in range(3000)]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    monkeypatch.setattr(loading_bar, "SMALL_CORPUS_BYTES", 0)  # read in batches, as a large corpus is
    monkeypatch.setattr(loading_bar, "BATCH", 1000)

    class StoppedAfterABatch(loading_bar.CorpusLoader):
        def scan(self, batch=1000):  # as Esc pressed once the first rows are listed
            for metas in super().scan(batch):
                yield metas
                self.cancel.set()

    monkeypatch.setattr(loading_bar, "CorpusLoader", StoppedAfterABatch)
    app = make_app(str(corpus))
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        library = app.screen
        listed = {row.meta.id for row in library.query_one(ArticleList).rows}
        assert 0 < len(listed) < 3000
        await pilot.press("slash", *"word7 was")  # in the text only
        await wait_ready(app, pilot)
        assert [row.meta.id for row in library.query_one(ArticleList).rows] == ["a7"]
        await pilot.press("enter", "enter")
        await wait_ready(app, pilot)
        assert isinstance(app.screen, ArticleScreen) and app.screen.article.id == "a7"
