"""Bad article files through ``newsdesk list/show/entities`` (real processes) and ``open_corpus``.

Each case gives one clear line, the exit status it should, no traceback, no escape byte
on the terminal, and leaves its input as it was (see ``faults_catalogue``). In-process
checks then pin what the text became: only line ends and controls change, one for one.
Full scale (50 MB): ``NEWSDESK_FAULTS_FULL=1`` or ``python bench/faults.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from faults_catalogue import ARTICLES, SKIPPED, all_cases, run_case, write_files

from reader.corpus.loader import open_corpus
from reader.text.normalise import MAX_ARTICLE_BYTES, REPLACEMENT

FULL = os.environ.get("NEWSDESK_FAULTS_FULL") == "1"
CASES = [case for case in all_cases(FULL) if case.group == "article"]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_article_file_through_the_cli(case, tmp_path: Path) -> None:
    result = run_case(case, tmp_path)
    assert result.ok, "\n".join(result.problems)
    assert "\n" not in result.outcome


def corpus_of(tmp_path: Path):
    write_files(tmp_path, {f"{name}.txt": content for name, (_, content) in ARTICLES.items() if name != "huge"})
    (tmp_path / "huge.txt").write_bytes(b"x" * (MAX_ARTICLE_BYTES + 1))
    return open_corpus(tmp_path)


def test_open_corpus_reads_what_it_can_and_names_each_skipped_file(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path)
    assert sorted(corpus.meta(m.id).id for m in corpus.metas) == sorted(set(ARTICLES) - set(SKIPPED))
    for name in SKIPPED:
        lines = [w for w in corpus.warnings if w.startswith(f"{tmp_path}/{name}.txt: ")]
        assert len(lines) == 1 and lines[0].endswith("skipped"), (name, corpus.warnings)
    assert all("\n" not in w for w in corpus.warnings)


def test_text_changes_only_line_ends_and_controls_one_for_one(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path)
    text = {m.id: corpus.load(m.id).text for m in corpus.metas}
    assert text["crlf"] == "Title\nline one\nline two\nlone cr\n"
    assert text["nul"].count(REPLACEMENT) == 20 and "\x00" not in text["nul"]
    assert text["controls"] == "Title\nbell\ufffd bs\ufffd vt\ufffd ff\ufffd del\ufffd c1\ufffd\ufffd end\n"
    assert text["escapes"].count("\x1b") == 0 and "\ufffd]2;PWNED\ufffd\\" in text["escapes"]
    assert not any(0x80 <= ord(ch) <= 0x9F or ch == "\x1b" for t in text.values() for ch in t)
    for name in ("markup", "rtl", "emoji", "combining", "longline"):  # byte for byte what the file said
        assert text[name] == ARTICLES[name][1].decode("utf-8"), name
    assert text["latin1"].startswith("Café naïve résumé à Paris.")
    assert text["cp1252"].startswith("\u201cQuoted\u201d \u2014 \u20ac5 café.")
    for meta in corpus.metas:  # titles are one line with no control characters
        assert "\n" not in meta.title and not any(ord(c) < 32 for c in meta.title)


def test_a_file_that_grows_past_the_cap_is_skipped_when_loaded(tmp_path: Path) -> None:
    path = tmp_path / "grows.txt"
    path.write_text("A short article.\n")
    corpus = open_corpus(tmp_path)
    path.write_bytes(b"y" * (MAX_ARTICLE_BYTES + 1))
    from reader.core.errors import UserError

    with pytest.raises(UserError, match=r"grows\.txt: 4\.0 MB, larger than the 4 MB an article may be, skipped"):
        corpus.load("grows")
