"""Data shown on one line (a title, a panel item, a chart label): ``clean_line`` (controls
replaced, bidi overrides and zero-width characters shown, whitespace runs collapsed), cut
with an ellipsis past ``limit`` characters."""

from __future__ import annotations

from reader.text.normalise import clean_line


def one_line(value: str, limit: int = 0) -> str:
    value = clean_line(value)
    return value if not limit or len(value) <= limit else value[: limit - 1] + "…"
