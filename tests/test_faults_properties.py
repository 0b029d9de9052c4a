"""Property tests of the offset code on any Unicode, beyond ``test_formats_property``.

* Spans made through the store (as the app makes them) on *normalised* random text
  (astral characters, combining marks, ZWJ sequences, RTL, controls and CR before
  normalisation) survive export -> import into an empty database for native, prodigy,
  doccano (code points and UTF-16) and brat: same (start, end, label), and every quote
  is the text at its offsets.
* The article view as drawn: for random texts at several terminal widths, the cells
  ``render_line`` draws at each layout position show the text at that cell's offsets,
  and clicking a cell's columns maps back to its offset.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from conftest import wait_ready
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from annotations.formats import export_dataset
from annotations.formats.exporter import ExportOptions
from annotations.formats.load import import_annotations
from annotations.schema import load_schema
from annotations.store.database import AnnotationStore
from reader.core.article import Article
from reader.text.layout import TAB_WIDTH, drawn_text
from reader.text.normalise import normalise_text

PIECES = [
    "👩🏽‍🚒",
    "👨‍👩‍👧",
    "🇺🇦",
    "❤️",
    "e\u0301",
    "a\u0300\u0301",
    "\u0301",
    "北京",
    "한국어",
    "مرحبا",
    "שלום",
    "\u202e",
    "\u200d",
    "\ufe0f",
    "𝔘𝔫𝔦",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "\x1b[2J",
    "\x9b",
    "\x00",
    "word",
    "Word.",
    "1,234",
    "[b]x[/]",
    "ß",
    "ﬁ",
    "İ",
]
LABELS = ["demand", "concession", "casualty figure"]

raw_texts = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40),
)


@st.composite
def stored_article(draw):
    text = normalise_text(draw(raw_texts))
    n = len(text)
    picks = []
    for _ in range(draw(st.integers(1, 5))):
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        if text[start:end].strip():
            picks.append((start, end, draw(st.sampled_from(LABELS))))
    return Article(id="art", title="T", text=text), picks


def spans_after_round_trip(article: Article, picks, fmt: str, offsets: str | None = None):
    schema = load_schema(None)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with AnnotationStore.open(root / "a", annotator="ana") as store:
            for start, end, label in picks:
                store.add_span(article, start, end, label)
            made = {(s.start, s.end, s.label) for s in store.spans(article.id)}
            out = root / "out"
            report = export_dataset(
                [(article, store.spans(article.id), "in progress")], fmt, out, options=ExportOptions(offsets=offsets)
            )
        left = {(u.span.start, u.span.end, u.span.label) for u in report.uncarried}
        with AnnotationStore.open(root / "b", annotator="other") as again:
            result = import_annotations(again, out, fmt, schema, offsets=offsets)
            assert result.errors == []
            (back,) = again.articles()
            got = again.spans(back.id)
    assert back.text == article.text
    for span in got:
        assert span.quote == back.text[span.start : span.end]
    return made - left, {(s.start, s.end, s.label) for s in got}, report


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stored_article(),
    st.sampled_from([("jsonl", None), ("prodigy", None), ("doccano", None), ("doccano", "utf16"), ("brat", None)]),
)
def test_spans_made_in_the_store_survive_export_and_import(item, fmt_offsets):
    article, picks = item
    fmt, offsets = fmt_offsets
    want, got, report = spans_after_round_trip(article, picks, fmt, offsets)
    assert got == want
    assert all(u.kind in ("whitespace", "linebreaks") for u in report.uncarried)
    if fmt == "jsonl":
        assert not report.uncarried


def random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [
            rng.choice(PIECES)
            if rng.random() < 0.7
            else chr(
                rng.choice(
                    [
                        rng.randrange(0x20, 0x7F),
                        rng.randrange(0xA0, 0x2FFF),
                        rng.randrange(0x1F300, 0x1FAFF),
                        rng.randrange(0x4E00, 0x9FFF),
                        rng.randrange(0x300, 0x370),
                    ]
                )
            )
            for _ in range(rng.randrange(1, 120))
        ]
        texts.append(normalise_text("".join(parts)))
    return texts


def expected_chunk(text: str, cell) -> str:
    chunk = drawn_text(text[cell.start : cell.end], cell.width)
    assert cell_len(chunk) == cell.width, (text, cell, chunk)  # what is drawn fills its cells exactly
    if text[cell.start] == "\t":
        assert chunk == " " * TAB_WIDTH
    return chunk


async def test_rendered_cells_show_the_text_at_their_offsets(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        checked = 0
        for size in ((120, 40), (67, 30), (133, 25)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            for text in random_texts(sum(size), 15):
                view.show_article(text, [], [], cursor=len(text))  # cursor past the end: no cursor cell
                view.scroll_to(y=0, animate=False)
                await pilot.pause()
                layout = view.text_layout
                for y in range(min(len(layout), view.scrollable_content_region.height)):
                    line = layout.lines[y]
                    strip = view.render_line(y)
                    drawn = "".join(segment.text for segment in strip)
                    left = view.text_left  # the gutter before the text (blank: no flagged spans here)
                    assert drawn[:left] == " " * left
                    pos, x = left, 0
                    shown_width = view.scrollable_content_region.width
                    for cell in line.cells:
                        # whitespace may overhang the wrap width by one spare column, never past the view
                        assert left + cell.x + cell.width <= shown_width, (text, y, cell)
                        chunk = expected_chunk(text, cell)
                        assert x == cell.x, (text, y, cell)
                        assert drawn[pos : pos + len(chunk)] == chunk, (text, y, cell, drawn)
                        assert layout.offset_at(y, cell.x) == cell.start
                        assert layout.offset_at(y, cell.x + cell.width - 1) == cell.start
                        pos += len(chunk)
                        x += cell_len(chunk)
                        checked += 1
                    assert drawn[pos:].strip() == "", (text, y, drawn[pos:])
                    # segment by segment (Rich measures a ZWJ followed by padding as one grapheme)
                    assert sum(seg.cell_length for seg in strip) == view.scrollable_content_region.width
        assert checked > 1000


async def test_the_cursor_on_a_run_of_spaces_at_a_wrap_point_is_drawn(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        width = view.scrollable_content_region.width
        text = "x" * (width - 3) + " " * 8 + "next line"
        view.show_article(text, [], [], cursor=width + 3)
        await pilot.pause()
        y, x = view.text_layout.position(view.cursor)
        assert x < width, (y, x, width)
