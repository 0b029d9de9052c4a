"""Screen sizes: 80x24 to 200x50, and text that tries to push the layout out of place.

The screen is read as the terminal gets it: the strips Textual's compositor writes (the
same render ``App.export_screenshot`` makes), so a tab or a mis-measured character that
would shift the panel's border shows up here as it would on a real screen.
"""

from __future__ import annotations

import json

import pytest
from conftest import wait_ready
from textual.strip import Strip

from reader.cli.launch import load_config
from reader.core.errors import UserError
from reader.text.layout import DEFAULT_MEASURE, TAB_WIDTH, drawn_text
from reader.ui.screens.article import ArticleScreen
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.text_paint import FLAG_CONTINUED, FLAG_START, GUTTER

SIZES = [(80, 24), (120, 35), (200, 50)]

HARD_ARTICLES = {
    "tabs": "Col\tumns\tof\tdata and a sentence after.\n\tIndented paragraph. Second sentence here.\n" + "word\t" * 60,
    "mega-line": ("lorem ipsum dolor sit amet " * 40_000)[:1_000_000],
    "mega-word": "x" * 1_000_000,
    "wide": "中文记者报道：加沙地带的停火谈判仍在继续。👨\u200d👩\u200d👧 family 🇫🇷 flag ❤\ufe0f heart 👍🏽. "
    "한국어 문장도 있습니다. ﾊﾝｶｸ halfwidth 1\ufe0f\u20e3.\n" + "宽" * 300 + "\nEnd.",
    "combining": "Cafe\u0301 au lait, nai\u0308ve, Z\u0351\u0352\u0353a\u0354\u0355l\u0356g\u0357o. "
    "A lone mark \u0301 here, a joiner \u200d there.\n" + "e\u0301" * 300,
}


@pytest.fixture
def hard_corpus(tmp_path):
    path = tmp_path / "hard.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n, (article_id, text) in enumerate(HARD_ARTICLES.items()):
            record = {
                "id": article_id,
                "title": f"{article_id}\tarticle 中文",
                "source": "Test\tdesk",
                "published": f"2024-01-0{n + 1}",
                "text": text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def screen_strips(app) -> list[Strip]:
    """Each screen row as the compositor renders it for the terminal."""
    return app.screen._compositor.render_strips()


def cells(strip: Strip, x: int, width: int = 1) -> str:
    return strip.crop(x, x + width).text


def assert_in_place(app) -> None:
    """Every row fills the screen exactly, no tab reaches the terminal, the panel's border is
    one straight column, and each visible text line is drawn where the layout says."""
    screen = app.screen
    strips = screen_strips(app)
    width = app.size.width
    for strip in strips:
        assert strip.cell_length == width
        assert "\t" not in strip.text
    view = screen.view
    side = screen.query_one("#side")
    if side.display:
        border = side.region.x
        assert border + side.region.width == width
        for y in range(side.region.y, side.region.bottom):
            assert cells(strips[y], border) == "│", (y, strips[y].text)
        assert cells(strips[side.region.y], border + 2, 12) == "Entity types"
    layout = view.text_layout
    text = view.text
    region = view.scrollable_content_region
    x0 = region.x + view.text_left
    for y in range(region.height):
        index = view.scroll_offset.y + y
        if index >= len(layout):
            break
        line = layout.lines[index]
        expected = "".join(drawn_text(text[c.start : c.end], c.width) for c in line.cells)
        assert cells(strips[region.y + y], x0, line.width) == expected, (index, expected)
        assert x0 + line.width <= region.right


async def open_article(app, pilot, article_id: str) -> ArticleScreen:
    app.open_article(article_id)
    await pilot.pause()
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


@pytest.mark.parametrize("size", SIZES)
async def test_tabs_long_lines_wide_and_combining_text_never_move_the_panel(make_app, hard_corpus, size):
    app = make_app(hard_corpus)
    async with app.run_test(size=size) as pilot:
        await wait_ready(app, pilot)
        for article_id in HARD_ARTICLES:
            screen = await open_article(app, pilot, article_id)
            if not screen.query_one("#side").display:
                await pilot.press("P")  # 80 columns: the panel is out of the way until asked for
                await pilot.pause()
            assert screen.query_one("#side").display
            assert_in_place(app)
            screen.view.move_cursor(len(screen.article.text) // 2)  # the middle of a 1 MB line too
            await pilot.press("s", "1", "F")
            await pilot.pause()
            assert_in_place(app)
            (span,) = app.store.spans(article_id)
            assert span.quote == screen.article.text[span.start : span.end]
            await pilot.press("escape", "escape")
            await pilot.pause()


async def test_a_tab_is_drawn_as_spaces_and_a_click_after_it_finds_the_right_offset(make_app, hard_corpus):
    app = make_app(hard_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        screen = await open_article(app, pilot, "tabs")
        view = screen.view
        text = view.text
        after = text.index("umns")  # "Col\tumns": the first character after the tab
        y, x = view.text_layout.position(after)
        assert (y, x) == (0, 3 + TAB_WIDTH)
        row = screen_strips(app)[view.scrollable_content_region.y]
        x0 = view.scrollable_content_region.x + view.text_left
        assert cells(row, x0, 3 + TAB_WIDTH + 4) == "Col" + " " * TAB_WIDTH + "umns"
        await pilot.click(view, offset=(view.text_left + x, y))
        assert view.cursor == after
        await pilot.click(view, offset=(view.text_left + 3 + TAB_WIDTH - 1, y))  # the tab's last cell
        assert view.cursor == text.index("\t")
        await pilot.press("l")
        assert view.cursor == after


async def test_a_flagged_span_is_marked_in_the_gutter_and_the_text_does_not_move(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        view = screen.view
        text = view.text
        view.move_cursor(text.index("Recent leaks"))
        await pilot.press("s", "1")
        await pilot.pause()
        before = [strip.text for strip in screen_strips(app)]
        await pilot.press("F")
        await pilot.pause()
        (span,) = app.store.spans(screen.article.id)
        assert span.flagged and span.quote == text[span.start : span.end]
        layout = view.text_layout
        first, last = layout.line_of(span.start), layout.line_of(span.end - 1)
        assert last > first, "the sentence wraps at 80 columns"
        region = view.scrollable_content_region
        gutter_x = region.x + view.text_left - GUTTER
        strips = screen_strips(app)
        marks = {
            index: cells(strips[region.y + index - view.scroll_offset.y], gutter_x)
            for index in range(first - 1, last + 2)
        }
        assert marks == {
            first - 1: " ",
            first: FLAG_START,
            **dict.fromkeys(range(first + 1, last + 1), FLAG_CONTINUED),
            last + 1: " ",
        }
        after = [strip.text for strip in strips]
        # only the gutter changed: the text on every row is where it was
        for old, new in zip(before, after, strict=True):
            assert old[:gutter_x] + old[gutter_x + 1 :] == new[:gutter_x] + new[gutter_x + 1 :]
        await pilot.press("F")
        await pilot.pause()
        strips = screen_strips(app)
        assert all(cells(strips[region.y + i - view.scroll_offset.y], gutter_x) == " " for i in range(first, last + 1))


async def test_at_80_columns_the_text_has_the_width_and_P_shows_or_hides_the_panel(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        side = screen.query_one("#side")
        assert not side.display and screen.view.region.width == 80
        await pilot.press("P")
        await pilot.pause()
        assert side.display and side.region.width == 30 and screen.view.region.width == 50
        await pilot.press("tab")
        assert app.focused.id == "legend"
        await pilot.press("P")  # hiding the panel that has focus gives the focus back to the text
        await pilot.pause()
        assert not side.display and app.focused is screen.view
        await pilot.press("P")
        await pilot.resize_terminal(120, 35)
        await pilot.pause()
        assert side.display and side.region.width == 38
        await pilot.press("P")  # the choice holds at any width
        await pilot.pause()
        assert not side.display and screen.view.region.width == 120
        assert app.session.remembered("panel") is False  # remembered for the next session


async def test_the_panel_is_narrower_below_120_columns_and_hidden_below_100(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        side = app.screen.query_one("#side")
        widths = {}
        for width in (200, 120, 110, 100, 99, 80):
            await pilot.resize_terminal(width, 35)
            await pilot.pause()
            widths[width] = side.region.width if side.display else 0
        assert widths == {200: 38, 120: 38, 110: 30, 100: 30, 99: 0, 80: 0}


async def test_at_200_columns_the_text_keeps_a_readable_measure_centred(make_app):
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        layout = view.text_layout
        assert layout.width == DEFAULT_MEASURE
        assert max(line.width for line in layout.lines) <= DEFAULT_MEASURE + 1
        right = view.scrollable_content_region.width - view.text_left - DEFAULT_MEASURE
        assert abs((view.text_left - GUTTER) - right) <= 2  # the text column is centred
        assert_in_place(app)


@pytest.mark.parametrize(("measure", "expected"), [(60, 60), (0, None)])
async def test_the_measure_comes_from_the_app_setting(make_app, measure, expected):
    app = make_app()
    app.measure = measure
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        # no maximum: the text takes the whole view, less the gutter and the spare column
        assert view.text_layout.width == (expected or view.scrollable_content_region.width - GUTTER - 1)
        assert_in_place(app)


def write_config(isolated_dirs, text: str):
    path = isolated_dirs / "config" / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("value", ["72", "0", "400"])
def test_config_measure_is_read(isolated_dirs, value):
    write_config(isolated_dirs, f"theme: newsdesk-dark\nmeasure: {value}\n")
    assert load_config().measure == int(value)


@pytest.mark.parametrize("value", ["10", "-5", "wide", "true", "72.5", "[88]"])
def test_config_measure_errors_name_the_file_and_line(isolated_dirs, value):
    path = write_config(isolated_dirs, f"theme: newsdesk-dark\nmeasure: {value}\n")
    with pytest.raises(UserError, match=r"'measure' must be a whole number of columns, 20 or more") as err:
        load_config()
    assert str(err.value).startswith(f"{path}:2: ")


async def test_the_library_keeps_label_counts_at_80_and_widens_source_and_labels_at_200(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        article = app.load_article(app.screen.query_one("ArticleList").metas[0].id)
        await pilot.press("enter", "s", "1", "escape")  # a sentence of the first article tagged, back in the library
        await pilot.pause()
        columns = {}
        for width in (80, 120, 200):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            strips = screen_strips(app)
            header = next(strip.text for strip in strips if "Title" in strip.text and "Labels" in strip.text)
            row = next(strip.text for strip in strips if article.source[:8] in strip.text)
            assert "demand 1" in row, (width, row)
            columns[width] = (header.index("Source"), header.index("Date"), header.index("Labels"))
        source = {w: date - src for w, (src, date, _) in columns.items()}
        labels = {w: w - lab for w, (_, _, lab) in columns.items()}
        assert source[80] < source[120] < source[200] and labels[80] < labels[120] < labels[200]
        assert columns[200][0] <= 4 + 80 + 2  # the title column stops growing: the rest went right


@pytest.mark.parametrize("screen_name", ["library", "article"])
async def test_the_key_bar_keeps_help_at_80_columns(make_app, screen_name):
    from reader.ui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        if screen_name == "article":
            await pilot.press("enter")
            await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        text = bar.render().plain
        assert text.rstrip().endswith("? Help") and " …" in text  # the others are cut, with an ellipsis
        assert len(text) <= 80
        await pilot.click(KeyBar, offset=(text.rindex("Help"), 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_key_bar_shows_every_key_when_there_is_room(make_app):
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        text = app.screen.query_one(KeyBar).render().plain
        assert "…" not in text and "? Help" in text and text.rstrip().endswith("^p palette")


async def test_the_status_line_counts_a_new_span_at_once(make_app):
    app = make_app(clock=lambda: 0.0)  # no tick changes the line while the test reads it
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s", "1")
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "1 span " in status and "+1 span," in status, status


async def test_the_panel_choice_of_an_earlier_session_holds(make_app):
    app = make_app(session={"panel": True})
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#side").display
