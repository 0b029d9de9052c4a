"""The newsdesk Textual application: owns the corpus, the store and the session."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand, get_system_commands_provider
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.notifications import Notify
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from annotations.schema import LabelSchema
from annotations.store.database import AnnotationStore
from reader.core.article import Article
from reader.core.errors import UserError
from reader.core.session import PER_CORPUS, corpus_key, corpus_state, save_session, session_to_save
from reader.core.themes import ThemeSpec
from reader.core.wording import plural
from reader.text.layout import DEFAULT_MEASURE
from reader.ui.commands import Command, bindings_for
from reader.ui.notices import one_notice, superseded
from reader.ui.palette import NewsdeskCommands
from reader.ui.registry import APP_ACTIONS
from reader.ui.screens.library import LibraryScreen
from reader.ui.status_line import StatusFacts, fit_status
from reader.ui.theming import register_themes
from reader.ui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from reader.ner.types import Entity
    from reader.ui.screens.article import ArticleScreen

# The article screen (with its view, panels, modals and the text navigation behind them),
# the help screen and the entity labels are imported where first used, not here: the
# library is the first screen, and importing them cost ~5 ms of every start.


SMALL_CORPUS_BYTES = 1 << 20  # a corpus file smaller than this is listed before the first paint


class NewsdeskApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "newsdesk"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {get_system_commands_provider, NewsdeskCommands}

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
        session_state: dict[str, Any],
        startup_warnings: Iterable[str] = (),
        keymap: dict[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        measure: int = DEFAULT_MEASURE,
    ) -> None:
        super().__init__()
        self.corpus_path = corpus_path
        self.corpus: Any = None
        self.corpus_name = corpus_path or "seeds"
        self.store = store
        self.schema = schema
        self.recognizer = recognizer
        self.theme_specs = themes
        self.theme_spec = themes[theme_name]
        self.session_state = session_state
        self.startup_warnings = list(startup_warnings)
        self.user_keymap = dict(keymap or {})
        self.hidden_entities: set[str] = set(session_state.get("hidden_entities", []))
        self.clock = clock
        self.measure = measure  # the article text's maximum line width (config.yaml ``measure``)
        self.started = clock()
        self._counts: dict[str, dict[str, int]] = store.label_counts()
        self._span_total = sum(sum(c.values()) for c in self._counts.values())
        self.session_spans_start = self._span_total
        self.session_done: set[str] = set()  # articles marked done in this session
        self.corpus_cancel = threading.Event()
        self._session_dirty = False
        self._article_screen: ArticleScreen | None = None  # installed once, reused for every article
        self._entities_cache: dict[str, list[Entity]] = {}
        self._positions: dict[str, int] = dict(session_state.get("positions", {}))
        self.corpus_key = corpus_key(corpus_path)
        # Where to return once the corpus is listed (once: a later reload, after an import, stays put).
        place = corpus_state(session_state, self.corpus_key)
        self._resume_pending = bool(session_state.get("resume", True))
        self._resume_article = place.get("article") if place.get("screen") == "article" else None
        # The theme is set before the stylesheet is first parsed: set in on_mount, it made
        # Textual parse every rule with its default theme, then reparse them all (twice).
        register_themes(self, themes)
        self.theme = theme_name

    # ----- start and stop ------------------------------------------------------------
    def get_default_screen(self) -> LibraryScreen:
        """The library is the app's first screen itself, not pushed over Textual's blank one:
        that blank screen was laid out and resized with it (13 layouts before the first paint
        instead of 5, ~6 ms of every start)."""
        return LibraryScreen()

    def on_mount(self) -> None:
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        if self.startup_warnings:
            self.notify(one_notice(self.startup_warnings), severity="warning", timeout=8, markup=False)
        self.set_interval(1.0, self._tick)
        # Everything made so far (modules, classes, widgets) lives as long as the app: out of the
        # cyclic collector's way, or its full collections walk it all while holding the GIL
        # (30-100 ms freezes seen while a large corpus loads). Never unfrozen: at exit that would
        # make the interpreter's last collection walk it all (~40 ms more to quit).
        gc.freeze()

    def on_notify(self, event: Notify) -> None:
        """Before Textual shows a notification: older ones of its kind go, two stay at most."""
        for old in superseded(self._notifications, event.notification):
            self._unnotify(old, refresh=False)

    def library_mounted(self) -> None:
        """The library screen is composed: list the corpus into it.

        A small corpus is listed at once, so the library's first layout and paint already
        show it; a larger one loads in the background, batch by batch.
        """
        if self._small_corpus():
            self._load_at_once()
        else:
            self.load_corpus()

    def _small_corpus(self) -> bool:
        """The bundled seeds, or one file under 1 MB: read in a few ms, so listed before the first
        paint. A worker thread for them only waited for the GIL while the first screen was drawn."""
        if self.corpus_path is None:
            return True
        try:
            path = Path(self.corpus_path)
            return path.is_file() and path.stat().st_size < SMALL_CORPUS_BYTES
        except (OSError, ValueError):
            return False

    def _load_at_once(self) -> None:
        """``load_corpus``'s work for a small corpus, on the UI thread, in one batch."""
        from reader.corpus.gram_index import GramIndex
        from reader.corpus.library_index import SortedIndex, haystack, sort_metas
        from reader.corpus.loader import CorpusLoader

        library = self._library()
        sort = library.sort if library is not None else "date"
        try:
            corpus = CorpusLoader(self.corpus_path, cancel=self.corpus_cancel).corpus()
        except UserError as err:
            self._corpus_failed(str(err))
            return
        metas = list(corpus.metas)
        hay = {meta.id: haystack(meta) for meta in metas}
        index = SortedIndex(sort_metas(metas, sort), hay, sort).prepare()
        self._corpus_batch(metas, len(metas), len(metas), hay, True, False, index)
        self._corpus_ready(corpus)
        self._grams_ready(GramIndex.build(index.parts), index)

    def _tick(self) -> None:
        """Once a second: the session timer in the status line, and the session file if it changed."""
        if self._session_dirty:
            self._session_dirty = False
            self.save_state()
        screen = self.screen
        if hasattr(screen, "update_status") and screen.is_attached:
            try:
                screen.update_status()
            except NoMatches:  # the screen is being torn down (closing, or switching articles)
                pass

    @work(thread=True, exclusive=True, group="corpus")
    def load_corpus(self) -> None:
        """Index the corpus off the UI thread; the library fills in batch by batch with a progress bar."""
        from reader.corpus.gram_index import BuildCancelled, GramIndex
        from reader.corpus.library_index import SortedIndex, haystack, sort_metas
        from reader.corpus.loader import CorpusLoader

        worker = get_current_worker()
        library = self._library()
        sort = library.sort if library is not None else "date"
        try:
            loader = CorpusLoader(self.corpus_path, cancel=self.corpus_cancel)
            pending: list = []
            hay: dict[str, str] = {}
            all_hay: dict[str, str] = {}
            last_sent = 0.0
            for batch in loader.scan(batch=2000):
                if worker.is_cancelled:
                    return
                pending.extend(batch)
                for meta in batch:
                    hay[meta.id] = all_hay[meta.id] = haystack(meta)
                # The records stay for the whole session: out of the collector's way as they come,
                # or each full collection walks all loaded so far while holding the GIL (a freeze).
                gc.freeze()
                now = time.monotonic()
                if not last_sent or now - last_sent > 0.4:  # the first rows at once, then a few updates a second
                    self.call_from_thread(self._corpus_batch, pending, loader.done, loader.total, hay)
                    pending, hay = [], {}
                    last_sent = now
            if loader.cancelled:
                self.call_from_thread(self._corpus_batch, pending, loader.done, loader.total, hay, True, True)
                return
            corpus = loader.corpus()
            # Sorting and indexing 100,000 articles happens here, not on the UI thread.
            index = SortedIndex(sort_metas(list(corpus.metas), sort), all_hay, sort).prepare()
            # 100,000 records stay for the whole session: move them out of the collector's way,
            # or each full collection walks them all while holding the GIL (a visible freeze).
            gc.freeze()
        except UserError as err:
            self.call_from_thread(self._corpus_failed, str(err))
            return
        self.call_from_thread(self._corpus_batch, pending, loader.done, loader.total, hay, True, False, index)
        self.call_from_thread(self._corpus_ready, corpus)
        # The library is complete and usable; now index it so filter keystrokes need no scan.
        try:
            grams = GramIndex.build(index.parts, cancelled=lambda: worker.is_cancelled)
        except BuildCancelled:
            return
        self.call_from_thread(self._grams_ready, grams, index)

    def _corpus_batch(
        self,
        metas: list,
        done: int,
        total: int,
        haystacks: dict[str, str] | None = None,
        final: bool = False,
        cancelled: bool = False,
        index: Any = None,
    ) -> None:
        library = self._library()
        if library is None:
            return
        if not final:
            library.corpus_progress(done, total)
        library.corpus_batch(metas, final=final, haystacks=haystacks, index=index)
        if cancelled:
            self.notify(f"Stopped loading after {done:,} of {plural(total, 'article')}", severity="warning", timeout=5)

    def _grams_ready(self, grams: Any, index: Any) -> None:
        library = self._library()
        if library is not None:
            library.grams_ready(grams, index)

    def action_cancel_loading(self) -> None:
        self.corpus_cancel.set()

    def reload_corpus(self) -> None:
        """Read the corpus again (after an import into the library)."""
        library = self._library()
        if library is not None:
            library.corpus_loaded([], final=False)
            library.corpus_loading = True
        self.load_corpus()

    def _library(self) -> LibraryScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                return screen
        return None

    def _corpus_failed(self, message: str) -> None:
        self.notify(message, severity="error", timeout=15, markup=False)

    def _corpus_ready(self, corpus: Any) -> None:
        self.corpus = corpus
        start = getattr(self.recognizer, "start", None)
        if start is not None:  # the library is on screen: build the entity recogniser in the background now
            self.set_timer(0.2, start)
        self.corpus_name = corpus.name
        if corpus.warnings:
            self.notify(one_notice(corpus.warnings), severity="warning", timeout=8, markup=False)
        if self._resume_pending:
            self._resume_pending = False
            self._resume()

    def _resume(self) -> None:
        """Back where the last session of this corpus ended: its article if it was quit from one,
        else the library with the cursor on the last article read."""
        last = self.remembered("article")
        library = self._library()  # its rows already came in batches from load_corpus
        if isinstance(last, str) and last and library is not None:
            library.query_one(ArticleList).select_id(last)
        if self._resume_article and self._resume_article == last and isinstance(self.screen, LibraryScreen):
            self.notify("Resumed where you left off (Esc goes back to the library)", timeout=4)
            self.open_article(last)

    def on_unmount(self) -> None:
        self.save_state()

    def save_state(self) -> None:
        state = session_to_save(self.session_state, self.corpus_key)
        state["theme"] = self.theme
        state["hidden_entities"] = sorted(self.hidden_entities)
        state["positions"] = dict(list(self._positions.items())[-500:])
        try:
            save_session(state)
        except OSError:
            pass  # the session file is a convenience; annotations are in the store

    # ----- shared services for screens ------------------------------------------------
    def cached_entities(self, article: Article) -> list[Entity] | None:
        return self._entities_cache.get(article.sha256)

    def entities_for(self, article: Article) -> list[Entity]:
        """Entities of an article, computed once (safe to call from a worker thread)."""
        cached = self._entities_cache.get(article.sha256)
        if cached is None:
            cached = self.recognizer.find(article.text)
            if len(self._entities_cache) >= 256:  # bounded: a long session opens many articles
                self._entities_cache.pop(next(iter(self._entities_cache)))
            self._entities_cache[article.sha256] = cached
        return cached

    def counts_text(self, article_id: str) -> str:
        counts = self._counts.get(article_id)
        if not counts:
            return ""
        order = {name: i for i, name in enumerate(self.schema.names)}
        items = sorted(counts.items(), key=lambda kv: (order.get(kv[0], 999), kv[0]))
        return " · ".join(f"{name} {n}" for name, n in items)

    def article_changed(self, article_id: str) -> None:
        counts: dict[str, int] = {}
        for span in self.store.spans(article_id):
            counts[span.label] = counts.get(span.label, 0) + 1
        self._span_total += sum(counts.values()) - sum(self._counts.get(article_id, {}).values())
        self._counts[article_id] = counts
        if self.store.state(article_id).status == "done":
            self.session_done.add(article_id)
        else:
            self.session_done.discard(article_id)
        library = self._library()
        if library is not None:
            library.refresh_article(article_id)

    def session_counts(self) -> tuple[int, int]:
        """Spans added and articles marked done since newsdesk started (running totals, no scans)."""
        return self._span_total - self.session_spans_start, len(self.session_done)

    def status_line(self, width: int | None = None, lead: str = "") -> str:
        """Annotator, schema, database and session, fitted to ``width`` cells after ``lead``."""
        from annotations.schema import shipped_schema_path

        spans, done = self.session_counts()
        default = self.schema.path is None or self.schema.path == shipped_schema_path()
        facts = StatusFacts(
            annotator=self.store.annotator,
            schema="default" if default else str(self.schema.path),
            schema_labels=", ".join(self.schema.names) if default else "",
            db=str(self.store.path),
            read_only=self.store.read_only,
            elapsed=int(self.clock() - self.started),
            spans=spans,
            done=done,
        )
        return fit_status(facts, width, lead)

    def schema_name(self) -> str:
        from annotations.schema import shipped_schema_path

        path = self.schema.path
        if path is None or path == shipped_schema_path():
            return "default (" + ", ".join(self.schema.names) + ")"
        return str(path)

    def remember(self, **values: Any) -> None:
        """Keep ``values`` for the next start: the screen, article and filters for this corpus only."""
        place = corpus_state(self.session_state, self.corpus_key)
        for key, value in values.items():
            (place if key in PER_CORPUS else self.session_state)[key] = value

    def remembered(self, key: str, default: Any = None) -> Any:
        place = corpus_state(self.session_state, self.corpus_key) if key in PER_CORPUS else self.session_state
        return place.get(key, default)

    def remember_position(self, article_id: str, cursor: int, durable: bool = True) -> None:
        self._positions.pop(article_id, None)
        self._positions[article_id] = cursor
        self.remember(article=article_id)
        if durable:
            self.save_state()
        else:
            self._session_dirty = True  # written by the next tick: at most a second of cursor moves is lost

    def saved_position(self, article_id: str) -> int:
        return int(self._positions.get(article_id, 0))

    def set_hidden_entities(self, hidden: set[str]) -> None:
        self.hidden_entities = set(hidden)
        self.save_state()

    # ----- navigation ---------------------------------------------------------------
    def load_article(self, article_id: str) -> Article | None:
        article = None
        if self.corpus is not None:
            try:
                article = self.corpus.load(article_id)
            except (KeyError, UserError, OSError):
                article = None
        if article is None:
            article = self.store.article(article_id)  # the corpus moved: the store kept the text
        return article

    def open_article(self, article_id: str) -> None:
        from reader.ui.screens.article import ArticleScreen

        article = self.load_article(article_id)
        if article is None:
            self.notify(f"Article {article_id} is not in this corpus", severity="warning", timeout=4, markup=False)
            return
        self.remember(article=article_id, screen="article")
        self._session_dirty = True
        if isinstance(self.screen, ArticleScreen):
            self.screen.show(article)  # next/previous article: same screen, new content
            return
        if self._article_screen is None:
            self._article_screen = ArticleScreen(article)
            self.install_screen(self._article_screen, name="article")
        else:
            self._article_screen.show(article)
        self.push_screen("article")

    def open_next(self, current_id: str, which: str) -> None:
        library = self._library()
        if library is None:
            return
        metas = library.query_one(ArticleList).metas
        start = next((i for i, m in enumerate(metas) if m.id == current_id), -1)
        for step in range(1, len(metas) + 1):
            meta = metas[(start + step) % len(metas)]
            if meta.id == current_id:
                continue
            state = self.store.state(meta.id)
            if (which == "unread" and not state.read) or (which == "todo" and state.status != "done"):
                library.query_one(ArticleList).select_id(meta.id)
                self.open_article(meta.id)
                return
        self.notify("No unread articles left" if which == "unread" else "Every other article is done", timeout=3)

    # ----- actions ----------------------------------------------------------------------
    def action_help(self) -> None:
        from reader.ui.registry import command_groups
        from reader.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(command_groups()))

    def action_stats(self) -> None:
        from reader.ui.screens.stats import StatsScreen  # imported when first used: faster start

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

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
        self.save_state()
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
        self.session_state["theme"] = name

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
