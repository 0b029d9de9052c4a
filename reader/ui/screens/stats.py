"""The stats screen: the figures of ``annotations.stats`` as terminal charts.

Why these widgets: horizontal bars are a few lines of Rich ``Text`` sized to the widget
(label bars in the theme's label colours, the same colours spans have in the text);
the per-day series uses Textual's own ``Sparkline``. A plotting library (plotext via
textual-plotext) would add axes, but also ~3 MB of dependency, its own colour model,
and textual-plotext has not been released since 2024 and still pins plotext < 6.

The figures are computed in a thread so the screen opens at once; ``r`` counts again.
Every piece of data (label, annotator, title, quote) goes into ``rich.text.Text``
objects, never into markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Sparkline, Static

from annotations.schema import LabelSchema
from annotations.stats import Stats, bar, bucket, compute_stats, status_heading
from annotations.store.database import AnnotationStore, StoreCorrupt
from reader.core.wording import plural, status_name, with_spans
from reader.corpus.loader import Corpus
from reader.ui.commands import Command, bindings_for
from reader.ui.one_line import one_line
from reader.ui.theming import label_chip_style
from reader.ui.widgets.key_bar import KeyBar, KeyItem, command_items

if TYPE_CHECKING:
    from reader.ui.app import NewsdeskApp

STATUS_COLOURS = {"todo": "secondary", "in progress": "primary", "done": "success", "flagged": "warning"}
NAME_WIDTH = 30  # cells for the name column of a bar chart, at most


def fit(value: str, width: int) -> Text:
    """``value`` as Text of exactly ``width`` cells (cut with an ellipsis, or padded)."""
    text = Text(value)
    text.truncate(max(1, width), overflow="ellipsis", pad=True)
    return text


@dataclass(frozen=True)
class BarRow:
    name: str
    value: int
    style: Style | None = None


class BarChart(Widget):
    """Horizontal bars, one row per item: name, count, share of ``total``, bar."""

    DEFAULT_CSS = "BarChart { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[BarRow] = []
        self.total = 0

    def set_rows(self, rows: Iterable[BarRow], total: int = 0) -> None:
        self.rows = list(rows)
        self.total = total
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.rows))

    def render(self) -> Text:
        if not self.rows:
            return Text("(none)", style="dim")
        width = self.content_size.width or 80
        name_w = min(NAME_WIDTH, max(cell_len(row.name) for row in self.rows))
        count_w = max(len(f"{row.value:,}") for row in self.rows)
        share_w = 7 if self.total else 0
        bar_w = max(4, width - name_w - count_w - share_w - 3)
        top = max(row.value for row in self.rows)
        lines = []
        for row in self.rows:
            line = fit(row.name, name_w)
            line.append(f" {row.value:>{count_w},}")
            if self.total:
                line.append(f" {100 * row.value / self.total:>5.1f}%", style="dim")
            line.append("  ")
            line.append(bar(row.value, top, bar_w), style=row.style)
            lines.append(line)
        return Text("\n").join(lines)


class DaySparkline(Sparkline):
    """Spans per day; days are summed into as many columns as there are cells.

    Textual's sparkline scales from the smallest to the largest value, so when every day
    has annotations a zero column is put first: the smallest day then shows its height.
    """

    DEFAULT_CSS = "DaySparkline { height: 4; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__([], id=id)
        self.series: list[int] = []

    def set_series(self, series: Sequence[int]) -> None:
        self.series = list(series)
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.size.width or 80
        values = bucket(self.series, width)
        if values and min(values) > 0:
            values = [0, *bucket(self.series, width - 1)]
        self.data = values


class QuoteList(Widget):
    """The most frequent quotes per label: the label on its colour, then count × quote."""

    DEFAULT_CSS = "QuoteList { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.groups: list[tuple[str, Style | None, list[tuple[str, int]]]] = []

    def set_groups(self, groups: Iterable[tuple[str, Style | None, list[tuple[str, int]]]]) -> None:
        self.groups = list(groups)
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, sum(1 + len(quotes) for _, _, quotes in self.groups))

    def render(self) -> Text:
        if not self.groups:
            return Text("(no spans yet)", style="dim")
        width = self.content_size.width or 80
        count_w = max(len(f"{n:,}") for _, _, quotes in self.groups for _, n in quotes)
        lines = []
        for label, style, quotes in self.groups:
            lines.append(Text(f" {one_line(label)} ", style=style or ""))
            for quote, n in quotes:
                line = Text(f"  {n:>{count_w},}× ")
                line.append_text(fit(one_line(quote), width - line.cell_len))
                lines.append(line)
        return Text("\n").join(lines)


class StatsScreen(Screen):
    """Spans per label, status, annotator, day, article; top quotes. Esc or q closes."""

    AUTO_FOCUS = "#stats-body"
    app: NewsdeskApp  # the app it runs in, for the theme and the keys
    ACTIONS = (
        Command("stats.close", "escape,q", "close", "Close", "Close the statistics"),
        Command("stats.refresh", "r", "refresh_stats", "Refresh", "Count everything again"),
        Command("stats.down", "j", "scroll('down')", "Down", "Scroll down", show=False),
        Command("stats.up", "k", "scroll('up')", "Up", "Scroll up", show=False),
        Command("stats.top", "g", "scroll('home')", "Top", "Scroll to the top", show=False),
        Command("stats.bottom", "G", "scroll('end')", "Bottom", "Scroll to the bottom", show=False),
    )
    BINDINGS = bindings_for(ACTIONS)

    DEFAULT_CSS = """
    StatsScreen #stats-title { height: 1; background: $panel; padding: 0 1; text-style: bold; }
    StatsScreen #stats-body { height: 1fr; padding: 0 2; }
    StatsScreen .heading { text-style: bold; color: $accent; margin-top: 1; }
    StatsScreen #summary { margin-top: 1; }
    StatsScreen .caption { color: $foreground 70%; }
    """

    def __init__(self, store: AnnotationStore, schema: LabelSchema, corpus: Corpus | None, corpus_name: str) -> None:
        super().__init__()
        self.store = store
        self.schema = schema
        self.corpus = corpus  # the statuses are counted over it when it is listed
        self.corpus_name = corpus_name
        self.stats: Stats | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("Statistics"), id="stats-title")
        with VerticalScroll(id="stats-body"):
            yield Static(Content("counting…"), id="summary")
            yield Static(Content("Spans per label"), classes="heading")
            yield BarChart(id="labels")
            yield Static(Content("Articles by status"), classes="heading", id="status-heading")
            yield BarChart(id="status")
            yield Static(id="read", classes="caption")
            yield Static(Content("Spans per annotator"), classes="heading")
            yield BarChart(id="annotators")
            yield Static(Content("Annotations per day (UTC)"), classes="heading")
            yield DaySparkline(id="days")
            yield Static(id="days-caption", classes="caption")
            yield Static(Content("Articles with the most spans"), classes="heading", id="articles-heading")
            yield BarChart(id="articles")
            yield Static(Content("Most frequent quotes per label"), classes="heading")
            yield QuoteList(id="quotes")
        yield KeyBar(self.key_items, id="keys")

    def key_items(self) -> list[KeyItem]:
        return command_items(self.app, (self, self.ACTIONS), (self.app, self.app.ACTIONS))

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.compute()

    @work(thread=True, exclusive=True, group="stats")
    def compute(self) -> None:
        metas = self.corpus.metas if self.corpus is not None else None  # streamed: rows may come from disk
        try:
            stats = compute_stats(self.store, metas, labels=self.schema.names)
        except StoreCorrupt as err:  # a damaged table file: said where the figures would be, and kept
            self.app.call_from_thread(self.unreadable, str(err))
            return
        self.app.call_from_thread(self.show_stats, stats)

    def unreadable(self, problem: str) -> None:
        self.query_one("#summary", Static).update(Content(f"No statistics: {problem}"))
        self.app.notify(problem, severity="error", timeout=10, markup=False)

    def _theme_changed(self, _theme: str) -> None:
        # the app sets ``theme`` before ``theme_spec``: recolour once both have changed
        if self.stats is not None:
            self.call_after_refresh(self.show_stats, self.stats)

    # ----- filling the widgets -------------------------------------------------------------
    def show_stats(self, stats: Stats) -> None:
        self.stats = stats
        spec = self.app.theme_spec
        order = {name: i for i, name in enumerate(self.schema.names)}

        def label_style(name: str) -> Style:
            return Style(color=spec.label_color(name, order.get(name, len(order))))

        def ui_style(key: str) -> Style | None:
            colour = spec.ui.get(key)
            return Style(color=colour) if colour else None

        where = f"{self.store.path}" + (" (read-only)" if self.store.read_only else "")
        self.query_one("#stats-title", Static).update(Content(one_line(f"Statistics · {where}")))
        parts = [
            f"{plural(stats.spans, 'span')} in {plural(stats.articles_with_spans, 'article')}",
            plural(len(stats.annotators), "annotator"),
            plural(stats.flagged_spans, "flagged span"),
        ]
        self.query_one("#summary", Static).update(Content(" · ".join(parts)))

        self.query_one("#labels", BarChart).set_rows(
            (BarRow(one_line(name), n, label_style(name)) for name, n in stats.labels.items()), stats.spans
        )
        self.query_one("#status-heading", Static).update(Content(one_line(status_heading(stats, self.corpus_name))))
        self.query_one("#status", BarChart).set_rows(
            (
                BarRow(status_name(name), n, ui_style(STATUS_COLOURS.get(name, "accent")))
                for name, n in stats.status.items()
            ),
            stats.articles,
        )
        self.query_one("#read", Static).update(Content(f"read {stats.read:,} · unread {stats.unread:,}"))
        self.query_one("#annotators", BarChart).set_rows(
            (BarRow(one_line(name) or "(no name)", n, ui_style("accent")) for name, n in stats.annotators.items()),
            stats.spans,
        )
        series = stats.day_series()
        self.query_one("#days", DaySparkline).set_series([n for _, n in series])
        self.query_one("#days-caption", Static).update(Content(self._days_caption(stats, series)))
        self.query_one("#articles-heading", Static).update(
            Content(f"Articles with the most spans ({with_spans(stats.articles_with_spans)})")
        )
        self.query_one("#articles", BarChart).set_rows(
            BarRow(one_line(a.title) or a.id, a.spans, ui_style("primary")) for a in stats.top_articles
        )
        self.query_one("#quotes", QuoteList).set_groups(
            (label, label_chip_style(spec, label, order.get(label, len(order))), [(q.quote, q.count) for q in quotes])
            for label, quotes in stats.quotes.items()
        )

    @staticmethod
    def _days_caption(stats: Stats, series: list[tuple[str, int]]) -> str:
        if not series:
            return "no dated annotations" + (f" ({stats.undated:,} undated)" if stats.undated else "")
        peak_day, peak = max(series, key=lambda kv: (kv[1], kv[0]))
        active = sum(1 for _, n in series if n)
        text = (
            f"{series[0][0]} … {series[-1][0]} · {active:,} of {plural(len(series), 'day')} with annotations"
            f" · peak {peak:,} on {peak_day}"
        )
        if stats.undated:
            text += f" · {stats.undated:,} undated"
        return text

    # ----- actions ----------------------------------------------------------------------
    def action_close(self) -> None:
        self.dismiss()

    def action_refresh_stats(self) -> None:
        self.query_one("#summary", Static).update(Content("counting…"))
        self.compute()

    def action_scroll(self, where: str) -> None:
        body = self.query_one("#stats-body", VerticalScroll)
        move = {"down": body.scroll_down, "up": body.scroll_up, "home": body.scroll_home, "end": body.scroll_end}
        move[where](animate=False)
