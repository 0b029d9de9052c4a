"""AnnotationStore: the annotation database, a TinyDB database with one table per article.

On disk a database is a folder (default ``paths.default_db_path()``, i.e.
``<data dir>/annotations.db/``) read and written by TinyDB through
``annotations.store.storage.ArticleStorage``::

    annotations.db/
        tables/ab/<hash>.json  one article's table (text, spans, status), its undo history's
                               (``newsdesk:history:<id>``), or the actor book's
                               (``newsdesk:actors``: read and checked at open)
        journal.jsonl          changes not yet in those files, one fsynced JSON line each
        summary.json           each article's status and label counts, for the library
        lock                   flock'ed by the one writer; says who holds it

Open reads ``summary.json`` and the journal only; an article's table is read when
the app asks about that article. A save is one journal line and one fsync,
whatever the size of the database. Compaction writes only the tables changed
since the last one, and runs when there are enough of them (at open or close past
``COMPACT_AT_CLOSE`` tables or ``COMPACT_JOURNAL_BYTES``, during a bulk import past
``COMPACT_AFTER``); until then the journal holds them, as durably, and open replays it.

Damage: a torn last journal line (never acknowledged) is dropped. A file that does
not parse, a record of the wrong shape or type, or a bad line before the end of the
journal raises ``StoreCorrupt`` naming ``file:record`` and the problem, and nothing
is written. A failed save (disk full, read-only, permissions, the folder deleted)
raises ``StoreWriteError``; nothing is kept in memory either.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from annotations.store.article_table import ArticleTable
from annotations.store.edits import StoreEdits
from annotations.store.journal import JournalBroken, JournalGone, JournalWriter
from annotations.store.legacy import SNAPSHOT
from annotations.store.lock import LockHeld, WriterLock
from annotations.store.opening import OpenState, SummaryBehind, read_state
from annotations.store.records import (
    ArticleState,
    Change,
    HistoryConflict,
    StoreCorrupt,
    StoreLocked,
    StoreReadOnly,
    StoreWriteError,
    now_iso,
)
from annotations.store.schema import ACTORS_TABLE, reserved
from annotations.store.storage import ArticleStorage
from annotations.store.summary import SUMMARY, Summary
from annotations.store.tablefiles import JOURNAL, TABLES, write_durably
from reader.core import paths
from reader.core.annotator import default_annotator
from reader.core.atomic import file_in_the_way, fsync_dir
from reader.core.errors import UserError

LOCK = "lock"
FOLDER_GONE = "the change was not saved, and none can be (restore the folder, then reopen)"
# Reads of a database a read-only opener makes while the writer compacts under it. (The summary's
# stat cannot always tell a replaced summary: inode numbers are reused and mtimes are coarse.)
OPEN_ATTEMPTS = 10
COMPACT_AFTER = 2000  # tables changed since the last compaction before a save compacts (bulk imports)
COMPACT_AT_CLOSE = 256  # ... before open or close compacts (fewer are replayed from the journal at open)
COMPACT_JOURNAL_BYTES = 8 << 20

__all__ = [
    "AnnotationStore",
    "ArticleState",
    "Change",
    "HistoryConflict",
    "StoreCorrupt",
    "StoreLocked",
    "StoreReadOnly",
    "StoreWriteError",
    "now_iso",
]


DATABASE_FILES = (SUMMARY, JOURNAL, TABLES, LOCK, SNAPSHOT)  # any one of them: a database (perhaps damaged)


def _not_a_database(db: Path) -> str | None:
    """The first entry of an existing folder that holds entries but none of a database's (else
    None). Why: a writable open of, say, ``--db ~/Documents`` would scatter a lock, a journal and
    a tables folder among the user's files; a read-only one read it as an empty database."""
    try:
        names = sorted(os.listdir(db))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as err:
        raise StoreCorrupt(f"{db}: cannot read the folder ({err.strerror}); left as it is") from None
    if not names or any(name in names for name in DATABASE_FILES):
        return None
    return names[0]


class AnnotationStore(StoreEdits):
    """Spans, article texts, statuses and undo history of one database."""

    def __init__(self, path: Path, annotator: str, read_only: bool) -> None:
        self.path = path
        self.annotator = annotator
        self.read_only = read_only
        self.warnings: list[str] = []
        self._lock: WriterLock | None = None
        self._journal: JournalWriter | None = None
        self.storage = ArticleStorage(path, summary=Summary())
        self._span_home: dict[str, str] = {}  # span id -> article id, for the spans read or made
        self._closed = False
        self._dir_id: tuple[int, int] | None = None

    # -- opening and closing --------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        annotator: str = "",
        read_only: bool = False,
        offer_read_only: bool = True,
        notice: Callable[[str], None] | None = None,
    ) -> AnnotationStore:
        """Open (creating if needed) the database folder at ``path``; changes are stamped with
        ``annotator``, else ``default_annotator()``.

        ``offer_read_only=False`` for a caller that must write (an import): a refusal then does
        not suggest ``--read-only``, which it cannot use. ``notice`` hears, before it begins,
        of a long step of the open (bringing an older database to this version)."""
        db = Path(path).expanduser() if path is not None else paths.default_db_path()
        if db.exists() and not db.is_dir():
            raise StoreCorrupt(f"{db}: not a newsdesk database (expected a directory); left as it is")
        stranger = _not_a_database(db)
        if stranger is not None:
            raise StoreCorrupt(
                f"{db}: not a newsdesk database (it holds {stranger!r:.60} and no database file); "
                "left as it is: give a new or empty folder"
            )
        if not db.exists() and not read_only:
            blocker = file_in_the_way(db)
            if blocker is not None:  # the OS would say only "Not a directory"
                raise StoreWriteError(f"{db}: {blocker} is a file, not a folder; cannot create the database there")
            try:
                db.mkdir(parents=True)
                fsync_dir(db.parent)
            except OSError as err:
                raise StoreWriteError(f"{db}: cannot create the database ({err.strerror})") from None
        store = cls(db, annotator or default_annotator(), read_only)
        try:
            store._open(offer_read_only, notice)
        except BaseException:
            store._release()
            raise
        return store

    def _open(self, offer_read_only: bool = True, notice: Callable[[str], None] | None = None) -> None:
        if not self.path.exists():  # read-only and nothing there yet: an empty database
            return
        hint = "; open it with --read-only" if offer_read_only else ""
        if not self.read_only:
            self._lock = WriterLock(self.path / LOCK)
            try:
                self._lock.acquire()
            except LockHeld as held:
                advice = "or open it with --read-only" if offer_read_only else "first"
                raise StoreLocked(
                    f"{self.path} is locked by {held.holder}; close the other newsdesk {advice}"
                ) from None
            except OSError as err:
                raise StoreWriteError(f"{self.path / LOCK}: cannot lock ({err.strerror}){hint}") from None
        for attempt in range(OPEN_ATTEMPTS):  # a read-only reader may race the writer's compaction
            before = self._stamp()
            last = attempt == OPEN_ATTEMPTS - 1
            try:
                state = read_state(self.path, upgrade=not self.read_only, notice=notice)
            except SummaryBehind:  # compacted between the summary's read and the journal's: read again
                if self._lock is None and not last:
                    continue
                raise
            except StoreCorrupt:  # e.g. the journal emptied after the summary was read: read again
                if self._lock is None and not last and self._stamp() != before:
                    continue
                raise
            if self._lock is not None or self._stamp() == before:
                break
        self.storage = ArticleStorage(self.path, summary=state.summary, pending=state.pending)
        try:  # the actor book is the database's, not an article's: a damaged one is said at open
            self.actors()
        except StoreCorrupt as err:  # nothing opens until it is repaired: say the way out
            way_out = "repair it, or move it away to open the database without the actor names"
            raise StoreCorrupt(f"{err}: {way_out}") from None
        st = os.stat(self.path)
        self._dir_id = (st.st_dev, st.st_ino)
        if self.read_only:
            return
        if state.legacy:
            self._migrate(state)
        try:
            self._journal = JournalWriter(self.path / JOURNAL, 0 if state.legacy else state.good_size, state.seq)
        except OSError as err:
            raise StoreWriteError(f"{self.path / JOURNAL}: cannot open for writing ({err.strerror}){hint}") from None
        self.storage.journal = self._journal
        if state.torn:
            self.warnings.append(f"{self.path / JOURNAL}: dropped an unfinished last write")
        if state.old_summary or self._worth_compacting():  # an older summary: written in this format
            self._try_compact()

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = (self.path / SUMMARY).stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _migrate(self, state: OpenState) -> None:
        """Write a first-format database as tables, then keep its old files beside them."""
        try:
            self._write_compaction(state.seq)
            for name in ("snapshot.json", JOURNAL):
                old = self.path / name
                if old.exists():
                    os.replace(old, self.path / f"{name}.format1")
            fsync_dir(self.path)
        except OSError as err:
            raise StoreWriteError(f"{self.path}: cannot convert the database ({err.strerror}); left as it is") from None
        self.storage.written()
        self.warnings.append(f"{self.path}: converted to one table per article (old files kept as *.format1)")

    def _write_compaction(self, seq: int) -> None:
        self.storage.write_tables()
        write_durably(self.path / SUMMARY, self.storage.summary.to_json(seq))
        fsync_dir(self.path)

    def compact(self) -> None:
        """Write the tables changed since the last compaction, then empty the journal.
        Raises StoreWriteError on failure (nothing lost: the journal keeps every change)."""
        self._check_writable()
        assert self._journal is not None
        self._check_folder("the changes saved since it was opened are lost with it")
        try:
            self._write_compaction(self._journal.seq)
            self._journal.reset()
        except OSError as err:
            raise StoreWriteError(
                f"{self.path}: cannot compact ({err.strerror}); the journal keeps every change"
            ) from None
        self.storage.written()

    def _try_compact(self) -> None:
        try:
            self.compact()
        except StoreWriteError as err:
            self.warnings.append(str(err))

    def _worth_compacting(self) -> bool:
        """Enough in the journal that the next open would replay more than it should (and keep those
        tables in memory): compaction writes them. Less stays in the journal, where it is as durable."""
        journal = self._journal
        if journal is None or not journal.size or journal.broken:
            return False
        return self.storage.changed >= COMPACT_AT_CLOSE or journal.size >= COMPACT_JOURNAL_BYTES

    def close(self) -> None:
        """Compact (if the journal has grown enough) and release the lock. A database folder deleted
        while open is reported in ``warnings`` (what was saved since went with it)."""
        if self._closed:
            return
        try:
            if self._worth_compacting():
                self._try_compact()
            elif self._journal is not None and self._journal.size:
                try:
                    self._check_folder("the changes saved since it was opened are lost with it")
                    if os.fstat(self._journal.fileno()).st_nlink == 0:
                        raise StoreWriteError(
                            f"{self.path / JOURNAL}: the journal was deleted while open; "
                            "the changes saved since it was opened are lost with it"
                        )
                except StoreWriteError as err:
                    self.warnings.append(str(err))
        finally:
            self._release()

    def _release(self) -> None:
        self._closed = True
        if self._journal is not None:
            self._journal.close()
            self._journal = None
            self.storage.journal = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the save path --------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreReadOnly(f"{self.path} is open read-only; the change was not saved")
        if self._closed or self._journal is None:
            raise StoreWriteError(f"{self.path}: the database is closed; the change was not saved")

    def _check_folder(self, consequence: str) -> None:
        """The folder opened is still there (not deleted, not replaced): else what is written is lost."""
        try:
            st = os.stat(self.path)
            same = (st.st_dev, st.st_ino) == self._dir_id
        except OSError:
            same = False
        if not same:
            raise StoreWriteError(f"{self.path}: the database folder was deleted or replaced while open; {consequence}")

    def _table(self, article_id: str) -> ArticleTable:
        if reserved(article_id):  # an imported article could be given any id
            whose = "the actor book" if article_id == ACTORS_TABLE else "undo histories"
            raise UserError(f"article id {article_id!r} is reserved for {whose}")
        return ArticleTable(self.storage, article_id)

    def _save(self, action, *args):  # noqa: ANN001, ANN202 - the one path every change takes
        """Run ``action(*args)`` (TinyDB writes) as one durable change; nothing is kept if it fails."""
        self._check_writable()
        assert self._journal is not None
        self._check_folder(FOLDER_GONE)
        try:
            with self.storage.batch():
                result = action(*args)
        except JournalGone:
            self._check_folder(FOLDER_GONE)
            raise StoreWriteError(
                f"{self.path / JOURNAL}: the journal was deleted while open; the change was not saved"
            ) from None
        except JournalBroken:
            raise StoreWriteError(
                f"{self.path / JOURNAL}: an earlier save failed and could not be rolled back; "
                "reopen the database (the change was not saved)"
            ) from None
        except OSError as err:
            raise StoreWriteError(
                f"{self.path / JOURNAL}: cannot save ({err.strerror or err}); the change was not saved"
            ) from None
        if self.storage.changed >= COMPACT_AFTER:
            self._try_compact()
        return result
