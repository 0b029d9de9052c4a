"""``metadata.yaml`` at a folder corpus's root: titles, sources, dates, links and authors by file name.

It wins over a .md file's front matter. A broken file is one warning naming its line and is
otherwise ignored: the articles still open. Its values are text as front matter's are
(``reader.corpus.yaml_fields``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from reader.core.yamlfile import cached, doc_from_json, doc_to_json, parse_metadata
from reader.corpus.yaml_fields import FIELD_NAMES, Problem, metadata_text, warnings_of

METADATA_FILE = "metadata.yaml"


class BadYaml(Exception):
    """A YAML error, wrapped so that callers need not import PyYAML to catch it."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _parse(text: str) -> Any:
    import yaml

    try:
        return parse_metadata(text)
    except yaml.YAMLError as err:
        raise BadYaml(err) from None


def load_folder_metadata(root: Path, display: str) -> tuple[dict[str, dict[str, str]], list[str]]:
    """``metadata.yaml`` at a folder's root: file name -> {title, source, published, url, author}, from
    the fields front matter names (``date`` for ``published`` too)."""
    path = root / METADATA_FILE
    if not path.is_file():
        return {}, []
    where = f"{display.rstrip('/')}/{METADATA_FILE}"
    try:
        text = path.read_text(encoding="utf-8")
        # Remembered in the cache dir by its exact text: an unchanged file costs no YAML import or parse.
        data, lines, twice = cached("metadata", path, text, partial(_parse, text), doc_to_json, doc_from_json)
    except (OSError, UnicodeDecodeError, BadYaml) as err:
        err = getattr(err, "error", err)
        mark = getattr(err, "problem_mark", None)
        place = f"{where}:{mark.line + 1}" if mark is not None else where
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        return {}, [f"{place}: cannot read metadata ({reason}), ignored"]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{where}: expected a mapping of file name to fields, ignored"]
    result: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for key, fields in data.items():
        if not isinstance(fields, dict):
            problems.append((lines.get((key,), 1), f"entry {key!r} is not a mapping, ignored"))
            continue
        entry: dict[str, str] = {}
        for name, value in fields.items():
            field = FIELD_NAMES.get(str(name).lower())  # the names front matter takes: date, Title...
            if field is not None and field not in entry:
                text, problem = metadata_text(value, field, (key, name), lines)
                if problem:
                    problems.append(problem)
                else:
                    entry[field] = text
        result[str(key)] = entry
    return result, warnings_of(where, twice, problems)
