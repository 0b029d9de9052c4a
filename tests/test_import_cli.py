"""``newsdesk import``: articles from feeds, folders and JSONL; annotations with --format."""

from __future__ import annotations

import http.server
import json
import os
import threading
from pathlib import Path

import pytest

from annotations.formats.registry import FORMATS, IMPORT_FORMATS
from reader.cli.main import main
from reader.core import paths
from reader.core.errors import UserError
from reader.corpus.loader import open_corpus

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>https://e.org/1</link><description>&lt;p&gt;First.&lt;/p&gt;</description></item>
<item><title>Two</title><guid>urn:2</guid><description>Second.</description></item>
</channel></rss>"""


def feed_with(n: int) -> str:
    items = "".join(
        f"<item><title>E{i}</title><link>https://e.org/{i}</link><description>Body {i}</description></item>"
        for i in range(n)
    )
    return f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


def test_feed_import_twice_adds_nothing_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED)
    assert main(["import", str(feed)]) == 0
    library = paths.library_dir()
    assert capsys.readouterr().out == (f"imported 2 new articles from {feed} into {library} (0 already there)\n")
    assert main(["import", str(feed)]) == 0
    assert capsys.readouterr().out == (f"imported 0 new articles from {feed} into {library} (2 already there)\n")
    # The feed grows: only the new entries are added.
    feed.write_text(feed_with(3))
    assert main(["import", str(feed)]) == 0
    assert "imported 2 new articles" in capsys.readouterr().out  # e.org/0 and e.org/2 are new
    lines = (library / "library.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    assert len({json.loads(line)["id"] for line in lines}) == 4
    corpus = open_corpus()
    assert len(corpus) == 9
    one = corpus.load(corpus.metas[5].id)
    assert (one.title, one.text, one.source, one.url) == ("One", "First.", "Wire", "https://e.org/1")


def test_folder_and_jsonl_into_a_corpus_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha\r\n\r\ntext")
    (folder / "b.md").write_text("# Beta\n")
    (folder / "empty.txt").write_text("")
    into = tmp_path / "out" / "mine.jsonl"
    assert main(["import", str(folder), "--into", str(into)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"imported 2 new articles from {folder} into {into} (0 already there)\n"
    assert captured.err == f"newsdesk: {folder}/empty.txt: empty file, skipped\n"

    source = tmp_path / "articles.jsonl"
    source.write_text(
        json.dumps({"id": "x", "title": "X", "text": "x text"})
        + "\n{bad\n"
        + json.dumps({"title": "Alpha", "text": "Alpha\n\ntext"})
        + "\n"
    )
    assert main(["import", str(source), "--into", str(into)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("imported 1 new article from")  # Alpha is already there
    assert "(1 already there)" in captured.out
    assert (
        captured.err == f"newsdesk: {source}:2: not valid JSON (Expecting property name "
        "enclosed in double quotes), skipped\n"
    )
    corpus = open_corpus(into)
    assert [m.title for m in corpus.metas] == ["Alpha", "Beta", "X"]
    assert corpus.load(corpus.metas[0].id).text == "Alpha\n\ntext"


@pytest.mark.parametrize("field", ["title", "source", "published", "url", "author"])
def test_import_refuses_a_jsonl_line_whose_text_field_is_not_a_string(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str
) -> None:
    source = tmp_path / "articles.jsonl"
    lines = [{"id": "a", "text": "Kept", field: None}, {"id": "b", "text": "Refused", field: True}]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))
    into = tmp_path / "mine.jsonl"
    assert main(["import", str(source), "--into", str(into)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"imported 1 new article from {source} into {into} (0 already there)\n"
    assert captured.err == f'newsdesk: {source}:2: "{field}" is not a string but true, skipped\n'
    assert [json.loads(line)["id"] for line in into.read_text().splitlines()] == ["a"]


def _source_with_a_repeated_id(kind: str, tmp_path: Path) -> tuple[Path, str, str]:
    """A source of three articles, the third with the first one's id: (source, where the third
    is, where the first is), as the import names them."""
    if kind == "jsonl":
        source = tmp_path / "articles.jsonl"
        rows = [{"id": "a1", "title": "One", "text": "1"}, {"id": "a2", "title": "Two", "text": "2"}]
        rows.append({"id": "a1", "title": "One again", "text": "another text"})
        source.write_text("".join(json.dumps(row) + "\n" for row in rows))
        return source, f"{source}:3", f"{source}:1"
    if kind == "folder":  # a file's id is a hash of its title and text: a copy repeats it
        source = tmp_path / "folder"
        source.mkdir()
        for name, text in (("a.txt", "One\n\n1"), ("b.txt", "Two\n\n2"), ("c.txt", "One\n\n1")):
            (source / name).write_text(text)
        return source, str((source / "c.txt").resolve()), str((source / "a.txt").resolve())
    source = tmp_path / "feed.xml"  # an entry id given twice: the feed gives no line to name
    items = "".join(
        f"<item><title>{title}</title><guid>urn:{guid}</guid><description>{title}</description></item>"
        for title, guid in (("One", 1), ("Two", 2), ("One again", 1))
    )
    source.write_text(f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>')
    return source, str(source), str(source)


@pytest.mark.parametrize(("value", "kind"), [(True, "true"), (1.5, "a decimal number"), (["a"], "a list")])
def test_import_refuses_a_jsonl_line_whose_id_is_neither_a_string_nor_an_integer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: object, kind: str
) -> None:
    source = tmp_path / "articles.jsonl"
    lines = [{"id": 7, "text": "Kept"}, {"id": value, "text": "Refused"}]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))
    into = tmp_path / "mine.jsonl"
    assert main(["import", str(source), "--into", str(into)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"imported 1 new article from {source} into {into} (0 already there)\n"
    assert captured.err == f'newsdesk: {source}:2: "id" is not a string or an integer but {kind}, skipped\n'
    assert [json.loads(line)["id"] for line in into.read_text().splitlines()] == ["7"]


@pytest.mark.parametrize("kind", ["jsonl", "folder", "feed"])
def test_an_id_repeated_within_the_source_is_a_duplicate_not_already_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    source, repeat, first = _source_with_a_repeated_id(kind, tmp_path)
    into = tmp_path / "mine.jsonl"
    assert main(["import", str(source), "--into", str(into)]) == 0
    captured = capsys.readouterr()
    said = f"from {source} into {into} (0 already there, 1 duplicate id in the source)\n"
    assert captured.out == "imported 2 new articles " + said
    (line,) = captured.err.splitlines()
    if kind == "folder":  # no id written: the copy is named as one
        assert line == f"newsdesk: {repeat}: the same title and text as {first}, skipped"
    else:
        earlier = f"first at {first}" if first != repeat else "an earlier entry has it"
        assert line.startswith(f"newsdesk: {repeat}: duplicate id '") and line.endswith(f"' ({earlier}), skipped")
    kept = [json.loads(row)["title"] for row in into.read_text().splitlines()]
    assert kept == ["One", "Two"]  # the first of the two is kept
    assert main(["import", str(source), "--into", str(into)]) == 0  # again: the two are there now
    captured = capsys.readouterr()
    assert (
        captured.out
        == f"imported 0 new articles from {source} into {into} (2 already there, 1 duplicate id in the source)\n"
    )
    assert captured.err.splitlines() == [line]


def _jsonl(path: Path, *articles: tuple[str, str, str]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "title": t, "text": x}) + "\n" for i, t, x in articles))
    return path


def test_an_id_another_file_gave_another_article_is_taken_not_already_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two JSONL batches both numbered from 1: the second's articles were counted "already
    there" and never imported, while the library held only the first batch's."""
    into = tmp_path / "library.jsonl"
    first = _jsonl(tmp_path / "a.jsonl", ("1", "Alpha talks", "Hamas demanded a ceasefire."), ("2", "Alpha two", "x y"))
    assert main(["import", str(first), "--into", str(into)]) == 0
    capsys.readouterr()
    second = _jsonl(
        tmp_path / "b.jsonl",
        ("1", "Beta market", "Shares rose in London."),  # another article
        ("2", "Alpha two", "x y, edited"),  # the same article, its text edited since
        ("3", "Beta three", "New."),
    )
    assert main(["import", str(second), "--into", str(into)]) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        f"imported 1 new article from {second} into {into} (1 already there, 1 with an id taken by another article)\n"
    )
    assert captured.err == (
        f"newsdesk: {second}:1: id '1' is taken in {into} by another article, 'Alpha talks'; skipped "
        "(give it an id of its own, or none: an article without one is named by a hash of its title and text)\n"
    )
    titles = [json.loads(row)["title"] for row in into.read_text().splitlines()]
    assert titles == ["Alpha talks", "Alpha two", "Beta three"]


def test_import_into_folder_is_listed_with_it(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "local.txt").write_text("Local article")
    feed = tmp_path / "f.rss"
    feed.write_text(FEED)
    assert main(["import", str(feed), "--into", str(corpus_dir)]) == 0
    assert [m.title for m in open_corpus(corpus_dir).metas] == ["One", "Two", "Local article"]


def test_bad_sources_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "nothing")]) == 2
    assert capsys.readouterr().err == f"newsdesk: {tmp_path / 'nothing'}: no such file or folder\n"
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><body>hi</body></html>")
    assert main(["import", str(page)]) == 2
    assert capsys.readouterr().err == f"newsdesk: {page}: not a feed but an HTML page\n"
    assert not paths.library_dir().exists()


def test_import_from_url(capsys: pytest.CaptureFixture[str]) -> None:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = FEED.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/feed"
        assert main(["import", url]) == 0
        assert main(["import", url]) == 0
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"imported 2 new articles from {url}")
    assert out[1].startswith(f"imported 0 new articles from {url}")


def test_annotations_round_trip_through_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotations.store.database import AnnotationStore

    corpus = open_corpus()
    article = corpus.load(corpus.metas[0].id)
    start = article.text.index("Benjamin Netanyahu")
    first_db = tmp_path / "first.db"
    store = AnnotationStore.open(first_db)
    store.add_span(article, start, start + len("Benjamin Netanyahu"), "demand")
    store.close()
    exported = tmp_path / "spans.jsonl"
    assert main(["export", "--format", "jsonl", "--out", str(exported), "--db", str(first_db)]) == 0
    capsys.readouterr()
    second_db = tmp_path / "second.db"
    assert main(["import", str(exported), "--format", "native", "--db", str(second_db)]) == 0
    assert capsys.readouterr().out == (
        f"imported 1 span on 1 article from {exported} into {second_db} (0 already there, 0 skipped)\n"
    )
    again = tmp_path / "again.jsonl"
    assert main(["export", "--format", "jsonl", "--out", str(again), "--db", str(second_db)]) == 0
    assert again.read_bytes() == exported.read_bytes()


def _annotated_db(tmp_path: Path) -> Path:
    """A database with spans added in the app's way (random ids) on two seed articles."""
    from annotations.store.database import AnnotationStore

    corpus = open_corpus()
    db = tmp_path / "own.db"
    store = AnnotationStore.open(db)
    for meta in corpus.metas[:2]:
        article = corpus.load(meta.id)
        start = article.text.index("Israel")
        store.add_span(article, start, start + len("Israel"), "demand")
        store.add_span(article, start, start + len("Israel"), "concession")  # same place, other label
    store.close()
    return db


IMPORTABLE = [name for name, info in FORMATS.items() if info.importable]


@pytest.mark.parametrize("fmt", IMPORTABLE)
def test_a_databases_own_export_imported_back_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    db = _annotated_db(tmp_path)
    exported = tmp_path / f"export-{fmt}"
    assert main(["export", "--format", fmt, "--out", str(exported), "--db", str(db)]) == 0
    before = tmp_path / "before.jsonl"
    assert main(["export", "--format", "jsonl", "--out", str(before), "--db", str(db)]) == 0
    capsys.readouterr()
    name = "native" if fmt == "jsonl" else fmt
    assert main(["import", "--format", name, str(exported), "--db", str(db)]) == 0
    said = capsys.readouterr().out
    head = f"imported 0 spans on 0 articles from {exported} into {db} ("
    assert said.startswith(head) and said.endswith(" already there, 0 skipped)\n"), said
    assert int(said[len(head) :].split()[0]) > 0  # the spans it found there are counted, not hidden
    after = tmp_path / "after.jsonl"
    assert main(["export", "--format", "jsonl", "--out", str(after), "--db", str(db)]) == 0
    assert after.read_bytes() == before.read_bytes()


def _twice(exported: Path, fmt: str) -> Path:
    """The export with every article given twice, as a file made by joining two exports is."""
    twice = exported.with_name(f"twice-{exported.name}")
    text = exported.read_text(encoding="utf-8")
    if fmt == "labelstudio":  # a JSON list of tasks
        tasks = json.loads(text)
        twice.write_text(json.dumps(tasks + tasks), encoding="utf-8")
    elif fmt == "csv":  # one header
        header, *rows = text.splitlines(keepends=True)
        twice.write_text(header + "".join(rows * 2), encoding="utf-8")
    else:  # JSONL
        twice.write_text(text + text, encoding="utf-8")
    return twice


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy", "doccano", "labelstudio", "csv"])
def test_spans_a_file_gives_twice_are_duplicates_not_already_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    exported = tmp_path / f"export-{fmt}"
    assert main(["export", "--format", fmt, "--out", str(exported), "--db", str(_annotated_db(tmp_path))]) == 0
    twice = _twice(exported, fmt)
    db = tmp_path / "fresh.db"
    capsys.readouterr()
    name = "native" if fmt == "jsonl" else fmt
    assert main(["import", "--format", name, str(twice), "--db", str(db)]) == 0
    captured = capsys.readouterr()
    head = f"imported 4 spans on 2 articles from {twice} into {db}"
    assert captured.out == f"{head} (0 already there, 4 duplicate spans in the file, 0 skipped)\n"
    (note,) = [line for line in captured.err.splitlines() if "given again" in line]
    assert note.startswith(f"newsdesk: {fmt}: 4 spans given again in the file, imported once: {twice}")
    assert main(["import", "--format", name, str(twice), "--db", str(db)]) == 0  # now the database has them
    said = f"from {twice} into {db} (4 already there, 4 duplicate spans in the file, 0 skipped)\n"
    assert capsys.readouterr().out == "imported 0 spans on 0 articles " + said


def test_an_article_id_given_twice_with_two_texts_names_the_first_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "native.jsonl"
    span = {"id": "s", "start": 0, "end": 5, "label": "actor", "quote": "Hamas"}
    rows = [{"id": "m1", "text": f"Hamas said {when}.", "spans": [span]} for when in ("today", "tomorrow")]
    source.write_text("".join(json.dumps(row) + "\n" for row in rows))
    db = tmp_path / "a.db"
    assert main(["import", "--format", "native", str(source), "--db", str(db)]) == 1
    captured = capsys.readouterr()
    assert f"newsdesk: {source}:2: article 'm1' has another text at {source}:1; its spans were not imported\n" in (
        captured.err
    )
    assert captured.out == f"imported 1 span on 1 article from {source} into {db} (0 already there, 1 skipped)\n"


def test_import_counts_the_articles_that_received_spans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotations.store.database import AnnotationStore

    db = _annotated_db(tmp_path)
    exported = tmp_path / "prodigy.jsonl"
    assert main(["export", "--format", "prodigy", "--out", str(exported), "--db", str(db)]) == 0
    store = AnnotationStore.open(db)
    first = store.articles()[0]
    for span in store.spans(first.id):
        store.delete_span(span.id)
    store.close()
    capsys.readouterr()
    assert main(["import", "--format", "prodigy", str(exported), "--db", str(db)]) == 0
    assert capsys.readouterr().out == (
        f"imported 2 spans on 1 article from {exported} into {db} (2 already there, 0 skipped)\n"
    )


def test_import_offers_the_formats_the_importer_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotations.formats import FORMATS
    from annotations.formats.load import import_annotations

    readable = [name for name, info in FORMATS.items() if info.importable]
    assert readable  # the registry says which formats come back in
    for name in FORMATS:
        source = tmp_path / "missing"
        if name in readable:  # the CLI accepts it and the importer gets as far as the file
            assert main(["import", str(source), "--format", name, "--db", str(tmp_path / "db")]) == 2
            assert capsys.readouterr().err.strip().endswith(f"{source}: no such file or folder")
        else:
            assert main(["import", str(source), "--format", name]) == 2
            assert f"invalid choice: '{name}'" in capsys.readouterr().err
            with pytest.raises(UserError, match=f"cannot import '{name}' annotations"):
                import_annotations(None, source, name, [])


def test_annotation_import_lists_its_articles_and_csv_finds_texts_in_the_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "native.jsonl"
    text = "Rebels in Kherson demanded talks."
    src.write_text(
        json.dumps(
            {
                "id": "k1",
                "text": text,
                "meta": {"title": "Kherson talks"},
                "spans": [{"id": "s", "start": 10, "end": 17, "label": "demand"}],
            }
        )
        + "\n"
    )
    db = tmp_path / "a.db"
    assert main(["import", str(src), "--format", "native", "--db", str(db)]) == 0
    assert "1 article added to" in capsys.readouterr().err
    corpus = open_corpus()
    assert "k1" in corpus and corpus.load("k1").title == "Kherson talks"
    csv_out = tmp_path / "spans.csv"
    assert main(["export", "--format", "csv", "--out", str(csv_out), "--db", str(db)]) == 0
    other = tmp_path / "b.db"  # a fresh database: the CSV's article text comes from the library
    assert main(["import", str(csv_out), "--format", "csv", "--db", str(other)]) == 0
    out = capsys.readouterr()
    assert f"imported 1 span on 1 article from {csv_out} into {other} (0 already there, 0 skipped)" in out.out
    (tmp_path / "orphan.csv").write_text("article_id,label,start,end\nnope,demand,0,4\n")
    assert main(["import", str(tmp_path / "orphan.csv"), "--format", "csv", "--db", str(other)]) == 1
    assert "orphan.csv:2: article 'nope' is neither in the database nor in the library" in capsys.readouterr().err


def test_plain_import_of_a_file_with_spans_points_to_format_native(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "export.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "k2",
                "text": "Kyiv talks.",
                "meta": {"title": "T"},
                "spans": [{"id": "s", "start": 0, "end": 4, "label": "demand"}],
            }
        )
        + "\n"
    )
    assert main(["import", str(src)]) == 0
    err = capsys.readouterr().err
    assert f"newsdesk: {src}: 1 line carries annotations, which an article import leaves out" in err
    assert f"newsdesk import {src} --format native" in err


@pytest.mark.parametrize("fmt", [name for name in IMPORT_FORMATS if FORMATS[name].kind != "dir"])
def test_an_annotation_import_from_a_fifo_is_one_line_not_a_hang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    fifo = tmp_path / f"spans.{fmt}"
    os.mkfifo(fifo)  # a reader would wait forever for a writer
    assert main(["--db", str(tmp_path / "db"), "import", str(fifo), "--format", fmt]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"newsdesk: {fifo}: not a regular file but a FIFO"


def test_a_conll_import_into_a_fresh_database_finds_the_seed_texts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CoNLL keeps no id and no spacing: its documents are matched to the seeds and library by
    text, so a fresh database gets the real article (exact offsets) and the library no copy."""
    from annotations.store.database import AnnotationStore
    from reader.corpus.loader import CorpusLoader

    corpus = CorpusLoader(None).corpus()
    article = corpus.load(corpus.metas[2].id)
    start = article.text.index("Israeli")
    with AnnotationStore.open(tmp_path / "one.db", annotator="ana") as store:
        store.add_span(article, start, start + len("Israeli"), "actor")
    out = tmp_path / "out.conll"
    assert main(["--db", str(tmp_path / "one.db"), "export", "--format", "conll", "--out", str(out)]) == 0
    assert main(["--db", str(tmp_path / "two.db"), "import", str(out), "--format", "conll"]) == 0
    assert "rebuilt" not in capsys.readouterr().err
    with AnnotationStore.open(tmp_path / "two.db", annotator="ana", read_only=True) as store:
        [span] = store.spans(article.id)
    assert (span.start, span.quote) == (start, "Israeli")
    assert not paths.library_dir().exists() or not any(paths.library_dir().iterdir())


def test_a_seed_exported_and_imported_back_is_already_there(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The library is listed beside the seeds: a seed's id is not added again as '~2'."""
    seed = sorted(paths.seeds_dir().glob("*.txt"))[-1]
    src = tmp_path / "newsdesk-export.jsonl"
    line = {"id": seed.stem, "text": seed.read_text(encoding="utf-8"), "meta": {"title": "T"}, "spans": []}
    src.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["import", str(src)]) == 0
    assert "imported 0 new articles" in capsys.readouterr().out
    corpus = open_corpus()
    assert len(corpus) == 5 and corpus.warnings == []
    into = tmp_path / "elsewhere.jsonl"  # a corpus file of its own is not listed with the seeds
    assert main(["import", str(src), "--into", str(into)]) == 0
    assert "imported 1 new article" in capsys.readouterr().out


LINK_FORMATS = [name for name in IMPORT_FORMATS if "links" in FORMATS[name].carries]


@pytest.mark.parametrize("fmt", LINK_FORMATS)
def test_the_links_not_imported_are_listed_before_the_line_that_says_listed_above(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """A schema without 'reported by' refuses one link of the two in every format that carries
    links: each refusal is a line, and the count that points up to them comes after them."""
    from test_formats_links import ARTICLE, RECORD

    from annotations.formats import export_dataset

    out = tmp_path / FORMATS[fmt].default_out
    export_dataset([RECORD], fmt, out)
    schema = tmp_path / "labels.yaml"
    schema.write_text(
        "labels: [demand, concession, casualty figure, actor, source]\n"
        "relations:\n  - {name: by, from: [demand, concession], to: [actor]}\n",
        encoding="utf-8",
    )
    corpus = tmp_path / "corpus.jsonl"  # where CSV, which carries no text, finds the article
    corpus.write_text(json.dumps({"id": ARTICLE.id, "title": ARTICLE.title, "text": ARTICLE.text}) + "\n")
    argv = ["import", "--format", fmt, str(out), "--db", str(tmp_path / "db"), "--labels", str(schema)]
    assert main([*argv, "--into", str(corpus)]) == 1
    lines = capsys.readouterr().err.splitlines()
    refused = [i for i, line in enumerate(lines) if "link not imported: unknown relation 'reported by'" in line]
    counted = [i for i, line in enumerate(lines) if line.endswith("1 link not imported (listed above)")]
    assert len(refused) == 1 and len(counted) == 1, lines
    assert refused[0] < counted[0], lines


def test_a_label_studio_task_id_given_twice_names_each_task_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Two tasks with one id (lists joined by hand) are told apart by their place in the list."""

    def task(text: str) -> dict:
        value = {"start": 0, "end": 6, "labels": ["demand"]}
        result = [{"type": "labels", "from_name": "label", "to_name": "text", "value": value}]
        return {"id": 1, "data": {"text": text}, "annotations": [{"result": result}]}

    tasks = tmp_path / "tasks.json"
    tasks.write_text(json.dumps([task("Rebels demand talks."), task("Others concede ground.")]), encoding="utf-8")
    assert main(["import", "--format", "labelstudio", str(tasks), "--db", str(tmp_path / "db")]) == 1
    (line,) = [line for line in capsys.readouterr().err.splitlines() if "another text" in line]
    assert line.startswith(f"newsdesk: {tasks}: task 1 (item 2 of the list): "), line
    assert line.endswith(f"another text at {tasks}: task 1; its spans were not imported"), line


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "labelstudio"])
def test_an_untitled_import_of_an_article_the_library_holds_keeps_the_librarys_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """A file that gives an article's id and text but no title (a Prodigy task's meta.id) is the
    library's article: its title is the library's, not the text's first 80 characters, which a
    CSV export would then write and a CSV import take for a correction."""
    from reader.corpus.loader import CorpusLoader

    corpus = CorpusLoader(None).corpus()  # the seeds
    article = corpus.load(corpus.metas[0].id)
    if fmt == "prodigy":
        record = {"text": article.text, "meta": {"id": article.id}, "answer": "accept"}
        record["spans"] = [{"start": 0, "end": 4, "label": "demand"}]
    elif fmt == "doccano":
        record = {"text": article.text, "article_id": article.id, "label": [[0, 4, "demand"]]}
    else:
        value = {"start": 0, "end": 4, "labels": ["demand"]}
        result = [{"type": "labels", "from_name": "label", "to_name": "text", "value": value}]
        record = {"data": {"text": article.text, "article_id": article.id}, "annotations": [{"result": result}]}
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "db"
    assert main(["import", "--format", fmt, str(source), "--db", str(db)]) == 0
    out = tmp_path / "out.jsonl"
    assert main(["export", "--format", "jsonl", "--out", str(out), "--db", str(db)]) == 0
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert (json.loads(line)["id"], json.loads(line)["meta"]["title"]) == (article.id, article.title)
