"""The CoNLL export as a whole: per-article blocks in id order, the uncarried list, cancel.

Each article's block depends only on that article and the label mapping, so the
file of many articles is the concatenation of what each article alone gives, and
the uncarried list is theirs, in the same order, holding the caller's own spans.
"""

from __future__ import annotations

import threading

import pytest
from fixtures.formats_corpus import build

from annotations.formats import ExportCancelled, ExportOptions, ExportRecord, export_dataset
from annotations.formats.core import sorted_records
from reader.core.article import Article


def many_records() -> list[ExportRecord]:
    """The tricky fixture corpus, repeated under new ids: several blocks, several uncarried spans each."""
    out = []
    for n in range(6):
        for art, spans, status in build():
            new = Article(id=f"{n}-{art.id}", title=art.title, text=art.text)
            copies = tuple(s.with_changes(article_id=new.id, id=f"{n}-{s.id}") for s in spans)
            out.append(ExportRecord(new, copies, status))
    return sorted_records(out)


def test_the_file_is_each_articles_block_in_id_order(tmp_path):
    records = many_records()
    whole = export_dataset(list(reversed(records)), "conll", tmp_path / "all.conll")
    blocks, uncarried, notes = [], [], set()
    for n, rec in enumerate(records):
        alone = export_dataset([rec], "conll", tmp_path / f"{n}.conll")
        blocks.append((tmp_path / f"{n}.conll").read_bytes())
        uncarried += alone.uncarried
        notes.update(note for note in alone.notes if "->" in note)  # the label mapping note
    assert (tmp_path / "all.conll").read_bytes() == b"".join(blocks)
    assert whole.uncarried == uncarried and len(uncarried) > len(records)
    by_id = {s.id: s for rec in records for s in rec.spans}
    assert all(item.span is by_id[item.span.id] for item in whole.uncarried)  # the caller's own spans
    assert notes and notes <= set(whole.notes)
    assert (whole.articles, whole.spans) == (len(records), sum(len(r.spans) for r in records) - len(uncarried))


def test_the_uncarried_list_names_every_span_left_out(tmp_path):
    records = many_records()
    report = export_dataset(records, "conll", tmp_path / "c.conll")
    rows = (tmp_path / "c.conll.uncarried.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "article_id\tspan_id\tstart\tend\tlabel\treason\tquote"
    assert [row.split("\t")[:2] for row in rows[1:]] == [[u.article_id, u.span.id] for u in report.uncarried]
    assert report.uncarried_path == str(tmp_path / "c.conll.uncarried.tsv")
    assert f"{len(report.uncarried)} spans could not be carried" in report.notes[0]


def test_cancel_leaves_the_old_output_and_no_other_file(tmp_path):
    records = many_records()
    out = tmp_path / "c.conll"
    out.write_text("old")
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done == total // 2:
            cancel.set()

    with pytest.raises(ExportCancelled):
        export_dataset(records, "conll", out, options=ExportOptions(force=True), progress=progress, cancel=cancel)
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["c.conll"]
