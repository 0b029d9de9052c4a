"""The library: every article of the corpus with status, filter and sort."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from reader.core.article import ArticleMeta
from reader.core.wording import plural, status_name
from reader.corpus.library_index import Matches, SortedIndex, haystack, sort_metas
from reader.text.normalise import clean_line
from reader.ui.commands import Command, bindings_for
from reader.ui.widgets.article_list import ArticleList, LibraryRow
from reader.ui.widgets.key_bar import KeyBar, KeyItem, command_items

if TYPE_CHECKING:
    from textual.widgets import ProgressBar

    from reader.corpus.gram_index import GramIndex  # built by the loader thread, after startup

SORTS = ("date", "title", "corpus")
SORT_NAMES = {"date": "newest first", "title": "title A–Z", "corpus": "corpus order"}
STATUS_FILTERS = ("all", "todo", "in progress", "done", "flagged", "unread")


class LibraryScreen(Screen):
    """Lists the corpus; Enter opens an article."""

    # Focus through AUTO_FOCUS, not focus() in on_mount: the footer must already listen for
    # the bindings change that focusing causes, or it stays empty.
    AUTO_FOCUS = "#articles"

    ACTIONS = (
        Command(
            "library.filter", "slash", "start_filter", "Filter", "Filter by title, metadata and text (/)", priority=True
        ),
        Command(
            "library.clear",
            "escape",
            "clear_filter",
            "Clear",
            "Clear the filter (while loading: stop loading)",
            show=False,
        ),
        Command("library.sort", "s", "cycle_sort", "Sort", "Sort by date, title or corpus order"),
        Command(
            "library.status", "f", "cycle_status", "Status", "Show all / to do / in progress / done / flagged / unread"
        ),
        Command("library.next_unread", "n", "next_unread", "Next unread", "Open the next unread article"),
        Command("library.next_todo", "N", "next_not_done", "Next to do", "Open the next article not done"),
    )
    BINDINGS = bindings_for(ACTIONS)

    DEFAULT_CSS = """
    LibraryScreen #top { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    LibraryScreen #filter { height: 1; border: none; padding: 0 1; background: $surface; }
    LibraryScreen #filter:focus { background: $panel; }
    LibraryScreen #progress { height: 1; display: none; }
    LibraryScreen #progress.visible { display: block; }
    LibraryScreen ArticleList { height: 1fr; }
    LibraryScreen #status { height: 1; background: $panel; color: $foreground 80%; padding: 0 1; }
    """

    sort: var[str] = var("date")
    status_filter: var[str] = var("all")
    filter_text: var[str] = var("")

    def __init__(self) -> None:
        super().__init__()
        self.metas: list[ArticleMeta] = []
        self._haystacks: dict[str, str] = {}
        self._orders: dict[str, tuple[list[ArticleMeta], list[str]]] = {}
        self._text_hits: set[str] = set()
        self._search_timer: Timer | None = None
        self._last_match: tuple[SortedIndex, str, Matches] | None = None
        self._match_cache: dict[str, Matches] = {}
        self._match_cache_index: SortedIndex | None = None
        self._grams: tuple[GramIndex, SortedIndex] | None = None  # built over that index's order
        self.corpus_loading = True
        self._progress: ProgressBar | None = None  # made when a load first reports progress

    def compose(self) -> ComposeResult:
        yield Static(id="top")
        yield Input(placeholder="/ filter by title, source, date or text  (Esc clears)", id="filter")
        yield ArticleList(id="articles")
        yield Static(id="status")
        yield KeyBar(self.key_items, id="keys")

    def key_items(self) -> list[KeyItem]:
        app = self.app
        return command_items(
            app, (self.query_one(ArticleList), ArticleList.ACTIONS), (self, self.ACTIONS), (app, app.ACTIONS)
        ) + [KeyItem("q", "Quit", lambda: app.run_action("quit_from_library"))]

    def on_mount(self) -> None:
        remembered = self.app.remembered  # the filters of this corpus; the sort is the same for all
        self.sort = remembered("sort") if remembered("sort") in SORTS else "date"
        self.status_filter = remembered("status_filter") if remembered("status_filter") in STATUS_FILTERS else "all"
        saved_filter = remembered("filter", "")
        if isinstance(saved_filter, str) and saved_filter:
            self.query_one("#filter", Input).value = saved_filter  # applied by filter_changed
        self.update_status()
        self.update_top()
        self.app.library_mounted()

    # ----- corpus arrives --------------------------------------------------------
    def corpus_progress(self, done: int, total: int | None) -> None:
        if self._progress is not None or not total or done < total:  # not all there in the first batch
            bar = self._progress_bar()
            bar.add_class("visible")
            bar.update(total=total, progress=done)
        self.update_top(f"loading… {done:,}" + (f" of {total:,}" if total else ""))

    def _progress_bar(self) -> ProgressBar:
        """The loading bar, mounted above the list on first use: composing it cost ~8 ms of every
        start, and a small corpus (the seeds, a folder) is listed whole in its first batch."""
        if self._progress is None:
            from textual.widgets import ProgressBar

            self._progress = ProgressBar(id="progress", show_eta=False)
            self.mount(self._progress, before=self.query_one(ArticleList))
        return self._progress

    def corpus_batch(
        self,
        metas: list[ArticleMeta],
        *,
        final: bool,
        haystacks: dict[str, str] | None = None,
        index: SortedIndex | None = None,
    ) -> None:
        """More articles arrived from the loader (in corpus order); the last call has final=True.

        The loader thread may bring the haystacks and the sorted index along, so the UI thread
        does not sort 100,000 articles.
        """
        self.metas.extend(metas)
        if haystacks is None:
            haystacks = {m.id: haystack(m) for m in metas}
        self._haystacks.update(haystacks)
        self._orders.clear()
        self._grams = None  # the gram index covers one complete corpus; the app builds it after the last batch
        if index is not None and len(index.metas) == len(self.metas):
            self._orders[index.sort] = index
        if final:
            self.corpus_loading = False
            if self._progress is not None:
                self._progress.remove_class("visible")
        self.refresh_rows()
        if final and self.filter_text:
            self.call_after_refresh(self._schedule_text_search)
        self.update_top()

    def corpus_loaded(self, metas: list[ArticleMeta], *, final: bool = True) -> None:
        self.metas = []
        self._haystacks = {}
        self.corpus_batch(list(metas), final=final)

    def update_top(self, extra: str = "") -> None:
        corpus_name = getattr(self.app, "corpus_name", "")
        count = len(self.metas)
        shown = len(self.query_one(ArticleList).metas)
        parts = [f"newsdesk · {corpus_name} · {plural(count, 'article')}"]
        if shown != count:
            parts.append(f"{shown:,} shown")
        parts.append("loading, in corpus order" if self.corpus_loading else f"sort: {SORT_NAMES[self.sort]}")
        if self.status_filter != "all":
            parts.append(f"status: {status_name(self.status_filter)}")
        if self.filter_text:
            parts.append(f"filter: {self.filter_text}")
        if extra:
            parts.append(extra)
        self.query_one("#top", Static).update(Content(clean_line("  ·  ".join(parts))), layout=False)

    def update_status(self) -> None:
        status = self.query_one("#status", Static)
        width = (self.size.width or self.app.size.width) - status.styles.padding.width
        status.update(Content(self.app.status_line(width)), layout=False)

    def on_resize(self) -> None:
        self.update_status()  # fitted to the new width

    # ----- rows ------------------------------------------------------------------
    def row_info(self, meta: ArticleMeta) -> LibraryRow:
        """A row's live state, asked for only when the row is drawn."""
        state = self.app.store.state(meta.id)
        return LibraryRow(meta=meta, read=state.read, status=state.status, counts=self.app.counts_text(meta.id))

    def _ordered(self) -> SortedIndex:
        """The metas in the current sort with a joined, casefolded haystack (cached per sort)."""
        sort = "corpus" if self.corpus_loading else self.sort
        cached = self._orders.get(sort)
        if cached is None:
            cached = SortedIndex(sort_metas(self.metas, sort), self._haystacks, sort)
            if self._grams is not None:
                cached.use_grams(*self._grams)
            self._orders[sort] = cached
        return cached

    def grams_ready(self, grams: GramIndex, built_over: SortedIndex) -> None:
        """The loader thread finished the filter's gram index: keystrokes stop scanning."""
        if self.corpus_loading or grams.size != len(self.metas):
            return  # the corpus changed meanwhile; a new index is on its way
        self._grams = (grams, built_over)
        for index in self._orders.values():
            index.use_grams(grams, built_over)

    def _with_status(self, metas: list[ArticleMeta]) -> list[ArticleMeta]:
        """``metas`` in the chosen status, by set membership (~5 ms for 100,000 articles)."""
        by_status = self.app.store.ids_by_status()
        if self.status_filter == "unread":
            ids, keep = by_status["read"], False
        elif self.status_filter == "todo":
            ids, keep = set().union(*(v for k, v in by_status.items() if k != "read")), False
        else:
            ids, keep = by_status.get(self.status_filter, set()), True
        if not ids:
            return [] if keep else metas
        if keep:
            return [m for m in metas if m.id in ids]
        return [m for m in metas if m.id not in ids]

    def refresh_rows(self, keep_id: str | None = None) -> None:
        index = self._ordered()
        if self.filter_text:
            shown = self._filtered(index, self.filter_text.casefold())
        else:
            shown = index.metas
            self._last_match = None
        if self.status_filter != "all":
            shown = self._with_status(shown)
        article_list = self.query_one(ArticleList)
        article_list.row_info = self.row_info
        article_list.set_metas(shown, keep_id=keep_id)
        self.update_top()

    def _filtered(self, index: SortedIndex, query: str) -> list[ArticleMeta]:
        """The metadata matches for ``query`` (plus full-text hits), answered the cheapest way.

        Typing narrows: a query extending the previous one tests only the previous answer
        when that answer is at most half the corpus (else the gram index is quicker).
        Backspace returns to a query already answered (a small cache of recent answers).
        """
        if self._match_cache_index is not index:
            self._match_cache = {}
            self._match_cache_index = index
        if self._text_hits:
            self._last_match = None
            return index.matching(query, self._text_hits)
        found = self._match_cache.get(query)
        if found is None:
            last = self._last_match
            narrowing = last is not None and last[0] is index and query.startswith(last[1])
            within = last[2] if narrowing and len(last[2].metas) <= len(index.metas) // 2 else None
            found = index.matches(query, within)
            self._match_cache[query] = found
            if len(self._match_cache) > 32:
                self._match_cache.pop(next(iter(self._match_cache)))
        self._last_match = (index, query, found)
        return found.metas

    def refresh_article(self, article_id: str) -> None:
        self.query_one(ArticleList).update_row(article_id)
        self.update_status()

    # ----- actions ---------------------------------------------------------------
    def action_start_filter(self) -> None:
        # Always displayed: a hidden input could not take focus before the keys typed after '/' arrive.
        # A priority binding, so it runs before the keys typed right after '/' are routed to a widget
        # (they would otherwise reach the list). The price: '/' itself cannot be typed into the filter.
        self.set_focus(self.query_one("#filter", Input))

    def action_clear_filter(self) -> None:
        if self.corpus_loading and not self.filter_text:
            self.app.action_cancel_loading()  # Esc while a big corpus loads: stop, keep what is listed
            return
        box = self.query_one("#filter", Input)
        box.value = ""
        self.filter_text = ""
        self._text_hits = set()
        self.refresh_rows()
        self.query_one(ArticleList).focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.app.remember(filter=self.filter_text)
        self._text_hits = set()
        self.refresh_rows()
        self.workers.cancel_group(self, "fulltext")
        if self.filter_text:
            self._schedule_text_search()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.query_one(ArticleList).focus()

    @work(thread=True, exclusive=True, group="fulltext")
    def search_text(self, query: str) -> None:
        """Stream full-text matches in the background; the metadata filter has already answered."""
        worker = get_current_worker()
        q = query.casefold()
        batch: list[str] = []
        sent = time.monotonic()
        for article_id, text in self.app.corpus.texts():
            if worker.is_cancelled:
                return
            if q in text.casefold():
                batch.append(article_id)
                if time.monotonic() - sent > 0.5:  # a few updates a second, not one per hit
                    self.app.call_from_thread(self._add_text_hits, query, batch)
                    batch = []
                    sent = time.monotonic()
        if batch:
            self.app.call_from_thread(self._add_text_hits, query, batch)

    def _schedule_text_search(self) -> None:
        """Full-text search starts once typing pauses, so it never competes with keystrokes."""
        if self._search_timer is not None:
            self._search_timer.stop()
        query = self.filter_text
        if self.app.corpus is None:
            return  # the corpus is still loading: corpus_batch(final=True) starts the search
        if len(self.metas) <= 5000:  # small corpora: answer at once
            self.search_text(query)
            return
        self._search_timer = self.set_timer(0.3, lambda: self.search_text(query) if query == self.filter_text else None)

    def _add_text_hits(self, query: str, ids: list[str]) -> None:
        if query != self.filter_text:
            return
        new = set(ids) - self._text_hits
        if not new:
            return
        self._text_hits |= new
        self.refresh_rows()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.app.remember(sort=self.sort)
        self.refresh_rows()
        self.notify(f"Sorted: {SORT_NAMES[self.sort]}", timeout=2)

    def action_cycle_status(self) -> None:
        self.status_filter = STATUS_FILTERS[(STATUS_FILTERS.index(self.status_filter) + 1) % len(STATUS_FILTERS)]
        self.app.remember(status_filter=self.status_filter)
        self.refresh_rows()
        self.notify(f"Showing: {status_name(self.status_filter)}", timeout=2)

    def action_next_unread(self) -> None:
        self._open_next("read", "No unread articles left")

    def action_next_not_done(self) -> None:
        self._open_next("done", "Every article is done")

    def _open_next(self, skip_status: str, empty_message: str) -> None:
        """Open the first listed article after the cursor that is not in ``skip_status`` (wrapping).
        Set membership, not a row per article: on 100,000 read articles the search is ~20 ms."""
        article_list = self.query_one(ArticleList)
        metas = article_list.metas
        if not metas:
            return
        skip = self.app.store.ids_by_status().get(skip_status, set())
        start = article_list.cursor + 1
        for index in (*range(start, len(metas)), *range(0, start)):
            if metas[index].id not in skip:
                article_list.move_to(index)
                self.app.open_article(metas[index].id)
                return
        self.notify(empty_message, timeout=3)

    @on(ArticleList.Opened)
    def opened(self, event: ArticleList.Opened) -> None:
        self.app.open_article(event.row.meta.id)

    def on_screen_resume(self) -> None:
        self.app.remember(screen="library")  # quitting from here starts here next time
        self.update_status()
