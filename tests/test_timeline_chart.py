"""The timeline chart as text: date columns, actor letters, series numbers with qualifier signs and '!'."""

from __future__ import annotations

from rich.style import Style

from annotations.figure_value import Figure
from annotations.links import Link
from annotations.model import Span
from annotations.timeline import build_timeline
from reader.core.article import ArticleMeta
from reader.ui.widgets.timeline_chart import draw, draw_series, short_number


def span(id, article, label, quote, start=0):
    return Span(id, article, "sha", start, start + len(quote), label, quote)


def seed_like_timeline():
    articles = [
        ArticleMeta("a", "A", "Al Jazeera", "2023-10-27"),
        ArticleMeta("b", "B", "Reuters", "2023-11-15"),
        ArticleMeta("c", "C"),
    ]
    spans = [
        span("d", "c", "demand", "Hamas is demanding"),
        span("h", "c", "actor", "Hamas"),
        span("f1", "a", "casualty figure", "captured approximately 250 Israelis"),
        span("f2", "a", "casualty figure", "at least 229 people", 60),
        span("f3", "b", "casualty figure", "captured about 240 Israelis"),
        span("s", "a", "source", "the Israeli army", 90),
    ]
    links = [Link("l", "c", "d", "h", "by"), Link("r", "a", "f2", "s", "reported by")]
    figures = {"f2": Figure(229, 229, "at least", "Israelis", "captured")}
    return build_timeline(articles, spans, links, figures, ratio=1.05)


def test_actors_by_date_and_the_series_with_contradictions_marked():
    timeline = seed_like_timeline()
    lines = draw(timeline, 80, lambda label: Style()).plain.splitlines()
    assert lines[0].split() == ["2023", "10-27", "11-15", "undated"]  # the year, where the names are
    hamas = next(line for line in lines if line.startswith("Hamas"))
    assert hamas.split() == ["Hamas", "D"] and hamas.index("D") == lines[0].index("undated")
    series = next(line for line in lines if line.startswith("Israelis captured"))  # as the figure writes it
    assert "~250! ≥229!" in series and "~240" in series and "~240!" not in series


def test_the_last_line_says_what_the_letters_and_signs_shown_stand_for():
    legend = draw(seed_like_timeline(), 80, lambda label: Style()).plain.splitlines()[-1]
    parts = legend.split(" · ")
    assert "D demand" in parts and "~ about" in parts and "≥ at least" in parts
    assert "! contradicts another source" in parts
    assert not any(part.startswith(("C ", "> ", "< ", "≤ ")) for part in parts)  # none of those is on the chart
    # too narrow for 10-27 (the ≥ and ! figures): the legend names only what the shown columns hold
    narrow = draw(seed_like_timeline(), 30, lambda label: Style()).plain.splitlines()
    assert any("+1 earlier" in line for line in narrow) and narrow[-1].split(" · ") == ["D demand", "~ about"]


def test_when_the_dates_do_not_fit_the_latest_show_and_the_earlier_are_counted():
    articles = [ArticleMeta(f"a{day}", "T", "Wire", f"2023-11-{day:02d}") for day in range(1, 21)]
    spans = [span(f"d{day}", f"a{day}", "demand", "Hamas demands") for day in range(1, 21)]
    spans += [span(f"h{day}", f"a{day}", "actor", "Hamas", 20) for day in range(1, 21)]
    links = [Link(f"l{day}", f"a{day}", f"d{day}", f"h{day}", "by") for day in range(1, 21)]
    lines = draw(build_timeline(articles, spans, links), 80, lambda label: Style()).plain.splitlines()
    assert all(len(line) <= 80 for line in lines)
    header = next(line for line in lines if "earlier" in line)
    assert header.split()[-1] == "11-20" and "11-01" not in header
    hidden = int(header.split()[0].lstrip("+"))
    assert hidden + len(header.split()) - 2 == 20  # "+N", "earlier", then one column a date
    assert "2023" in lines[0]  # the year is still said, over the columns


def test_short_numbers_and_an_empty_timeline():
    assert short_number(Figure(11000, 11000, "more than")) == ">11k"
    assert short_number(Figure(1_400_000, 1_400_000, "nearly")) == "<1.4M"
    assert short_number(Figure(48, 72)) == "48-72"
    empty = build_timeline([], [], [])
    assert "Nothing on the timeline yet" in draw(empty, 80, lambda label: Style()).plain


def test_the_series_plot_has_a_bar_per_figure_with_its_qualifier_source_and_contradiction():
    timeline = seed_like_timeline()
    for width in (80, 120):
        lines = draw_series(timeline, width, lambda label: Style()).plain.splitlines()
        assert all(len(line) <= width for line in lines)
        assert lines[0].startswith("Israelis captured")
        p250, p229, p240 = lines[1:4]
        assert p250.split()[:2] == ["2023-10-27", "~250"] and "Al Jazeera" in p250 and p250.rstrip().endswith("⚠")
        assert "≥229" in p229 and "the Israeli army" in p229  # its source is the linked source span
        assert "~240" in p240 and "Reuters" in p240 and "⚠" not in p240
        bars = [line.count("█") for line in (p250, p229, p240)]
        assert bars[0] > bars[2] > bars[1] > 0  # to scale: 250 > 240 > 229
    assert "no casualty series" in draw_series(build_timeline([], [], []), 80, lambda label: Style()).plain


def test_columns_in_two_years_say_which_year_each_starts():
    """ "06-10" after "11-15" reads as going back in time unless the year is written over it."""
    articles = [ArticleMeta("a", "A", "Al Jazeera", "2023-11-15"), ArticleMeta("b", "B", "", "2025-06-10")]
    spans = [
        span("f", "a", "casualty figure", "captured about 240 Israelis"),
        span("d", "b", "demand", "Hamas is demanding"),
        span("h", "b", "actor", "Hamas", 40),
    ]
    timeline = build_timeline(articles, spans, [Link("l", "b", "d", "h", "by")])
    years, days, *_ = draw(timeline, 80, lambda label: Style()).plain.splitlines()
    assert years.split() == ["2023", "2025"] and days.split() == ["11-15", "06-10"]
    assert years.index("2023") == days.index("11-15") and years.index("2025") == days.index("06-10")
