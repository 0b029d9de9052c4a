"""Writing the library index file that ``reader.corpus.library_db`` reads.

Why apart: the first open of a large corpus writes every row, the sort orders, the gram
sets, the field values and the trigram table once, in one transaction on a temporary file
renamed into place when complete, so a reader never sees half an index; a build killed
on the way leaves that temporary file, which the next build removes (``remove_orphans``).
The reading side (the rows on screen, the filter) is ``library_db``. No UI imports.
"""

from __future__ import annotations

import glob
import json
import os
import zlib
from array import array
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import closing, suppress
from itertools import repeat
from pathlib import Path

from reader.core.article import ArticleMeta, meta_row
from reader.corpus.gram_index import BuildCancelled, GramIndex
from reader.corpus.library_db import FIELDS, VERSION, connect
from reader.corpus.library_index import haystack, sort_metas

CHUNK = 5000  # rows per insert: progress steps
VALUED = ("source", "published", "author")  # the haystack's fields between title and id, in order
VALUES_MAX = 65536  # distinct values of a field held as value sets (and in memory once open)
_DENSE_SHARE = 32  # a value on at least 1/32 of the rows keeps 0/1 bytes (zlib), else row ids

_SCHEMA = f"""
CREATE TABLE info(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE articles(rowid INTEGER PRIMARY KEY, {FIELDS.replace(", words,", ", words INTEGER,")});
CREATE TABLE orders(sort TEXT PRIMARY KEY, rowids BLOB) WITHOUT ROWID;
CREATE TABLE grams(gram TEXT PRIMARY KEY, dense INTEGER, data BLOB) WITHOUT ROWID;
CREATE TABLE fieldvalues(rowid INTEGER PRIMARY KEY, value TEXT, dense INTEGER, data BLOB);
CREATE UNIQUE INDEX articles_id ON articles(id);
CREATE VIRTUAL TABLE hay USING fts5(folded, tokenize='trigram case_sensitive 1', detail=full);
"""


def build(
    target: Path,
    signature: str,
    metas: Sequence[ArticleMeta],
    warnings: list[str],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Write the index of ``metas`` (corpus order) to ``target``, atomically.

    Returns without writing when ``cancelled()`` turns true. ``progress(done, total)`` counts
    the rows written, then the rows put in the gram sets (``total`` is twice the rows).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_orphans(target)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with suppress(FileNotFoundError):
        temp.unlink()
    total = len(metas)
    hays = [haystack(m) for m in metas]
    values, texts = _field_values(metas)

    def grams_done(done: int, _: int) -> None:
        if progress is not None:  # the rows are the first half of the work, the gram sets the second
            progress(total + done, 2 * total)

    try:
        with closing(connect(temp)) as con:
            con.execute("PRAGMA journal_mode=OFF")  # the file is renamed into place only when complete
            con.execute("PRAGMA synchronous=OFF")
            con.executescript(_SCHEMA)
            con.execute("BEGIN")
            con.execute("DROP INDEX articles_id")  # made once the rows are in: quicker than kept up row by row
            for start in range(0, total, CHUNK):
                if cancelled():
                    return
                chunk = metas[start : start + CHUNK]
                con.executemany(
                    f"INSERT INTO articles(rowid, {FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(start + i, *meta_row(meta)) for i, meta in enumerate(chunk)],
                )
                con.executemany(
                    "INSERT INTO hay(rowid, folded) VALUES (?, ?)",
                    enumerate(texts[start : start + CHUNK], start),
                )
                if progress is not None:
                    progress(min(total, start + CHUNK), 2 * total)
            con.execute("CREATE UNIQUE INDEX articles_id ON articles(id)")
            position = {meta.id: i for i, meta in enumerate(metas)}
            for sort in ("date", "title"):
                order = array("i", [position[m.id] for m in sort_metas(list(metas), sort)])
                con.execute("INSERT INTO orders VALUES (?, ?)", (sort, order.tobytes()))
            del position
            try:
                index = GramIndex.build(hays, cancelled, grams_done)
            except BuildCancelled:
                return
            con.executemany(
                "INSERT INTO grams VALUES (?, 1, ?)",
                ((g, bits.to_bytes((total + 7) // 8, "big")) for g, bits in index.dense.items()),
            )
            con.executemany("INSERT INTO grams VALUES (?, 0, ?)", ((g, a.tobytes()) for g, a in index.sparse.items()))
            del index
            con.executemany(
                "INSERT INTO fieldvalues(value, dense, data) VALUES (?, ?, ?)",
                (_value_row(value, rows, total) for value, rows in values.items()),
            )
            info = {"version": VERSION, "signature": signature, "warnings": json.dumps(warnings)}
            con.executemany("INSERT INTO info VALUES (?, ?)", info.items())
            con.execute("INSERT INTO hay(hay) VALUES ('optimize')")
            con.execute("COMMIT")
        if cancelled():
            return
        os.replace(temp, target)
    finally:
        with suppress(FileNotFoundError):
            temp.unlink()


def _field_values(metas: Sequence[ArticleMeta]) -> tuple[dict[str, array], list[str]]:
    """The row ids of each casefolded value of the fields with few values (``VALUED``), and what
    the trigram table gets for each row: title, the other fields, id (casefolded, one a line)."""
    values: dict[str, array] = {}
    texts: list[list[str]] = [[m.title.casefold()] for m in metas]
    for field in VALUED:
        column = [str(getattr(m, field)).casefold() for m in metas]
        held: dict[str, array] = {}
        for rowid, value in enumerate(column):
            found = held.get(value)
            if found is None:
                found = held[value] = array("I")
            found.append(rowid)
            if len(held) > VALUES_MAX:
                break
        if len(held) > VALUES_MAX:
            deque(map(list.append, texts, column), 0)
            continue
        for value, rows in held.items():
            values.setdefault(value, array("I")).extend(rows)  # the same value in two fields: one set
    for text, meta in zip(texts, metas, strict=True):
        text.append(meta.id.casefold())
    return values, ["\n".join(text) for text in texts]


def _value_row(value: str, rows: array, total: int) -> tuple[str, int, bytes]:
    if len(rows) * _DENSE_SHARE < total:
        return value, 0, rows.tobytes()
    chosen = bytearray(total)
    deque(map(chosen.__setitem__, rows, repeat(1)), 0)
    return value, 1, zlib.compress(chosen, 1)


def remove_orphans(target: Path) -> None:
    """Delete the temporary files of builds of ``target`` whose process is gone.

    Why: a build killed with SIGKILL (or a power cut) never reaches its clean-up, and its
    temporary file is the size of a whole index (hundreds of MB at a million articles).
    A file whose process still runs is another newsdesk building the same index: kept.
    """
    for temp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = temp.name[len(target.name) + 2 : -len(".tmp")]
        if pid.isdigit() and not _running(int(pid)):
            with suppress(OSError):
                temp.unlink()


def _running(pid: int) -> bool:
    if os.name == "nt":  # there os.kill ends the process: never asked
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or a number no process has: left alone
    return True
