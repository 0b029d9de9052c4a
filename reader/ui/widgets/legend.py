"""The article's entity types, each in its colour with its count; unticking one hides it.

The legend only says what the user chose (``HiddenChanged``, with every type hidden now);
the screen redraws the text and keeps the choice for the next session.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import SelectionList

from reader.core.themes import ThemeSpec
from reader.ner.types import ENTITY_LABELS, Entity


class EntityLegend(SelectionList[str]):
    class HiddenChanged(Message):
        """The user ticked or unticked a type: ``hidden`` holds every type hidden now."""

        def __init__(self, hidden: frozenset[str]) -> None:
            super().__init__()
            self.hidden = hidden

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hidden: frozenset[str] = frozenset()

    def show_types(self, entities: Iterable[Entity], spec: ThemeSpec, hidden: Iterable[str]) -> None:
        """List the types found in ``entities``, ticked unless in ``hidden``."""
        counts = Counter(entity.label for entity in entities)
        self.hidden = frozenset(hidden)
        with self.prevent(SelectionList.SelectedChanged):
            self.clear_options()
            self.add_options(
                [
                    (
                        Content.assemble(
                            (f"{label:<9}", Style.from_rich_style(spec.entity_style(label))), f" {counts[label]:>4}"
                        ),
                        label,
                        label not in self.hidden,
                    )
                    for label in ENTITY_LABELS
                    if label in counts
                ]
            )

    def on_focus(self) -> None:
        """Tab into the legend: the first type is highlighted, so Space ticks it at once."""
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        present = {self.get_option_at_index(i).value for i in range(self.option_count)}
        hidden = (self.hidden - present) | (present - set(self.selected))
        if hidden != self.hidden:
            self.hidden = frozenset(hidden)
            self.post_message(self.HiddenChanged(self.hidden))
