"""The timeline drawn as Rich text: actors (rows) by date (columns), then each casualty series.

Why Rich text and not a plotting widget: textual-plotext has had no release since 2024 and pins
plotext < 6, whose 6.x rewrite changed its whole API; textual-plot is maintained but pre-1.0 and
pulls numpy and a canvas package in at run time. What is drawn here is a grid of a few dozen
marks with words beside them (a qualifier, a source), which a character grid says better than
a braille plot; and it takes its colours from the theme's label colours, like the spans in the
text, so it reads in every theme and at 80 columns.

A cell of an actor row holds one letter per linked span that day (``D`` demand, ``C``
concession, ``F`` figure, else the label's first letter); a cell of a series row holds the
figure's stated number with its qualifier as a sign (``>`` more than, ``≥`` at least, ``~``
about, ``<`` nearly / fewer than, ``≤`` up to) and ``!`` where it contradicts another source.

Columns are headed by month and day; the year heads the name column, or, when the columns
span more than one year, a row above them where each year starts.

The series plot (``draw_series``, the screen's second view) gives each casualty series its own
block: one line a figure, in date order, with its date, stated number, a bar to scale (``█`` to
the low end, ``░`` on to the high end of a range or a multitude like "dozens"), its source and
``⚠`` where it contradicts another source. The bars are drawn in the text colour, so they read
in every theme; the number wears the label's colour as in the grid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.style import Style
from rich.text import Text

from annotations.figure_value import Figure
from annotations.timeline import Timeline

UNDATED = "undated"
SIGNS = {"more than": ">", "at least": "≥", "about": "~", "nearly": "<", "up to": "≤", "fewer than": "<"}
CELL = 8  # cells per date column


def short_number(figure: Figure) -> str:
    """A number in few cells: "11,000" -> "11k", "1,400,000" -> "1.4M"; a range as "48-72"."""

    def one(n: int) -> str:
        if n >= 1_000_000:
            return f"{n / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"
        if n >= 10_000:
            return f"{n // 1000}k"
        return str(n)

    number = one(figure.low) if figure.low == figure.high else f"{one(figure.low)}-{one(figure.high)}"
    return SIGNS.get(figure.qualifier, "") + number


def columns(timeline: Timeline) -> list[str]:
    """The dates that have a mark, in order, then "undated" if any mark has none."""
    dates = {r.date for r in timeline.records} | {p.date for ps in timeline.series.values() for p in ps}
    out = sorted(d for d in dates if d)
    return out + ([UNDATED] if "" in dates else [])


def draw(timeline: Timeline, width: int, label_style: Callable[[str], Style]) -> Text:
    """The chart at ``width`` cells: the name column takes what the date columns leave; a date
    column is as wide as its widest cell (at least ``CELL``), so two figures of one day both show."""
    dates = columns(timeline)
    if not dates:
        return Text(
            "Nothing on the timeline yet: link a demand or concession to an actor (m), or tag a casualty figure (3)."
        )
    contradicting = {c.first.span_id for c in timeline.contradictions} | {
        c.second.span_id for c in timeline.contradictions
    }
    rows = timeline.rows()
    actor_cells = {
        (actor, date): [r for r in records if (r.date or UNDATED) == date]
        for actor, records in rows.items()
        for date in dates
    }
    series_cells = {
        (key, date): " ".join(
            short_number(p.figure) + ("!" if p.span_id in contradicting else "")
            for p in points
            if (p.date or UNDATED) == date and isinstance(p.figure, Figure)
        )
        for key, points in timeline.series.items()
        for date in dates
    }
    widths = {
        date: max(
            CELL,
            *(len(series_cells[(key, date)]) + 1 for key in timeline.series),
            *(len(actor_cells[(actor, date)]) + 1 for actor in rows),
        )
        for date in dates
    }
    name_width = max(12, min(28, width - sum(widths.values()) - 1))
    shown: list[str] = []
    used = name_width
    for date in reversed(dates):  # the latest columns when not all fit: what happened last matters most
        if used + widths[date] > width and shown:
            break
        shown.insert(0, date)
        used += widths[date]
    hidden = len(dates) - len(shown)  # the earlier ones, still in the list under the chart
    out = Text(no_wrap=True, overflow="ellipsis")
    years = sorted({date[:4] for date in shown if date != UNDATED})
    if len(years) > 1 or (hidden and years):  # a row of years over the columns where each starts
        out.append_text(_cell("", name_width))
        year = ""
        for date in shown:
            out.append_text(_cell(date[:4] if date[:4] != year and date != UNDATED else "", widths[date], "bold"))
            year = date[:4]
        out.append("\n")
    if hidden:
        out.append_text(_cell(f"+{hidden} earlier", name_width, "bold"))
    else:  # one year: said once, where the names are
        out.append_text(_cell(years[0] if len(years) == 1 else "", name_width, "bold"))
    for date in shown:
        out.append_text(_cell(date[5:] if date != UNDATED else date, widths[date], "bold"))
    out.append("\n")
    for actor in rows:
        out.append_text(_cell(actor, name_width))
        for date in shown:
            cell = Text()
            for record in actor_cells[(actor, date)]:
                cell.append(_letter(record.label), style=label_style(record.label))
            out.append_text(cell)
            out.append(" " * (widths[date] - cell.cell_len))
        out.append("\n")
    for key in timeline.series:
        out.append_text(_cell(timeline.series_name(key), name_width, "italic"))
        for date in shown:
            body = series_cells[(key, date)]
            out.append_text(_cell(body, widths[date], label_style("casualty figure") if body else ""))
        out.append("\n")
    out.append("\n")
    labels = [r.label for actor in rows for date in shown for r in actor_cells[(actor, date)]]
    out.append_text(
        _legend(labels, [series_cells[(key, date)] for key in timeline.series for date in shown], label_style)
    )
    out.rstrip()
    return out


def _legend(labels: list[str], series: Iterable[str], label_style: Callable[[str], Style]) -> Text:
    """What the letters and signs in the shown columns stand for, one line."""
    parts: list[Text] = []
    for label in dict.fromkeys(labels):  # in the order they first appear
        part = Text(_letter(label), style=label_style(label))
        part.append(f" {label}")
        parts.append(part)
    cells = " ".join(series)
    meanings: dict[str, list[str]] = {}
    for words, sign in SIGNS.items():
        meanings.setdefault(sign, []).append(words)
    parts += [Text(f"{sign} {' or '.join(words)}") for sign, words in meanings.items() if sign in cells]
    if "!" in cells:
        parts.append(Text("! contradicts another source"))
    return Text(" · ").join(parts)


def _cell(value: str, width: int, style: Style | str = "") -> Text:
    text = Text(" ".join(value.split()), style=style)
    text.truncate(width - 1, overflow="ellipsis")
    text.pad_right(width - text.cell_len)
    return text


def _letter(label: str) -> str:
    return {"demand": "D", "concession": "C", "casualty figure": "F"}.get(label, (label[:1] or "?").upper())


SOURCE_WIDTH = 24  # cells for a figure's source in the series plot


def draw_series(timeline: Timeline, width: int, label_style: Callable[[str], Style]) -> Text:
    """Each casualty series as bars to scale, one line a figure, at ``width`` cells."""
    if not timeline.series:
        return Text("There is no casualty series yet: a casualty figure (3) that says who and what (f) starts one.")
    contradicting = {p.span_id for c in timeline.contradictions for p in (c.first, c.second)}
    numbers = [short_number(p.figure) for ps in timeline.series.values() for p in ps if isinstance(p.figure, Figure)]
    number_width = max(map(len, numbers), default=1)
    bar_width = max(8, width - 10 - 1 - number_width - 1 - 1 - SOURCE_WIDTH - 2)
    out = Text(no_wrap=True, overflow="ellipsis")
    for key, points in timeline.series.items():
        figures = [p for p in points if isinstance(p.figure, Figure)]
        if not figures:
            continue
        if out:
            out.append("\n")
        out.append(timeline.series_name(key), style="bold italic")
        top = max(p.figure.high for p in figures) or 1
        for p in figures:
            low = max(1, round(p.figure.low / top * bar_width))
            high = max(low, round(p.figure.high / top * bar_width))
            out.append("\n")
            out.append(f"{p.date or UNDATED:10} ")
            out.append_text(_cell(short_number(p.figure), number_width + 1, label_style("casualty figure")))
            out.append("█" * low + "░" * (high - low) + " " * (bar_width - high + 1))
            out.append_text(_cell(p.source or "–", SOURCE_WIDTH + 1))
            if p.span_id in contradicting:
                out.append("⚠", style="bold")
    out.rstrip()
    return out
