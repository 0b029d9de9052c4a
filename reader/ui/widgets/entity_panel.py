"""The article's distinct entities with their mention counts; Enter goes to the next mention.

A person's later short mentions count with the full name (``reader.ner.mentions``). Going
to a mention is the screen's business: the panel posts ``MentionChosen``.
"""

from __future__ import annotations

from textual.message import Message

from reader.ner.mentions import group_mentions
from reader.ner.types import Entity
from reader.ui.one_line import one_line
from reader.ui.widgets.panel_list import PanelList


class EntityPanel(PanelList):
    class MentionChosen(Message):
        """Go to ``mention``, the ``index``-th (from 0) of the ``count`` mentions of ``name``."""

        def __init__(self, name: str, mention: Entity, index: int, count: int) -> None:
            super().__init__()
            self.name = name
            self.mention = mention
            self.index = index
            self.count = count

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._mentions: dict[str, list[Entity]] = {}
        self._next: dict[str, int] = {}  # item id -> the mention Enter went to last

    def show_entities(self, entities: list[Entity]) -> None:
        groups = group_mentions(entities)
        self._mentions = {f"{label}\x00{name}": mentions for name, label, mentions in groups}
        self._next = {}
        self.set_items(
            (f"{label}\x00{name}", f"{one_line(name, 22)} ({len(mentions)})  {label}")
            for name, label, mentions in groups
        )

    def mentions(self, item_id: str) -> list[Entity]:
        """The mentions behind one item, in text order."""
        return self._mentions.get(item_id, [])

    def on_panel_list_selected(self, event: PanelList.Selected) -> None:
        event.stop()
        mentions = self.mentions(event.item_id)
        if not mentions:
            return
        index = self._next.get(event.item_id, -1) + 1
        if index >= len(mentions):
            index = 0
        self._next[event.item_id] = index
        name = event.item_id.partition("\x00")[2]
        self.post_message(self.MentionChosen(name, mentions[index], index, len(mentions)))
