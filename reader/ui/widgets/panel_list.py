"""A side-panel list with one line per item, drawn on demand.

Why not Textual's ``OptionList``: it measures every option by word-wrapping its prompt
each time the options change, which was most of the time an article took to open (and
far more with the thousands of entities of a 50,000-word one). Here an item is one line,
cropped to the panel, so filling the list is a list assignment and drawing costs the
visible rows only. Item texts are data, never
markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.ui.commands import Command, bindings_for


class PanelList(ScrollView, can_focus=True):
    """Items ``(id, text)``; Enter or a click posts ``Selected`` for the highlighted one."""

    ACTIONS = (
        Command("panel.down", "down", "move(1)", "Down", "Next item", show=False),
        Command("panel.up", "up", "move(-1)", "Up", "Previous item", show=False),
        Command("panel.top", "home", "move_to(0)", "Top", "First item", show=False),
        Command("panel.bottom", "end", "move_to(-1)", "Bottom", "Last item", show=False),
        Command("panel.page_down", "pagedown", "page(1)", "Page down", "A page down", show=False),
        Command("panel.page_up", "pageup", "page(-1)", "Page up", "A page up", show=False),
        Command("panel.select", "enter", "select", "Go", "Go to the highlighted item", show=False),
    )
    BINDINGS = bindings_for(ACTIONS)

    COMPONENT_CLASSES = {"panel-list--highlight"}

    DEFAULT_CSS = """
    PanelList { background: $surface; color: $foreground; padding: 0 1; overflow-x: hidden; }
    PanelList:focus { background-tint: $foreground 5%; }
    PanelList > .panel-list--highlight {
        color: $block-cursor-blurred-foreground;
        background: $block-cursor-blurred-background;
    }
    PanelList:focus > .panel-list--highlight {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    """

    class Selected(Message):
        def __init__(self, panel: PanelList, item_id: str, index: int) -> None:
            super().__init__()
            self.panel = panel
            self.item_id = item_id
            self.index = index

        @property
        def control(self) -> PanelList:
            return self.panel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[tuple[str, str]] = []
        self.highlighted: int | None = None

    @property
    def item_ids(self) -> list[str]:
        return [item_id for item_id, _ in self.items]

    def set_items(self, items: Iterable[tuple[str, str]]) -> None:
        """Replace the items; the highlight goes back to none and the view to the top."""
        self.items = list(items)
        self.highlighted = None
        self.virtual_size = Size(0, len(self.items))
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, len(self.items))

    def on_focus(self, event: events.Focus) -> None:
        """Tab into the panel: the first item is highlighted, so Enter acts at once."""
        if self.highlighted is None and self.items:
            self.action_move_to(0)

    # ----- moving ---------------------------------------------------------------
    def action_move_to(self, index: int) -> None:
        if not self.items:
            return
        if index < 0:
            index += len(self.items)
        self.highlighted = max(0, min(index, len(self.items) - 1))
        self.scroll_to_region_of_highlight()
        self.refresh()

    def action_move(self, step: int) -> None:
        self.action_move_to(max(0, (self.highlighted if self.highlighted is not None else -1) + step))

    def action_page(self, direction: int) -> None:
        start = self.highlighted if self.highlighted is not None else 0
        self.action_move_to(max(0, start + direction * max(1, self.scrollable_content_region.height - 1)))

    def action_select(self) -> None:
        if self.highlighted is not None and 0 <= self.highlighted < len(self.items):
            self.post_message(self.Selected(self, self.items[self.highlighted][0], self.highlighted))

    def scroll_to_region_of_highlight(self) -> None:
        if self.highlighted is None:
            return
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if self.highlighted < top:
            self.scroll_to(y=self.highlighted, animate=False)
        elif self.highlighted >= top + height:
            self.scroll_to(y=self.highlighted - height + 1, animate=False)

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self.items):
            self.action_move_to(index)
            self.action_select()

    # ----- drawing --------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        style = self.visual_style.rich_style
        index = y + self.scroll_offset.y
        if index >= len(self.items):
            return Strip.blank(width, style)
        text = self.items[index][1]
        if cell_len(text) > width:
            text = set_cell_size(text, max(0, width - 1)) + "…"
        if index == self.highlighted:
            style += self.get_component_rich_style("panel-list--highlight")
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)
