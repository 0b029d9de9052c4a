"""The label schema: which labels an analyst can tag with, and their keys.

Why a schema file: projects differ (demands and concessions for a negotiation
study, casualty figures for a conflict tracker), so labels are data, loaded
from YAML::

    name: my-project          # optional
    version: 1                # optional
    labels:
      - name: demand          # required, unique (case-insensitive)
        key: "1"              # optional, exactly one character, unique
        description: ...      # optional, shown in help

    relations:                # optional: links between spans
      - name: by              # required, unique (case-insensitive)
        key: b                # optional, one character, unique among relations
        from: [demand]        # the labels of the span a link starts on (a name or a list)
        to: [actor]           # the labels of the span it points to
        description: ...      # optional, shown in help

or, as Prodigy users write it, a plain list of names (``labels: [demand, concession]``,
or one name per ``- `` line): each gets the key of its place, 1 to 9, unless another
label already has that key. The two forms mix.

Which file: an explicit path (``--labels FILE``), else ``labels.yaml`` in the
user config dir if present, else the shipped ``annotations/labels.yaml``.

Keys: a key is a single character (``"1"``, ``"a"``, ``"%"``); it must not be
empty or longer. Digits, letters and punctuation give far more than 30 keys, and
a label without a key is allowed: the UI offers a picker for those, so any
number of labels stays reachable. Whether a key clashes with a UI binding is the
keymap's concern, not the schema's.

The file's shape is a typed model (``SchemaFile``, ``LabelEntry``: msgspec structs, unknown
fields refused); what a type cannot say (a key is one character, names and keys are unique)
is checked after it. A bad schema is the user's mistake, so it raises ``UserError`` listing
every problem found, one line ``FILE:LINE: problem`` each (a YAML syntax error stops the
parse, so it is reported alone). Colours are not part of the schema: themes assign them by
label position.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, ClassVar

import msgspec
from msgspec import Meta

from reader.core import paths
from reader.core.yamlfile import YamlDoc, load_yaml, parse_yaml
from reader.core.yamlmodel import INVALID, Checker


@dataclass(frozen=True, slots=True)
class Label:
    """One label of the schema."""

    name: str
    key: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Relation:
    """A kind of link between two spans: from a span of one of ``sources`` to one of ``targets``."""

    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    key: str = ""
    description: str = ""

    def allows(self, source_label: str, target_label: str) -> bool:
        return source_label in self.sources and target_label in self.targets


@dataclass(frozen=True, slots=True)
class LabelSchema:
    """An ordered set of labels; position decides the theme colour."""

    labels: tuple[Label, ...]
    path: Path | None = None
    name: str = ""
    version: str = ""
    relations: tuple[Relation, ...] = ()
    _by_name: dict[str, Label] = field(init=False, repr=False, compare=False)
    _by_key: dict[str, Label] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        labels = tuple(self.labels)  # any iterable of labels is accepted
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "_by_name", {lab.name: lab for lab in labels})
        object.__setattr__(self, "_by_key", {lab.key: lab for lab in labels if lab.key})

    def __len__(self) -> int:
        return len(self.labels)

    def __iter__(self) -> Iterator[Label]:
        return iter(self.labels)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    @property
    def names(self) -> list[str]:
        return [lab.name for lab in self.labels]

    def by_name(self, name: str) -> Label | None:
        return self._by_name.get(name)

    def by_key(self, key: str) -> Label | None:
        return self._by_key.get(key)

    def index(self, name: str) -> int:
        """Position of a label (the theme colours labels by position); -1 if unknown."""
        for i, lab in enumerate(self.labels):
            if lab.name == name:
                return i
        return -1

    def keyless(self) -> list[Label]:
        """Labels reachable only through the picker."""
        return [lab for lab in self.labels if not lab.key]

    def relation(self, name: str) -> Relation | None:
        return next((rel for rel in self.relations if rel.name == name), None)

    def relation_by_key(self, key: str) -> Relation | None:
        return next((rel for rel in self.relations if rel.key and rel.key == key), None)

    def relations_from(self, label: str) -> list[Relation]:
        """The relations a link may start with from a span labelled ``label``."""
        return [rel for rel in self.relations if label in rel.sources]


def shipped_schema_path() -> Path:
    return Path(__file__).with_name("labels.yaml")


class LabelEntry(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """A label written as a mapping. ``key: 1`` is as good as ``key: "1"``."""

    noun: ClassVar[str] = "label"  # "label without a 'name'", "unknown label field ..."

    name: Annotated[str, Meta(description="text")]
    key: Annotated[str | int | None, Meta(description="text")] = None
    description: str = ""


# Prodigy's habit: a label may also be written as its name alone (`labels: [demand, concession]`).
LabelItem = Annotated[str | LabelEntry, Meta(description="a label: its name, or a mapping with name, key, description")]


LabelNames = Annotated[str | list[str], Meta(description="a label name or a list of label names")]


class RelationEntry(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """A relation between spans, written as a mapping (``from`` and ``to`` name labels)."""

    noun: ClassVar[str] = "relation"

    name: Annotated[str, Meta(description="text")]
    key: Annotated[str | int | None, Meta(description="text")] = None
    sources: LabelNames = msgspec.field(name="from")
    targets: LabelNames = msgspec.field(name="to")
    description: str = ""


class SchemaFile(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """What a label schema file holds."""

    name: str = ""
    version: str | int = ""
    labels: Annotated[list[LabelItem], Meta(description="a list of labels")]
    relations: Annotated[list[RelationEntry], Meta(description="a list of relations")] = []


def load_schema(path: str | Path | None = None) -> LabelSchema:
    """Load the schema at ``path``, else the user's, else the shipped default."""
    if path is None:
        path = paths.config_entry("labels.yaml") or shipped_schema_path()
    path = Path(path).expanduser()
    return _schema(load_yaml(path, what="label schema"), path)


def parse_schema(text: str, path: str | Path = "<labels>") -> LabelSchema:
    """Parse schema YAML; a ``UserError`` lists every problem, one ``path:line: problem`` a line."""
    return _schema(parse_yaml(text, Path(path)), None if str(path) == "<labels>" else Path(path))


def _schema(doc: YamlDoc, path: Path | None) -> LabelSchema:
    if doc.data is None:
        raise doc.error("empty schema (expected 'labels:' with a list of labels)")
    checker = Checker(doc, "the schema")
    schema = checker.convert(doc.data, SchemaFile)
    labels = _labels(schema.labels, checker) if schema is not INVALID else []
    relations = _relations(schema.relations, {lab.name for lab in labels}, checker) if schema is not INVALID else []
    if error := checker.error():
        raise error
    return LabelSchema(tuple(labels), path, schema.name, str(schema.version), tuple(relations))


def _labels(items: list[str | LabelEntry], checker: Checker) -> list[Label]:
    """The labels, once names and keys are checked; problems go to ``checker``, with their lines."""
    if not items:
        checker.add("'labels' is empty: a schema needs at least one label", "labels")
    labels: list[Label] = []
    names: dict[str, int] = {}  # case-folded name -> its line
    keys: dict[str, int] = {}  # key -> its line
    plain: list[int] = []  # positions of labels given by name only
    for i, item in enumerate(items):
        if item is INVALID:  # already reported
            continue
        entry = item if isinstance(item, LabelEntry) else LabelEntry(name=item)
        at = ("labels", i) if isinstance(item, str) else ("labels", i, "name")
        name = entry.name.strip()
        if not name:
            checker.add("label name is empty", *at)
            continue
        if "\n" in name:
            checker.add(f"label name {name!r} spans several lines", *at)
            continue
        line = checker.doc.line(*at)
        if name.casefold() in names:
            checker.add(f"duplicate label name {name!r} (first on line {names[name.casefold()]})", *at)
            continue
        names[name.casefold()] = line
        key = "" if entry.key is None else str(entry.key)
        if entry.key is not None:
            key_line = checker.doc.line("labels", i, "key")
            if len(key) != 1 or key.isspace():
                checker.add(f"key {key!r} of label {name!r} must be exactly one character", "labels", i, "key")
                key = ""
            elif key in keys:
                checker.add(f"duplicate key {key!r} (first used on line {keys[key]})", "labels", i, "key")
                continue
            else:
                keys[key] = key_line
        if isinstance(item, str):
            plain.append(len(labels))
        labels.append(Label(name, key, entry.description.strip()))
    # Prodigy's habit: a plain list of names. Each such label gets the digit of its place (1-9)
    # when no label claims that digit; the rest are reached through the picker.
    for index in plain:
        digit = str(index + 1)
        if index < 9 and digit not in keys:
            labels[index] = replace(labels[index], key=digit)
            keys[digit] = 0
    return labels


def _relations(items: list[RelationEntry], labels: set[str], checker: Checker) -> list[Relation]:
    """The relations, once names, keys and their ends' labels are checked (problems to ``checker``)."""
    relations: list[Relation] = []
    names: dict[str, int] = {}
    keys: dict[str, int] = {}
    for i, entry in enumerate(items):
        if entry is INVALID:  # already reported
            continue
        name = entry.name.strip()
        if not name or "\n" in name:
            checker.add(f"relation name {name!r} must be one line of text", "relations", i, "name")
            continue
        if name.casefold() in names:
            checker.add(
                f"duplicate relation name {name!r} (first on line {names[name.casefold()]})", "relations", i, "name"
            )
            continue
        names[name.casefold()] = checker.doc.line("relations", i, "name")
        key = "" if entry.key is None else str(entry.key)
        if entry.key is not None:
            if len(key) != 1 or key.isspace():
                checker.add(f"key {key!r} of relation {name!r} must be exactly one character", "relations", i, "key")
                key = ""
            elif key in keys:
                checker.add(f"duplicate relation key {key!r} (first used on line {keys[key]})", "relations", i, "key")
                key = ""
            else:
                keys[key] = checker.doc.line("relations", i, "key")
        ends = [_ends(entry.sources, "from", i, labels, checker), _ends(entry.targets, "to", i, labels, checker)]
        if all(ends):
            relations.append(Relation(name, ends[0], ends[1], key, entry.description.strip()))
    return relations


def _ends(value: str | list[str], side: str, i: int, labels: set[str], checker: Checker) -> tuple[str, ...]:
    """The labels named at one end of relation ``i``; () after a problem."""
    names = [value] if isinstance(value, str) else value
    if not names:
        checker.add(f"'{side}' of a relation needs at least one label", "relations", i, side)
        return ()
    ok = True
    for j, name in enumerate(names):
        if name not in labels:
            where = ("relations", i, side) if isinstance(value, str) else ("relations", i, side, j)
            known = ", ".join(sorted(labels)) or "none"
            checker.add(f"'{side}' names {name!r}, which is no label of the schema (labels: {known})", *where)
            ok = False
    return tuple(names) if ok else ()


__all__: Sequence[str] = ["Label", "LabelSchema", "Relation", "load_schema", "parse_schema", "shipped_schema_path"]
