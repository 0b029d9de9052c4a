"""Links in the store: durable before they are acknowledged, undoable, deleted with their span, never dangling."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotations.store.database import AnnotationStore, HistoryConflict, StoreCorrupt
from annotations.store.storage import table_file
from reader.core.article import Article
from reader.core.errors import UserError

TEXT = "Hamas is demanding that the release be extended over 70 days. Israel rejected it."
ART = Article(id="a1", title="Talks", text=TEXT, source="wire")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


def tag(store, quote: str, label: str):
    start = TEXT.index(quote)
    return store.add_span(ART, start, start + len(quote), label)


def test_a_link_is_on_disk_before_add_link_returns(db, tmp_path):
    store = AnnotationStore.open(db, annotator="ann")
    demand = tag(store, "the release be extended over 70 days", "demand")
    hamas = tag(store, "Hamas", "actor")
    link = store.add_link(demand.id, hamas.id, "by")
    # the writer is still running (no close, no compaction): copy what is on disk, as a crash would leave it
    crashed = tmp_path / "crashed.db"
    shutil.copytree(db, crashed, ignore=shutil.ignore_patterns("lock"))
    with AnnotationStore.open(crashed, read_only=True) as copy:
        assert copy.links("a1") == [link]
    store.close()
    with AnnotationStore.open(db) as again:
        assert again.links("a1") == [link]
        assert (link.from_span, link.to_span, link.relation, link.annotator) == (demand.id, hamas.id, "by", "ann")


def test_link_and_unlink_are_undone_and_redone_like_spans(db):
    with AnnotationStore.open(db) as store:
        demand, hamas = tag(store, "Hamas is demanding", "demand"), tag(store, "Hamas", "actor")
        link = store.add_link(demand.id, hamas.id, "by")
        assert store.add_link(demand.id, hamas.id, "by") == link  # the same link is not made twice
        change = store.undo("a1")
        assert (change.kind, change.links_before, change.links_after) == ("link", (link.to_dict(),), ())
        assert store.links("a1") == []
        store.redo("a1")
        assert store.links("a1") == [link]
        store.delete_link("a1", link.id)
        assert store.links("a1") == [] and [s.id for s in store.spans("a1")] == [hamas.id, demand.id]
        store.undo("a1")
    with AnnotationStore.open(db) as store:  # the history survives a restart
        assert store.links("a1") == [link]
        with pytest.raises(KeyError, match="no link"):
            store.delete_link("a1", "nope")


def test_deleting_a_span_deletes_its_links_and_undo_brings_both_back(db):
    with AnnotationStore.open(db) as store:
        demand, hamas = tag(store, "Hamas is demanding", "demand"), tag(store, "Hamas", "actor")
        israel = tag(store, "Israel rejected it", "concession")
        by = store.add_link(demand.id, hamas.id, "by")
        answers = store.add_link(israel.id, demand.id, "answers")
        store.delete_span(demand.id)
        assert store.links("a1") == [] and demand.id not in {s.id for s in store.spans("a1")}
        change = store.undo("a1")
        assert change.kind == "delete" and {d["id"] for d in change.links_after} == {by.id, answers.id}
        assert store.links("a1") == [by, answers] and store.span(demand.id) == demand
        store.redo("a1")
        assert store.links("a1") == []


def test_no_undo_or_redo_leaves_a_link_without_an_end(db):
    with AnnotationStore.open(db, annotator="ann") as store:
        demand = tag(store, "Hamas is demanding", "demand")
    with AnnotationStore.open(db, annotator="bob") as store:
        hamas = tag(store, "Hamas", "actor")
        store.add_link(demand.id, hamas.id, "by")
    with AnnotationStore.open(db, annotator="ann") as store:
        with pytest.raises(HistoryConflict, match="cannot undo “tag demand”: bob linked that span since"):
            store.undo("a1")
        assert store.span(demand.id) == demand and len(store.links("a1")) == 1
    with AnnotationStore.open(db, annotator="bob") as store:
        store.undo("a1")  # bob's link goes, and waits on bob's redo stack
    with AnnotationStore.open(db, annotator="ann") as store:
        store.delete_span(hamas.id)  # ann's change leaves bob's redo as it is
    with AnnotationStore.open(db, annotator="bob") as store:
        with pytest.raises(HistoryConflict, match="cannot redo “link demand -by-> actor”: a span it links"):
            store.redo("a1")
        assert store.links("a1") == []


def test_links_need_both_ends_in_one_article(db):
    other = Article(id="a2", title="Other", text="Qatar mediates.")
    with AnnotationStore.open(db) as store:
        demand = tag(store, "Hamas is demanding", "demand")
        qatar = store.add_span(other, 0, 5, "actor")
        with pytest.raises(ValueError, match="one article"):
            store.add_link(demand.id, qatar.id, "by")
        with pytest.raises(KeyError, match="no span"):
            store.add_link(demand.id, "gone", "by")
        with pytest.raises(ValueError, match="same span"):
            store.add_link(demand.id, demand.id, "by")


def test_a_malformed_link_in_a_table_is_reported_as_corrupt(db):
    with AnnotationStore.open(db) as store:
        demand, hamas = tag(store, "Hamas is demanding", "demand"), tag(store, "Hamas", "actor")
        store.add_link(demand.id, hamas.id, "by")
        store.compact()  # into the article's table file (a small session's close leaves it in the journal)
    path = table_file(db, "a1")
    data = json.loads(path.read_text(encoding="utf-8"))
    for doc in data["a1"].values():
        if doc["kind"] == "link":
            doc["relation"] = 7
    path.write_text(json.dumps(data), encoding="utf-8")
    with AnnotationStore.open(db) as store, pytest.raises(StoreCorrupt, match="link field 'relation' must be a string"):
        store.links("a1")


def test_metadata_corrections_are_kept_undoable_and_checked(db):
    with AnnotationStore.open(db) as store:
        store.remember_article(ART)
        assert store.corrections("a1") == {}
        assert store.correct_article("a1", published="2023-10-27", source="Al  Jazeera") == {
            "published": "2023-10-27",
            "source": "Al Jazeera",
        }
        with pytest.raises(UserError, match="date 'Friday' is not a date: write it as YYYY-MM-DD"):
            store.correct_article("a1", published="Friday")
        store.correct_article("a1", source="")  # "" drops a correction
        assert store.corrections("a1") == {"published": "2023-10-27"}
        assert store.article("a1") == ART  # the article as loaded is unchanged
    with AnnotationStore.open(db) as store:
        assert store.corrections("a1") == {"published": "2023-10-27"}
        change = store.undo("a1")
        assert (change.kind, change.before, change.after) == (
            "meta",
            "published=2023-10-27",
            "published=2023-10-27, source=Al Jazeera",
        )
        assert store.corrections("a1")["source"] == "Al Jazeera"
        with pytest.raises(ValueError, match="cannot correct 'url'"):
            store.correct_article("a1", url="x")


def test_a_figure_set_by_the_analyst_is_kept_undoable_and_comes_back_with_its_span(db):
    from annotations.figure_value import Figure

    with AnnotationStore.open(db) as store:
        figure_span = tag(store, "70 days", "casualty figure")
        assert store.figures("a1") == {}
        fixed = Figure(70, 70, "", "prisoners", "released", "70")
        store.set_figure(figure_span.id, fixed)
        assert store.figures("a1") == {figure_span.id: fixed}
        store.delete_span(figure_span.id)
        assert store.figures("a1") == {}  # no span, no figure shown
        store.undo("a1")
        assert store.figures("a1") == {figure_span.id: fixed}  # the span is back with its figure
    with AnnotationStore.open(db) as store:
        change = store.undo("a1")  # the figure step
        assert (change.kind, change.before, change.after) == (
            "figure",
            "70 prisoners released",
            "(parsed from the quote)",
        )
        assert store.figures("a1") == {}


def test_a_new_label_removes_exactly_the_links_the_schema_no_longer_allows_and_undo_brings_them_back(db):
    """A concession relabelled as a source kept its "by" link: every export wrote it, every
    import refused it. The links it can keep stay; one undo brings back label and links."""
    from annotations.schema import load_schema

    schema = load_schema()
    with AnnotationStore.open(db) as store:
        hamas, demand = tag(store, "Hamas", "actor"), tag(store, "Hamas is demanding", "demand")
        offer = tag(store, "Israel rejected it", "concession")
        kept = store.add_link(demand.id, hamas.id, "by")
        by = store.add_link(offer.id, hamas.id, "by")
        answers = store.add_link(offer.id, demand.id, "answers")
        assert store.links_a_label_breaks(offer.id, "demand", schema) == [
            (answers, "'answers' starts on 'concession', not on 'demand'")
        ]
        store.update_span(offer.id, label="source", schema=schema)
        assert store.span(offer.id).label == "source" and store.links("a1") == [kept]
        change = store.undo("a1")
        assert change.description == "relabel concession as source, removing 2 links"
        assert store.span(offer.id).label == "concession" and store.links("a1") == [kept, by, answers]
        store.redo("a1")
        assert store.links("a1") == [kept]
    with AnnotationStore.open(db) as store:  # one step in the stored history too
        store.undo("a1")
        assert store.span(offer.id).label == "concession" and store.links("a1") == [kept, by, answers]
