"""A folder corpus: .txt/.md files (recursively) plus its ``library.jsonl``, scanned in batches.

Each scan yields batches (so a UI worker can show the library filling in) and keeps an
index cache (``reader.corpus.cache``) so the second open of 100,000 articles reads no
article text at all. Metas carry an absolute file path as their ``location``, which
``reader.corpus.loader`` loads lazily.

A folder's article id is its relative posix path without suffix (with the suffix when two
files share a stem, for both of them), stable across runs and reordering.
"""

from __future__ import annotations

import bisect
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.core.article import ArticleMeta
from reader.core.words import word_count
from reader.corpus.article_files import meta_title, read_article_file
from reader.corpus.cache import LIBRARY_FILE, load_cache, save_cache, walk_articles
from reader.corpus.folder_metadata import load_folder_metadata
from reader.corpus.jsonl_source import Batches, JsonlSource


def folder_ids(rels: list[str]) -> list[str]:
    """Article ids for relative paths: path without suffix, or with it when stems collide."""
    stems = []
    for rel in rels:
        dot = rel.rfind(".")
        stems.append(rel[:dot] if dot > rel.rfind("/") + 1 else rel)
    counts = Counter(stems)
    return [stem if counts[stem] == 1 else rel for rel, stem in zip(rels, stems, strict=True)]


class FolderSource:
    """A folder of .txt/.md articles (recursively), plus its ``library.jsonl`` if any."""

    def __init__(self, root: Path, display: str) -> None:
        self.root = root.resolve()
        self.display = display
        self.warnings: list[str] = []
        listing = walk_articles(self.root)
        self.files = [item for item in listing if item[0] != LIBRARY_FILE]
        self.total = len(self.files)
        self.done = 0
        self.finished = False
        self.texts: dict[str, str] | None = None  # when set, each text read, by location (see JsonlSource)
        self._jsonl: JsonlSource | None = None
        self._library_at = -1  # where library.jsonl's articles go in path order
        if len(self.files) != len(listing) and (self.root / LIBRARY_FILE).is_symlink():
            self.warnings.append(f"{self._name(LIBRARY_FILE)}: a symbolic link, not followed, skipped")
        elif len(self.files) != len(listing):
            self._library_at = bisect.bisect_left([rel for rel, _, _ in self.files], LIBRARY_FILE)
            self._jsonl = JsonlSource(self.root / LIBRARY_FILE, self._name(LIBRARY_FILE))
            self.total += self._jsonl.total

    def _name(self, rel: str) -> str:
        return f"{self.display.rstrip('/')}/{rel}"

    def _library(self, batch: int, cancel: threading.Event | None) -> Batches:
        assert self._jsonl is not None
        self._jsonl.texts = self.texts
        yield from self._jsonl.scan(batch, cancel, self._progress_from(self.done))
        self.warnings.extend(self._jsonl.warnings)

    def scan(self, batch: int, cancel: threading.Event | None) -> Batches:
        """Yield metas in path order, in batches; ``finished`` is False when cancelled.

        Cached open (the 100,000-iteration hot path): when the listing (paths, sizes,
        mtimes) equals the cached one, records and ids are taken as they are, compared
        as whole lists; otherwise each file's record is reused if its size and mtime
        match, and re-read if not.
        """
        metadata, warnings = load_folder_metadata(self.root, self.display)
        self.warnings.extend(warnings)
        rels = [rel for rel, _, _ in self.files]
        sizes = [size for _, size, _ in self.files]
        mtimes = [mtime for _, _, mtime in self.files]
        cache = load_cache(self.root, "folder") or {}
        old: dict[str, tuple[int, int, list[Any]]] = {}
        records: list[list[Any] | None]
        if (
            cache.get("rels") == rels
            and cache.get("sizes") == sizes
            and cache.get("mtimes") == mtimes
            and len(cache.get("ids", ())) == len(rels)
        ):
            ids, records, changed = cache["ids"], cache["records"], False
        else:
            try:
                old = {
                    r: (sz, mt, rec)
                    for r, sz, mt, rec in zip(
                        cache["rels"], cache["sizes"], cache["mtimes"], cache["records"], strict=True
                    )
                }
            except (KeyError, TypeError, ValueError):
                old = {}
            ids, records, changed = folder_ids(rels), [None] * len(rels), True
        prefix = f"{self.root}/"
        finished = True
        for start in range(0, len(rels), batch):
            if cancel is not None and cancel.is_set():
                finished = False
                break
            pending: list[ArticleMeta] = []
            append = pending.append
            for i in range(start, min(start + batch, len(rels))):
                if i == self._library_at:
                    if pending:
                        yield pending
                        pending = []
                        append = pending.append
                    yield from self._library(batch, cancel)
                    if not self._jsonl.finished:  # type: ignore[union-attr]
                        finished = False
                        break
                record = records[i]
                if record is None:
                    rel = rels[i]
                    known = old.get(rel)
                    if known is not None and known[0] == sizes[i] and known[1] == mtimes[i]:
                        record = known[2]
                    else:
                        record = self._index_file(rel)
                    records[i] = record
                title, words, warnings, fields = record
                if warnings:
                    self.warnings.extend(self._name(rels[i]) + warning for warning in warnings)
                if title is None:
                    continue
                if metadata or fields:  # metadata.yaml wins over a file's front matter
                    extra = {**fields, **(metadata.get(rels[i]) or metadata.get(ids[i]) or {})}
                    append(
                        ArticleMeta(
                            ids[i],
                            extra.get("title") or title,
                            extra.get("source", ""),
                            extra.get("published", ""),
                            extra.get("url", ""),
                            extra.get("author", ""),
                            words,
                            prefix + rels[i],
                        )
                    )
                else:
                    append(ArticleMeta(ids[i], title, "", "", "", "", words, prefix + rels[i]))
            self.done = min(self.done + batch, self.total)
            if pending:
                yield pending
            if not finished:
                break
        if finished and self._library_at == len(rels):
            yield from self._library(batch, cancel)
            finished = self._jsonl is not None and self._jsonl.finished
        if finished:
            self.done = self.total
        self.finished = finished
        if changed:
            if not finished:  # keep what the cached index knew about files not reached
                for i, record in enumerate(records):
                    known = old.get(rels[i]) if record is None else None
                    if known is not None and known[0] == sizes[i] and known[1] == mtimes[i]:
                        records[i] = known[2]
            keep = [i for i, record in enumerate(records) if record is not None]
            save_cache(
                self.root,
                "folder",
                {
                    "rels": [rels[i] for i in keep],
                    "sizes": [sizes[i] for i in keep],
                    "mtimes": [mtimes[i] for i in keep],
                    "records": [records[i] for i in keep],
                    "ids": [ids[i] for i in keep],
                },
            )

    def _progress_from(self, start: int) -> Callable[[int], None]:
        def advance(done: int) -> None:
            self.done = start + done

        return advance

    def _index_file(self, rel: str) -> list[Any]:
        """[title or None (skipped), word count, warnings, front matter fields].

        The warnings are kept without the file's name (": problem" or ":LINE: problem"):
        the cache outlives the name the folder was opened by.
        """
        name = self._name(rel)
        text, fields, warnings = read_article_file(self.root / rel, name)
        warnings = [warning[len(name) :] for warning in warnings]
        if text is None:
            return [None, 0, warnings, {}]
        if self.texts is not None:
            self.texts[f"{self.root}/{rel}"] = text
        return [meta_title(fields, text), word_count(text), warnings, fields]
