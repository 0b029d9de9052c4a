"""Pilot tests of the stats screen: it shows the store's numbers as bars, sparkline and quotes."""

from __future__ import annotations

import re

import pytest
from conftest import wait_ready
from textual.containers import VerticalScroll
from textual.widgets import Static

from annotations.model import Span
from annotations.store.database import AnnotationStore
from reader.corpus.loader import open_corpus
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.stats import BarChart, DaySparkline, QuoteList, StatsScreen


def span(article, start, end, label, annotator, created):
    return Span(
        id=f"{article.id}-{start}-{label}",
        article_id=article.id,
        text_sha256=article.sha256,
        start=start,
        end=end,
        label=label,
        quote=article.text[start:end],
        annotator=annotator,
        created=created,
        updated=created,
    )


def words(article):
    """(start, end) of the distinct words of 4+ letters, in text order."""
    seen, out = set(), []
    for match in re.finditer(r"[A-Za-z]{4,}", article.text):
        if match.group().casefold() not in seen:
            seen.add(match.group().casefold())
            out.append(match.span())
    return out


@pytest.fixture
def filled_db(tmp_path):
    """Two seed articles annotated: 2 demand (ann, bob) + 1 concession over two days; one done, one read."""
    corpus = open_corpus(None)
    first, second = (corpus.load(meta.id) for meta in corpus.metas[:2])
    path = tmp_path / "stats.db"
    one, two = words(first)[:2]
    with AnnotationStore.open(path, annotator="ann") as db:
        db.import_spans(
            first,
            [
                span(first, *one, "demand", "ann", "2026-02-01T10:00:00+00:00"),
                span(first, *two, "demand", "bob", "2026-02-02T10:00:00+00:00"),
            ],
        )
        db.import_spans(second, [span(second, *words(second)[0], "concession", "ann", "2026-02-02T11:00:00+00:00")])
        db.set_status(second.id, "done")
        db.set_read(first.id, True)
    return path, first, second


async def open_stats(app, pilot):
    await wait_ready(app, pilot)
    await pilot.press("S")
    await wait_ready(app, pilot)
    return app.screen


async def test_stats_screen_shows_the_numbers(make_app, filled_db):
    path, first, second = filled_db
    app = make_app(db=path)
    async with app.run_test(size=(110, 60)) as pilot:
        screen = await open_stats(app, pilot)
        assert isinstance(screen, StatsScreen)
        assert str(screen.query_one("#summary", Static).content) == (
            "3 spans in 2 articles · 2 annotators · 0 flagged spans"
        )
        labels = screen.query_one("#labels", BarChart)
        assert [(row.name, row.value) for row in labels.rows] == [
            ("demand", 2),
            ("concession", 1),
            ("actor", 0),
            ("casualty figure", 0),
            ("source", 0),
        ]
        lines = labels.render().plain.splitlines()
        assert lines[0].split()[:3] == ["demand", "2", "66.7%"] and "█" in lines[0]
        assert "█" not in lines[2] and "▏" not in lines[2]  # zero: no bar
        status = screen.query_one("#status", BarChart)
        assert {row.name: row.value for row in status.rows} == {
            "to do": 3,
            "in progress": 1,
            "done": 1,
            "flagged": 0,
            "rejected": 0,
            "ignored": 0,
        }
        assert "corpus" in str(screen.query_one("#status-heading", Static).content)
        assert str(screen.query_one("#read", Static).content) == "read 1 · unread 4"
        annotators = screen.query_one("#annotators", BarChart)
        assert [(row.name, row.value) for row in annotators.rows] == [("ann", 2), ("bob", 1)]
        days = screen.query_one("#days", DaySparkline)
        assert days.series == [1, 2]
        assert list(days.data) == [0, 1, 2]  # a zero column first: the sparkline scales from the minimum
        caption = str(screen.query_one("#days-caption", Static).content)
        assert caption.startswith("2026-02-01 … 2026-02-02 · 2 of 2 days") and "peak 2 on 2026-02-02" in caption
        articles = screen.query_one("#articles", BarChart)
        assert [(row.name, row.value) for row in articles.rows] == [(first.title, 2), (second.title, 1)]
        quotes = screen.query_one("#quotes", QuoteList)
        (a, b), (c, d) = words(first)[:2]
        (e, f) = words(second)[0]
        demand = sorted([first.text[a:b], first.text[c:d]], key=str.casefold)
        assert [(label, items) for label, _, items in quotes.groups] == [
            ("demand", [(demand[0], 1), (demand[1], 1)]),
            ("concession", [(second.text[e:f], 1)]),
        ]
        assert "demand" in quotes.render().plain


async def test_label_bars_use_the_theme_label_colours_and_follow_a_theme_change(make_app, filled_db):
    app = make_app(db=filled_db[0])
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await open_stats(app, pilot)
        names = app.schema.names
        labels = screen.query_one("#labels", BarChart)

        def colours():
            return [row.style.color.name for row in labels.rows]

        assert colours() == [app.theme_spec.label_color(row.name, names.index(row.name)).lower() for row in labels.rows]
        before = colours()
        await pilot.press("T")
        await pilot.pause()
        await pilot.pause()
        assert app.theme_spec.name != "newsdesk-dark"
        assert colours() == [app.theme_spec.label_color(row.name, names.index(row.name)).lower() for row in labels.rows]
        assert colours() != before


async def test_refresh_counts_again_and_escape_or_q_closes(make_app, filled_db):
    path, first, _ = filled_db
    app = make_app(db=path)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await open_stats(app, pilot)
        app.store.add_span(first, 30, 40, "casualty figure")
        await pilot.press("r")
        await wait_ready(app, pilot)
        assert screen.query_one("#labels", BarChart).rows[1].value == 1
        assert str(screen.query_one("#summary", Static).content).startswith("4 spans in 2 articles")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await open_stats(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_scrolls_with_vim_keys_and_handles_an_empty_store(make_app):
    app = make_app()
    async with app.run_test(size=(80, 16)) as pilot:
        screen = await open_stats(app, pilot)
        assert str(screen.query_one("#summary", Static).content).startswith("0 spans in 0 articles")
        assert screen.query_one("#labels", BarChart).rows[0].value == 0
        assert screen.query_one("#quotes", QuoteList).render().plain == "(no spans yet)"
        assert str(screen.query_one("#days-caption", Static).content) == "no dated annotations"
        body = screen.query_one("#stats-body", VerticalScroll)
        assert body.max_scroll_y > 0
        await pilot.press("j", "j")
        assert body.scroll_y == 2
        await pilot.press("G")
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("g")
        assert body.scroll_y == 0


async def test_newsdesk_stats_prints_the_figures_of_the_stats_screen(make_app, filled_db, tmp_path, capsys):
    """Both count statuses over the corpus the app opens by default: the seeds and the library."""
    import json

    from reader.cli.main import main
    from reader.core.wording import status_name

    path = filled_db[0]
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "lib-1", "title": "Library article", "text": "Talks went on."}) + "\n")
    assert main(["import", str(extra)]) == 0
    app = make_app(db=path)
    async with app.run_test(size=(110, 60)) as pilot:
        screen = await open_stats(app, pilot)
        shown = {row.name: row.value for row in screen.query_one("#status", BarChart).rows}
        heading = str(screen.query_one("#status-heading", Static).content)
        read = str(screen.query_one("#read", Static).content)
    assert shown == {"to do": 4, "in progress": 1, "done": 1, "flagged": 0, "rejected": 0, "ignored": 0}
    capsys.readouterr()
    assert main(["stats", "--db", str(path), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)["status"]
    assert {
        status_name(name): status[name] for name in ("todo", "in progress", "done", "flagged", "rejected", "ignored")
    } == shown
    assert f"read {status['read']} · unread {status['unread']}" == read
    assert main(["stats", "--db", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert heading == "Articles by status (corpus seeds + library)" and heading in lines
    assert read in lines


def test_piped_stats_at_80_columns_keep_the_spans_column(filled_db, capsys, monkeypatch):
    from reader.cli.main import main

    path, first, second = filled_db
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["stats", "--db", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Articles with the most spans"))
    assert lines[at + 1].split() == ["spans", "id", "title"]
    rows = [line.split(None, 2) for line in lines[at + 2 : at + 4]]
    assert [(n, article_id) for n, article_id, _ in rows] == [("2", first.id), ("1", second.id)]
    assert all(len(line) <= 80 for line in lines[at + 1 : at + 4])


@pytest.mark.parametrize("theme", ["newsdesk-dark", "newsdesk-light", "newsdesk-high-contrast"])
async def test_quote_label_chips_are_readable(make_app, filled_db, theme):
    """Each label over its quotes is drawn in the theme's in-span text colour on the label
    colour (white on cyan was 1.25:1 in the high-contrast theme)."""
    from test_theme_contrast import AA, contrast

    app = make_app(db=filled_db[0], theme=theme)
    async with app.run_test(size=(110, 60)) as pilot:
        screen = await open_stats(app, pilot)
        groups = screen.query_one("#quotes", QuoteList).groups
        assert [label for label, _, _ in groups] == ["demand", "concession"]
        for label, style, _ in groups:
            assert style.bgcolor is not None and style.color is not None, label
            assert contrast(style.color, style.bgcolor) >= AA, label
