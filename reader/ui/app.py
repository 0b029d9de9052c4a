"""The newsdesk Textual application: starts on the library and switches screens.

The screens are given what they need (the store, the schema, the session, the status line's
source) and tell the app where to go with messages (``reader.ui.messages``): the library
loads the corpus in its own worker and says when it is ready, an article asks for the next
one. The app keeps the theme and the keys, and opens articles.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import Notify
from textual.screen import Screen
from textual.theme import Theme

from annotations.schema import LabelSchema
from annotations.store.database import AnnotationStore, StoreCorrupt
from reader.core.article import Article
from reader.core.errors import UserError
from reader.core.session import Session
from reader.core.themes import ThemeSpec
from reader.corpus.loader import Corpus
from reader.text.layout import DEFAULT_MEASURE
from reader.text.normalise import terminal_safe
from reader.ui.commands import Command, bindings_for
from reader.ui.early_keys import EarlyKeys
from reader.ui.messages import ArticlesImported, CorpusFailed, CorpusReady, OpenArticle, OpenNext, RowsShown
from reader.ui.notices import one_notice, superseded
from reader.ui.palette import NewsdeskCommands
from reader.ui.registry import APP_ACTIONS, command_groups
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.status_line import SessionStatus
from reader.ui.theming import register_themes

SESSION_WRITE_EVERY = 1.0  # seconds: at most this much of cursor moves is lost in a crash


class NewsdeskApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "newsdesk"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {NewsdeskCommands}  # Textual's system commands too, listed last (see palette)

    ACTIONS = APP_ACTIONS
    BINDINGS = [*bindings_for(ACTIONS), Binding("q", "quit_from_library", "Quit", show=True, id="app.q")]

    def __init__(
        self,
        *,
        corpus_path: str | None,
        store: AnnotationStore,
        schema: LabelSchema,
        recognizer: Any,
        themes: dict[str, ThemeSpec],
        theme_name: str,
        session: Session,
        startup_warnings: Iterable[str] = (),
        keymap: dict[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        measure: int = DEFAULT_MEASURE,
    ) -> None:
        super().__init__()
        self.corpus_path = corpus_path
        self.corpus: Corpus | None = None  # set once the library has listed it all
        self.store = store
        self.schema = schema
        self.recognizer = recognizer
        self.theme_specs = themes
        self.theme_spec = themes[theme_name]
        self.session = session
        self.status = SessionStatus(store, schema, clock)
        self.startup_warnings = list(startup_warnings)
        self.user_keymap = dict(keymap or {})
        self.measure = measure  # the article text's maximum line width (config.yaml ``measure``)
        self.library = LibraryScreen(corpus_path, store=store, schema=schema, session=session, status=self.status)
        self._article_screen: ArticleScreen | None = None  # made once, shown again for every article
        self.early_keys = EarlyKeys()
        # The theme is set before the stylesheet is first parsed: set in on_mount, it made
        # Textual parse every rule with its default theme, then reparse them all.
        register_themes(self, themes)
        self.theme = theme_name
        session.theme = theme_name

    # ----- start and stop ------------------------------------------------------------
    def get_default_screen(self) -> LibraryScreen:
        """The library is the app's first screen itself, not pushed over Textual's blank one."""
        return self.library

    def on_mount(self) -> None:
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        if self.startup_warnings:
            self.notify(one_notice(self.startup_warnings), severity="warning", timeout=8, markup=False)
        self.set_interval(SESSION_WRITE_EVERY, self.session.flush)
        # What exists now (modules, classes, the library's widgets) lives as long as the app:
        # frozen, the cyclic collector never walks it again, while the app runs or as it quits.
        gc.freeze()

    def on_unmount(self) -> None:
        self.session.save()

    async def on_event(self, event: events.Event) -> None:
        """Keys typed before the library shows its rows are held, then replayed (``EarlyKeys``)."""
        if isinstance(event, events.Key) and not event.is_forwarded and self.early_keys.hold(event):
            if self.early_keys.must_release(event):
                self.release_early_keys()
            return
        await super().on_event(event)

    def on_rows_shown(self, _message: RowsShown) -> None:
        self.call_after_refresh(self.release_early_keys, False)  # once the rows are in the list

    def on_corpus_failed(self, _message: CorpusFailed) -> None:
        self.release_early_keys()

    def release_early_keys(self, corpus_ready: bool = True) -> None:
        for key in self.early_keys.release(corpus_ready=corpus_ready):
            self.post_message(key)

    def notify(self, message: str, *, title: str = "", **options: Any) -> None:
        """Every notification goes through the terminal sanitiser: it may carry a link, a file
        name or a server's reply (``terminal_safe``)."""
        super().notify(terminal_safe(message), title=terminal_safe(title), **options)

    def on_notify(self, event: Notify) -> None:
        """Before Textual shows a notification: older ones of its kind go, two stay at most."""
        for old in superseded(self._notifications, event.notification):
            self._unnotify(old, refresh=False)

    def on_corpus_ready(self, message: CorpusReady) -> None:
        self.corpus = message.corpus
        self.call_after_refresh(self.release_early_keys)  # a held Enter can open an article now
        start = getattr(self.recognizer, "start", None)
        if start is not None:  # the library is on screen: build the entity recogniser in the background now
            self.set_timer(0.2, start)
        if message.corpus.warnings:
            self.notify(one_notice(message.corpus.warnings), severity="warning", timeout=8, markup=False)

    def on_articles_imported(self, _message: ArticlesImported) -> None:
        self.library.reload_corpus()

    # ----- articles ------------------------------------------------------------------
    def load_article(self, article_id: str) -> Article | None:
        """The article from the corpus, or from the store when the corpus no longer holds it."""
        article = None
        if self.corpus is not None:
            try:
                article = self.corpus.load(article_id)
            except (KeyError, UserError, OSError):
                article = None
        return article if article is not None else self.store.article(article_id)

    def on_open_article(self, message: OpenArticle) -> None:
        if message.resumed:
            if self.early_keys.typed:  # the user has started in the library meanwhile
                return
            self.notify("Resumed where you left off (Esc goes back to the library)", timeout=4)
        self.open_article(message.article_id)

    def open_article(self, article_id: str) -> None:
        article = self.load_article(article_id)
        if article is None:
            self.notify(f"Article {article_id} is not in this corpus", severity="warning", timeout=4, markup=False)
            return
        try:
            self.store.record(article_id)  # its table file, read once (the screen finds it kept)
        except StoreCorrupt as err:  # damaged: it stays as it is, and every other article opens
            self.notify(str(err), severity="error", timeout=10, markup=False)
            return
        self.session.remember(article=article_id, screen="article")
        if isinstance(self.screen, ArticleScreen):
            self.screen.show(article)  # next/previous article: same screen, new content
            return
        if self._article_screen is None:
            self._article_screen = ArticleScreen(
                article,
                store=self.store,
                schema=self.schema,
                session=self.session,
                status=self.status,
                recognizer=self.recognizer,
                measure=self.measure,
            )
            self.install_screen(self._article_screen, name="article")
        else:
            self._article_screen.show(article)
        self.push_screen("article")

    def on_open_next(self, message: OpenNext) -> None:
        next_id = self.library.next_listed(message.current_id, message.which)
        if next_id is not None:
            self.open_article(next_id)
            return
        hidden = self.library.hidden_by_filter()
        if message.which == "unread":
            self.notify(f"No unread articles left{hidden}", timeout=4)
        else:
            self.notify(f"Every other article is done, rejected or ignored{hidden}", timeout=4)

    # ----- actions ----------------------------------------------------------------------
    # The help, statistics and timeline screens are imported when their key is first pressed:
    # the library does not need them to start.
    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(command_groups()))

    def action_stats(self) -> None:
        from reader.ui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            corpus_name = self.corpus.name if self.corpus is not None else self.library.corpus_name
            self.push_screen(StatsScreen(self.store, self.schema, self.corpus, corpus_name))

    def action_timeline(self) -> None:
        from reader.ui.screens.timeline import TimelineScreen

        if not isinstance(self.screen, TimelineScreen):
            self.push_screen(TimelineScreen())

    async def action_quit(self) -> None:
        """Quit at once: every change is saved as it is made. Only a note or form being typed is
        not, so with one open (and changed) the app asks first."""
        if not any(getattr(screen, "unsaved", False) for screen in self.screen_stack):
            self.exit()
            return
        from reader.ui.screens.modals import ConfirmModal

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        question = "What you typed in the open dialog is not saved. Quit without it?"
        self.push_screen(ConfirmModal(question, default=False), answered)  # Enter keeps it

    def action_quit_from_library(self) -> None:
        if isinstance(self.screen, LibraryScreen):
            self.exit()

    def action_next_theme(self) -> None:
        names = sorted(self.theme_specs)
        current = names.index(self.theme) if self.theme in names else -1
        self.apply_theme(names[(current + 1) % len(names)])

    def apply_theme(self, name: str) -> None:
        if name not in self.theme_specs:
            self.notify(
                f"Unknown theme {name!r} (available: {', '.join(sorted(self.theme_specs))})",
                severity="warning",
                timeout=4,
                markup=False,
            )
            return
        self.theme = name
        self.session.save()
        self.notify(f"Theme: {name}", timeout=2, markup=False)

    @property
    def available_themes(self) -> dict[str, Theme]:
        """Only newsdesk's themes: Textual's built-in ones have no entity or label colours.

        Textual offers these in its theme picker and refuses (``InvalidThemeError``) any other name.
        """
        themes = super().available_themes
        specs = getattr(self, "theme_specs", None)  # None while Textual's __init__ sets its default theme
        return themes if specs is None else {name: theme for name, theme in themes.items() if name in specs}

    def watch_theme(self, name: str) -> None:
        """Whatever sets ``theme`` (T, the palette, Textual's picker), the spec follows; the screens
        that draw with it (article, statistics) watch ``theme`` and recolour."""
        self.theme_spec = self.theme_specs[name]
        self.session.theme = name

    # ----- keys and the palette ---------------------------------------------------------------------
    def keys_for(self, command: Command) -> str:
        return self.user_keymap.get(command.id, command.keys)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own entries, less those newsdesk offers itself (its themes, its quit)."""
        for command in super().get_system_commands(screen):
            if command.title not in {"Theme", "Quit"}:
                yield command


def run(app: NewsdeskApp) -> int:
    app.run()
    return int(app.return_code or 0)
