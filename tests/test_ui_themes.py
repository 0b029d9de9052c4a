"""Pilot tests of themes: a switch recolours everything at once, only newsdesk's themes are offered.

Colours are read from what the widgets render (``render_line`` strips), never from their
attributes.
"""

from __future__ import annotations

import pytest
from conftest import wait_ready
from rich.color import Color
from rich.style import Style
from textual.app import InvalidThemeError
from textual.theme import ThemeProvider

from reader.core import paths
from reader.ner.types import ENTITY_LABELS
from reader.ui.screens.article import ArticleScreen


def same(colour: Color | None, expected: Color | str | None) -> bool:
    if colour is None or expected is None:
        return colour is expected
    expected = Color.parse(expected) if isinstance(expected, str) else expected
    return colour.get_truecolor() == expected.get_truecolor()


def style_at(view, offset: int) -> Style:
    """The rendered style of the cell that shows ``offset`` (it must be on screen)."""
    y, x = view.text_layout.position(offset)
    x += view.text_left  # the gutter and any centring margin come before the text
    y -= view.scroll_offset.y
    assert 0 <= y < view.scrollable_content_region.height, "offset is not on screen"
    pos = 0
    for segment in view.render_line(y):
        if pos <= x < pos + segment.cell_length:
            return segment.style
        pos += segment.cell_length
    raise AssertionError(f"nothing rendered at offset {offset}")


def legend_styles(screen) -> dict[str, Style]:
    """Entity type -> the style its name is rendered in, in the legend."""
    legend = screen.query_one("#legend")
    out = {}
    for y in range(legend.size.height):
        for segment in legend.render_line(y):
            if segment.text.strip() in ENTITY_LABELS:
                out[segment.text.strip()] = segment.style
    return out


def panel_style(screen, selector: str) -> Style:
    """The style of the first rendered item of a side panel."""
    segments = [s for s in screen.query_one(selector).render_line(0) if s.text.strip()]
    assert segments, f"{selector} shows nothing"
    return segments[0].style


async def open_first(app, pilot) -> ArticleScreen:
    await wait_ready(app, pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


def assert_drawn_in(screen, spec, inside, outside) -> None:
    """The text, the span, the legend and both panels are in ``spec``'s colours."""
    view = screen.view
    surface, foreground = spec.ui["surface"], spec.ui["foreground"]
    style = style_at(view, outside.start)
    assert same(style.color, spec.entity_style(outside.label).color), (spec.name, outside)
    assert same(style.bgcolor, surface)
    style = style_at(view, inside.start)
    assert same(style.bgcolor, spec.label_color("demand", 0)), spec.name
    assert same(style.color, spec.text_style("in_span").color or spec.entity_style(inside.label).color)
    legend = legend_styles(screen)
    assert legend, "the legend lists the article's entity types"
    for label, style in legend.items():
        expected = spec.entity_style(label)
        assert same(style.color, expected.color), (spec.name, label, style)
        assert (style.bold, style.italic, style.underline) == (expected.bold, expected.italic, expected.underline)
        assert same(style.bgcolor, surface)
    for panel in ("#entities", "#spans"):
        style = panel_style(screen, panel)
        assert same(style.color, foreground) and same(style.bgcolor, surface), (spec.name, panel, style)


async def test_T_recolours_text_spans_legend_and_panels_at_once_in_every_theme(make_app):
    app = make_app(theme="newsdesk-dark")
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_first(app, pilot)
        await pilot.press("s", "1")  # tag the first sentence as demand
        await pilot.pause()
        (span,) = app.store.spans(screen.article.id)
        view = screen.view
        last_line = view.text_layout.lines[view.scroll_offset.y + view.scrollable_content_region.height - 1]
        on_screen = [e for e in screen.entities if e.end <= last_line.end and not e.start <= view.cursor < e.end]
        inside = next(e for e in on_screen if span.start <= e.start and e.end <= span.end)
        outside = next(e for e in on_screen if e.start >= span.end)
        assert_drawn_in(screen, app.theme_specs["newsdesk-dark"], inside, outside)
        shown = []
        for _ in range(len(app.theme_specs)):
            before = (style_at(view, outside.start), style_at(view, inside.start), legend_styles(screen))
            await pilot.press("T")
            await pilot.pause()  # one refresh: everything is in the new colours together
            shown.append(app.theme)
            assert_drawn_in(screen, app.theme_specs[app.theme], inside, outside)
            assert (style_at(view, outside.start), style_at(view, inside.start), legend_styles(screen)) != before
        assert sorted(shown) == ["newsdesk-dark", "newsdesk-high-contrast", "newsdesk-light"]


async def test_a_theme_set_by_textual_itself_recolours_too(make_app):
    """Textual's theme picker sets ``App.theme`` directly, bypassing ``apply_theme``."""
    app = make_app(theme="newsdesk-dark")
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_first(app, pilot)
        entity = screen.entities[0]
        app.theme = "newsdesk-light"
        await pilot.pause()
        spec = app.theme_specs["newsdesk-light"]
        assert same(style_at(screen.view, entity.start).color, spec.entity_style(entity.label).color)
        assert same(legend_styles(screen)[entity.label].color, spec.entity_style(entity.label).color)


async def test_only_newsdesk_themes_are_offered_and_others_refused(make_app):
    app = make_app(theme="newsdesk-dark")
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await wait_ready(app, pilot)
        assert (
            set(app.available_themes)
            == set(app.theme_specs)
            == {
                "newsdesk-dark",
                "newsdesk-light",
                "newsdesk-high-contrast",
            }
        )
        picker = [name for name, _ in ThemeProvider(app.screen).commands]
        assert sorted(picker) == sorted(app.theme_specs)
        with pytest.raises(InvalidThemeError):
            app.theme = "textual-dark"
        assert app.theme == "newsdesk-dark"
        app.apply_theme("nord")
        await pilot.pause()
        assert app.theme == "newsdesk-dark"
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("Unknown theme 'nord'" in text for text in toasts), toasts


async def test_high_contrast_legend_shows_each_entity_type_in_its_colour(make_app):
    app = make_app(theme="newsdesk-high-contrast")
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_first(app, pilot)
        spec = app.theme_spec
        legend = legend_styles(screen)
        assert set(legend) == {e.label for e in screen.entities}
        for label, style in legend.items():
            assert style.color is not None and same(style.color, spec.entity_style(label).color), label


async def test_legend_draws_ansi_colour_names_of_a_user_theme(make_app):
    """Rich's ANSI names ("bright_yellow") are not Textual's ("ansi_bright_yellow"): the legend
    once dropped such a style whole, colour and weight."""
    themes = paths.config_dir() / "themes"
    themes.mkdir(parents=True)
    entities = "\n".join(f"  {label}: bold bright_yellow" for label in ENTITY_LABELS)
    (themes / "ansi.yaml").write_text(f"name: ansi\nentities:\n{entities}\nlabels: [blue]\n")
    app = make_app(theme="ansi")
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_first(app, pilot)
        legend = legend_styles(screen)
        assert legend
        for label, style in legend.items():
            assert style.bold and style.color is not None and style.color.number == 11, (label, style)
