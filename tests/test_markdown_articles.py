"""Markdown articles in a folder corpus: front matter is metadata, the Markdown becomes the
plain text that is stored and that offsets refer to."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.store.database import AnnotationStore
from reader.core.article import text_sha256
from reader.corpus.loader import open_corpus
from reader.corpus.markdown_text import markdown_article

TALKS = """---
title: "Talks resume in Doha"
date: 2024-01-05
source: Example Wire
url: https://example.org/talks
author: [A. Writer, B. Writer]
tags: [gaza, talks]
---
# Talks resume in *Doha*

Negotiators met on Friday, officials said,
after a pause of **three weeks**. The [mediators](https://example.org/m)
proposed a 48-hour truce.

- Hostage releases
  in phases
- An exchange of `7,300` prisoners
  1. first stage
  2. second stage

> "We are close," one official
> said.

<div class="ad">Subscribe now</div>

![A photo](https://example.org/photo.jpg)
"""

PLAIN = """Talks resume in Doha

Negotiators met on Friday, officials said, after a pause of three weeks. The mediators proposed a 48-hour truce.

• Hostage releases in phases
• An exchange of 7,300 prisoners
  1. first stage
  2. second stage

"We are close," one official said."""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_is_metadata_and_markdown_becomes_plain_text(tmp_path: Path) -> None:
    write(tmp_path / "news" / "talks.md", TALKS)
    corpus = open_corpus(tmp_path / "news")
    assert corpus.warnings == []
    (meta,) = corpus.metas
    assert (meta.title, meta.published, meta.source, meta.url, meta.author) == (
        "Talks resume in Doha",
        "2024-01-05",
        "Example Wire",
        "https://example.org/talks",
        "A. Writer, B. Writer",
    )
    article = corpus.load("talks")
    assert article.text == PLAIN
    assert meta.word_count == len(PLAIN.split())
    # A second, cached open knows the same.
    assert open_corpus(tmp_path / "news").metas == corpus.metas


def test_spans_point_into_the_plain_text(tmp_path: Path) -> None:
    write(tmp_path / "talks.md", TALKS)
    article = open_corpus(tmp_path).load("talks")
    start = article.text.index("48-hour truce")
    store = AnnotationStore.open(tmp_path / "db", annotator="tester")
    try:
        span = store.add_span(article, start, start + len("48-hour truce"), "demand")
        assert span.quote == "48-hour truce" and span.text_sha256 == text_sha256(PLAIN)
        assert store.article("talks").text == PLAIN  # the plain text is what is stored
    finally:
        store.close()


def test_bad_front_matter_is_one_warning_with_the_line_and_the_file_still_loads(tmp_path: Path) -> None:
    write(tmp_path / "bad.md", "---\ntitle: Talks\nsource: Wire: extra\n---\nBody of the *article*.\n")
    write(tmp_path / "list.md", "---\n- just\n- a list\n---\nAnother body.\n")
    corpus = open_corpus(tmp_path)
    assert corpus.warnings == [
        f"{tmp_path}/bad.md:3: front matter is not valid YAML (mapping values are not allowed here); "
        "its fields are ignored",
        f"{tmp_path}/list.md:2: front matter is not a mapping of fields (title: ..., date: ...); ignored",
    ]
    assert [(m.id, m.title, m.source) for m in corpus.metas] == [
        ("bad", "Body of the article.", ""),
        ("list", "Another body.", ""),
    ]
    assert corpus.load("bad").text == "Body of the article."  # the front matter is never text
    assert open_corpus(tmp_path).warnings == corpus.warnings  # cached open: same warnings


def test_metadata_yaml_wins_over_front_matter(tmp_path: Path) -> None:
    write(tmp_path / "talks.md", TALKS)
    write(tmp_path / "metadata.yaml", "talks.md:\n  title: Chosen title\n")
    (meta,) = open_corpus(tmp_path).metas
    assert (meta.title, meta.source) == ("Chosen title", "Example Wire")


def test_a_single_markdown_file_and_one_with_nothing_but_front_matter(tmp_path: Path) -> None:
    corpus = open_corpus(write(tmp_path / "talks.md", TALKS))
    assert corpus.metas[0].title == "Talks resume in Doha" and corpus.metas[0].source == "Example Wire"
    assert corpus.load("talks").text == PLAIN
    empty = open_corpus(write(tmp_path / "empty.md", "---\ntitle: Only metadata\n---\n"))
    assert len(empty) == 0
    assert empty.warnings == [f"{tmp_path}/empty.md: no article text (only front matter or markup), skipped"]


def test_markdown_details() -> None:
    text = markdown_article(
        "Line one  \nline two\\\nthree &amp; four &#27;\n\n3) third\n4) fourth\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n    code  kept\n\n---\n\nlast [ref][r]\n\n[r]: https://x.y\n",
        "x.md",
    ).text
    assert text == (
        "Line one\nline two\nthree & four \ufffd\n\n3) third\n4) fourth\n\na | b\n1 | 2\n\ncode  kept\n\nlast ref"
    )
    # "---" without a closing line is a rule, not front matter
    unclosed = markdown_article("---\ntitle: x\n\nbody\n", "x.md")
    assert (unclosed.text, unclosed.fields, unclosed.warnings) == ("title: x\n\nbody", {}, ())


UNHOLDABLE = ["2024-02-30", "2023-04-31", "2024-13-01", "2024-01-01 10:00:00 +99:00"]  # PyYAML: a bare ValueError


@pytest.mark.parametrize("value", UNHOLDABLE)
def test_a_date_no_calendar_has_in_front_matter_is_one_warning_and_the_file_loads(tmp_path: Path, value: str) -> None:
    write(tmp_path / "a.md", f"---\ntitle: Talks\ndate: {value}\n---\nBody.\n")
    corpus = open_corpus(tmp_path)
    assert len(corpus.warnings) == 1 and corpus.warnings[0].startswith(f"{tmp_path}/a.md:3: front matter is not valid")
    assert f"'{value}'" in corpus.warnings[0]
    assert corpus.load("a").text == "Body."


@pytest.mark.parametrize("value", UNHOLDABLE)
def test_a_date_no_calendar_has_in_metadata_yaml_is_one_warning_and_the_files_load(tmp_path: Path, value: str) -> None:
    write(tmp_path / "metadata.yaml", f"x.txt:\n  title: X\n  published: {value}\n")
    write(tmp_path / "x.txt", "Text of x.")
    corpus = open_corpus(tmp_path)
    assert len(corpus.warnings) == 1 and corpus.warnings[0].startswith(f"{tmp_path}/metadata.yaml:3: cannot read")
    assert [m.title for m in corpus.metas] == ["Text of x."]


# YAML 1.1 reads these as booleans or numbers ("the Norway problem"); article metadata keeps the words.
AS_WRITTEN = ["yes", "No", "on", "OFF", "y", "true", "False", "1984", "0x1F", "012", "1_000", "1.50", "1:20", ".inf"]
KEYS = ("title", "source", "published", "url", "author")  # named alike in front matter and metadata.yaml
PLACES = ("front matter", "metadata.yaml")


def metadata_corpus(tmp_path: Path, place: str, fields: str) -> tuple[Path, Path]:
    """(a folder of one article given ``fields`` there, the file a warning names); either way the
    first field is on line 2."""
    folder = tmp_path / "corpus"
    if place == "front matter":
        return folder, write(folder / "a.md", f"---\n{fields}---\nThe body line.\n")
    write(folder / "a.txt", "The body line.\n")
    return folder, write(folder / "metadata.yaml", "a.txt:\n" + "".join(f"  {f}\n" for f in fields.splitlines()))


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("word", AS_WRITTEN)
def test_metadata_words_and_numbers_are_the_text_written(tmp_path: Path, place: str, key: str, word: str) -> None:
    folder, _ = metadata_corpus(tmp_path, place, f"{key}: {word}\n")
    corpus = open_corpus(folder)
    assert corpus.warnings == []
    assert getattr(corpus.metas[0], key) == word
    assert open_corpus(folder).metas == corpus.metas  # the cached open too


@pytest.mark.parametrize("place", PLACES)
def test_metadata_yaml_takes_the_field_names_front_matter_takes(tmp_path: Path, place: str) -> None:
    folder, _ = metadata_corpus(tmp_path, place, "Title: Named\ndate: 2024-01-02\nSOURCE: Wire\n")
    corpus = open_corpus(folder)
    assert corpus.warnings == []
    assert [(m.title, m.published, m.source) for m in corpus.metas] == [("Named", "2024-01-02", "Wire")]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(
    ("value", "expected"), [("2024-01-02", "2024-01-02"), ("2024-01-02 10:00:00", "2024-01-02T10:00:00")]
)
def test_metadata_dates_stay_iso_dates(tmp_path: Path, place: str, value: str, expected: str) -> None:
    folder, _ = metadata_corpus(tmp_path, place, f"published: {value}\n")
    assert [m.published for m in open_corpus(folder).metas] == [expected]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("value", ["{x: 1}", "\n    x: 1"])
def test_a_mapping_for_a_text_field_is_one_warning_and_the_field_is_left_out(
    tmp_path: Path, place: str, key: str, value: str
) -> None:
    other = "author" if key == "source" else "source"
    folder, warned = metadata_corpus(tmp_path, place, f"{key}: {value}\n{other}: Kept\n")
    corpus = open_corpus(folder)
    assert corpus.warnings == [f'{warned}:2: "{key}" is a mapping, not text; the field is left out']
    (meta,) = corpus.metas  # the article still loads, with its other fields
    assert (getattr(meta, key), getattr(meta, other)) == ("The body line." if key == "title" else "", "Kept")
    assert open_corpus(folder).warnings == corpus.warnings  # the cached open says it again


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("key", ["title", "published", "url"])  # one title, one date, one link
def test_a_list_for_a_field_of_one_value_is_one_warning_and_the_field_is_left_out(
    tmp_path: Path, place: str, key: str
) -> None:
    folder, warned = metadata_corpus(tmp_path, place, f"{key}: [a, b]\n")
    corpus = open_corpus(folder)
    assert corpus.warnings == [f'{warned}:2: "{key}" is a list, not text; the field is left out']
    assert getattr(corpus.metas[0], key) == ("The body line." if key == "title" else "")


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("key", ["source", "author"])  # an article can have several
def test_a_list_of_authors_or_sources_is_joined(tmp_path: Path, place: str, key: str) -> None:
    folder, warned = metadata_corpus(tmp_path, place, f"{key}: [A. Writer, no, ~, 1984]\n")
    corpus = open_corpus(folder)
    assert corpus.warnings == []
    assert getattr(corpus.metas[0], key) == "A. Writer, no, 1984"
    folder, warned = metadata_corpus(tmp_path, place, f"{key}:\n  - A. Writer\n  - {{x: 1}}\n")
    corpus = open_corpus(folder)
    assert corpus.warnings == [f'{warned}:4: "{key}" item 2 is a mapping, not text; the field is left out']
    assert getattr(corpus.metas[0], key) == ""


@pytest.mark.parametrize("place", PLACES)
def test_a_field_given_twice_is_one_warning_and_the_first_is_kept(tmp_path: Path, place: str) -> None:
    folder, warned = metadata_corpus(tmp_path, place, "title: First\nsource: S\ntitle: Second\n")
    corpus = open_corpus(folder)
    assert corpus.warnings == [f"{warned}:4: 'title' is given twice (first on line 2); the first is kept"]
    assert [(m.title, m.source) for m in corpus.metas] == [("First", "S")]
