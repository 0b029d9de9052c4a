"""AnnotationStore: the annotation database, and the only code that imports TinyDB.

On disk a database is a directory (default ``paths.default_db_path()``, i.e.
``<data dir>/annotations.db/``)::

    annotations.db/
        snapshot.json    a TinyDB JSON database (tables _meta, articles, spans,
                         state, history); open it with TinyDB to inspect
        journal.jsonl    changes since the snapshot, one fsynced JSON line each
        lock             flock'ed by the one writer; says who holds it

Why not stock TinyDB: its JSONStorage rewrites the whole file on every write
(an insert costs more the larger the database) and a crash mid-write truncates the
file; even its MemoryStorage rebuilds a table's id map per write (O(n)). So a
save appends one line to the journal and fsyncs it (one fsync, whatever the
size), then updates in-memory indexes (``annotations.store.state``). Open loads the
TinyDB snapshot through a TinyDB ``Storage`` and replays the journal over it.

Compaction (at open after a replay, at close, or ``compact()``; never when
saving): write the snapshot to ``snapshot.json.tmp``, fsync, ``os.replace``,
fsync the directory, then empty the journal. Every record has a sequence number
and the snapshot records the last one it holds, so a crash between any two
steps loses nothing and replays nothing twice.

Damage: a torn last journal line (never acknowledged) is dropped. A snapshot
that does not parse, or a bad line before the end of the journal, raises
``StoreCorrupt`` naming the file and the problem, and nothing is written.
A failed save (disk full, read-only, permissions) raises ``StoreWriteError``;
the journal is rolled back and the in-memory state is unchanged.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotations.model import ORIGIN_MANUAL, Span
from annotations.store.journal import JournalBroken, JournalCorrupt, JournalWriter, scan
from annotations.store.lock import LockHeld, WriterLock
from annotations.store.records import (
    ArticleState,
    Change,
    HistoryConflict,
    StoreCorrupt,
    StoreLocked,
    StoreReadOnly,
    StoreWriteError,
    change_from_step,
    describe_update,
    now_iso,
    reason,
)
from annotations.store.state import STATUSES, StoreState, article_to_dict, own_step, touches
from reader.core import paths
from reader.core.annotator import default_annotator
from reader.core.article import Article
from reader.core.atomic import fsync_dir
from reader.core.errors import UserError
from reader.core.wording import plural

SNAPSHOT = "snapshot.json"
JOURNAL = "journal.jsonl"
LOCK = "lock"
FORMAT = 1

__all__ = [
    "AnnotationStore", "ArticleState", "Change", "HistoryConflict", "StoreCorrupt", "StoreLocked",
    "StoreReadOnly", "StoreWriteError",
]


class _SnapshotStorage:
    """TinyDB storage for the snapshot: plain JSON read, atomic durable write.

    TinyDB needs only ``read``/``write``/``close`` of a storage, so this does not subclass
    ``tinydb.Storage``: opening a store (every start) reads the snapshot through it without
    importing TinyDB; the TinyDB over it is made at the first compaction.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, Any] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return json.loads(raw)

    def write(self, data: dict[str, Any]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        payload = json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.path)
        fsync_dir(self.path.parent)

    def close(self) -> None:
        pass


class AnnotationStore:
    """Spans, article texts, statuses and undo history of one database."""

    def __init__(self, path: Path, annotator: str, read_only: bool) -> None:
        self.path = path
        self.annotator = annotator
        self.read_only = read_only
        self.warnings: list[str] = []
        self._state = StoreState()
        self._lock: WriterLock | None = None
        self._journal: JournalWriter | None = None
        self._snapshot = _SnapshotStorage(path / SNAPSHOT)
        self._tinydb: Any = None  # TinyDB over the snapshot, made when first written (see _SnapshotStorage)
        self._closed = False

    # -- opening and closing --------------------------------------------------------
    @classmethod
    def open(
        cls, path: str | Path | None = None, *, annotator: str = "", read_only: bool = False,
        offer_read_only: bool = True,
    ) -> AnnotationStore:
        """Open (creating if needed) the database directory at ``path``; changes are stamped with
        ``annotator``, else ``default_annotator()``.

        ``offer_read_only=False`` for a caller that must write (an import): a refusal then does
        not suggest ``--read-only``, which it cannot use."""
        db = Path(path).expanduser() if path is not None else paths.default_db_path()
        if db.exists() and not db.is_dir():
            raise StoreCorrupt(f"{db}: not a newsdesk database (expected a directory); left as it is")
        if not db.exists() and not read_only:
            try:
                db.mkdir(parents=True)
                fsync_dir(db.parent)
            except OSError as err:
                raise StoreWriteError(f"{db}: cannot create the database ({err.strerror})") from None
        store = cls(db, annotator or default_annotator(), read_only)
        try:
            store._open(offer_read_only)
        except BaseException:
            store._release()
            raise
        return store

    def _open(self, offer_read_only: bool = True) -> None:
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
        for _attempt in range(5):  # a read-only reader may race the writer's compaction
            before = self._stamp()
            state, good_size, replayed, torn = self._load()
            if self._lock is not None or self._stamp() == before:
                break
        self._state = state
        if self.read_only:
            return
        try:
            self._journal = JournalWriter(self.path / JOURNAL, good_size)
        except OSError as err:
            raise StoreWriteError(f"{self.path / JOURNAL}: cannot open for writing ({err.strerror}){hint}") from None
        if torn:
            self.warnings.append(f"{self.path / JOURNAL}: dropped an unfinished last write")
        if replayed:
            self._try_compact()

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = (self.path / SNAPSHOT).stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _load(self) -> tuple[StoreState, int, int, bool]:
        snap = self.path / SNAPSHOT
        state = StoreState()
        try:
            tables = self._snapshot.read()
        except json.JSONDecodeError as err:
            raise StoreCorrupt(
                f"{snap}:{err.lineno}: snapshot is not valid JSON ({err.msg}, column {err.colno}); "
                "left as it is"
            ) from None
        except (OSError, UnicodeDecodeError) as err:
            why = err.strerror if isinstance(err, OSError) else "not UTF-8"
            raise StoreCorrupt(f"{snap}: cannot read the snapshot ({why}); left as it is") from None
        if tables is not None:
            try:
                meta = tables["_meta"]["1"]
                if meta.get("format") != FORMAT:
                    raise ValueError(f"unknown format {meta.get('format')!r}")
                state.seq = int(meta["seq"])
                state.load_tables(tables)
            except (KeyError, TypeError, ValueError, AttributeError) as err:
                raise StoreCorrupt(f"{snap}: malformed snapshot ({reason(err)}); left as it is") from None
        jpath = self.path / JOURNAL
        try:
            journal = scan(jpath)
        except JournalCorrupt as err:
            raise StoreCorrupt(f"{jpath}:{err.line}: corrupt journal line ({err.problem}); left as it is") from None
        except OSError as err:
            raise StoreCorrupt(f"{jpath}: cannot read the journal ({err.strerror}); left as it is") from None
        replayed = 0
        for line, rec in journal.records:
            if rec["seq"] <= state.seq:
                continue  # already in the snapshot (crash between snapshot and journal reset)
            if rec["seq"] != state.seq + 1:
                raise StoreCorrupt(
                    f"{jpath}:{line}: journal skips from change {state.seq} to {rec['seq']}; left as it is"
                )
            try:
                state.apply(rec)
            except (KeyError, IndexError, TypeError, ValueError, AttributeError) as err:
                raise StoreCorrupt(
                    f"{jpath}:{line}: cannot apply journal record ({reason(err)}); left as it is"
                ) from None
            state.seq = rec["seq"]
            replayed += 1
        return state, journal.good_size, replayed, journal.torn

    def compact(self) -> None:
        """Fold the journal into a new snapshot. Raises StoreWriteError on failure (nothing lost)."""
        self._check_writable()
        assert self._journal is not None
        meta = {"format": FORMAT, "seq": self._state.seq, "written": now_iso()}
        try:
            self._snapshot_db().storage.write(self._state.to_tables(meta))
            self._journal.reset()
        except OSError as err:
            raise StoreWriteError(
                f"{self.path}: cannot compact ({err.strerror}); the journal keeps every change"
            ) from None

    def _snapshot_db(self) -> Any:
        """The TinyDB database over the snapshot storage (imported and made on first use)."""
        if self._tinydb is None:
            from tinydb import TinyDB

            snapshot = self._snapshot
            self._tinydb = TinyDB(storage=lambda: snapshot)
        return self._tinydb

    def _try_compact(self) -> None:
        try:
            self.compact()
        except StoreWriteError as err:
            self.warnings.append(str(err))

    def close(self) -> None:
        """Compact (if there is anything to fold in) and release the lock."""
        if self._closed:
            return
        try:
            if self._journal is not None and self._journal.size and not self._journal.broken:
                self._try_compact()
        finally:
            self._release()

    def _release(self) -> None:
        self._closed = True
        if self._journal is not None:
            self._journal.close()
            self._journal = None
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

    def _commit(self, rec: dict[str, Any]) -> dict[str, Any] | None:
        """Make ``rec`` durable, then apply it. Nothing changes in memory if the write fails."""
        self._check_writable()
        assert self._journal is not None
        rec = {"seq": self._state.seq + 1, **rec}
        try:
            self._journal.append([rec])
        except JournalBroken:
            raise StoreWriteError(
                f"{self.path / JOURNAL}: an earlier save failed and could not be rolled back; "
                "reopen the database (the change was not saved)"
            ) from None
        except OSError as err:
            raise StoreWriteError(
                f"{self.path / JOURNAL}: cannot save ({err.strerror or err}); the change was not saved"
            ) from None
        step = self._state.apply(rec)
        self._state.seq = rec["seq"]
        return step

    def _article_field(self, article: Article) -> dict[str, Any]:
        """``{"article": ...}`` when the stored copy is missing or differs, else ``{}``."""
        old = self._state.articles.get(article.id)
        if old is not None and old == article and old.text == article.text and old.extra == article.extra:
            return {}
        return {"article": article_to_dict(article)}

    # -- articles -------------------------------------------------------------------
    def remember_article(self, article: Article) -> None:
        """Keep the article's text and metadata so exports need only the database."""
        extra = self._article_field(article)
        if extra:
            self._commit({"op": "article", **extra})

    def article(self, article_id: str) -> Article | None:
        return self._state.articles.get(article_id)

    def articles(self) -> list[Article]:
        return list(self._state.articles.values())

    # -- spans ----------------------------------------------------------------------
    def spans(self, article_id: str, *, ordered: bool = True) -> list[Span]:
        """The article's spans by position; ``ordered=False`` skips that sort, for a caller that
        sorts them its own way (the export)."""
        group = self._state.by_article.get(article_id, {})
        if not ordered:
            return list(group.values())
        return sorted(group.values(), key=lambda s: (s.start, s.end, s.created, s.id))

    def all_spans(self) -> list[Span]:
        out: list[Span] = []
        for aid in sorted(self._state.by_article):
            out.extend(self.spans(aid))
        return out

    def span(self, span_id: str) -> Span | None:
        return self._state.spans.get(span_id)

    def stale_spans(self, article: Article) -> list[Span]:
        """Spans made on a different text than ``article.text``: shown as stale, never moved."""
        sha = article.sha256
        return [s for s in self.spans(article.id) if s.text_sha256 != sha]

    def _new_span(self, article: Article, start: int, end: int, label: str, note: str, origin: str,
                  stamp: str) -> Span:
        if not isinstance(label, str) or not label:
            raise ValueError(f"span label must be a non-empty string, got {label!r}")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(article.text)):
            raise ValueError(f"span {start}..{end} is not inside the text (0..{len(article.text)})")
        return Span(
            id=uuid.uuid4().hex, article_id=article.id, text_sha256=article.sha256, start=start,
            end=end, label=label, quote=article.text[start:end], note=note, annotator=self.annotator,
            created=stamp, updated=stamp, origin=origin,
        )

    def _do(self, article_id: str, kind: str, description: str, before: Sequence[Span],
            after: Sequence[Span], ids: Sequence[str], extra: dict[str, Any] | None = None) -> None:
        step = {
            "kind": kind, "description": description, "ids": list(ids),
            "before": [s.to_dict() for s in before], "after": [s.to_dict() for s in after],
            "annotator": self.annotator,
        }
        self._commit({"op": "do", "article_id": article_id, "step": step, **(extra or {})})

    def add_span(self, article: Article, start: int, end: int, label: str, *, note: str = "",
                 origin: str = ORIGIN_MANUAL) -> Span:
        span = self._new_span(article, start, end, label, note, origin, now_iso())
        self._do(article.id, "add", f"tag {label}", [], [span], [span.id], self._article_field(article))
        return span

    def add_spans(self, article: Article, items: Iterable[tuple[int, int, str]], *,
                  origin: str = ORIGIN_MANUAL) -> list[Span]:
        """Tag several passages as one undo step (e.g. every occurrence of a phrase)."""
        stamp = now_iso()
        spans = [self._new_span(article, s, e, lab, "", origin, stamp) for s, e, lab in items]
        if not spans:
            return []
        labels = sorted({s.label for s in spans})
        desc = f"tag {plural(len(spans), 'passage')} {', '.join(labels)}"
        self._do(article.id, "add_spans", desc, [], spans, [s.id for s in spans], self._article_field(article))
        return spans

    def update_span(self, span_id: str, *, label: str | None = None, start: int | None = None,
                    end: int | None = None, note: str | None = None, flagged: bool | None = None) -> Span:
        """Change a span; new boundaries re-anchor it on the stored article text."""
        old = self._require(span_id)
        changes: dict[str, Any] = {}
        if label is not None and label != old.label:
            if not label:
                raise ValueError("span label must not be empty")
            changes["label"] = label
        if note is not None and note != old.note:
            changes["note"] = note
        if flagged is not None and bool(flagged) != old.flagged:
            changes["flagged"] = bool(flagged)
        new_start = old.start if start is None else start
        new_end = old.end if end is None else end
        if (new_start, new_end) != (old.start, old.end):
            article = self._state.articles.get(old.article_id)
            if article is None:
                raise ValueError(f"article {old.article_id!r} of span {span_id} is not stored")
            if not (0 <= new_start < new_end <= len(article.text)):
                raise ValueError(f"span {new_start}..{new_end} is not inside the text (0..{len(article.text)})")
            changes.update(start=new_start, end=new_end, quote=article.text[new_start:new_end],
                           text_sha256=article.sha256)
        if not changes:
            return old
        new = old.with_changes(updated=now_iso(), **changes)
        self._do(old.article_id, "update", describe_update(old, changes), [old], [new], [old.id])
        return new

    def delete_span(self, span_id: str) -> Span:
        old = self._require(span_id)
        self._do(old.article_id, "delete", f"delete {old.label}", [old], [], [old.id])
        return old

    def _require(self, span_id: str) -> Span:
        span = self._state.spans.get(span_id)
        if span is None:
            raise KeyError(f"no span with id {span_id!r}")
        return span

    def import_spans(self, article: Article, spans: Iterable[Span]) -> int:
        """Add spans from a file as they are (ids, annotator, times, origin); skip known ids.

        Each quote must equal the article text at its offsets (UserError otherwise).
        The import is one undo step for the article. Returns how many were added.
        """
        text, sha, stamp = article.text, article.sha256, now_iso()
        new: list[Span] = []
        seen: set[str] = set()
        for span in spans:
            if span.id in self._state.spans or span.id in seen:
                continue
            where = f"span {span.id} ({span.label}) of article {article.id}"
            if not (0 <= span.start < span.end <= len(text)):
                raise UserError(f"{where}: offsets {span.start}..{span.end} outside the text (0..{len(text)})")
            if text[span.start:span.end] != span.quote:
                raise UserError(f"{where}: quote {span.quote[:40]!r} does not match the text "
                                f"{text[span.start:span.end][:40]!r} at {span.start}..{span.end}")
            seen.add(span.id)
            new.append(span.with_changes(article_id=article.id, text_sha256=sha,
                                         created=span.created or stamp, updated=span.updated or stamp))
        if not new:
            extra = self._article_field(article)
            if extra:
                self._commit({"op": "article", **extra})
            return 0
        self._do(article.id, "import", f"import {plural(len(new), 'span')}", [], new, [s.id for s in new],
                 self._article_field(article))
        return len(new)

    def label_counts(self) -> dict[str, dict[str, int]]:
        return {aid: dict(c) for aid, c in self._state.counts.items()}

    # -- status ---------------------------------------------------------------------
    def state(self, article_id: str) -> ArticleState:
        status = self._state.status.get(article_id, "todo")
        if status == "todo" and article_id in self._state.by_article:
            status = "in progress"
        return ArticleState(status, self._state.read.get(article_id, False))

    def ids_by_status(self) -> dict[str, set[str]]:
        """The articles in each status but "todo" (every article not listed is "todo"), and the
        read ones under "read". The library filters 100,000 articles by set membership with
        this instead of asking ``state`` 100,000 times per keystroke."""
        out: dict[str, set[str]] = {}
        for article_id in set(self._state.status) | set(self._state.by_article):
            status = self.state(article_id).status
            if status != "todo":
                out.setdefault(status, set()).add(article_id)
        out["read"] = {article_id for article_id, read in self._state.read.items() if read}
        return out

    def set_status(self, article_id: str, status: str) -> ArticleState:
        """Mark "todo", "done", "flagged", "rejected" or "ignored" (undoable). "in progress" is derived from spans."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        old = self._state.status.get(article_id, "todo")
        if old != status:
            step = {"kind": "status", "description": f"mark {status}", "ids": [], "before": old, "after": status,
                    "annotator": self.annotator}
            self._commit({"op": "do", "article_id": article_id, "step": step})
        return self.state(article_id)

    def set_read(self, article_id: str, read: bool = True) -> None:
        """Read/unread (not undoable)."""
        if self._state.read.get(article_id, False) != bool(read):
            self._commit({"op": "read", "article_id": article_id, "read": bool(read)})

    # -- history (each annotator undoes and redoes their own changes only) -------------
    def _own_index(self, stacks: dict[str, list[dict[str, Any]]], article_id: str) -> int | None:
        try:
            return own_step(stacks.get(article_id, []), self.annotator)
        except IndexError:
            return None

    def can_undo(self, article_id: str) -> bool:
        return self._own_index(self._state.undo, article_id) is not None

    def can_redo(self, article_id: str) -> bool:
        return self._own_index(self._state.redo, article_id) is not None

    def undo(self, article_id: str) -> Change | None:
        """Undo this annotator's last change in the article; None when they have none left.
        HistoryConflict (nothing changed) when someone has changed the same spans or status since."""
        if not self._movable(self._state.undo, article_id, "after", "undo"):
            return None
        step = self._commit({"op": "undo", "article_id": article_id, "annotator": self.annotator})
        assert step is not None
        return change_from_step(article_id, step, "after", "before")

    def redo(self, article_id: str) -> Change | None:
        """Redo this annotator's last undone change; None when there is none (see ``undo``)."""
        if not self._movable(self._state.redo, article_id, "before", "redo"):
            return None
        step = self._commit({"op": "redo", "article_id": article_id, "annotator": self.annotator})
        assert step is not None
        return change_from_step(article_id, step, "before", "after")

    def _movable(self, stacks: dict[str, list[dict[str, Any]]], article_id: str, side: str, verb: str) -> bool:
        """Has this annotator a step to move, and is the article still as that step left it?"""
        index = self._own_index(stacks, article_id)
        if index is None:
            return False
        stack = stacks[article_id]
        step = stack[index]
        if not self._state.is_current(article_id, step, side):
            later = stack[index + 1:] if verb == "undo" else self._state.undo.get(article_id, [])
            names = sorted({s.get("annotator") or "someone" for s in later if touches(s, step)} - {self.annotator})
            who = " and ".join(names) or "someone"
            raise HistoryConflict(f"cannot {verb} “{step['description']}”: {who} changed it since")
        return True
