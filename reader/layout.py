"""Word-wrapped layout of article text: screen cells <-> code-point offsets.

Offsets are Python code points into the article text; the screen works in cells.
Wide characters (CJK, emoji) take two cells, combining marks and joiners none, a tab
takes ``TAB_WIDTH``. The layout uses Rich's own grapheme splitting and cell widths,
so what we measure is exactly what Textual draws.

Graphemes are never split: the cursor, selections and spans made on screen always
start and end on grapheme boundaries.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import split_graphemes

TAB_WIDTH = 4
# Drawn for a grapheme that has no width of its own (a lone combining mark, a stray joiner).
ZERO_WIDTH_GLYPH = "◌"


@dataclass(frozen=True, slots=True)
class Cell:
    """One grapheme on a visual line: offsets ``start:end`` drawn at column ``x``."""

    start: int
    end: int
    x: int
    width: int


@dataclass(frozen=True, slots=True)
class VisualLine:
    """A screen line: text offsets ``start:end`` (no newline), and its graphemes."""

    start: int
    end: int
    cells: tuple[Cell, ...]

    @property
    def width(self) -> int:
        if not self.cells:
            return 0
        last = self.cells[-1]
        return last.x + last.width


@lru_cache(maxsize=4096)
def _graphemes(paragraph: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end, width) of each grapheme of one paragraph (no newline inside)."""
    if paragraph.isascii() and "\t" not in paragraph:
        return tuple((i, i + 1, 1) for i in range(len(paragraph)))
    spans, _total = split_graphemes(paragraph)
    out = []
    for start, end, width in spans:
        if paragraph[start] == "\t":
            width = TAB_WIDTH
        elif width == 0:
            width = 1  # a lone zero-width character gets a visible placeholder cell (see ZERO_WIDTH_GLYPH)
        out.append((start, end, width))
    return tuple(out)


def _wrap_paragraph(paragraph: str, base: int, width: int) -> list[VisualLine]:
    """Greedy word wrap of one paragraph; breaks after whitespace, or mid-word if it must."""
    graphemes = _graphemes(paragraph)
    if not graphemes:
        return [VisualLine(base, base, ())]
    lines: list[VisualLine] = []
    line_cells: list[Cell] = []
    x = 0
    break_at = -1  # index in line_cells after which we may break (after whitespace)
    for start, end, w in graphemes:
        is_space = paragraph[start] in " \t"
        if x + w > width and line_cells and not is_space:
            if break_at >= 0 and break_at < len(line_cells) - 1:
                head, tail = line_cells[: break_at + 1], line_cells[break_at + 1 :]
            else:
                head, tail = line_cells, []
            lines.append(VisualLine(base + head[0].start, base + head[-1].end, tuple(head)))
            line_cells = []
            x = 0
            for cell in tail:
                line_cells.append(Cell(cell.start, cell.end, x, cell.width))
                x += cell.width
            break_at = -1
        line_cells.append(Cell(start, end, x, w))
        x += w
        if is_space:
            break_at = len(line_cells) - 1
    lines.append(VisualLine(base + line_cells[0].start, base + line_cells[-1].end, tuple(line_cells)))
    # Cells hold paragraph-relative offsets until here; shift them to text offsets.
    return [
        VisualLine(line.start, line.end, tuple(Cell(c.start + base, c.end + base, c.x, c.width) for c in line.cells))
        for line in lines
    ]


class TextLayout:
    """The wrapped lines of a text at a given width, and the mappings between them."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        self.width = max(4, width)
        self.lines: list[VisualLine] = []
        base = 0
        for paragraph in text.split("\n"):
            self.lines.extend(_wrap_paragraph(paragraph, base, self.width))
            base += len(paragraph) + 1
        self._starts = [line.start for line in self.lines]

    def __len__(self) -> int:
        return len(self.lines)

    def line_of(self, offset: int) -> int:
        """Index of the visual line showing ``offset`` (a newline belongs to its line's end)."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect_right(self._starts, offset) - 1
        index = max(0, index)
        # Several lines can start at the same offset only for empty paragraphs; take the last.
        return index

    def position(self, offset: int) -> tuple[int, int]:
        """(line, x) of the cell that shows ``offset``; the end of a line maps past its last cell."""
        y = self.line_of(offset)
        line = self.lines[y]
        for cell in line.cells:
            if cell.start <= offset < cell.end:
                return y, cell.x
        return y, line.width

    def offset_at(self, y: int, x: int) -> int:
        """The offset of the grapheme drawn at cell (x, y); past the end of a line, its end."""
        if not self.lines:
            return 0
        y = max(0, min(y, len(self.lines) - 1))
        line = self.lines[y]
        for cell in line.cells:
            if x < cell.x + cell.width:
                return cell.start
        return line.end

    def grapheme_at(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the grapheme containing ``offset``."""
        line = self.lines[self.line_of(offset)]
        for cell in line.cells:
            if cell.start <= offset < cell.end:
                return cell.start, cell.end
        return offset, min(offset + 1, len(self.text))

    def next_grapheme(self, offset: int) -> int:
        if offset >= len(self.text):
            return len(self.text)
        return self.grapheme_at(offset)[1]

    def prev_grapheme(self, offset: int) -> int:
        if offset <= 0:
            return 0
        return self.grapheme_at(offset - 1)[0]

    def snap(self, offset: int) -> int:
        """Move an offset back to the start of its grapheme."""
        if offset >= len(self.text):
            return len(self.text)
        return self.grapheme_at(offset)[0]
