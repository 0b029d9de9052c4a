from __future__ import annotations

import pytest

from reader.core import paths
from reader.core.errors import UserError
from reader.core.themes import load_themes, parse_theme


def test_shipped_themes_cover_every_entity_label():
    from reader.ner.recognizer import ENTITY_LABELS

    themes, warnings = load_themes()
    assert {"newsdesk-dark", "newsdesk-light", "newsdesk-high-contrast"} <= set(themes)
    assert warnings == []
    for spec in themes.values():
        for label in ENTITY_LABELS:
            assert label in spec.entities, (spec.name, label)
        assert len(spec.labels) >= 3


def test_entity_styles_are_distinct_within_each_theme():
    themes, _ = load_themes()
    for spec in themes.values():
        main = ["PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL"]
        styles = {str(spec.entity_style(label)) for label in main}
        assert len(styles) == len(main), spec.name


def test_user_theme_loaded_and_broken_one_skipped(tmp_path):
    user = paths.config_dir() / "themes"
    user.mkdir(parents=True)
    (user / "mine.yaml").write_text(
        "name: mine\nui:\n  primary: '#123456'\nentities:\n  PERSON: bold red\nlabels: ['#222222']\n"
    )
    (user / "broken.yaml").write_text("name: broken\nentities:\n  PERSON: [1, 2]\nlabels: ['#222222']\n")
    themes, warnings = load_themes()
    assert "mine" in themes
    assert "broken" not in themes
    assert len(warnings) == 1 and "broken.yaml:3" in warnings[0]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("name: x\nlabels: ['#111111']\nui:\n  primary: notacolour\n", ":4: bad colour"),
        ("name: x\nlabels: []\n", ":2: 'labels' must be a non-empty list"),
        ("name: x\nlabels: ['#111111']\ncolour: 1\n", ":3: unknown field 'colour'"),
        ("name: [x\n", "YAML error"),
    ],
)
def test_bad_theme_names_file_and_line(tmp_path, body, problem):
    path = tmp_path / "t.yaml"
    path.write_text(body)
    with pytest.raises(UserError) as err:
        parse_theme(path)
    assert str(path) in str(err.value) and problem in str(err.value)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a wrong type
        ("name: x\ndark: maybe\nlabels: ['#111111']\n", ":2: 'dark' must be true or false, not 'maybe'"),
        ("name: x\nlabels: ['#111111']\nui:\n  primary: 12\n", ":4: 'primary' must be a colour, e.g. '#E69F00' or"),
        ("name: x\nlabels: ['#111111']\ntext:\n  cursor: bold nonsense\n", ":4: bad style 'bold nonsense'"),
        # a missing field
        ("name: x\nui:\n  primary: '#123456'\n", ":1: missing 'labels' (a non-empty list of colours)"),
        ("labels: ['#111111']\n", ":1: missing 'name'"),
        # an unknown field is refused (a typo would otherwise be silently ignored)
        (
            "name: x\nlabels: ['#111111']\nui:\n  primry: red\n",
            ":4: unknown 'ui' key 'primry' (expected one of: primary,",
        ),
    ],
)
def test_theme_model_errors_name_file_and_line(tmp_path, body, expected):
    path = tmp_path / "t.yaml"
    path.write_text(body)
    with pytest.raises(UserError) as err:
        parse_theme(path)
    assert str(err.value).startswith(f"{path}{expected}"), str(err.value)


def test_every_problem_of_a_theme_is_listed(tmp_path):
    user = paths.config_dir() / "themes"
    user.mkdir(parents=True)
    (user / "broken.yaml").write_text("name: broken\ndark: maybe\nui:\n  primary: 12\nlabels: []\nfont: x\n")
    themes, warnings = load_themes()
    assert "broken" not in themes
    (warning,) = warnings
    lines = warning.removeprefix("theme skipped: ").split("\n")
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in lines] == ["2", "4", "5", "6"]
