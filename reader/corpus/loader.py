"""A corpus: the articles newsdesk lists, with their texts loaded only when needed.

``open_corpus(path)`` opens a folder of .txt/.md files, a single file, a JSONL file of
articles, or an RSS/Atom feed (file or URL); ``None`` means the bundled seeds followed
by the user's imported library. 100,000 articles must open without freezing the UI and
stay under 400 MB, so:

* ``Corpus`` keeps only ``ArticleMeta`` records; ``load(id)`` reads one text from its
  ``location`` (with a small LRU), ``texts()`` streams them for full-text search;
* ``CorpusLoader(path).scan(batch)`` yields metas batch by batch with ``done``/``total``
  progress and honours a ``cancel`` event, for a UI worker thread;
* an index cache (``reader.corpus.cache``) makes later opens read no article text.
"""

from __future__ import annotations

import gc
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from reader.core import paths
from reader.core.article import Article, ArticleMeta
from reader.core.errors import UserError
from reader.core.regular_file import open_regular
from reader.corpus.article_files import read_article_file
from reader.corpus.folder_source import FolderSource
from reader.corpus.jsonl_source import JsonlSource
from reader.text.normalise import normalise_text

Progress = Callable[[int, int], None]
FEED_SUFFIXES = (".xml", ".rss", ".atom")
_LRU_SIZE = 16


class ArticleNotFound(UserError, KeyError):
    """``Corpus.meta``/``load`` with an id the corpus does not hold."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class LoadCancelled(Exception):
    """``open_corpus`` was cancelled through its ``cancel`` event."""


class Corpus:
    """Article metadata in a stable order; texts read lazily from each ``location``."""

    def __init__(
        self, name: str, metas: list[ArticleMeta], warnings: list[str], inline: dict[str, Article] | None = None
    ) -> None:
        self.name = name
        self.metas = metas
        self.warnings = warnings
        self._index = {meta.id: i for i, meta in enumerate(metas)}
        self._inline = inline or {}
        self._lru: OrderedDict[str, Article] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.metas)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._index

    def __iter__(self) -> Iterator[ArticleMeta]:
        return iter(self.metas)

    def meta(self, article_id: str) -> ArticleMeta:
        try:
            return self.metas[self._index[article_id]]
        except KeyError:
            raise ArticleNotFound(f"no article with id {article_id!r} in {self.name}") from None

    def load(self, article_id: str) -> Article:
        """The article with its normalised text (read from disk unless recently loaded)."""
        with self._lock:
            cached = self._lru.get(article_id)
            if cached is not None:
                self._lru.move_to_end(article_id)
                return cached
        article = self._read(self.meta(article_id))
        with self._lock:
            self._lru[article_id] = article
            while len(self._lru) > _LRU_SIZE:
                self._lru.popitem(last=False)
        return article

    def texts(self) -> Iterator[tuple[str, str]]:
        """(id, text) for every article in order, read one at a time (for full-text search)."""
        for meta in list(self.metas):
            try:
                yield meta.id, self.text_of(meta)
            except UserError:
                continue

    def text_of(self, meta: ArticleMeta) -> str:
        """The text of ``meta``'s article as its location holds it now: no look-up by id and
        no LRU, for a pass over every article (the full-text index reads each one once)."""
        return self._read(meta).text

    def _read(self, meta: ArticleMeta) -> Article:
        inline = self._inline.get(meta.id)
        if inline is not None:
            return inline
        text = read_location(meta.location)
        return Article(
            id=meta.id,
            title=meta.title,
            text=text,
            source=meta.source,
            published=meta.published,
            url=meta.url,
            author=meta.author,
            location=meta.location,
        )


class JsonlLines:
    """``file.jsonl:line`` for a JSONL article's location (``file.jsonl#offset``, which finds it
    fast but names no place a user can go to), for a warning. Lines are counted onward from the
    last place asked in that file, so the duplicates of one file, met in file order, cost one
    read of it up to the last of them; the locations of other sources are returned as they are."""

    def __init__(self) -> None:
        self._counted: dict[str, tuple[int, int]] = {}  # path -> (offset, its line)

    def place(self, location: str) -> str:
        found = jsonl_offset(location)
        if found is None:
            return location
        path, target = found
        start, line = self._counted.get(path, (0, 1))
        if target < start:
            start, line = 0, 1
        try:
            with open(path, "rb") as handle:
                handle.seek(start)
                while start < target and (chunk := handle.read(min(target - start, 1 << 20))):
                    line += chunk.count(b"\n")
                    start += len(chunk)
        except OSError:
            return location
        self._counted[path] = (target, line)
        return f"{path}:{line}"


def jsonl_offset(location: str) -> tuple[str, int] | None:
    """(file, byte offset) of a JSONL article's location (``file.jsonl#offset``), else None."""
    path, sep, offset = location.rpartition("#")
    if sep and offset.isdigit() and path.lower().endswith(".jsonl"):
        return path, int(offset)
    return None


def read_location(location: str) -> str:
    """The normalised text stored at ``location`` (a file, or ``file.jsonl#offset``)."""
    found = jsonl_offset(location)
    if found is not None:
        path, offset = found
        try:
            with open(path, "rb") as handle:
                handle.seek(offset)
                raw = handle.readline()
        except OSError as err:
            raise UserError(f"{path}: cannot read ({err.strerror or err})") from None
        try:
            record = json.loads(raw)
            text = record["text"]
            if not isinstance(text, str):
                raise TypeError
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise UserError(f"{location}: no article there any more (file changed?)") from None
        return normalise_text(text)
    text, _fields, warnings = read_article_file(Path(location), location)
    if text is None:
        raise UserError(warnings[-1] if warnings else f"{location}: cannot read")
    return text


def _looks_like_feed_file(path: Path) -> bool:
    if path.suffix.lower() in FEED_SUFFIXES or path.name.lower().endswith(".xml.gz"):
        return True
    from reader.corpus.feeds import looks_like_feed

    try:
        with open_regular(path) as handle:  # a FIFO would block for ever
            return looks_like_feed(handle.read(4096))
    except OSError:
        return False


class CorpusLoader:
    """Builds a ``Corpus`` incrementally, for a worker thread.

    ``scan(batch)`` yields lists of ``ArticleMeta`` in final order; ``done``/``total``
    say how far it got (in articles); a set ``cancel`` event stops it between batches
    (``cancelled`` becomes True). ``corpus()`` returns the result (scanning first if
    ``scan`` was not run).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        cancel: threading.Event | None = None,
        texts: dict[str, str] | None = None,
    ) -> None:
        """``texts``: a dict the scan fills with the text of each folder or JSONL article it reads,
        by location (the full-text indexer's one pass); the reader pops what it took."""
        self.cancel = cancel
        self._texts = texts
        self.cancelled = False
        self.warnings: list[str] = []
        self.metas: list[ArticleMeta] = []
        self._seen: set[str] = set()
        self._lines = JsonlLines()  # file:line for the warnings about JSONL lines
        self._inline: dict[str, Article] = {}
        self._scanned = False
        self._sources: list[FolderSource | JsonlSource] = []
        if path is None:
            self.name = "seeds"
            self._sources.append(FolderSource(paths.seeds_dir(), "seeds"))
            library = paths.library_dir()
            if library.is_dir():
                self.name = "seeds + library"
                self._sources.append(FolderSource(library, str(library)))
            return
        text = str(path)
        self.name = text
        if paths.is_url(text):
            self._add_feed(text)
            return
        target = Path(text).expanduser()
        if target.is_dir():
            self._sources.append(FolderSource(target, text))
        elif not target.exists():
            raise UserError(f"{text}: no such file or folder")
        elif target.suffix.lower() == ".jsonl":
            self._sources.append(JsonlSource(target, text))
        elif target.suffix.lower() in (".txt", ".md"):
            self._add_single_file(target, text)
        elif _looks_like_feed_file(target):
            self._add_feed(text)
        else:
            raise UserError(f"{text}: not a folder, .txt/.md file, .jsonl file or feed")

    @property
    def total(self) -> int:
        return sum(source.total for source in self._sources) + len(self._inline)

    @property
    def done(self) -> int:
        return sum(source.done for source in self._sources) + len(self._inline)

    def _add(self, metas: list[ArticleMeta]) -> None:
        for meta in metas:
            if meta.id in self._seen:
                n = 2
                while f"{meta.id}~{n}" in self._seen:
                    n += 1
                new_id = f"{meta.id}~{n}"
                where = self._lines.place(meta.location)
                self.warnings.append(f"{where}: duplicate id {meta.id!r}; this one is {new_id!r}")
                inline = self._inline.pop(meta.id + "\0pending", None)
                meta = replace(meta, id=new_id)
                if inline is not None:
                    self._inline[new_id] = replace(inline, id=new_id)
            self._seen.add(meta.id)
            self.metas.append(meta)

    def _add_single_file(self, target: Path, display: str) -> None:
        from reader.corpus.article_files import meta_title

        text, fields, warnings = read_article_file(target, display, follow_symlinks=True)  # the user named it
        self.warnings.extend(warnings)
        if text is None:
            return
        location = str(target.resolve())
        article = Article(
            id=target.stem,
            title=meta_title(fields, text),
            text=text,
            location=location,
            source=fields.get("source", ""),
            published=fields.get("published", ""),
            url=fields.get("url", ""),
            author=fields.get("author", ""),
        )
        self._inline[article.id] = article
        self._add([article.meta()])

    def _add_feed(self, source: str) -> None:
        from reader.corpus.feed_bytes import FetchCancelled
        from reader.corpus.feeds import load_feed

        try:
            result = load_feed(source, cancel=self.cancel)
        except FetchCancelled:
            self.cancelled = True
            return
        self.warnings.extend(result.warnings)
        for article in result.articles:
            meta = article.meta()
            if meta.id in self._seen:
                self._inline[meta.id + "\0pending"] = article
            else:
                self._inline[meta.id] = article
            self._add([meta])

    def scan(self, batch: int = 1000) -> Iterator[list[ArticleMeta]]:
        """Yield metas in batches of about ``batch`` until done or cancelled."""
        if self._scanned:
            return
        self._scanned = True
        if self.metas:
            yield list(self.metas)
        for source in self._sources:
            source.texts = self._texts
            for metas in _without_gc(source.scan(batch, self.cancel)):
                start = len(self.metas)
                self._add(metas)
                yield self.metas[start:]
            self.warnings.extend(source.warnings)
            if not source.finished:
                self.cancelled = True
                return

    def corpus(self) -> Corpus:
        for _ in self.scan():
            pass
        return Corpus(self.name, self.metas, self.warnings, self._inline)


def _without_gc(batches: Iterator[list[ArticleMeta]]) -> Iterator[list[ArticleMeta]]:
    """Run each step of a scan with the cyclic GC paused.

    A scan allocates a few objects per article and no cycles; with 100,000 articles the
    collector would otherwise walk the growing heap again and again (a measurable share
    of a cached open). Paused only while a batch is built, never across a ``yield``.
    """
    while True:
        enabled = gc.isenabled()
        gc.disable()
        try:
            metas = next(batches, None)
        finally:
            if enabled:
                gc.enable()
        if metas is None:
            return
        yield metas


def open_corpus(
    path: str | Path | None = None, *, progress: Progress | None = None, cancel: threading.Event | None = None
) -> Corpus:
    """Open a corpus in one call; ``progress(done, total)`` is called after each batch."""
    loader = CorpusLoader(path, cancel=cancel)
    for _ in loader.scan():
        if progress is not None:
            progress(loader.done, loader.total)
    if loader.cancelled:
        raise LoadCancelled(str(path))
    return loader.corpus()
