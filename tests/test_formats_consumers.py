"""Every export loaded by the tool that consumes it, spans compared exactly.

Consumers: spaCy (DocBin, char_span strict), Hugging Face datasets (offline,
explicit features), seqeval (strict IOB2), an independent brat standoff reader,
and UTF-16 offsets converted back as a JavaScript consumer would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures.formats_corpus import build, span_set

from annotations.formats import ExportOptions, export_dataset
from annotations.formats.core import label_mapping, pick_non_overlapping

RECORDS = build()
EXPECTED = {art.id: span_set(spans) for art, spans, _ in RECORDS}
TEXTS = {art.id: art.text for art, _, _ in RECORDS}


def test_spacy_docbin_reloads_every_span_strictly(tmp_path):
    import spacy
    from spacy.tokens import DocBin

    out = tmp_path / "out.spacy"
    report = export_dataset(RECORDS, "spacy", out)
    assert report.uncarried == []
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    assert len(docs) == len(RECORDS)
    for doc in docs:
        aid = doc.user_data["article_id"]
        assert doc.text == TEXTS[aid]
        got = {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]}
        assert got == EXPECTED[aid]
        for start, end, label in got:
            assert doc.char_span(start, end, label, alignment_mode="strict") is not None
        ents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        assert ents <= got
        spans = [s for a, s, _ in RECORDS if a.id == aid][0]
        kept, _ = pick_non_overlapping(spans)
        assert ents == span_set(kept)


def test_spacy_missing_gives_one_line(tmp_path, monkeypatch):
    import builtins

    from reader.core.errors import UserError

    real = builtins.__import__

    def fake(name, *args, **kwargs):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(UserError) as err:
        export_dataset(RECORDS, "spacy", tmp_path / "x.spacy")
    assert str(err.value) == "spacy export needs the spacy extra: pip install 'newsdesk[spacy]'"
    assert not (tmp_path / "x.spacy").exists()


@pytest.fixture(scope="module")
def hf_datasets(tmp_path_factory):
    """Imported once (slow); offline, with a private cache, env restored after."""
    mp = pytest.MonkeyPatch()
    mp.setenv("HF_DATASETS_OFFLINE", "1")
    mp.setenv("HF_HUB_OFFLINE", "1")
    mp.setenv("HF_HOME", str(tmp_path_factory.mktemp("hf-home")))
    mp.setenv("HF_DATASETS_CACHE", str(tmp_path_factory.mktemp("hf-cache")))
    import datasets

    datasets.disable_progress_bars()
    yield datasets
    mp.undo()


def test_hf_datasets_loads_native_jsonl_offline(tmp_path, hf_datasets):
    ds = hf_datasets
    out = tmp_path / "native.jsonl"
    export_dataset(RECORDS, "jsonl", out)
    span = {
        "id": ds.Value("string"),
        "start": ds.Value("int64"),
        "end": ds.Value("int64"),
        "label": ds.Value("string"),
        "quote": ds.Value("string"),
        "note": ds.Value("string"),
        "annotator": ds.Value("string"),
        "created": ds.Value("string"),
        "updated": ds.Value("string"),
        "origin": ds.Value("string"),
        "flagged": ds.Value("bool"),
        "figure": {
            "low": ds.Value("int64"),
            "high": ds.Value("int64"),
            "qualifier": ds.Value("string"),
            "who": ds.Value("string"),
            "what": ds.Value("string"),
            "number_text": ds.Value("string"),
            "hedge": ds.Value("string"),
            "vague": ds.Value("bool"),
        },
        "actor": ds.Value("string"),
    }
    link = {k: ds.Value("string") for k in ("id", "from", "to", "relation", "annotator", "created")}
    aliases = ds.List(ds.Value("string")) if hasattr(ds, "List") else [ds.Value("string")]
    actor = {"name": ds.Value("string"), "aliases": aliases}
    meta = {k: ds.Value("string") for k in ("title", "source", "published", "url", "author", "status")}
    meta["original"] = {k: ds.Value("string") for k in ("title", "source", "published")}
    features = ds.Features(
        {
            "id": ds.Value("string"),
            "text": ds.Value("string"),
            "meta": meta,
            "spans": ds.List(span) if hasattr(ds, "List") else [span],
            "links": ds.List(link) if hasattr(ds, "List") else [link],
            "actors": ds.List(actor) if hasattr(ds, "List") else [actor],
        }
    )
    loaded = ds.load_dataset(
        "json", data_files=str(out), features=features, split="train", cache_dir=str(tmp_path / "cache")
    )
    assert len(loaded) == len(RECORDS)
    count = 0
    for row in loaded:
        spans = row["spans"]
        if isinstance(spans, dict):  # older datasets: a dict of lists
            spans = [dict(zip(spans, vals, strict=True)) for vals in zip(*spans.values(), strict=True)]
        for sp in spans:
            assert row["text"][sp["start"] : sp["end"]] == sp["quote"]
            count += 1
        assert {(s["start"], s["end"], s["label"]) for s in spans} == EXPECTED[row["id"]]
    assert count == sum(len(v) for v in EXPECTED.values())


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of (token, tag); -DOCSTART- lines start a document."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line:
            if current:
                sentences.append(current)
                current = []
            continue
        cols = line.split()
        assert len(cols) == 2, line
        if cols[0] == "-DOCSTART-":
            sentences.append([("-DOCSTART-", "O")])
            continue
        current.append((cols[0], cols[1]))
    assert not current
    return sentences


def test_conll_is_strict_iob2_and_carries_exactly_the_kept_spans(tmp_path):
    from seqeval.metrics import classification_report
    from seqeval.metrics.sequence_labeling import get_entities
    from seqeval.scheme import IOB2, Entities

    out = tmp_path / "out.conll"
    report = export_dataset(RECORDS, "conll", out)
    assert any("casualty figure -> casualty_figure" in n for n in report.notes)
    assert any("8 overlapping" in n and "uncarried.tsv" in n for n in report.notes)
    sentences = [s for s in read_conll(out) if s != [("-DOCSTART-", "O")]]
    tags = [[t for _, t in s] for s in sentences]
    # strict IOB2 validation raises on an I- without its B-
    Entities(tags, IOB2, suffix=False)
    classification_report(tags, tags, mode="strict", scheme=IOB2, zero_division=0)
    mapping = label_mapping(s.label for _, spans, _ in RECORDS for s in spans)
    # rebuild spans from tokens: find each token in the text in order
    blocks = out.read_text(encoding="utf-8").split("-DOCSTART-\tO\n\n")[1:]
    uncarried = {u.span.id for u in report.uncarried}
    assert len(uncarried) == 8
    for (art, spans, _), block in zip(sorted(RECORDS, key=lambda r: r[0].id), blocks, strict=True):
        toks = [ln.split("\t") for ln in block.split("\n") if ln]
        pos, offsets = 0, []
        for tok, _tag in toks:
            pos = art.text.index(tok, pos)
            offsets.append((pos, pos + len(tok)))
            pos += len(tok)
        got = {(offsets[s][0], offsets[e][1], label) for label, s, e in get_entities([t for _, t in toks])}
        want = {(s.start, s.end, mapping[s.label]) for s in spans if s.id not in uncarried}
        assert got == want, art.id


def read_brat(folder: Path) -> dict[str, tuple[str, set[tuple[int, int, str]], dict[str, str]]]:
    """An independent brat standoff reader: T lines and AnnotatorNotes only."""
    docs = {}
    for ann in sorted(folder.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        ents, notes = set(), {}
        for line in ann.read_text(encoding="utf-8").splitlines():
            tid, middle, rest = line.split("\t", 2)
            if tid.startswith("T"):
                typ, locs = middle.split(" ", 1)
                frags = [tuple(map(int, f.split())) for f in locs.split(";")]
                assert " ".join(text[a:b] for a, b in frags) == rest, line
                assert " " not in typ
                ents.add((frags[0][0], frags[-1][1], typ))
            elif tid.startswith("#"):  # several notes on one span are joined, as brat shows them
                target = middle.split()[1]
                notes[target] = f"{notes[target]} | {rest}" if target in notes else rest
        docs[ann.stem] = (text, ents, notes)
    return docs


def test_brat_every_t_line_matches_its_text(tmp_path):
    out = tmp_path / "brat"
    report = export_dataset(RECORDS, "brat", out)
    assert any("casualty figure -> casualty_figure" in n for n in report.notes)
    index = {
        json.loads(ln)["file"]: json.loads(ln)["id"]
        for ln in (out / "newsdesk-articles.jsonl").read_text().splitlines()
    }
    docs = read_brat(out)
    assert set(index) == set(docs)
    mapping = label_mapping(s.label for _, spans, _ in RECORDS for s in spans)
    for stem, (text, ents, _notes) in docs.items():
        aid = index[stem]
        assert text == TEXTS[aid]
        assert ents == {(a, b, mapping[lab]) for a, b, lab in EXPECTED[aid]}
    assert "casualty_figure" in (out / "annotation.conf").read_text()
    # the casualty figure's value is a second note on its span, marked so that a brat user sees what it is
    note, figure = docs["emoji-01"][2]["T2"].split(" | newsdesk-figure ")
    assert note == "check the figure against the UN report"
    assert json.loads(figure)["low"] == 12 and json.loads(figure)["what"] == "killed"


@pytest.mark.parametrize("fmt", ["labelstudio", "doccano"])
def test_utf16_offsets_convert_back_as_javascript_would(tmp_path, fmt):
    out = tmp_path / f"{fmt}.json"
    export_dataset(RECORDS, fmt, out, options=ExportOptions(offsets="utf16"))
    raw = out.read_text(encoding="utf-8")
    tasks = json.loads(raw) if fmt == "labelstudio" else [json.loads(ln) for ln in raw.splitlines()]
    assert len(tasks) == len(RECORDS)
    for task in tasks:
        if fmt == "labelstudio":
            text, aid = task["data"]["text"], task["data"]["article_id"]
            items = [
                (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0], r["value"]["text"])
                for a in task["annotations"]
                for r in a["result"]
            ]
        else:
            text, aid = task["text"], task["article_id"]
            items = [(s, e, lab, q[2]) for (s, e, lab), q in zip(task["label"], task["spans_text"], strict=True)]
        js = text.encode("utf-16-le")  # a JavaScript string: slice in UTF-16 units
        got = set()
        for s, e, label, quote in items:
            assert js[2 * s : 2 * e].decode("utf-16-le") == quote
            cp_start = len(js[: 2 * s].decode("utf-16-le"))
            got.add((cp_start, cp_start + len(quote), label))
        assert got == EXPECTED[aid]


def test_labelstudio_default_is_code_points(tmp_path):
    out = tmp_path / "ls.json"
    export_dataset(RECORDS, "labelstudio", out)
    for task in json.loads(out.read_text(encoding="utf-8")):
        for r in (r for a in task["annotations"] for r in a["result"]):
            v = r["value"]
            assert task["data"]["text"][v["start"] : v["end"]] == v["text"]


def test_csv_rows_read_back_with_the_csv_module(tmp_path):
    import csv

    out = tmp_path / "spans.csv"
    export_dataset(RECORDS, "csv", out)
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM (documented)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(v) for v in EXPECTED.values())
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert TEXTS[row["article_id"]][start:end] == row["quote"]
        assert row["quote"] in row["sentence"]
    assert {(int(r["start"]), int(r["end"]), r["label"]) for r in rows if r["article_id"] == "emoji-01"} == EXPECTED[
        "emoji-01"
    ]


def test_prodigy_tokens_and_spans_agree(tmp_path):
    out = tmp_path / "prodigy.jsonl"
    export_dataset(RECORDS, "prodigy", out)
    tasks = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for task in tasks:
        text, toks = task["text"], task["tokens"]
        assert all(text[t["start"] : t["end"]] == t["text"] for t in toks)
        assert "".join(t["text"] + " " * t["ws"] for t in toks) == text
        assert [t["id"] for t in toks] == list(range(len(toks)))
        for sp in task["spans"]:
            assert toks[sp["token_start"]]["start"] == sp["start"]
            assert toks[sp["token_end"]]["end"] == sp["end"]
        got = {(s["start"], s["end"], s["label"]) for s in task["spans"]}
        assert got == EXPECTED[task["meta"]["id"]]
        assert "_input_hash" not in task and "_task_hash" not in task  # Prodigy sets its own
        assert task["answer"] == "accept"
