"""Screen cells <-> code-point offsets, on text with wide and zero-width characters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.layout import TextLayout
from reader.normalise import normalise_text

MIXED = "Hamas said 中文 words 👨‍👩‍👧 and e\u0301 here.\n\nمرحبا بالعالم\tend 🇵🇸 flag"


def test_lines_cover_text_and_fit_width():
    layout = TextLayout(MIXED, 16)
    for line in layout.lines:
        visible = [c for c in line.cells if not MIXED[c.start].isspace()]
        assert not visible or visible[-1].x + visible[-1].width <= 16
        assert sum(c.width for c in line.cells) == line.width
    joined = "".join(MIXED[c.start : c.end] for line in layout.lines for c in line.cells)
    assert joined == MIXED.replace("\n", "")


def test_wide_characters_take_two_cells():
    layout = TextLayout("ab中c", 40)
    cells = layout.lines[0].cells
    assert [(c.start, c.x, c.width) for c in cells] == [(0, 0, 1), (1, 1, 1), (2, 2, 2), (3, 4, 1)]
    assert layout.offset_at(0, 3) == 2  # the right half of 中 is still 中
    assert layout.offset_at(0, 4) == 3


def test_combining_mark_and_zwj_stay_with_their_base():
    text = "xe\u0301y 👨‍👩‍👧z"
    layout = TextLayout(text, 40)
    assert layout.grapheme_at(2) == (1, 3)
    family = text.index("👨")
    assert layout.grapheme_at(family + 2) == (family, family + 5)
    assert layout.next_grapheme(family) == family + 5
    assert layout.prev_grapheme(family + 5) == family


def test_newlines_start_new_lines_and_empty_paragraphs_exist():
    layout = TextLayout("one\n\ntwo", 40)
    assert [(line.start, line.end) for line in layout.lines] == [(0, 3), (4, 4), (5, 8)]
    assert layout.line_of(5) == 2
    assert layout.position(6) == (2, 1)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=200), st.integers(min_value=4, max_value=60))
def test_every_offset_maps_to_a_cell_and_back(text, width):
    text = normalise_text(text)  # offsets always refer to normalised text
    layout = TextLayout(text, width)
    for offset in range(len(text)):
        if text[offset] == "\n":
            continue
        y, x = layout.position(offset)
        assert layout.offset_at(y, x) == layout.grapheme_at(offset)[0]
    for line in layout.lines:
        drawn = "".join(text[c.start : c.end] for c in line.cells)
        assert drawn == text[line.start : line.end]
        assert line.width >= cell_len(drawn.replace("\t", ""))
        assert all(c.width >= 1 for c in line.cells)
