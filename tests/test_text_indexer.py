"""The first full-text index built by a process of its own (``reader.corpus.text_indexer``):
the same index as one built in the app, stopped without losing what it wrote, and the app
finishing whatever the process did not."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import wait_ready

from reader.corpus import text_indexer
from reader.corpus.library_db import corpus_signature
from reader.corpus.loader import open_corpus
from reader.corpus.text_index import TextIndex, index_file
from reader.corpus.text_indexer import IndexerProcess
from reader.ui.widgets import loading_bar
from reader.ui.widgets.article_list import ArticleList

QUERIES = ["khan younis", "convoy", "convoy rea", "zebra", "article 4", "caf", "rafah"]


def jsonl_corpus(path: Path, n: int) -> Path:
    """``n`` articles, a repeated id (named ``~2`` by the loader), a broken line and one without an id."""
    lines = []
    for i in range(n):
        words = ["convoy reached Rafah" if i % 3 else "talks in Khan Younis", f"article {i}", "zebra" * (i == 7)]
        lines.append(json.dumps({"id": f"a{i}", "title": f"Title {i}", "text": " ".join(words) + " café."}))
    lines.append(json.dumps({"id": "a1", "title": "Again", "text": "A second a1: convoy reached Rafah."}))
    lines.append("{broken")
    lines.append(json.dumps({"title": "No id", "text": "Talks in Khan Younis resumed."}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def folder_corpus(root: Path) -> Path:
    root.mkdir()
    (root / "one.txt").write_text("Convoy\nThe convoy reached Rafah.", encoding="utf-8")
    (root / "two.md").write_text("---\ntitle: Talks\n---\nTalks in Khan Younis.", encoding="utf-8")
    (root / "library.jsonl").write_text(json.dumps({"id": "lib1", "text": "A zebra at the café."}) + "\n")
    return root


def built_here(corpus_path: Path, where: Path) -> TextIndex:
    corpus = open_corpus(corpus_path)
    index = TextIndex(where)
    index.update(corpus.metas, corpus.text_of)
    return index


@pytest.mark.parametrize("kind", ["jsonl", "folder"])
def test_the_process_builds_the_index_the_app_would(tmp_path: Path, kind: str) -> None:
    path = jsonl_corpus(tmp_path / "c.jsonl", 40) if kind == "jsonl" else folder_corpus(tmp_path / "news")
    signature = corpus_signature(path)
    assert signature is not None
    process = IndexerProcess(str(path), index_file(str(path)), signature)
    steps = list(process.steps())
    process.stop()
    assert not process.running
    assert all(done <= total for done, total in steps)
    made = TextIndex(index_file(str(path)))
    reference = built_here(path, tmp_path / "reference.sqlite")
    for query in QUERIES:
        assert sorted(made.search(query)) == sorted(reference.search(query)), query
    assert made.search("second a1") == (["a1~2"] if kind == "jsonl" else [])
    corpus = open_corpus(path)
    assert made.update(corpus.metas, corpus.text_of, signature=signature) == 0  # nothing left to the app


def test_a_closed_pipe_stops_it_keeping_what_it_wrote(tmp_path: Path, monkeypatch) -> None:
    path = jsonl_corpus(tmp_path / "c.jsonl", 5000)
    signature = corpus_signature(path)
    assert signature is not None

    class Closed:
        def write(self, _text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    with monkeypatch.context() as patched:
        patched.setattr(text_indexer, "REPORT_EVERY", 0)
        patched.setattr(sys, "stdout", Closed())
        text_indexer.build(str(path), index_file(str(path)), signature)
    corpus = open_corpus(path)
    index = TextIndex(index_file(str(path)))
    kept = len(index.search("café"))
    assert 0 < kept < len(corpus)  # stopped after its first chunk; that chunk is on disk
    assert index.update(corpus.metas, corpus.text_of, signature=signature) == len(corpus) - kept
    assert len(index.search("café")) == len(corpus) - 2  # the two articles without "café"


def test_stop_ends_a_running_process(tmp_path: Path) -> None:
    path = jsonl_corpus(tmp_path / "c.jsonl", 20000)
    signature = corpus_signature(path)
    assert signature is not None
    process = IndexerProcess(str(path), index_file(str(path)), signature)
    process.stop()
    assert not process.running
    corpus = open_corpus(path)
    index = TextIndex(index_file(str(path)))
    index.update(corpus.metas, corpus.text_of, signature=signature)  # what the app does next
    assert len(index.search("zebra")) == 1 and len(index.search("convoy reached")) == 13334


def test_usage_is_one_line(capsys) -> None:
    assert text_indexer.main([]) == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize("starts", [True, False], ids=["beside the scan", "no process could start"])
async def test_the_library_searches_the_index_after_a_first_open(
    make_app, tmp_path: Path, monkeypatch, starts: bool
) -> None:
    path = jsonl_corpus(tmp_path / "c.jsonl", 30)
    monkeypatch.setattr(loading_bar, "SMALL_CORPUS_BYTES", 0)  # read in batches, as a large corpus is
    monkeypatch.setattr(loading_bar, "TEXT_INDEX_FROM", 10)
    started: list[IndexerProcess] = []

    class Noted(IndexerProcess):
        def __init__(self, *args: object) -> None:
            if not starts:
                raise OSError("no processes left")
            super().__init__(*args)  # type: ignore[arg-type]
            started.append(self)

    monkeypatch.setattr(loading_bar, "IndexerProcess", Noted)
    app = make_app(str(path))
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        library = app.screen
        assert library.text_index is not None and library.text_index.complete
        assert len(started) == starts and not any(p.running for p in started)
        await pilot.press("slash", *"khan younis")
        await wait_ready(app, pilot)
        rows = [row.meta.id for row in library.query_one(ArticleList).rows]
        assert len(rows) == 11 and "a0" in rows and "a3" in rows and "a1" not in rows


async def test_quitting_during_a_first_open_ends_the_process(make_app, tmp_path: Path, monkeypatch) -> None:
    path = jsonl_corpus(tmp_path / "c.jsonl", 20000)
    monkeypatch.setattr(loading_bar, "TEXT_INDEX_FROM", 10)
    started: list[IndexerProcess] = []

    class Noted(IndexerProcess):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            started.append(self)

    monkeypatch.setattr(loading_bar, "IndexerProcess", Noted)
    app = make_app(str(path))
    async with app.run_test(size=(120, 35)) as pilot:
        while not started:
            await pilot.pause(0.05)
        await pilot.press("q")
    assert started and not any(p.running for p in started)


@pytest.mark.parametrize("spelled", ["~/c.jsonl", "c.jsonl"], ids=["home", "relative"])
def test_the_corpus_is_found_as_the_user_named_it(tmp_path: Path, monkeypatch, spelled: str) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    path = jsonl_corpus(tmp_path / "c.jsonl", 30)
    signature = corpus_signature(path)
    assert signature is not None
    process = IndexerProcess(spelled, tmp_path / "index.sqlite", signature)
    list(process.steps())
    process.stop()
    assert len(TextIndex(tmp_path / "index.sqlite").search("café")) == 30


def test_progress_is_read_as_it_comes_and_not_replayed_to_a_late_reader(tmp_path: Path) -> None:
    path = jsonl_corpus(tmp_path / "c.jsonl", 12000)
    signature = corpus_signature(path)
    assert signature is not None
    process = IndexerProcess(str(path), tmp_path / "index.sqlite", signature)
    process.wait()  # nobody reads meanwhile, as while the app builds its library index
    assert process.latest is not None  # its lines were read as they came
    assert list(process.steps()) == []  # ended: nothing replayed
