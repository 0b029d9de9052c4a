"""Themes as data: YAML files that set the UI palette and entity/label colours.

A theme file (see ``themes/*.yaml``) has:

- ``name``, ``dark`` (bool), and ``ui``: the Textual palette (primary, secondary, accent,
  warning, error, success, foreground, background, surface, panel);
- ``entities``: a Rich style per entity label (``PERSON: "bold #E69F00"``) plus ``default``;
- ``labels``: background colours given to annotation labels in schema order (cycled), and
  ``by_label`` to pin a colour to a label name;
- ``text``: styles for the cursor, the selection, nested spans, flagged and stale spans,
  search matches, ``linked`` (the far ends of the links of the span under the cursor;
  reversed unless set), and ``in_span``: drawn over all text inside a span (the high-contrast
  theme makes it black, to read on its bright label colours; unset, entity colours show).

Shipped themes live in the repository's ``themes/`` folder (``reader/bundled/themes`` once
installed, see ``paths.shipped_themes_dir``); users add their own in
``<config dir>/themes/*.yaml``. A broken user file is reported and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta
from rich.color import Color, ColorParseError
from rich.errors import StyleSyntaxError
from rich.style import Style

from reader.core import paths
from reader.core.errors import UserError
from reader.core.yamlmodel import Check, load_model

DEFAULT_THEME = "newsdesk-dark"


@dataclass(frozen=True)
class ThemeSpec:
    """A loaded theme file."""

    name: str
    dark: bool
    ui: dict[str, str]
    entities: dict[str, str]
    labels: tuple[str, ...]
    by_label: dict[str, str]
    text: dict[str, str]
    description: str = ""
    path: Path | None = None

    def entity_style(self, label: str) -> Style:
        return Style.parse(self.entities.get(label) or self.entities.get("default", "underline"))

    def label_color(self, name: str, index: int) -> str:
        if name in self.by_label:
            return self.by_label[name]
        return self.labels[index % len(self.labels)]

    def text_style(self, key: str) -> Style:
        return Style.parse(self.text.get(key, "reverse" if key in ("cursor", "selection", "linked") else "none"))


def _colour_problem(value: str) -> str | None:
    try:
        Color.parse(value)
    except ColorParseError:
        return f"bad colour {value!r} (colours look like '#E69F00', 'red' or 'rgb(230,159,0)')"
    return None


def _style_problem(value: str) -> str | None:
    try:
        Style.parse(value)
    except StyleSyntaxError as err:
        return f"bad style {value!r}: {err}"
    return None


def _name_problem(value: str) -> str | None:
    return None if value.strip() else "'name' is empty"


def _labels_problem(value: list) -> str | None:
    return None if value else "'labels' must be a non-empty list of colours"


Colour = Annotated[str, Meta(description="a colour, e.g. '#E69F00' or 'red'"), Check(_colour_problem)]
RichStyle = Annotated[str, Meta(description="a style, e.g. 'bold #E69F00' or 'underline'"), Check(_style_problem)]
UiColour = Literal[
    "primary", "secondary", "accent", "warning", "error", "success", "foreground", "background", "surface", "panel"
]
TextPart = Literal["cursor", "selection", "nested", "flagged", "stale", "search", "in_span", "linked"]


class ThemeFile(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """What a theme file may hold (an unknown field is refused: it is most likely a typo)."""

    name: Annotated[str, Check(_name_problem)]
    description: str = ""
    dark: bool = True
    ui: dict[UiColour, Colour] = {}
    entities: dict[str, RichStyle] = {}
    labels: Annotated[list[Colour], Meta(description="a non-empty list of colours"), Check(_labels_problem)]
    by_label: dict[str, Colour] = {}
    text: dict[TextPart, RichStyle] = {}


def parse_theme(path: Path) -> ThemeSpec:
    """Load and validate one theme file; problems raise a UserError, one ``FILE:LINE: problem`` a line."""
    theme, _doc = load_model(path, ThemeFile, what="theme")
    return ThemeSpec(
        name=theme.name.strip(),
        dark=theme.dark,
        ui=dict(theme.ui),
        entities=dict(theme.entities),
        labels=tuple(theme.labels),
        by_label=dict(theme.by_label),
        text=dict(theme.text),
        description=theme.description,
        path=path,
    )


THEME_SKIPPED = "theme skipped: "  # the warning about one theme file of the user's
THEMES_SKIPPED = "themes skipped: "  # about the user's themes folder (a file named themes)


def skipped_theme(name: str, warnings: list[str]) -> str | None:
    """``load_themes``'s warning that says why the user's theme ``name`` is not there: the one
    about its file, or about the themes folder; None when neither is."""
    return next((w for w in warnings if f"/{name}.y" in w or w.startswith(THEMES_SKIPPED)), None)


def load_themes() -> tuple[dict[str, ThemeSpec], list[str]]:
    """Shipped themes, then the user's (which may replace a shipped one by name).

    Returns the themes by name and one warning line per broken user file, or one for a
    themes folder that is not a folder.
    """
    themes: dict[str, ThemeSpec] = {}
    for path in sorted(paths.shipped_themes_dir().glob("*.yaml")):
        spec = parse_theme(path)  # a broken shipped theme is a bug: let it raise
        themes[spec.name] = spec
    warnings: list[str] = []
    try:
        user_dir = paths.config_entry("themes")
    except UserError as err:  # themes are not needed to start, as a broken theme file is not
        return themes, [f"{THEMES_SKIPPED}{err}"]
    if user_dir is not None:
        for path in sorted(user_dir.glob("*.y*ml")):
            try:
                spec = parse_theme(path)
            except UserError as err:
                warnings.append(f"{THEME_SKIPPED}{err}")
                continue
            themes[spec.name] = spec
    return themes, warnings
