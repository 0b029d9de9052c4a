"""Start the app: everything that can be the user's mistake is checked before Textual starts.

A bad schema, theme name, patterns file, keymap, a missing corpus path or a locked or
corrupt database each end here with one line (``UserError``), never a traceback and
never a half-drawn screen.
"""

from __future__ import annotations

import argparse
import os
import threading
from collections.abc import Callable
from typing import Any

from reader.core import paths
from reader.core.errors import UserError
from reader.core.yamlfile import load_yaml
from reader.text.layout import DEFAULT_MEASURE, MIN_MEASURE

CONFIG_KEYS = {"annotator", "theme", "db", "ner", "resume", "measure"}


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


def load_config() -> dict[str, object]:
    """``<config dir>/config.yaml``: annotator, theme, db, ner, resume, measure (all optional)."""
    path = paths.config_dir() / "config.yaml"
    if not path.exists():
        return {}
    doc = load_yaml(path, what="config")
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        raise doc.error("config must be a mapping (annotator: NAME, theme: NAME, ...)")
    for key, value in doc.data.items():
        if key not in CONFIG_KEYS:
            raise doc.error(f"unknown setting {key!r} (known: {', '.join(sorted(CONFIG_KEYS))})", key)
        if key == "measure":
            if type(value) is not int or not (value == 0 or value >= MIN_MEASURE):
                need = f"a whole number of columns, {MIN_MEASURE} or more (0: no maximum)"
                raise doc.error(f"measure must be {need}, not {value!r}", key)
        elif key != "resume" and not isinstance(value, str):
            raise doc.error(f"{key} must be a string", key)
    return dict(doc.data)


def resolve_annotator(args: argparse.Namespace, config: dict[str, object]) -> str:
    if getattr(args, "annotator", None):
        return str(args.annotator)
    if config.get("annotator"):
        return str(config["annotator"])
    if os.environ.get("NEWSDESK_ANNOTATOR"):
        return os.environ["NEWSDESK_ANNOTATOR"]
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no login name (containers): spans still need a name
        return "unknown"


def _build_rules(patterns: list[str]) -> Any:
    from reader.ner.recognizer import build_recognizer

    return build_recognizer("rules", patterns)


def run_app(args: argparse.Namespace) -> int:
    from annotations.schema import load_schema
    from annotations.store.database import AnnotationStore
    from reader.core.session import Session, load_session
    from reader.core.themes import DEFAULT_THEME, load_themes
    from reader.ui.keymap import check_label_keys, load_keymap

    config = load_config()
    schema = load_schema(args.labels)
    ner = args.ner if args.ner != "rules" else str(config.get("ner", "rules"))
    recognizer: Any
    if ner.strip() == "rules":
        if args.patterns or (paths.config_dir() / "patterns.jsonl").exists():
            from reader.ner.recognizer import user_patterns

            user_patterns(args.patterns)  # a bad user pattern file stops here, with its line
        recognizer = BackgroundRecognizer(lambda: _build_rules(args.patterns))
    else:
        from reader.ner.recognizer import build_recognizer

        recognizer = build_recognizer(ner, args.patterns)  # spaCy: a missing pipeline is reported now
    themes, warnings = load_themes()
    session = load_session()
    if args.theme and args.theme not in themes:
        broken = [w for w in warnings if f"/{args.theme}.y" in w]
        if broken:  # a user theme by that name exists but did not load: say why
            raise UserError(broken[0].removeprefix("theme skipped: "))
        raise UserError(f"unknown theme {args.theme!r} (available: {', '.join(sorted(themes))})")
    theme = args.theme or session.get("theme") or config.get("theme") or DEFAULT_THEME
    if theme not in themes:
        warnings.append(f"theme {theme!r} not found; using {DEFAULT_THEME}")
        theme = DEFAULT_THEME
    keymap, keymap_warnings = load_keymap(schema)
    check_label_keys(schema, keymap)
    warnings.extend(keymap_warnings)
    if args.path and not (args.path.startswith(("http://", "https://")) or os.path.exists(args.path)):
        raise UserError(f"{args.path}: no such file or folder")
    session["resume"] = bool(config.get("resume", True))
    db = args.db or config.get("db") or paths.default_db_path()
    store = AnnotationStore.open(db, annotator=resolve_annotator(args, config), read_only=args.read_only)
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
            measure=int(config.get("measure", DEFAULT_MEASURE)),
        )
        app.run()
        return int(app.return_code or 0)
    finally:
        store.close()
