"""Exports read the database article by article (``StoreRecords``) and write what records in memory give."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.formats import FORMATS, ExportOptions, export_dataset
from annotations.formats.exporter import StoreRecords
from annotations.store.database import AnnotationStore, StoreCorrupt
from annotations.store.storage import table_file
from reader.core.article import Article

TEXTS = [
    "Unions demand a 10% raise. The ministry offered 4%.",
    "At least 12 people were hurt in Gaza on Monday, officials said.",
    "Rebels agreed to withdraw from the town; talks resume in Geneva.",
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "annotations.db"
    with AnnotationStore.open(path, annotator="ann") as store:
        for i, text in enumerate(TEXTS * 3):
            art = Article(id=f"a{i}", title=f"T{i}", text=text)
            store.add_spans(art, [(0, 6, "demand"), (7, 13, "concession"), (3, 9, "casualty figure")])
            if i % 2:
                store.set_status(art.id, "done")
        store.annotator = "ben"
        store.add_span(Article(id="a1", title="T1", text=TEXTS[1]), 14, 20, "demand")
        store.set_status("status-only", "flagged")  # an id with no text: not exported
        store.compact()  # into the tables' files
    return path


@pytest.mark.parametrize("fmt", [name for name, info in FORMATS.items() if info.kind == "text"])
@pytest.mark.parametrize(
    "options",
    [ExportOptions(), ExportOptions(status="done"), ExportOptions(labels=("demand",)), ExportOptions(annotator="ben")],
)
def test_streamed_export_writes_what_records_in_memory_write(db, tmp_path, fmt, options):
    streamed = StoreRecords(db)
    in_memory = list(StoreRecords(db))
    a = export_dataset(streamed, fmt, tmp_path / "streamed", options=options)
    b = export_dataset(in_memory, fmt, tmp_path / "in_memory", options=options)
    assert (tmp_path / "streamed").read_bytes() == (tmp_path / "in_memory").read_bytes()
    assert (a.articles, a.spans, len(a.uncarried)) == (b.articles, b.spans, len(b.uncarried))
    assert len(streamed) == 9 and [r.article.id for r in in_memory] == sorted(f"a{i}" for i in range(9))


def test_records_are_read_one_article_at_a_time(db):
    """The first record is made before the last article's table is read (a damaged one, here)."""
    last = table_file(db, "a8")
    last.write_bytes(last.read_bytes()[:-20])
    records = iter(StoreRecords(db))
    first = next(records)
    assert first.article.id == "a0" and [s.label for s in first.spans] == ["demand", "casualty figure", "concession"]
    with pytest.raises(StoreCorrupt, match=r"a8|tables/"):
        list(records)
