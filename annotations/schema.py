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

Which file: an explicit path (``--labels FILE``), else ``labels.yaml`` in the
user config dir if present, else the shipped ``annotations/labels.yaml``.

Keys: a key is a single character (``"1"``, ``"a"``, ``"%"``); it must not be
empty or longer. Digits, letters and punctuation give far more than 30 keys, and
a label without a key is allowed: the UI offers a picker for those, so any
number of labels stays reachable. Whether a key clashes with a UI binding is the
keymap's concern, not the schema's.

A bad schema is the user's mistake, so every problem raises ``UserError`` with
one line ``FILE:LINE: problem``. Line numbers come from composing the YAML node
tree (``yaml.compose``) instead of loading plain Python objects.
Colours are not part of the schema: themes assign them by label position.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from reader import paths
from reader.errors import UserError
from reader.yamlfile import cached, composer

if TYPE_CHECKING:
    import yaml

TOP_FIELDS = ("name", "version", "labels")
LABEL_FIELDS = ("name", "key", "description")


class Label(NamedTuple):
    """One label of the schema.

    A NamedTuple, not a dataclass: it is made at every start, where a dataclass costs
    ~0.6-1 ms to create (it compiles its methods).
    """

    name: str
    key: str = ""
    description: str = ""


class LabelSchema:
    """An ordered set of labels; position decides the theme colour.

    Immutable. A plain class, not a frozen dataclass: it is made at every start, where a
    dataclass costs ~0.7 ms to create (it compiles its methods).
    """

    __slots__ = ("labels", "path", "name", "version", "_by_name", "_by_key")

    labels: tuple[Label, ...]
    path: Path | None
    name: str
    version: str

    def __init__(self, labels: Iterable[Label], path: Path | None = None, name: str = "", version: str = "") -> None:
        labels = tuple(labels)
        for slot, value in (("labels", labels), ("path", path), ("name", name), ("version", version),
                            ("_by_name", {lab.name: lab for lab in labels}),
                            ("_by_key", {lab.key: lab for lab in labels if lab.key})):
            object.__setattr__(self, slot, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"LabelSchema is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"LabelSchema is immutable: cannot delete {name!r}")

    def _key(self) -> tuple[Any, ...]:
        return (self.labels, self.path, self.name, self.version)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not LabelSchema:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"LabelSchema(labels={self.labels!r}, path={self.path!r}, name={self.name!r}, "
                f"version={self.version!r})")

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


def shipped_schema_path() -> Path:
    return Path(__file__).with_name("labels.yaml")


def user_schema_path() -> Path:
    return paths.config_dir() / "labels.yaml"


def load_schema(path: str | Path | None = None) -> LabelSchema:
    """Load the schema at ``path``, else the user's, else the shipped default."""
    if path is None:
        user = user_schema_path()
        path = user if user.is_file() else shipped_schema_path()
    path = Path(path).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: label schema not found") from None
    except UnicodeDecodeError as err:
        raise UserError(f"{path}: label schema is not UTF-8 ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise UserError(f"{path}: cannot read label schema ({err.strerror})") from None
    # Remembered in the cache dir by its exact text: an unchanged schema costs no YAML parse.
    return cached(
        "schema", path, text, lambda: parse_schema(text, path), _to_json, lambda data: _from_json(data, path)
    )


def _to_json(schema: LabelSchema) -> Any:
    return [schema.name, schema.version, [[lab.name, lab.key, lab.description] for lab in schema.labels]]


def _from_json(data: Any, path: Path) -> LabelSchema:
    name, version, labels = data
    return LabelSchema(tuple(Label(*lab) for lab in labels), path, name, version)


def parse_schema(text: str, path: str | Path = "<labels>") -> LabelSchema:
    """Parse schema YAML; every problem is a ``UserError`` naming ``path:line``."""
    import yaml

    src = str(path)
    try:
        root = yaml.compose(text, Loader=composer())
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise UserError(f"{src}:{line}: YAML error: {problem}") from None
    if root is None:
        raise UserError(f"{src}:1: empty schema (expected 'labels:' with a list of labels)")

    def fail(node: yaml.Node, problem: str) -> UserError:
        return UserError(f"{src}:{node.start_mark.line + 1}: {problem}")

    top = _mapping(root, "the schema", fail)
    for key, knode in top.items():
        if key not in TOP_FIELDS:
            raise fail(knode[0], f"unknown field {key!r} (expected one of: {', '.join(TOP_FIELDS)})")
    if "labels" not in top:
        raise fail(root, "missing 'labels' (a list of labels)")
    name = _scalar_str(top["labels"][0], top.get("name"), "name", fail, allow_int=False)
    version = _scalar_str(top["labels"][0], top.get("version"), "version", fail, allow_int=True)
    labels_node = top["labels"][1]
    if not isinstance(labels_node, yaml.SequenceNode):
        raise fail(labels_node, "'labels' must be a list of labels")
    if not labels_node.value:
        raise fail(labels_node, "'labels' is empty: a schema needs at least one label")
    labels: list[Label] = []
    names: dict[str, int] = {}
    keys: dict[str, int] = {}
    for item in labels_node.value:
        fields = _mapping(item, "a label", fail)
        for key, (knode, _v) in fields.items():
            if key not in LABEL_FIELDS:
                raise fail(knode, f"unknown label field {key!r} (expected one of: {', '.join(LABEL_FIELDS)})")
        if "name" not in fields:
            raise fail(item, "label without a 'name'")
        label_name = _scalar_str(item, fields["name"], "name", fail, allow_int=False).strip()
        if not label_name:
            raise fail(fields["name"][1], "label name is empty")
        if "\n" in label_name:
            raise fail(fields["name"][1], f"label name {label_name!r} spans several lines")
        line = fields["name"][1].start_mark.line + 1
        folded = label_name.casefold()
        if folded in names:
            raise fail(fields["name"][1], f"duplicate label name {label_name!r} (first on line {names[folded]})")
        names[folded] = line
        key = ""
        if "key" in fields:
            key = _scalar_str(item, fields["key"], "key", fail, allow_int=True)
            if len(key) != 1 or key.isspace():
                raise fail(fields["key"][1], f"key {key!r} of label {label_name!r} must be exactly one character")
            if key in keys:
                raise fail(fields["key"][1], f"duplicate key {key!r} (first used on line {keys[key]})")
            keys[key] = fields["key"][1].start_mark.line + 1
        description = ""
        if "description" in fields:
            description = _scalar_str(item, fields["description"], "description", fail, allow_int=False)
        labels.append(Label(label_name, key, description.strip()))
    return LabelSchema(tuple(labels), Path(path) if src != "<labels>" else None, name, version)


def _mapping(node: yaml.Node, what: str, fail) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise fail(node, f"{what} must be a mapping (key: value), not {_kind(node)}")
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for knode, vnode in node.value:
        if not isinstance(knode, yaml.ScalarNode):
            raise fail(knode, f"{what} has a key that is not a plain name")
        if knode.value in out:
            raise fail(knode, f"field {knode.value!r} given twice")
        out[knode.value] = (knode, vnode)
    return out


def _scalar_str(
    parent: yaml.Node,
    pair: tuple[yaml.Node, yaml.Node] | None,
    field_name: str,
    fail,
    *,
    allow_int: bool,
) -> str:
    """A scalar field as text. Quoted or plain strings; ints only where they make sense (keys)."""
    import yaml

    if pair is None:
        return ""
    node = pair[1]
    if not isinstance(node, yaml.ScalarNode):
        raise fail(node, f"{field_name!r} must be text, not {_kind(node)}")
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "null":
        raise fail(node, f"{field_name!r} is empty")
    if tag == "str" or (allow_int and tag == "int"):
        return str(node.value)
    raise fail(node, f"{field_name!r} must be text, not {tag} {node.value!r} (quote it)")


def _kind(node: yaml.Node) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{node.tag.rsplit(':', 1)[-1]} {node.value!r}"


__all__: Sequence[str] = ["Label", "LabelSchema", "load_schema", "parse_schema", "shipped_schema_path"]
