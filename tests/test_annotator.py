"""The annotator's name when none is given: the app, the CLI and the store fall back alike."""

from __future__ import annotations

import argparse
import getpass

from annotations.store.database import AnnotationStore
from reader.cli.launch import Config, resolve_annotator
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
