"""Pilot tests of reading: entities are styled at their offsets, types can be hidden."""

from __future__ import annotations

from conftest import wait_ready

from reader.ui.screens.article import ArticleScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.text_paint import cell_runs, plain_runs


def styled_cells(view: ArticleView) -> dict[int, str]:
    """Offset -> the text of each rendered segment's first cell, with its style, for visible lines."""
    out = {}
    for y in range(view.scrollable_content_region.height):
        index = view.scroll_offset.y + y
        if index >= len(view.text_layout):
            break
        line = view.text_layout.lines[index]
        strip = view.render_line(y)
        x = 0
        cells = {view.text_left + c.x: c for c in line.cells}  # the text starts after the gutter
        for segment in strip:
            cell = cells.get(x)
            if cell is not None and segment.style is not None:
                out[cell.start] = str(segment.style)
            x += segment.cell_length
    return out


def segment_style_at(view: ArticleView, offset: int):
    y, x = view.text_layout.position(offset)
    x += view.text_left  # the text starts after the gutter
    strip = view.render_line(y - view.scroll_offset.y)
    pos = 0
    for segment in strip:
        if pos <= x < pos + segment.cell_length:
            return segment.style
        pos += segment.cell_length
    return None


async def open_first(app, pilot):
    await wait_ready(app, pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


async def test_entities_are_styled_at_their_offsets(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_first(app, pilot)
        view = screen.view
        spec = app.theme_spec
        visible_end = view.text_layout.lines[min(len(view.text_layout), 30) - 1].end
        shown = [e for e in screen.entities if e.end <= visible_end]
        assert shown, "the first screen of a seed article has entities"
        for entity in shown:
            style = segment_style_at(view, entity.start)
            expected = spec.entity_style(entity.label)
            assert style.color == expected.color, (entity, style)
        # a character that is in no entity has no entity colour
        plain = next(
            i
            for i in range(visible_end)
            if not any(e.start <= i < e.end for e in screen.entities) and not view.text[i].isspace()
        )
        plain_style = segment_style_at(view, plain)
        assert plain_style.color not in {spec.entity_style(e.label).color for e in shown}


async def test_hiding_a_type_removes_its_styling(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_first(app, pilot)
        view = screen.view
        norp = next(e for e in screen.entities if e.label == "NORP")
        expected = app.theme_spec.entity_style("NORP").color
        assert segment_style_at(view, norp.start).color == expected
        legend = screen.query_one("#legend")
        index = next(i for i in range(legend.option_count) if legend.get_option_at_index(i).value == "NORP")
        legend.focus()
        legend.highlighted = index
        await pilot.press("space")
        await pilot.pause()
        assert "NORP" in app.session.hidden_entities
        assert segment_style_at(view, norp.start).color != expected
        await pilot.press("space")
        await pilot.pause()
        assert segment_style_at(view, norp.start).color == expected


async def test_tab_then_space_in_the_legend_hides_its_first_type(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_first(app, pilot)
        legend = screen.query_one("#legend")
        first = legend.get_option_at_index(0).value
        await pilot.press("tab", "space")  # no arrow key first
        await pilot.pause()
        assert app.focused is legend and first in app.session.hidden_entities


async def test_entity_panel_walks_through_mentions(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_first(app, pilot)
        panel = screen.query_one("#entities")
        await pilot.press("tab", "tab")  # Tab into the panel highlights its first entity (the most mentioned)
        assert app.focused is panel and panel.highlighted == 0
        option_id = panel.item_ids[0]
        mentions = [e.start for e in panel.mentions(option_id)]
        assert len(mentions) >= 2
        await pilot.press("enter")
        await pilot.pause()
        assert screen.view.cursor == mentions[0]
        await pilot.press("enter")
        await pilot.pause()
        assert screen.view.cursor == mentions[1]


async def test_markup_and_escapes_in_text_are_shown_literally(make_app, tmp_path):
    body = "Look [bold red]x[/] and a stray [/] and [link=http://x]y[/link].\nEsc \x1b]2;PWNED\x1b\\ and \x1b[2J here."
    path = tmp_path / "evil.txt"
    path.write_text("Evil title\n" + body)
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(app, pilot)
        view = screen.view
        rendered = "".join(seg.text for y in range(6) for seg in view.render_line(y))
        assert "[bold red]x[/]" in rendered and "[link=http://x]y[/link]" in rendered
        assert "\x1b" not in rendered and "\x9b" not in rendered
        assert "\ufffd]2;PWNED" in rendered


async def test_cursor_motions_and_resize_keep_the_offset(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_first(app, pilot)
        view = screen.view
        await pilot.press("w", "w", "w", "e")
        offset = view.cursor
        assert view.text[offset].isalpha() and not view.text[offset + 1].isalpha()
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        assert view.cursor == offset
        await pilot.resize_terminal(300, 80)
        await pilot.pause()
        assert view.cursor == offset
        await pilot.press("G")
        assert view.cursor == len(view.text) - 1
        await pilot.press("g")
        assert view.cursor == 0


async def test_later_short_mentions_count_with_the_full_name(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        app.open_article("000_ac519eef5bfb893a")
        await pilot.pause()
        screen = app.screen
        panel = screen.query_one("#entities")
        labels = [text for _, text in panel.items]
        netanyahu = [e for e in screen.entities if e.label == "PERSON" and "Netanyahu" in e.text]
        assert len({e.text for e in netanyahu}) == 2  # "Benjamin Netanyahu" and later "Netanyahu"
        assert f"Benjamin Netanyahu ({len(netanyahu)})  PERSON" in labels
        assert not any(label.startswith("Netanyahu (") for label in labels)


async def test_ascii_lines_draw_the_same_by_style_runs_as_by_graphemes(make_app):
    """The fast path for printable-ASCII lines must draw what the per-grapheme path draws,
    with entities, nested spans, a selection, a search highlight and the cursor on screen."""
    from annotations.model import Span
    from reader.ui.widgets.text_paint import Selection

    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_first(app, pilot)
        view = screen.view
        text = view.text
        last = view.text_layout.bounds(min(len(view.text_layout), 30) - 1)[1]
        spans = [
            Span.from_dict(
                {
                    "id": f"s{i}",
                    "article_id": screen.article.id,
                    "text_sha256": "",
                    "start": a,
                    "end": b,
                    "label": label,
                    "quote": text[a:b],
                }
            )
            for i, (a, b, label) in enumerate([(10, 200, "demand"), (40, 60, "concession"), (150, 400, "demand")])
        ]
        view.set_spans(spans, frozenset({"s2"}))
        view.select(55, 170)  # the cursor sits on the selection's last character
        view.highlight = (90, 95)
        assert view.selection == Selection(55, 170)
        checked = compare_paths(view, text)
        view.clear_selection()
        view.move_cursor(123)  # a lone cursor inside a span and an entity-free stretch
        assert view.cursor == 123 and not view.selection
        checked += compare_paths(view, text)
        assert checked > 20 and last > 400


def compare_paths(view: ArticleView, text: str) -> int:
    """Lines checked: each printable-ASCII line on screen cut into runs both ways, compared."""
    checked = 0
    for index in range(min(len(view.text_layout), 30)):
        start, end = view.text_layout.bounds(index)
        if not (text[start:end].isascii() and text[start:end].isprintable()):
            continue
        entities = view.entities_in(start, end + 1)
        covering = [s for s in view.spans if s.start < end + 1 and s.end > start]
        fast = plain_runs(text, start, end, entities, covering, view.marks)
        slow, _ = cell_runs(text, view.text_layout.lines[index], entities, covering, view.marks)
        assert fast == slow, index
        checked += 1
    return checked


async def test_tab_walks_text_and_panels(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await open_first(app, pilot)
        seen = []
        for _ in range(5):
            seen.append(app.focused.id)
            await pilot.press("tab")
        assert seen == ["view", "legend", "entities", "spans", "view"]


async def test_tab_stays_in_the_text_when_the_panels_step_aside(make_app):
    app = make_app()
    async with app.run_test(size=(70, 30)) as pilot:  # below 80 columns the side panels are hidden
        await open_first(app, pilot)
        await pilot.press("tab")
        assert app.focused.id == "view"


async def test_a_meta_line_too_long_for_the_window_ends_in_an_ellipsis(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        meta = app.screen.query_one("#meta")
        full = str(meta.content)
        drawn = meta.render_line(0).text.rstrip()
        assert len(full) > meta.size.width  # the seed's URL makes it long
        assert drawn.endswith("…") and drawn[:-1] in full


async def test_an_article_reopened_at_its_saved_position_shows_the_cursor(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        view.move_cursor(len(view.text) - 1)  # the end of a text longer than the window
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape", "g", "enter")  # back, then open the first article again
        await pilot.pause()
        view = app.screen.view
        y, _ = view.text_layout.position(view.cursor)
        assert view.cursor == len(view.text) - 1 and y > view.scrollable_content_region.height
        top = view.scroll_offset.y
        assert top <= y < top + view.scrollable_content_region.height, (top, y)
