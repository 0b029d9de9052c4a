"""The timeline screen: actors by date, each casualty series, and the contradictions between sources.

The chart (``reader.ui.widgets.timeline_chart``) shows the marks: actors and series by date, or
(``s``) each casualty series plotted as bars to scale with its sources. The list under it names
each mark (date, actor, relation, quote, figure, source) and Enter opens its passage in the article.
``w`` and ``r`` step through the window and ratio that decide what contradicts. The data come
from ``annotations.timeline_source`` (the same as ``newsdesk timeline``), computed in a thread
so the screen opens at once. Every quote and name goes into ``Content``/``Text``, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from annotations.store.database import StoreCorrupt
from annotations.timeline import Timeline
from annotations.timeline_source import timeline_from_store
from reader.core.wording import plural
from reader.ui.commands import Command, bindings_for
from reader.ui.one_line import one_line
from reader.ui.theming import label_chip_style
from reader.ui.widgets.key_bar import KeyBar, KeyItem, command_items
from reader.ui.widgets.timeline_chart import draw, draw_series

if TYPE_CHECKING:
    from reader.ui.app import NewsdeskApp

WINDOWS = (31, 7, 90, 365)  # days; the first is the default
RATIOS = (1.03, 1.05, 1.10, 1.25)


class TimelineScreen(Screen):
    """Esc or q closes; Enter on a mark opens its passage (y opens it, on every screen)."""

    AUTO_FOCUS = "#marks"
    app: NewsdeskApp
    ACTIONS = (
        Command("timeline.close", "escape,q", "close", "Close", "Leave the timeline, back where you were"),
        Command("timeline.window", "w", "next_window", "Window", "Compare figures within 31, 7, 90 or 365 days"),
        Command("timeline.ratio", "r", "next_ratio", "Ratio", "Flag figures apart by more than 3, 5, 10 or 25%"),
        Command(
            "timeline.series",
            "s",
            "toggle_series",
            "Series",
            "Switch the chart between actors by date and the casualty series plot",
        ),
    )
    BINDINGS = bindings_for(ACTIONS)

    # The gutter is kept for the scroll bar, so the chart drawn to the body's width still fits
    # when the marks grow long enough to scroll.
    DEFAULT_CSS = """
    TimelineScreen #timeline-title { height: 1; background: $panel; padding: 0 1; text-style: bold; }
    TimelineScreen #timeline-body { height: 1fr; padding: 0 1; scrollbar-gutter: stable; }
    TimelineScreen #chart { height: auto; margin-bottom: 1; }
    TimelineScreen #marks { height: auto; max-height: 100%; border: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.window = WINDOWS[0]
        self.ratio = RATIOS[0]
        self.timeline: Timeline | None = None
        self.series_plot = False  # the chart: actors and series by date (False), or each series as bars

    def compose(self) -> ComposeResult:
        yield Static(Content("Timeline"), id="timeline-title")
        with VerticalScroll(id="timeline-body"):
            yield Static(Content("reading the links…"), id="chart")
            yield OptionList(id="marks")
        yield KeyBar(self.key_items, id="keys")

    def key_items(self) -> list[KeyItem]:
        return command_items(self.app, (self, self.ACTIONS), (self.app, self.app.ACTIONS))

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda _theme: self.call_after_refresh(self.show_timeline), init=False)
        self.compute()

    @work(thread=True, exclusive=True, group="timeline")
    def compute(self) -> None:
        app = self.app
        metas = list(app.corpus.metas) if app.corpus is not None else []
        try:
            timeline = timeline_from_store(app.store, metas, window_days=self.window, ratio=self.ratio)
        except StoreCorrupt as err:  # a damaged table file: said where the chart would be, and kept
            app.call_from_thread(self.unreadable, str(err))
            return
        app.call_from_thread(self._computed, timeline)

    def unreadable(self, problem: str) -> None:
        self.query_one("#chart", Static).update(Content(f"No timeline: {problem}"))
        self.app.notify(problem, severity="error", timeout=10, markup=False)

    def _computed(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.show_timeline()

    def on_resize(self) -> None:
        if self.timeline is not None:  # after the layout, which gives the chart its new width
            self.call_after_refresh(self.show_timeline)

    def show_timeline(self) -> None:
        timeline = self.timeline
        if timeline is None:
            return
        spec, names = self.app.theme_spec, self.app.schema.names

        def label_style(name: str):
            return label_chip_style(spec, name, names.index(name) if name in names else len(names))

        width = max(40, self.query_one("#chart").content_size.width or self.size.width - 4)
        chart = draw_series if self.series_plot else draw
        self.query_one("#chart", Static).update(chart(timeline, width, label_style))
        title = (
            f"Timeline{' · series plot' if self.series_plot else ''} · {plural(len(timeline.records), 'link')}"
            f" · {plural(len(timeline.series), 'series', 'series')}"
            f" · {plural(len(timeline.contradictions), 'contradiction')} ({self.window} days, "
            f"{round((self.ratio - 1) * 100)}%)"
        )
        self.query_one("#timeline-title", Static).update(Content(title))
        marks = self.query_one("#marks", OptionList)
        highlighted = marks.highlighted
        marks.set_options(self._options(timeline))
        if marks.option_count:
            marks.highlighted = min(highlighted or 0, marks.option_count - 1)

    def _options(self, timeline: Timeline) -> list[Option]:
        """The contradictions first, then every link and casualty figure in date order (undated last),
        then the figures still to complete; each opens its passage."""
        options = []
        for c in timeline.contradictions:
            text = (
                f"⚠ {timeline.series_name(c.series)}: {c.first.figure.describe()} ({one_line(c.first.source, 24)}, "
                f"{c.first.date}) vs {c.second.figure.describe()} ({one_line(c.second.source, 24)}, {c.second.date})"
            )
            options.append(Option(Content(text), id=f"{c.second.article_id}|{c.second.start}|c{len(options)}"))
        marks: list[tuple[tuple[bool, str, str, int], str, str, int]] = []  # (order, text, article id, start)
        contradicting = {p.span_id for c in timeline.contradictions for p in (c.first, c.second)}
        for r in timeline.records:
            figure = f" = {r.figure.describe()}" if r.figure is not None else ""
            sign = "⚠ " if r.span_id in contradicting else ""
            text = (
                f"{r.date or 'undated':10}  {sign}{one_line(r.actor or r.source or '–', 20)}: "
                f"{r.label} -{r.relation}-> {one_line(r.other_quote, 24)} “{one_line(r.quote, 50)}”{figure}"
            )
            marks.append(((not r.date, r.date, r.article_id, r.start), text, r.article_id, r.start))
        linked = {r.span_id for r in timeline.records}
        for points in timeline.series.values():  # the series view: each figure with its qualifier and source
            for p in points:
                if p.span_id in linked:
                    continue  # listed with its link
                sign = "⚠ " if p.span_id in contradicting else ""
                text = (
                    f"{p.date or 'undated':10}  {sign}{one_line(p.source or '–', 20)}: {p.figure.describe()} "
                    f"“{one_line(p.quote, 40)}”"
                )
                marks.append(((not p.date, p.date, p.article_id, p.start), text, p.article_id, p.start))
        for _, text, article_id, start in sorted(marks, key=lambda mark: mark[0]):  # stable: links first on a tie
            options.append(Option(Content(text), id=f"{article_id}|{start}|m{len(options)}"))
        for p in timeline.unplaced:
            text = f"{p.date or 'undated':10}  to complete: “{one_line(p.quote, 40)}” {p.figure.describe()}"
            options.append(Option(Content(text), id=f"{p.article_id}|{p.start}|u{len(options)}"))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the mark's passage: the article, with the cursor on it."""
        event.stop()
        article_id, start, _ = (event.option.id or "").rsplit("|", 2)
        app = self.app
        app.session.remember_position(article_id, int(start))
        self.dismiss()
        app.open_article(article_id)

    def action_close(self) -> None:
        self.dismiss()

    def action_next_window(self) -> None:
        self.window = WINDOWS[(WINDOWS.index(self.window) + 1) % len(WINDOWS)]
        self.compute()

    def action_toggle_series(self) -> None:
        self.series_plot = not self.series_plot
        self.show_timeline()

    def action_next_ratio(self) -> None:
        self.ratio = RATIOS[(RATIOS.index(self.ratio) + 1) % len(RATIOS)]
        self.compute()
