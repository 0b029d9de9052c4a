"""reader.core.yamlfile: line-numbered YAML, and the parse cache that keeps PyYAML out of startup."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from reader.core import paths, yamlfile
from reader.core.errors import UserError
from reader.core.yamlfile import cached, load_yaml


def no_parse(*_args, **_kwargs):
    raise AssertionError("parsed although the cache holds this text")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_second_load_comes_from_the_cache_with_lines(tmp_path, monkeypatch):
    path = write(tmp_path / "t.yaml", "name: x\nui:\n  primary: '#123456'\nlabels:\n  - red\n  - 1.5\n")
    first = load_yaml(path)
    monkeypatch.setattr(yamlfile, "_parse", no_parse)
    second = load_yaml(path)
    assert second.data == first.data == {"name": "x", "ui": {"primary": "#123456"}, "labels": ["red", 1.5]}
    assert type(second.data["labels"][1]) is float
    assert second.line("ui", "primary") == first.line("ui", "primary") == 3
    assert second.line("labels", 1) == 6
    assert second.error("bad", "labels", 0).args[0] == f"{path}:5: bad"


def test_changed_text_is_parsed_again(tmp_path):
    path = write(tmp_path / "t.yaml", "a: 1\n")
    assert load_yaml(path).data == {"a": 1}
    write(path, "a: 2\n")
    assert load_yaml(path).data == {"a": 2}


def test_a_broken_file_is_reported_every_time(tmp_path):
    path = write(tmp_path / "t.yaml", "a: [1,\n")
    for _ in range(2):
        with pytest.raises(UserError, match=r"t\.yaml:\d+: YAML error"):
            load_yaml(path)


def test_data_json_cannot_hold_exactly_is_not_cached(tmp_path, monkeypatch):
    path = write(tmp_path / "t.yaml", "when: 2024-01-02\n1: one\n")
    assert load_yaml(path).data == {"when": datetime.date(2024, 1, 2), 1: "one"}
    assert not list((paths.cache_dir() / "parsed").glob("*.json"))
    assert load_yaml(path).data == {"when": datetime.date(2024, 1, 2), 1: "one"}  # parsed again, same answer


def test_damaged_or_unwritable_cache_only_costs_a_parse(tmp_path, monkeypatch):
    path = write(tmp_path / "t.yaml", "a: 1\n")
    load_yaml(path)
    (entry,) = (paths.cache_dir() / "parsed").glob("*.json")
    entry.write_text('[[1, "x"', encoding="utf-8")
    assert load_yaml(path).data == {"a": 1}
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(write(tmp_path / "not-a-dir", "")))
    assert load_yaml(path).data == {"a": 1}


def test_cached_results_are_never_parse_errors(tmp_path):
    path = tmp_path / "x"
    calls = []

    def parse():
        calls.append(1)
        if len(calls) == 1:
            raise UserError("x:1: bad")
        return {"ok": True}

    with pytest.raises(UserError):
        cached("test", path, "text", parse, lambda d: d, lambda d: d)
    assert cached("test", path, "text", parse, lambda d: d, lambda d: d) == {"ok": True}
    assert cached("test", path, "text", no_parse, lambda d: d, lambda d: d) == {"ok": True}
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\n? [x, y]\n: 2\n", r"t\.yaml:2: a key must be a plain name, not a list or a mapping$"),
        ("a: 1\nb: !!python/name:os.system\n", r"t\.yaml:2: YAML error: could not determine a constructor"),
        ("a: 2024-13-45\n", r"t\.yaml:1: YAML error: '2024-13-45': month must be in 1\.\.12$"),
    ],
)
def test_what_plain_yaml_would_take_or_trace_back_on_is_one_line(tmp_path, text, expected):
    path = write(tmp_path / "t.yaml", text)
    for _ in range(2):  # and never from the cache
        with pytest.raises(UserError, match=expected):
            load_yaml(path)


def test_a_key_given_twice_is_a_problem_of_the_doc_and_the_first_value_is_kept(tmp_path):
    """Kept, not raised, so that the file's checks list it with their own problems (test_config)."""
    path = write(tmp_path / "t.yaml", "a: 1\nb: {c: 1, c: 2}\na: 3\n")
    for _ in range(2):  # parsed, then from the cache
        doc = load_yaml(path)
        assert doc.data == {"a": 1, "b": {"c": 1}}
        assert doc.problems == [
            (2, "'c' is given twice (first on line 2)"),
            (3, "'a' is given twice (first on line 1)"),
        ]
