"""The library: every article of the corpus with status, filter and sort."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from annotations.schema import LabelSchema
from annotations.store.database import AnnotationStore
from reader.core.article import ArticleMeta
from reader.core.session import Session
from reader.core.wording import counts_line, plural, status_name
from reader.corpus.common_prefixes import common_key
from reader.corpus.loader import Corpus
from reader.corpus.text_index import TextIndex
from reader.text.normalise import clean_line
from reader.ui.commands import Command, bindings_for, display_keys
from reader.ui.library_lines import nothing_matches, top_line
from reader.ui.library_listing import ANSWERED, LibraryListing, next_wanted, with_status
from reader.ui.messages import CorpusFailed, CorpusReady, OpenArticle, RowsShown
from reader.ui.status_line import SessionStatus, StatusLine
from reader.ui.widgets.article_list import ArticleList, LibraryRow
from reader.ui.widgets.key_bar import KeyBar, KeyItem, command_items
from reader.ui.widgets.loading_bar import LoadingBar
from reader.ui.widgets.query_box import QueryBox

SORTS = ("date", "title", "corpus")
SORT_NAMES = {"date": "newest first", "title": "title A–Z", "corpus": "corpus order"}
TEXT_QUERY_MIN = 3  # characters before the full-text index is asked
STATUS_FILTERS = ("all", "todo", "in progress", "done", "flagged", "rejected", "ignored", "unread")


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
            "library.status",
            "f",
            "cycle_status",
            "Status",
            "Show all / to do / in progress / done / flagged / rejected / ignored / unread",
        ),
        Command("library.next_unread", "n", "next_unread", "Next unread", "Open the next unread article"),
        Command(
            "library.next_todo",
            "N",
            "next_not_done",
            "Next to do",
            "Open the next article not done, rejected or ignored",
        ),
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

    def __init__(
        self,
        corpus_path: str | None,
        *,
        store: AnnotationStore,
        schema: LabelSchema,
        session: Session,
        status: SessionStatus,
    ) -> None:
        super().__init__()
        self.corpus_path = corpus_path
        self.corpus_name = corpus_path or "seeds"
        self.corpus: Corpus | None = None  # once it is all listed: full-text search reads its texts
        self.store = store
        self.schema = schema
        self.session = session
        self.status = status
        self.listing = LibraryListing()
        self.text_index: TextIndex | None = None  # once up to date: full-text search asks it, not the texts
        self._search_timer: Timer | None = None
        self._search_round = 0  # hits of an earlier round (a search cancelled or replaced) are dropped
        self.corpus_loading = True

    @property
    def metas(self) -> Sequence[ArticleMeta]:
        """Every article listed so far, in corpus order."""
        return self.listing.metas

    def compose(self) -> ComposeResult:
        yield Static(id="top")
        yield QueryBox(
            placeholder="/ filter by title, source, date or text  (Esc clears)", id="filter", then_focus="#articles"
        )
        yield LoadingBar(self.corpus_path, id="progress")
        yield ArticleList(id="articles")
        yield StatusLine(self.status, id="status")
        yield KeyBar(self.key_items, id="keys")

    def key_items(self) -> list[KeyItem]:
        app = self.app
        return command_items(
            app, (self.query_one(ArticleList), ArticleList.ACTIONS), (self, self.ACTIONS), (app, app.ACTIONS)
        ) + [KeyItem("q", "Quit", lambda: app.run_action("quit_from_library"))]

    def on_mount(self) -> None:
        remembered = self.session.remembered  # the filters of this corpus; the sort is the same for all
        self.sort = remembered("sort") if remembered("sort") in SORTS else "date"
        self.status_filter = remembered("status_filter") if remembered("status_filter") in STATUS_FILTERS else "all"
        saved_filter = remembered("filter", "")
        if isinstance(saved_filter, str) and saved_filter:
            self.query_one("#filter", Input).value = saved_filter  # applied by filter_changed
        self.update_status()
        self.update_top()
        self.query_one(LoadingBar).load(self.sort)

    # ----- corpus arrives --------------------------------------------------------
    def on_loading_bar_batch(self, event: LoadingBar.Batch) -> None:
        """More articles, in corpus order. The loader thread brings their haystacks and, with
        the last batch, the sorted index, so the UI thread does not sort 100,000 articles."""
        self.listing.add(event.metas, event.haystacks, event.index)
        if event.final:
            self.corpus_loading = False
        self.refresh_rows()
        self.post_message(RowsShown())
        if event.final and self.filter_text:
            self.call_after_refresh(self._schedule_text_search)

    def on_loading_bar_stopped(self, event: LoadingBar.Stopped) -> None:
        self.notify(
            f"Stopped loading after {event.done:,} of {plural(event.total, 'article')}", severity="warning", timeout=5
        )

    def on_loading_bar_failed(self, event: LoadingBar.Failed) -> None:
        self.notify(event.message, severity="error", timeout=15, markup=False)
        self.post_message(CorpusFailed())

    def on_loading_bar_loaded(self, event: LoadingBar.Loaded) -> None:
        """All listed: the app opens articles from this corpus now, and the last session resumes."""
        self.corpus = event.corpus
        self.corpus_name = event.corpus.name
        self.update_top()
        self.post_message(CorpusReady(event.corpus))  # before the article a resume opens
        if self.filter_text and not self.corpus_loading:  # listed from the index: no last batch starts it
            self._schedule_text_search()
        last, reopen = self.session.resume_place()
        articles = self.query_one(ArticleList)
        if last is not None and not articles.user_moved:  # a user who moved meanwhile stays put
            articles.select_id(last)
        if reopen and last is not None and self.is_active:
            self.post_message(OpenArticle(last, resumed=True))

    def on_loading_bar_indexed(self, event: LoadingBar.Indexed) -> None:
        """The filter's gram index is built: keystrokes stop scanning."""
        if self.corpus_loading or event.grams.size != len(self.metas):
            return  # the corpus changed meanwhile; a new index is on its way
        self.listing.use_grams(event.grams, event.index)

    def on_loading_bar_library_indexed(self, event: LoadingBar.LibraryIndexed) -> None:
        """The library index on disk is ready: the listing reads from it, and keeps nothing per article."""
        if event.notice:
            self.notify(event.notice, severity="warning", timeout=8, markup=False)
        if event.corpus is None:
            return
        current = self.query_one(ArticleList).current
        hits = self.listing.text_hits
        self.listing.use_db(event.corpus.db)
        if hits:  # what reading the texts found so far still matches: those rows stay while it goes on
            self.listing.add_text_hits(hits)
        self.corpus_loading = False
        self.refresh_rows(keep_id=current.meta.id if current is not None else None)
        if self.filter_text:
            self.call_after_refresh(self._schedule_text_search)

    def on_loading_bar_text_indexed(self, event: LoadingBar.TextIndexed) -> None:
        """The full-text index is up to date: searches ask it (a search under way is asked again)."""
        if event.index.notice:
            self.notify(event.index.notice, severity="warning", timeout=8, markup=False)
        self.text_index = event.index
        if self.filter_text:  # the index's answer replaces what reading the texts found (substrings)
            self.workers.cancel_group(self, "fulltext")
            self._search_round += 1
            self._schedule_text_search(replace=True)

    def reload_corpus(self) -> None:
        """Read the corpus again: after an import into the library, when it is the default corpus."""
        if self.corpus_path is not None:
            return
        self.listing.clear()
        self.text_index = None
        self.corpus_loading = True
        self.refresh_rows()
        self.query_one(LoadingBar).load(self.sort)

    def update_top(self) -> None:
        count = len(self.metas)
        shown = len(self.query_one(ArticleList).metas)
        top = self.query_one("#top", Static)
        line = top_line(
            clean_line(self.corpus_name),
            plural(count, "article"),
            f"{shown:,} shown" if shown != count else None,
            self.status_filter,
            clean_line(self.filter_text),
            "loading, in corpus order" if self.corpus_loading else f"sort: {SORT_NAMES[self.sort]}",
            top.content_size.width,
        )
        top.update(Content(line), layout=False)

    def on_resize(self) -> None:
        self.update_top()  # fitted to the width

    def update_status(self) -> None:
        self.query_one(StatusLine).show()

    # ----- rows ------------------------------------------------------------------
    def row_info(self, meta: ArticleMeta) -> LibraryRow:
        """A row's live state, asked for only when the row is drawn."""
        state = self.store.state(meta.id)
        corrected = self.listing.corrected.get(meta.id)  # from the store's summary: no table read per row
        if corrected:
            meta = dataclasses.replace(meta, **corrected)
        return LibraryRow(meta=meta, read=state.read, status=state.status, counts=self.label_counts(meta.id))

    def label_counts(self, article_id: str) -> str:
        """The article's spans per label, from the store's summary (its table is not read)."""
        return counts_line(self.store.labels(article_id), self.schema.names)

    def refresh_rows(self, keep_id: str | None = None) -> None:
        self.listing.use_corrections(self.store.corrected())  # a corrected title or date sorts and filters
        shown = self.listing.matching("corpus" if self.corpus_loading else self.sort, self.filter_text)
        if self.status_filter != "all":
            shown = with_status(shown, self.store.ids_by_status(), self.status_filter)
        article_list = self.query_one(ArticleList)
        article_list.row_info = self.row_info
        article_list.empty_message = ""
        if not shown and self.metas and (self.status_filter != "all" or self.filter_text):
            keys = {c.id: display_keys(self.app.keys_for(c)) for c in self.ACTIONS}
            article_list.empty_message = nothing_matches(
                self.status_filter, self.filter_text, keys["library.status"], keys["library.clear"]
            )
        article_list.set_metas(shown, keep_id=keep_id)
        self.update_top()

    def next_listed(self, current_id: str, which: str) -> str | None:
        """The next listed article after ``current_id`` (wrapping) that is unread (``which="unread"``)
        or not done ("todo"), with the cursor moved to it; None when there is none."""
        article_list = self.query_one(ArticleList)
        found = next_wanted(article_list.metas, article_list.index_of(current_id), current_id, self.store.state, which)
        if found is not None:
            article_list.select_id(found)
        return found

    # ----- actions ---------------------------------------------------------------
    def action_start_filter(self) -> None:
        # Always displayed: a hidden input could not take focus before the keys typed after '/' arrive.
        # A priority binding, so it runs before the keys typed right after '/' are routed to a widget
        # (they would otherwise reach the list). The price: '/' itself cannot be typed into the filter.
        self.set_focus(self.query_one("#filter", Input))

    def action_clear_filter(self) -> None:
        if self.corpus_loading and not self.filter_text:
            self.query_one(LoadingBar).stop()  # Esc while a big corpus loads: stop, keep what is listed
            return
        box = self.query_one("#filter", Input)
        box.value = ""
        self.filter_text = ""
        self.listing.clear_text_hits()
        self.refresh_rows()
        self.query_one(ArticleList).focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.session.remember(filter=self.filter_text)
        self.listing.clear_text_hits()
        self.workers.cancel_group(self, "fulltext")
        self._search_round += 1
        answered = self._text_answered_at_once()
        self.refresh_rows()
        if self.filter_text and not answered:
            self._schedule_text_search()

    def _text_answered_at_once(self) -> bool:
        """Add the full-text hits now when a stored set of the index is the whole answer (a word
        prefix in much of the corpus: reading it is quicker than a worker's round trip, and the
        rows are painted once); False when a search is still to run."""
        index, db, query = self.text_index, self.listing.db, self.filter_text
        if index is None or db is None or common_key(query) not in index.common:
            return False
        self.listing.add_text_hits([], index.search_selectors(query, db.path, db.size))
        return True

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.query_one(ArticleList).focus()

    @work(thread=True, exclusive=True, group="fulltext")
    def search_text(self, corpus: Corpus, query: str, round_: int) -> None:
        """Stream full-text matches in the background; the metadata filter has already answered."""
        worker = get_current_worker()
        q = query.casefold()
        batch: list[str] = []
        sent = time.monotonic()
        for article_id, text in corpus.texts():
            if worker.is_cancelled:
                return
            if q in text.casefold():
                batch.append(article_id)
                if time.monotonic() - sent > 0.5:  # a few updates a second, not one per hit
                    self.app.call_from_thread(self._add_text_hits, query, batch, None, round_)
                    batch = []
                    sent = time.monotonic()
        if batch:
            self.app.call_from_thread(self._add_text_hits, query, batch, None, round_)

    @work(thread=True, exclusive=True, group="fulltext")
    def search_index(self, text_index: TextIndex, query: str, round_: int, replace: bool = False) -> None:
        """Full-text matches from the index on disk, in one step; with ``replace`` they take the
        place of the hits shown (an empty answer too)."""
        db = self.listing.db
        if db is None:
            ids = text_index.search(query)
            if (ids or replace) and not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._add_text_hits, query, ids, None, round_, replace)
            return
        selectors = text_index.search_selectors(query, db.path, db.size)
        if (selectors is not None or replace) and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._add_text_hits, query, [], selectors, round_, replace)

    def _schedule_text_search(self, replace: bool = False) -> None:
        """Full-text search: asked of the index at once, or, while there is none, by reading
        the texts once typing pauses, so that never competes with keystrokes."""
        if self._search_timer is not None:
            self._search_timer.stop()
        query, corpus = self.filter_text, self.corpus
        if corpus is None:
            return  # the corpus is still loading: its last batch starts the search
        if self.text_index is not None:
            if len(query) >= TEXT_QUERY_MIN:  # one or two letters begin a word in nearly every text
                self.search_index(self.text_index, query, self._search_round, replace)
            elif replace:
                self._add_text_hits(query, [], None, self._search_round, replace=True)
            return
        if len(self.metas) <= 5000:  # small corpora: answer at once
            self.search_text(corpus, query, self._search_round)
            return
        round_ = self._search_round
        self._search_timer = self.set_timer(
            0.3, lambda: self.search_text(corpus, query, round_) if query == self.filter_text else None
        )

    def _add_text_hits(
        self,
        query: str,
        ids: list[str],
        selectors: bytes | None,
        round_: int,
        replace: bool = False,
    ) -> None:
        """Show more full-text hits for ``query``, unless the filter or the round changed since
        they were asked; ``replace``: instead of those shown."""
        if query != self.filter_text or round_ != self._search_round:
            return
        if replace:
            self.listing.clear_text_hits()
        if self.listing.add_text_hits(ids, selectors) or replace:
            self.refresh_rows()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.session.remember(sort=self.sort)
        self.refresh_rows()
        self.notify(f"Sorted: {SORT_NAMES[self.sort]}", timeout=2)

    def action_cycle_status(self) -> None:
        self.status_filter = STATUS_FILTERS[(STATUS_FILTERS.index(self.status_filter) + 1) % len(STATUS_FILTERS)]
        self.session.remember(status_filter=self.status_filter)
        self.refresh_rows()
        self.notify(f"Showing: {status_name(self.status_filter)}", timeout=2)

    def action_next_unread(self) -> None:
        self._open_next(("read",), "No unread articles left")

    def action_next_not_done(self) -> None:
        self._open_next(ANSWERED, "Every article is done, rejected or ignored")

    def _open_next(self, skip_statuses: tuple[str, ...], empty_message: str) -> None:
        """Open the first listed article after the cursor in none of ``skip_statuses`` (wrapping),
        by set membership, not a store lookup per row."""
        article_list = self.query_one(ArticleList)
        metas = article_list.metas
        if not metas:
            self.notify(empty_message + self.hidden_by_filter(), timeout=4)
            return
        by_status = self.store.ids_by_status()
        skip = set().union(*(by_status.get(status, set()) for status in skip_statuses))
        start = article_list.cursor + 1
        for index in (*range(start, len(metas)), *range(0, start)):
            if metas[index].id not in skip:
                article_list.move_to(index)
                self.post_message(OpenArticle(metas[index].id))
                return
        self.notify(empty_message + self.hidden_by_filter(), timeout=4)

    def hidden_by_filter(self) -> str:
        """What a "none left" message adds when the filter lists only some articles."""
        return " (of those the library's filter lists)" if self.filter_text or self.status_filter != "all" else ""

    @on(ArticleList.Opened)
    def opened(self, event: ArticleList.Opened) -> None:
        self.post_message(OpenArticle(event.row.meta.id))

    def on_screen_resume(self) -> None:
        if self.app.screen is self:  # not when a screen closed to open an article (the timeline's marks)
            self.session.remember(screen="library")  # quitting from here starts here next time
        article_list = self.query_one(ArticleList)
        article_list.refresh()  # the rows read the store: what changed in an article shows
        if self.listing.use_corrections(self.store.corrected()):  # a corrected title or date moves the row
            self.refresh_rows(keep_id=article_list.current.meta.id if article_list.current is not None else None)
        self.update_status()
