"""config.yaml: a typed model; its errors name the file and line, and absent settings take defaults."""

from __future__ import annotations

import os

import pytest

from reader.cli.launch import Config, load_config
from reader.core import paths
from reader.core.errors import UserError
from reader.core.themes import load_themes
from reader.text.layout import DEFAULT_MEASURE

SHIPPED = ("newsdesk-dark", "newsdesk-high-contrast", "newsdesk-light")


def write_config(text: str):
    path = paths.config_dir() / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_and_an_empty_one_are_the_defaults():
    assert load_config() == Config()
    write_config("# nothing set\n")
    config = load_config()
    assert (config.annotator, config.theme, config.db) == ("", "", "")
    assert (config.ner, config.resume, config.measure) == ("rules", True, DEFAULT_MEASURE)


def test_settings_are_read_and_missing_ones_take_their_defaults():
    write_config("annotator: ana\ntheme: newsdesk-light\nresume: false\n")
    config = load_config()
    assert (config.annotator, config.theme, config.resume) == ("ana", "newsdesk-light", False)
    assert (config.ner, config.measure) == ("rules", DEFAULT_MEASURE)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a wrong type
        ("annotator: ana\ntheme: 5\n", ":2: 'theme' must be text, not int 5 (quote it)"),
        ("resume: maybe\n", ":1: 'resume' must be true or false, not 'maybe'"),
        ("db: [a, b]\n", ":1: 'db' must be text, not a list"),
        ("- theme\n", ":1: config must be a mapping, not a list"),
        # an unknown field is refused, with the settings there are
        ("annotator: ana\ntheem: newsdesk-light\n", ":2: unknown field 'theem' (expected one of: annotator, theme,"),
        # a setting given twice
        ("theme: a\ntheme: b\n", ":2: 'theme' is given twice (first on line 1)"),
    ],
)
def test_config_errors_name_the_file_and_line(body, expected):
    path = write_config(body)
    with pytest.raises(UserError) as err:
        load_config()
    assert str(err.value).startswith(f"{path}{expected}"), str(err.value)


def test_every_problem_of_a_config_is_listed():
    path = write_config("theme: 5\nresume: 1\nmeasure: 10\nfont: mono\ntheme: b\n")
    with pytest.raises(UserError) as err:
        load_config()
    assert [line.split(": ")[0] for line in str(err.value).split("\n")] == [f"{path}:{n}" for n in (1, 2, 3, 4, 5)]
    assert str(err.value).endswith(":5: 'theme' is given twice (first on line 1)")  # it hides none of the others


@pytest.mark.parametrize("session_theme", [None, "newsdesk-light"])  # the session's theme would win: still said
def test_an_unknown_theme_in_config_is_one_line_with_its_line(session_theme, capsys):
    from reader.cli.main import main
    from reader.core.session import load_session, save_session

    path = write_config("annotator: ana\ntheme: nope\n")
    if session_theme:
        session = load_session()
        session["theme"] = session_theme
        save_session(session)
    assert main(["/no/such/corpus"]) == 2  # said before the path is looked at (and no app starts)
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"newsdesk: {path}:2: unknown theme 'nope' (available: {', '.join(sorted(SHIPPED))})"]


@pytest.mark.parametrize("name", sorted(paths.CONFIG_FILES))  # every file the config folder holds
@pytest.mark.parametrize("kind", ["a folder", "a FIFO"])
def test_a_config_file_of_another_kind_stops_the_start_with_one_line(name, kind, capsys):
    """It used to be passed over as if absent (labels.yaml, patterns.jsonl), a FIFO read for ever."""
    from reader.cli.main import main

    path = paths.config_dir() / name
    if kind == "a folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    assert main(["/no/such/corpus"]) == 2  # said before the path is looked at (and no app starts)
    assert capsys.readouterr().err == f"newsdesk: {path}: {kind}, expected {paths.CONFIG_FILES[name]}\n"


@pytest.mark.parametrize("make", [lambda path: path.write_text("name: mine\n"), os.mkfifo])
def test_a_themes_folder_of_another_kind_is_one_line_and_named_when_its_theme_is_asked_for(make, capsys):
    """Themes are not needed to start (a broken theme file is skipped with a notice): the app
    starts with the line as a notice, and a theme asked for names it."""
    from reader.cli.main import main

    themes = paths.config_dir() / "themes"
    make(themes)
    kind = "a regular file" if themes.is_file() else "a FIFO"
    line = f"themes skipped: {themes}: {kind}, expected {paths.CONFIG_FOLDERS['themes']}"
    shipped, warnings = load_themes()
    assert warnings == [line] and sorted(shipped) == list(SHIPPED)
    write_config("theme: mine\n")
    assert main(["/no/such/corpus"]) == 2
    assert capsys.readouterr().err == f"newsdesk: {line}\n"


@pytest.mark.parametrize("kind", ["a folder", "a FIFO"])
def test_a_theme_file_of_another_kind_is_skipped_with_one_line(kind):
    themes = paths.config_dir() / "themes"
    themes.mkdir()
    path = themes / "mine.yaml"
    if kind == "a folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    light = (paths.shipped_themes_dir() / "newsdesk-light.yaml").read_text(encoding="utf-8")
    (themes / "other.yaml").write_text(light.replace("name: newsdesk-light", "name: other"), encoding="utf-8")
    loaded, warnings = load_themes()
    assert warnings == [f"theme skipped: {path}: not a regular file but {kind}, expected a theme file"]
    assert "other" in loaded  # the others still load


@pytest.mark.parametrize(
    ("word", "value"), [("no", False), ("Off", False), ("yes", True), ("ON", True), ("true", True)]
)
def test_config_files_keep_yaml_1_1_booleans(word, value):
    """Only article metadata keeps yes/no as written (reader.corpus.yaml_fields); settings are booleans."""
    write_config(f"resume: {word}\n")
    assert load_config().resume is value
    user = paths.config_dir() / "themes"
    user.mkdir(exist_ok=True)
    (user / "mine.yaml").write_text(f"name: mine\ndark: {word}\nlabels: ['#222222']\n")
    themes, warnings = load_themes()
    assert warnings == [] and themes["mine"].dark is value
