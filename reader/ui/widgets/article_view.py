"""The article text: wrapped, styled at offsets, with a cursor and a selection.

A ``ScrollView`` that renders only the visible lines (``render_line``), so a
50,000-word article costs no more to show than a short one. The text is never
parsed as markup: each grapheme is emitted as a plain ``Segment`` with a Rich
``Style`` computed from the entities and spans that cover it.

Each line is drawn as: a margin (when the readable measure is narrower than the view,
the text column is centred), a two-cell gutter, then the text. The gutter carries the
flag marker of flagged spans, so they show on terminals without overline; it is drawn,
never part of the text, so offsets do not move.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotations.model import Span
from reader.core.themes import ThemeSpec
from reader.ner.types import Entity
from reader.text import motions
from reader.text.layout import DEFAULT_MEASURE, TextLayout, drawn_text
from reader.ui.commands import Command, bindings_for

GUTTER = 2  # cells before the text: a marker and a space
FLAG_START = "⚑"  # in the gutter of the line where a flagged span starts
FLAG_CONTINUED = "┆"  # in the gutter of the lines a flagged span continues on


@dataclass(frozen=True)
class Selection:
    start: int
    end: int  # exclusive

    def __bool__(self) -> bool:
        return self.end > self.start


class ArticleView(ScrollView, can_focus=True):
    """Shows one article; owns the cursor and the selection (offsets, never cells)."""

    ACTIONS = (
        Command("view.left", "h,left", "cursor_left", "Left", "Cursor one character left", show=False),
        Command("view.right", "l,right", "cursor_right", "Right", "Cursor one character right", show=False),
        Command("view.down", "j,down", "cursor_down", "Down", "Cursor one line down", show=False),
        Command("view.up", "k,up", "cursor_up", "Up", "Cursor one line up", show=False),
        Command("view.word_next", "w", "word_next", "Word", "Next word (vim w)", show=False),
        Command("view.word_prev", "b", "word_prev", "Back word", "Previous word (vim b)", show=False),
        Command("view.word_end", "e", "word_end", "Word end", "End of word (vim e)", show=False),
        Command("view.sentence_next", ")", "sentence_next", "Next sentence", "Start of the next sentence", show=False),
        Command(
            "view.sentence_prev", "(", "sentence_prev", "Prev sentence", "Start of this/previous sentence", show=False
        ),
        Command("view.para_next", "}", "paragraph_next", "Next paragraph", "Start of the next paragraph", show=False),
        Command(
            "view.para_prev", "{", "paragraph_prev", "Prev paragraph", "Start of this/previous paragraph", show=False
        ),
        Command("view.line_start", "0,home", "line_start", "Line start", "Start of the screen line", show=False),
        Command("view.line_end", "dollar_sign,end", "line_end", "Line end", "End of the screen line", show=False),
        Command("view.top", "g,ctrl+home", "text_start", "Top", "Start of the text", show=False),
        Command("view.bottom", "G,ctrl+end", "text_end", "Bottom", "End of the text", show=False),
        Command("view.page_down", "pagedown,ctrl+f,space", "page_down", "Page down", "Scroll a page down", show=False),
        Command("view.page_up", "pageup,ctrl+b", "page_up", "Page up", "Scroll a page up", show=False),
        Command(
            "view.extend_left", "shift+left,H", "extend('left')", "Extend left", "Extend selection left", show=False
        ),
        Command(
            "view.extend_right",
            "shift+right,L",
            "extend('right')",
            "Extend right",
            "Extend selection right",
            show=False,
        ),
        Command(
            "view.extend_down",
            "shift+down,J",
            "extend('down')",
            "Extend down",
            "Extend selection a line down",
            show=False,
        ),
        Command("view.extend_up", "shift+up,K", "extend('up')", "Extend up", "Extend selection a line up", show=False),
        Command(
            "view.extend_word",
            "W,ctrl+shift+right",
            "extend('word')",
            "Extend word",
            "Extend selection to the next word",
            show=False,
        ),
        Command(
            "view.extend_word_back",
            "B,ctrl+shift+left",
            "extend('word_back')",
            "Extend word back",
            "Extend selection to the previous word",
            show=False,
        ),
        Command("view.visual", "v", "toggle_visual", "Select", "Start/stop a selection that motions extend"),
        Command("view.sentence", "s", "select_sentence", "Sentence", "Select the sentence under the cursor"),
        Command(
            "view.paragraph", "p", "select_paragraph", "Paragraph", "Select the paragraph under the cursor", show=False
        ),
        Command(
            "view.grow_end",
            "greater_than_sign",
            "edge('end', 1)",
            "Grow end",
            "Move the selection's end one word right",
            show=False,
        ),
        Command(
            "view.shrink_end",
            "less_than_sign",
            "edge('end', -1)",
            "Shrink end",
            "Move the selection's end one word left",
            show=False,
        ),
        Command(
            "view.grow_start",
            "left_square_bracket",
            "edge('start', -1)",
            "Grow start",
            "Move the selection's start one word left",
            show=False,
        ),
        Command(
            "view.shrink_start",
            "right_square_bracket",
            "edge('start', 1)",
            "Shrink start",
            "Move the selection's start one word right",
            show=False,
        ),
    )
    BINDINGS = bindings_for(ACTIONS)

    COMPONENT_CLASSES = {"article-view--flag"}

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        color: $foreground;
        /* The scrollbar's column is kept when there is none: the text never rewraps as it comes and goes. */
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
    }
    ArticleView > .article-view--flag { color: $warning; text-style: bold; }
    """

    class CursorMoved(Message):
        def __init__(self, view: ArticleView, offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.entities: list[Entity] = []
        self._entity_starts: list[int] = []
        self.spans: list[Span] = []
        self.stale_ids: frozenset[str] = frozenset()
        self.hidden_labels: set[str] = set()
        self.theme_spec: ThemeSpec | None = None
        self.label_index: dict[str, int] = {}
        self.cursor = 0
        self.anchor: int | None = None
        self.visual = False
        self.highlight: tuple[int, int] | None = None
        self._layout: TextLayout | None = None
        self._layout_width = 0
        self.measure = DEFAULT_MEASURE
        self._style_memo: dict[tuple, Style] = {}
        self._mouse_down = False

    # ----- data -------------------------------------------------------------
    def show_article(self, text: str, entities: Sequence[Entity], spans: Sequence[Span], *, cursor: int = 0) -> None:
        self.text = text
        self.entities = list(entities)
        self._entity_starts = [e.start for e in self.entities]
        self.spans = sorted(spans, key=lambda s: (s.start, -s.end))
        self.anchor = None
        self.visual = False
        self._layout = None
        self._layout_width = 0
        self.cursor = max(0, min(cursor, len(text)))
        if self.scrollable_content_region.width > 0:  # else the first resize lays it out, once
            self._relayout()
            self.scroll_to_cursor(center=True)
        self.refresh()

    def set_spans(self, spans: Sequence[Span], stale_ids: frozenset[str] = frozenset()) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, -s.end))
        self.stale_ids = stale_ids
        self.refresh()

    def set_entities(self, entities: Sequence[Entity]) -> None:
        self.entities = list(entities)
        self._entity_starts = [e.start for e in self.entities]
        self.refresh()

    def set_theme(self, spec: ThemeSpec, label_names: Sequence[str]) -> None:
        self.theme_spec = spec
        self.label_index = {name: i for i, name in enumerate(label_names)}
        self._style_memo.clear()
        self.refresh()

    def set_hidden(self, hidden: set[str]) -> None:
        self.hidden_labels = set(hidden)
        self._style_memo.clear()
        self.refresh()

    def set_measure(self, measure: int) -> None:
        """Wrap at ``measure`` cells at most, however wide the view (0: no maximum)."""
        if measure == self.measure:
            return
        self.measure = measure
        if self.is_mounted and self.scrollable_content_region.width > 0:
            self._relayout()
            self.scroll_to_cursor(center=True)
        self.refresh()

    # ----- layout -----------------------------------------------------------
    @property
    def text_layout(self) -> TextLayout:
        if self._layout is None:
            self._relayout()
        assert self._layout is not None
        return self._layout

    def _available_width(self) -> int:
        """Cells the text may use: the content width less the gutter and one spare column
        (whitespace at a wrap point may hang into it)."""
        return self.scrollable_content_region.width - GUTTER - 1

    def _content_width(self) -> int:
        available = self._available_width()
        return max(10, min(available, self.measure) if self.measure else available)

    @property
    def text_left(self) -> int:
        """The column of the content area where the text starts: the gutter, after a margin that
        centres the text when the measure is narrower than the view."""
        if not self.measure or self._layout_width < self.measure:
            return GUTTER
        return max(0, (self._available_width() - self._layout_width) // 2) + GUTTER

    def _relayout(self) -> None:
        width = self._content_width() if self.is_mounted else 80
        self._layout = TextLayout(self.text, width)
        self._layout_width = width
        self.virtual_size = Size(width, len(self._layout))

    def on_resize(self, event: events.Resize) -> None:
        if self._layout is None or self._content_width() != self._layout_width:
            self._relayout()
            self.scroll_to_cursor(center=True)
        self.refresh()

    # ----- selection ----------------------------------------------------------
    @property
    def selection(self) -> Selection:
        """The selected offsets; inclusive of the grapheme under the far edge, like vim's visual mode."""
        if self.anchor is None:
            return Selection(0, 0)
        lo, hi = sorted((self.anchor, self.cursor))
        return Selection(lo, self.text_layout.next_grapheme(hi) if hi < len(self.text) else hi)

    def select(self, start: int, end: int) -> None:
        """Select ``start:end`` (end exclusive) and put the cursor on its last grapheme."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        self.anchor = start
        self.cursor = self.text_layout.prev_grapheme(end) if end > start else start
        self.visual = True
        self._moved()

    def clear_selection(self) -> bool:
        had = self.anchor is not None
        self.anchor = None
        self.visual = False
        self.refresh()
        return had

    # ----- cursor -------------------------------------------------------------
    def move_cursor(self, offset: int, *, extend: bool = False) -> None:
        offset = max(0, min(offset, len(self.text)))
        if extend and self.anchor is None:
            self.anchor = self.cursor
        elif not extend and not self.visual:
            self.anchor = None
        self.cursor = self.text_layout.snap(offset)
        self._moved()

    def _moved(self) -> None:
        self.scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor))

    def scroll_to_cursor(self, center: bool = False) -> None:
        if not self.is_mounted:
            return
        y, _x = self.text_layout.position(self.cursor)
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if center and not (top <= y < top + height):
            self.scroll_to(y=max(0, y - height // 2), animate=False)
        elif y < top:
            self.scroll_to(y=y, animate=False)
        elif y >= top + height:
            self.scroll_to(y=y - height + 1, animate=False)

    def _line_move(self, delta: int, extend: bool = False) -> None:
        layout = self.text_layout
        y, x = layout.position(self.cursor)
        ny = max(0, min(len(layout) - 1, y + delta))
        self.move_cursor(layout.offset_at(ny, x), extend=extend)

    def action_cursor_left(self) -> None:
        self.move_cursor(self.text_layout.prev_grapheme(self.cursor))

    def action_cursor_right(self) -> None:
        self.move_cursor(self.text_layout.next_grapheme(self.cursor))

    def action_cursor_down(self) -> None:
        self._line_move(1)

    def action_cursor_up(self) -> None:
        self._line_move(-1)

    def action_word_next(self) -> None:
        self.move_cursor(motions.next_word_start(self.text, self.cursor))

    def action_word_prev(self) -> None:
        self.move_cursor(motions.prev_word_start(self.text, self.cursor))

    def action_word_end(self) -> None:
        self.move_cursor(motions.word_end(self.text, self.cursor))

    def action_sentence_next(self) -> None:
        self.move_cursor(motions.next_sentence_start(self.text, self.cursor))

    def action_sentence_prev(self) -> None:
        self.move_cursor(motions.prev_sentence_start(self.text, self.cursor))

    def action_paragraph_next(self) -> None:
        self.move_cursor(motions.next_paragraph_start(self.text, self.cursor))

    def action_paragraph_prev(self) -> None:
        self.move_cursor(motions.prev_paragraph_start(self.text, self.cursor))

    def action_line_start(self) -> None:
        layout = self.text_layout
        self.move_cursor(layout.lines[layout.line_of(self.cursor)].start)

    def action_line_end(self) -> None:
        layout = self.text_layout
        line = layout.lines[layout.line_of(self.cursor)]
        end = line.cells[-1].start if line.cells else line.start
        self.move_cursor(end)

    def action_text_start(self) -> None:
        self.move_cursor(0)

    def action_text_end(self) -> None:
        self.move_cursor(max(0, len(self.text) - 1))

    def action_page_down(self) -> None:
        self._line_move(max(1, self.scrollable_content_region.height - 1), extend=False)

    def action_page_up(self) -> None:
        self._line_move(-max(1, self.scrollable_content_region.height - 1), extend=False)

    def action_extend(self, how: str) -> None:
        layout = self.text_layout
        if how == "left":
            self.move_cursor(layout.prev_grapheme(self.cursor), extend=True)
        elif how == "right":
            self.move_cursor(layout.next_grapheme(self.cursor), extend=True)
        elif how == "down":
            self._line_move(1, extend=True)
        elif how == "up":
            self._line_move(-1, extend=True)
        elif how == "word":
            self.move_cursor(motions.word_end(self.text, self.cursor), extend=True)
        elif how == "word_back":
            self.move_cursor(motions.prev_word_start(self.text, self.cursor), extend=True)

    def action_toggle_visual(self) -> None:
        if self.visual:
            self.clear_selection()
        else:
            self.visual = True
            self.anchor = self.cursor
            self.refresh()

    def action_select_sentence(self) -> None:
        self.select(*motions.sentence_bounds(self.text, self.cursor))

    def action_select_paragraph(self) -> None:
        self.select(*motions.paragraph_bounds(self.text, self.cursor))

    def action_edge(self, edge: str, direction: int) -> None:
        """Grow or shrink one edge of the selection by a word."""
        sel = self.selection
        if not sel:
            self.app.bell()
            return
        start, end = sel.start, sel.end
        if edge == "end":
            if direction > 0:
                end = motions.word_end(self.text, end - 1) + 1
            else:
                new_end = motions.prev_word_start(self.text, end - 1)
                while new_end > start and self.text[new_end - 1].isspace():
                    new_end -= 1
                end = new_end if new_end > start else end
        else:
            if direction < 0:
                start = motions.prev_word_start(self.text, start)
            else:
                new_start = motions.next_word_start(self.text, start)
                start = new_start if new_start < end else start
        self.select(start, end)

    # ----- mouse ----------------------------------------------------------------
    def _offset_at_event(self, event: events.MouseEvent) -> int:
        offset = event.get_content_offset_capture(self)
        layout = self.text_layout
        return layout.offset_at(max(0, offset.y + self.scroll_offset.y), max(0, offset.x - self.text_left))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        offset = self._offset_at_event(event)
        self.visual = False
        self.anchor = offset
        self.cursor = self.text_layout.snap(offset)
        self._mouse_down = True
        self.capture_mouse()
        self.focus()
        self._moved()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._mouse_down:
            self.cursor = self.text_layout.snap(self._offset_at_event(event))
            self._moved()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if not self._mouse_down:
            return
        self._mouse_down = False
        self.release_mouse()
        self.cursor = self.text_layout.snap(self._offset_at_event(event))
        if self.anchor == self.cursor:
            self.anchor = None
        else:
            self.visual = True
        self._moved()

    # ----- rendering --------------------------------------------------------------
    def _entities_in(self, start: int, end: int) -> list[Entity]:
        i = max(0, bisect_right(self._entity_starts, start) - 1)
        j = bisect_left(self._entity_starts, end)
        return [e for e in self.entities[i:j] if e.end > start and e.start < end and e.label not in self.hidden_labels]

    def _style_for(self, key: tuple) -> Style:
        style = self._style_memo.get(key)
        if style is not None:
            return style
        entity_label, span_label, depth, flagged, stale, selected, cursor, highlight = key
        spec = self.theme_spec
        style = Style()
        if spec is not None:
            if entity_label:
                style += spec.entity_style(entity_label)
            if span_label is not None:
                color = spec.label_color(span_label, self.label_index.get(span_label, len(self.label_index)))
                style += Style(bgcolor=color) + spec.text_style("in_span")
                if depth > 1:
                    style += spec.text_style("nested")
                if flagged:
                    style += spec.text_style("flagged")
                if stale:
                    style += spec.text_style("stale")
            if highlight:
                style += spec.text_style("search")
            if selected:
                style += spec.text_style("selection")
            if cursor and self.has_focus:
                style += spec.text_style("cursor")
        elif cursor:
            style += Style(reverse=True)
        self._style_memo[key] = style
        return style

    def _key_at(self, offset: int, cell_end: int, entities: list[Entity], spans: list[Span]) -> tuple:
        """The style key of the cell ``offset:cell_end`` (see ``_style_for``)."""
        entity_label = ""
        for e in entities:
            if e.start <= offset < e.end:
                entity_label = e.label
                break
        covering = [s for s in spans if s.start <= offset < s.end]
        if covering:
            inner = min(covering, key=lambda s: (s.end - s.start, s.start))
            key: tuple = (
                entity_label,
                inner.label,
                len(covering),
                any(s.flagged for s in covering),
                any(s.id in self.stale_ids for s in covering),
            )
        else:
            key = (entity_label, None, 0, False, False)
        sel, highlight = self.selection, self.highlight
        return key + (
            bool(sel) and sel.start <= offset < sel.end,
            offset <= self.cursor < cell_end,
            highlight is not None and highlight[0] <= offset < highlight[1],
        )

    def _plain_segments(
        self, start: int, end: int, entities: list[Entity], spans: list[Span], base: Style
    ) -> list[Segment]:
        """Segments of a printable-ASCII line (one cell per code point), cut only where a style
        can change: entity, span, selection, search and cursor edges. Most news lines are like
        this; the loop is per style run, not per character."""
        cuts = {start, end, self.cursor, self.cursor + 1}
        for item in (*entities, *spans):
            cuts.add(item.start)
            cuts.add(item.end)
        if self.selection:
            cuts.update((self.selection.start, self.selection.end))
        if self.highlight is not None:
            cuts.update(self.highlight)
        points = sorted(c for c in cuts if start <= c <= end)
        text = self.text
        segments: list[Segment] = []
        run_start, run_key = start, None
        for a in points[:-1]:
            key = self._key_at(a, a + 1, entities, spans)
            if key != run_key:
                if a > run_start:
                    segments.append(Segment(text[run_start:a], base + self._style_for(run_key)))
                run_start, run_key = a, key
        if end > run_start and run_key is not None:
            segments.append(Segment(text[run_start:end], base + self._style_for(run_key)))
        return segments

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        index = scroll_y + y
        base = self.visual_style.rich_style
        width = self.scrollable_content_region.width
        layout = self.text_layout
        if index >= len(layout):
            return Strip.blank(width, base)
        start, end = layout.bounds(index)
        entities = self._entities_in(start, end + 1)
        spans = [s for s in self.spans if s.start < end + 1 and s.end > start]
        text = self.text
        shown = text[start:end]
        if shown.isascii() and shown.isprintable():
            segments = self._plain_segments(start, end, entities, spans, base)
            cursor_drawn = start <= self.cursor < end
        else:
            segments, cursor_drawn = self._cell_segments(layout.lines[index], entities, spans, base)
        # A cursor at the end of a line (on the newline) or of the text is drawn as a blank cell.
        if not cursor_drawn and self.cursor == end and layout.line_of(self.cursor) == index:
            segments.append(Segment(" ", base + self._style_for(("", None, 0, False, False, False, True, False))))
        strip = Strip(self._gutter(start, end, spans, base) + segments)
        return strip.adjust_cell_length(width, base)

    def _gutter(self, start: int, end: int, spans: list[Span], base: Style) -> list[Segment]:
        """The margin and gutter before a line's text: a flag where a flagged span starts on this
        line, a dotted bar where one continues from an earlier line, else blank."""
        glyph = " "
        for span in spans:
            if not span.flagged:
                continue
            if start <= span.start and (span.start < end or span.start == start):
                glyph = FLAG_START
                break
            if span.start < start < span.end:
                glyph = FLAG_CONTINUED
        margin = " " * (self.text_left - GUTTER)
        if glyph == " ":
            return [Segment(margin + " " * GUTTER, base)]
        flag_style = base + self.get_component_rich_style("article-view--flag")
        return [Segment(margin, base), Segment(glyph, flag_style), Segment(" " * (GUTTER - 1), base)]

    def _cell_segments(
        self, line, entities: list[Entity], spans: list[Span], base: Style
    ) -> tuple[list[Segment], bool]:
        """Segments of any line, grapheme by grapheme: wide and zero-width characters, tabs."""
        segments: list[Segment] = []
        text = self.text
        run_text: list[str] = []
        run_key: tuple | None = None
        cursor_drawn = False
        for cell in line.cells:
            offset = cell.start
            key = self._key_at(offset, cell.end, entities, spans)
            cursor_drawn = cursor_drawn or key[6]
            chunk = drawn_text(text[cell.start : cell.end], cell.width)
            if key != run_key and run_text:
                segments.append(Segment("".join(run_text), base + self._style_for(run_key)))
                run_text = []
            run_key = key
            run_text.append(chunk)
        if run_text and run_key is not None:
            segments.append(Segment("".join(run_text), base + self._style_for(run_key)))
        return segments, cursor_drawn

    def on_focus(self) -> None:
        self._style_memo.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._style_memo.clear()
        self.refresh()
