"""Screen cells <-> code-point offsets, on text with wide and zero-width characters."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.text.layout import TAB_WIDTH, TextLayout, drawn_text
from reader.text.normalise import normalise_text

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


def test_a_tab_is_a_grapheme_of_its_own():
    # Rich measures a tab as zero-width and joins it to the character before it
    text = "a\tb 中\t\tc"
    cells = TextLayout(text, 40).lines[0].cells
    assert [(c.start, c.x, c.width) for c in cells] == [
        (0, 0, 1),
        (1, 1, TAB_WIDTH),
        (2, 5, 1),
        (3, 6, 1),
        (4, 7, 2),
        (5, 9, TAB_WIDTH),
        (6, 13, TAB_WIDTH),
        (7, 17, 1),
    ]
    assert drawn_text("\t", TAB_WIDTH) == " " * TAB_WIDTH


def per_code_point_width(drawn: str) -> int:
    """How wide a terminal that does not cluster graphemes (tmux, VTE, xterm) draws ``drawn``."""
    return sum(
        0 if unicodedata.combining(c) or c in "\u200d\ufe0f" else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in drawn
    )


def test_emoji_sequences_are_drawn_in_the_cells_every_terminal_agrees_on():
    scotland = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    text = f"👨\u200d👩\u200d👧 ❤\ufe0f 👍🏽 1\ufe0f\u20e3 🏳\ufe0f\u200d🌈 {scotland} 中文 e\u0301 📰"
    for cell in TextLayout(text, 80).lines[0].cells:
        drawn = drawn_text(text[cell.start : cell.end], cell.width)
        assert cell_len(drawn) == cell.width, (text[cell.start : cell.end], drawn)
        assert per_code_point_width(drawn) == cell.width, (text[cell.start : cell.end], drawn)
    assert drawn_text("👨\u200d👩\u200d👧", 2) == "👨" and drawn_text("❤\ufe0f", 2) == "❤ "
    assert drawn_text("e\u0301", 1) == "e\u0301"  # combining marks are drawn as they are


CLOSERS = "、。，）」』》！？"
OPENERS = "（「『《"
HAN = "停火谈判在多哈继续进行哈马斯要求以色列全面撤军拒绝这一双方同意交换人质"

# A Chinese or Japanese sentence as news prints it: runs of characters, some in brackets,
# some followed by a comma or a full stop (so at most two closing marks in a row: 」。).
cjk_chunk = st.builds(
    lambda opener, word, closer, stop: opener + word + closer + stop,
    st.sampled_from(["", "", *OPENERS]),
    st.text(alphabet=HAN, min_size=1, max_size=6),
    st.sampled_from(["", "", "）", "」"]),
    st.sampled_from(["", "", "、", "。", "，", "！"]),
)


@given(st.lists(cjk_chunk, min_size=1, max_size=30).map("".join), st.integers(min_value=10, max_value=60))
@settings(max_examples=300, deadline=None)
def test_cjk_lines_never_start_with_closing_punctuation_or_end_with_an_opening_bracket(text, width):
    """A lone '。' at the start of a line (seen at 80 columns) is the classic fault that CJK
    line breaking (kinsoku) avoids: the break moves back a character or two instead."""
    layout = TextLayout(text, width)
    lines = [text[start:end] for start, end in map(layout.bounds, range(len(layout)))]
    assert "".join(lines) == text
    for line in lines:
        assert cell_len(line) <= width
    for line in lines[1:]:
        assert line[0] not in CLOSERS, lines
    for line in lines[:-1]:
        assert line[-1] not in OPENERS, lines
