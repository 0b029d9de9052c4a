"""The full-text index on disk: what it finds, incremental updates, and a broken file rebuilt."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from conftest import wait_ready

from reader.corpus import text_index
from reader.corpus.loader import Corpus, open_corpus, read_location
from reader.corpus.text_index import IndexCancelled, TextIndex, fts_query, index_file
from reader.ui.widgets import loading_bar
from reader.ui.widgets.article_list import ArticleList


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build(corpus: Corpus, reads: list[str] | None = None) -> tuple[TextIndex, int]:
    def read(meta):
        if reads is not None:
            reads.append(meta.id)
        return corpus.load(meta.id).text

    index = TextIndex(index_file(corpus.name))
    return index, index.update(corpus.metas, read, total=len(corpus))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    write(root / "a.txt", "Ceasefire talks\nOfficials met in Khan Younis on Monday.")
    write(root / "b.txt", "Aid convoy\nThe Égyptian crossing at Rafah reopened.")
    write(root / "c.txt", "Markets\nShares rose in Tokyo; the yen fell.")
    return root


def test_words_in_sequence_the_last_a_prefix_case_and_accents_ignored(folder: Path) -> None:
    index, indexed = build(open_corpus(folder))
    assert indexed == 3 and index.complete
    assert index.search("khan younis") == ["a"]
    assert index.search("Khan Youn") == ["a"]  # typing: the last word is a prefix
    assert index.search("egyptian") == ["b"]  # accents ignored
    assert sorted(index.search("the")) == ["b", "c"]
    assert index.search("younis khan") == []  # in sequence
    assert index.search("han younis") == []  # words, not any substring
    assert index.search("rafah reopened.") == ["b"]
    assert index.search('"quoted') == [] and index.search("...") == []


def test_fts_query_quotes_what_was_typed() -> None:
    assert fts_query("khan youn") == '"khan youn" *'
    assert fts_query("khan ") == '"khan "'  # a finished word is a whole word
    assert fts_query('say "no') == '"say ""no" *'
    assert fts_query(" - ") is None


def test_only_changed_articles_are_read_again(folder: Path) -> None:
    build(open_corpus(folder))
    reads: list[str] = []
    _, indexed = build(open_corpus(folder), reads)
    assert indexed == 0 and reads == []
    write(folder / "b.txt", "Aid convoy\nThe crossing at Kerem Shalom stayed shut.")
    write(folder / "d.txt", "Weather\nRain in Rafah.")
    index, indexed = build(open_corpus(folder), reads)
    assert sorted(reads) == ["b", "d"] and indexed == 2
    assert index.search("egyptian") == []  # the old text of b no longer matches
    assert index.search("kerem") == ["b"]
    assert sorted(index.search("rafah")) == ["d"]


def test_a_jsonl_corpus_is_indexed_and_edits_are_seen(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    rows = [{"id": str(i), "title": f"T{i}", "text": f"article number {i} about ceasefire{i}"} for i in range(5)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    index, indexed = build(open_corpus(path))
    assert indexed == 5 and index.search("ceasefire3") == ["3"]
    rows[3]["text"] = "now about something else"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    index, _ = build(open_corpus(path))
    assert index.search("ceasefire3") == [] and index.search("something else") == ["3"]


@pytest.mark.parametrize("damage", ["garbage", "version"])
def test_a_corrupt_or_stale_index_is_built_again_with_a_notice(folder: Path, damage: str) -> None:
    index, _ = build(open_corpus(folder))
    if damage == "garbage":
        for suffix in ("-wal", "-shm"):
            if os.path.exists(f"{index.path}{suffix}"):
                os.remove(f"{index.path}{suffix}")
        index.path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    else:
        with sqlite3.connect(index.path) as con:
            con.execute("UPDATE info SET value = '0' WHERE key = 'version'")
        con.close()
    again, indexed = build(open_corpus(folder))
    assert indexed == 3
    assert again.notice is not None and str(again.path) in again.notice and "\n" not in again.notice
    assert again.search("tokyo") == ["c"]


def test_a_cancelled_build_keeps_the_chunks_done(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_index, "CHUNK", 1)
    corpus = open_corpus(folder)
    index = TextIndex(index_file(corpus.name))
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(IndexCancelled):
        index.update(corpus.metas, lambda m: corpus.load(m.id).text, cancelled=cancelled)
    reads: list[str] = []
    _, indexed = build(corpus, reads)
    assert reads == ["c"] and indexed == 1


def test_many_replaced_articles_start_the_index_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_index, "CHUNK", 1)
    for round_ in range(4):
        for name in "abc":
            write(folder / f"{name}.txt", f"Title\nround{round_} text of {name}")
        index, indexed = build(open_corpus(folder))
        assert indexed == 3
        assert sorted(index.search(f"round{round_}")) == ["a", "b", "c"]
        assert index.search(f"round{round_ - 1}") == []
    with sqlite3.connect(index.path) as con:
        dead = con.execute("SELECT value FROM info WHERE key='dead'").fetchone()
    con.close()
    assert dead is None or int(dead[0]) <= 6


async def test_the_library_searches_text_through_the_index(make_app, folder: Path, monkeypatch) -> None:
    monkeypatch.setattr(loading_bar, "TEXT_INDEX_FROM", 0)
    app = make_app(str(folder))
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        library = app.screen
        assert library.text_index is not None and library.text_index.complete
        assert "tokyo" in library.text_index.common  # three articles: every word is common
        asked: list[tuple[str, bool]] = []
        search = TextIndex.search_selectors

        def noting(index, query, *args):  # type: ignore[no-untyped-def]
            asked.append((query, threading.current_thread() is threading.main_thread()))
            return search(index, query, *args)

        monkeypatch.setattr(TextIndex, "search_selectors", noting)
        await pilot.press("slash", *"tokyo")
        await wait_ready(app, pilot)
        assert [row.meta.id for row in library.query_one(ArticleList).rows] == ["c"]
        assert asked == [("tok", True), ("toky", True), ("tokyo", True)]  # stored sets: read at once
        await pilot.press(*" the ye")  # the text has "Tokyo; the yen": words in sequence, not a substring
        await wait_ready(app, pilot)
        assert [row.meta.id for row in library.query_one(ArticleList).rows] == ["c"]
        assert asked[-1] == ("tokyo the ye", False)  # a phrase: FTS5, on a worker


def test_an_unchanged_corpus_signature_skips_the_pass(folder: Path) -> None:
    corpus = open_corpus(folder)
    index = TextIndex(index_file(corpus.name))
    reads: list[str] = []

    def read(meta):
        reads.append(meta.id)
        return read_location(meta.location)

    assert index.update(corpus.metas, read, signature="s1") == 3
    reads.clear()
    assert index.update(corpus.metas, read, signature="s1") == 0 and index.complete
    write(folder / "c.txt", "Markets\nShares fell in Seoul.")
    assert index.update(open_corpus(folder).metas, read, signature="s2") == 1  # looked at: only c changed
    assert reads == ["c"] and index.search("seoul") == ["c"]


WORDS = ["gaza", "gazette", "gazan", "ceasefire", "cease", "talks", "tal", "aid", "rafah", "2024", "20", "café", "khan"]


def test_stored_sets_of_common_prefixes_answer_as_fts5_does(tmp_path: Path) -> None:
    """Before the sets are made, after, with rows indexed since and with replaced articles (the
    library's rows no longer a run of the index's): the same rows as FTS5's own answer."""
    import random

    from reader.corpus import library_build, library_db

    rng = random.Random(14)
    root = tmp_path / "news"

    def write_all(names: range) -> None:
        for i in names:
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6)))
            write(root / f"{i:03d}.txt", f"Story {i}\n{words}.")

    write_all(range(80))
    queries = ["gaz", "Gaza", "gaze", "gazan", "cea", "ceasefi", "tal", "talk", "aid", "raf", "202", "caf", "café"]
    queries += ["khan", "kha", "zzz", "gaza talks", "ceasefire ", "aid.", "GAZ"]

    checks = iter(range(100))

    def check(index: TextIndex) -> None:
        corpus = open_corpus(root)
        path = tmp_path / f"library-{next(checks)}.sqlite"  # a new library file: nothing asked of it yet
        library_build.build(path, "sig", list(corpus.metas), [])
        db = library_db.LibraryDb(path)
        for query in queries:
            want = db.selectors(db.rowids(index.search(query)))
            got = index.search_selectors(query, path, db.size)
            assert (got or bytes(db.size)) == want, query
        db.close()

    index, _ = build(open_corpus(root))
    check(index)  # no sets yet: FTS5 answers
    assert index.common == frozenset()
    assert index.count_common() > 0
    assert {"gaz", "gaza", "cea", "ceasefi", "tal"} <= index.common and "zzz" not in index.common
    assert index.count_common() == 0  # nothing indexed since
    check(index)  # a first build: the library's rows are a run of the index's (a stored set is sliced)
    write_all(range(80, 83))  # more articles: until the sets are made again, FTS5 answers for the rows after them
    index.update(open_corpus(root).metas, read_location_of)
    assert index.common == frozenset()
    check(index)
    assert index.count_common() > 0
    check(index)
    write_all(range(10, 14))  # replaced articles: new row ids, the library's rows no longer a run
    index.update(open_corpus(root).metas, read_location_of)
    check(index)  # the library's rows are no longer a run of the index's: each hit mapped
    assert index.count_common() > 0
    check(index)


def read_location_of(meta) -> str:  # type: ignore[no-untyped-def]
    return read_location(meta.location)


def test_the_row_id_map_is_stored_for_the_next_open_and_made_again_after_a_change(folder: Path) -> None:
    """Making the map joins every id (seconds at a million articles); the next open reads it back.
    Shown by damaging the library file while keeping its time: the stored map still answers."""
    from reader.corpus.library_build import build as build_library

    corpus = open_corpus(folder)
    library = folder.parent / "library.sqlite"
    build_library(library, "sig", corpus.metas, [])
    index, _ = build(corpus)
    made = index.rowid_map(library)
    assert sorted(made) == [-1, 0, 1, 2]  # index row 0 is never used: every article is mapped
    st = library.stat()
    library.write_bytes(b"not a database" * 100)
    os.utime(library, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert TextIndex(index_file(corpus.name)).rowid_map(library) == made
    # a changed article gets a new index row: the stored map no longer fits, so it is made again
    build_library(library, "sig", corpus.metas, [])
    os.utime(library, ns=(st.st_atime_ns, st.st_mtime_ns))
    write(folder / "c.txt", "Markets\nShares fell in Seoul.")
    changed = open_corpus(folder)
    assert TextIndex(index_file(changed.name)).update(changed.metas, lambda m: changed.load(m.id).text) == 1
    again = TextIndex(index_file(changed.name)).rowid_map(library)
    c_row = [m.id for m in corpus.metas].index("c")
    assert len(again) == len(made) + 1 and again[-1] == c_row and c_row not in again[:-1]


def test_another_app_indexing_the_same_articles_meanwhile_is_no_error(folder: Path) -> None:
    corpus = open_corpus(folder)
    mine, other = TextIndex(index_file(corpus.name)), TextIndex(index_file(corpus.name))
    others: list[int] = []

    def read(meta):  # while this app reads its first text, another app indexes the corpus whole
        if not others:
            others.append(other.update(corpus.metas, corpus.text_of))
        return corpus.text_of(meta)

    assert mine.update(corpus.metas, read) == 0 and others == [3]  # its rows were there: none written twice
    assert mine.complete and mine.search("khan younis") == ["a"] and sorted(mine.search("the")) == ["b", "c"]


@pytest.mark.parametrize(("query", "before", "after"), [("han youn", ["a"], []), ("tokyo", ["c"], ["c"])])
async def test_the_index_arriving_replaces_what_reading_the_texts_found(
    make_app, folder: Path, monkeypatch, query: str, before: list[str], after: list[str]
) -> None:
    monkeypatch.setattr(loading_bar, "TEXT_INDEX_FROM", 10**9)  # no index: the filter reads the texts
    app = make_app(str(folder))
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        library = app.screen
        await pilot.press("slash", *query)
        await wait_ready(app, pilot)
        assert [row.meta.id for row in library.query_one(ArticleList).rows] == before  # substrings of the texts
        index, _ = build(open_corpus(folder))
        library.query_one(loading_bar.LoadingBar).post_message(loading_bar.LoadingBar.TextIndexed(index))
        await wait_ready(app, pilot)
        assert library.text_index is index
        assert [row.meta.id for row in library.query_one(ArticleList).rows] == after  # words, as typed again


async def test_text_hits_stay_when_the_listing_moves_to_the_library_index(make_app, folder: Path, monkeypatch) -> None:
    from reader.corpus.indexed_corpus import IndexedCorpus
    from reader.corpus.library_build import build as build_library
    from reader.corpus.library_db import LibraryDb, corpus_signature, index_path

    monkeypatch.setattr(loading_bar, "TEXT_INDEX_FROM", 10**9)  # no index: the filter reads the texts
    app = make_app(str(folder))
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        library = app.screen
        await pilot.press("slash", *"han youn")
        await wait_ready(app, pilot)
        assert [row.meta.id for row in library.query_one(ArticleList).rows] == ["a"]  # in the text only
        corpus = open_corpus(folder)
        path = index_path(folder).with_name("again.sqlite")
        build_library(path, corpus_signature(folder) or "", corpus.metas, [])
        monkeypatch.setattr(library, "_schedule_text_search", lambda *args, **kwargs: None)  # no new reading
        bar = library.query_one(loading_bar.LoadingBar)
        bar.post_message(loading_bar.LoadingBar.LibraryIndexed(IndexedCorpus(str(folder), LibraryDb(path))))
        await wait_ready(app, pilot)
        assert library.listing.db is not None and library.listing.db.path == path
        assert [row.meta.id for row in library.query_one(ArticleList).rows] == ["a"]
