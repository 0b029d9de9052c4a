"""Links, casualty figures and corrections through every format of the registry (issue 17).

Each format exports an article with two links, a figure the analyst corrected, a corrected
date and title, and two actors of the actor book; a fresh database imports the file; what the
format carries (``FormatInfo.carries``) must come back as it went, and what it does not must be
named in the export's report."""

from __future__ import annotations

import pytest

from annotations.actors import ActorBook
from annotations.figure_value import Figure
from annotations.figures import parse_figure
from annotations.formats import FORMATS, ExportOptions, ExportRecord, export_dataset, store_records
from annotations.formats.load import import_annotations
from annotations.links import Link
from annotations.model import Span
from annotations.schema import load_schema
from annotations.store.database import AnnotationStore
from reader.core.article import Article

TEXT = (
    "Hamas is demanding that the prisoner release be extended over 70 days.\n"
    "About 240 Israelis were captured, Israeli media said. Qatar offered more talks."
)
ARTICLE = Article(id="hostages-1", title="Talks", text=TEXT, source="wire", published="")
CORRECTIONS = {"published": "2023-11-24", "title": "Hamas wants a longer release"}


def span(sid: str, quote: str, label: str) -> Span:
    start = TEXT.index(quote)
    return Span(
        id=sid,
        article_id=ARTICLE.id,
        text_sha256=ARTICLE.sha256,
        start=start,
        end=start + len(quote),
        label=label,
        quote=quote,
        annotator="ann",
        created="2026-01-01T00:00:00Z",
        updated="2026-01-01T00:00:00Z",
    )


SPANS = (
    span("s-demand", "Hamas is demanding that the prisoner release be extended over 70 days", "demand"),
    span("s-hamas", "Hamas", "actor"),
    span("s-figure", "About 240 Israelis were captured", "casualty figure"),
    span("s-media", "Israeli media", "source"),
    span("s-qatar", "Qatar", "actor"),
)
LINKS = (
    Link("l-by", ARTICLE.id, "s-demand", "s-hamas", "by", "ann", "2026-01-01T00:00:01Z"),
    Link("l-rep", ARTICLE.id, "s-figure", "s-media", "reported by", "ann", "2026-01-01T00:00:02Z"),
)
HAND = parse_figure("About 240 Israelis were captured").with_changes(who="Israeli hostages")
BOOK = (
    ActorBook()
    .add_alias("Islamic Resistance Movement", "Hamas")
    .add_alias("Islamic Resistance Movement", "the movement")
    .add_alias("Israeli media", "the Israeli press")
)
SPAN_ACTORS = ActorBook().add_alias("Islamic Resistance Movement", "Hamas").add("Israeli media")  # what spans name
RECORD = ExportRecord(ARTICLE, SPANS, "done", LINKS, {"s-figure": HAND}, CORRECTIONS, BOOK)
QUOTES = {s.id: (s.quote, s.label) for s in SPANS}
WANT_LINKS = {(QUOTES[lk.from_span], lk.relation, QUOTES[lk.to_span]) for lk in LINKS}


def imported(db, src, fmt):
    store = AnnotationStore.open(db, annotator="tester")
    try:
        report = import_annotations(store, src, fmt, load_schema(None), find_article={ARTICLE.id: ARTICLE}.get)
        aid = next(a.id for a in store.articles())
        by_id = {s.id: (s.quote, s.label) for s in store.spans(aid)}
        links = {(by_id[lk.from_span], lk.relation, by_id[lk.to_span]) for lk in store.links(aid)}
        figures = {by_id[sid]: fig for sid, fig in store.figures(aid).items()}
        corrections = store.corrections(aid)
        records = list(store_records(store))
        actors = store.actors()
    finally:
        store.close()
    return report, links, figures, corrections, records, actors


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_links_figures_and_corrections_come_back_or_are_reported(tmp_path, fmt):
    carries = FORMATS[fmt].carries
    out = tmp_path / f"out-{FORMATS[fmt].default_out}"
    exported = export_dataset([RECORD], fmt, out)
    dropped = " ".join(n for n in exported.notes if "reported, not carried" in n)
    report, links, figures, corrections, records, actors = imported(tmp_path / "db", out, fmt)
    assert report.errors == [], report.errors
    if "links" in carries:
        assert links == WANT_LINKS
    else:
        assert "2 links" in dropped and links == set()
    if "figures" in carries:
        assert figures == {QUOTES["s-figure"]: HAND}
    else:
        assert "the values of 1 casualty figure" in dropped and figures == {}
    if "corrections" in carries:
        assert corrections == CORRECTIONS
    else:
        assert "1 article correction" in dropped and corrections == {}
    if "actors" in carries:  # "Hamas" and "Israeli media" name actors of the book, with their aliases
        assert actors == BOOK
    elif "actor names" in carries:  # each span's actor, by its canonical name: the aliases spans use
        assert sorted(actors, key=repr) == sorted(SPAN_ACTORS, key=repr)  # in the order the format lists spans
    else:
        assert "2 actor names" in dropped and len(actors) == 0
    # and once more from the database: nothing is lost or doubled on the second trip
    again = tmp_path / f"again-{FORMATS[fmt].default_out}"
    export_dataset(records, fmt, again)
    report2, links2, figures2, corrections2, _, actors2 = imported(tmp_path / "db2", again, fmt)
    assert report2.errors == [] and (links2, figures2, corrections2, actors2) == (links, figures, corrections, actors)


def test_native_keeps_link_ids_and_reports_a_dangling_link(tmp_path):
    out = tmp_path / "x.jsonl"
    export_dataset([RECORD], "jsonl", out)
    text = out.read_text(encoding="utf-8").replace('"to":"s-media"', '"to":"s-gone"')
    out.write_text(text, encoding="utf-8")
    store = AnnotationStore.open(tmp_path / "db", annotator="tester")
    try:
        report = import_annotations(store, out, "jsonl", load_schema(None))
        assert [lk.id for lk in store.links(ARTICLE.id)] == ["l-by"]
        assert store.article(ARTICLE.id).published == ""  # the article as loaded; the correction beside it
    finally:
        store.close()
    assert report.links == 1 and report.links_skipped == 1
    assert len(report.errors) == 1 and "its end 's-gone' is not an imported span" in report.errors[0]


def test_a_link_whose_end_is_not_exported_is_reported_not_written(tmp_path):
    out = tmp_path / "x.jsonl"
    report = export_dataset(
        [RECORD], "jsonl", out, options=ExportOptions(labels=("demand", "casualty figure", "source"))
    )
    assert "1 link with an end that was not carried" in " ".join(report.notes)
    assert '"l-by"' not in out.read_text(encoding="utf-8")


def test_figure_parsed_is_exported_but_not_stored_as_a_hand_figure(tmp_path):
    rec = ExportRecord(ARTICLE, SPANS, "done", LINKS, {}, {})
    out = tmp_path / "x.jsonl"
    export_dataset([rec], "jsonl", out)
    assert '"who":"Israelis"' in out.read_text(encoding="utf-8")
    store = AnnotationStore.open(tmp_path / "db", annotator="tester")
    try:
        import_annotations(store, out, "jsonl", load_schema(None))
        assert store.figures(ARTICLE.id) == {}
    finally:
        store.close()
    assert isinstance(parse_figure("About 240 Israelis were captured"), Figure)


def test_spacy_reads_the_links_as_user_data_on_its_own_spans(tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "x.spacy"
    export_dataset([RECORD], "spacy", out)
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    spans = {(sp.start_char, sp.end_char, sp.label_): sp.text for sp in doc.spans["sc"]}
    got = {(spans[tuple(lk["from"])], lk["relation"], spans[tuple(lk["to"])]) for lk in doc.user_data["newsdesk_links"]}
    assert got == {(a[0], rel, b[0]) for a, rel, b in WANT_LINKS}
    ((start, end, label, figure),) = doc.user_data["newsdesk_figures"]
    assert spans[(start, end, label)] == "About 240 Israelis were captured" and figure["who"] == "Israeli hostages"
    assert doc.user_data["published"] == "2023-11-24" and doc.user_data["original"]["published"] == ""


def test_hf_datasets_infers_one_schema_for_links_and_figures(tmp_path, monkeypatch):
    datasets = pytest.importorskip("datasets")
    for name, value in (("HF_DATASETS_OFFLINE", "1"), ("HF_HUB_OFFLINE", "1"), ("HF_HOME", str(tmp_path / "hf"))):
        monkeypatch.setenv(name, value)
    plain = ExportRecord(
        Article(id="plain", title="Plain", text=TEXT),
        SPANS[:2],
        "done",
    )
    out = tmp_path / "x.jsonl"
    export_dataset([RECORD, plain], "jsonl", out)  # one line with links and corrections, one without
    rows = datasets.load_dataset("json", data_files=str(out), split="train", cache_dir=str(tmp_path / "c"))
    by_id = {row["id"]: row for row in rows}
    assert [lk["relation"] for lk in by_id[ARTICLE.id]["links"]] == ["by", "reported by"]
    assert by_id[ARTICLE.id]["meta"]["original"] == {"published": "", "title": "Talks"}
    assert by_id["plain"]["links"] == [] and by_id["plain"]["meta"]["original"] is None
    figure = next(sp["figure"] for sp in by_id[ARTICLE.id]["spans"] if sp["figure"])
    assert figure["low"] == 240 and figure["who"] == "Israeli hostages"


def test_a_bad_corrected_date_is_one_line_and_the_rest_is_imported(tmp_path):
    out = tmp_path / "x.jsonl"
    export_dataset([RECORD], "jsonl", out)
    out.write_text(out.read_text(encoding="utf-8").replace('"2023-11-24"', '"last Friday"'), encoding="utf-8")
    store = AnnotationStore.open(tmp_path / "db", annotator="tester")
    try:
        report = import_annotations(store, out, "jsonl", load_schema(None))
        assert len(store.links(ARTICLE.id)) == 2 and store.corrections(ARTICLE.id) == {}
    finally:
        store.close()
    assert report.spans == 5 and report.skipped == 0
    assert len(report.errors) == 1 and "correction not imported: date 'last Friday' is not a date" in report.errors[0]


def test_native_actors_add_to_the_book_and_a_bad_or_taken_name_is_one_line(tmp_path):
    out = tmp_path / "x.jsonl"
    export_dataset([RECORD], "jsonl", out)
    line = out.read_text(encoding="utf-8")
    assert '"actor":"Islamic Resistance Movement"' in line
    assert '"actors":[{"name":"Islamic Resistance Movement","aliases":["Hamas","the movement"]}' in line
    out.write_text(line.replace('"aliases":["the Israeli press"]', '"aliases":"the Israeli press"'), encoding="utf-8")
    store = AnnotationStore.open(tmp_path / "db", annotator="tester")
    try:
        store.set_actors("elsewhere", ActorBook().add_alias("Hamas", "the movement"), "mine")
        report = import_annotations(store, out, "jsonl", load_schema(None))
        [hamas] = store.actors()  # the file's actor is the database's Hamas: its canonical name stays
        assert (hamas.name, hamas.aliases) == ("Hamas", ("the movement", "Islamic Resistance Movement"))
    finally:
        store.close()
    assert report.actor_names == 1 and report.spans == len(SPANS)
    bad, joined = report.errors
    assert "actor {'name': 'Israeli media'" in bad and "needs a name and a list of aliases" in bad
    assert "joined to the actor 'Hamas', which 'Hamas' names; kept as the database has it" in joined
