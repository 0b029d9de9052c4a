"""A scrolling view of wrapped text with a cursor and a selection, in offsets, never cells.

The article view (``article_view``) is this plus what is drawn over the text (entities,
spans, the search match) and the keys that move the cursor. Here: the layout of the text
at the view's width (at most ``measure`` cells, centred when narrower than the view), the
cursor and the selection, scrolling to keep the cursor in sight, and mouse selection.
"""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView

from reader.text.layout import DEFAULT_MEASURE, TextLayout
from reader.text.motions import word_bounds
from reader.ui.widgets.text_paint import GUTTER, Selection


class CursorView(ScrollView, can_focus=True):
    """Text laid out in lines at the view's width; ``CursorMoved`` says where the cursor went."""

    class CursorMoved(Message):
        def __init__(self, view: CursorView, offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.cursor = 0
        self.anchor: int | None = None  # the other end of the selection, if any
        self.visual = False  # motions extend the selection
        self._layout: TextLayout | None = None
        self._layout_width = 0
        self.measure = DEFAULT_MEASURE
        self._mouse_down = False
        self._pressed = 0  # where the mouse button went down, before snapping to words
        self._cursor_unseen = False  # set_text's cursor not yet scrolled into view (no size then)

    def set_text(self, text: str, *, cursor: int = 0) -> None:
        """Show ``text`` with the cursor at ``cursor`` (centred) and nothing selected."""
        self.text = text
        self.anchor = None
        self.visual = False
        self._layout = None
        self._layout_width = 0
        self.cursor = max(0, min(cursor, len(text)))
        self._cursor_unseen = True  # until the view has a size to scroll it into
        if self.scrollable_content_region.width > 0:  # else the first resize lays it out, once
            self._relayout()
            self.scroll_to_cursor(center=True)
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
        elif self._cursor_unseen:  # laid out already (drawn first), never scrolled to
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
        self._cursor_unseen = height <= 0
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
        self._pressed = self.anchor = offset
        self.cursor = self.text_layout.snap(offset)
        self._mouse_down = True
        self.capture_mouse()
        self.focus()
        self._moved()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._mouse_down:
            self._drag_to(self._offset_at_event(event))
            self._moved()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if not self._mouse_down:
            return
        self._mouse_down = False
        self.release_mouse()
        if self._drag_to(self._offset_at_event(event)):
            self.visual = True
        else:
            self.anchor = None
        self._moved()

    def _drag_to(self, offset: int) -> bool:
        """Select from where the button went down to ``offset``, widened to whole words (as
        doccano and Prodigy do: a drag lands mid-word); False for a click, which selects nothing."""
        layout = self.text_layout
        pressed, here = layout.snap(self._pressed), layout.snap(offset)
        if pressed == here:
            self.anchor, self.cursor = pressed, here
            return False
        lo, hi = sorted((pressed, here))
        start, end = word_bounds(self.text, lo, layout.next_grapheme(hi) if hi < len(self.text) else hi)
        last = layout.prev_grapheme(end) if end > start else start
        self.anchor, self.cursor = (start, last) if pressed < here else (last, start)
        return True
