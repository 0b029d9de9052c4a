"""The article's spans in text order, marked flagged (⚑), noted (✎) or STALE; Enter goes to one."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotations.model import Span
from reader.ui.one_line import one_line


class SpanPanel(OptionList):
    class SpanChosen(Message):
        """The user chose the span ``span_id`` (Enter or a click)."""

        def __init__(self, span_id: str) -> None:
            super().__init__()
            self.span_id = span_id

    def show_spans(
        self, spans: Iterable[Span], stale_ids: frozenset[str], details: dict[str, list[str]] | None = None
    ) -> None:
        """List ``spans``, each with its ``details`` lines (links, a figure's value); the highlighted
        row stays where it was (or on the last row)."""
        highlighted = self.highlighted
        items = []
        for span in sorted(spans, key=lambda s: (s.start, s.end)):
            marks = (
                ("⚑" if span.flagged else "") + ("✎" if span.note else "") + (" STALE" if span.id in stale_ids else "")
            )
            body = f"{span.label}{marks}  “{one_line(span.quote, 40)}”"
            if span.note:
                body += f"\n   {one_line(span.note, 34)}"
            for line in (details or {}).get(span.id, ()):  # wrapped by the list: a figure cut mid-word misleads
                body += f"\n   {one_line(line, 80)}"
            items.append(Option(Content(body), id=span.id))
        self.set_options(items)
        if highlighted is not None and self.option_count:
            self.highlighted = min(highlighted, self.option_count - 1)

    @property
    def highlighted_span_id(self) -> str | None:
        """The span the user is on in this list, when the list has focus."""
        if not self.has_focus or self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.SpanChosen(event.option.id))
