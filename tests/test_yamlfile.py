"""reader.core.yamlfile: YAML data with the line of every key and item, errors as FILE:LINE."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from reader.core.errors import UserError
from reader.core.yamlfile import load_yaml


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_data_and_the_line_of_every_key_and_item(tmp_path):
    path = write(
        tmp_path / "t.yaml", "name: x\nui:\n  primary: '#123456'\nlabels:\n  - red\n  - 1.5\nwhen: 2024-01-02\n"
    )
    doc = load_yaml(path)
    assert doc.data == {
        "name": "x",
        "ui": {"primary": "#123456"},
        "labels": ["red", 1.5],
        "when": datetime.date(2024, 1, 2),
    }
    assert doc.line("ui", "primary") == 3
    assert doc.line("labels", 1) == 6
    assert doc.line("ui", "nothing", "here") == 2  # an absent key: the line of its nearest parent
    assert doc.error("bad", "labels", 0).args[0] == f"{path}:5: bad"


def test_a_broken_file_names_its_line(tmp_path):
    path = write(tmp_path / "t.yaml", "a: 1\nb: [1,\n")
    with pytest.raises(UserError, match=r"t\.yaml:\d+: YAML error"):
        load_yaml(path)


def test_a_missing_or_unreadable_file_is_one_line(tmp_path):
    with pytest.raises(UserError, match=r"nope\.yaml: keymap not found$"):
        load_yaml(tmp_path / "nope.yaml", what="keymap")
    (tmp_path / "latin1.yaml").write_bytes("a: caf\xe9\n".encode("latin-1"))
    with pytest.raises(UserError, match=r"latin1\.yaml: theme is not UTF-8"):
        load_yaml(tmp_path / "latin1.yaml", what="theme")
