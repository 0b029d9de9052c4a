"""The library index on disk: the same answers as the in-memory filter, a cached open that reads
no article, a changed corpus re-indexed, a broken index file rebuilt with one line."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from conftest import Notices, wait_ready
from test_library_index import corpus as random_metas

from reader.corpus import article_files, article_rows, library_build
from reader.corpus.article_rows import ArticleRows
from reader.corpus.indexed_corpus import IndexedCorpus
from reader.corpus.library_build import build
from reader.corpus.library_db import LibraryDb, corpus_signature, index_path
from reader.corpus.library_index import haystack, sort_metas
from reader.corpus.loader import ArticleNotFound, open_corpus
from reader.ui.widgets.article_list import ArticleList


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the article files read."""
    seen: list[str] = []
    original = article_files.read_text_file

    def counting(path: Path, name: str, **options):  # type: ignore[no-untyped-def]
        seen.append(Path(path).name)
        return original(path, name, **options)

    monkeypatch.setattr(article_files, "read_text_file", counting)
    return seen


def folder(root: Path, n: int = 6) -> Path:
    for i in range(n):
        place = "Gaza" if i % 2 else "Égypte"
        write(root / f"{i:02d}.md", f"---\ntitle: Story {i} {place}\npublished: 2024-0{i + 1}-01\n---\nText {i}.")
    return root


@pytest.mark.parametrize("values_max", [65536, 3, 0])  # fields as value sets, some, none
def test_every_query_matches_the_plain_test_in_every_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, values_max: int
) -> None:
    monkeypatch.setattr(library_build, "VALUES_MAX", values_max)
    metas = random_metas(300)
    build(tmp_path / "x.sqlite", "sig", metas, ["a warning"])
    db = LibraryDb(tmp_path / "x.sqlite")
    assert db.warnings == ["a warning"] and db.signature == "sig" and db.size == 300
    queries = [
        "g",
        "ga",
        "gaz",
        "gaza",
        "c",
        "courier",
        "北",
        "北京",
        "😀",
        "straße",
        "2024-03",
        "\n",
        "zzz",
        "a ",
        "x x",
        "reuters",
        "al jaz",
        "2024-0",
        "-1",
        "ap\n2024-0",  # a line break: across fields (the filter, one line, cannot take it)
        "a001",
    ]
    queries.append('a"b')
    for sort in ("date", "title", "corpus"):
        order = [m.id for m in sort_metas(metas, sort)]
        assert [m.id for m in db.rows(sort)] == order
        for query in queries:
            q = query.casefold()
            want = [i for i in order if i in {m.id for m in metas if q in haystack(m)}]
            assert [m.id for m in db.select(sort, db.matching(q))] == want, (sort, query)


def test_rows_are_read_when_asked_for(tmp_path: Path) -> None:
    metas = random_metas(50)
    build(tmp_path / "x.sqlite", "sig", metas, [])
    rows = LibraryDb(tmp_path / "x.sqlite").rows("title")
    order = sort_metas(metas, "title")
    assert isinstance(rows, ArticleRows) and len(rows) == 50
    assert rows[0] == order[0] and rows[-1] == order[-1] and rows[10:13] == order[10:13]
    assert rows.index_of(order[7].id) == 7 and rows.index_of("nope") is None
    with pytest.raises(IndexError):
        rows[50]
    kept = rows.keep(rows.db.rowids([order[3].id, order[1].id]), inside=True)
    assert [m.id for m in kept] == [order[1].id, order[3].id]
    dropped = rows.keep(rows.db.rowids([order[0].id]), inside=False)
    assert [m.id for m in dropped] == [m.id for m in order[1:]]


@pytest.mark.parametrize("step", [1, 3, 4096])
def test_filtered_rows_listed_as_far_as_asked_equal_the_whole_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    monkeypatch.setattr(article_rows, "_LISTED_STEP", step)
    monkeypatch.setattr(article_rows, "_INDEX_PART", step)  # the walk for an article's place, in parts
    metas = random_metas(120)
    build(tmp_path / "x.sqlite", "sig", metas, [])
    db = LibraryDb(tmp_path / "x.sqlite")
    for sort in ("date", "title", "corpus"):
        want = [m for m in sort_metas(metas, sort) if "ga" in haystack(m)]
        assert 0 < len(want) < 120
        rows = db.select(sort, db.matching("ga"))
        assert len(rows) == len(want)  # counted before anything is put in order
        assert rows[0] == want[0] and rows[5:9] == want[5:9] and rows[-1] == want[-1]
        assert rows[len(want) - 3 :] == want[-3:] and rows[::7] == want[::7]
        with pytest.raises(IndexError):
            rows[len(want)]
        fresh = db.select(sort, db.matching("ga"))
        assert [fresh.index_of(m.id) for m in want] == list(range(len(want)))
        assert [m.id for m in fresh] == [m.id for m in want]
        excluded = next(m for m in metas if "ga" not in haystack(m))
        assert fresh.index_of(excluded.id) is None
        kept = db.select(sort, db.matching("ga")).keep(db.rowids([want[4].id, excluded.id]), inside=True)
        assert [m.id for m in kept] == [want[4].id]
        dropped = db.select(sort, db.matching("ga")).keep(db.rowids([want[0].id]), inside=False)
        assert [m.id for m in dropped] == [m.id for m in want[1:]]


def test_a_cached_open_reads_no_article_and_a_change_is_seen(tmp_path: Path, reads: list[str]) -> None:
    root = folder(tmp_path / "news")
    scanned = open_corpus(root)
    signature = corpus_signature(root)
    assert signature is not None
    build(index_path(root), signature, scanned.metas, scanned.warnings)
    reads.clear()
    db, notice = LibraryDb.open_current(root, corpus_signature(root) or "")
    assert db is not None and notice is None and reads == []
    corpus = IndexedCorpus(str(root), db)
    assert len(corpus) == 6 and "03" in corpus and "zz" not in corpus
    assert [m.id for m in corpus] == [m.id for m in scanned.metas]
    assert corpus.meta("03") == scanned.meta("03")
    assert corpus.load("03").text == "Text 3."
    with pytest.raises(ArticleNotFound):
        corpus.meta("zz")
    write(root / "06.md", "---\ntitle: New\n---\nNew text.")
    assert corpus_signature(root) != signature
    assert LibraryDb.open_current(root, corpus_signature(root) or "") == (None, None)


@pytest.mark.parametrize("damage", ["garbage", "version", "truncated"])
def test_a_broken_index_file_is_deleted_with_one_line(tmp_path: Path, damage: str) -> None:
    root = folder(tmp_path / "news")
    scanned = open_corpus(root)
    signature = corpus_signature(root) or ""
    path = index_path(root)
    build(path, signature, scanned.metas, [])
    if damage == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    elif damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    else:
        with sqlite3.connect(path) as con:
            con.execute("UPDATE info SET value = '0' WHERE key = 'version'")
        con.close()
    db, notice = LibraryDb.open_current(root, signature)
    assert db is None and notice is not None
    assert str(path) in notice and "\n" not in notice and not path.exists()


def test_a_cancelled_build_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_build, "CHUNK", 10)
    target = tmp_path / "x.sqlite"
    build(target, "sig", random_metas(50), [], cancelled=lambda: True)
    assert not target.exists() and os.listdir(tmp_path) == []


def test_a_build_removes_what_a_killed_build_left_and_keeps_a_running_ones(tmp_path: Path) -> None:
    target = tmp_path / "x.sqlite"
    killed = tmp_path / ".x.sqlite.4194305.tmp"  # above Linux's highest process id: no process has it
    running = tmp_path / f".x.sqlite.{os.getppid()}.tmp"
    other = tmp_path / ".y.sqlite.4194305.tmp"  # another index's
    for path in (killed, running, other):
        path.write_bytes(b"half an index")
    build(target, "sig", random_metas(20), [])
    assert target.exists() and not killed.exists()
    assert running.read_bytes() == b"half an index" and other.exists()


async def test_the_library_lists_from_its_index_on_the_next_open(make_app, tmp_path: Path, reads: list[str]) -> None:
    root = folder(tmp_path / "news")
    app = make_app(str(root))
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        assert app.screen.listing.db is not None  # written after the scan, then listed from
        assert len(app.screen.query_one(ArticleList).rows) == 6
    app.store.close()
    reads.clear()
    app = make_app(str(root))
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        assert reads == [] and isinstance(app.corpus, IndexedCorpus)
        library = app.screen
        rows = library.query_one(ArticleList).rows
        assert [r.meta.published[:7] for r in rows] == [f"2024-0{i}" for i in range(6, 0, -1)]  # newest first
        await pilot.press("slash", *"égy")
        await wait_ready(app, pilot)
        assert [r.meta.id for r in library.query_one(ArticleList).rows] == ["04", "02", "00"]
        await pilot.press("escape", "s")  # title order: accents and case ignored
        await pilot.pause()
        titles = [r.meta.title for r in library.query_one(ArticleList).rows]
        assert titles == [f"Story {i} {'Gaza' if i % 2 else 'Égypte'}" for i in range(6)]
        app.store.set_status("03", "done")
        for _ in range(3):  # all -> todo -> in progress -> done
            await pilot.press("f")
        await pilot.pause()
        assert [r.meta.id for r in library.query_one(ArticleList).rows] == ["03"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.article.id == "03"
    app.store.close()
    write(root / "07.md", "---\ntitle: Late news\npublished: 2025-01-01\n---\nFresh.")
    reads.clear()
    app = make_app(str(root))
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        assert reads == ["07.md"]  # the changed corpus is scanned again, reading only what changed
        rows = app.screen.query_one(ArticleList).rows
        assert rows[0].meta.title == "Late news" and len(rows) == 7
        assert app.screen.listing.db is not None


async def test_a_corrupt_library_index_is_rebuilt_with_a_notice(make_app, tmp_path: Path) -> None:
    root = folder(tmp_path / "news")
    app = make_app(str(root))
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
    app.store.close()
    index_path(root).write_bytes(b"\x00garbage" * 300)
    app = make_app(str(root))
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        notices = said.messages
        assert any("library index unreadable" in m and str(index_path(root)) in m for m in notices), notices
        assert len(app.screen.query_one(ArticleList).rows) == 6
        assert app.screen.listing.db is not None
    assert LibraryDb(index_path(root)).size == 6


async def test_the_bar_says_what_it_indexes_while_the_library_is_usable(make_app, tmp_path: Path) -> None:
    from textual.widgets import Static

    from reader.ui.widgets.loading_bar import LoadingBar

    app = make_app(str(folder(tmp_path / "news")))
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        bar = app.screen.query_one(LoadingBar)
        bar.post_message(LoadingBar.Indexing("indexing the text for search", 3, 6))
        await pilot.pause()
        assert (
            bar.has_class("visible") and str(bar.query_one(".what", Static).render()) == "indexing the text for search"
        )
        await pilot.press("j", "enter")  # the library works meanwhile
        await pilot.pause()
        assert app.screen.article.id == "04"


async def test_a_remembered_filter_searches_the_text_on_a_cached_open(make_app, tmp_path: Path) -> None:
    root = folder(tmp_path / "news")
    app = make_app(str(root))
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("slash", *"text 3")  # only in the text of 03
        await wait_ready(app, pilot)
        assert [r.meta.id for r in app.screen.query_one(ArticleList).rows] == ["03"]
    app.store.close()
    app = make_app(str(root), session=app.session.state)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        assert isinstance(app.corpus, IndexedCorpus)
        assert [r.meta.id for r in app.screen.query_one(ArticleList).rows] == ["03"]
