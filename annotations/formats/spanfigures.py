"""Which casualty figure a span carries into an export: the analyst's, else its quote's parse.

Why apart: every writer counts figures as spans stream by (``core.check_quotes``), and the formats
that carry them write the same value (``relations.extras``); both ask here, so they always agree.
"""

from __future__ import annotations

from annotations.figure_value import Figure
from annotations.figures import may_hold_number, parse_figure
from annotations.model import Span

FIGURE_LABEL = "casualty figure"  # as annotations.timeline: the label whose spans have figures


def figure_for(figures: dict[str, Figure], span: Span) -> Figure | None:
    """The span's figure: the analyst's (``figures`` by span id), else the one parsed from a
    casualty figure's quote; None for other spans and quotes with no figure to read."""
    if span.id in figures:
        return figures[span.id]
    if span.label != FIGURE_LABEL or not may_hold_number(span.quote):
        return None
    parsed = parse_figure(span.quote)
    return parsed if isinstance(parsed, Figure) else None
