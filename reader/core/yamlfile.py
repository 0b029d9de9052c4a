"""YAML files that report problems as ``FILE:LINE: problem``.

Themes, keymaps and configs are written by hand; when one is wrong the user needs the
line, not a traceback. ``load_yaml`` returns plain data plus a lookup from a key path
(e.g. ``("entities", "PERSON")``) to its 1-based line, taken from PyYAML's node tree
(``yaml.compose``) rather than from plain loaded objects, which have no lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reader.core.errors import UserError

KeyPath = tuple[Any, ...]

# libyaml's parser when PyYAML was built with it (the wheels are): same nodes and marks.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlDoc:
    """Parsed YAML data with the line of every mapping key and sequence item."""

    def __init__(self, path: Path, data: Any, lines: dict[KeyPath, int]) -> None:
        self.path = path
        self.data = data
        self._lines = lines

    def line(self, *keys: Any) -> int:
        while keys and keys not in self._lines:
            keys = keys[:-1]
        return self._lines.get(keys, 1)

    def error(self, problem: str, *keys: Any) -> UserError:
        return UserError(f"{self.path}:{self.line(*keys)}: {problem}")


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            out[key] = _walk(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1  # a key's line, not its value's
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, path + (i,), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def parse_yaml(source: str, path: Path) -> YamlDoc:
    """``source`` (the text of ``path``) parsed; a YAML error becomes a one-line UserError."""
    try:
        node = yaml.compose(source, Loader=LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise UserError(f"{path}:{line}: YAML error: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise UserError(f"{path}: YAML error: {err}") from None
    lines: dict[KeyPath, int] = {}
    data = _walk(node, (), lines) if node is not None else None
    return YamlDoc(path, data, lines)


def load_yaml(path: Path, *, what: str = "file") -> YamlDoc:
    """Read and parse ``path``; any problem becomes a one-line UserError naming the file and line."""
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: {what} not found") from None
    except UnicodeDecodeError as err:
        raise UserError(f"{path}: {what} is not UTF-8 ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise UserError(f"{path}: cannot read {what} ({err.strerror or err})") from None
    return parse_yaml(source, path)
