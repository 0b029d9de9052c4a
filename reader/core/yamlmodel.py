"""Hand-written YAML files checked against typed models, every problem with its line.

A file's shape is declared once as a ``msgspec.Struct`` (fields, types, defaults, unknown
fields refused with ``forbid_unknown_fields``) and msgspec converts the values. msgspec stops
at the first problem, while someone fixing a file wants to see them all (the label schema
lists every one), so ``Checker.convert`` follows the model down the data: a mapping's
unknown and missing fields, then each field, list item and mapping value, each leaf
converted by ``msgspec.convert``. A problem is kept with the line ``YamlDoc`` knows for it,
and the walk goes on.

Problems read ``'field' must be <what>, not <what it is>``: <what> is the
``Meta(description=...)`` of the field's type when it has one ("a colour, e.g. 'red'"),
else it is said from the type ("text", "true or false"). ``Check(test)`` in an ``Annotated``
type adds a test that a type cannot express (a Rich style that parses): ``test(value)``
returns the problem, or None.
"""

from __future__ import annotations

import datetime
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

import msgspec

from reader.core.errors import UserError
from reader.core.yamlfile import YamlDoc, load_yaml

M = TypeVar("M")


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
"""What ``convert`` returns for data with a problem; inside a list it holds the bad item's place."""


@dataclass(frozen=True)
class Check:
    """A test on a converted value that its type cannot express: ``test(value)`` is the problem or None."""

    test: Callable[[Any], str | None]


class Checker:
    """Converts one file's data to typed models, keeping every problem with its line."""

    def __init__(self, doc: YamlDoc, what: str) -> None:
        self.doc = doc
        self.what = what  # how the file's whole content is named: "the label schema", "keymap"
        self.problems: list[tuple[int, str]] = list(doc.problems)  # the parse's (a key given twice)

    def add(self, problem: str, *where: Any) -> None:
        """A problem at the key path ``where`` (its line comes from the YAML)."""
        self.problems.append((self.doc.line(*where), problem))

    def error(self) -> UserError | None:
        """Every problem, one ``FILE:LINE: problem`` a line in line order; None when there is none."""
        if not self.problems:
            return None
        ordered = sorted(self.problems, key=lambda p: p[0])  # stable: one line's problems keep their order
        return UserError("\n".join(f"{self.doc.path}:{line}: {problem}" for line, problem in ordered))

    def convert(self, value: Any, model: Any, *where: Any) -> Any:
        """``value`` (found at ``where``) as ``model``, else INVALID with the problems kept.

        After a problem, what comes back is partial: a struct whose optional field was bad
        has that field's default, a mapping leaves the bad entry out, and a list keeps its
        length with INVALID in the bad item's place, so that checks across items (duplicate
        names) still find their lines. It serves those checks only, never as a result.
        """
        base, description, checks = _parts(model)
        if isinstance(base, type) and issubclass(base, msgspec.Struct):
            result = self._struct(value, base, description, where)
        elif get_origin(base) is list:
            result = self._list(value, get_args(base)[0], description or "a list", where)
        elif get_origin(base) is dict:
            result = self._dict(value, *get_args(base), description or "a mapping", where)
        elif isinstance(value, dict) and (struct := _struct_member(base)) is not None:
            result = self.convert(value, struct, *where)  # `str | Label`: a mapping is the struct
        else:
            try:
                result = msgspec.convert(value, model)
            except msgspec.ValidationError:
                self.add(f"{self._subject(where)} must be {description or _say(base)}, not {_got(value, base)}", *where)
                return INVALID
        if result is not INVALID:
            for check in checks:
                problem = check.test(result)
                if problem:
                    self.add(problem, *where)
                    return INVALID
        return result

    def _struct(self, value: Any, model: type[msgspec.Struct], description: str, where: tuple) -> Any:
        if not isinstance(value, dict):
            self.add(f"{self._subject(where)} must be {description or 'a mapping'}, not {_got(value, model)}", *where)
            return INVALID
        fields = msgspec.structs.fields(model)
        names = [f.encode_name for f in fields]
        noun = f"{model.noun} " if getattr(model, "noun", "") else ""
        if model.__struct_config__.forbid_unknown_fields:
            for key in value:
                if key not in names:
                    self.add(f"unknown {noun}field {key!r} (expected one of: {', '.join(names)})", *where, key)
        given: dict[str, Any] = {}
        complete = True
        for field in fields:
            if field.encode_name not in value:
                if field.required:
                    self.add(_missing(model, field), *where)
                    complete = False
                continue
            converted = self.convert(value[field.encode_name], field.type, *where, field.encode_name)
            if converted is not INVALID:
                given[field.name] = converted
            elif field.required:
                complete = False
        # Built without msgspec's checks: each field has just been converted (or, after a
        # problem, is partial; see ``convert``).
        return model(**given) if complete else INVALID

    def _list(self, value: Any, item: Any, description: str, where: tuple) -> Any:
        if not isinstance(value, list):
            self.add(f"{self._subject(where)} must be {description}, not {_got(value, list)}", *where)
            return INVALID
        return [self.convert(x, item, *where, i) for i, x in enumerate(value)]

    def _dict(self, value: Any, key: Any, item: Any, description: str, where: tuple) -> Any:
        if not isinstance(value, dict):
            self.add(f"{self._subject(where)} must be {description}, not {_got(value, dict)}", *where)
            return INVALID
        out = {}
        for k, v in value.items():
            try:
                k = msgspec.convert(k, key)
            except msgspec.ValidationError:
                self.add(f"unknown {self._subject(where)} key {k!r} (expected {_say(_parts(key)[0])})", *where, k)
                continue
            converted = self.convert(v, item, *where, k)
            if converted is not INVALID:
                out[k] = converted
        return out

    def _subject(self, where: tuple) -> str:
        if not where:
            return self.what
        if isinstance(where[-1], int):
            return f"item {where[-1] + 1} of {self._subject(where[:-1])}"
        return repr(where[-1])


def load_model(path: Path, model: type[M], *, what: str) -> tuple[M, YamlDoc]:
    """The file at ``path`` as ``model``, and its ``YamlDoc`` for checks of meaning with lines.

    Problems raise one UserError listing them all. An empty file is an empty mapping.
    """
    doc = load_yaml(path, what=what)
    checker = Checker(doc, what)
    value = checker.convert({} if doc.data is None else doc.data, model)
    if error := checker.error():
        raise error
    return value, doc


def _parts(model: Any) -> tuple[Any, str, list[Check]]:
    """(the type inside ``Annotated``, its ``Meta`` description, its ``Check``s)."""
    if get_origin(model) is not Annotated:
        return model, "", []
    base, *extras = get_args(model)
    description = next((x.description for x in extras if isinstance(x, msgspec.Meta) and x.description), "")
    return base, description, [x for x in extras if isinstance(x, Check)]


def _members(model: Any) -> tuple[Any, ...]:
    return get_args(model) if get_origin(model) in (Union, types.UnionType) else (model,)


def _struct_member(model: Any) -> Any:
    for member in _members(model):
        base = _parts(member)[0]
        if isinstance(base, type) and issubclass(base, msgspec.Struct):
            return member
    return None


_SAID = {str: "text", bool: "true or false", int: "a whole number", float: "a number", type(None): "empty"}


def _say(model: Any) -> str:
    """What a type accepts, in words."""
    if get_origin(model) is Literal:
        return "one of: " + ", ".join(str(v) for v in get_args(model))
    if get_origin(model) in (Union, types.UnionType):
        return " or ".join(_say(_parts(m)[0]) for m in get_args(model))
    if get_origin(model) is list:
        return "a list"
    if get_origin(model) is dict or (isinstance(model, type) and issubclass(model, msgspec.Struct)):
        return "a mapping"
    return _SAID.get(model, getattr(model, "__name__", str(model)))


def _got(value: Any, model: Any) -> str:
    """What a value is, in words, with a hint when quoting it would make it the text it looks like."""
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, str):
        return repr(value)
    shown = value.isoformat() if isinstance(value, datetime.date) else repr(value)
    quote = " (quote it)" if any(_parts(m)[0] is str for m in _members(model)) else ""
    return f"{type(value).__name__} {shown}{quote}"


def _missing(model: type[msgspec.Struct], field: msgspec.structs.FieldInfo) -> str:
    noun = getattr(model, "noun", "")
    if noun:
        return f"{noun} without a {field.encode_name!r}"
    description = _parts(field.type)[1]
    return f"missing {field.encode_name!r}" + (f" ({description})" if description else "")
