"""An annotation import holds an article's id and metadata to a corpus file's rule: ids are
strings or integers, title, source, date, url and author (and the originals of corrections)
strings or null. A record that breaks it is refused whole, with one line; the rest imports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_formats_links import ARTICLE, RECORD

from annotations.formats import FORMATS, ExportRecord, export_dataset, store_records
from annotations.formats.readers import CORRECTABLE
from annotations.model import Span
from annotations.store.database import AnnotationStore
from reader.cli.main import main
from reader.core.article import TEXT_FIELDS, Article

OTHER = Article(id="other-1", title="Other", text="Qatar offered more talks.", source="wire")
OTHER_SPAN = Span(
    id="o-qatar",
    article_id=OTHER.id,
    text_sha256=OTHER.sha256,
    start=0,
    end=5,
    label="actor",
    quote="Qatar",
    annotator="ann",
    created="2026-01-01T00:00:00Z",
    updated="2026-01-01T00:00:00Z",
)

# Per format: the names its records give the article's ids, and the prefix of its metadata fields
# (as the problem line names them: the key's path in the record).
NAMES = {
    "jsonl": (("id",), "meta."),
    "prodigy": (("meta.id",), "meta."),
    "doccano": (("article_id", "id"), "meta."),
    "labelstudio": (("data.article_id", "id"), "data."),
    "brat": (("id",), ""),
    "spacy": (("article_id",), ""),
}
FIELDS = [
    (fmt, name)
    for fmt, (ids, prefix) in NAMES.items()
    for name in (*ids, *(f"{prefix}{key}" for key in TEXT_FIELDS), *(f"{prefix}original.{k}" for k in CORRECTABLE))
]
BAD = [(True, "true"), (1.5, "a number"), (["x"], "a list"), ({"x": "y"}, "an object")]


def test_every_format_with_metadata_is_enumerated() -> None:
    with_metadata = {name for name, info in FORMATS.items() if info.importable and name not in ("conll", "csv")}
    assert set(NAMES) == with_metadata


class Records:
    """The records of an exported file as JSON objects (a line, a task, a brat index line, a spaCy
    doc's user data): read, changed, written back; ``place`` names record ``i`` as the import does."""

    def __init__(self, fmt: str, out: Path) -> None:
        self.fmt, self.out = fmt, out
        if fmt == "labelstudio":
            self.objs = json.loads(out.read_text(encoding="utf-8"))
        elif fmt == "spacy":
            import spacy
            from spacy.tokens import DocBin

            self.docs = list(DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab))
            self.objs = [doc.user_data for doc in self.docs]
        else:
            self.lines = out / "newsdesk-articles.jsonl" if fmt == "brat" else out
            self.objs = [json.loads(line) for line in self.lines.read_text(encoding="utf-8").splitlines()]

    def save(self) -> None:
        if self.fmt == "labelstudio":
            self.out.write_text(json.dumps(self.objs), encoding="utf-8")
        elif self.fmt == "spacy":
            from spacy.tokens import DocBin

            DocBin(docs=self.docs, store_user_data=True).to_disk(self.out)
        else:
            self.lines.write_text("".join(json.dumps(obj) + "\n" for obj in self.objs), encoding="utf-8")

    def place(self, i: int) -> str:
        if self.fmt == "labelstudio":
            return f"{self.out}: task {i + 1}"
        if self.fmt == "spacy":
            return f"{self.out}: doc {i + 1}"
        if self.fmt == "brat":
            return f"{self.objs[i]['file']}.ann: newsdesk-articles.jsonl:{i + 1}"
        return f"{self.out}:{i + 1}"


def get(obj: dict[str, Any], path: str) -> Any:
    *parents, key = path.split(".")
    for parent in parents:
        obj = obj.get(parent) or {}
    return obj.get(key)


def put(obj: dict[str, Any], path: str, value: Any) -> None:
    *parents, key = path.split(".")
    for parent in parents:
        if not isinstance(obj.get(parent), dict):
            obj[parent] = {}
        obj = obj[parent]
    obj[key] = value


def native_lines(db: Path, tmp: Path) -> dict[str, str]:
    """The database as a native export: article id -> its line (spans, links, corrections...)."""
    out = tmp / f"{db.name}-{len(list(tmp.iterdir()))}.jsonl"
    store = AnnotationStore.open(db, annotator="tester")
    try:
        export_dataset(list(store_records(store)), "jsonl", out)
    finally:
        store.close()
    return {json.loads(line)["id"]: line for line in out.read_text(encoding="utf-8").splitlines()}


def exported_with(
    tmp_path: Path, fmt: str, name: str, value: Any, other_status: str = "done"
) -> tuple[Path, Records, int]:
    """ARTICLE and OTHER exported as ``fmt``, then ARTICLE's record given ``value`` at ``name``:
    (the file, its records, ARTICLE's record's number)."""
    out = tmp_path / f"out-{FORMATS[fmt].default_out}"
    export_dataset([RECORD, ExportRecord(OTHER, (OTHER_SPAN,), other_status)], fmt, out)
    records = Records(fmt, out)
    i = next(n for n, obj in enumerate(records.objs) if get(obj, NAMES[fmt][0][0]) == ARTICLE.id)
    put(records.objs[i], name, value)
    records.save()
    return out, records, i


@pytest.mark.parametrize(("value", "kind"), BAD, ids=[kind for _, kind in BAD])
@pytest.mark.parametrize(("fmt", "name"), FIELDS)
def test_a_record_whose_id_or_metadata_is_of_the_wrong_type_is_refused_and_the_rest_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, name: str, value: Any, kind: str
) -> None:
    out, records, i = exported_with(tmp_path, fmt, name, value)
    ids, _ = NAMES[fmt]

    db = tmp_path / "a.db"  # the article is there already, with one span: nothing of it may change
    store = AnnotationStore.open(db, annotator="tester")
    qatar = ARTICLE.text.index("Qatar")
    store.add_span(ARTICLE, qatar, qatar + 5, "actor")
    store.close()
    before = native_lines(db, tmp_path)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("", encoding="utf-8")

    argv = ["import", "--format", "native" if fmt == "jsonl" else fmt, str(out), "--db", str(db)]
    assert main([*argv, "--into", str(corpus)]) == 1
    captured = capsys.readouterr()

    wants = "a string or an integer" if name in ids else "a string"
    kind = "a decimal number" if name in ids and kind == "a number" else kind
    held = "5 spans and 2 links" if "links" in FORMATS[fmt].carries else "5 spans"
    said = f'"{name}" is not {wants} but {kind}; the article and its {held} are not imported'
    place = records.place(i)
    assert [line for line in captured.err.splitlines() if place in line] == [f"newsdesk: {place}: {said}"]
    assert captured.out == (
        f"imported 1 span on 1 article from {out} into {db} (0 already there, 5 skipped, 1 article refused)\n"
    )
    after = native_lines(db, tmp_path)
    assert after[ARTICLE.id] == before[ARTICLE.id]
    assert json.loads(after[OTHER.id])["spans"][0]["quote"] == "Qatar"


STATUS_BAD = [("finished", "'finished'"), (5, "'5'"), (["done"], "'[\"done\"]'")]


@pytest.mark.parametrize(("value", "shown"), STATUS_BAD, ids=["unknown", "a number", "a list"])
@pytest.mark.parametrize("fmt", list(NAMES))
def test_a_status_newsdesk_does_not_know_is_one_line_and_the_article_imports_without_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, value: Any, shown: str
) -> None:
    _, prefix = NAMES[fmt]
    out, _, _ = exported_with(tmp_path, fmt, f"{prefix}status", value, other_status="flagged")
    db = tmp_path / "a.db"
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("", encoding="utf-8")

    argv = ["import", "--format", "native" if fmt == "jsonl" else fmt, str(out), "--db", str(db)]
    assert main([*argv, "--into", str(corpus)]) == 1
    said = [line for line in capsys.readouterr().err.splitlines() if "is not one of" in line]
    assert len(said) == 1 and said[0].startswith("newsdesk: ")
    assert said[0].endswith(
        f"status {shown} is not one of todo, in progress, done, flagged, rejected, ignored;"
        " the article is imported without it"
    )
    store = AnnotationStore.open(db, annotator="tester")
    try:
        assert store.state(ARTICLE.id).status == "in progress" and store.spans(ARTICLE.id)  # imported, none set
        assert store.state(OTHER.id).status == "flagged"  # the other record's own status is set
    finally:
        store.close()
