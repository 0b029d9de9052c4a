"""The library index on disk: every article's row, its sort orders and the metadata filter.

Why: a corpus of a million articles does not fit in memory as ``ArticleMeta`` records, and
scanning it again on every open takes minutes. After the first open of a folder or a
JSONL file its rows live in one SQLite file (Python's own ``sqlite3``) in
``paths.cache_dir()/library/``; the next open with an unchanged corpus (same listing of
files, sizes and modification times) reads no article at all and loads only what the
screen shows. In memory stay the sort orders (one 4-byte row number per article each)
and the rows on screen.

* rows: ``articles``, row id = position in corpus order;
* sort orders: the row ids in date and title order, computed once with the library's own
  keys (``reader.corpus.library_index``) and stored as arrays;
* the filter: a query of one or two characters is answered by its stored gram (a bit set or
  the rows holding it, ``reader.corpus.gram_index``), one read; a longer one by an FTS5
  ``trigram`` table over each article's casefolded title and id, where a phrase of trigrams is
  exactly a substring test, and by the values of its source, date and author: a field with
  few distinct values (``VALUES_MAX``) stores the rows of each value, and the values holding
  the query are found in memory (a corpus has a few sources and dates and many articles of
  each, so a query such as "courier" is not a walk over the trigram table's rows of all of
  them). A field with more values goes into the trigram table with the title. Answers are
  0/1 selector bytes per row id, put in a sort order only as far as the screen asks
  (``ArticleRows``), so no Python code runs per article.

The file is written whole (temp file, then an atomic rename) from a complete scan, so a
reader never sees half an index; a corrupt, foreign or older file is deleted and built again
(``notice`` says so in one line). No UI imports.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sqlite3
import threading
import zlib
from array import array
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, suppress
from itertools import compress, repeat
from pathlib import Path
from typing import overload

from reader.core import paths
from reader.core.article import ArticleMeta, meta_row
from reader.corpus.cache import walk_articles
from reader.corpus.gram_index import BuildCancelled, GramIndex
from reader.corpus.library_index import haystack, sort_metas

VERSION = "3"  # 2: grams; 3: field values
CHUNK = 5000  # rows per insert: progress steps
_FIELDS = "id, title, source, published, url, author, words, location"
_ROWS_KEPT = 4096  # rows fetched for the screen and kept for the next paint
VALUED = ("source", "published", "author")  # the haystack's fields between title and id, in order
VALUES_MAX = 65536  # distinct values of a field held as value sets (and in memory once open)
_DENSE_SHARE = 32  # a value on at least 1/32 of the rows keeps 0/1 bytes (zlib), else row ids

_SCHEMA = f"""
CREATE TABLE info(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE articles(rowid INTEGER PRIMARY KEY, {_FIELDS.replace(", words,", ", words INTEGER,")});
CREATE TABLE orders(sort TEXT PRIMARY KEY, rowids BLOB) WITHOUT ROWID;
CREATE TABLE grams(gram TEXT PRIMARY KEY, dense INTEGER, data BLOB) WITHOUT ROWID;
CREATE TABLE fieldvalues(rowid INTEGER PRIMARY KEY, value TEXT, dense INTEGER, data BLOB);
CREATE UNIQUE INDEX articles_id ON articles(id);
CREATE VIRTUAL TABLE hay USING fts5(folded, tokenize='trigram case_sensitive 1', detail=full);
"""


class IndexBroken(Exception):
    """The index file cannot be used (corrupt, foreign, older); the message says why."""


def index_path(corpus_path: str | Path) -> Path:
    """Where the library index of the corpus at ``corpus_path`` lives."""
    name = paths.cache_name("library" + chr(0) + os.path.abspath(corpus_path))
    return paths.cache_dir() / "library" / f"{name}.sqlite"


def corpus_signature(corpus_path: str | Path) -> str | None:
    """What the library index of this corpus was built from: a digest of its files' names,
    sizes and modification times. None for a corpus this index does not serve (a feed, one
    article file)."""
    target = Path(corpus_path).expanduser()
    try:
        if target.is_dir():
            root = target.resolve()
            parts: list[object] = walk_articles(root)
            with suppress(OSError):
                st = (root / "metadata.yaml").stat()
                parts.append(("metadata.yaml", st.st_size, st.st_mtime_ns))
        elif target.suffix.lower() == ".jsonl" and target.is_file():
            st = target.stat()
            parts = [str(target.resolve()), st.st_size, st.st_mtime_ns]
        else:
            return None
    except OSError:
        return None
    return hashlib.sha256(json.dumps(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)


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
        with closing(_connect(temp)) as con:
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
                    f"INSERT INTO articles(rowid, {_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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


class LibraryDb:
    """An open library index: rows, sort orders and the metadata filter."""

    def __init__(self, path: Path) -> None:
        """Open ``path``; raises ``IndexBroken`` when it is not a usable index."""
        self.path = path
        self._lock = threading.Lock()  # one connection, asked by the UI thread and by workers
        try:
            self._con = _connect(path)
            info = dict(self._con.execute("SELECT key, value FROM info"))
            if info.get("version") != VERSION:
                raise IndexBroken(f"version {info.get('version')}, expected {VERSION}")
            self.signature = info.get("signature", "")
            self.warnings: list[str] = json.loads(info.get("warnings", "[]"))
            self.size = self._con.execute("SELECT max(rowid) FROM articles").fetchone()[0]
            self.size = 0 if self.size is None else self.size + 1
            self._orders: dict[str, array] = {"corpus": array("i", range(self.size))}
            for sort, blob in self._con.execute("SELECT sort, rowids FROM orders"):
                self._orders[sort] = array("i", blob)
            if any(len(order) != self.size for order in self._orders.values()):
                raise IndexBroken("sort orders of another size")
            self._values = self._con.execute("SELECT rowid, value FROM fieldvalues").fetchall()
        except (sqlite3.Error, ValueError, TypeError) as err:
            self.close()
            raise IndexBroken(str(err)) from None
        except IndexBroken:
            self.close()
            raise
        self._rows: OrderedDict[int, ArticleMeta] = OrderedDict()

    @classmethod
    def open_current(cls, corpus_path: str | Path, signature: str) -> tuple[LibraryDb | None, str | None]:
        """(the index of this corpus when it was built from ``signature``, a notice when its
        file was broken and is deleted); (None, None) when there is none or it is out of date."""
        path = index_path(corpus_path)
        if not path.exists():
            return None, None
        try:
            db = cls(path)
        except IndexBroken as err:
            with suppress(OSError):
                path.unlink()
            return None, f"{path}: library index unreadable ({err}), building it again"
        if db.signature != signature:
            db.close()
            return None, None
        return db, None

    def close(self) -> None:
        con = getattr(self, "_con", None)
        if con is not None:
            con.close()
            self._con = None  # type: ignore[assignment]

    # ----- rows ----------------------------------------------------------------------------
    def rows(self, sort: str = "corpus") -> ArticleRows:
        """Every article in ``sort`` order ("date", "title", "corpus")."""
        return ArticleRows(self, self._orders.get(sort, self._orders["corpus"]))

    def metas(self, rowids: Sequence[int]) -> list[ArticleMeta]:
        """The rows with these ids, in this order (fetched in one query, kept for the next paint)."""
        with self._lock:
            rows = self._rows
            missing = [r for r in rowids if r not in rows]
            fetched: dict[int, ArticleMeta] = {}
            for start in range(0, len(missing), 500):
                part = missing[start : start + 500]
                marks = ",".join("?" * len(part))
                for rowid, *fields in self._con.execute(
                    f"SELECT rowid, {_FIELDS} FROM articles WHERE rowid IN ({marks})", part
                ):
                    fetched[rowid] = rows[rowid] = ArticleMeta(*fields)
            while len(rows) > _ROWS_KEPT:
                rows.popitem(last=False)
            return [found for r in rowids if (found := rows.get(r) or fetched.get(r)) is not None]

    def rowid(self, article_id: str) -> int | None:
        with self._lock:
            row = self._con.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else row[0]

    def rowids(self, article_ids: Sequence[str]) -> list[int]:
        """Row ids of these article ids (those the corpus holds)."""
        found: list[int] = []
        for start in range(0, len(article_ids), 500):
            part = list(article_ids[start : start + 500])
            marks = ",".join("?" * len(part))
            with self._lock:
                found.extend(r for (r,) in self._con.execute(f"SELECT rowid FROM articles WHERE id IN ({marks})", part))
        return found

    # ----- the filter ------------------------------------------------------------------------
    def matching(self, query: str) -> bytes:
        """One 0/1 byte per row id: does its haystack (casefolded metadata) hold ``query``
        (already casefolded)? One or two characters: the stored gram; more: the trigram table
        and the field values holding it (a query with a line break, which the one-line filter
        cannot take, is tested against each row's haystack)."""
        if len(query) <= 2:
            return self._gram(query)
        if "\n" in query:
            return self._scan(query)
        phrase = '"' + query.replace('"', '""') + '"'
        wanted = [rowid for rowid, value in self._values if query in value]
        with self._lock:  # one JSON array made and parsed in C: no Python object per row fetched
            found = self._con.execute("SELECT json_group_array(rowid) FROM hay WHERE hay MATCH ?", (phrase,))
            chosen = self.selectors(json.loads(found.fetchone()[0]))
            sets = []
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                sets += self._con.execute(f"SELECT dense, data FROM fieldvalues WHERE rowid IN ({marks})", part)
        merged = 0
        for dense, data in sets:
            if dense:
                merged |= int.from_bytes(zlib.decompress(data), "big")
            else:
                rows = array("I")
                rows.frombytes(data)
                deque(map(chosen.__setitem__, rows, repeat(1)), 0)
        if merged:
            return (merged | int.from_bytes(chosen, "big")).to_bytes(self.size, "big")
        return chosen

    def _scan(self, query: str) -> bytearray:
        with self._lock:
            rows = self._con.execute("SELECT rowid, id, title, source, published, author FROM articles").fetchall()
        fields = ("id", "title", "source", "published", "author")
        hits = (r for r, *values in rows if query in haystack(ArticleMeta(**dict(zip(fields, values, strict=True)))))
        return self.selectors(hits)

    def matching_rowids(self, query: str) -> array:
        """Row ids whose haystack holds ``query``, in corpus order."""
        return array("i", compress(self._orders["corpus"], self.matching(query)))

    def _gram(self, gram: str) -> bytes:
        with self._lock:
            row = self._con.execute("SELECT dense, data FROM grams WHERE gram = ?", (gram,)).fetchone()
        if row is None:
            return bytes(self.size)
        dense, data = row
        if dense:
            bits = int.from_bytes(data, "big")
            return format(bits, f"0{self.size}b").encode("ascii").translate(_BITS_TO_SELECTORS)
        positions = array("I")
        positions.frombytes(data)
        return self.selectors(positions)

    def selectors(self, rowids: Iterable[int]) -> bytearray:
        """One 0/1 byte per row id: 1 for those of ``rowids``."""
        chosen = bytearray(self.size)
        deque(map(chosen.__setitem__, rowids, repeat(1)), 0)
        return chosen

    def select(self, sort: str, *selectors: bytes | bytearray) -> ArticleRows:
        """The rows chosen by any of ``selectors`` (0/1 per row id), in ``sort`` order.

        Nothing is put in order here: the rows are listed as far as they are asked for (see
        ``ArticleRows``), so a keystroke costs a byte count, not a pass over the sort order.
        """
        chosen = selectors[0] if selectors else bytes(self.size)
        if len(selectors) > 1:  # 0/1 bytes: a bytewise OR is an OR of the integers they spell
            merged = 0
            for part in selectors:
                merged |= int.from_bytes(part, "big")
            chosen = merged.to_bytes(self.size, "big")
        return ArticleRows(self, self._orders.get(sort, self._orders["corpus"]), bytes(chosen))


_BITS_TO_SELECTORS = bytes.maketrans(b"01", b"\x00\x01")
_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")
_LISTED_STEP = 4096  # order entries looked at first; doubled each time more rows are wanted


class ArticleRows(Sequence[ArticleMeta]):
    """Articles listed from the index: row ids in memory, rows fetched when asked for.

    A filtered listing keeps the sort order and the filter's 0/1 byte per row id, and puts
    the chosen row ids in order only as far as they are asked for: the screen draws the first
    rows and shows the count (a byte count), so a keystroke does not pass over the whole
    order; scrolling down lists more.
    """

    def __init__(self, db: LibraryDb, order: array, chosen: bytes | None = None) -> None:
        self.db = db
        self._order = order
        self._chosen = chosen  # None: every row of ``order``
        self._count = len(order) if chosen is None else chosen.count(1)
        self._listed = order if chosen is None else array("i")
        self._scanned = 0  # how much of ``order`` went into ``_listed``

    def _list_until(self, count: int) -> None:
        """Put chosen row ids in order until ``count`` are (or the order is done)."""
        chosen, order = self._chosen, self._order
        step = _LISTED_STEP
        while len(self._listed) < count and chosen is not None and self._scanned < len(order):
            part = order[self._scanned : self._scanned + step]
            self._listed.extend(compress(part, map(chosen.__getitem__, part)))
            self._scanned += len(part)
            step *= 2

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> ArticleMeta: ...
    @overload
    def __getitem__(self, index: slice) -> list[ArticleMeta]: ...
    def __getitem__(self, index: int | slice) -> ArticleMeta | list[ArticleMeta]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            self._list_until(stop if step == 1 else self._count)
            return self.db.metas(self._listed[start:stop:step])
        if not -self._count <= index < self._count:
            raise IndexError(index)
        index %= self._count
        self._list_until(index + 1)
        rowid = self._listed[index]
        found = self.db._rows.get(rowid)
        if found is not None:
            return found
        start = max(0, index - 32)
        self._list_until(start + 128)
        self.db.metas(self._listed[start : start + 128])  # the rows around it: the screen asks for them next
        return self.db.metas([rowid])[0]

    def __iter__(self) -> Iterator[ArticleMeta]:
        for start in range(0, self._count, 500):
            self._list_until(start + 500)
            yield from self.db.metas(self._listed[start : start + 500])

    def index_of(self, article_id: str) -> int | None:
        """Where the article is listed, or None."""
        rowid = self.db.rowid(article_id)
        chosen = self._chosen
        if rowid is None or (chosen is not None and not chosen[rowid]):
            return None
        try:
            place = self._order.index(rowid)
        except ValueError:
            return None
        if chosen is None:
            return place
        return bytes(map(chosen.__getitem__, self._order[:place])).count(1)  # chosen rows before it

    def keep(self, rowids: Sequence[int], *, inside: bool) -> ArticleRows:
        """These rows narrowed to those in ``rowids`` (``inside``) or not in them."""
        chosen = self.db.selectors(rowids)
        if not inside:
            chosen = chosen.translate(_FLIP)
        if self._chosen is not None:
            chosen = (int.from_bytes(chosen, "big") & int.from_bytes(self._chosen, "big")).to_bytes(len(chosen), "big")
        return ArticleRows(self.db, self._order, bytes(chosen))
