"""Exporter building blocks: tokenizer, offsets, overlap policy, atomic writes."""

from __future__ import annotations

import threading

import pytest
from fixtures.formats_corpus import build

from annotations.formats import ExportCancelled, ExportOptions, export_dataset
from annotations.formats.core import label_mapping, pick_non_overlapping
from annotations.formats.offsets import OffsetMap
from annotations.model import Span
from reader.core.article import Article
from reader.core.errors import UserError
from reader.text.sentences import sentence_starts
from reader.text.tokens import tokens


def words(text: str, cuts: tuple[int, ...] = ()) -> list[str]:
    return [text[a:b] for a, b in tokens(text, cuts)]


def test_tokens_split_punctuation_but_keep_numbers_and_words():
    assert words("Kyiv. At least 1,200 (3.5%) don't") == [
        "Kyiv",
        ".",
        "At",
        "least",
        "1,200",
        "(",
        "3.5",
        "%",
        ")",
        "don't",
    ]


def test_tokens_keep_graphemes_together():
    text = "👩🏽‍🚒 ❤️ 🇺🇦 Cafe\u0301 हिन्दी Z\u0351a"
    assert words(text) == ["👩🏽‍🚒", "❤️", "🇺🇦", "Cafe\u0301", "हिन्दी", "Z\u0351a"]


def test_tokens_never_hold_whitespace_and_split_at_cuts():
    text = "a\u00a0b\u2028c\td  e\u3000f"
    assert all(not any(ch.isspace() for ch in w) for w in words(text))
    assert words("ceasefire-talks", (10,)) == ["ceasefire-", "talks"]
    assert words("北京市政府说", (2, 5)) == ["北京", "市政府", "说"]


def test_sentences_break_after_stops_and_newlines_not_abbreviations():
    text = "He said. She left! e.g. fine\nNew line。下一句"
    starts = sentence_starts(text)
    assert [text[s : s + 3] for s in starts] == ["He ", "She", "New", "下一句"]


def test_utf16_offsets_round_trip():
    text = "a😀b👩🏽‍🚒c"
    omap = OffsetMap(text)
    js = text.encode("utf-16-le")
    for cp in range(len(text) + 1):
        u = omap.to_utf16(cp)
        assert js[: 2 * u].decode("utf-16-le") == text[:cp]
        assert omap.from_utf16(u) == cp
    with pytest.raises(ValueError, match="surrogate"):
        omap.from_utf16(2)  # between the two halves of 😀


def test_label_mapping_is_one_to_one():
    mapping = label_mapping(["casualty figure", "casualty_figure", "a/b", "ok"])
    assert mapping["casualty figure"] != mapping["casualty_figure"]
    assert len(set(mapping.values())) == 4
    assert all(" " not in v for v in mapping.values())


def mk(start: int, end: int, label: str = "x", sid: str = "") -> Span:
    return Span(sid or f"{start}-{end}-{label}", "a", "", start, end, label, "q" * (end - start))


def test_overlap_policy_longest_then_earliest():
    spans = [mk(0, 5), mk(3, 10), mk(12, 14), mk(12, 14, "y"), mk(20, 22), mk(21, 23)]
    kept, dropped = pick_non_overlapping(spans)
    assert [(s.start, s.end, s.label) for s in kept] == [(3, 10, "x"), (12, 14, "x"), (20, 22, "x")]
    assert {(d.start, d.end, d.label) for d, _ in dropped} == {(0, 5, "x"), (12, 14, "y"), (21, 23, "x")}


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy", "doccano", "labelstudio", "conll", "csv", "brat"])
def test_deterministic_bytes_and_no_overwrite(tmp_path, fmt):
    recs = build()
    a, b = tmp_path / f"a-{fmt}", tmp_path / f"b-{fmt}"
    export_dataset(recs, fmt, a)
    export_dataset(list(reversed(recs)), fmt, b)  # input order does not matter
    if fmt == "brat":
        assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
        for p in a.iterdir():
            assert p.read_bytes() == (b / p.name).read_bytes(), p.name
    else:
        assert a.read_bytes() == b.read_bytes()
        assert b"\\/" not in a.read_bytes()
    before = _snapshot(a)
    with pytest.raises(UserError, match="exists; use --force"):
        export_dataset(recs, fmt, a)
    assert _snapshot(a) == before
    export_dataset(recs[:1], fmt, a, options=ExportOptions(force=True))
    assert _snapshot(a) != before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def _snapshot(path):
    if path.is_dir():
        return {p.name: p.read_bytes() for p in path.iterdir()}
    return path.read_bytes()


def test_cancel_leaves_old_output_and_progress_is_reported(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 2:
            cancel.set()

    with pytest.raises(ExportCancelled):
        export_dataset(build(), "jsonl", out, options=ExportOptions(force=True), progress=progress, cancel=cancel)
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    report = export_dataset(build(), "jsonl", tmp_path / "full.jsonl", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (7, 7)
    assert report.articles == 7 and report.spans == 28


def test_filters_and_offsets_option(tmp_path):
    opts = ExportOptions(labels=("demand",), status="done")
    report = export_dataset(build(), "jsonl", tmp_path / "f.jsonl", options=opts)
    assert report.articles == 2 and report.spans == 2
    report = export_dataset(build(), "jsonl", tmp_path / "g.jsonl", options=ExportOptions(annotator="ana"))
    assert report.spans == 12
    with pytest.raises(UserError, match="not offered for conll"):
        export_dataset(build(), "conll", tmp_path / "x.conll", options=ExportOptions(offsets="utf16"))


def test_stale_spans_are_listed_not_exported(tmp_path):
    art, spans, status = build()[0]
    stale = spans[0].with_changes(quote="something else")
    report = export_dataset([(art, [stale, *spans[1:]], status)], "jsonl", tmp_path / "s.jsonl")
    assert report.spans == len(spans) - 1
    assert "stale" in report.notes[0]
    listed = (tmp_path / "s.jsonl.uncarried.tsv").read_text().splitlines()
    assert len(listed) == 2 and stale.id in listed[1]


def _conll(tmp_path, text: str, spans: list[tuple[int, int, str]]) -> str:
    art = Article(id="a1", title="t", text=text)
    objs = [Span(f"s{k}", "a1", "", a, b, label, text[a:b]) for k, (a, b, label) in enumerate(spans)]
    out = tmp_path / "x.conll"
    export_dataset([(art, objs, "done")], "conll", out, options=ExportOptions(force=True))
    return out.read_text(encoding="utf-8")


def test_conll_tokens_split_at_span_edges_and_sentences_exactly(tmp_path):
    # Pinned bytes (the per-stretch exporter before the one-pass rewrite wrote the same):
    # a span cutting "1,200", a span taking the "." before a break, adjacent spans with no
    # space between, a span splitting e + combining mark, control characters in the text.
    text = "\n  Mr. Haddad said 1,200 people left.\n\nThey \x00 came back.Then \x01 (“again”) e\u0301té. End"
    i = text.index
    spans = [
        (i("Haddad"), i("Haddad") + 6, "person x"),
        (i("1,200") + 2, i("1,200") + 5, "n"),
        (i("left"), i("left") + 5, "n"),
        (i("They"), i("They") + 4, "n"),
        (i("back."), i("back.") + 5, "n"),
        (i("Then"), i("Then") + 4, "n"),
        (i("again"), i("again") + 5, "n"),
        (i("e\u0301"), i("e\u0301") + 1, "n"),
    ]
    assert _conll(tmp_path, text, spans) == (
        "-DOCSTART-\tO\n\nMr\tO\n.\tO\nHaddad\tB-person_x\nsaid\tO\n1\tO\n,\tO\n200\tB-n\npeople\tO\n"
        "left\tB-n\n.\tI-n\n\nThey\tB-n\n\x00\tO\ncame\tO\nback\tB-n\n.\tI-n\nThen\tB-n\n\x01\tO\n(\tO\n"
        "“\tO\nagain\tB-n\n”\tO\n)\tO\ne\tB-n\n\u0301\tO\nté\tO\n.\tO\n\nEnd\tO\n\n"
    )


def test_conll_when_the_text_holds_every_stand_in_character(tmp_path):
    marks = "\x00\x01\x02\x03\x04\x05\x06\x07\ufffe\uffff"
    text = "A " + marks + " bb. C\ue000 d"
    got = _conll(tmp_path, text, [(text.index("bb"), text.index("bb") + 2, "x")])
    assert got == (
        "-DOCSTART-\tO\n\nA\tO\n" + "".join(m + "\tO\n" for m in marks) + "bb\tB-x\n.\tO\n\nC\tO\n\ue000\tO\nd\tO\n\n"
    )


def test_conll_article_without_tokens(tmp_path):
    assert _conll(tmp_path, " \n\n ", []) == "-DOCSTART-\tO\n\n"


def test_conll_sentence_never_breaks_inside_a_span(tmp_path):
    text = "It ended. Then more. Done."
    got = _conll(tmp_path, text, [(text.index("ended"), text.index("Then") + 4, "x")])
    assert got == "-DOCSTART-\tO\n\nIt\tO\nended\tB-x\n.\tI-x\nThen\tI-x\nmore\tO\n.\tO\n\nDone\tO\n.\tO\n\n"
