"""Word-wrapped layout of article text: screen cells <-> code-point offsets.

Offsets are Python code points into the article text; the screen works in cells.
Wide characters (CJK, emoji) take two cells, combining marks and joiners none, a tab
takes ``TAB_WIDTH``. The layout uses Rich's own grapheme splitting and cell widths,
so what we measure is exactly what Textual draws.

Graphemes are never split: the cursor, selections and spans made on screen always
start and end on grapheme boundaries.

Speed: wrapping keeps only each line's (start, end); the per-grapheme cells of a line
are built when the line is drawn or hit-tested, so a 50,000-word article lays out without
a wait and costs memory only for what is on screen. ASCII paragraphs, most of
news text, wrap with string searches instead of a loop over characters.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len, split_graphemes

TAB_WIDTH = 4
# The readable measure: lines wrap at this many cells at most, however wide the terminal
# (``measure:`` in config.yaml; 0 means no maximum). Below MIN_MEASURE a line holds too few words.
DEFAULT_MEASURE = 88
MIN_MEASURE = 20
# Drawn for a grapheme that has no width of its own (a lone combining mark, a stray joiner).
ZERO_WIDTH_GLYPH = "◌"


# Code points that make a grapheme an emoji sequence (zero-width joiner, emoji presentation
# selector, keycap, skin tones, flag tags). Terminals disagree on how wide such a sequence is:
# one that does not cluster graphemes (tmux, VTE, xterm) draws the family 👨‍👩‍👧 in 6 cells where
# Rich counts 2, and pushes the rest of the line (the side panel's border too) out of place.
_SEQUENCE_MARKS = frozenset(
    ["\u200d", "\ufe0f", "\u20e3", *map(chr, range(0x1F3FB, 0x1F400)), *map(chr, range(0xE0020, 0xE0080))]
)


def drawn_text(grapheme: str, width: int) -> str:
    """What the view draws for ``grapheme`` in its ``width`` cells (the text is never changed).

    A tab is spaces; a lone zero-width character is ``ZERO_WIDTH_GLYPH``; an emoji sequence
    is its first code point padded with spaces to ``width``, which every terminal draws in
    the same cells.
    """
    if grapheme == "\t":
        return " " * width
    if len(grapheme) > 1 and not _SEQUENCE_MARKS.isdisjoint(grapheme):
        base = grapheme[0]
        base_width = cell_len(base)
        return base + " " * (width - base_width) if 0 < base_width <= width else ZERO_WIDTH_GLYPH * width
    if width == 1 and cell_len(grapheme) == 0:
        return ZERO_WIDTH_GLYPH
    return grapheme


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


def _is_simple(text: str) -> bool:
    """One cell per code point: printable ASCII without tabs."""
    return text.isascii() and "\t" not in text


@lru_cache(maxsize=4096)
def _graphemes(text: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end, width) of each grapheme of ``text`` (no newline inside).

    A tab is a grapheme of its own, ``TAB_WIDTH`` wide. Rich measures a tab as zero-width
    and so joins it to the grapheme before it ("a\t" is one grapheme of width 1): the text
    is split at tabs before Rich sees it, or a tab would reach the terminal inside a cell
    and push everything after it out of place.
    """
    if _is_simple(text):
        return tuple((i, i + 1, 1) for i in range(len(text)))
    out = []
    base = 0
    for piece in text.split("\t"):
        if piece:
            spans, _total = split_graphemes(piece)
            # a lone zero-width character gets a visible placeholder cell (see ZERO_WIDTH_GLYPH)
            out.extend((base + start, base + end, width or 1) for start, end, width in spans)
        base += len(piece)
        if base < len(text):  # the tab that ended this piece
            out.append((base, base + 1, TAB_WIDTH))
            base += 1
    return tuple(out)


def _wrap_simple(paragraph: str, base: int, width: int, out: list[tuple[int, int]]) -> None:
    """Greedy word wrap of an ASCII paragraph by string search: break after a run of spaces.

    The caller keeps one spare column past ``width``: a space may hang into it (so a line
    can end in the space that separates it from the next), never further.
    """
    n = len(paragraph)
    start = 0
    while n - start > width:
        limit = start + width
        brk = paragraph.rfind(" ", start, limit + 1)
        if brk < start or paragraph[start:brk].strip() == "":
            end = limit  # no space to break at (or only leading spaces): break the word
        else:
            end = brk + 1
        while end < n and paragraph[end] == " " and end - start <= width:
            end += 1  # spaces stay at the end of the line they follow, overhanging by one column at most
        out.append((base + start, base + end))
        start = end
    out.append((base + start, base + n))


# Line-breaking rules of CJK typesetting (kinsoku shori, simplified): closing punctuation
# never starts a line, an opening bracket never ends one. A break between letters of a text
# without spaces (Chinese, Japanese) moves back a few characters to keep them.
_NO_LINE_START = frozenset("、。，．：；？！）」』》〉】〕｝〗〙〟’”ー…‥・,.:;?!)]}")
_NO_LINE_END = frozenset("（「『《〈【〔｛〖〘〝‘“([{")
_KINSOKU_STEPS = 4  # at most this many characters move down ("（一）、"): a longer run breaks where it must


def _kinsoku(paragraph: str, graphemes: Sequence[tuple[int, int, int]], first: int, cut: int) -> int:
    """The break at ``cut`` (an index into ``graphemes``, inside a run without whitespace)
    moved back so the next line does not start with closing punctuation and this one does not
    end with an opening bracket; ``cut`` when it cannot move (the line must keep a character)."""
    moved = cut
    for _ in range(_KINSOKU_STEPS):
        starts_badly = paragraph[graphemes[moved][0]] in _NO_LINE_START
        ends_badly = paragraph[graphemes[moved - 1][0]] in _NO_LINE_END
        if not (starts_badly or ends_badly) or moved - 1 <= first:
            break
        moved -= 1
    still_bad = paragraph[graphemes[moved][0]] in _NO_LINE_START or paragraph[graphemes[moved - 1][0]] in _NO_LINE_END
    return cut if still_bad else moved


def _wrap_graphemes(paragraph: str, base: int, width: int, out: list[tuple[int, int]]) -> None:
    """Greedy word wrap measuring graphemes; breaks after whitespace, or mid-word if it must
    (then by the CJK rules of ``_kinsoku``)."""
    graphemes = _graphemes(paragraph)
    if not graphemes:
        out.append((base, base))
        return
    line_start = graphemes[0][0]
    x = 0
    break_index = -1  # index into graphemes of the last whitespace on this line
    line_first = 0  # index of the first grapheme on this line
    i = 0
    while i < len(graphemes):
        start, _end, w = graphemes[i]
        is_space = paragraph[start] in " \t"
        # A word that does not fit moves to the next line; whitespace may overhang one column, no more.
        if i > line_first and ((x + w > width and not is_space) or (is_space and x + w > width + 1)):
            # Break after the last whitespace on the line, or right here if there is none.
            cut = i if is_space else (break_index + 1 if line_first <= break_index < i - 1 else i)
            if cut == i and not is_space:
                cut = _kinsoku(paragraph, graphemes, line_first, cut)
            out.append((base + line_start, base + graphemes[cut][0]))
            line_first = cut
            line_start = graphemes[cut][0]
            x = sum(g[2] for g in graphemes[cut:i])
            break_index = -1
        x += w
        if is_space:
            break_index = i
        i += 1
    out.append((base + line_start, base + len(paragraph)))


class _Lines(Sequence[VisualLine]):
    """The visual lines, each built (with its cells) only when asked for."""

    def __init__(self, layout: TextLayout) -> None:
        self._layout = layout

    def __len__(self) -> int:
        return len(self._layout._bounds)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self._layout.line(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return self._layout.line(index)

    def __iter__(self) -> Iterator[VisualLine]:
        for i in range(len(self)):
            yield self._layout.line(i)


class TextLayout:
    """The wrapped lines of a text at a given width, and the mappings between them."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        self.width = max(4, width)
        bounds: list[tuple[int, int]] = []
        base = 0
        for paragraph in text.split("\n"):
            if _is_simple(paragraph):
                _wrap_simple(paragraph, base, self.width, bounds)
            else:
                _wrap_graphemes(paragraph, base, self.width, bounds)
            base += len(paragraph) + 1
        self._bounds = bounds
        self._starts = [start for start, _ in bounds]
        self._cache: dict[int, VisualLine] = {}
        self.lines = _Lines(self)

    def __len__(self) -> int:
        return len(self._bounds)

    def bounds(self, index: int) -> tuple[int, int]:
        """(start, end) offsets of visual line ``index``, without building its cells."""
        return self._bounds[index]

    def line(self, index: int) -> VisualLine:
        line = self._cache.get(index)
        if line is None:
            start, end = self._bounds[index]
            x = 0
            cells = []
            for g_start, g_end, w in _graphemes(self.text[start:end]):
                cells.append(Cell(start + g_start, start + g_end, x, w))
                x += w
            line = VisualLine(start, end, tuple(cells))
            if len(self._cache) > 2048:
                self._cache.clear()
            self._cache[index] = line
        return line

    def line_of(self, offset: int) -> int:
        """Index of the visual line showing ``offset`` (a newline belongs to its line's end)."""
        offset = max(0, min(offset, len(self.text)))
        return max(0, bisect_right(self._starts, offset) - 1)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, x) of the cell that shows ``offset``; the end of a line maps past its last cell."""
        y = self.line_of(offset)
        line = self.line(y)
        for cell in line.cells:
            if cell.start <= offset < cell.end:
                return y, cell.x
        return y, line.width

    def offset_at(self, y: int, x: int) -> int:
        """The offset of the grapheme drawn at cell (x, y); past the end of a line, its end."""
        if not self._bounds:
            return 0
        y = max(0, min(y, len(self._bounds) - 1))
        line = self.line(y)
        for cell in line.cells:
            if x < cell.x + cell.width:
                return cell.start
        return line.end

    def grapheme_at(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the grapheme containing ``offset``."""
        line = self.line(self.line_of(offset))
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
