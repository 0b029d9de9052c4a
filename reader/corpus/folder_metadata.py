"""``metadata.yaml`` at a folder corpus's root: titles, sources, dates, links and authors by file name.

It wins over a .md file's front matter. A broken file is one warning naming its line and is
otherwise ignored: the articles still open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.core.yamlfile import cached, safe_load
from reader.corpus.article_files import field_text

METADATA_FILE = "metadata.yaml"
META_FIELDS = ("title", "source", "published", "url", "author")


class BadYaml(Exception):
    """A YAML error, wrapped so that callers need not import PyYAML to catch it."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _safe_load(text: str) -> Any:
    import yaml

    try:
        return safe_load(text)
    except yaml.YAMLError as err:
        raise BadYaml(err) from None


def _as_is(data: Any) -> Any:
    return data


def load_folder_metadata(root: Path, display: str) -> tuple[dict[str, dict[str, str]], list[str]]:
    """``metadata.yaml`` at a folder's root: file name -> {title, source, published, url, author}."""
    path = root / METADATA_FILE
    if not path.is_file():
        return {}, []
    where = f"{display.rstrip('/')}/{METADATA_FILE}"
    try:
        text = path.read_text(encoding="utf-8")
        # Remembered in the cache dir by its exact text: an unchanged file costs no YAML import or parse.
        data = cached("metadata", path, text, lambda: _safe_load(text), _as_is, _as_is)
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
    warnings: list[str] = []
    for key, fields in data.items():
        if not isinstance(fields, dict):
            warnings.append(f"{where}: entry {key!r} is not a mapping, ignored")
            continue
        result[str(key)] = {k: field_text(v) for k, v in fields.items() if k in META_FIELDS}
    return result, warnings
