"""The library table: one line per article, drawn on demand.

A ``ScrollView`` with ``render_line`` instead of a widget per row, so 100,000
articles cost what the visible 30 cost. Rows are plain data (``LibraryRow``);
titles and sources are data, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.article import ArticleMeta
from reader.ui.commands import Command, bindings_for

STATUS_GLYPH = {"todo": "·", "in progress": "◐", "done": "✓", "flagged": "⚑", "rejected": "✗", "ignored": "–"}
TITLE_MAX = 80  # a wider title column only adds blank space: what is left goes to source and labels
SOURCE_MAX = 40


@dataclass(frozen=True)
class LibraryRow:
    """A row's live state."""

    meta: ArticleMeta
    read: bool = False
    status: str = "todo"
    counts: str = ""  # e.g. "demand 2 · concession 1"


def _no_row_info(meta: ArticleMeta) -> LibraryRow:
    return LibraryRow(meta)


class ArticleList(ScrollView, can_focus=True):
    """Rows of the library; the highlighted row is ``cursor``."""

    ACTIONS = (
        Command("list.down", "j,down", "cursor_down", "Down", "Next article", show=False),
        Command("list.up", "k,up", "cursor_up", "Up", "Previous article", show=False),
        Command("list.top", "g,home", "first", "Top", "First article", show=False),
        Command("list.bottom", "G,end", "last", "Bottom", "Last article", show=False),
        Command("list.page_down", "pagedown,ctrl+f", "page(1)", "Page down", "A page down", show=False),
        Command("list.page_up", "pageup,ctrl+b", "page(-1)", "Page up", "A page up", show=False),
        Command("list.open", "enter", "open", "Open", "Open the highlighted article"),
    )
    BINDINGS = bindings_for(ACTIONS)

    COMPONENT_CLASSES = {"article-list--header", "article-list--cursor", "article-list--unread", "article-list--dim"}

    DEFAULT_CSS = """
    ArticleList { background: $surface; }
    ArticleList > .article-list--header { background: $panel; color: $foreground; text-style: bold; }
    ArticleList > .article-list--cursor {
        color: $block-cursor-blurred-foreground;
        background: $block-cursor-blurred-background;
    }
    ArticleList:focus > .article-list--cursor { color: $block-cursor-foreground; background: $block-cursor-background; }
    ArticleList > .article-list--unread { text-style: bold; }
    ArticleList > .article-list--dim { color: $text-muted; }
    """

    class Opened(Message):
        def __init__(self, row: LibraryRow) -> None:
            super().__init__()
            self.row = row

    class Highlighted(Message):
        def __init__(self, row: LibraryRow | None) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.metas: Sequence[ArticleMeta] = []  # a list, or rows read from the library index when drawn
        self.row_info: Callable[[ArticleMeta], LibraryRow] = _no_row_info
        self.cursor = 0
        self.user_moved = False  # until the user moves, new rows keep the cursor on the first row
        self.empty_message = ""  # the line shown under the header when no row is listed

    @property
    def rows(self) -> list[LibraryRow]:
        """Every row with its live status (builds them all: for tests and small corpora)."""
        return [self.row_info(meta) for meta in self.metas]

    def set_metas(self, metas: Sequence[ArticleMeta], *, keep_id: str | None = None) -> None:
        """Show these articles; rows are drawn on demand, so 100,000 cost what 30 do."""
        current = keep_id or (
            self.metas[self.cursor].id if self.user_moved and 0 <= self.cursor < len(self.metas) else None
        )
        self.metas = metas
        self.cursor = 0
        if current is not None:
            self.cursor = self.index_of(current) or 0
        self.virtual_size = Size(self.size.width, len(self.metas) + 1)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def update_row(self, article_id: str) -> None:
        self.refresh()

    @property
    def current(self) -> LibraryRow | None:
        return self.row_info(self.metas[self.cursor]) if 0 <= self.cursor < len(self.metas) else None

    def move_to(self, index: int) -> None:
        if not self.metas:
            return
        self.user_moved = True
        self.cursor = max(0, min(index, len(self.metas) - 1))
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def index_of(self, article_id: str) -> int | None:
        """Where the article is listed, or None (rows from the library index know it without a read)."""
        find = getattr(self.metas, "index_of", None)
        if find is not None:
            return find(article_id)
        return next((i for i, meta in enumerate(self.metas) if meta.id == article_id), None)

    def select_id(self, article_id: str) -> bool:
        index = self.index_of(article_id)
        if index is None:
            return False
        self.move_to(index)
        return True

    def _scroll_to_cursor(self) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.metas) - 1)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self.scrollable_content_region.height - 2))

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def on_click(self, event: events.Click) -> None:
        index = event.y - 1 + self.scroll_offset.y
        if event.y >= 1 and 0 <= index < len(self.metas):
            self.move_to(index)
            if event.chain >= 2:
                self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, len(self.metas) + 1)

    # ----- rendering ------------------------------------------------------------
    def _columns(self, width: int) -> tuple[int, int, int, int, int]:
        """Widths of title, source, date, words and counts for a total width.

        Columns drop out as the width shrinks: words below 100 columns, label counts below 80,
        source below 70, date below 60. The title takes about half of what the fixed columns leave, up to
        TITLE_MAX; the rest goes to source (a third, up to SOURCE_MAX) and label counts.
        """
        date = 10 if width >= 60 else 0
        words = 7 if width >= 100 else 0
        if width < 70:  # title and date
            return max(10, width - 4 - (date + 2 if date else 0)), 0, date, 0, 0
        flexible = width - 4 - 2 * (3 if width >= 80 else 2) - (words + 2 if words else 0) - date
        if width < 80:  # title, source, date
            source = flexible * 30 // 100
            return flexible - source, source, date, words, 0
        title = min(TITLE_MAX, flexible * 55 // 100)
        source = min(SOURCE_MAX, (flexible - title) * 4 // 9)
        return title, source, date, words, flexible - title - source

    def _format(self, values: Sequence[tuple[str, int, str]]) -> str:
        parts = []
        for value, width, align in values:
            if not width:
                continue
            value = value.replace("\n", " ")
            if cell_len(value) > width:
                value = set_cell_size(value, width - 1) + "…"
            pad = width - cell_len(value)
            parts.append(" " * pad + value if align == "right" else value + " " * pad)
        return "  ".join(parts)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.visual_style.rich_style
        title_w, source_w, date_w, words_w, counts_w = self._columns(width)
        if y == 0:
            header = "    " + self._format(
                [
                    ("Title", title_w, "left"),
                    ("Source", source_w, "left"),
                    ("Date", date_w, "left"),
                    ("Words", words_w, "right"),
                    ("Labels", counts_w, "left"),
                ]
            )
            style = base + self.get_component_rich_style("article-list--header")
            return Strip([Segment(header, style)]).adjust_cell_length(width, style)
        index = y - 1 + self.scroll_offset.y
        if index >= len(self.metas):
            if index == 0 and self.empty_message:
                style = base + self.get_component_rich_style("article-list--dim")
                return Strip([Segment(f"    {self.empty_message}", style)]).crop_extend(0, width, style)
            return Strip.blank(width, base)
        row = self.row_info(self.metas[index])
        meta = row.meta
        marker = " " if row.read else "●"
        glyph = STATUS_GLYPH.get(row.status, "?")
        line = f" {marker}{glyph} " + self._format(
            [
                (meta.title or meta.id, title_w, "left"),
                (meta.source, source_w, "left"),
                (meta.published[:10], date_w, "left"),
                (f"{meta.word_count:,}", words_w, "right"),
                (row.counts, counts_w, "left"),
            ]
        )
        style: Style = base
        if not row.read:
            style += self.get_component_rich_style("article-list--unread")
        if index == self.cursor:
            style += self.get_component_rich_style("article-list--cursor")
        return Strip([Segment(line, style)]).adjust_cell_length(width, style)
