"""User key remapping: ``<config dir>/keymap.yaml`` maps command ids to keys.

    article.tag_pick: "ctrl+t"
    view.sentence: "ctrl+s"

Ids are the ones the help screen (``?``) shows. A file that is not such a mapping, a key
no terminal can send, an unknown id, or two commands that are active on the same screen
given the same key, stops the start with one line naming the file and line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

from msgspec import Meta

from reader.core import paths
from reader.core.errors import UserError
from reader.core.yamlmodel import Checker, load_model
from reader.ui.commands import Command
from reader.ui.registry import APP_ACTIONS
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from annotations.schema import LabelSchema


def _article_scope() -> tuple[Command, ...]:
    """The commands whose keys work on the article screen (its own, the text view's, the app's)."""
    return ArticleScreen.ACTIONS + ArticleView.ACTIONS + APP_ACTIONS


def _scopes() -> dict[str, tuple[Command, ...]]:
    """Every screen's commands, for a keymap.yaml's check (the statistics screen is imported only then)."""
    from reader.ui.screens.stats import StatsScreen

    return {
        "library": LibraryScreen.ACTIONS + ArticleList.ACTIONS + APP_ACTIONS,
        "article": _article_scope(),
        "stats": StatsScreen.ACTIONS + APP_ACTIONS,
    }


def _keys(keys: str) -> list[str]:
    """The keys of a binding as Textual matches them ("(" is "left_parenthesis")."""
    from textual.keys import _character_to_key

    stripped = [k.strip() for k in keys.split(",")]
    return [_character_to_key(k) if len(k) == 1 else k for k in stripped if k]


def find_conflict(keymap: dict[str, str], schema: LabelSchema | None = None) -> tuple[str, str] | None:
    """(command id, problem) for the first unknown id or key clash, else None."""
    scopes = _scopes()
    known = {c.id for commands in scopes.values() for c in commands}
    for command_id in keymap:
        if command_id not in known:
            return command_id, f"unknown command id {command_id!r} (press ? in newsdesk to see the ids)"
    label_keys: Iterable[tuple[str, str]] = []
    if schema is not None:
        from textual.keys import _character_to_key

        label_keys = [(f"label {lab.name!r}", _character_to_key(lab.key)) for lab in schema.labels if lab.key]
    for scope, commands in scopes.items():
        owner: dict[str, str] = {}
        for command in commands:
            for key in _keys(keymap.get(command.id, command.keys)):
                if key in owner and owner[key] != command.id:
                    culprit = command.id if command.id in keymap else owner[key]
                    return culprit, f"key {key!r} is given to both {owner[key]} and {command.id} ({scope} screen)"
                owner[key] = command.id
        if scope == "article":
            for name, key in label_keys:
                if key in owner and owner[key] in keymap:
                    return owner[key], f"key {key!r} is given to both {owner[key]} and {name}"
    return None


MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")  # in the order Textual names them
KEY_EXAMPLES = "ctrl+s, S, f5, question_mark"  # every one a key name Textual delivers


def normalise_key(key: str) -> tuple[str, str | None]:
    """(the key as Textual names it, None) or (key, why it is no key a terminal can send).

    A terminal's key arrives with its modifiers in Textual's order ("ctrl+shift+left") and a
    keymap key is matched as written, so "shift+ctrl+left" is rewritten; a character becomes
    its name ("?" is "question_mark"), as Textual names it, so that clashes are found.
    """
    from textual.keys import REPLACED_KEYS, Keys, _character_to_key, key_to_character

    if not key:
        return key, "an empty key name"
    *modifiers, base = key.split("+")
    if "" in modifiers:
        return key, "an empty name between '+' signs (the + key is 'plus')"
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            return key, f"unknown modifier {modifier!r} (modifiers: {', '.join(MODIFIERS)})"
    if len(set(modifiers)) != len(modifiers):
        return key, "a modifier given twice"
    if len(base) == 1:
        if not base.isprintable():
            return key, f"{base!r} is not a key"
        base = _character_to_key(base)
    elif base not in {k.value for k in Keys if not k.value.startswith("<")}:
        character = key_to_character(REPLACED_KEYS.get(base, base))
        if character is None or _character_to_key(character) != base:
            return key, f"unknown key {base!r}" if base else "no key after the modifiers"
    return "+".join([*sorted(modifiers), base]), None


# The file's shape: command id -> keys. What the keys name is checked after, with normalise_key.
KeymapFile = Annotated[
    dict[str, Annotated[str, Meta(description="text, e.g. 'ctrl+s' or 'ctrl+s, f5'")]],
    Meta(description="a mapping of command ids to keys, e.g. 'view.sentence: ctrl+s'"),
]


def load_keymap(schema: LabelSchema | None = None) -> tuple[dict[str, str], list[str]]:
    """The user's keymap (id -> keys, as Textual names them), validated; ({}, []) when there is none."""
    path = paths.config_entry("keymap.yaml")
    if path is None:
        return {}, []
    given, doc = load_model(path, KeymapFile, what="keymap")
    checker = Checker(doc, "keymap")
    keymap: dict[str, str] = {}
    for command_id, keys in given.items():
        if not keys.strip():
            checker.add(f"{command_id}: keys must be a non-empty string, e.g. 'ctrl+s' or 'ctrl+s, f5'", command_id)
            continue
        names = []
        for key in keys.split(","):
            name, problem = normalise_key(key.strip())
            if problem:
                checker.add(
                    f"{command_id}: {key.strip()!r} is not a key: {problem} (keys look like {KEY_EXAMPLES})", command_id
                )
            names.append(name)
        keymap[command_id] = ",".join(names)
    if error := checker.error():
        raise error
    problem = find_conflict(keymap, schema)
    if problem:
        command_id, message = problem
        raise UserError(f"{path}:{doc.line(command_id)}: {message}")
    return keymap, []


def check_label_keys(schema: LabelSchema, keymap: dict[str, str]) -> None:
    """A label key that an article-screen command already uses would never tag: say so at start."""
    from textual.keys import _character_to_key

    owner: dict[str, str] = {}
    for command in _article_scope():
        for key in _keys(keymap.get(command.id, command.keys)):
            owner.setdefault(key, command.id)
    for label in schema.labels:
        if not label.key:
            continue
        key = _character_to_key(label.key)
        if key in owner:
            where = schema.path or "labels"
            raise UserError(
                f"{where}: key {label.key!r} of label {label.name!r} is already {owner[key]}; "
                "choose another key for the label, or remap that command in keymap.yaml"
            )
