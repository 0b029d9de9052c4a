"""Opening corpora: seeds, folders, JSONL; ids, metadata, lazy texts, the index cache."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

import reader.corpus.article_files as article_files
from reader.core import paths
from reader.core.errors import UserError
from reader.corpus.loader import ArticleNotFound, CorpusLoader, LoadCancelled, open_corpus

SHARED_SEEDS = Path("/work/shared/seeds")


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of files whose text the indexer read."""
    seen: list[str] = []
    original = article_files.read_text_file

    def counting(path: Path, name: str, **options):  # type: ignore[no-untyped-def]
        seen.append(Path(path).name)
        return original(path, name, **options)

    monkeypatch.setattr(article_files, "read_text_file", counting)
    return seen


def test_seeds_have_titles_sources_and_the_one_date() -> None:
    corpus = open_corpus()
    assert len(corpus) == 5
    assert corpus.warnings == []
    by_id = {meta.id: meta for meta in corpus.metas}
    first = by_id["001_cf9cc913bd578db9"]
    assert first.title == (
        "Advanced Prisoner Exchange Talks Between Hamas and Israel Mediated by Qatar and the United States"
    )
    assert first.published == "2023-11-15T03:12:57"
    assert first.source == "Al Jazeera + American press + Israeli press"
    assert by_id["002_454c9bb3e80f5ed7"].title == (
        "Disagreements in the Israeli government caused negotiations to falter"
    )
    assert all(meta.title and meta.word_count > 300 for meta in corpus.metas)
    assert [m.published for m in corpus.metas if m.published] == ["2023-11-15T03:12:57"]
    article = corpus.load("001_cf9cc913bd578db9")
    assert article.text.startswith("Home » World » Advanced Prisoner Exchange")
    assert "2023-11-15 03:12:57" in article.text


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="original seeds not on this machine")
def test_seed_files_are_byte_identical_to_the_originals() -> None:
    for original in sorted(SHARED_SEEDS.glob("*.txt")):
        assert (paths.seeds_dir() / original.name).read_bytes() == original.read_bytes()


def test_folder_recursive_sorted_hidden_skipped(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "Beta title\n\nBody of beta.")
    write(root / "sub" / "a.md", "\n# Alpha *md*\n\nText here.")
    write(root / ".hidden.txt", "secret")
    write(root / ".git" / "x.txt", "secret")
    write(root / "notes.rst", "ignored")
    corpus = open_corpus(root)
    assert [m.id for m in corpus.metas] == ["b", "sub/a"]
    assert [m.title for m in corpus.metas] == ["Beta title", "Alpha md"]
    assert corpus.metas[0].word_count == 5
    assert corpus.load("sub/a").text == "Alpha md\n\nText here."  # Markdown is read as plain text


def test_ids_stable_across_creation_order_and_folder_rename(tmp_path: Path) -> None:
    names = [f"{i:02d}_{c}.txt" for i, c in enumerate("qwertyuiop")]
    one, two = tmp_path / "one", tmp_path / "two"
    for name in names:
        write(one / name, f"Title {name}\nText")
    for name in reversed(names):
        write(two / name, f"Title {name}\nText")
    first = [(m.id, m.title) for m in open_corpus(one).metas]
    again = [(m.id, m.title) for m in open_corpus(one).metas]
    other = [(m.id, m.title) for m in open_corpus(two).metas]
    os.rename(one, tmp_path / "renamed")
    renamed = [(m.id, m.title) for m in open_corpus(tmp_path / "renamed").metas]
    assert first == again == other == renamed
    assert first[0][0] == "00_q"


def test_same_stem_keeps_suffix_for_both(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Plain")
    write(tmp_path / "a.md", "# Markdown")
    write(tmp_path / "b.txt", "Other")
    assert [m.id for m in open_corpus(tmp_path).metas] == ["a.md", "a.txt", "b"]


def test_metadata_yaml(tmp_path: Path) -> None:
    write(tmp_path / "x.txt", "breadcrumb » line\n\nHeadline\n\nBody")
    write(tmp_path / "y.txt", "Y first line")
    write(
        tmp_path / "metadata.yaml",
        "x.txt:\n  title: The Headline\n  source: Reuters\n  published: 2024-01-02\n  url: https://example.org/x\n",
    )
    corpus = open_corpus(tmp_path)
    x, y = corpus.metas
    assert (x.title, x.source, x.published, x.url) == ("The Headline", "Reuters", "2024-01-02", "https://example.org/x")
    assert (y.title, y.source) == ("Y first line", "")
    assert corpus.load("x").url == "https://example.org/x"


def test_bad_metadata_yaml_is_one_warning(tmp_path: Path) -> None:
    write(tmp_path / "x.txt", "X")
    write(tmp_path / "metadata.yaml", "x.txt: [unclosed\n")
    corpus = open_corpus(tmp_path)
    assert len(corpus) == 1
    assert len(corpus.warnings) == 1 and "metadata.yaml" in corpus.warnings[0]


def test_empty_binary_and_legacy_files(tmp_path: Path) -> None:
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "blank.txt", " \n\r\n ")
    write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    write(tmp_path / "latin.txt", "Caf\xe9 na\xefve\r\nsecond".encode("latin-1"))
    write(tmp_path / "ok.txt", "Fine\x00with a NUL\x1b[2J")
    corpus = open_corpus(tmp_path)
    assert [m.id for m in corpus.metas] == ["latin", "ok"]
    assert sorted(corpus.warnings) == sorted(
        [
            f"{tmp_path}/blank.txt: empty file, skipped",
            f"{tmp_path}/empty.txt: empty file, skipped",
            f"{tmp_path}/image.txt: binary file, skipped",
            f"{tmp_path}/latin.txt: not UTF-8, decoded as cp1252",
        ]
    )
    assert corpus.load("latin").text == "Café naïve\nsecond"
    assert corpus.load("ok").text == "Fine\ufffdwith a NUL\ufffd[2J"
    # The cached open gives the same warnings.
    assert sorted(open_corpus(tmp_path).warnings) == sorted(corpus.warnings)


def test_single_file_and_missing_path(tmp_path: Path) -> None:
    path = write(tmp_path / "one.md", "## Heading\r\nbody")
    corpus = open_corpus(path)
    assert [(m.id, m.title) for m in corpus.metas] == [("one", "Heading")]
    assert corpus.load("one").text == "Heading\n\nbody"
    with pytest.raises(UserError, match="no such file"):
        open_corpus(tmp_path / "missing")
    with pytest.raises(UserError, match="not a folder"):
        open_corpus(write(tmp_path / "data.csv", "a,b"))


def jsonl(path: Path, rows: list[object]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    return write(path, "\n".join(lines) + "\n")


def test_jsonl_with_bad_lines_and_duplicates(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "a.jsonl",
        [
            {"id": "x1", "title": "First", "text": "One\r\ntwo", "source": "S", "published": "2024-05-01"},
            "{not json",
            {"title": "No id", "text": "hashed"},
            "",
            [1, 2],
            {"id": "x1", "title": "Again", "text": "dup"},
            {"title": "No text"},
            {"id": 7, "text": "Numeric id\nmore"},
        ],
    )
    corpus = open_corpus(path)
    ids = [m.id for m in corpus.metas]
    assert ids[0] == "x1" and ids[1].startswith("h:") and ids[2:] == ["x1~2", "7"]
    assert corpus.metas[3].title == "Numeric id"
    name = str(path)
    warnings = sorted(corpus.warnings)
    assert len(warnings) == 4
    assert warnings[0].startswith(f"{name}:2: not valid JSON")
    assert warnings[1].startswith(f"{name}:5: expected a JSON object")
    assert warnings[2] == f"{name}:6: duplicate id 'x1'; this one is 'x1~2'"  # its line, as the others
    assert warnings[3].startswith(f'{name}:7: no "text" string')
    first = corpus.load("x1")
    assert (first.text, first.source, first.published) == ("One\ntwo", "S", "2024-05-01")
    assert corpus.load("x1~2").text == "dup"
    assert corpus.meta(ids[1]).location.startswith(f"{path.resolve()}#")
    # Ids are the same on the next (cached) open and when lines are reordered.
    assert [m.id for m in open_corpus(path).metas] == ids
    assert sorted(open_corpus(path).warnings) == warnings
    other = os.path.relpath(path)  # the same file by another name: warnings use that name
    assert any(w.startswith(f"{other}:2: not valid JSON") for w in open_corpus(other).warnings)


TEXT_FIELDS = ("title", "source", "published", "url", "author")
NOT_STRINGS = [
    (True, "true"),
    (False, "false"),
    (2024, "a number"),
    (1.5, "a number"),
    (["x"], "a list"),
    ({"y": 1}, "an object"),
]


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize(("value", "kind"), NOT_STRINGS)
@pytest.mark.parametrize("in_meta", [False, True])  # newsdesk's annotation exports keep them in "meta"
def test_jsonl_text_field_that_is_not_a_string_skips_its_line(
    tmp_path: Path, field: str, value: object, kind: str, in_meta: bool
) -> None:
    bad = {"id": "bad", "text": "Bad line", **({"meta": {field: value}} if in_meta else {field: value})}
    path = jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": "Good"}, bad, {"id": "b", "text": "Good too"}])
    corpus = open_corpus(path)
    assert [m.id for m in corpus.metas] == ["a", "b"]
    assert corpus.warnings == [f'{path}:2: "{field}" is not a string but {kind}, skipped']


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_jsonl_null_text_field_is_absent(tmp_path: Path, field: str) -> None:
    path = jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": "First line\nmore", field: None}])
    corpus = open_corpus(path)
    assert corpus.warnings == []
    (meta,) = corpus.metas
    expected = {"title": "First line", "source": "", "published": "", "url": "", "author": ""}
    assert getattr(meta, field) == expected[field]


NOT_IDS = [
    (True, "true"),
    (False, "false"),
    (1.5, "a decimal number"),
    (2.0, "a decimal number"),
    (["x"], "a list"),
    ({"y": 1}, "an object"),
]


@pytest.mark.parametrize(("value", "kind"), NOT_IDS)
def test_jsonl_id_that_is_neither_a_string_nor_an_integer_skips_its_line(
    tmp_path: Path, value: object, kind: str
) -> None:
    rows = [{"id": "a", "text": "Good"}, {"id": value, "text": "Bad line"}, {"id": "b", "text": "Good too"}]
    path = jsonl(tmp_path / "a.jsonl", rows)
    corpus = open_corpus(path)
    assert [m.id for m in corpus.metas] == ["a", "b"]
    assert corpus.warnings == [f'{path}:2: "id" is not a string or an integer but {kind}, skipped']
    assert open_corpus(path).warnings == corpus.warnings  # the cached open says it again


@pytest.mark.parametrize(("value", "expected"), [("x7", "x7"), (7, "7"), (0, "0"), (-3, "-3"), (10**20, str(10**20))])
def test_jsonl_id_that_is_a_string_or_an_integer_is_the_id(tmp_path: Path, value: object, expected: str) -> None:
    corpus = open_corpus(jsonl(tmp_path / "a.jsonl", [{"id": value, "text": "Text"}]))
    assert corpus.warnings == []
    assert [m.id for m in corpus.metas] == [expected]


@pytest.mark.parametrize("given", [{"id": None}, {"id": ""}, {"id": "  "}, {}])
def test_jsonl_null_blank_or_absent_id_is_a_hash_of_the_content(tmp_path: Path, given: dict[str, object]) -> None:
    corpus = open_corpus(jsonl(tmp_path / "a.jsonl", [{"title": "T", "text": "Text", **given}]))
    plain = open_corpus(jsonl(tmp_path / "b.jsonl", [{"title": "T", "text": "Text"}]))
    assert corpus.warnings == []
    assert [m.id for m in corpus.metas] == [m.id for m in plain.metas]
    assert corpus.metas[0].id.startswith("h:")


def test_jsonl_hash_id_independent_of_order(tmp_path: Path) -> None:
    rows = [{"title": f"T{i}", "text": f"text {i}"} for i in range(5)]
    a = open_corpus(jsonl(tmp_path / "a.jsonl", rows))
    b = open_corpus(jsonl(tmp_path / "b.jsonl", rows[::-1]))
    assert sorted(m.id for m in a.metas) == sorted(m.id for m in b.metas)


def test_texts_are_lazy(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Original text")
    corpus = open_corpus(tmp_path)
    write(tmp_path / "a.txt", "Edited text")  # read when loaded, not when opened
    assert corpus.load("a").text == "Edited text"
    assert dict(corpus.texts()) == {"a": "Edited text"}
    with pytest.raises(ArticleNotFound, match="no article with id 'zz'"):
        corpus.load("zz")


def test_index_cache_reads_only_changed_files(tmp_path: Path, reads: list[str]) -> None:
    for name in "abc":
        write(tmp_path / f"{name}.txt", f"Title {name}\nbody")
    first = open_corpus(tmp_path)
    assert sorted(reads) == ["a.txt", "b.txt", "c.txt"]
    reads.clear()
    assert open_corpus(tmp_path).metas == first.metas
    assert reads == []
    # Same size, new mtime: re-read that file only.
    stat = (tmp_path / "b.txt").stat()
    os.utime(tmp_path / "b.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000))
    write(tmp_path / "c.txt", "New title c\nlonger body now")
    write(tmp_path / "d.txt", "Title d")
    (tmp_path / "a.txt").unlink()
    corpus = open_corpus(tmp_path)
    assert sorted(reads) == ["b.txt", "c.txt", "d.txt"]
    assert [(m.id, m.title) for m in corpus.metas] == [("b", "Title b"), ("c", "New title c"), ("d", "Title d")]
    assert corpus.meta("c").word_count == 6


def test_jsonl_cache_invalidated_when_file_changes(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "a.jsonl", [{"id": "1", "title": "A", "text": "a"}])
    assert [m.title for m in open_corpus(path).metas] == ["A"]
    jsonl(path, [{"id": "1", "title": "B", "text": "b b"}, {"id": "2", "title": "C", "text": "c"}])
    assert [m.title for m in open_corpus(path).metas] == ["B", "C"]


def test_loader_batches_progress_and_cancel(tmp_path: Path, reads: list[str]) -> None:
    for i in range(25):
        write(tmp_path / f"{i:03d}.txt", f"Article {i}")
    loader = CorpusLoader(tmp_path)
    assert loader.total == 25
    batches = list(loader.scan(batch=10))
    assert [len(b) for b in batches] == [10, 10, 5]
    assert loader.done == 25 and not loader.cancelled
    assert [m.id for m in loader.corpus().metas] == [f"{i:03d}" for i in range(25)]

    cancel = threading.Event()
    other = tmp_path / "copy"
    for i in range(25):
        write(other / f"{i:03d}.txt", f"Article {i}")
    loader = CorpusLoader(other, cancel=cancel)
    seen = []
    for batch in loader.scan(batch=10):
        seen.append(len(batch))
        cancel.set()
    assert seen == [10] and loader.cancelled
    reads.clear()
    with pytest.raises(LoadCancelled):
        open_corpus(other, cancel=cancel)
    calls: list[tuple[int, int]] = []
    open_corpus(other, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (25, 25)
    assert len(reads) == 15  # the cancelled scan's work was kept in the cache


def test_default_corpus_is_seeds_then_library(tmp_path: Path) -> None:
    library = paths.library_dir()
    jsonl(library / "library.jsonl", [{"id": "feed:1", "title": "Imported", "text": "hello"}])
    write(library / "note.txt", "A note")
    corpus = open_corpus()
    assert corpus.name == "seeds + library"
    assert [m.id for m in corpus.metas][5:] == ["feed:1", "note"]
    assert corpus.load("feed:1").text == "hello"


def test_duplicate_id_across_sources_gets_suffix() -> None:
    library = paths.library_dir()
    write(library / "000_ac519eef5bfb893a.txt", "Same id as a seed")
    corpus = open_corpus()
    assert corpus.metas[-1].id == "000_ac519eef5bfb893a~2"
    assert corpus.load("000_ac519eef5bfb893a~2").text == "Same id as a seed"
    assert any("duplicate id" in w for w in corpus.warnings)


def test_long_single_line_and_odd_text(tmp_path: Path) -> None:
    line = "word " * 200_000 + "\u202eRTL \U0001f469\u200d\U0001f467 e\u0301"
    write(tmp_path / "long.txt", line)
    corpus = open_corpus(tmp_path)
    meta = corpus.meta("long")
    assert len(meta.title) <= 120 and meta.word_count == 200_003
    assert corpus.load("long").text == line
