"""Every option that names where the command line writes (``export --out``, ``import --into``,
``--db`` of a command that writes) refuses a path it cannot write in one line that names the path,
what is wrong with it and what to do, never the OS's bare words ("File exists", "Not a directory"),
and leaves what is there as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.main import main

FILE = "feed.xml"  # a file that is there, where a folder was meant
FOLDER = "folder"  # a folder that is there, where a file was meant
OS_WORDS = ("File exists", "Not a directory", "Is a directory", "No such file or directory", "Errno")

# (arguments; paths relative to the test's folder), what the line says is wrong
CASES = [
    (["export", "--format", "jsonl", "--out", FOLDER], "folder: a folder, and jsonl writes a file"),
    (["export", "--format", "jsonl", "--out", FOLDER, "--force"], "folder: a folder, and jsonl writes a file"),
    (["export", "--format", "brat", "--out", FILE], "feed.xml: a file, and brat writes a folder"),
    (["export", "--format", "brat", "--out", FILE, "--force"], "feed.xml: a file, and brat writes a folder"),
    (["export", "--format", "jsonl", "--out", f"{FILE}/x.jsonl"], "feed.xml/x.jsonl: feed.xml is a file"),
    (["export", "--format", "brat", "--out", f"{FILE}/x"], "feed.xml/x: feed.xml is a file"),
    (["export", "--format", "spacy", "--out", f"{FILE}/a/x.spacy"], "feed.xml/a/x.spacy: feed.xml is a file"),
    (["import", "news", "--into", FILE], "feed.xml: exists and is not a folder"),
    (["import", "news", "--into", f"{FILE}/corpus"], "feed.xml/corpus: feed.xml is a file"),
    (["import", "news", "--into", f"{FILE}/mine.jsonl"], "feed.xml/mine.jsonl: feed.xml is a file"),
    (["import", "news", "--into", f"{FOLDER}.jsonl"], "folder.jsonl: is a folder, expected a JSONL file"),
    (  # said before a span is stored: the database is not even made
        ["import", "--format", "native", "spans.jsonl", "--db", "db", "--into", FILE],
        "feed.xml: exists and is not a folder",
    ),
    (["import", "--format", "native", "spans.jsonl", "--db", f"{FILE}/db"], "feed.xml/db: feed.xml is a file"),
]


def _place(tmp_path: Path) -> dict[str, bytes]:
    """The test's folder: a file, two folders, a folder of articles and an annotation file; what
    each file holds, to check that nothing changed."""
    (tmp_path / FILE).write_text("<rss/>", encoding="utf-8")
    (tmp_path / FOLDER).mkdir()
    (tmp_path / f"{FOLDER}.jsonl").mkdir()
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("Talks resumed in Doha.", encoding="utf-8")
    spans = [{"start": 0, "end": 5, "label": "demand"}]
    line = json.dumps({"id": "a1", "title": "T", "text": "Talks resumed in Doha.", "spans": spans})
    (tmp_path / "spans.jsonl").write_text(line + "\n", encoding="utf-8")
    return _contents(tmp_path)


def _contents(tmp_path: Path) -> dict[str, bytes]:
    return {p.relative_to(tmp_path).as_posix(): p.read_bytes() if p.is_file() else b"" for p in tmp_path.rglob("*")}


def _one_clear_line(err: str, said: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and said in lines[0], err
    assert not any(words in lines[0] for words in OS_WORDS), err
    assert "Traceback" not in err


@pytest.mark.parametrize(("argv", "said"), CASES)
def test_an_output_path_that_cannot_be_written_is_one_clear_line(tmp_path, monkeypatch, capsys, argv, said):
    before = _place(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    _one_clear_line(capsys.readouterr().err, f"newsdesk: {said}")
    assert _contents(tmp_path) == before  # nothing written, nothing replaced


def test_the_apps_database_under_a_file_is_one_clear_line(tmp_path):
    """The app creates a database that is not there yet; under a file it cannot (run apart: the UI
    would start if nothing stopped it)."""
    before = _place(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "reader.cli.main", "--db", f"{FILE}/db"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 2
    _one_clear_line(result.stderr, "newsdesk: feed.xml/db: feed.xml is a file, not a folder")
    assert _contents(tmp_path) == before
