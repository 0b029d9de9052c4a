"""The article text: entities and spans drawn over it, and the keys that move the cursor.

A ``ScrollView`` that renders only the visible lines (``render_line``), so a
50,000-word article costs no more to show than a short one. The text is never
parsed as markup: each run of text is emitted as a plain ``Segment`` with a Rich
``Style`` computed from the entities and spans that cover it (``text_paint``).
The layout, the cursor, the selection and the mouse are ``CursorView``'s.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.dom import NoScreen
from textual.strip import Strip

from annotations.model import Span
from reader.core.themes import ThemeSpec
from reader.ner.types import Entity
from reader.text import motions
from reader.ui.commands import Command, bindings_for
from reader.ui.widgets.cursor_view import CursorView
from reader.ui.widgets.text_paint import (
    CURSOR_ALONE,
    GUTTER,
    Marks,
    StyleKey,
    cell_runs,
    cell_style,
    flag_glyph,
    plain_runs,
)


class ArticleView(CursorView):
    """Shows one article with its entities and spans; the keys move the cursor and the selection."""

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entities: list[Entity] = []
        self._entity_starts: list[int] = []
        self.spans: list[Span] = []
        self.stale_ids: frozenset[str] = frozenset()
        self.hidden_labels: set[str] = set()
        self.theme_spec: ThemeSpec | None = None
        self.label_index: dict[str, int] = {}
        self.highlight: tuple[int, int] | None = None
        self.linked: tuple[tuple[int, int], ...] = ()  # the far ends of the links of the span under the cursor
        self._style_memo: dict[tuple, Style] = {}

    # ----- what is drawn over the text ----------------------------------------------
    def show_match(self, match: tuple[int, int] | None) -> None:
        """Mark a found passage (a search match, an entity's mention) and put the cursor on its
        start; None takes the mark away."""
        self.highlight = match
        if match is None:
            self.refresh()
        else:
            self.move_cursor(match[0])

    def show_linked(self, ends: Sequence[tuple[int, int]]) -> None:
        """Mark the far ends of the links of the span under the cursor (the screen knows the links)."""
        ends = tuple(ends)
        if ends != self.linked:
            self.linked = ends
            self.refresh()

    def show_article(self, text: str, entities: Sequence[Entity], spans: Sequence[Span], *, cursor: int = 0) -> None:
        self.entities = list(entities)
        self._entity_starts = [e.start for e in self.entities]
        self.spans = sorted(spans, key=lambda s: (s.start, -s.end))
        self.set_text(text, cursor=cursor)

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

    # ----- keys ---------------------------------------------------------------------
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
        # the last character drawn: a wrapped line's trailing space is not one a user sees
        drawn = [cell for cell in line.cells if not self.text[cell.start : cell.end].isspace()] or line.cells
        self.move_cursor(drawn[-1].start if drawn else line.start)

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

    # ----- rendering --------------------------------------------------------------
    def entities_in(self, start: int, end: int) -> list[Entity]:
        """The shown entities (their type not hidden) that overlap ``start:end``."""
        i = max(0, bisect_right(self._entity_starts, start) - 1)
        j = bisect_left(self._entity_starts, end)
        return [e for e in self.entities[i:j] if e.end > start and e.start < end and e.label not in self.hidden_labels]

    @property
    def marks(self) -> Marks:
        return Marks(self.cursor, self.selection, self.highlight, self.stale_ids, self.linked)

    def _style_for(self, key: StyleKey) -> Style:
        style = self._style_memo.get(key)
        if style is None:
            style = self._style_memo[key] = cell_style(key, self.theme_spec, self.label_index, self.cursor_shown)
        return style

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        base = self.visual_style.rich_style
        width = self.scrollable_content_region.width
        layout = self.text_layout
        if index >= len(layout):
            return Strip.blank(width, base)
        start, end = layout.bounds(index)
        entities = self.entities_in(start, end + 1)
        spans = [s for s in self.spans if s.start < end + 1 and s.end > start]
        shown = self.text[start:end]
        if shown.isascii() and shown.isprintable():
            runs = plain_runs(self.text, start, end, entities, spans, self.marks)
            cursor_drawn = start <= self.cursor < end
        else:
            runs, cursor_drawn = cell_runs(self.text, layout.lines[index], entities, spans, self.marks)
        segments = [Segment(text, base + self._style_for(key)) for text, key in runs]
        # A cursor at the end of a line (on the newline) or of the text is drawn as a blank cell.
        if not cursor_drawn and self.cursor == end and layout.line_of(self.cursor) == index:
            segments.append(Segment(" ", base + self._style_for(CURSOR_ALONE)))
        return Strip(self._gutter(start, end, spans, base) + segments).adjust_cell_length(width, base)

    def _gutter(self, start: int, end: int, spans: list[Span], base: Style) -> list[Segment]:
        margin = " " * (self.text_left - GUTTER)
        glyph = flag_glyph(start, end, spans)
        if glyph == " ":
            return [Segment(margin + " " * GUTTER, base)]
        flag_style = base + self.get_component_rich_style("article-view--flag")
        return [Segment(margin, base), Segment(glyph, flag_style), Segment(" " * (GUTTER - 1), base)]

    @property
    def cursor_shown(self) -> bool:
        """The cursor is drawn unless another widget of the screen has the focus (a panel, the
        search box). Not only while this view has it: an app started or resumed while its
        terminal is in the background has no focus at all until a key is pressed, and a
        resumed article must show where the reading stopped at once."""
        if self.has_focus:
            return True
        try:
            return self.screen.focused is None
        except NoScreen:  # not on a screen (yet): nothing else can have the focus
            return True

    def on_mount(self) -> None:
        self.watch(self.screen, "focused", self._focus_moved, init=False)

    def _focus_moved(self, _focused: object) -> None:
        self._style_memo.clear()
        self.refresh()
