"""The command line around the app: one clear line for mistakes, plain output when piped."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reader.cli.main import main
from reader.core import paths


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader.cli.main", *args], capture_output=True, text=True, input=stdin, timeout=60
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["/no/such/corpus"], "/no/such/corpus: no such file or folder"),
        (["--theme", "nope"], "unknown theme 'nope'"),
        (["--patterns", "/no/such.jsonl"], "/no/such.jsonl"),
        (["--ner", "spacy:no_such_pipeline_xyz"], "no_such_pipeline_xyz"),
    ],
)
def test_app_start_mistakes_are_one_line_before_the_ui(args, expected):
    result = run_cli(*args)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_bad_labels_file_names_file_and_line(tmp_path):
    labels = tmp_path / "labels.yaml"
    labels.write_text("labels:\n  - name: a\n    key: '1'\n  - name: b\n    key: '1'\n")
    result = run_cli("--labels", str(labels))
    assert result.returncode != 0 and f"{labels}:5" in result.stderr and "Traceback" not in result.stderr


def test_bad_keymap_stops_the_start(tmp_path):
    (paths.config_dir() / "keymap.yaml").write_text("view.nonsense: x\n")
    result = run_cli()
    assert result.returncode != 0 and "keymap.yaml:1: unknown command id" in result.stderr


def test_list_json_and_show_plain_when_piped(capsys):
    assert main(["list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 5 and {"id", "title", "source", "published", "words", "status"} <= set(rows[0])
    result = run_cli("show", rows[0]["id"])
    assert result.returncode == 0 and "\x1b" not in result.stdout
    assert rows[0]["title"] in result.stdout


def test_show_unknown_id_is_one_line():
    result = run_cli("show", "nope")
    assert (
        result.returncode == 2 and result.stderr.strip() == "newsdesk: no article 'nope' in seeds (see 'newsdesk list')"
    )


def test_export_to_stdout(tmp_path, capsys):
    from annotations.store.database import AnnotationStore
    from reader.corpus.loader import open_corpus

    corpus = open_corpus(None)
    article = corpus.load(corpus.metas[0].id)
    with AnnotationStore.open(tmp_path / "db", annotator="a") as store:
        store.add_span(article, 0, 7, "demand")
    assert main(["export", "--format", "jsonl", "--db", str(tmp_path / "db"), "--out", "-"]) == 0
    out = capsys.readouterr()
    row = json.loads(out.out)
    assert row["spans"][0]["quote"] == article.text[:7]
    assert out.err == (  # no file is named
        "wrote to standard output: 1 article, 1 span (jsonl)\n"
        "selected: articles with spans or marked done or flagged (the default, --status annotated); "
        "0 articles left out\n"
    )
    assert not (tmp_path / "-").exists()
    assert main(["export", "--format", "brat", "--db", str(tmp_path / "db"), "--out", "-"]) == 2
    assert capsys.readouterr().err == "newsdesk: --out -: brat writes a folder; give a path\n"


def test_export_all_says_how_many_corpus_articles_it_never_saw(tmp_path, capsys):
    """ "--status all" reads as every article, but the database holds only those opened: the
    report says how many of the corpus it did not see, instead of a bare "0 left out"."""
    from annotations.store.database import AnnotationStore
    from reader.corpus.loader import open_corpus

    corpus = open_corpus(None)
    article = corpus.load(corpus.metas[0].id)
    with AnnotationStore.open(tmp_path / "db", annotator="a") as store:
        store.add_span(article, 0, 7, "demand")
    for status in ("all", "todo"):
        out = tmp_path / f"{status}.jsonl"
        assert main(["export", "-f", "jsonl", "--db", str(tmp_path / "db"), "--status", status, "-o", str(out)]) == 0
        lines = capsys.readouterr().out.splitlines()
        left = "0 articles" if status == "all" else "1 article"
        assert lines[-2] == f"selected: --status {status}; {left} of the database left out"
        assert lines[-1] == (
            f"not exported: {len(corpus) - 1} articles of seeds never opened "
            "(the database holds only the articles opened, annotated or imported)"
        )
    main(["export", "-f", "jsonl", "--db", str(tmp_path / "db"), "--status", "done", "-o", str(tmp_path / "d")])
    assert "never opened" not in capsys.readouterr().out  # an article never opened is never done


def test_export_to_stdout_names_no_list_of_uncarried_spans(tmp_path, capsys):
    from annotations.store.database import AnnotationStore
    from reader.corpus.loader import open_corpus

    corpus = open_corpus(None)
    article = corpus.load(corpus.metas[0].id)
    with AnnotationStore.open(tmp_path / "db", annotator="a") as store:
        store.add_span(article, 0, 7, "demand")
        store.add_span(article, 0, 15, "demand")  # overlaps: CoNLL's BIO tags cannot carry both
    assert main(["export", "--format", "conll", "--db", str(tmp_path / "db"), "--out", "-"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("-DOCSTART-")
    assert out.err.splitlines() == [
        "wrote to standard output: 1 article, 1 span (conll)",
        "conll: 1 span could not be carried: 1 overlapping (BIO/ents cannot nest) (give --out PATH to get their list)",
        "selected: articles with spans or marked done or flagged (the default, --status annotated); "
        "0 articles left out",
    ]


def test_a_file_of_many_bad_lines_gives_the_first_twenty_and_a_count(tmp_path, capsys):
    """Each problem is a line, but 10,000 bad lines are not 10,000 lines on the terminal."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(f"not json {i}\n" for i in range(50)), encoding="utf-8")
    assert main(["import", str(bad), "--format", "native", "--db", str(tmp_path / "db")]) == 1
    err = capsys.readouterr().err.splitlines()
    problems = [line for line in err if "bad.jsonl:" in line]
    assert len(problems) == 20 and problems[0].startswith(f"newsdesk: {bad}:1: ")
    assert err[-1] == "newsdesk: … and 30 more like these (the first 20 are above)"


def test_listing_an_empty_corpus_says_so(tmp_path, capsys):
    """An empty file or folder: one line saying there is nothing in it, not a bare header."""
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    folder = tmp_path / "nothing"
    folder.mkdir()
    for corpus in (empty, folder):
        assert main(["list", str(corpus)]) == 0
        err = capsys.readouterr().err
        assert err.startswith("newsdesk: ") and err.endswith(": no articles in it\n") and err.count("\n") == 1, err


@pytest.mark.parametrize("spelled", ["~/c.jsonl", "~/news"], ids=["file", "folder"])
def test_a_corpus_named_with_a_quoted_tilde_opens(tmp_path, monkeypatch, spelled):
    from reader.ui.app import NewsdeskApp

    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "a", "text": "Talks resumed."}) + "\n", encoding="utf-8")
    (tmp_path / "news").mkdir()
    opened: list[str] = []
    monkeypatch.setattr(NewsdeskApp, "run", lambda app: opened.append(app.corpus_path))
    assert main([spelled, "--db", str(tmp_path / "a.db")]) == 0
    assert opened == [str(tmp_path / spelled[2:])]
