"""Undo and redo per annotator: each moves their own changes only, and never over someone else's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.store.database import AnnotationStore, HistoryConflict
from annotations.store.schema import history_table
from annotations.store.storage import table_file
from reader.core.article import Article

TEXT = "Unions demand a 10% raise. The ministry offered 4%.\nAt least 12 people were hurt."
ART = Article(id="a1", title="Strike", text=TEXT, source="wire")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


def labels(store: AnnotationStore) -> list[tuple[str, str]]:
    return [(s.annotator, s.label) for s in store.spans("a1")]


def test_undo_leaves_another_annotators_change_alone(db):
    with AnnotationStore.open(db, annotator="anna") as store:
        store.add_span(ART, 0, 6, "demand")
    with AnnotationStore.open(db, annotator="ben") as store:
        assert not store.can_undo("a1")
        assert store.undo("a1") is None
        assert labels(store) == [("anna", "demand")]
        store.add_span(ART, 27, 51, "concession")
        store.set_status("a1", "done")
    with AnnotationStore.open(db, annotator="anna") as store:
        store.add_span(ART, 52, 63, "casualty figure")
        # ben's status and span are newer than anna's first tag, but hers is what she undoes
        assert store.undo("a1").description == "tag casualty figure"
        assert store.undo("a1").description == "tag demand"
        assert store.undo("a1") is None
        assert labels(store) == [("ben", "concession")] and store.state("a1").status == "done"
        assert store.redo("a1").description == "tag demand"
    with AnnotationStore.open(db, annotator="ben") as store:
        assert not store.can_redo("a1")  # anna's undone tag is hers to redo
        assert store.undo("a1").description == "mark done"
        assert store.undo("a1").description == "tag concession"
        assert labels(store) == [("anna", "demand")]
    with AnnotationStore.open(db, annotator="anna") as store:
        assert store.redo("a1").description == "tag casualty figure"
        assert [label for _, label in labels(store)] == ["demand", "casualty figure"]


def test_undo_over_someone_elses_later_change_is_refused_and_changes_nothing(db):
    with AnnotationStore.open(db, annotator="anna") as store:
        span = store.add_span(ART, 0, 6, "demand")
    with AnnotationStore.open(db, annotator="ben") as store:
        store.update_span(span.id, label="concession")
    with AnnotationStore.open(db, annotator="anna") as store:
        before = store.spans("a1")
        with pytest.raises(HistoryConflict, match="cannot undo “tag demand”: ben changed it since"):
            store.undo("a1")
        assert store.spans("a1") == before and store.can_undo("a1")
    with AnnotationStore.open(db, annotator="ben") as store:
        store.undo("a1")
    with AnnotationStore.open(db, annotator="anna") as store:
        assert store.undo("a1").description == "tag demand" and store.spans("a1") == []


def test_a_new_change_ends_only_its_annotators_redo(db):
    with AnnotationStore.open(db, annotator="anna") as store:
        store.add_span(ART, 0, 6, "demand")
        store.undo("a1")
    with AnnotationStore.open(db, annotator="ben") as store:
        store.add_span(ART, 27, 51, "concession")
        store.undo("a1")
        store.add_span(ART, 52, 63, "casualty figure")
        assert not store.can_redo("a1")
    with AnnotationStore.open(db, annotator="anna") as store:
        assert store.redo("a1").description == "tag demand"


def test_the_journal_replays_whose_step_moved(db):
    writer = AnnotationStore.open(db, annotator="anna")
    writer.add_span(ART, 0, 6, "demand")
    writer.annotator = "ben"  # a second annotator on the same open database (as the records say)
    writer.add_span(ART, 27, 51, "concession")
    writer.annotator = "anna"
    writer.undo("a1")
    lines = [json.loads(line) for line in (db / "journal.jsonl").read_text().splitlines()]
    [moved] = [doc for doc in lines[-1]["tables"][history_table("a1")]["put"].values() if doc["kind"] == "step"]
    assert moved["stack"] == "redo" and moved["step"]["annotator"] == "anna"
    reader = AnnotationStore.open(db, read_only=True)  # replays the journal as it is
    assert labels(reader) == labels(writer) == [("ben", "concession")]
    writer.close()
    with AnnotationStore.open(db, annotator="ben") as store:  # and from the compacted snapshot
        assert labels(store) == [("ben", "concession")] and store.undo("a1").description == "tag concession"


def test_history_written_before_steps_had_owners_is_anyones(db):
    with AnnotationStore.open(db, annotator="anna") as store:
        store.add_span(ART, 0, 6, "demand")
        store.add_span(ART, 27, 51, "concession")
        store.compact()
    table = table_file(db, history_table("a1"))
    data = json.loads(table.read_text())
    for doc in data[history_table("a1")].values():
        del doc["step"]["annotator"]
    table.write_text(json.dumps(data))
    with AnnotationStore.open(db, annotator="ben") as store:
        assert store.undo("a1").description == "tag concession"
        assert store.undo("a1").description == "tag demand" and store.spans("a1") == []


def test_the_history_is_a_table_apart_changed_in_the_same_journal_line(db):
    with AnnotationStore.open(db, annotator="anna") as store:
        store.add_span(ART, 0, 6, "demand")
        [line] = [json.loads(line) for line in (db / "journal.jsonl").read_text().splitlines()]
        assert set(line["tables"]) == {"a1", history_table("a1")}  # one fsynced line for both
        store.compact()
    kinds = {doc["kind"] for doc in json.loads(table_file(db, "a1").read_text())["a1"].values()}
    assert kinds == {"article", "span"}  # reading the article reads no history
    with AnnotationStore.open(db, annotator="anna") as store:
        assert store.article_ids() == ["a1"]  # a history is no article
        assert store.undo("a1").description == "tag demand" and store.spans("a1") == []
        assert store.redo("a1").description == "tag demand" and labels(store) == [("anna", "demand")]


def steps_back_in_the_article_table(db: Path) -> None:
    """The layout of databases written before histories had tables of their own."""
    history = table_file(db, history_table("a1"))
    steps = json.loads(history.read_text())[history_table("a1")]
    table = table_file(db, "a1")
    data = json.loads(table.read_text())
    top = max(map(int, data["a1"]))
    data["a1"].update({str(top + i): doc for i, doc in enumerate(steps.values(), 1)})
    table.write_text(json.dumps(data))
    history.unlink()


def test_a_history_kept_in_the_article_table_undoes_and_moves_out_with_the_next_change(db):
    with AnnotationStore.open(db, annotator="anna") as store:
        store.add_span(ART, 0, 6, "demand")
        store.add_span(ART, 27, 51, "concession")
        store.undo("a1")
        store.compact()
    steps_back_in_the_article_table(db)
    with AnnotationStore.open(db, annotator="anna", read_only=True) as reader:
        assert reader.can_undo("a1") and reader.can_redo("a1")
    with AnnotationStore.open(db, annotator="anna") as store:
        assert store.redo("a1").description == "tag concession"
        [line] = [json.loads(line) for line in (db / "journal.jsonl").read_text().splitlines()]
        moved = line["tables"][history_table("a1")]["put"].values()
        assert sorted(doc["stack"] for doc in moved) == ["undo", "undo"]
        assert len(line["tables"]["a1"]["drop"]) == 2  # out of the article's table in the same line
        assert store.undo("a1").description == "tag concession"
        assert store.undo("a1").description == "tag demand" and store.spans("a1") == []
        assert store.redo("a1").description == "tag demand"
    with AnnotationStore.open(db, annotator="anna") as store:
        assert labels(store) == [("anna", "demand")] and store.can_redo("a1")
        assert store.redo("a1").description == "tag concession"


def test_an_article_id_that_names_a_history_table_is_refused(db):
    from reader.core.errors import UserError

    with AnnotationStore.open(db) as store:
        store.add_span(ART, 0, 6, "demand")
        with pytest.raises(UserError, match="reserved for undo histories"):
            store.add_span(Article(id=history_table("a1"), title="x", text="x y"), 0, 1, "demand")
        assert store.can_undo("a1")


def test_tinydb_reads_an_articles_history_table(db):
    from tinydb import TinyDB

    from annotations.store.storage import ArticleStorage

    with AnnotationStore.open(db, annotator="anna") as store:
        store.add_span(ART, 0, 6, "demand")
    tiny = TinyDB(db, storage=ArticleStorage)
    [doc] = tiny.table(history_table("a1")).all()
    assert doc["stack"] == "undo" and doc["step"]["description"] == "tag demand"
    assert tiny.tables() == {"a1"}  # the articles (a history is found by its article)
