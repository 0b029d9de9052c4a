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
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from coloraide import Color as Srgb
from rich.color import Color, ColorSystem, ColorType

from reader.core.themes import ThemeSpec, load_themes
from reader.ner.types import ENTITY_LABELS

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


def contrast(fg: Color | str, bg: Color | str) -> float:
    a, b = (Srgb("srgb", [v / 255 for v in rgb(c)]) for c in (fg, bg))
    return a.contrast(b, method="wcag21")


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


@pytest.mark.parametrize("name", SHIPPED)
def test_every_entity_and_label_colour_meets_aa(themes, name):
    spec = themes[name]
    pairs = drawn_pairs(spec)
    assert len(pairs) >= len(ENTITY_LABELS) * (1 + len(spec.labels))
    failing = [f"{what}: {contrast(fg, bg):.2f}" for what, fg, bg in pairs if contrast(fg, bg) < AA]
    assert failing == [], f"{name} below {AA}:1"


def test_a_failing_colour_is_caught(themes):
    """The check is not vacuous: the dark theme's old vermillion on its old teal label was 2.95:1."""
    spec = themes["newsdesk-dark"]
    spec = replace(spec, labels=("#1F5C5C",), entities={**spec.entities, "CARDINAL": "bold #FF7A33"})
    assert any(contrast(fg, bg) < AA for _, fg, bg in drawn_pairs(spec))


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
