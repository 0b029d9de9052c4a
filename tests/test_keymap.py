"""keymap.yaml: impossible key names are refused with the place; the examples the errors
give are themselves valid; keys are written as Textual matches them."""

from __future__ import annotations

import re

import pytest
from conftest import wait_ready

from reader.core import paths
from reader.core.errors import UserError
from reader.ui.keymap import KEY_EXAMPLES, load_keymap, normalise_key


def write_keymap(text: str):
    path = paths.config_dir() / "keymap.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        ("view.sentence: ctrl+shift+alt+bogus\n", 1, "'ctrl+shift+alt+bogus' is not a key: unknown key 'bogus'"),
        ("view.sentence: ctrl+s\narticle.tag_pick: fooo\n", 2, "'fooo' is not a key: unknown key 'fooo'"),
        ("view.sentence: 'ctrl+s,,x'\n", 1, "'' is not a key: an empty key name"),
        ("view.sentence: ''\n", 1, "view.sentence: keys must be a non-empty string"),
        ("view.sentence: cmd+s\n", 1, "unknown modifier 'cmd'"),
        ("view.sentence: ctrl+ctrl+s\n", 1, "a modifier given twice"),
        ("view.sentence: ctrl+\n", 1, "no key after the modifiers"),
        ("view.sentence: ctrl++\n", 1, "the + key is 'plus'"),
    ],
)
def test_impossible_key_names_are_refused_with_file_and_line(body, line, expected):
    path = write_keymap(body)
    with pytest.raises(UserError) as err:
        load_keymap()
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: ") and expected in message, message
    assert "\n" not in message


def test_the_examples_in_error_messages_are_valid():
    for key in KEY_EXAMPLES.split(", "):
        assert normalise_key(key) == (key, None)
    examples = []
    for body in ("- a\n", "view.sentence: ''\n"):
        write_keymap(body)
        with pytest.raises(UserError) as err:
            load_keymap()
        examples += re.findall(r"'([^']+)'", str(err.value).split("e.g. ")[1])
    assert examples == ["view.sentence: ctrl+s", "ctrl+s", "ctrl+s, f5"]
    write_keymap(examples[0] + "\n")
    assert load_keymap() == ({"view.sentence": "ctrl+s"}, [])
    for keys in examples[1:]:
        write_keymap(f"view.sentence: '{keys}'\n")
        assert load_keymap()[0] == {"view.sentence": keys.replace(" ", "")}


def test_keys_are_written_as_textual_names_them():
    write_keymap("view.sentence: '%, shift+ctrl+left'\nview.paragraph: ' F8 '\n")
    with pytest.raises(UserError, match="unknown key 'F8'"):
        load_keymap()
    write_keymap("view.sentence: '%, shift+ctrl+up'\n")
    assert load_keymap()[0] == {"view.sentence": "percent_sign,ctrl+shift+up"}


def test_a_remapped_punctuation_key_clashing_with_a_command_is_found():
    # "(" is the default key of view.sentence_prev: written as a character or a name, it clashes
    for spelled in ("'('", "left_parenthesis"):
        write_keymap(f"view.sentence: {spelled}\n")
        with pytest.raises(UserError, match="given to both"):
            load_keymap()


async def test_modifiers_in_any_order_work_in_the_app(make_app):
    # A terminal reports ctrl+shift+up (Textual sorts the modifiers); Textual matches a
    # keymap's key as written, so "shift+ctrl+up" would never fire if kept as it is.
    write_keymap("view.sentence: '%, shift+ctrl+up'\n")
    keymap, _ = load_keymap()
    app = make_app()
    app.user_keymap = keymap
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        view.move_cursor(view.text.index("Recent leaks"))
        await pilot.press("ctrl+shift+up", "1")
        await pilot.pause()
        spans = app.store.spans(app.screen.article.id)
        assert [s.quote[:12] for s in spans] == ["Recent leaks"]


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        # a wrong type: the file, or one command's keys
        (
            "- view.sentence\n",
            1,
            "keymap must be a mapping of command ids to keys, e.g. 'view.sentence: ctrl+s', not a",
        ),
        ("view.sentence: ctrl+s\nview.paragraph: [f5, f6]\n", 2, "'view.paragraph' must be text, e.g. 'ctrl+s' or"),
        ("view.sentence: 5\n", 1, "'view.sentence' must be text, e.g. 'ctrl+s' or 'ctrl+s, f5', not int 5 (quote it)"),
        # an unknown field, here a command id, is refused
        ("view.sentence: ctrl+s\nview.sentense: ctrl+y\n", 2, "unknown command id 'view.sentense'"),
        # one command given twice
        ("view.sentence: ctrl+s\nview.sentence: ctrl+y\n", 2, "'view.sentence' is given twice (first on line 1)"),
    ],
)
def test_keymap_model_errors_name_file_and_line(body, line, expected):
    path = write_keymap(body)
    with pytest.raises(UserError) as err:
        load_keymap()
    assert str(err.value).startswith(f"{path}:{line}: {expected}"), str(err.value)


def test_every_impossible_key_is_listed_and_an_empty_keymap_is_none():
    path = write_keymap("view.sentence: fooo\nview.paragraph: ctrl+s\narticle.tag_pick: cmd+t\n")
    with pytest.raises(UserError) as err:
        load_keymap()
    assert [line.split(": ")[0] for line in str(err.value).split("\n")] == [f"{path}:1", f"{path}:3"]
    write_keymap("# nothing remapped yet\n")
    assert load_keymap() == ({}, [])
