"""The annotator's name when none is given: the app, the CLI and the store fall back alike."""

from __future__ import annotations

import argparse
import getpass
import json

import pytest

from annotations.store.database import AnnotationStore
from reader.cli.commands import COMMANDS
from reader.cli.launch import Config, resolve_annotator
from reader.cli.main import main
from reader.core import paths
from reader.core.annotator import default_annotator


def no_login_name() -> str:
    raise KeyError("getpwuid(): uid not found")  # a container without a passwd entry


def test_option_then_config_then_environment(monkeypatch):
    monkeypatch.setenv("NEWSDESK_ANNOTATOR", "env")
    assert resolve_annotator(argparse.Namespace(annotator="opt"), Config(annotator="conf")) == "opt"
    assert resolve_annotator(argparse.Namespace(annotator=None), Config(annotator="conf")) == "conf"
    assert resolve_annotator(argparse.Namespace(annotator=None), Config()) == "env"


def test_login_name_then_unknown(monkeypatch):
    monkeypatch.delenv("NEWSDESK_ANNOTATOR")
    monkeypatch.setattr(getpass, "getuser", lambda: "ana")
    assert default_annotator() == "ana"
    monkeypatch.setattr(getpass, "getuser", no_login_name)
    assert default_annotator() == "unknown"
    assert resolve_annotator(argparse.Namespace(annotator=None), Config()) == "unknown"


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_a_blank_environment_name_counts_as_unset(monkeypatch, blank):
    monkeypatch.setenv("NEWSDESK_ANNOTATOR", blank)
    monkeypatch.setattr(getpass, "getuser", lambda: "ana")
    assert default_annotator() == "ana"
    assert resolve_annotator(argparse.Namespace(annotator=None), Config()) == "ana"


def test_store_opened_without_a_name_uses_the_same_default(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSDESK_ANNOTATOR")
    monkeypatch.setattr(getpass, "getuser", no_login_name)
    with AnnotationStore.open(tmp_path / "db") as store:
        assert store.annotator == "unknown"
    monkeypatch.setenv("NEWSDESK_ANNOTATOR", "env")
    with AnnotationStore.open(tmp_path / "db") as store:
        assert store.annotator == "env"
    with AnnotationStore.open(tmp_path / "db", annotator="given") as store:
        assert store.annotator == "given"


BLANK = ["", "   ", "\t"]


@pytest.mark.parametrize("name", BLANK)
@pytest.mark.parametrize("command", [None, *sorted(COMMANDS)])  # None: the app
@pytest.mark.parametrize("before", [False, True])  # a global option goes before or after the command
def test_a_blank_annotator_option_is_one_line_for_every_command(tmp_path, monkeypatch, capsys, name, command, before):
    """Refused as the arguments are read, before a command writes or the app starts (its corpus
    path is one that does not exist, so that a regression stops there instead of opening the UI)."""
    monkeypatch.chdir(tmp_path)  # an export that ran anyway would write here
    option = ["--annotator", name]
    rest = [command] if command else ["/no/such/corpus"]
    assert main([*option, *rest] if before else [*rest, *option]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert f"argument --annotator: must be a name, not {name!r} (leave it out for the default)" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", BLANK)
def test_a_blank_annotator_in_config_yaml_is_its_file_and_line(capsys, name):
    path = paths.config_dir() / "config.yaml"
    path.write_text(f"theme: newsdesk-dark\nannotator: {json.dumps(name)}\n", encoding="utf-8")
    assert main(["/no/such/corpus"]) == 2  # said before the path is looked at (and no app starts)
    assert capsys.readouterr().err.splitlines() == [
        f"newsdesk: {path}:2: 'annotator' must be a name, not {name!r} (leave it out for the default)"
    ]
