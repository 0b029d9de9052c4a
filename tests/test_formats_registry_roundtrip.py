"""Every format in the registry goes out and comes back (issue 15): export the hard corpus,
import it into a fresh database, export that database, import again, and the spans are the
same. The test enumerates ``FORMATS``, so a new format is covered without a new test."""

from __future__ import annotations

import shutil

import pytest
from fixtures.hard_corpus import build, schema, span_set

from annotations.formats import FORMATS, export_dataset, store_records
from annotations.formats.load import import_annotations
from annotations.store.database import AnnotationStore

RECORDS = build()
ARTICLES = {art.id: art for art, _, _ in RECORDS}
EXPECTED = {art.id: span_set(spans) for art, spans, _ in RECORDS}


def import_into(db, src, fmt, *, articles=()):
    store = AnnotationStore.open(db, annotator="tester")
    try:
        for art in articles:
            store.remember_article(art)
        report = import_annotations(store, src, fmt, schema(), find_article=ARTICLES.get)
        sets = {a.id: span_set(store.spans(a.id)) for a in store.articles()}
        texts = {a.id: a.text for a in store.articles()}
        records = store_records(store)
    finally:
        store.close()
    return report, sets, texts, records


def carried(report) -> dict[str, set[tuple[int, int, str]]]:
    gone = {(u.article_id, u.span.start, u.span.end, u.span.label) for u in report.uncarried}
    return {aid: {s for s in spans if (aid, *s) not in gone} for aid, spans in EXPECTED.items()}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_round_trips_through_a_fresh_database(tmp_path, fmt):
    assert FORMATS[fmt].importable, f"{fmt} is exported but cannot be imported"
    first = tmp_path / f"first-{FORMATS[fmt].default_out}"
    exported = export_dataset(RECORDS, fmt, first)
    report, sets, texts, records = import_into(tmp_path / "a", first, fmt)
    assert report.errors == [], report.errors[:3]
    if fmt != "conll":  # CoNLL keeps no spacing: a fresh database gets its tokens' text
        want = {aid: spans for aid, spans in carried(exported).items() if spans or aid in sets}
        assert {aid: spans for aid, spans in sets.items() if aid in want} == want
        assert all(texts[aid] == ARTICLES[aid].text for aid in want)
    second = tmp_path / f"second-{FORMATS[fmt].default_out}"
    export_dataset(records, fmt, second)
    again, sets2, texts2, _ = import_into(tmp_path / "b", second, fmt)
    assert again.errors == []
    assert sets2 == sets and texts2 == texts


def test_conll_into_a_database_that_has_the_articles_is_exact(tmp_path):
    out = tmp_path / "x.conll"
    exported = export_dataset(RECORDS, "conll", out)
    report, sets, _, _ = import_into(tmp_path / "db", out, "conll", articles=ARTICLES.values())
    assert report.errors == [] and not any("rebuilt" in n for n in report.notes)
    assert {aid: s for aid, s in sets.items() if s} == {aid: s for aid, s in carried(exported).items() if s}


@pytest.mark.parametrize("fmt", [f for f, info in FORMATS.items() if info.kind != "binary"])
def test_every_text_format_imports_the_same_from_a_file_with_windows_line_ends(tmp_path, fmt):
    """A file that went through a Windows tool (CRLF line ends) gives the same spans, and the
    same line numbers in what it reports. brat's .txt files keep their bytes: offsets count them."""
    out = tmp_path / "lf" / FORMATS[fmt].default_out
    out.parent.mkdir()
    export_dataset(RECORDS, fmt, out)
    crlf = tmp_path / "crlf"
    shutil.copytree(out.parent, crlf)
    for path in crlf.rglob("*"):
        if path.is_file() and path.suffix != ".txt":
            path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    plain = import_into(tmp_path / "a", out, fmt, articles=ARTICLES.values())
    windows = import_into(tmp_path / "b", crlf / out.name, fmt, articles=ARTICLES.values())
    assert windows[0].errors == plain[0].errors
    assert windows[1] == plain[1] and any(windows[1].values())
