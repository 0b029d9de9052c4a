"""The theme a command colours its output with (``--theme NAME``, default newsdesk-dark)."""

from __future__ import annotations

from typing import Any

from reader.core.errors import UserError


def theme_spec(name: str | None) -> Any:
    """The named theme's spec; an unknown name (or a user theme file that did not load) is one line."""
    from reader.core.themes import DEFAULT_THEME, load_themes, skipped_theme

    themes, warnings = load_themes()
    name = name or DEFAULT_THEME
    if name not in themes:
        why = skipped_theme(name, warnings)  # its file (or the folder) was skipped: say why
        raise UserError(f"unknown theme {name!r} ({why or 'available: ' + ', '.join(sorted(themes))})")
    return themes[name]
