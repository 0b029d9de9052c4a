"""reader.core.yamlmodel: YAML data checked against a typed model, every problem with its line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar, Literal

import msgspec
import pytest
from msgspec import Meta

from reader.core.errors import UserError
from reader.core.yamlfile import parse_yaml
from reader.core.yamlmodel import INVALID, Check, Checker, load_model


def _even(value: int) -> str | None:
    return None if value % 2 == 0 else f"{value} is odd"


class Part(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    noun: ClassVar[str] = "part"

    name: str
    size: Annotated[int, Check(_even)] = 2


class Sample(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    title: Annotated[str, Meta(description="a title")]
    dark: bool = True
    parts: list[str | Part] = []
    colours: dict[Literal["fg", "bg"], str] = {}


def check(text: str) -> tuple[object, list[str]]:
    doc = parse_yaml(text, Path("s.yaml"))
    checker = Checker(doc, "the sample")
    value = checker.convert(doc.data, Sample)
    error = checker.error()
    return value, str(error).split("\n") if error else []


def test_a_good_file_becomes_the_model():
    value, problems = check("title: x\nparts:\n  - a\n  - {name: b, size: 4}\ncolours: {fg: red}\n")
    assert problems == []
    assert value == Sample(title="x", parts=["a", Part(name="b", size=4)], colours={"fg": "red"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a wrong type: said from the type, or from the field's description; quoting is suggested
        ("title: x\ndark: maybe\n", "s.yaml:2: 'dark' must be true or false, not 'maybe'"),
        ("title: 12\n", "s.yaml:1: 'title' must be a title, not int 12 (quote it)"),
        ("title: [x]\n", "s.yaml:1: 'title' must be a title, not a list"),
        ("title:\n", "s.yaml:1: 'title' must be a title, not an empty value"),
        ("title: x\nparts: a\n", "s.yaml:2: 'parts' must be a list, not 'a'"),
        (
            "title: x\nparts:\n  - a\n  - true\n",
            "s.yaml:4: item 2 of 'parts' must be text or a mapping, not bool True (quote it)",
        ),
        ("title: x\nparts:\n  - name: a\n    size: big\n", "s.yaml:4: 'size' must be a whole number, not 'big'"),
        ("- x\n", "s.yaml:1: the sample must be a mapping, not a list"),
        # a missing field: at the line of the mapping that lacks it
        ("dark: true\n", "s.yaml:1: missing 'title' (a title)"),
        ("title: x\nparts:\n  - size: 2\n", "s.yaml:3: part without a 'name'"),
        # an unknown field is refused, at its own line, with the fields there are
        ("title: x\ncolour: red\n", "s.yaml:2: unknown field 'colour' (expected one of: title, dark, parts, colours)"),
        (
            "title: x\nparts:\n  - name: a\n    weight: 3\n",
            "s.yaml:4: unknown part field 'weight' (expected one of: name, size)",
        ),
        (
            "title: x\ncolours:\n  fg: red\n  edge: blue\n",
            "s.yaml:4: unknown 'colours' key 'edge' (expected one of: fg, bg)",
        ),
        # a check the type cannot express
        ("title: x\nparts:\n  - {name: a, size: 3}\n", "s.yaml:3: 3 is odd"),
    ],
)
def test_each_problem_names_its_line(text, expected):
    value, problems = check(text)
    assert problems == [expected]
    assert value is INVALID or isinstance(value, Sample)


def test_every_problem_is_found_in_line_order_and_the_partial_list_keeps_its_places():
    value, problems = check("parts:\n  - {name: a, size: 3}\n  - b\n  - {size: 2}\ndark: 1\nextra: 0\n")
    assert problems == [
        "s.yaml:1: missing 'title' (a title)",
        "s.yaml:2: 3 is odd",
        "s.yaml:4: part without a 'name'",
        "s.yaml:5: 'dark' must be true or false, not int 1",
        "s.yaml:6: unknown field 'extra' (expected one of: title, dark, parts, colours)",
    ]
    assert value is INVALID
    doc = parse_yaml("title: x\nparts: [{name: a, size: 3}, b, {size: 2}]\n", Path("s.yaml"))
    partial = Checker(doc, "the sample").convert(doc.data, Sample)
    # for checks across items: places match lines; a bad optional field is left at its default
    assert partial.parts == [Part(name="a"), "b", INVALID]


def test_load_model_reads_the_file_and_an_empty_file_is_an_empty_mapping(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("title: x\n", encoding="utf-8")
    value, doc = load_model(path, Sample, what="sample")
    assert value == Sample(title="x") and doc.line("title") == 1
    path.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"s\.yaml:1: missing 'title'"):
        load_model(path, Sample, what="sample")
    path.write_text("title: x\ntitle: y\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"s\.yaml:2: 'title' is given twice \(first on line 1\)"):
        load_model(path, Sample, what="sample")
