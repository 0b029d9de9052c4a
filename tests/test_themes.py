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
