"""Import into the real store: native round-trips byte for byte, the others keep
(start, end, label); bad input gives one line per problem and leaves the store
untouched by it; the export command prints what it did."""

from __future__ import annotations

import json

import pytest
from fixtures.formats_corpus import build, span_set

from annotations.formats import ExportOptions, export_dataset
from annotations.formats.load import import_annotations
from annotations.schema import load_schema
from annotations.store.database import AnnotationStore
from reader.cli.export import load_records
from reader.cli.main import main

RECORDS = build()
EXPECTED = {art.id: span_set(spans) for art, spans, _ in RECORDS}


@pytest.fixture
def schema():
    return load_schema(None)


def store_sets(db) -> dict[str, set[tuple[int, int, str]]]:
    store = AnnotationStore.open(db, read_only=True)
    try:
        return {a.id: span_set(store.spans(a.id)) for a in store.articles()}
    finally:
        store.close()


def imported(tmp_path, src, fmt, schema, **kw):
    db = tmp_path / "db"
    store = AnnotationStore.open(db, annotator="tester")
    try:
        report = import_annotations(store, src, fmt, schema, **kw)
    finally:
        store.close()
    return db, report


def test_native_round_trip_is_byte_identical(tmp_path, schema):
    first = tmp_path / "first.jsonl"
    export_dataset(RECORDS, "jsonl", first)
    db, report = imported(tmp_path, first, "jsonl", schema)
    assert report.errors == [] and report.articles == 7 and report.spans == 28
    records, _ = load_records(str(db))
    second = tmp_path / "second.jsonl"
    export_dataset(records, "jsonl", second)
    assert second.read_bytes() == first.read_bytes()
    # importing again adds nothing
    store = AnnotationStore.open(db)
    try:
        again = import_annotations(store, first, "jsonl", schema)
    finally:
        store.close()
    assert again.spans == 0 and again.articles == 0


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "brat"])
def test_other_formats_import_the_same_spans(tmp_path, schema, fmt):
    out = tmp_path / f"out-{fmt}"
    export_dataset(RECORDS, fmt, out)
    db, report = imported(tmp_path, out, fmt, schema)
    assert report.errors == []
    assert store_sets(db) == EXPECTED
    store = AnnotationStore.open(db, read_only=True)
    try:
        assert store.state("nested-05").status == "done"
        assert store.article("cjk/北京 02").title == "北京市政府"
    finally:
        store.close()


def test_doccano_units_detected_when_the_file_does_not_say(tmp_path, schema):
    out = tmp_path / "cp.jsonl"
    export_dataset(RECORDS, "doccano", out, options=ExportOptions(offsets="codepoints"))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        del line["offsets"]
    out.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    _, wrong = imported(tmp_path, out, "doccano", schema, offsets="utf16")
    assert wrong.errors  # emoji shift a UTF-16 reading: caught by spans_text, never misread
    db2 = tmp_path / "db2"
    store = AnnotationStore.open(db2)
    try:
        right = import_annotations(store, out, "doccano", schema)
    finally:
        store.close()
    assert right.errors == [] and store_sets(db2) == EXPECTED
    assert any(n.startswith("doccano: offsets detected as codepoints for 2 lines") for n in right.notes)


def test_bad_input_one_line_each_and_good_lines_imported(tmp_path, schema):
    good = json.dumps(
        {
            "id": "a1",
            "text": "Rebels demanded talks.",
            "meta": {"title": "A"},
            "spans": [{"id": "x1", "start": 7, "end": 21, "label": "demand", "quote": "demanded talks"}],
        },
        ensure_ascii=False,
    )
    mixed = json.dumps(
        {
            "id": "a2",
            "text": "Forty people died.",
            "spans": [
                {"id": "y1", "start": 0, "end": 12, "label": "casualty figure", "quote": "Forty people"},
                {"id": "y2", "start": 0, "end": 5, "label": "weather", "quote": "Forty"},
                {"id": "y3", "start": 10, "end": 99, "label": "demand", "quote": "x"},
                {"id": "y4", "start": 0, "end": 5, "label": "demand", "quote": "Fifty"},
            ],
        }
    )
    src = tmp_path / "in.jsonl"
    src.write_text(good + "\n{not json\n" + mixed + "\n[1, 2]\n", encoding="utf-8")
    db, report = imported(tmp_path, src, "jsonl", schema)
    assert report.spans == 2 and report.articles == 2
    assert len(report.errors) == 5
    assert report.errors[0].startswith(f"{src}:2: not valid JSON")
    assert any(e.startswith(f"{src}:3: span y2: unknown label 'weather'") for e in report.errors)
    assert any(e.startswith(f"{src}:3: span y3: span 10..99 is outside its text") for e in report.errors)
    assert any(e.startswith(f"{src}:3: span y4: quote 'Fifty' does not match") for e in report.errors)
    assert report.errors[-1].startswith(f"{src}:4: expected a JSON object")
    assert all("\n" not in e for e in report.errors)
    assert store_sets(db) == {"a1": {(7, 21, "demand")}, "a2": {(0, 12, "casualty figure")}}


def test_brat_bad_lines_name_the_ann_file_and_line(tmp_path, schema):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "d.txt").write_text("Troops withdrew from Kherson.", encoding="utf-8")
    (folder / "d.ann").write_text(
        "T1\tconcession 0 15\tTroops withdrew\nT2\tdemand 0 6\tTroupe\nT3\tweather 21 28\tKherson\n"
        "R1\tRel Arg1:T1 Arg2:T3\n",
        encoding="utf-8",
    )
    db, report = imported(tmp_path, folder, "brat", schema)
    assert report.spans == 1
    assert report.errors[0].startswith("d.ann:2: text 'Troupe' does not match")
    assert report.errors[1].startswith("d.ann:3: unknown label 'weather'")
    assert store_sets(db) == {"d": {(0, 15, "concession")}}


def test_export_command_reports_and_refuses_to_overwrite(tmp_path, schema, capsys, monkeypatch):
    src = tmp_path / "src.jsonl"
    export_dataset(RECORDS, "jsonl", src)
    db, _ = imported(tmp_path, src, "jsonl", schema)
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--format", "conll", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'newsdesk.conll'}: 7 articles, 20 spans (conll)" in out
    assert "8 overlapping" in out and "casualty figure -> casualty_figure" in out
    assert main(["export", "--format", "conll", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"newsdesk: {tmp_path / 'newsdesk.conll'}: file exists; use --force to replace it"
    assert (
        main(["export", "--format", "brat", "--db", str(db), "--label", "demand", "--status", "done", "--out", "b"])
        == 0
    )
    assert ": 2 articles, 2 spans (brat)" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "b").glob("*.ann")) == ["empty-07.ann", "nested-05.ann"]
    assert main(["export", "--format", "jsonl", "--db", str(db), "--label", "nope"]) == 2
    assert "no such label" in capsys.readouterr().err
    assert main(["export", "--format", "conll", "--db", str(db), "--offsets", "utf16", "--force"]) == 2
    assert "not offered for conll" in capsys.readouterr().err
