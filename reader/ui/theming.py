"""Turn theme files (``reader.core.themes.ThemeSpec``) into registered Textual themes."""

from __future__ import annotations

from rich.style import Style
from textual.app import App
from textual.theme import Theme

from reader.core.themes import ThemeSpec


def to_textual_theme(spec: ThemeSpec) -> Theme:
    ui = spec.ui
    return Theme(
        name=spec.name,
        primary=ui.get("primary", "#56B4E9"),
        secondary=ui.get("secondary"),
        accent=ui.get("accent"),
        warning=ui.get("warning"),
        error=ui.get("error"),
        success=ui.get("success"),
        foreground=ui.get("foreground"),
        background=ui.get("background"),
        surface=ui.get("surface"),
        panel=ui.get("panel"),
        dark=spec.dark,
    )


def label_chip_style(spec: ThemeSpec, name: str, index: int) -> Style:
    """A label's name drawn as its spans are, on the label's colour, in the text colour the
    theme gives text in a span (``in_span``, else its foreground): the label colours are
    backgrounds, too pale or too dark to read as text on the page."""
    text = spec.text_style("in_span").color or spec.ui.get("foreground")
    return Style(color=text, bgcolor=spec.label_color(name, index))


def register_themes(app: App, specs: dict[str, ThemeSpec]) -> None:
    for spec in specs.values():
        app.register_theme(to_textual_theme(spec))
