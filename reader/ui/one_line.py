"""Data shown on one line (a title, a panel item, a chart label): control characters
replaced, whitespace runs collapsed, and cut with an ellipsis past ``limit`` characters."""

from __future__ import annotations

from reader.text.normalise import normalise_text


def one_line(value: str, limit: int = 0) -> str:
    value = " ".join(normalise_text(value).split())
    return value if not limit or len(value) <= limit else value[: limit - 1] + "…"
