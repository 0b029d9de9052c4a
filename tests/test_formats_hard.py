"""The hard corpus (tests/fixtures/hard_corpus.py) through every format and its real consumer:
spaCy (DocBin, strict char spans, doc.ents rules of ``spacy debug data``), Hugging Face
datasets, seqeval (strict IOB2), brat's documented rules, Label Studio's documented task and
config rules, doccano's offset units, Prodigy's token rules, the csv module.

Each test says which spans the format carries, and checks that exactly those come back.
"""

from __future__ import annotations

import csv
import json
import re

import pytest
from fixtures.hard_corpus import build, schema, span_set

from annotations.formats import FORMATS, export_dataset
from annotations.formats.load import import_annotations
from annotations.store.database import AnnotationStore

RECORDS = build()
EXPECTED = {art.id: span_set(spans) for art, spans, _ in RECORDS}
TEXTS = {art.id: art.text for art, _, _ in RECORDS}
ALL = sum(len(v) for v in EXPECTED.values())
# What an export selects by default: articles with spans, or marked done or flagged.
REVIEWED = {art.id for art, spans, status in RECORDS if spans or status in ("done", "flagged")}


def carried(report) -> dict[str, set[tuple[int, int, str]]]:
    """EXPECTED less what the report lists as not carried."""
    gone = {(u.article_id, u.span.start, u.span.end, u.span.label) for u in report.uncarried}
    return {aid: {s for s in spans if (aid, *s) not in gone} for aid, spans in EXPECTED.items() if aid in REVIEWED}


def test_spacy_docbin_holds_every_aligned_span_and_ents_obey_debug_data(tmp_path):
    import spacy
    from spacy.tokens import DocBin

    out = tmp_path / "out.spacy"
    report = export_dataset(RECORDS, "spacy", out)
    want = carried(report)
    nlp = spacy.blank("xx")
    docs = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    assert len(docs) == len(REVIEWED)
    for doc in docs:
        aid = doc.user_data["article_id"]
        assert doc.text == TEXTS[aid]
        got = {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]}
        assert got == want[aid]
        for ent in doc.ents:  # what `spacy debug data` calls an error: whitespace at an edge
            assert not ent.text[0].isspace() and not ent.text[-1].isspace(), (aid, ent.text)
    assert len(report.uncarried) <= 1
    assert any("1 span starting or ending on whitespace in doc.spans['sc'] only" in n for n in report.notes)


def test_native_jsonl_loads_in_hf_datasets(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    out = tmp_path / "native.jsonl"
    report = export_dataset(RECORDS, "jsonl", out)
    assert report.uncarried == []
    loaded = datasets.load_dataset("json", data_files=str(out), split="train", cache_dir=str(tmp_path / "c"))
    assert len(loaded) == len(REVIEWED)
    for row in loaded:
        assert row["text"] == TEXTS[row["id"]]
        spans = row["spans"] or []
        assert {(s["start"], s["end"], s["label"]) for s in spans} == EXPECTED[row["id"]]
        assert all(row["text"][s["start"] : s["end"]] == s["quote"] for s in spans)


def test_conll_is_strict_iob2_for_seqeval(tmp_path):
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2, Entities

    out = tmp_path / "out.conll"
    report = export_dataset(RECORDS, "conll", out)
    tags, sentence = [], []
    for line in out.read_text(encoding="utf-8").split("\n"):
        if not line:
            if sentence:
                tags.append(sentence)
            sentence = []
            continue
        token, tag = line.split("\t")
        assert token and not any(c.isspace() for c in token)
        if token != "-DOCSTART-":
            sentence.append(tag)
    Entities(tags, IOB2, suffix=False)
    classification_report(tags, tags, mode="strict", scheme=IOB2, zero_division=0)
    entities = sum(tag.startswith("B-") for s in tags for tag in s)
    assert entities == sum(len(v) for v in carried(report).values())


def test_csv_reads_back_with_the_csv_module(tmp_path):
    out = tmp_path / "spans.csv"
    export_dataset(RECORDS, "csv", out)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == ALL
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert TEXTS[row["article_id"]][start:end] == row["quote"]


@pytest.mark.parametrize("fmt", ["labelstudio", "doccano"])
def test_json_exports_parse_and_carry_every_span(tmp_path, fmt):
    out = tmp_path / f"out-{fmt}"
    report = export_dataset(RECORDS, fmt, out)
    assert report.uncarried == []
    raw = out.read_text(encoding="utf-8")
    tasks = json.loads(raw) if fmt == "labelstudio" else [json.loads(ln) for ln in raw.splitlines()]
    assert len(tasks) >= len([r for r in RECORDS if r[2] != "todo"])


def import_into(tmp_path, src, fmt, name="db", **kw):
    """Import ``src`` into a fresh database; (its span sets by article, the report)."""
    store = AnnotationStore.open(tmp_path / name, annotator="tester")
    try:
        report = import_annotations(store, src, fmt, schema(), **kw)
        sets = {a.id: span_set(store.spans(a.id)) for a in store.articles()}
        notes = {a.id: [s.note for s in store.spans(a.id)] for a in store.articles()}
    finally:
        store.close()
    return sets, report, notes


BRAT_TYPE = re.compile(r"[A-Za-z0-9_-]+")


def test_brat_follows_its_documented_rules_and_labels_come_back(tmp_path):
    out = tmp_path / "brat"
    report = export_dataset(RECORDS, "brat", out)
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    declared = set(conf.split("[entities]")[1].split("[relations]")[0].split())
    for ann in out.glob("*.ann"):
        text = ann.with_suffix(".txt").read_bytes().decode("utf-8")
        assert "\r" not in text
        for line in ann.read_text(encoding="utf-8").split("\n"):
            if line.startswith("T"):
                tid, middle, quote = line.split("\t")
                typ, locs = middle.split(" ", 1)
                assert BRAT_TYPE.fullmatch(typ) and typ in declared, typ
                frags = [tuple(map(int, f.split())) for f in locs.split(";")]
                assert " ".join(text[a:b] for a, b in frags) == quote
                assert len(quote.splitlines()) == 1
    assert "#   人物 -> label" in conf and "#   lieu géographique -> lieu_geographique" in conf
    assert any("lieu géographique -> lieu_geographique" in n and "annotation.conf" in n for n in report.notes)
    sets, back, _ = import_into(tmp_path, out, "brat")
    assert back.errors == []
    assert sets == {aid: spans for aid, spans in carried(report).items()}
    assert {(10, 13, "lieu géographique"), (10, 13, "demand")} <= sets["whole-text"]  # two labels, one range


def test_brat_discontinuous_span_is_never_widened(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "d.txt").write_text("Paris talks and Rome", encoding="utf-8")
    (folder / "d.ann").write_text("T1\tdemand 0 5;16 20\tParis Rome\nR1\tRel Arg1:T1 Arg2:T1\n", encoding="utf-8")
    sets, report, notes = import_into(tmp_path, folder, "brat")
    assert sets == {"d": {(0, 5, "demand"), (16, 20, "demand")}}
    assert sorted(notes["d"]) == ["fragment 1/2 of T1", "fragment 2/2 of T1"]
    assert any("d.ann:1: T1 is discontinuous (0 5;16 20): imported as 2 spans" in n for n in report.notes)
    # a relation to a span that was split has no one end to point to: reported, never dangling
    assert any("d.ann:2: link not imported: its end 'T1' is not an imported span" in e for e in report.errors)
    assert any("1 link not imported" in n for n in report.notes)


def test_brat_index_not_utf8_is_one_line(tmp_path):
    out = tmp_path / "brat"
    export_dataset(RECORDS, "brat", out)
    (out / "newsdesk-articles.jsonl").write_bytes(b'{"file": "x", "title": "\xff\xfe"}\n')
    _, report, _ = import_into(tmp_path, out, "brat")
    assert report.errors == ["newsdesk-articles.jsonl:1: not UTF-8 (invalid start byte at byte 24)"]


@pytest.mark.parametrize("start,end", [(0, True), (False, 4), (0, 4.0), ("0", 4)])
def test_native_import_refuses_non_integer_offsets(tmp_path, start, end):
    src = tmp_path / "in.jsonl"
    line = {"id": "a", "text": "Kyiv talks", "spans": [{"id": "s", "start": start, "end": end, "label": "demand"}]}
    src.write_text(json.dumps(line) + "\n", encoding="utf-8")
    sets, report, _ = import_into(tmp_path, src, "jsonl")
    assert report.errors == [f"{src}:1: span s: offsets must be integers, got {start!r}..{end!r}"]
    assert sets == {"a": set()}


def doccano_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def slice_in(text: str, start: int, end: int, unit: str) -> str:
    """What a consumer counting ``unit`` finds at start:end (a JavaScript string, or grapheme clusters)."""
    if unit == "utf16":
        return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")
    if unit == "graphemes":
        import regex

        return "".join(regex.findall(r"\X", text)[start:end])
    return text[start:end]


@pytest.mark.parametrize("unit", ["utf16", "graphemes", "codepoints"])
def test_doccano_offsets_in_each_unit_and_detected_back(tmp_path, unit):
    from annotations.formats import ExportOptions

    out = tmp_path / "d.jsonl"
    report = export_dataset(RECORDS, "doccano", out, options=ExportOptions(offsets=unit))
    lines = doccano_lines(out)
    for line in lines:
        assert line["offsets"] == unit
        for (start, end, _label), (qs, qe, quote) in zip(line["label"], line["spans_text"], strict=True):
            assert (qs, qe) == (start, end) and slice_in(line["text"], start, end, unit) == quote
    for line in lines:
        del line["offsets"]  # a file that does not say: the units are detected
    out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    sets, back, _ = import_into(tmp_path, out, "doccano")
    assert back.errors == []
    assert sets == {aid: spans for aid, spans in carried(report).items()}
    assert any(n.startswith("doccano: offsets detected as ") and f"{unit} for " in n for n in back.notes)


def _bmp(text: str) -> bool:
    return all(ord(c) <= 0xFFFF for c in text)


@pytest.mark.parametrize("unit", ["utf16", "codepoints"])
def test_labelstudio_offsets_in_each_unit_are_detected_back(tmp_path, unit):
    """An export with --offsets utf16 (emoji before the spans shift them) comes back without
    --offsets, as doccano's do; one in code points, Label Studio's own, is still read so."""
    from annotations.formats import ExportOptions

    out = tmp_path / "ls.json"
    report = export_dataset(RECORDS, "labelstudio", out, options=ExportOptions(offsets=unit))
    tasks = json.loads(out.read_text(encoding="utf-8"))
    found = [
        (t["data"]["text"], r["value"]) for t in tasks for a in t["annotations"] for r in a["result"] if "value" in r
    ]
    assert all(slice_in(text, v["start"], v["end"], unit) == v["text"] for text, v in found)
    astral_before = [s for aid, spans in carried(report).items() for s in spans if not _bmp(TEXTS[aid][: s[0]])]
    assert astral_before  # emoji before these spans count twice in UTF-16: a wrong reading would show
    sets, back, _ = import_into(tmp_path, out, "labelstudio")
    assert back.errors == []
    assert sets == carried(report)
    assert any(n.startswith("labelstudio: offsets detected as ") and f"{unit} for " in n for n in back.notes)


def test_doccano_lists_overlaps_and_names_the_setting(tmp_path):
    out = tmp_path / "d.jsonl"
    report = export_dataset(RECORDS, "doccano", out)
    (note,) = [n for n in report.notes if "overlap another" in n]
    assert note.startswith("doccano: 19 spans overlap another span")
    assert '"Allow overlapping spans" setting is on (off by default)' in note
    assert (
        "(code point offsets): arabic-bidi 33-41 مكان;" in note
        and "emoji-zwj 31-61 casualty figure" in note
        and note.endswith(", and 9 more")
    )


def test_doccano_reimport_after_an_edit_matches_quotes_by_offsets(tmp_path):
    out = tmp_path / "d.jsonl"
    export_dataset(RECORDS, "doccano", out)
    lines = doccano_lines(out)
    zwj = next(x for x in lines if x["article_id"] == "emoji-zwj")
    del zwj["label"][0]  # deleted in doccano; spans_text is kept unchanged by doccano
    zwj["label"].append([0, 7, "demand"])  # added in doccano: no quote to check, still imported
    out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    sets, report, _ = import_into(tmp_path, out, "doccano")
    assert report.errors == []
    assert sets["emoji-zwj"] == (EXPECTED["emoji-zwj"] - {(0, 4, "人物")}) | {(0, 4, "demand")}


def test_annotation_import_normalises_text_and_moves_offsets(tmp_path):
    from fixtures.hard_corpus import RAW_CRLF

    aid, raw, items = RAW_CRLF
    spans = [
        {"id": f"s{i}", "start": raw.index(q), "end": raw.index(q) + len(q), "label": lab, "quote": q}
        for i, (q, lab) in enumerate(items)
    ]
    src = tmp_path / "in.jsonl"
    line = {"id": aid, "text": raw, "meta": {"title": "A\ttitle\r\nwith\x1b[31m controls"}, "spans": spans}
    src.write_text(json.dumps(line) + "\n", encoding="utf-8")
    sets, report, _ = import_into(tmp_path, src, "jsonl")
    assert report.errors == [] and any("1 article text normalised" in n for n in report.notes)
    text = "Line one\nKyiv talks\n\ufffdend"
    assert sets == {aid: {(9, 19, "demand")}}
    store = AnnotationStore.open(tmp_path / "db", read_only=True)
    try:
        art = store.article(aid)
        assert art.text == text and art.title == "A title with\ufffd[31m controls"
        assert [s.quote for s in store.spans(aid)] == ["Kyiv talks"]
    finally:
        store.close()
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "d.txt").write_bytes(raw.encode())
    (brat / "d.ann").write_text(f"T1\tdemand {raw.index('Kyiv')} {raw.index('Kyiv') + 10}\tKyiv talks\n")
    sets, report, _ = import_into(tmp_path, brat, "brat", name="db2")
    assert report.errors == [] and sets == {"d": {(9, 19, "demand")}}
    exported = tmp_path / "again"
    store = AnnotationStore.open(tmp_path / "db2", read_only=True)
    try:
        from annotations.formats import store_records

        export_dataset(store_records(store), "brat", exported)
    finally:
        store.close()
    assert b"\r" not in (exported / "d.txt").read_bytes()


def test_native_export_opened_as_a_corpus_keeps_title_source_and_date(tmp_path):
    from reader.corpus.jsonl_source import parse_jsonl_line

    out = tmp_path / "n.jsonl"
    export_dataset(RECORDS, "jsonl", out)
    first = out.read_bytes().split(b"\n")[0]
    fields, warning = parse_jsonl_line(first, "n.jsonl:1")
    assert warning is None
    art = next(a for a, _, _ in RECORDS if a.id == fields["id"])
    assert (fields["id"], fields["title"], fields["source"], fields["published"]) == (
        art.id,
        art.title,
        art.source,
        art.published,
    )
    assert fields["text"] == art.text


def test_prodigy_tokens_rebuild_the_text_as_spacy_docs(tmp_path):
    import spacy
    from spacy.tokens import Doc

    out = tmp_path / "p.jsonl"
    report = export_dataset(RECORDS, "prodigy", out)
    want = carried(report)
    vocab = spacy.blank("xx").vocab
    for task in doccano_lines(out):
        toks = task["tokens"]
        assert "".join(t["text"] + " " * t["ws"] for t in toks) == task["text"]
        doc = Doc(vocab, words=[t["text"] for t in toks], spaces=[t["ws"] for t in toks])
        assert doc.text == task["text"]
        got = set()
        for sp in task["spans"]:
            ent = doc[sp["token_start"] : sp["token_end"] + 1]
            assert (ent.start_char, ent.end_char) == (sp["start"], sp["end"])
            got.add((sp["start"], sp["end"], sp["label"]))
        assert got == want[task["meta"]["id"]]
        assert "_input_hash" not in task


def test_prodigy_import_honours_answers_and_says_what_it_skipped(tmp_path):
    text = "Kyiv talks resumed."
    tasks = [
        {
            "text": text,
            "meta": {"id": "a"},
            "answer": "accept",
            "spans": [
                {"start": 0, "end": 4, "label": "مكان"},
                {"start": 5, "end": 10, "label": "demand", "answer": "reject"},
            ],
        },
        {
            "text": "Other text.",
            "meta": {"id": "b"},
            "answer": "reject",
            "spans": [{"start": 0, "end": 5, "label": "demand"}],
        },
        {"text": "Third.", "meta": {"id": "c"}, "answer": "ignore", "spans": []},
    ]
    src = tmp_path / "p.jsonl"
    src.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks), encoding="utf-8")
    sets, report, _ = import_into(tmp_path, src, "prodigy")
    assert report.errors == [] and sets == {"a": {(0, 4, "مكان")}, "b": set(), "c": set()}
    store = AnnotationStore.open(tmp_path / "db", read_only=True)
    try:
        assert [store.state(x).status for x in "abc"] == ["in progress", "rejected", "ignored"]
    finally:
        store.close()
    assert (
        "prodigy: 2 tasks not accepted, spans not imported: 1 ignore, 1 reject "
        "(only accepted tasks hold positives; rejected and ignored articles are marked so)"
    ) in report.notes
    assert any(n.startswith("prodigy: 1 span answered reject or ignore") for n in report.notes)


def test_uncarried_list_is_one_row_per_span_for_every_reader(tmp_path):
    out = tmp_path / "out.conll"
    report = export_dataset(RECORDS, "conll", out)
    side = tmp_path / "out.conll.uncarried.tsv"
    rows = side.read_text(encoding="utf-8").splitlines()  # splits at \r, U+2028, U+0085 too
    assert len(rows) == 1 + len(report.uncarried)
    with open(side, encoding="utf-8", newline="") as handle:
        assert len(list(csv.reader(handle, delimiter="\t"))) == len(rows)
    assert any("\\u2028" in row for row in rows)


def test_formats_say_which_notes_and_flags_they_drop(tmp_path):
    notes = sum(bool(s.note) for _, spans, _ in RECORDS for s in spans)
    for fmt, dropped in [
        ("prodigy", f"{notes} notes and 1 flag"),
        ("doccano", f"{notes} notes and 1 flag"),
        # the only format without figures; CoNLL and CSV keep no article status
        ("conll", "1 note, 1 flag, the values of 6 casualty figures and 2 article statuses (done, flagged)"),
        ("spacy", f"{notes} notes and 1 flag"),
        ("csv", "1 flag and 2 article statuses (done, flagged)"),
        ("brat", "1 flag"),
        ("labelstudio", "1 flag"),
    ]:
        report = export_dataset(RECORDS, fmt, tmp_path / f"out-{fmt}")
        assert f"{fmt}: reported, not carried: {dropped} (the format has no place for them)" in report.notes
    native = export_dataset(RECORDS, "jsonl", tmp_path / "n.jsonl")
    assert not any("not carried" in n for n in native.notes)


def test_csv_cells_never_run_as_formulas(tmp_path):
    out = tmp_path / "spans.csv"
    export_dataset(RECORDS, "csv", out)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for key in ("article_id", "title", "label", "quote", "note", "annotator", "sentence"):
            assert not row[key].startswith(("=", "+", "-", "@", "\t", "\r")), (key, row[key])
    assert '\'=HYPERLINK("http://x")' in {row["note"] for row in rows}


def test_label_studio_real_export_with_several_annotators(tmp_path):
    text = "Kyiv 👩🏽‍🚒 talks resumed in Geneva."
    task = {
        "id": 17,
        "data": {"text": text},
        "annotations": [
            {
                "id": 1,
                "completed_by": 3,
                "was_cancelled": False,
                "result": [
                    {
                        "id": "a",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 0, "end": 4, "text": "Kyiv", "labels": ["مكان"]},
                    },
                    {
                        "id": "r",
                        "from_name": "rel",
                        "to_name": "text",
                        "type": "relation",
                        "from_id": "a",
                        "to_id": "b",
                    },
                ],
            },
            {
                "id": 2,
                "completed_by": {"email": "ana@example.org"},
                "result": [
                    {
                        "id": "b",
                        "type": "labels",
                        "value": {"start": 27, "end": 33, "text": "Geneva", "labels": ["مكان", "lieu géographique"]},
                    },
                    {"id": "c", "type": "labels", "value": {"start": 0, "end": 4, "text": "Kyiv", "labels": ["مكان"]}},
                ],
            },
            {"id": 3, "completed_by": 4, "was_cancelled": True, "result": []},
        ],
        "predictions": [{"result": []}],
    }
    src = tmp_path / "ls.json"
    src.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    sets, report, _ = import_into(tmp_path, src, "labelstudio")
    assert report.errors == []
    assert sets == {"labelstudio-17": {(0, 4, "مكان"), (27, 33, "مكان"), (27, 33, "lieu géographique")}}
    assert (
        "labelstudio: reported, not carried: 1 unlabelled relation result "
        "(newsdesk imports labels and labelled relation results)"
    ) in report.notes
    assert "labelstudio: 1 cancelled (skipped) annotation not imported" in report.notes
    store = AnnotationStore.open(tmp_path / "db", read_only=True)
    try:
        who = {s.annotator for s in store.spans("labelstudio-17")}
        assert who == {"labelstudio:3", "labelstudio:ana@example.org"}
        assert store.state("labelstudio-17").status == "done"  # annotated in Label Studio: reviewed
    finally:
        store.close()


def test_conll_iob1_and_bioes_tags_read_as_spans(tmp_path):
    src = tmp_path / "x.conll"
    src.write_text(
        "-DOCSTART- O\n\nKyiv I-مكان\ntalks O\nin O\nNew B-lieu_geographique\nYork E-lieu_geographique\n"
        "now S-demand\n\n",
        encoding="utf-8",
    )
    sets, report, _ = import_into(tmp_path, src, "conll")
    assert report.errors == []
    ((aid, spans),) = sets.items()
    assert spans == {(0, 4, "مكان"), (14, 22, "lieu géographique"), (23, 26, "demand")}


def test_label_studio_tasks_have_ids_and_a_config_that_holds_by_its_rules(tmp_path):
    from xml.etree import ElementTree as ET

    from annotations.formats import ExportOptions

    out = tmp_path / "ls.json"
    report = export_dataset(RECORDS, "labelstudio", out, options=ExportOptions(schema=schema()))
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert [t["id"] for t in tasks] == list(range(1, len(tasks) + 1))
    config = tmp_path / "ls.json.config.xml"
    assert any(str(config) in n for n in report.notes)
    # Label Studio's documented rules: a <View> root; a control tag names an object tag by
    # toName; names are unique; every label a result uses is a <Label value> of its control.
    view = ET.fromstring(config.read_text(encoding="utf-8"))
    assert view.tag == "View"
    names = [el.get("name") for el in view.iter() if el.get("name")]
    assert len(names) == len(set(names))
    (labels,) = view.iter("Labels")
    (text,) = view.iter("Text")
    assert labels.get("toName") == text.get("name") == "text" and text.get("value") == "$text"
    values = [el.get("value") for el in labels.iter("Label")]
    assert values == list(schema().names)
    for task in tasks:
        for ann in task["annotations"]:
            for res in ann["result"]:
                assert (res["from_name"], res["to_name"]) == (labels.get("name"), text.get("name"))
                assert set(res["value"]["labels"]) <= set(values)


def test_doccano_label_file_names_every_label_with_colours(tmp_path):
    from annotations.formats import ExportOptions

    out = tmp_path / "d.jsonl"
    export_dataset(RECORDS, "doccano", out, options=ExportOptions(schema=schema()))
    rows = json.loads((tmp_path / "d.jsonl.labels.json").read_text(encoding="utf-8"))
    assert [r["text"] for r in rows] == list(schema().names)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", r[key]) for r in rows for key in ("background_color", "text_color"))
    assert len({r["background_color"] for r in rows}) == len(rows)


def test_reviewed_negatives_are_exported_and_never_reviewed_articles_are_not(tmp_path):
    from annotations.formats import ExportOptions

    report = export_dataset(RECORDS, "prodigy", tmp_path / "p.jsonl")
    assert report.notes[-1] == (
        "selected: articles with spans or marked done or flagged (the default, --status annotated); 1 article left out"
    )
    tasks = {t["meta"]["id"]: t for t in doccano_lines(tmp_path / "p.jsonl")}
    assert "never-opened" not in tasks
    assert tasks["reviewed-empty"]["answer"] == "accept" and tasks["reviewed-empty"]["spans"] == []
    assert tasks["arabic-bidi"]["flagged"] is True
    every = export_dataset(RECORDS, "prodigy", tmp_path / "all.jsonl", options=ExportOptions(status="all"))
    assert every.notes[-1] == "selected: --status all; 0 articles of the database left out"
    tasks = {t["meta"]["id"]: t for t in doccano_lines(tmp_path / "all.jsonl")}
    assert "answer" not in tasks["never-opened"]  # an input task, not an accepted empty one
    _, back, _ = import_into(tmp_path, tmp_path / "all.jsonl", "prodigy")
    assert any(
        n.startswith("prodigy: 1 task not accepted, spans not imported: 1 without an answer") for n in back.notes
    )
    export_dataset(RECORDS, "doccano", tmp_path / "d.jsonl")
    lines = {x["article_id"]: x for x in doccano_lines(tmp_path / "d.jsonl")}
    assert lines["reviewed-empty"]["label"] == [] and "never-opened" not in lines
    export_dataset(RECORDS, "brat", tmp_path / "brat")
    assert (tmp_path / "brat" / "reviewed-empty.ann").read_text() == ""
    assert not (tmp_path / "brat" / "never-opened.ann").exists()
    done = export_dataset(RECORDS, "jsonl", tmp_path / "done.jsonl", options=ExportOptions(status="done"))
    assert done.articles == 2 and done.notes[-1] == "selected: --status done; 6 articles left out"


def test_label_studio_converter_reads_the_tasks_with_the_written_config(tmp_path):
    converter = pytest.importorskip("label_studio_converter")
    from annotations.formats import ExportOptions

    out = tmp_path / "ls.json"
    export_dataset(RECORDS, "labelstudio", out, options=ExportOptions(schema=schema()))
    conv = converter.Converter(config=str(tmp_path / "ls.json.config.xml"), project_dir=str(tmp_path))
    conv.convert_to_json_min(str(out), str(tmp_path / "min"), is_dir=False)
    (result,) = (tmp_path / "min").iterdir()
    rows = json.loads(result.read_text(encoding="utf-8"))
    assert sorted(row["id"] for row in rows) == list(range(1, len(REVIEWED) + 1))
    got = {
        row["article_id"]: {(v["start"], v["end"], lab) for v in row.get("label", []) for lab in v["labels"]}
        for row in rows
    }
    assert got == carried(export_dataset(RECORDS, "labelstudio", tmp_path / "again.json"))
    for row in rows:
        assert all(row["text"][v["start"] : v["end"]] == v["text"] for v in row.get("label", []))


def test_rejected_and_ignored_articles_go_where_the_answer_is_carried(tmp_path):
    from annotations.formats import ExportOptions

    answered = [(a, s, {"whole-text": "rejected", "reviewed-empty": "ignored"}.get(a.id, st)) for a, s, st in RECORDS]
    export_dataset(answered, "prodigy", tmp_path / "p.jsonl")
    tasks = {t["meta"]["id"]: t for t in doccano_lines(tmp_path / "p.jsonl")}
    assert tasks["whole-text"]["answer"] == "reject" and len(tasks["whole-text"]["spans"]) == 4
    assert tasks["reviewed-empty"]["answer"] == "ignore"
    sets, report, _ = import_into(tmp_path, tmp_path / "p.jsonl", "prodigy")
    assert sets["whole-text"] == set()  # a rejected task holds no positives
    doccano = export_dataset(answered, "doccano", tmp_path / "d.jsonl")
    assert {x["article_id"] for x in doccano_lines(tmp_path / "d.jsonl")} == REVIEWED - {"whole-text", "reviewed-empty"}
    assert doccano.notes[-1].endswith("; 3 articles left out")
    native = export_dataset(answered, "jsonl", tmp_path / "n.jsonl")
    assert native.articles == len(REVIEWED)
    again, back, _ = import_into(tmp_path, tmp_path / "n.jsonl", "jsonl", name="db2")
    store = AnnotationStore.open(tmp_path / "db2", read_only=True)
    try:
        assert store.state("whole-text").status == "rejected" and store.state("reviewed-empty").status == "ignored"
    finally:
        store.close()
    only = export_dataset(answered, "csv", tmp_path / "r.csv", options=ExportOptions(status="rejected"))
    assert only.articles == 1 and only.spans == 4


HOSTILE_BYTES = {
    "cp1252": "article_id,label,start,end\r\nbericht-\xe9t\xe9,demand,0,4\r\n".encode("cp1252"),
    "binary": bytes(range(256)) * 4,
    "empty": b"",
    "a feed": b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Wire</title>\n</channel></rss>\n',
}


@pytest.mark.parametrize("content", sorted(HOSTILE_BYTES))
@pytest.mark.parametrize("fmt", sorted(name for name, info in FORMATS.items() if info.importable))
def test_every_importable_format_refuses_a_file_that_is_not_its_own_in_one_line(tmp_path, fmt, content):
    """Non-UTF-8 text, binary bytes, an empty file, a file of another kind (a feed): each reader
    says what is wrong in one line (a UserError) or reports it; nothing else escapes (a
    spreadsheet saved as Windows-1252 ended the CSV import in a traceback; CoNLL took a feed
    for a document and added it to the library)."""
    from reader.core.errors import UserError

    src = tmp_path / ("in" if FORMATS[fmt].kind != "dir" else "in-folder")
    if FORMATS[fmt].kind == "dir":
        src.mkdir()
        (src / "a.ann").write_bytes(HOSTILE_BYTES[content])
        (src / "a.txt").write_bytes(HOSTILE_BYTES[content])
    else:
        src.write_bytes(HOSTILE_BYTES[content])
    try:
        _, report, _ = import_into(tmp_path, src, fmt)
    except UserError as err:
        assert "\n" not in str(err) and str(src) in str(err)
    else:
        assert report.errors or report.skipped or report.notes, "bad input went unremarked"
        # (brat's .txt is any text: a pair with no annotation line is a document without spans)
        foreign = content == "a feed" and FORMATS[fmt].kind != "dir"
        assert not (foreign and report.added), "a file of another kind became an article"


@pytest.mark.parametrize("fmt", sorted(name for name, info in FORMATS.items() if info.importable))
def test_a_done_article_comes_back_done_or_the_report_says_its_status_was_not_carried(tmp_path, fmt):
    """Each format read back by its own importer: an article marked done with a span is done
    again, or the export said it could not carry the status (CSV and CoNLL read back
    "in progress" and used to say nothing)."""
    from annotations.model import Span
    from reader.core.article import Article

    article = Article(id="d1", title="T", text="Hamas demands a ceasefire now.")
    span = Span("s1", "d1", article.sha256, 0, 5, "demand", "Hamas")
    out = tmp_path / f"out-{fmt}"
    report = export_dataset([(article, [span], "done")], fmt, out)
    said = any("1 article status (done, flagged)" in note for note in report.notes)
    db = tmp_path / "back"
    with AnnotationStore.open(db, annotator="t") as store:
        store.remember_article(article)  # CSV rows attach to a known article
    store = AnnotationStore.open(db, annotator="t")
    try:
        import_annotations(store, out, fmt, schema())
        status = store.state("d1").status
    finally:
        store.close()
    assert (status == "done") != said, (status, report.notes)
    assert said == ("statuses" not in FORMATS[fmt].carries)
