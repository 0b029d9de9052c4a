"""The library's loading bar: it reads the corpus in a worker and reports what came in.

A small corpus (the seeds, or one file under 1 MB) is read at once; a larger one in a
thread, in batches, with a progress bar showing how far it got (made when a load first
takes more than one batch, so a start that needs none does not compose it). Each step is a message that
bubbles to the library: ``Batch`` (articles in corpus order; the last one brings the
sorted index), then ``Loaded`` (the corpus, its texts readable), then, for a folder or a JSONL
file, ``Indexing`` steps (the bar shows them) and ``LibraryIndexed`` (the library index on
disk: the listing reads from it and the next open starts from it), else ``Indexed`` (the
filter's gram index in memory), then, for a corpus of more than ``TEXT_INDEX_FROM`` articles,
``Indexing`` steps and ``TextIndexed`` (the full-text index on disk, up to date; the answers of its
common prefixes are stored after it). ``Failed`` carries a user's
mistake (a bad path, an unreadable file) as one line; ``stop`` ends a load early and the
articles listed so far stay, and open and are searched as a corpus of their own (``Loaded``).
"""

from __future__ import annotations

import gc
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from reader.core.article import ArticleMeta
from reader.core.errors import UserError
from reader.corpus.gram_index import BuildCancelled, GramIndex
from reader.corpus.indexed_corpus import IndexedCorpus
from reader.corpus.library_build import build as build_library
from reader.corpus.library_db import IndexBroken, LibraryDb, corpus_signature, index_path
from reader.corpus.library_index import SortedIndex, haystack, sort_metas
from reader.corpus.loader import Corpus, CorpusLoader
from reader.corpus.text_index import IndexCancelled, TextIndex, index_file
from reader.corpus.text_indexer import IndexerProcess

if TYPE_CHECKING:
    from textual.widgets import ProgressBar

SMALL_CORPUS_BYTES = 1 << 20  # a corpus file smaller than this is read at once
BATCH = 2000  # articles read between two checks for a stop
SEND_EVERY = 0.4  # seconds between the batches sent to the library, after the first
TEXT_INDEX_FROM = 2000  # a smaller corpus is searched by reading its texts, which is quick enough


def small_corpus(path: str | None) -> bool:
    """The bundled seeds, or one file under 1 MB: read in one go, on the UI thread."""
    if path is None:
        return True
    try:
        target = Path(path)
        return target.is_file() and target.stat().st_size < SMALL_CORPUS_BYTES
    except (OSError, ValueError):
        return False


class LoadingBar(Widget):
    DEFAULT_CSS = """
    LoadingBar { layout: horizontal; }
    LoadingBar > .what { width: auto; padding: 0 1; color: $text-muted; }
    """

    class Batch(Message):
        """More articles, in corpus order; ``final`` on the last, with the ``index`` in the chosen sort."""

        def __init__(
            self,
            metas: list[ArticleMeta],
            haystacks: dict[str, str],
            *,
            done: int,
            total: int,
            final: bool = False,
            index: SortedIndex | None = None,
        ) -> None:
            super().__init__()
            self.metas = metas
            self.haystacks = haystacks
            self.done = done
            self.total = total
            self.final = final
            self.index = index

    class Loaded(Message):
        def __init__(self, corpus: Corpus) -> None:
            super().__init__()
            self.corpus = corpus

    class Indexed(Message):
        """The gram index over ``index``'s order: filter keystrokes stop scanning."""

        def __init__(self, grams: GramIndex, index: SortedIndex) -> None:
            super().__init__()
            self.grams = grams
            self.index = index

    class Indexing(Message):
        """An index on disk (``what``: library, then full text) has ``done`` of ``total`` articles."""

        def __init__(self, what: str, done: int, total: int) -> None:
            super().__init__()
            self.what = what
            self.done = done
            self.total = total

    class LibraryIndexed(Message):
        """The library index on disk is ready (``corpus`` lists from it), or ``notice`` says why not."""

        def __init__(self, corpus: IndexedCorpus | None, notice: str | None = None) -> None:
            super().__init__()
            self.corpus = corpus
            self.notice = notice

    class TextIndexed(Message):
        """The full-text index is up to date with the corpus: full-text search asks it."""

        def __init__(self, index: TextIndex) -> None:
            super().__init__()
            self.index = index

    class Stopped(Message):
        """The user stopped the load after ``done`` of ``total`` articles."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class Failed(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self, corpus_path: str | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus_path = corpus_path
        self._bar: ProgressBar | None = None
        self._what: Static | None = None
        self._stop = threading.Event()
        self._indexers: set[IndexerProcess] = set()  # first full-text builds running beside a load

    def load(self, sort: str) -> None:
        """Read the corpus; the last batch is indexed in ``sort`` order."""
        self._stop = threading.Event()
        if small_corpus(self.corpus_path):
            self._load_at_once(sort)
        else:
            self._load_in_batches(sort)

    def stop(self) -> None:
        self._stop.set()

    def on_unmount(self) -> None:
        """The app quits: a load in progress (a feed URL being fetched) stops, so its thread ends,
        and so does a full-text index being built beside it (what it wrote stays)."""
        self._stop.set()
        for indexer in list(self._indexers):
            indexer.stop()

    def _load_at_once(self, sort: str) -> None:
        try:
            corpus = CorpusLoader(self.corpus_path, cancel=self._stop).corpus()
        except UserError as err:
            self.post_message(self.Failed(str(err)))
            return
        metas = list(corpus.metas)
        hay = {meta.id: haystack(meta) for meta in metas}
        index = SortedIndex(sort_metas(metas, sort), hay, sort).prepare()
        self.post_message(self.Batch(metas, hay, done=len(metas), total=len(metas), final=True, index=index))
        self.post_message(self.Loaded(corpus))
        self.post_message(self.Indexed(GramIndex.build(index.parts), index))

    @work(thread=True, exclusive=True, group="corpus")
    def _load_in_batches(self, sort: str) -> None:
        """Index the corpus off the UI thread; the library fills in batch by batch.

        A folder or JSONL corpus opened before and unchanged since is listed from its library
        index on disk at once; otherwise it is scanned, and its library index written after.
        """
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled or self._stop.is_set()

        signature = corpus_signature(self.corpus_path) if self.corpus_path else None
        if signature is not None and self.corpus_path:
            db, notice = LibraryDb.open_current(self.corpus_path, signature)
            if db is not None:
                indexed = IndexedCorpus(str(self.corpus_path), db)
                self.post_message(self.LibraryIndexed(indexed))
                self.post_message(self.Loaded(indexed))
                if len(indexed) > TEXT_INDEX_FROM:
                    self._index_texts(indexed, cancelled, signature)
                return
            if notice:
                self.post_message(self.LibraryIndexed(None, notice))
        # A corpus never indexed: its full-text index is built by a process of its own from the
        # first batch on, beside the scan and the library index (``reader.corpus.text_indexer``).
        fresh = signature is not None and not index_file(str(self.corpus_path)).exists()
        started: list[IndexerProcess] = []
        try:
            self._first_open(sort, signature, cancelled, started if fresh else None)
        finally:
            for indexer in started:  # waited for, or left behind by a cancelled load: ended
                self._indexers.discard(indexer)
                indexer.stop()

    def _first_open(
        self, sort: str, signature: str | None, cancelled: Callable[[], bool], indexers: list[IndexerProcess] | None
    ) -> None:
        """Scan the corpus, list it, and index it; ``indexers`` (when not None) gets the process
        that builds the full-text index once the corpus is known to need one."""
        worker = get_current_worker()
        try:
            loader = CorpusLoader(self.corpus_path, cancel=self._stop)
            pending: list[ArticleMeta] = []
            hay: dict[str, str] = {}
            all_hay: dict[str, str] = {}
            last_sent = 0.0
            for batch in loader.scan(batch=BATCH):
                if worker.is_cancelled:
                    return
                pending.extend(batch)
                for meta in batch:
                    hay[meta.id] = all_hay[meta.id] = haystack(meta)
                gc.freeze()  # these records stay for the session: out of the cyclic collector's walks
                if indexers == [] and signature is not None and loader.total > TEXT_INDEX_FROM:
                    self._start_indexer(indexers, signature)
                now = time.monotonic()
                if not last_sent or now - last_sent > SEND_EVERY:  # the first rows at once, then a few a second
                    self.post_message(self.Batch(pending, hay, done=loader.done, total=loader.total))
                    pending, hay = [], {}
                    last_sent = now
            if loader.cancelled:
                self.post_message(self.Batch(pending, hay, done=loader.done, total=loader.total, final=True))
                self.post_message(self.Stopped(loader.done, loader.total))
                self.post_message(self.Loaded(loader.corpus()))  # the articles listed open and are searched
                return
            corpus = loader.corpus()
            index = SortedIndex(sort_metas(list(corpus.metas), sort), all_hay, sort).prepare()
            gc.freeze()  # the corpus and its index too
        except UserError as err:
            self.post_message(self.Failed(str(err)))
            return
        self.post_message(self.Batch(pending, hay, done=loader.done, total=loader.total, final=True, index=index))
        self.post_message(self.Loaded(corpus))
        # The library is complete and usable; now index it so filter keystrokes need no scan.
        indexed = self._index_library(corpus, signature, cancelled) if signature is not None else None
        if indexed is None:
            if cancelled():
                return
            try:
                grams = GramIndex.build(index.parts, cancelled=lambda: worker.is_cancelled)
            except BuildCancelled:
                return
            self.post_message(self.Indexed(grams, index))
        if len(corpus) > TEXT_INDEX_FROM:
            self._index_texts(indexed or corpus, cancelled, signature, indexers or [])

    def _start_indexer(self, indexers: list[IndexerProcess], signature: str) -> None:
        """Start building the full-text index in a process of its own; when none can be started,
        ``_index_texts`` builds it here after the library index, as for any other open."""
        assert self.corpus_path is not None
        try:
            indexer = IndexerProcess(self.corpus_path, index_file(str(self.corpus_path)), signature)
        except OSError:
            return
        indexers.append(indexer)
        self._indexers.add(indexer)

    def _progress(self, what: str) -> Callable[[int, int], None]:
        """A progress callback for an index build that posts a few ``Indexing`` steps a second."""
        last_sent = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last_sent
            now = time.monotonic()
            if now - last_sent > SEND_EVERY and done < total:
                self.post_message(self.Indexing(what, done, total))
                last_sent = now

        return progress

    def _index_library(self, corpus: Corpus, signature: str, cancelled: Callable[[], bool]) -> IndexedCorpus | None:
        """Write the library index of the scanned corpus, and list from it; None when it could not be."""
        assert self.corpus_path is not None
        path = index_path(self.corpus_path)
        try:
            progress = self._progress("indexing the library")
            build_library(path, signature, corpus.metas, corpus.warnings, progress=progress, cancelled=cancelled)
            if cancelled():
                return None
            indexed = IndexedCorpus(corpus.name, LibraryDb(path))
        except (OSError, sqlite3.Error, IndexBroken) as err:  # a cache that cannot be written: lists from memory
            self.post_message(self.LibraryIndexed(None, f"{path}: library index not written ({err})"))
            return None
        self.post_message(self.LibraryIndexed(indexed))
        return indexed

    def _index_texts(
        self,
        corpus: Corpus,
        cancelled: Callable[[], bool],
        signature: str | None,
        indexers: Sequence[IndexerProcess] = (),
    ) -> None:
        """Bring the corpus's full-text index up to date (the first time: read every text), once
        the process building it, if any, has ended: it did the work, or left the rest for here."""
        progress = self._progress("indexing the text for search")
        for indexer in indexers:
            for done, total in indexer.steps():
                if cancelled():
                    return
                progress(done, total)
        if cancelled():
            return
        text_index = TextIndex(index_file(corpus.name))
        try:
            text_index.update(
                corpus.metas,
                corpus.text_of,  # the corpus knows every kind of source
                total=len(corpus),
                progress=progress,
                cancelled=cancelled,
                signature=signature,
            )
            if isinstance(corpus, IndexedCorpus):
                text_index.rowid_map(corpus.db.path)  # made here, not on the first search
        except IndexCancelled:
            return
        except (OSError, sqlite3.Error) as err:  # a cache that cannot be written: search reads the texts
            self.post_message(self.Failed(f"{text_index.path}: full-text index not written ({err})"))
            return
        self.post_message(self.TextIndexed(text_index))
        try:  # searches ask FTS5 meanwhile, and read the stored sets once they are written
            text_index.count_common(cancelled)
        except (IndexCancelled, OSError, sqlite3.Error):
            return

    def on_loading_bar_indexing(self, event: LoadingBar.Indexing) -> None:
        self._show(event.done, event.total, event.what)

    def on_loading_bar_library_indexed(self, event: LoadingBar.LibraryIndexed) -> None:
        self.remove_class("visible")

    def on_loading_bar_text_indexed(self, event: LoadingBar.TextIndexed) -> None:
        self.remove_class("visible")

    def _show(self, done: int, total: int, what: str = "reading") -> None:
        """The bar, with what it measures before it (the library is usable meanwhile)."""
        if self._bar is None:
            from textual.widgets import ProgressBar  # imported with the first bar: a start that needs none skips it

            self._what = Static(what, classes="what")
            self._bar = ProgressBar(show_eta=False)
            self.mount(self._what, self._bar)
        elif self._what is not None:
            self._what.update(what)
        self.add_class("visible")
        self._bar.update(total=total, progress=done)

    def on_loading_bar_batch(self, event: LoadingBar.Batch) -> None:
        """Shown while a load takes more than one batch."""
        if event.final:
            self.remove_class("visible")
        elif self.has_class("visible") or not event.total or event.done < event.total:
            self._show(event.done, event.total)
