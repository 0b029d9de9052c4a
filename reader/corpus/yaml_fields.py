"""Article metadata written in YAML: a .md file's front matter and a folder's ``metadata.yaml``.

Both hold text: ``reader.core.yamlfile.parse_metadata`` keeps a boolean or a number as written
(``title: No`` is "No", not False). A value that is no text at all is a file written wrong: a
mapping, or a list for a field that has one value (a title, a date, a link), is one warning
naming the file, line and field, and that field is left out; the article still loads. An
article can have several authors or sources, so a list there is kept, joined with ", ".
"""

from __future__ import annotations

from typing import Any

from reader.core.yamlfile import KeyPath
from reader.text.normalise import clean_line

# the name in the file (any case) -> ArticleMeta field
FIELD_NAMES = {
    "title": "title",
    "date": "published",
    "published": "published",
    "source": "source",
    "url": "url",
    "author": "author",
}
LIST_FIELDS = ("source", "author")  # fields an article can have several of
Problem = tuple[int, str]  # (line, what is wrong there)


def _kind(value: Any) -> str:
    return "a mapping" if isinstance(value, dict) else "a list"


def metadata_text(value: Any, field: str, keys: KeyPath, lines: dict[KeyPath, int]) -> tuple[str, Problem | None]:
    """(one line of text, None) for the value of ``field`` at ``keys``, or ("", (line, problem)).

    ``lines`` holds the line of each key and item (``parse_metadata``).
    """
    line = lines.get(keys, 1)
    key = keys[-1]
    if isinstance(value, dict) or (isinstance(value, list) and field not in LIST_FIELDS):
        return "", (line, f'"{key}" is {_kind(value)}, not text; the field is left out')
    if isinstance(value, list):
        for n, item in enumerate(value):
            if isinstance(item, dict | list):
                at = lines.get((*keys, n), line)
                return "", (at, f'"{key}" item {n + 1} is {_kind(item)}, not text; the field is left out')
        return ", ".join(text for text in map(_text, value) if text), None
    return _text(value), None


def warnings_of(where: str, twice: list[Problem], problems: list[Problem]) -> list[str]:
    """``where:line: problem`` for the keys given twice and the values refused, in file order."""
    kept = [(line, f"{problem}; the first is kept") for line, problem in twice]
    return [f"{where}:{line}: {problem}" for line, problem in sorted([*kept, *problems])]


def _text(value: Any) -> str:
    return "" if value is None else clean_line(str(value))
