"""Every test runs with its own data, config and cache directories."""

from __future__ import annotations

import gc

import pytest


class Notices:
    """What the app tells the user: every notice it raises through its public ``notify``
    (from the UI thread or a worker), with the errors apart, to assert on what was said."""

    def __init__(self, app) -> None:
        self.messages: list[str] = []
        self.errors: list[str] = []
        notify = app.notify

        def record(message, *args, severity="information", **kwargs):
            self.messages.append(str(message))
            if severity == "error":
                self.errors.append(str(message))
            return notify(message, *args, severity=severity, **kwargs)

        app.notify = record


def shown_toasts(app) -> list[str]:
    """The notices on the screen now, as a user reads them (run with ``notifications=True``)."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch):
    root = tmp_path_factory.mktemp("newsdesk-home")
    for name in ("DATA", "CONFIG", "CACHE"):
        path = root / name.lower()
        path.mkdir()
        monkeypatch.setenv(f"NEWSDESK_{name}_DIR", str(path))
    monkeypatch.setenv("NEWSDESK_ANNOTATOR", "tester")
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield root
    # A command may freeze what it made (gc.freeze: a process runs one command, so that is
    # never collected again). Here one process runs hundreds: let the last one go.
    gc.unfreeze()


@pytest.fixture
def make_app(tmp_path):
    """Build the app as ``newsdesk`` would, on a temp database; close the store afterwards."""
    from annotations.schema import load_schema
    from annotations.store.database import AnnotationStore
    from reader.core.session import Session
    from reader.core.themes import load_themes
    from reader.ner.recognizer import build_recognizer
    from reader.ui.app import NewsdeskApp

    stores = []

    def factory(path=None, *, db=None, theme="newsdesk-dark", labels=None, session=None, read_only=False, clock=None):
        store = AnnotationStore.open(db or tmp_path / "annotations.db", annotator="tester", read_only=read_only)
        stores.append(store)
        themes, _ = load_themes()
        return NewsdeskApp(
            corpus_path=str(path) if path else None,
            store=store,
            schema=load_schema(labels),
            recognizer=build_recognizer("rules"),
            themes=themes,
            theme_name=theme,
            session=Session(dict(session or {}), str(path) if path else None),
            **({"clock": clock} if clock else {}),
        )

    yield factory
    for store in stores:
        store.close()


async def wait_ready(app, pilot):
    """Wait for the corpus worker and the screen updates it triggers (no sleeps)."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
