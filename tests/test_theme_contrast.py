"""Every colour a shipped theme draws text in meets WCAG AA contrast (4.5:1) on what it is drawn on.

The ratio is WCAG 2.x's (relative luminance of sRGB colours), computed by ColorAide's
``contrast(method="wcag21")``. The pairs are the ones the article view draws
(``ArticleView._style_for``): an entity colour on the text background (the view's and the
legend's background is the theme's ``surface``); inside a span, on the label colour, the
theme's ``in_span`` colour if it sets one, else the entity colour, or the foreground for
text that is in no entity.

ANSI colours: a colour written as an ANSI name or number (``bright_red``, ``color(9)``) has
no RGB value of its own (the terminal's palette draws it, or Textual's own table when it
converts it for a truecolour terminal); the tests take the standard xterm RGB values of the
16 ANSI colours (``XTERM_16`` below, xterm's default ``color0`` to ``color15``). The
high-contrast theme writes its colours as exactly those RGB values, so that a truecolour
terminal draws them as written and a 16-colour terminal (Rich turns each into the nearest
ANSI colour) draws the same ANSI colour again: tested below, with the contrast checked on
the xterm values.

The UI chrome (highlighted rows of the side panel lists and the library, the key bar,
headings, input placeholders, label names in help and the statistics) is checked the same
way: each widget's CSS (its ``DEFAULT_CSS``, Textual's for its stock widgets, then the app's
``app.tcss``, which wins) is parsed with the theme's Textual variables
(``Theme.to_color_system().generate()``), and the colours it declares are laid over the
background the widget draws on, as Textual does (alpha blended; ``auto`` is Textual's
contrasting black or white).

256 colours: many terminals (tmux without truecolour, ``TERM=xterm-256color`` without
``COLORTERM=truecolor``, macOS Terminal.app) get Textual's output in the xterm 256-colour
palette: Rich draws each truecolour as the nearest colour of the 6x6x6 cube or the grey ramp
(``Color.downgrade(ColorSystem.EIGHT_BIT)``), after Textual has blended it and turned an ANSI
colour into RGB. Two colours that pass as written can fail as drawn there, so every pair is
checked in both colour systems, on the colours the terminal shows (``shown``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import pytest
from coloraide import Color as Srgb
from rich.color import Color, ColorSystem, ColorType
from rich.color_triplet import ColorTriplet
from rich.console import Console
from textual.color import Color as CssColor
from textual.css.stylesheet import Stylesheet
from textual.widgets import Input, OptionList, SelectionList

from annotations.schema import load_schema
from reader.core.themes import ThemeSpec, load_themes
from reader.ner.types import ENTITY_LABELS
from reader.ui.screens.help import HelpScreen, labels_table
from reader.ui.screens.stats import StatsScreen
from reader.ui.theming import label_chip_style, to_textual_theme
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.panel_list import PanelList

AA = 4.5
SHIPPED = ("newsdesk-dark", "newsdesk-light", "newsdesk-high-contrast")

# xterm's default palette (its XTerm app-defaults: color0..color15).
XTERM_16 = (
    (0x00, 0x00, 0x00),  # black
    (0xCD, 0x00, 0x00),  # red
    (0x00, 0xCD, 0x00),  # green
    (0xCD, 0xCD, 0x00),  # yellow
    (0x00, 0x00, 0xEE),  # blue
    (0xCD, 0x00, 0xCD),  # magenta
    (0x00, 0xCD, 0xCD),  # cyan
    (0xE5, 0xE5, 0xE5),  # white
    (0x7F, 0x7F, 0x7F),  # bright black
    (0xFF, 0x00, 0x00),  # bright red
    (0x00, 0xFF, 0x00),  # bright green
    (0xFF, 0xFF, 0x00),  # bright yellow
    (0x5C, 0x5C, 0xFF),  # bright blue
    (0xFF, 0x00, 0xFF),  # bright magenta
    (0x00, 0xFF, 0xFF),  # bright cyan
    (0xFF, 0xFF, 0xFF),  # bright white
)


def rgb(colour: Color | str) -> tuple[int, int, int]:
    """The RGB a terminal shows for a theme colour: its own value, or xterm's for an ANSI colour."""
    colour = Color.parse(colour) if isinstance(colour, str) else colour
    if colour.type is ColorType.STANDARD:
        return XTERM_16[colour.number]
    if colour.triplet is not None:
        return tuple(colour.triplet)
    raise AssertionError(f"{colour.name}: a 256-colour or default colour has no fixed RGB value to check")


# The colour systems every pair is checked in: as written, and as a 256-colour terminal draws it.
SYSTEMS = (ColorSystem.TRUECOLOR, ColorSystem.EIGHT_BIT)
SYSTEM_IDS = ("truecolor", "256")


def shown(colour: Color | str, system: ColorSystem = ColorSystem.TRUECOLOR) -> tuple[int, int, int]:
    """The RGB a terminal of ``system`` shows: in 256 colours, the palette entry Rich picks for
    the colour's RGB (Textual turns an ANSI colour into RGB first: xterm's here)."""
    if system is ColorSystem.TRUECOLOR:
        return rgb(colour)
    eight_bit = Color.from_triplet(ColorTriplet(*rgb(colour))).downgrade(system)
    return tuple(eight_bit.get_truecolor())


def contrast(fg: Color | str, bg: Color | str, system: ColorSystem = ColorSystem.TRUECOLOR) -> float:
    a, b = (Srgb("srgb", [v / 255 for v in shown(c, system)]) for c in (fg, bg))
    return a.contrast(b, method="wcag21")


def below_aa(name: str, pairs, system: ColorSystem) -> list[str]:
    """Each pair under AA in ``system``, named: what is drawn on what, both colours (and what a
    256-colour terminal draws them as), the ratio."""

    def hex_of(colour: Color | str) -> str:
        written = "#{:02X}{:02X}{:02X}".format(*rgb(colour))
        drawn = "#{:02X}{:02X}{:02X}".format(*shown(colour, system))
        return written if drawn == written else f"{written} (drawn {drawn})"

    return [
        f"{name}, {SYSTEM_IDS[SYSTEMS.index(system)]}: {what}: {hex_of(fg)} on {hex_of(bg)} is "
        f"{contrast(fg, bg, system):.2f}:1"
        for what, fg, bg in pairs
        if contrast(fg, bg, system) < AA
    ]


def drawn_pairs(spec: ThemeSpec) -> list[tuple[str, Color, Color]]:
    """(what, text colour, background) for everything the article view draws from the theme."""
    surface = Color.parse(spec.ui["surface"])
    foreground = Color.parse(spec.ui["foreground"])
    in_span = spec.text_style("in_span").color
    labels = [Color.parse(c) for c in (*spec.labels, *spec.by_label.values())]
    pairs = []
    for entity in (*ENTITY_LABELS, "default"):
        colour = spec.entity_style(entity).color or foreground
        pairs.append((f"{entity} on the text background", colour, surface))
        for label in labels:
            pairs.append((f"{entity} in a span on {label.name}", in_span or colour, label))
    for label in labels:
        pairs.append((f"plain text in a span on {label.name}", in_span or foreground, label))
    return pairs


@pytest.fixture(scope="module")
def themes() -> dict[str, ThemeSpec]:
    themes, _ = load_themes()
    return themes


def test_the_ratio_is_wcags():
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey
    assert contrast("bright_white", "color(0)") == pytest.approx(21.0)  # ANSI colours by xterm's values


def test_256_colours_are_the_palette_entries_rich_draws():
    assert shown("#FF874C", ColorSystem.EIGHT_BIT) == (0xFF, 0x87, 0x5F)  # cube 5, 2, 1: colour 209
    assert shown("#1F2226", ColorSystem.EIGHT_BIT) == (0x1C, 0x1C, 0x1C)  # grey ramp: colour 234
    assert shown("bright_white", ColorSystem.EIGHT_BIT) == (0xFF, 0xFF, 0xFF)
    assert contrast("#777777", "#FFFFFF", ColorSystem.EIGHT_BIT) == pytest.approx(4.54, abs=0.01)  # as #767676


@pytest.mark.parametrize("system", SYSTEMS, ids=SYSTEM_IDS)
@pytest.mark.parametrize("name", SHIPPED)
def test_every_entity_and_label_colour_meets_aa(themes, name, system):
    spec = themes[name]
    pairs = drawn_pairs(spec)
    assert len(pairs) >= len(ENTITY_LABELS) * (1 + len(spec.labels))
    failing = below_aa(name, pairs, system)
    assert failing == [], f"below {AA}:1:\n" + "\n".join(failing)


def test_a_failing_colour_is_caught(themes):
    """The check is not vacuous: the dark theme's old vermillion on its old teal label was 2.95:1."""
    spec = themes["newsdesk-dark"]
    spec = replace(spec, labels=("#1F5C5C",), entities={**spec.entities, "CARDINAL": "bold #FF7A33"})
    assert any(contrast(fg, bg) < AA for _, fg, bg in drawn_pairs(spec))


def test_a_colour_failing_only_in_256_colours_is_caught(themes):
    """Not vacuous in 256 colours either: the dark theme's old vermillion #FF874C passed on its
    old teal label #004041 as written (4.88:1) and failed as a 256-colour terminal draws the
    two (#FF875F on #005F5F, 3.17:1)."""
    spec = themes["newsdesk-dark"]
    spec = replace(spec, labels=("#004041",), entities={**spec.entities, "CARDINAL": "bold #FF874C"})
    pairs = drawn_pairs(spec)
    assert below_aa("newsdesk-dark", pairs, ColorSystem.TRUECOLOR) == []
    failing = below_aa("newsdesk-dark", pairs, ColorSystem.EIGHT_BIT)
    assert (
        "newsdesk-dark, 256: CARDINAL in a span on #004041: #FF874C (drawn #FF875F) on #004041 (drawn #005F5F)"
        in "\n".join(failing)
    )


def test_high_contrast_colours_are_xterm_ansi_colours_that_16_colour_terminals_keep(themes):
    spec = themes["newsdesk-high-contrast"]
    styles = [spec.entity_style(label) for label in (*ENTITY_LABELS, "default")]
    styles += [spec.text_style(key) for key in spec.text]
    colours = [c for style in styles for c in (style.color, style.bgcolor) if c is not None]
    colours += [Color.parse(c) for c in spec.labels]
    assert len(colours) > len(ENTITY_LABELS)
    for colour in colours:
        assert rgb(colour) in XTERM_16, colour.name
        ansi = colour.downgrade(ColorSystem.STANDARD).number
        assert XTERM_16[ansi] == rgb(colour), f"{colour.name} becomes ANSI colour {ansi} in a 16-colour terminal"


# -- UI chrome ---------------------------------------------------------------------------
APP_CSS = Path(__file__).resolve().parents[1] / "reader" / "ui" / "app.tcss"
# Textual's stock widgets first, then ours: the app's stylesheet is read last and wins.
WIDGET_CSS = (OptionList, SelectionList, Input, PanelList, ArticleList, KeyBar, StatsScreen, HelpScreen)


class Declared(NamedTuple):
    """What a CSS rule says about a text's colours."""

    color: CssColor | None
    auto: bool
    background: CssColor | None
    reverse: bool
    tint: CssColor | None  # background-tint: a focused list is tinted toward its text colour


def stylesheet(spec: ThemeSpec) -> Stylesheet:
    sheet = Stylesheet(variables=to_textual_theme(spec).to_color_system().generate())
    for widget in WIDGET_CSS:
        sheet.add_source(widget.DEFAULT_CSS, read_from=("", widget.__name__), is_default_css=True)
    sheet.add_source(APP_CSS.read_text(encoding="utf-8"), read_from=(str(APP_CSS), ""))
    sheet.parse()
    return sheet


def declared(sheet: Stylesheet, *selectors: str) -> Declared:
    """The colours of every rule naming one of ``selectors`` (a widget's and its base class's),
    later rules (and the app's) winning."""
    color, auto, background, reverse, tint = None, False, None, False, None
    rules = sorted(sheet.rules, key=lambda rule: not rule.is_default_rules)  # stable: source order kept
    found = False
    for rule in rules:
        if not set(selectors) & set(rule.selectors.split(", ")):
            continue
        found = True
        styles = rule.styles
        if styles.has_rule("color"):
            color, auto = styles.color, styles.auto_color
        if styles.has_rule("background"):
            background = styles.background
        if styles.has_rule("text_style"):
            reverse = "reverse" in str(styles.text_style)
        if styles.has_rule("background_tint"):
            tint = styles.background_tint
    assert found, f"no CSS rule for {selectors}"
    return Declared(color, auto, background, reverse, tint)


def drawn(rule: Declared, over: CssColor, inherited: CssColor | Color) -> tuple[Color, Color]:
    """(text, background) as drawn: the rule's colours over the widget's background, the text
    colour inherited (the widget's, or the item's own) when the rule sets none."""
    background = over + rule.background if rule.background is not None else over
    if rule.color is None:
        text = inherited if isinstance(inherited, Color) else (background + inherited).rich_color
    elif rule.auto:
        text = (background + background.get_contrast_text(rule.color.a)).rich_color
    else:
        text = (background + rule.color).rich_color
    back = background.rich_color
    return (back, text) if rule.reverse else (text, back)


def chrome_pairs(spec: ThemeSpec) -> list[tuple[str, Color, Color]]:
    """(what, text colour, background) for the chrome users reported, from the widgets' CSS."""
    sheet = stylesheet(spec)
    ui = {key: CssColor.parse(value) for key, value in spec.ui.items()}
    surface, panel, background, foreground = ui["surface"], ui["panel"], ui["background"], ui["foreground"]
    pairs: list[tuple[str, Color, Color]] = []

    def add(what: str, selector: str | tuple[str, ...], over: CssColor, inherited: CssColor = foreground) -> None:
        rule = declared(sheet, *(selector if isinstance(selector, tuple) else (selector,)))
        text, back = drawn(rule, over, inherited)
        pairs.append((what, text, back))

    def tinted(*selectors: str) -> CssColor:
        tint = declared(sheet, *selectors).tint
        return surface.tint(tint) if tint is not None else surface

    for state, focus in (("focused", ":focus"), ("not focused", "")):
        add(
            f"entity panel, highlighted row ({state})",
            f"PanelList{focus} > .panel-list--highlight",
            tinted(f"PanelList{focus}"),
        )
        add(
            f"span panel, highlighted row ({state})",
            f"OptionList{focus} > .option-list--option-highlighted",
            tinted(f"OptionList{focus}"),
        )
        add(f"library, cursor row ({state})", f"ArticleList{focus} > .article-list--cursor", surface)
        # a SelectionList is an OptionList: its rules, then its own
        lists = ("OptionList", "SelectionList")
        legend = tuple(f"{cls}{focus} > .option-list--option-highlighted" for cls in lists)
        over = tinted(*(f"{cls}{focus}" for cls in lists))
        add(f"entity-type legend, highlighted count ({state})", legend, over)
        for entity in ENTITY_LABELS:  # the option's text keeps its entity colour over the rule's
            colour = spec.entity_style(entity).color or foreground.rich_color
            rule = declared(sheet, *legend)._replace(color=None)
            text, back = drawn(rule, over, colour)
            pairs.append((f"entity-type legend, highlighted {entity} ({state})", text, back))
        # the X of a ticked entity type (an unticked one has none to read)
        tick = ".selection-list--button-selected-highlighted"
        checkbox = tuple(f"SelectionList{f} > {tick}" for f in sorted({"", focus}))
        add(f"entity-type legend, highlighted tick ({state})", checkbox, over)
    add("library, dimmed row", "ArticleList > .article-list--dim", surface)
    for part in ("key", "label", "hint"):
        add(f"key bar, {part}", f"KeyBar > .key-bar--{part}", panel)
    add("statistics, section heading", "StatsScreen .heading", background)
    add("statistics, caption", "StatsScreen .caption", background)
    add("help, section heading", "HelpScreen .heading", surface)
    for name, over in (("surface", surface), ("panel", panel), ("background", background)):
        add(f"input placeholder on the {name}", "Input > .input--placeholder", over)
    names = [f"label {i}" for i in range(len(spec.labels))] + list(spec.by_label)
    for index, name in enumerate(names):
        chip = label_chip_style(spec, name, index)
        pairs.append((f"label name {name!r} in help and statistics", chip.color, chip.bgcolor))
    return pairs


@pytest.mark.parametrize("system", SYSTEMS, ids=SYSTEM_IDS)
@pytest.mark.parametrize("name", SHIPPED)
def test_ui_chrome_meets_aa(themes, name, system):
    failing = below_aa(name, chrome_pairs(themes[name]), system)
    assert failing == [], f"below {AA}:1:\n" + "\n".join(failing)


def test_a_failing_chrome_colour_is_caught(themes):
    """Not vacuous: the light theme's old accent on its key bar was 3.07:1, the dark theme's
    block cursor drew ORG in the legend blue on blue."""
    light = themes["newsdesk-light"]
    light = replace(light, ui={**light.ui, "accent": "#B86E00"})
    failing = {what for what, fg, bg in chrome_pairs(light) if contrast(fg, bg) < AA}
    assert "key bar, key" in failing
    dark = themes["newsdesk-dark"]
    dark = replace(dark, entities={**dark.entities, "ORG": dark.ui["surface"]})
    failing = {what for what, fg, bg in chrome_pairs(dark) if contrast(fg, bg) < AA}
    assert "entity-type legend, highlighted ORG (focused)" in failing


@pytest.mark.parametrize("system", SYSTEMS, ids=SYSTEM_IDS)
@pytest.mark.parametrize("name", SHIPPED)
def test_help_draws_label_names_readably(themes, name, system):
    """The help screen's label table, rendered in truecolour: each label name's cell (its key,
    name and description columns; the description may say the name too, in plain text), as
    each colour system draws it."""
    spec = themes[name]
    labels = load_schema(None).labels
    console = Console(width=100, color_system="truecolor", record=False)
    segments = list(console.render(labels_table(labels, spec, 20)))
    checked = 0
    for label in labels:
        cells = [seg for seg in segments if seg.text.strip() == label.name]
        assert cells, label.name
        for seg in cells:
            bg = seg.style.bgcolor or Color.parse(spec.ui["surface"])
            assert contrast(seg.style.color, bg, system) >= AA, (label.name, seg.style)
            checked += 1
    assert checked >= len(labels)
