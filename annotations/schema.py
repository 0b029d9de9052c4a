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

A bad schema is the user's mistake, so it raises ``UserError`` listing every
problem found, one line ``FILE:LINE: problem`` each (a YAML syntax error stops
the parse, so it is reported alone). Line numbers come from composing the YAML node
tree (``yaml.compose``) instead of loading plain Python objects.
Colours are not part of the schema: themes assign them by label position.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from reader.core import paths
from reader.core.errors import UserError
from reader.core.yamlfile import cached, composer

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


class _Problem(Exception):
    """One problem with the schema, at a line; collected so that all are reported at once."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


def parse_schema(text: str, path: str | Path = "<labels>") -> LabelSchema:
    """Parse schema YAML; a ``UserError`` lists every problem, one ``path:line: problem`` a line."""
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
    problems: list[_Problem] = []
    try:
        labels, name, version = _parse_root(root, problems)
    except _Problem as problem:
        problems.append(problem)
    if problems:
        problems.sort(key=lambda p: p.line)  # stable: problems on one line keep their order
        raise UserError("\n".join(f"{src}:{p.line}: {p.problem}" for p in problems))
    return LabelSchema(tuple(labels), Path(path) if src != "<labels>" else None, name, version)


def _fail(node: yaml.Node, problem: str) -> _Problem:
    return _Problem(node.start_mark.line + 1, problem)


def _parse_root(root: yaml.Node, problems: list[_Problem]) -> tuple[list[Label], str, str]:
    """The labels, name and version; problems that leave the rest readable go to ``problems``."""
    import yaml

    top = _mapping(root, "the schema", problems)
    for key, knode in top.items():
        if key not in TOP_FIELDS:
            problems.append(_fail(knode[0], f"unknown field {key!r} (expected one of: {', '.join(TOP_FIELDS)})"))
    if "labels" not in top:
        raise _fail(root, "missing 'labels' (a list of labels)")
    name = version = ""
    try:
        name = _scalar_str(top.get("name"), "name", allow_int=False)
    except _Problem as problem:
        problems.append(problem)
    try:
        version = _scalar_str(top.get("version"), "version", allow_int=True)
    except _Problem as problem:
        problems.append(problem)
    labels_node = top["labels"][1]
    if not isinstance(labels_node, yaml.SequenceNode):
        raise _fail(labels_node, "'labels' must be a list of labels")
    if not labels_node.value:
        raise _fail(labels_node, "'labels' is empty: a schema needs at least one label")
    labels: list[Label] = []
    names: dict[str, int] = {}
    keys: dict[str, int] = {}
    plain: list[int] = []  # positions of labels given by name only (`labels: [demand, concession]`)
    for item in labels_node.value:
        try:
            label, key_line, name_line = _parse_label(item, problems)
        except _Problem as problem:
            problems.append(problem)
            continue
        folded = label.name.casefold()
        if folded in names:
            problems.append(_Problem(name_line, f"duplicate label name {label.name!r} (first on line {names[folded]})"))
            continue
        names[folded] = name_line
        if label.key:
            if label.key in keys:
                first = keys[label.key]
                problems.append(_Problem(key_line, f"duplicate key {label.key!r} (first used on line {first})"))
                continue
            keys[label.key] = key_line
        if isinstance(item, yaml.ScalarNode):
            plain.append(len(labels))
        labels.append(label)
    # Prodigy's habit: a plain list of names. Each such label gets the digit of its place (1-9)
    # when no label claims that digit; the rest are reached through the picker.
    for index in plain:
        digit = str(index + 1)
        if index < 9 and digit not in keys:
            labels[index] = labels[index]._replace(key=digit)
            keys[digit] = 0
    return labels, name, version


def _parse_label(item: yaml.Node, problems: list[_Problem]) -> tuple[Label, int, int]:
    """One item of ``labels``: (label, line of its key, line of its name).

    A plain scalar is a label's name; a mapping has name, key and description.
    """
    import yaml

    line = item.start_mark.line + 1
    if isinstance(item, yaml.ScalarNode):
        return Label(_label_name(item), ""), line, line
    fields = _mapping(item, "a label (a name, or a mapping with name, key, description)", problems)
    for key, (knode, _v) in fields.items():
        if key not in LABEL_FIELDS:
            problems.append(
                _fail(knode, f"unknown label field {key!r} (expected one of: {', '.join(LABEL_FIELDS)})")
            )
    if "name" not in fields:
        raise _fail(item, "label without a 'name'")
    label_name = _label_name(fields["name"][1])
    key = ""
    key_line = line
    if "key" in fields:
        key_line = fields["key"][1].start_mark.line + 1
        try:
            key = _scalar_str(fields["key"], "key", allow_int=True)
            if len(key) != 1 or key.isspace():
                raise _fail(fields["key"][1], f"key {key!r} of label {label_name!r} must be exactly one character")
        except _Problem as problem:
            problems.append(problem)
            key = ""
    description = ""
    if "description" in fields:
        try:
            description = _scalar_str(fields["description"], "description", allow_int=False)
        except _Problem as problem:
            problems.append(problem)
    return Label(label_name, key, description.strip()), key_line, fields["name"][1].start_mark.line + 1


def _label_name(node: yaml.Node) -> str:
    label_name = _scalar_str((node, node), "name", allow_int=False).strip()
    if not label_name:
        raise _fail(node, "label name is empty")
    if "\n" in label_name:
        raise _fail(node, f"label name {label_name!r} spans several lines")
    return label_name


def _mapping(node: yaml.Node, what: str, problems: list[_Problem]) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise _fail(node, f"{what} must be a mapping (key: value), not {_kind(node)}")
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for knode, vnode in node.value:
        if not isinstance(knode, yaml.ScalarNode):
            problems.append(_fail(knode, f"{what} has a key that is not a plain name"))
        elif knode.value in out:
            problems.append(_fail(knode, f"field {knode.value!r} given twice"))
        else:
            out[knode.value] = (knode, vnode)
    return out


def _scalar_str(
    pair: tuple[yaml.Node, yaml.Node] | None,
    field_name: str,
    *,
    allow_int: bool,
) -> str:
    """A scalar field as text. Quoted or plain strings; ints only where they make sense (keys)."""
    import yaml

    if pair is None:
        return ""
    node = pair[1]
    if not isinstance(node, yaml.ScalarNode):
        raise _fail(node, f"{field_name!r} must be text, not {_kind(node)}")
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "null":
        raise _fail(node, f"{field_name!r} is empty")
    if tag == "str" or (allow_int and tag == "int"):
        return str(node.value)
    raise _fail(node, f"{field_name!r} must be text, not {tag} {node.value!r} (quote it)")


def _kind(node: yaml.Node) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{node.tag.rsplit(':', 1)[-1]} {node.value!r}"


__all__: Sequence[str] = ["Label", "LabelSchema", "load_schema", "parse_schema", "shipped_schema_path"]
