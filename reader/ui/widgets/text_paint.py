"""How the article view draws one screen line: the text cut into runs of one style.

A cell's style comes from what covers it: its entity, the spans over it (the innermost
gives the colour), the far end of a link of the span under the cursor, the selection, the
search match and the cursor. That is its *key*
(``cell_key``); ``cell_style`` turns a key into a Rich style under a theme. Two ways cut a
line into runs: ``plain_runs`` for printable ASCII (one cell per code point, cut only
where a style can change: most news lines) and ``cell_runs`` for any line, grapheme by
grapheme (wide and zero-width characters, tabs). Both give the same runs where both apply.

Before the text, a gutter marks flagged spans (``flag_glyph``), so they show on terminals
without overline; it is drawn, never part of the text, so offsets do not move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rich.style import Style

from annotations.model import Span
from reader.core.themes import ThemeSpec
from reader.ner.types import Entity
from reader.text.layout import VisualLine, drawn_text

GUTTER = 2  # cells before the text: a marker and a space
FLAG_START = "⚑"  # in the gutter of the line where a flagged span starts
FLAG_CONTINUED = "┆"  # in the gutter of the lines a flagged span continues on

# (entity label, span label, spans deep, flagged, stale, selected, cursor, search match, linked)
StyleKey = tuple[str, str | None, int, bool, bool, bool, bool, bool, bool]
CURSOR_ALONE: StyleKey = ("", None, 0, False, False, False, True, False, False)  # the cursor past a line's end


@dataclass(frozen=True)
class Selection:
    start: int
    end: int  # exclusive

    def __bool__(self) -> bool:
        return self.end > self.start


class Marks(NamedTuple):
    """What styles a cell besides its entity and spans."""

    cursor: int
    selection: Selection
    highlight: tuple[int, int] | None  # the search match or the entity mention gone to
    stale_ids: frozenset[str]
    linked: tuple[tuple[int, int], ...] = ()  # the far ends of the links of the span under the cursor


def cell_key(offset: int, cell_end: int, entities: Sequence[Entity], spans: Sequence[Span], marks: Marks) -> StyleKey:
    """The style key of the cell ``offset:cell_end``."""
    entity_label = ""
    for e in entities:
        if e.start <= offset < e.end:
            entity_label = e.label
            break
    span_label, depth, flagged, stale = None, 0, False, False
    covering = [s for s in spans if s.start <= offset < s.end]
    if covering:
        span_label = min(covering, key=lambda s: (s.end - s.start, s.start)).label
        depth = len(covering)
        flagged = any(s.flagged for s in covering)
        stale = any(s.id in marks.stale_ids for s in covering)
    sel, highlight = marks.selection, marks.highlight
    return (
        entity_label,
        span_label,
        depth,
        flagged,
        stale,
        bool(sel) and sel.start <= offset < sel.end,
        offset <= marks.cursor < cell_end,
        highlight is not None and highlight[0] <= offset < highlight[1],
        any(a <= offset < b for a, b in marks.linked),
    )


def cell_style(key: StyleKey, spec: ThemeSpec | None, label_index: dict[str, int], focused: bool) -> Style:
    """The style of a cell with ``key``; the cursor shows only when ``focused`` (see ``ArticleView.cursor_shown``)."""
    entity_label, span_label, depth, flagged, stale, selected, cursor, highlight, linked = key
    style = Style()
    if spec is None:
        return style + Style(reverse=True) if cursor else style
    if entity_label:
        style += spec.entity_style(entity_label)
    if span_label is not None:
        color = spec.label_color(span_label, label_index.get(span_label, len(label_index)))
        style += Style(bgcolor=color) + spec.text_style("in_span")
        if depth > 1:
            style += spec.text_style("nested")
        if flagged:
            style += spec.text_style("flagged")
        if stale:
            style += spec.text_style("stale")
    if linked:
        style += spec.text_style("linked")
    if highlight:
        style += spec.text_style("search")
    if selected:
        style += spec.text_style("selection")
    if cursor and focused:
        cursor_style = spec.text_style("cursor")
        if linked and cursor_style.reverse and style.reverse:  # reversed twice is not reversed: a hole shows it
            cursor_style = Style(reverse=False)
        style += cursor_style
    return style


def plain_runs(
    text: str, start: int, end: int, entities: Sequence[Entity], spans: Sequence[Span], marks: Marks
) -> list[tuple[str, StyleKey]]:
    """Runs of ``text[start:end]``, a printable-ASCII line: the loop is per style run, not per character."""
    cuts = {start, end, marks.cursor, marks.cursor + 1}
    for item in (*entities, *spans):
        cuts.add(item.start)
        cuts.add(item.end)
    if marks.selection:
        cuts.update((marks.selection.start, marks.selection.end))
    if marks.highlight is not None:
        cuts.update(marks.highlight)
    for linked in marks.linked:
        cuts.update(linked)
    points = sorted(c for c in cuts if start <= c <= end)
    runs: list[tuple[str, StyleKey]] = []
    run_start, run_key = start, None
    for a in points[:-1]:
        key = cell_key(a, a + 1, entities, spans, marks)
        if key != run_key:
            if a > run_start and run_key is not None:
                runs.append((text[run_start:a], run_key))
            run_start, run_key = a, key
    if end > run_start and run_key is not None:
        runs.append((text[run_start:end], run_key))
    return runs


def cell_runs(
    text: str, line: VisualLine, entities: Sequence[Entity], spans: Sequence[Span], marks: Marks
) -> tuple[list[tuple[str, StyleKey]], bool]:
    """Runs of any line, grapheme by grapheme, and whether the cursor was on one of its cells."""
    runs: list[tuple[str, StyleKey]] = []
    run_text: list[str] = []
    run_key: StyleKey | None = None
    cursor_drawn = False
    for cell in line.cells:
        key = cell_key(cell.start, cell.end, entities, spans, marks)
        cursor_drawn = cursor_drawn or key[6]
        if key != run_key and run_text and run_key is not None:
            runs.append(("".join(run_text), run_key))
            run_text = []
        run_key = key
        run_text.append(drawn_text(text[cell.start : cell.end], cell.width))
    if run_text and run_key is not None:
        runs.append(("".join(run_text), run_key))
    return runs, cursor_drawn


def flag_glyph(start: int, end: int, spans: Sequence[Span]) -> str:
    """The gutter of the line ``start:end``: a flag where a flagged span starts on it, a dotted
    bar where one continues from an earlier line, else blank."""
    glyph = " "
    for span in spans:
        if not span.flagged:
            continue
        if start <= span.start and (span.start < end or span.start == start):
            return FLAG_START
        if span.start < start < span.end:
            glyph = FLAG_CONTINUED
    return glyph
