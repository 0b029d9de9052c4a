"""Label schema: the shipped default, lookups, the user's override, one-line errors with lines."""

from __future__ import annotations

import string

import pytest

from annotations.schema import Label, load_schema, parse_schema
from reader.core import paths
from reader.core.errors import UserError


def test_default_schema_has_five_keyed_labels_with_descriptions():
    schema = load_schema()
    assert schema.names == ["demand", "concession", "casualty figure", "actor", "source"]
    assert [lab.key for lab in schema] == ["1", "2", "3", "4", "5"]
    assert all(len(lab.description) > 20 for lab in schema)
    assert schema.by_key("3") == schema.by_name("casualty figure")
    assert schema.index("concession") == 1 and schema.index("nope") == -1
    assert "demand" in schema and schema.by_key("9") is None


def test_user_config_schema_replaces_default(tmp_path):
    (paths.config_dir() / "labels.yaml").write_text("labels:\n  - {name: threat, key: t}\n", encoding="utf-8")
    schema = load_schema()
    assert schema.names == ["threat"]
    assert schema.path == paths.config_dir() / "labels.yaml"
    explicit = tmp_path / "mine.yaml"
    explicit.write_text("name: mine\nversion: 2\nlabels:\n  - name: a\n", encoding="utf-8")
    mine = load_schema(explicit)
    assert mine.labels == (Label("a", "", ""),)
    assert (mine.name, mine.version) == ("mine", "2")


def test_forty_labels_reachable_by_single_char_keys_or_picker():
    keys = (string.digits + string.ascii_lowercase)[:36]
    lines = ["labels:"] + [f"  - {{name: label{i}, key: '{k}'}}" for i, k in enumerate(keys)]
    lines += [f"  - name: extra{i}" for i in range(5)]
    schema = parse_schema("\n".join(lines) + "\n", "big.yaml")
    assert len(schema) == 41
    assert schema.by_key("z").name == "label35"
    assert [lab.name for lab in schema.keyless()] == [f"extra{i}" for i in range(5)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "labels:\n  - {name: a, key: '1'}\n  - {name: b, key: '1'}\n",
            "bad.yaml:3: duplicate key '1' (first used on line 2)",
        ),
        ("labels:\n  - name: a\n  - name: b\n  - name: A\n", "bad.yaml:4: duplicate label name 'A' (first on line 2)"),
        ("labels:\n  - name: a\n    colour: red\n", "bad.yaml:3: unknown label field 'colour'"),
        ("labels:\n  - name: a\ncolours: {}\n", "bad.yaml:3: unknown field 'colours'"),
        ("labels:\n  - name: a\n    key: ab\n", "bad.yaml:3: key 'ab' of label 'a' must be exactly one character"),
        ("labels:\n  - name: a\n    key: ''\n", "bad.yaml:3: key '' of label 'a' must be exactly one character"),
        ("labels:\n  - name: a\n    key: true\n", "bad.yaml:3: 'key' must be text, not bool"),
        ("labels:\n  - name: [x]\n", "bad.yaml:2: 'name' must be text, not a list"),
        ("labels:\n  - key: x\n", "bad.yaml:2: label without a 'name'"),
        ("labels:\n  - name: a\n  - name: b\n   key: 2\n", "bad.yaml:4: YAML error"),
        ("labels: [\n", "bad.yaml:2: YAML error"),
        ("labels: demand\n", "bad.yaml:1: 'labels' must be a list of labels"),
        ("labels: []\n", "bad.yaml:1: 'labels' is empty"),
        ("- demand\n", "bad.yaml:1: the schema must be a mapping"),
        ("", "bad.yaml:1: empty schema"),
        ("name: x\n", "bad.yaml:1: missing 'labels'"),
    ],
)
def test_bad_schema_is_one_line_with_file_and_line(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_schema(path)
    message = str(info.value)
    assert message.startswith(str(tmp_path) + "/" + expected), message
    assert "\n" not in message


def test_missing_and_non_utf8_schema(tmp_path):
    with pytest.raises(UserError, match="label schema not found"):
        load_schema(tmp_path / "nope.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("labels:\n  - name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(UserError, match="not UTF-8"):
        load_schema(bad)


@pytest.mark.parametrize("text", ["labels: [demand, concession]\n", "labels:\n  - demand\n  - concession\n"])
def test_a_plain_list_of_names_gets_keys_in_order(text):
    schema = parse_schema(text, "plain.yaml")
    assert [(lab.name, lab.key, lab.description) for lab in schema] == [("demand", "1", ""), ("concession", "2", "")]


def test_plain_names_past_nine_and_digits_already_taken_go_to_the_picker():
    names = [f"l{i}" for i in range(11)]
    schema = parse_schema(f"labels: [{', '.join(names)}]\n", "many.yaml")
    assert [lab.key for lab in schema] == [str(i) for i in range(1, 10)] + ["", ""]
    mixed = parse_schema("labels:\n  - {name: threat, key: '2'}\n  - demand\n  - concession\n", "mixed.yaml")
    assert [(lab.name, lab.key) for lab in mixed] == [("threat", "2"), ("demand", ""), ("concession", "3")]
    assert [lab.name for lab in mixed.keyless()] == ["demand"]


def test_every_problem_is_reported_at_once_each_with_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: [x]\n"  # 1
        "labels:\n"  # 2
        "  - name: a\n"  # 3
        "    colour: red\n"  # 4
        "  - {name: b, key: '1'}\n"  # 5
        "  - {name: c, key: '1'}\n"  # 6
        "  - key: x\n"  # 7
        "  - A\n"  # 8
        "  - {name: d, key: ab}\n"  # 9
        "colours: {}\n",  # 10
        encoding="utf-8",
    )
    with pytest.raises(UserError) as info:
        load_schema(path)
    assert str(info.value).split("\n") == [
        f"{path}:1: 'name' must be text, not a list",
        f"{path}:4: unknown label field 'colour' (expected one of: name, key, description)",
        f"{path}:6: duplicate key '1' (first used on line 5)",
        f"{path}:7: label without a 'name'",
        f"{path}:8: duplicate label name 'A' (first on line 3)",
        f"{path}:9: key 'ab' of label 'd' must be exactly one character",
        f"{path}:10: unknown field 'colours' (expected one of: name, version, labels, relations)",
    ]


async def test_plain_list_keys_tag_in_the_app(make_app, tmp_path):
    from conftest import wait_ready

    path = tmp_path / "plain.yaml"
    path.write_text("labels: [threat, offer]\n", encoding="utf-8")
    app = make_app(labels=path)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s", "2")
        await pilot.pause()
        assert [s.label for s in app.store.spans(app.screen.article.id)] == ["offer"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a wrong type, where a label is its name alone and in the schema's own fields
        ("labels:\n  - demand\n  - 5\n", "bad.yaml:3: item 2 of 'labels' must be a label: its name, or a mapping"),
        ("version: 1.5\nlabels: [a]\n", "bad.yaml:1: 'version' must be text or a whole number, not float 1.5"),
        ("labels:\n  - name: a\n    description: [x]\n", "bad.yaml:3: 'description' must be text, not a list"),
        # a field given twice
        ("labels: [a]\nlabels: [b]\n", "bad.yaml:2: 'labels' is given twice (first on line 1)"),
    ],
)
def test_more_schema_model_errors_name_file_and_line(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_schema(path)
    assert str(info.value).startswith(f"{path}:{expected.removeprefix('bad.yaml:')}"), str(info.value)


def test_a_key_written_as_a_number_is_the_key_and_a_bad_key_still_lets_the_rest_be_checked(tmp_path):
    schema = parse_schema("labels:\n  - {name: a, key: 7}\n", "num.yaml")
    assert schema.by_key("7").name == "a"
    path = tmp_path / "bad.yaml"
    path.write_text("labels:\n  - {name: a, key: true}\n  - {name: A}\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_schema(path)
    assert str(info.value).split("\n") == [
        f"{path}:2: 'key' must be text, not bool True (quote it)",
        f"{path}:3: duplicate label name 'A' (first on line 2)",
    ]


def test_default_schema_links_demands_and_concessions_to_actors_and_figures_to_sources():
    schema = load_schema()
    assert [(rel.name, rel.key, rel.sources, rel.targets) for rel in schema.relations] == [
        ("by", "b", ("demand", "concession"), ("actor",)),
        ("reported by", "r", ("casualty figure",), ("source",)),
        ("answers", "a", ("concession",), ("demand",)),
    ]
    assert all(rel.description for rel in schema.relations)
    assert [rel.name for rel in schema.relations_from("concession")] == ["by", "answers"]
    assert schema.relations_from("actor") == []
    assert schema.relation_by_key("r") == schema.relation("reported by")
    assert schema.relation("by").allows("demand", "actor") and not schema.relation("by").allows("actor", "demand")


def test_relations_are_optional_and_one_end_may_be_a_single_name():
    assert parse_schema("labels: [a]\n").relations == ()
    schema = parse_schema("labels: [claim, person]\nrelations:\n  - {name: said by, from: claim, to: person}\n")
    assert schema.relations[0].sources == ("claim",) and schema.relations[0].key == ""


def test_every_relation_problem_is_reported_with_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "labels: [demand, actor]\n"  # 1
        "relations:\n"  # 2
        "  - name: by\n"  # 3
        "    key: b\n"  # 4
        "    from: [demand, threat]\n"  # 5
        "    to: actor\n"  # 6
        "  - {name: By, from: demand, to: actor}\n"  # 7
        "  - {name: for, key: b, from: demand, to: actor}\n"  # 8
        "  - {name: to, key: xy, from: [], to: actor}\n"  # 9
        "  - {name: of, from: demand}\n"  # 10
        "  - {name: at, from: demand, to: actor, colour: red}\n"  # 11
        "  - {name: near, from: demand, to: [7]}\n",  # 12
        encoding="utf-8",
    )
    with pytest.raises(UserError) as info:
        load_schema(path)
    assert str(info.value).split("\n") == [
        f"{path}:5: 'from' names 'threat', which is no label of the schema (labels: actor, demand)",
        f"{path}:7: duplicate relation name 'By' (first on line 3)",
        f"{path}:8: duplicate relation key 'b' (first used on line 4)",
        f"{path}:9: key 'xy' of relation 'to' must be exactly one character",
        f"{path}:9: 'from' of a relation needs at least one label",
        f"{path}:10: relation without a 'to'",
        f"{path}:11: unknown relation field 'colour' (expected one of: name, key, from, to, description)",
        f"{path}:12: 'to' must be a label name or a list of label names, not a list",
    ]
