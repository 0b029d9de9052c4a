"""Property tests: any Unicode text (astral, combining marks, controls), any spans."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotations.formats import export_dataset
from annotations.formats.core import label_mapping, pick_non_overlapping
from annotations.formats.load import import_annotations
from annotations.formats.offsets import OffsetMap
from annotations.model import Span
from annotations.schema import load_schema
from annotations.store.database import AnnotationStore
from reader.core.article import Article
from reader.text.normalise import normalise_text
from reader.text.tokens import tokens, words

PIECES = ["😀", "👩🏽‍🚒", "🇺🇦", "e\u0301", "北京", "بال", "हि", " ", "\n", "a", ".", ",", "\t", "1,2", "\r", "\u2028"]
LABELS = ["demand", "concession", "casualty figure"]

texts = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40),
    st.text(st.sampled_from("ab1_ .,:'-!\n\t"), min_size=1, max_size=30),  # the ASCII fast path
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map("".join),
)


@st.composite
def article_with_spans(draw):
    text = normalise_text(draw(texts))  # stored texts are normalised at every ingest
    n = len(text)
    spans = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        label = draw(st.sampled_from(LABELS))
        spans.append(
            Span(
                f"s{i}",
                "art",
                "",
                start,
                end,
                label,
                text[start:end],
                note=draw(st.sampled_from(["", "a note", "two\nlines"])),
                annotator="ana",
                created="2024-01-01T00:00:00+00:00",
                updated="2024-01-02T00:00:00+00:00",
                flagged=draw(st.booleans()),
            )
        )
    return Article(id=draw(st.sampled_from(["art", "a/b c", "ü-1"])), title="T", text=text), spans


@given(texts)
def test_utf16_offsets_round_trip(text):
    omap = OffsetMap(text)
    js = text.encode("utf-16-le", "surrogatepass")
    for cp in range(len(text) + 1):
        u = omap.to_utf16(cp)
        assert len(js[: 2 * u].decode("utf-16-le")) == cp
        assert omap.from_utf16(u) == cp


@given(texts, st.lists(st.integers(0, 60)))
def test_tokens_cover_every_non_space_character_once(text, cuts):
    toks = tokens(text, cuts)
    covered = [i for a, b in toks for i in range(a, b)]
    assert covered == sorted(set(covered))
    assert set(covered) == {i for i, ch in enumerate(text) if not ch.isspace()}
    bounds = {a for a, _ in toks} | {b for _, b in toks}
    for c in cuts:
        if 0 < c < len(text) and not text[c].isspace() and not text[c - 1].isspace():
            assert c in bounds


# Joiners between every kind of neighbour, non-ASCII letters, digits, spaces and symbols:
# what ``tokens.spaced`` (words' padding path) must get right.
JOINER_TEXTS = st.text(st.sampled_from("a1_ .,:'’-\"“”(٣²éǅ\u00a0\n—\x00\\"), min_size=1, max_size=30)


@given(st.one_of(texts, JOINER_TEXTS))
def test_fast_words_equal_the_token_pattern(text):
    assert words(text) == [text[a:b] for a, b in tokens(text)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_with_spans())
def test_native_export_import_round_trip(item):
    """Byte-exact for any text as the store holds it: every ingest normalises (CRLF, controls),
    annotation imports too, so a text that ingest would change is not one the store can hold."""
    article, spans = item
    assume(normalise_text(article.text) == article.text)
    spans = [s.with_changes(article_id=article.id, text_sha256=article.sha256) for s in spans]
    schema = load_schema(None)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        first = root / "a.jsonl"
        export_dataset([(article, spans)], "jsonl", first)
        store = AnnotationStore.open(root / "db", annotator="tester")
        try:
            report = import_annotations(store, first, "jsonl", schema)
            assert report.errors == []
            records = [(a, store.spans(a.id), store.state(a.id).status) for a in store.articles()]
        finally:
            store.close()
        second = root / "b.jsonl"
        export_dataset(records, "jsonl", second)
        assert second.read_bytes() == first.read_bytes()


@settings(max_examples=60, deadline=None)
@given(article_with_spans())
def test_conll_carries_every_kept_span_exactly(item):
    article, spans = item
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.conll"
        report = export_dataset([(article, spans)], "conll", out)
        lines = [ln for ln in out.read_text(encoding="utf-8").split("\n")[2:] if ln]
    rows = [ln.split("\t") for ln in lines]
    assert all(len(r) == 2 and r[0] and not any(c.isspace() for c in r[0]) for r in rows)
    pos, got, current = 0, set(), None
    for tok, tag in rows:
        pos = article.text.index(tok, pos)
        if tag.startswith("B-"):
            current = [pos, pos + len(tok), tag[2:]]
            got.add(tuple(current))
        elif tag.startswith("I-"):
            assert current is not None and tag[2:] == current[2]
            got.discard(tuple(current))
            current[1] = pos + len(tok)
            got.add(tuple(current))
        else:
            current = None
        pos += len(tok)
    uncarried = {u.span.id for u in report.uncarried}
    kept, _ = pick_non_overlapping(spans)
    mapping = label_mapping(s.label for s in spans)
    want = {(s.start, s.end, mapping[s.label]) for s in kept if s.id not in uncarried}
    assert got == want
    for u in report.uncarried:  # only overlaps and whitespace edges are ever left out
        assert u.kind in ("overlap", "whitespace")
        if u.kind == "whitespace":
            assert u.span.quote[0].isspace() or u.span.quote[-1].isspace()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_with_spans(), st.sampled_from(["prodigy", "doccano", "brat"]))
def test_other_formats_import_what_they_carried(item, fmt):
    article, spans = item
    spans = [s.with_changes(article_id=article.id) for s in spans]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        out = root / "out"
        report = export_dataset([(article, spans)], fmt, out)
        store = AnnotationStore.open(root / "db", annotator="tester")
        try:
            result = import_annotations(store, out, fmt, load_schema(None))
            assert result.errors == []
            got = {(s.start, s.end, s.label) for a in store.articles() for s in store.spans(a.id)}
        finally:
            store.close()
    left = {u.span.id for u in report.uncarried}
    assert got == {(s.start, s.end, s.label) for s in spans if s.id not in left}
    assert all(u.kind in ("whitespace", "linebreaks") for u in report.uncarried)


def pick_by_the_policy(spans):
    """pick_non_overlapping as its docstring states it, with no shortcut for ordered input."""
    order = sorted(spans, key=lambda s: (s.start - s.end, s.start, s.label, s.id))
    kept, dropped = [], []
    for span in order:
        clash = next((k for k in kept if k.start < span.end and span.start < k.end), None)
        if clash is None:
            kept.append(span)
        else:
            dropped.append((span, clash))
    return sorted(kept, key=lambda s: (s.start, s.end, s.label, s.id)), dropped


bounds = st.tuples(st.integers(0, 12), st.integers(1, 4)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(bounds, st.sampled_from(LABELS)), max_size=7), st.booleans())
def test_pick_non_overlapping_follows_the_policy(drawn, in_order):
    """Spans without overlap take a shortcut; with it or not, what is kept is what the policy keeps."""
    spans = [Span(f"s{i}", "art", "", a, b, label, "x" * (b - a)) for i, ((a, b), label) in enumerate(drawn)]
    if in_order:
        spans.sort(key=lambda s: (s.start, s.end, s.label, s.id))
    kept, dropped = pick_non_overlapping(spans)
    want_kept, want_dropped = pick_by_the_policy(spans)
    assert kept == want_kept
    assert sorted(dropped, key=lambda d: d[0].id) == sorted(want_dropped, key=lambda d: d[0].id)
