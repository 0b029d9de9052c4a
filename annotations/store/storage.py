"""ArticleStorage: a TinyDB ``Storage`` with one table per article, loaded only when asked for.

Why: TinyDB's own ``JSONStorage`` keeps the whole database in one file, read whole
and rewritten whole on every write, so a save costs more the larger the database
and a crash mid-write truncates it. TinyDB reads a table by name from whatever
``Storage.read()`` returns, so this storage returns a lazy mapping (``Tables``):
a table is read from its own file when TinyDB first asks for it, and a write
makes durable only the documents that changed, as one fsynced journal line.

On disk (``annotations.db/``)::

    tables/ab/<sha1 of the name>.json   one table: {"<table name>": {"<doc id>": doc}} (TinyDB's JSON)
    journal.jsonl                       changes since those files were written, one fsynced line each
    summary.json                        every table's summary entry, and the journal's last folded seq

An article's undo history is a table of its own (``schema.history_table``), changed in the
same journal line as the article; it has no summary entry, so it is read if its file exists.

A journal line is ``{"seq": n, "tables": {name: {"put": {id: doc}, "drop": [id]}}}``:
applying it twice gives what applying it once gives, so a crash at any step of a
compaction (write the changed tables' files, then ``summary.json``, then empty
the journal) loses nothing and needs no undo. Compaction rewrites only the tables
changed since the last one. Every document read from a file or the journal is
checked (``annotations.store.schema``) and a bad one is reported as ``file:record: problem``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from annotations.store.journal import JournalWriter
from annotations.store.opening import read_state
from annotations.store.schema import is_history_table
from annotations.store.summary import Summary, summarise
from annotations.store.tablefiles import encode, read_table_file, table_file, table_path, write_durably
from reader.core.atomic import fsync_dir

CLEAN_CACHE = 64  # unchanged tables kept in memory (changed ones stay until written)


class Tables(MutableMapping):
    """What ``ArticleStorage.read()`` gives TinyDB: table name -> {doc id: doc}, read lazily.

    A table is handed out as a copy (TinyDB changes documents in place before it
    writes), so the storage can tell what a write changed and drop a write that
    could not be made durable.
    """

    def __init__(self, storage: ArticleStorage) -> None:
        self._storage = storage

    def __getitem__(self, name: str) -> dict[str, Any]:
        docs = self._storage.docs(name)
        return {doc_id: dict(doc) for doc_id, doc in docs.items()}

    def __setitem__(self, name: str, docs: dict[str, Any]) -> None:
        self._storage.stage(name, docs)

    def __delitem__(self, name: str) -> None:
        self._storage.stage(name, {})

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._storage.has_table(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._storage.summary.names())

    def __len__(self) -> int:
        return len(self._storage.summary)


class ArticleStorage(Storage):
    """TinyDB storage over a database folder; see the module docstring.

    ``ArticleStorage(path)`` opens it read-only (any TinyDB user can read a database this way,
    replaying the journal in memory); the store passes ``journal=`` to write.
    """

    def __init__(
        self,
        path: str | Path,
        journal: JournalWriter | None = None,
        summary: Summary | None = None,
        pending: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.root = Path(path).expanduser()
        self._folder = str(self.root)
        self.journal = journal
        if summary is None:
            state = read_state(self.root)
            summary, pending = state.summary, state.pending
        self.summary = summary
        self._clean: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._changed: dict[str, dict[str, Any]] = dict(pending or {})  # not yet in their files
        self._staged: dict[str, dict[str, Any]] | None = None  # inside ``batch``
        self._tables = Tables(self)

    # -- the TinyDB Storage interface ---------------------------------------------------
    def read(self) -> Tables:
        return self._tables

    def write(self, data: Any) -> None:
        pass  # ``Tables.__setitem__`` already staged (or, outside ``batch``, saved) what TinyDB wrote

    def close(self) -> None:
        pass

    # -- tables -----------------------------------------------------------------------
    def has_table(self, name: str) -> bool:
        if is_history_table(name):
            return bool(self.docs(name))
        return name in self.summary or name in self._changed or bool(self._staged and name in self._staged)

    def docs(self, name: str) -> dict[str, Any]:
        """The table's documents as they are now (not a copy: do not change them)."""
        if self._staged is not None and name in self._staged:
            return self._staged[name]
        return self._saved(name)

    def _saved(self, name: str) -> dict[str, Any]:
        """The table as its last durable write left it."""
        docs = self._changed.get(name)
        if docs is not None:
            return docs
        docs = self._clean.get(name)
        if docs is not None:
            self._clean.move_to_end(name)
            return docs
        known = name in self.summary or is_history_table(name)  # a history table: if it has a file
        docs = read_table_file(table_path(self._folder, name), name) if known else {}
        self._clean[name] = docs
        if len(self._clean) > CLEAN_CACHE:
            self._clean.popitem(last=False)
        return docs

    def stage(self, name: str, docs: dict[str, Any]) -> None:
        """A table as TinyDB wrote it; outside ``batch`` it is a change of its own, durable at once."""
        if self._staged is None:
            with self.batch():
                self.stage(name, docs)
            return
        self._staged[name] = docs

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Every TinyDB write inside becomes one journal line, made durable when the block ends.

        If the block raises or the line cannot be written, nothing it wrote is kept."""
        if self._staged is not None:
            yield
            return
        self._staged = {}
        try:
            yield
            line = self._line()
            if line:
                if self.journal is None:
                    from annotations.store.records import StoreReadOnly

                    raise StoreReadOnly(f"{self.root} is open read-only; the change was not saved")
                self.journal.append_change(line)
                for name in line:
                    self.summary.set(name, summarise(self._staged[name]))
                    self._clean.pop(name, None)
                    self._changed[name] = self._staged[name]
        finally:
            self._staged = None

    def _line(self) -> dict[str, Any]:
        line: dict[str, Any] = {}
        assert self._staged is not None
        for name, new in self._staged.items():
            old = self._saved(name)
            put = {doc_id: doc for doc_id, doc in new.items() if old.get(doc_id) != doc}
            drop = [doc_id for doc_id in old if doc_id not in new]
            if put or drop:
                line[name] = {"put": put, "drop": drop}
        return line

    # -- compaction -------------------------------------------------------------------
    @property
    def changed(self) -> int:
        return len(self._changed)

    def write_tables(self) -> None:
        """Write every table changed since the last compaction to its file (then fsync the folders)."""
        folders: set[Path] = set()
        for name, docs in self._changed.items():
            path = table_file(self.root, name)
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent.parent)
            if docs:
                write_durably(path, encode({name: docs}))
            else:
                path.unlink(missing_ok=True)
            folders.add(path.parent)
        for folder in sorted(folders):
            fsync_dir(folder)

    def written(self) -> None:
        """The changed tables are in their files now: they may leave memory."""
        self._changed.clear()
