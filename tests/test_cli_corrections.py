"""A title, source or date corrected with ``i`` is what ``newsdesk list`` and ``show`` print,
from the store's summary, which holds the corrections (summary format 3). A database whose
summary is format 2 (no corrections in it) is brought to format 3 by the first writable open,
which says so before it reads every table; a reader meanwhile lists the corpus's own titles."""

from __future__ import annotations

import json

import pytest

from annotations.store.database import AnnotationStore
from annotations.store.records import StoreCorrupt
from reader.cli.main import main
from reader.core.article import Article

ARTICLES = [
    Article(id="a1", title="Wire title one", source="Wire", published="2024-01-02", text="Qatar said talks went on."),
    Article(id="a2", title="Second story", source="Desk", published="2024-03-04", text="Egypt said it would host."),
]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "c.jsonl"
    fields = ("id", "title", "source", "published", "text")
    path.write_text("".join(json.dumps({f: getattr(a, f) for f in fields}) + "\n" for a in ARTICLES))
    return path


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "db"
    with AnnotationStore.open(path) as store:
        store.remember_article(ARTICLES[0])
        store.correct_article("a1", title="Corrected title", source="Reuters", published="2024-05-06")
        store.compact()  # into the tables' files and summary.json (a small change stays in the journal)
    return path


def listed(capsys, *argv: str) -> dict[str, dict]:
    assert main(["list", "--json", *argv]) == 0
    return {row["id"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}


def test_list_prints_the_corrected_title_source_and_date(corpus, db, capsys):
    rows = listed(capsys, "--db", str(db), str(corpus))
    assert (rows["a1"]["title"], rows["a1"]["source"], rows["a1"]["published"]) == (
        "Corrected title",
        "Reuters",
        "2024-05-06",
    )
    assert rows["a2"]["title"] == "Second story"  # not corrected: the corpus's own


def test_show_prints_the_corrected_title_and_date(corpus, db, capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["show", "--db", str(db), "a1", str(corpus)]) == 0
    head = capsys.readouterr().out.splitlines()[:2]
    assert head[0] == "Corrected title"
    assert "Reuters" in head[1] and "Wire" not in head[1]
    assert "2024" in head[1] and "Jan" not in head[1] and "01-02" not in head[1]


def test_a_format_2_summary_is_read_with_the_corrections_and_written_as_format_3(corpus, db, capsys):
    summary = db / "summary.json"
    data = json.loads(summary.read_bytes())
    assert data["format"] == 3 and data["tables"]["a1"]["meta"]["title"] == "Corrected title"
    data["format"] = 2  # as a database from before the corrections were summarised
    for entry in data["tables"].values():
        entry.pop("meta", None)
    summary.write_text(json.dumps(data))
    # A reader makes do without (no read of every table at each list): the corpus's title.
    assert listed(capsys, "--db", str(db), str(corpus))["a1"]["title"] == "Wire title one"
    assert json.loads(summary.read_bytes())["format"] == 2  # a read-only open writes nothing
    heard: list[str] = []
    with AnnotationStore.open(db, notice=heard.append) as store:  # writable: brought to this version
        assert store.corrected() == {"a1": {"title": "Corrected title", "source": "Reuters", "published": "2024-05-06"}}
    assert heard == [f"{db}: bringing the database to this version (reading each annotated article once)"]
    assert listed(capsys, "--db", str(db), str(corpus))["a1"]["title"] == "Corrected title"
    assert json.loads(summary.read_bytes())["tables"]["a1"]["meta"]["title"] == "Corrected title"
    assert json.loads(summary.read_bytes())["format"] == 3


def test_an_undone_correction_leaves_the_summary(db):
    with AnnotationStore.open(db) as store:
        assert store.corrected()["a1"]["title"] == "Corrected title"
        store.undo("a1")
        assert store.corrected() == {}
    with AnnotationStore.open(db, read_only=True) as store:
        assert store.corrected() == {}


def test_a_summary_naming_a_field_that_cannot_be_corrected_is_refused_in_one_line(corpus, db):
    summary = db / "summary.json"
    data = json.loads(summary.read_bytes())
    data["tables"]["a1"]["meta"] = {"text": "swapped"}  # the text is never corrected: a damaged file
    summary.write_text(json.dumps(data))
    with pytest.raises(StoreCorrupt) as err:
        AnnotationStore.open(db, read_only=True)
    assert str(err.value).startswith(f"{summary}: malformed summary (") and "'text'" in str(err.value)
    assert json.loads(summary.read_bytes())["tables"]["a1"]["meta"] == {"text": "swapped"}  # left as it is
