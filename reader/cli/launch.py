"""Start the app: everything that can be the user's mistake is checked before Textual starts.

A bad schema, theme name, patterns file, keymap, a missing corpus path or a locked or
corrupt database each end here with one line (``UserError``), never a traceback and
never a half-drawn screen.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from reader.core import paths
from reader.core.annotator import blank_name_problem, default_annotator
from reader.core.atomic import sweep_stale
from reader.core.errors import UserError
from reader.core.yamlfile import load_yaml
from reader.core.yamlmodel import Check, load_model
from reader.text.layout import DEFAULT_MEASURE, MIN_MEASURE


class BackgroundRecognizer:
    """The built-in recogniser, built on a thread once the library is on screen.

    The library does not need the gazetteer, so startup does not wait for it to load;
    ``find`` waits (once) if an article is opened first. User pattern files are still
    checked before the app starts, so a bad line is reported as one line at once.
    """

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._ready = threading.Event()
        self._started = False
        self._recognizer: Any = None
        self._error: BaseException | None = None
        self.name = "rules"

    def start(self) -> None:
        if not self._started:
            self._started = True
            threading.Thread(target=self._run, name="newsdesk-ner", daemon=True).start()

    def _run(self) -> None:
        try:
            self._recognizer = self._build()
        except BaseException as err:  # reported by find(), on the thread that asks
            self._error = err
        finally:
            self._ready.set()

    def find(self, text: str) -> list:
        self.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self._recognizer.find(text)


MEASURE = f"a whole number of columns, {MIN_MEASURE} or more (0: no maximum)"


def _measure_problem(measure: int) -> str | None:
    return None if measure == 0 or measure >= MIN_MEASURE else f"'measure' must be {MEASURE}, not {measure}"


def _annotator_problem(name: str) -> str | None:
    problem = blank_name_problem(name)
    return f"'annotator' {problem}" if problem else None


class Config(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """``<config dir>/config.yaml``: every setting optional (an unknown one is refused: likely a typo)."""

    annotator: Annotated[str, Check(_annotator_problem)] = ""  # "": not set
    theme: str = ""
    db: str = ""
    ner: str = "rules"
    resume: bool = True
    measure: Annotated[int, Meta(description=MEASURE), Check(_measure_problem)] = DEFAULT_MEASURE


def load_config() -> Config:
    """The user's ``config.yaml``, or the defaults when there is none."""
    path = paths.config_entry("config.yaml")
    if path is None:
        return Config()
    return load_model(path, Config, what="config")[0]


def with_config_db(args: argparse.Namespace) -> None:
    """A command's ``--db`` from ``db:`` in config.yaml when it is not given, as the app takes it
    (and ``import --format``'s annotator from ``annotator:``, as the app stamps it).

    Why: a user who sets ``db:`` annotates in that database; ``list``, ``stats`` or ``export``
    reading the default one instead would show, count and export other work, or none.
    ``export --annotator`` is a filter (whose spans to write), not a name: it stays as given.
    """
    config = load_config()
    if not args.db and config.db:
        args.db = config.db
    if args.command == "import" and not args.annotator and config.annotator:
        args.annotator = config.annotator


def _unknown_theme(name: str, themes: dict[str, Any], warnings: list[str], where: str = "") -> UserError:
    """The one line for a theme that is not there: why its file (or folder) did not load, if it did not."""
    from reader.core.themes import THEME_SKIPPED, skipped_theme

    broken = skipped_theme(name, warnings)
    if broken:
        return UserError(broken.removeprefix(THEME_SKIPPED))
    return UserError(f"{where}unknown theme {name!r} (available: {', '.join(sorted(themes))})")


def resolve_annotator(args: argparse.Namespace, config: Config) -> str:
    """``--annotator``, else the config file's ``annotator``, else the default name."""
    return str(getattr(args, "annotator", None) or config.annotator or default_annotator())


def _build_rules(patterns: list[str]) -> Any:
    from reader.ner.recognizer import build_recognizer

    return build_recognizer("rules", patterns)


def run_app(args: argparse.Namespace) -> int:
    from annotations.schema import load_schema
    from annotations.store.database import AnnotationStore
    from reader.core.session import Session, load_session
    from reader.core.themes import DEFAULT_THEME, load_themes
    from reader.corpus.cache import LIBRARY_FILE
    from reader.ui.keymap import check_label_keys, load_keymap

    config = load_config()
    sweep_stale(paths.library_dir() / LIBRARY_FILE)  # what an import killed mid-write left (hidden)
    schema = load_schema(args.labels)
    ner = args.ner if args.ner != "rules" else config.ner
    recognizer: Any
    if ner.strip() == "rules":
        if args.patterns or paths.config_entry("patterns.jsonl") is not None:
            from reader.ner.recognizer import user_patterns

            user_patterns(args.patterns)  # a bad user pattern file stops here, with its line
        recognizer = BackgroundRecognizer(lambda: _build_rules(args.patterns))
    else:
        from reader.ner.recognizer import build_recognizer

        recognizer = build_recognizer(ner, args.patterns)  # spaCy: a missing pipeline is reported now
    themes, warnings = load_themes()
    session = load_session()
    if args.theme and args.theme not in themes:
        raise _unknown_theme(args.theme, themes, warnings)
    if config.theme and config.theme not in themes:  # said even when the session's theme would win
        path = paths.config_dir() / "config.yaml"
        raise _unknown_theme(config.theme, themes, warnings, f"{path}:{load_yaml(path).line('theme')}: ")
    theme = args.theme or session.get("theme") or config.theme or DEFAULT_THEME
    if theme not in themes:
        warnings.append(f"theme {theme!r} not found; using {DEFAULT_THEME}")
        theme = DEFAULT_THEME
    keymap, keymap_warnings = load_keymap(schema)
    check_label_keys(schema, keymap)
    warnings.extend(keymap_warnings)
    if args.path and not paths.is_url(args.path):
        args.path = os.path.expanduser(args.path)  # a quoted ~ too: the loader and its caches see one path
    if args.path and not (paths.is_url(args.path) or os.path.exists(args.path)):
        raise UserError(f"{args.path}: no such file or folder")
    session["resume"] = config.resume
    if args.read_only:  # nothing could be annotated in a database that is not there: a mistyped path
        from reader.cli.database_path import database_to_read

        db = database_to_read(args.db or config.db)
    else:  # created when it is not there yet (a new project's --db)
        db = args.db or config.db or paths.default_db_path()
    from reader.cli.output import warn

    store = AnnotationStore.open(db, annotator=resolve_annotator(args, config), read_only=args.read_only, notice=warn)
    warnings.extend(store.warnings)
    try:
        from reader.ui.app import NewsdeskApp

        app = NewsdeskApp(
            corpus_path=args.path,
            store=store,
            schema=schema,
            recognizer=recognizer,
            themes=themes,
            theme_name=str(theme),
            session=Session(session, args.path),
            startup_warnings=warnings,
            keymap=keymap,
            measure=config.measure,
        )
        app.run()
        code = int(app.return_code or 0)
    finally:
        closing = len(store.warnings)
        store.close()
        problems = store.warnings[closing:]  # a failed compaction at quit (the journal keeps the changes)
        for line in problems:
            print(f"newsdesk: {line}", file=sys.stderr)
    return code or (1 if problems else 0)
