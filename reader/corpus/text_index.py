"""The full-text index: which articles' texts hold the library filter, answered from disk.

Why: without it each full-text search re-reads every article of the corpus. The index is
an SQLite FTS5 table (Python's own ``sqlite3``), one file per corpus in
``paths.cache_dir()/text/``, built once in the background and then brought up to date
article by article.

Choices, measured on the benchmark corpus (bench/README.md, "full-text index"):

* a word index (``unicode61``, accents removed), not the ``trigram`` tokenizer: a trigram
  index with positions is several times the size of the text itself and several times
  slower to build, and without positions it cannot answer a phrase. So a query matches
  the texts holding its words in sequence, the last word as a prefix ("khan youn" finds
  "Khan Younis"), case and accents ignored;
* contentless (``content=''``): the texts stay where the corpus keeps them. This SQLite
  cannot delete a row of a contentless table, so a changed article gets a new row id and
  its old rows are left unreachable (``docs`` no longer names them); when unreachable rows
  outnumber live ones the index starts again;
* each article is recorded with a stamp: its file's size and modification time (for a
  JSONL file, the whole file's), or a digest of its text when it has no file (a feed read
  from the web). An unchanged stamp means the article is not read again;
* common prefixes answered from stored sets (``reader.corpus.common_prefixes``): a query
  that begins a word in much of the corpus reads its stored answer, and asks FTS5 only
  about the rows indexed since.

A corrupt, foreign or older index file is deleted and built again; ``notice`` says so in
one line. No UI imports.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from array import array
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, suppress
from itertools import compress, repeat
from pathlib import Path

from reader.core import paths
from reader.core.article import ArticleMeta, text_sha256
from reader.core.errors import UserError
from reader.corpus import common_prefixes

VERSION = "1"
RECENT_ANSWERS = 8  # full-text answers kept for Backspace, one byte per article each
CHUNK = 2000  # articles per transaction: progress steps, and what a cancel or a crash loses at most
Progress = Callable[[int, int], None]

_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS info(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS docs(rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, stamp TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS body USING fts5(
    text, content='', columnsize=0, tokenize='unicode61 remove_diacritics 2');
"""
    + common_prefixes.SCHEMA
)
# Fewer, larger merges while articles stream in (each transaction writes one segment): the build
# is FTS5's own b-tree work, so this is where its time goes.
_MERGING = """
INSERT INTO body(body, rank) VALUES ('automerge', 8);
INSERT INTO body(body, rank) VALUES ('crisismerge', 64);
"""


class IndexCancelled(Exception):
    """The corpus changed or the app is closing: what was indexed so far is kept."""


def index_file(corpus_name: str) -> Path:
    """Where the index of the corpus opened as ``corpus_name`` lives (one file per corpus)."""
    key = corpus_name if paths.is_url(corpus_name) or corpus_name.startswith("seeds") else os.path.abspath(corpus_name)
    return paths.cache_dir() / "text" / f"{paths.cache_name('text' + chr(0) + key)}.sqlite"


def fts_query(query: str) -> str | None:
    """The FTS5 expression for what the user typed: its words as a phrase, the last a prefix.

    None when the query holds no word at all (only punctuation or spaces).
    """
    if not any(ch.isalnum() for ch in query):
        return None
    phrase = '"' + query.replace('"', '""') + '"'
    return phrase + " *" if query.rstrip()[-1:].isalnum() and query == query.rstrip() else phrase


class TextIndex:
    """An FTS5 word index over the texts of one corpus, kept in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: str | None = None  # one line when the file had to be built again
        self.complete = False  # every article of the last ``update`` is indexed
        self._lock = threading.Lock()
        self._map: tuple[tuple[str, int], array] | None = None  # see ``rowid_map``
        self._offset: int | None = None  # see ``_run_offset``
        self.common: frozenset[str] = frozenset()  # prefixes whose stored sets cover every indexed row
        self._recent: OrderedDict[tuple[str, str, int], bytes | None] = OrderedDict()

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")  # a cache: a crash may lose the last chunk, never corrupt it
        return con

    def _open(self) -> sqlite3.Connection:
        """A connection to a usable index file: made, or deleted and made again when broken."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = self._connect()
            con.executescript(_SCHEMA + _MERGING)
            row = con.execute("SELECT value FROM info WHERE key='version'").fetchone()
            if row is None:
                if con.execute("SELECT count(*) FROM docs").fetchone()[0]:
                    raise sqlite3.DatabaseError("no version")
                con.execute("INSERT INTO info VALUES ('version', ?)", (VERSION,))
            elif row[0] != VERSION:
                raise sqlite3.DatabaseError(f"version {row[0]}, expected {VERSION}")
            con.execute("SELECT count(*) FROM body WHERE body MATCH 'x'").fetchone()
            return con
        except sqlite3.DatabaseError as err:
            with suppress(NameError):
                con.close()
            self.notice = f"{self.path}: full-text index unreadable ({err}), building it again"
            self._remove()
            con = self._connect()
            con.executescript(_SCHEMA + _MERGING)
            con.execute("INSERT INTO info VALUES ('version', ?)", (VERSION,))
            return con

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with suppress(FileNotFoundError):
                os.remove(f"{self.path}{suffix}")

    def update(
        self,
        metas: Iterable[ArticleMeta],
        read: Callable[[ArticleMeta], str],
        *,
        total: int = 0,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        signature: str | None = None,
    ) -> int:
        """Index every article of ``metas`` whose stamp changed; the number (re)indexed.

        ``read(meta)`` gives an article's text (the corpus's loader); an article it cannot
        read is left out. Call it on a worker thread. Raises ``IndexCancelled`` when
        ``cancelled()`` turns true (the chunks done so far are kept). ``signature``: what the
        corpus's files looked like (``reader.corpus.library_db.corpus_signature``); when the last
        complete update saw the same, nothing can have changed and no article is looked at.
        """
        with self._lock, closing(self._open()) as con:
            if signature is not None:
                seen = con.execute("SELECT value FROM info WHERE key='corpus'").fetchone()
                if seen is not None and seen[0] == signature:
                    self.complete = True
                    return 0
                con.execute("DELETE FROM info WHERE key='corpus'")
            self._start_again_if_mostly_dead(con)
            stamps = _Stamps()
            done = indexed = 0
            for chunk in _chunks(metas, CHUNK):
                if cancelled():
                    raise IndexCancelled
                marks = ",".join("?" * len(chunk))
                known = dict(con.execute(f"SELECT id, stamp FROM docs WHERE id IN ({marks})", [m.id for m in chunk]))
                rows: list[tuple[str, str, str]] = []
                for meta in chunk:
                    stamp = stamps.of(meta)
                    if stamp is not None and known.get(meta.id) == stamp:
                        continue
                    try:
                        text = read(meta)
                    except UserError:
                        continue
                    stamp = stamp or "text:" + text_sha256(text)
                    if known.get(meta.id) != stamp:
                        rows.append((meta.id, stamp, text))
                if rows:
                    self._recent.clear()
                    self.common = frozenset()  # until ``count_common`` makes the sets again
                    indexed += self._write(con, rows)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
            if signature is not None:
                con.execute("INSERT INTO info VALUES ('corpus', ?)", (signature,))
            self.complete = True
            return indexed

    def _write(self, con: sqlite3.Connection, rows: list[tuple[str, str, str]]) -> int:
        """Write ``rows`` (id, stamp, text) but those another writer (another app on the same
        corpus) indexed with the same stamp since they were read; the number written."""
        con.execute("BEGIN IMMEDIATE")
        try:
            marks = ",".join("?" * len(rows))
            known = dict(con.execute(f"SELECT id, stamp FROM docs WHERE id IN ({marks})", [r[0] for r in rows]))
            rows = [row for row in rows if known.get(row[0]) != row[1]]
            replaced = [(article_id,) for article_id, _, _ in rows if article_id in known]
            if replaced:
                con.executemany("DELETE FROM docs WHERE id = ?", replaced)
                con.execute(
                    "INSERT INTO info VALUES ('dead', ?) ON CONFLICT(key) DO UPDATE SET value = value + ?",
                    (len(replaced), len(replaced)),
                )
            for article_id, stamp, text in rows:
                rowid = con.execute("INSERT INTO docs(id, stamp) VALUES (?, ?)", (article_id, stamp)).lastrowid
                con.execute("INSERT INTO body(rowid, text) VALUES (?, ?)", (rowid, text))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return len(rows)

    def count_common(self, cancelled: Callable[[], bool] = lambda: False) -> int:
        """Store the answers of the common prefixes (see the module docstring), and list them
        in ``common``; the number of sets made, 0 when those stored cover every row already.
        Call it on a worker thread, after ``update``; searches meanwhile ask FTS5 (about the
        rows indexed after a set, FTS5 still merges all of a prefix's words, so the sets are
        made again after any change). Raises ``IndexCancelled``."""
        with self._lock, closing(self._open()) as con:
            upto = common_prefixes.last_rowid(con)
            known = common_prefixes.stored_prefixes(con, upto)
            if known is not None:
                self.common = known
                return 0
            made = common_prefixes.make_sets(con, upto, fts_query, cancelled)
            if cancelled():
                raise IndexCancelled
            common_prefixes.store_sets(con, made, upto)
            self.common = frozenset(p for _, prefixes in made for p in prefixes)
            return len(made)

    def _start_again_if_mostly_dead(self, con: sqlite3.Connection) -> None:
        """Unreachable rows (of changed articles) outnumber live ones: empty the index, to be refilled."""
        row = con.execute("SELECT value FROM info WHERE key='dead'").fetchone()
        live = con.execute("SELECT count(*) FROM docs").fetchone()[0]
        if row is not None and int(row[0]) > max(live, CHUNK):
            con.executescript("DROP TABLE body; DELETE FROM docs; DELETE FROM info WHERE key = 'dead';")
            con.executescript(common_prefixes.FORGET)
            con.executescript(_SCHEMA + _MERGING)

    def search(self, query: str) -> list[str]:
        """Ids of the indexed articles whose text holds ``query`` (see ``fts_query``)."""
        expression = fts_query(query)
        if expression is None or not self.path.exists():
            return []
        try:
            with closing(self._connect()) as con:
                return [
                    row[0]
                    for row in con.execute(
                        "SELECT docs.id FROM body JOIN docs ON docs.rowid = body.rowid WHERE body MATCH ?",
                        (expression,),
                    )
                ]
        except sqlite3.Error:
            return []  # an expression FTS5 refuses, or a file broken meanwhile (rebuilt on the next open)

    def search_selectors(self, query: str, library: Path, size: int) -> bytes | None:
        """Like ``search``, as one 0/1 byte per row id of the library index at ``library``
        (``size`` rows); None when nothing matches. Row ids come through ``rowid_map``."""
        expression = fts_query(query)
        if expression is None or not self.path.exists():
            return None
        key = (expression, f"{library}:{library.stat().st_mtime_ns if library.exists() else 0}", size)
        # Asked from the UI thread (stored sets) and a search worker: no test-then-act on the cache.
        with suppress(KeyError):  # Backspace back to a query already asked
            self._recent.move_to_end(key)
            return self._recent[key]
        self._recent[key] = answer = self._selectors(expression, query, library, size)
        with suppress(KeyError):
            while len(self._recent) > RECENT_ANSWERS:
                self._recent.popitem(last=False)
        return answer

    def _selectors(self, expression: str, query: str, library: Path, size: int) -> bytes | None:
        mapping = self.rowid_map(library)
        key = common_prefixes.common_key(query)
        try:
            with closing(self._connect()) as con:
                con.execute("BEGIN")  # one snapshot: the stored set and the rows indexed after it
                stored, upto = common_prefixes.stored_set(con, key) if key is not None else (b"", -1)
                found = []
                if common_prefixes.last_rowid(con) > upto:  # FTS5 merges a prefix's words whatever rows are asked
                    # One JSON array built in SQLite and parsed by the json module, both in C: fetching
                    # a row at a time costs a Python object per hit, and a word can be in every article.
                    sql = "SELECT json_group_array(rowid) FROM body WHERE body MATCH ? AND rowid > ?"
                    found = json.loads(con.execute(sql, (expression, upto)).fetchone()[0])
                con.execute("COMMIT")
        except (sqlite3.Error, ValueError, TypeError, zlib.error):
            return None
        if not found and 1 not in stored:
            return None
        if max(found[-1] if found else 0, len(stored) - 1) >= len(mapping):  # indexed since the map was made
            self._map = None
            mapping = self.rowid_map(library)
        chosen = bytearray(size + 1)  # the last byte takes the hits of articles the library does not list
        offset = self._offset
        if offset is not None:  # the usual case: the library's rows are a run of the index's, in order
            part = stored[offset : min(offset + size, len(mapping))]
            chosen[: len(part)] = part
        else:
            found = [*compress(range(len(mapping)), stored), *found]
        deque(map(chosen.__setitem__, map(mapping.__getitem__, found), repeat(1)), 0)
        return bytes(chosen[:size])

    def rowid_map(self, library: Path) -> array:
        """Index row id -> library row id (-1: an article the library does not list), made once
        per library file and kept: the join is done once, not on every search."""
        key = (str(library), library.stat().st_mtime_ns if library.exists() else 0)
        if self._map is not None and self._map[0] == key:
            return self._map[1]
        mapping = array("i")
        try:
            with closing(self._connect()) as con:
                top = con.execute("SELECT max(rowid) FROM docs").fetchone()[0]
                # Stored for the next open, named by what it was made from. Row ids only grow
                # (AUTOINCREMENT), and every change writes a new row, so the top one names the
                # rows; a count would read every row of the table from disk.
                made_from = "\0".join(map(str, (*key, top)))
                stored = _stored_map(con, made_from)
                if stored is not None:
                    mapping = stored
                else:
                    mapping = array("i", [-1]) * ((top or 0) + 1)
                    con.execute("ATTACH DATABASE ? AS lib", (str(library),))
                    rows = con.execute("SELECT docs.rowid, a.rowid FROM docs JOIN lib.articles a ON a.id = docs.id")
                    for text_rowid, library_rowid in rows:
                        mapping[text_rowid] = library_rowid
                    con.execute("DETACH DATABASE lib")
                    _store_map(con, made_from, mapping)
        except sqlite3.Error:
            mapping = array("i")
        self._map = (key, mapping)
        self._offset = _run_offset(mapping)
        return mapping


def _stored_map(con: sqlite3.Connection, made_from: str) -> array | None:
    """The row id map stored by an earlier open from the same library and docs, if any.

    Why stored: making it joins every article's id (seconds at a million articles: bench/README),
    and until it is made a full-text filter reads the texts instead of the index."""
    try:
        row = con.execute("SELECT data FROM rowidmap WHERE key = ?", (made_from,)).fetchone()
    except sqlite3.OperationalError:  # an index written before the table existed
        return None
    if row is None:
        return None
    mapping = array("i")
    try:
        mapping.frombytes(row[0])
    except (TypeError, ValueError):  # not a whole number of row ids: made again
        return None
    return mapping


def _store_map(con: sqlite3.Connection, made_from: str, mapping: array) -> None:
    """Keep ``mapping`` (the only one kept) for the next open; a cache: a failure is no harm."""
    with suppress(sqlite3.Error):
        con.execute("CREATE TABLE IF NOT EXISTS rowidmap(key TEXT PRIMARY KEY, data BLOB) WITHOUT ROWID")
        con.execute("BEGIN IMMEDIATE")
        con.execute("DELETE FROM rowidmap")
        con.execute("INSERT INTO rowidmap VALUES (?, ?)", (made_from, mapping.tobytes()))
        con.execute("COMMIT")


def _run_offset(mapping: array) -> int | None:
    """Where library row 0 sits among the index's row ids when every listed article follows
    it in order (library row ``i`` is index row ``offset + i``), else None. So it is after a
    first build, and after a whole JSONL file is indexed again: a stored set is then a slice."""
    try:
        offset = mapping.index(0)
    except ValueError:
        return None
    if mapping[:offset].count(-1) != offset or mapping[offset:] != array("i", range(len(mapping) - offset)):
        return None
    return offset


class _Stamps:
    """Article stamps from file sizes and times, one ``stat`` per file (a JSONL holds many)."""

    def __init__(self) -> None:
        self._files: dict[str, str | None] = {}

    def of(self, meta: ArticleMeta) -> str | None:
        """The stamp of ``meta``'s file, or None when it has none (its text's digest is used)."""
        path, sep, offset = meta.location.rpartition("#")
        if not (sep and offset.isdigit()):
            path = meta.location
        if not path or paths.is_url(path):
            return None
        if path not in self._files:
            try:
                st = os.stat(path)
                self._files[path] = f"{st.st_size}:{st.st_mtime_ns}"
            except OSError:
                self._files[path] = None
        stamp = self._files[path]
        return None if stamp is None else f"{stamp}:{meta.location}"


def _chunks(items: Iterable[ArticleMeta], size: int) -> Iterator[list[ArticleMeta]]:
    chunk: list[ArticleMeta] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
