"""Themes as data: YAML files that set the UI palette and entity/label colours.

A theme file (see ``themes/*.yaml``) has:

- ``name``, ``dark`` (bool), and ``ui``: the Textual palette (primary, secondary, accent,
  warning, error, success, foreground, background, surface, panel);
- ``entities``: a Rich style per entity label (``PERSON: "bold #E69F00"``) plus ``default``;
- ``labels``: background colours given to annotation labels in schema order (cycled), and
  ``by_label`` to pin a colour to a label name;
- ``text``: styles for the cursor, the selection, nested spans, flagged and stale spans,
  search matches, and ``in_span``: drawn over all text inside a span (the high-contrast
  theme makes it black, to read on its bright label colours; unset, entity colours show).

Shipped themes live in the repository's ``themes/`` folder (``reader/bundled/themes`` once
installed, see ``paths.shipped_themes_dir``); users add their own in
``<config dir>/themes/*.yaml``. A broken user file is reported and skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from rich.color import Color, ColorParseError
from rich.errors import StyleSyntaxError
from rich.style import Style

from reader.core import paths
from reader.core.errors import UserError
from reader.core.yamlfile import YamlDoc, load_yaml

UI_KEYS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
)
TEXT_KEYS = ("cursor", "selection", "nested", "flagged", "stale", "search", "in_span")
TOP_KEYS = {"name", "dark", "ui", "entities", "labels", "by_label", "text", "description"}
DEFAULT_THEME = "newsdesk-dark"


class ThemeSpec(NamedTuple):
    """A loaded theme file.

    A NamedTuple, not a dataclass: it is made at every start, where a dataclass costs
    ~0.6-1 ms to create (it compiles its methods).
    """

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
        return Style.parse(self.text.get(key, "reverse" if key in ("cursor", "selection") else "none"))


def _check_style(doc: YamlDoc, value: object, *keys: object) -> str:
    if not isinstance(value, str):
        raise doc.error(f"expected a style string, got {type(value).__name__}", *keys)
    try:
        Style.parse(value)
    except StyleSyntaxError as err:
        raise doc.error(f"bad style {value!r}: {err}", *keys) from None
    return value


def _check_color(doc: YamlDoc, value: object, *keys: object) -> str:
    if not isinstance(value, str):
        raise doc.error(f"expected a colour string, got {type(value).__name__}", *keys)
    try:
        Color.parse(value)
    except ColorParseError:
        raise doc.error(f"bad colour {value!r}", *keys) from None
    return value


def parse_theme(path: Path) -> ThemeSpec:
    """Load and validate one theme file; problems raise a one-line UserError."""
    doc = load_yaml(path, what="theme")
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error("a theme must be a mapping with name, ui, entities and labels")
    for key in data:
        if key not in TOP_KEYS:
            raise doc.error(f"unknown field {key!r} (expected one of {', '.join(sorted(TOP_KEYS))})", key)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise doc.error("missing 'name'", "name")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise doc.error("'dark' must be true or false", "dark")
    ui = data.get("ui") or {}
    if not isinstance(ui, dict):
        raise doc.error("'ui' must be a mapping of colours", "ui")
    for key, value in ui.items():
        if key not in UI_KEYS:
            raise doc.error(f"unknown ui colour {key!r} (expected {', '.join(UI_KEYS)})", "ui", key)
        _check_color(doc, value, "ui", key)
    entities = data.get("entities") or {}
    if not isinstance(entities, dict):
        raise doc.error("'entities' must map entity labels to styles", "entities")
    for key, value in entities.items():
        _check_style(doc, value, "entities", key)
    labels = data.get("labels") or []
    if not isinstance(labels, list) or not labels:
        raise doc.error("'labels' must be a non-empty list of colours", "labels")
    for i, value in enumerate(labels):
        _check_color(doc, value, "labels", i)
    by_label = data.get("by_label") or {}
    if not isinstance(by_label, dict):
        raise doc.error("'by_label' must map label names to colours", "by_label")
    for key, value in by_label.items():
        _check_color(doc, value, "by_label", key)
    text = data.get("text") or {}
    if not isinstance(text, dict):
        raise doc.error("'text' must map cursor/selection/... to styles", "text")
    for key, value in text.items():
        if key not in TEXT_KEYS:
            raise doc.error(f"unknown text style {key!r} (expected {', '.join(TEXT_KEYS)})", "text", key)
        _check_style(doc, value, "text", key)
    return ThemeSpec(
        name=name.strip(),
        dark=dark,
        ui={str(k): str(v) for k, v in ui.items()},
        entities={str(k): str(v) for k, v in entities.items()},
        labels=tuple(labels),
        by_label={str(k): str(v) for k, v in by_label.items()},
        text={str(k): str(v) for k, v in text.items()},
        description=str(data.get("description", "")),
        path=path,
    )


def user_themes_dir() -> Path:
    return paths.config_dir() / "themes"


def load_themes() -> tuple[dict[str, ThemeSpec], list[str]]:
    """Shipped themes, then the user's (which may replace a shipped one by name).

    Returns the themes by name and one warning line per broken user file.
    """
    themes: dict[str, ThemeSpec] = {}
    for path in sorted(paths.shipped_themes_dir().glob("*.yaml")):
        spec = parse_theme(path)  # a broken shipped theme is a bug: let it raise
        themes[spec.name] = spec
    warnings: list[str] = []
    user_dir = user_themes_dir()
    if user_dir.is_dir():
        for path in sorted(user_dir.glob("*.y*ml")):
            try:
                spec = parse_theme(path)
            except UserError as err:
                warnings.append(f"theme skipped: {err}")
                continue
            themes[spec.name] = spec
    return themes, warnings
