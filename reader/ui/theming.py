"""Turn theme files (``reader.core.themes.ThemeSpec``) into registered Textual themes."""

from __future__ import annotations

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


def register_themes(app: App, specs: dict[str, ThemeSpec]) -> None:
    for spec in specs.values():
        app.register_theme(to_textual_theme(spec))
