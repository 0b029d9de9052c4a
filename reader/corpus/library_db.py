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

The file is written whole (temp file, then an atomic rename) from a complete scan
(``reader.corpus.library_build``), so a reader never sees half an index; a corrupt, foreign
or older file is deleted and built again (``notice`` says so in one line). No UI imports.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import zlib
from array import array
from collections import OrderedDict, deque
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import replace
from itertools import compress, repeat
from pathlib import Path

from reader.core import paths
from reader.core.article import ArticleMeta
from reader.corpus.article_rows import ArticleRows
from reader.corpus.cache import walk_articles
from reader.corpus.library_index import date_sort_key, haystack, is_sortable_date, sort_metas, title_sort_key

# 2: grams; 3: field values; 4: dates that are not ISO sort last; 5: JSONL text fields are strings;
# 6: a JSONL id is a string or an integer; 7: front matter and metadata.yaml values as written, and
# metadata.yaml takes date: and any case, as front matter does; 8: Chinese and Japanese word counts
VERSION = "8"
FIELDS = "id, title, source, published, url, author, words, location"
_ROWS_KEPT = 4096  # rows fetched for the screen and kept for the next paint


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


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)


class LibraryDb:
    """An open library index: rows, sort orders and the metadata filter."""

    def __init__(self, path: Path) -> None:
        """Open ``path``; raises ``IndexBroken`` when it is not a usable index."""
        self.path = path
        self._lock = threading.Lock()  # one connection, asked by the UI thread and by workers
        try:
            self._con = connect(path)
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
        self._moved: dict[int, ArticleMeta] = {}  # row id -> the row as the analyst corrected it
        self._placed: dict[str, array] = {}  # sort -> its order with the corrected rows moved

    def use_corrections(self, corrected: dict[str, dict[str, str]]) -> None:
        """Sort and filter these articles (id -> title, source, published as corrected) by
        their corrections from now on; the stored orders and filter serve every other row."""
        moved: dict[int, ArticleMeta] = {}
        ids = list(corrected)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            with self._lock:
                rows = self._con.execute(f"SELECT rowid, {FIELDS} FROM articles WHERE id IN ({marks})", part).fetchall()
            for rowid, *fields in rows:
                meta = ArticleMeta(*fields)
                moved[rowid] = replace(meta, **corrected[meta.id])
        self._moved, self._placed = moved, {}

    def _order(self, sort: str) -> array:
        """Row ids in ``sort`` order, the corrected rows where their corrections sort them."""
        order = self._orders.get(sort, self._orders["corpus"])
        if not self._moved or sort not in ("date", "title"):
            return order
        placed = self._placed.get(sort)
        if placed is None:
            placed = self._placed[sort] = self._place(order, sort)
        return placed

    def _place(self, order: array, sort: str) -> array:
        """``order`` with each corrected row taken out and put back by a binary search of the
        rest, comparing the rows probed (fetched) with the corrected one as ``sort_metas`` does:
        newest first then the undated in corpus (row id) order, or by title."""
        moved = self._moved
        rest = array("i", (rowid for rowid in order if rowid not in moved))

        def after(i: int, rowid: int, meta: ArticleMeta) -> bool:  # does rest[i] sort after the moved row?
            other = self.metas([rest[i]])[0]
            if sort == "title":
                return title_sort_key(other) > title_sort_key(meta)
            if not is_sortable_date(meta):
                return not is_sortable_date(other) and rest[i] > rowid
            return not is_sortable_date(other) or date_sort_key(other) < date_sort_key(meta)

        by_place: dict[int, list[ArticleMeta]] = {}
        for rowid in sorted(moved):  # in corpus order, as the undated are listed
            meta = moved[rowid]
            lo, hi = 0, len(rest)
            while lo < hi:
                mid = (lo + hi) // 2
                if after(mid, rowid, meta):
                    hi = mid
                else:
                    lo = mid + 1
            by_place.setdefault(lo, []).append(meta)
        rowid_of = {meta.id: rowid for rowid, meta in moved.items()}
        placed, start = array("i"), 0
        for at in sorted(by_place):  # rows put at the same place: in order among themselves
            placed.extend(rest[start:at])
            placed.extend(rowid_of[meta.id] for meta in sort_metas(by_place[at], sort))
            start = at
        placed.extend(rest[start:])
        return placed

    def kept(self, rowid: int) -> ArticleMeta | None:
        """The row ``rowid`` if it was fetched lately (for the screen), else None: no query."""
        return self._rows.get(rowid)

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
        return ArticleRows(self, self._order(sort))

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
                    f"SELECT rowid, {FIELDS} FROM articles WHERE rowid IN ({marks})", part
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
        """One 0/1 byte per row id: does its haystack (casefolded metadata, as corrected) hold
        ``query`` (already casefolded)?"""
        chosen = self._stored_matching(query)
        if not self._moved:
            return chosen
        chosen = bytearray(chosen)
        for rowid, meta in self._moved.items():
            chosen[rowid] = query in haystack(meta)
        return bytes(chosen)

    def _stored_matching(self, query: str) -> bytes:
        """``matching`` by the metadata as indexed. One or two characters: the stored gram; more:
        the trigram table and the field values holding it (a query with a line break, which the
        one-line filter cannot take, is tested against each row's haystack)."""
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
        return ArticleRows(self, self._order(sort), bytes(chosen))


_BITS_TO_SELECTORS = bytes.maketrans(b"01", b"\x00\x01")
