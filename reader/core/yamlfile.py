"""YAML files that report problems as ``FILE:LINE: problem``.

Themes, keymaps and configs are written by hand; when one is wrong the user needs the
line, not a traceback. ``load_yaml`` returns plain data plus a lookup from a key path
(e.g. ``("entities", "PERSON")``) to its 1-based line, taken from PyYAML's node tree
(``yaml.compose``): plain loaded objects have no lines.

Every start reads a few of these files (the shipped themes, the label schema) and they
almost never change, while importing PyYAML and parsing them is a measurable part of a
start (see bench/README.md). So a parse is remembered in the cache dir (``cached``),
keyed by the file's exact text (stored in the entry and compared whole): an unchanged file
is one small JSON read, and PyYAML is imported only when something is actually parsed.
A missing, stale or unreadable cache entry just means parsing again.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reader.core.errors import UserError

if TYPE_CHECKING:
    import yaml

KeyPath = tuple[Any, ...]
T = TypeVar("T")
# bump when what a cached entry holds changes (4: aliases are refused; 5: problems kept; 6: article
# metadata is kept as written, with its lines)
CACHE_FORMAT = 6


def composer() -> Any:
    """libyaml's parser when PyYAML was built with it (the wheels are): same nodes and marks, faster."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlDoc:
    """Parsed YAML data with the line of every mapping key and sequence item, and the problems
    the parse found but could read past (a key given twice: the first is kept), which the
    checks of the data report with their own (``yamlmodel.Checker``), so none hides another."""

    def __init__(
        self, path: Path, data: Any, lines: dict[KeyPath, int], problems: list[tuple[int, str]] | None = None
    ) -> None:
        self.path = path
        self.data = data
        self._lines = lines
        self.problems: list[tuple[int, str]] = problems or []

    def line(self, *keys: Any) -> int:
        while keys and keys not in self._lines:
            keys = keys[:-1]
        return self._lines.get(keys, 1)

    def error(self, problem: str, *keys: Any) -> UserError:
        return UserError(f"{self.path}:{self.line(*keys)}: {problem}")


class _Problem(Exception):
    """A problem the node tree shows that stops the walk (a key that is no plain name), at a line."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line


ALIAS_PROBLEM = "YAML aliases (*name) are not allowed: write the value out"


def parse_metadata(text: str, *, first_line: int = 1) -> tuple[Any, dict[KeyPath, int], list[tuple[int, str]]]:
    """Article metadata (a folder's metadata.yaml, a .md file's front matter): plain data, the
    line of every key and item, and the keys given twice (the first is kept), as ``load_yaml``.

    Every value there is text, and YAML 1.1 reads some words as something else: ``title: No``
    would be False, ``source: on`` True, ``title: 1984`` a number, ``0x1F`` 31. So a boolean or
    a number is the text as written, and a date the ISO 8601 text of its date (as it was).
    Config files are not read so: ``resume: no`` is false there. Aliases are refused as in
    every file. A problem raises ``yaml.MarkedYAMLError`` (its mark counted in ``text``, as
    PyYAML's are); the lines returned count from ``first_line``, the file's line ``text``
    starts on. ``cached`` keeps the result with ``doc_to_json`` and ``doc_from_json``.
    """
    import yaml

    _refuse_aliases(text, yaml.SafeLoader)  # the pure-Python parser, as before: its messages ("not allowed here")
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if node is None:
        return None, {}, []
    try:
        return _walk(node, first_line=first_line, as_written=True)
    except _Problem as problem:
        where = yaml.Mark("<yaml>", 0, problem.line - first_line, 0, None, None)
        raise yaml.MarkedYAMLError(problem=str(problem).removeprefix("YAML error: "), problem_mark=where) from None


def _refuse_aliases(text: str, loader: Any = None) -> None:
    """A ``yaml.MarkedYAMLError`` at the first alias (its own line, which the composed node,
    shared with its anchor, no longer knows).

    A few hundred bytes of nested aliases ("billion laughs") expand to gigabytes when the
    data is walked, and an alias inside its own anchor loops for ever; hand-written files
    have no use for them."""
    import yaml

    for event in yaml.parse(text, Loader=loader or composer()):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(problem=ALIAS_PROBLEM, problem_mark=event.start_mark)


_AS_WRITTEN = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_DATE = "tag:yaml.org,2002:timestamp"


def _walk(
    root: yaml.Node, *, first_line: int = 1, as_written: bool = False
) -> tuple[Any, dict[KeyPath, int], list[tuple[int, str]]]:
    """Plain data from a node tree, the line of every key and item in it, and the keys given
    twice (the first value is kept, and the walk goes on).

    An alias is the same node met twice: refused (``ALIAS_PROBLEM``), as is nesting deeper
    than Python's recursion allows. Lines count from ``first_line``. ``as_written``: booleans
    and numbers are the text written, dates ISO 8601 text (``parse_metadata``).
    """
    import yaml

    lines: dict[KeyPath, int] = {}
    twice: list[tuple[int, str]] = []
    seen: set[int] = set()
    scalars = yaml.SafeLoader("")  # only its constructor is used: each scalar's value

    def line(node: yaml.Node) -> int:
        return node.start_mark.line + first_line

    def scalar(node: yaml.Node) -> Any:
        if as_written and node.tag in _AS_WRITTEN:
            return node.value
        try:
            value = scalars.construct_object(node)
        except yaml.YAMLError as err:  # a tag the safe loader refuses (!!python/...)
            raise _Problem(line(node), f"YAML error: {getattr(err, 'problem', None) or err}") from None
        except (ValueError, OverflowError) as err:  # a value its tag cannot hold (a date 2024-13-45)
            raise _Problem(line(node), f"YAML error: {node.value!r}: {err}") from None
        return value.isoformat() if as_written and node.tag == _DATE else value

    def data(node: yaml.Node, path: KeyPath) -> Any:
        lines[path] = line(node)
        if id(node) in seen:
            raise _Problem(line(node), ALIAS_PROBLEM)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key_line = line(key_node)
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Problem(key_line, "a key must be a plain name, not a list or a mapping")
                key = scalar(key_node)
                if key in out:
                    twice.append((key_line, f"{key!r} is given twice (first on line {lines[path + (key,)]})"))
                    continue
                out[key] = data(value_node, path + (key,))
                lines[path + (key,)] = key_line  # a key's line, not its value's
            return out
        if isinstance(node, yaml.SequenceNode):
            return [data(item, path + (i,)) for i, item in enumerate(node.value)]
        return scalar(node)

    try:
        return data(root, ()), lines, twice
    except RecursionError:
        raise _Problem(first_line, "nested too deeply") from None
    finally:
        scalars.dispose()


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (JSON would turn 1.0 into 1, keys into str...)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(type(k) is str and _same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _cache_file(kind: str, path: Path) -> Path:
    from reader.core import paths

    # Two paths sharing a name only evict each other: an entry holds the exact text it parsed.
    return paths.cache_dir() / "parsed" / f"{kind}-{paths.cache_name(str(path.resolve()))}.json"


def cached(
    kind: str,
    path: Path,
    source: str,
    parse: Callable[[], T],
    to_json: Callable[[T], Any],
    from_json: Callable[[Any], T],
) -> T:
    """``parse()`` of the file at ``path`` whose text is ``source``, remembered in the cache dir.

    ``to_json``/``from_json`` turn the result into JSON data and back; a result that does not
    survive that exactly (dates, non-string keys...) is simply not cached. Errors raised by
    ``parse`` are never cached: a broken file is parsed, and reported, every time.
    """
    stamp = [CACHE_FORMAT, source]
    where: Path | None = None
    try:
        where = _cache_file(kind, path)
        entry = json.loads(where.read_bytes())
        if entry[0] == stamp:
            return from_json(entry[1])
    except (OSError, RuntimeError, ValueError, LookupError, TypeError, AttributeError):
        pass  # no entry yet, another file's, damaged, or no usable cache dir: parse
    result = parse()
    if where is None:
        return result
    try:
        data = to_json(result)
        text = json.dumps([stamp, data], ensure_ascii=False, separators=(",", ":"))
        if _same(json.loads(text)[1], data):
            _write(where, text)
    except (OSError, TypeError, ValueError):
        pass  # the cache is only a shortcut
    return result


def _write(where: Path, text: str) -> None:
    """Replace the entry whole (temp file and rename): a reader sees the old entry or the new one.

    No fsync: after a crash a torn entry fails to load and the file is parsed again."""
    where.parent.mkdir(parents=True, exist_ok=True)
    tmp = where.with_name(f".{where.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, where)
    finally:
        tmp.unlink(missing_ok=True)


def _parse(path: Path, source: str) -> tuple[Any, dict[KeyPath, int], list[tuple[int, str]]]:
    import yaml

    try:
        _refuse_aliases(source)
        node = yaml.compose(source, Loader=composer())
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise UserError(f"{path}:{line}: YAML error: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise UserError(f"{path}: YAML error: {err}") from None
    if node is None:
        return None, {}, []
    try:
        return _walk(node)
    except _Problem as problem:
        raise UserError(f"{path}:{problem.line}: {problem}") from None


def doc_to_json(parsed: tuple[Any, dict[KeyPath, int], list[tuple[int, str]]]) -> Any:
    data, lines, problems = parsed
    return [data, [[list(keys), line] for keys, line in lines.items()], [list(p) for p in problems]]


def doc_from_json(entry: Any) -> tuple[Any, dict[KeyPath, int], list[tuple[int, str]]]:
    data, lines, problems = entry
    return data, {tuple(keys): int(line) for keys, line in lines}, [(int(n), str(p)) for n, p in problems]


def parse_yaml(source: str, path: Path) -> YamlDoc:
    """``source``, the text of ``path``, parsed (not cached); problems as in ``load_yaml``."""
    return YamlDoc(path, *_parse(path, source))


def load_yaml(path: Path, *, what: str = "file") -> YamlDoc:
    """Read and parse ``path``; any problem becomes a one-line UserError naming the file and line.

    Only a regular file is read: a FIFO named ``themes/x.yaml`` would block the start for ever."""
    from reader.core.regular_file import NotRegularFile, open_regular

    try:
        with open_regular(path) as handle, io.TextIOWrapper(handle, encoding="utf-8") as text:
            source = text.read()  # universal newlines, as read_text
    except FileNotFoundError:
        raise UserError(f"{path}: {what} not found") from None
    except UnicodeDecodeError as err:
        raise UserError(f"{path}: {what} is not UTF-8 ({err.reason} at byte {err.start})") from None
    except NotRegularFile as err:
        raise UserError(f"{path}: {err.reason}, expected a {what} file") from None
    except OSError as err:
        raise UserError(f"{path}: cannot read {what} ({err.strerror or err})") from None
    return YamlDoc(path, *cached("yaml", path, source, lambda: _parse(path, source), doc_to_json, doc_from_json))
