"""Stored answers of the common word prefixes of a full-text index (``reader.corpus.text_index``).

Why: a query that begins a word in much of the corpus (``gaz`` in a corpus about Gaza) costs
FTS5 a walk over most of its rows, merging the doclists of every word with that prefix, and
Python an object per hit. So once an index is complete, every prefix of ``COMMON_FROM`` or
more ASCII letters or digits whose words' articles add up to ``COMMON_SHARE`` of the corpus
gets its answer stored: one 0/1 byte per row id, zlib, made by the same FTS5 query the search
would run. Prefixes covering the same words share one set. A query for such a prefix reads
its set and asks FTS5 only about the rows indexed after it. Functions over an open
connection; the index's lock and transactions are the caller's.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Callable
from itertools import repeat

COMMON_FROM = 3  # the shortest prefix given a stored set (the library asks from three characters)
COMMON_SHARE = 0.05  # ... when its words' articles add up to this share of the corpus

SCHEMA = """
CREATE TABLE IF NOT EXISTS common(id INTEGER PRIMARY KEY, rows BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS prefixes(prefix TEXT PRIMARY KEY, common INTEGER NOT NULL) WITHOUT ROWID;
"""
FORGET = "DELETE FROM common; DELETE FROM prefixes; DELETE FROM info WHERE key = 'common_upto';"


def common_key(query: str) -> str | None:
    """The stored prefix that answers ``query`` exactly, or None: only a query of ASCII letters
    and digits is one word typed as a prefix whose folding (lower case) is known here."""
    if len(query) >= COMMON_FROM and query.isascii() and query.isalnum():
        return query.lower()
    return None


def last_rowid(con: sqlite3.Connection) -> int:
    """The highest row id the index has given (rows of changed articles included)."""
    row = con.execute("SELECT seq FROM sqlite_sequence WHERE name = 'docs'").fetchone()
    return row[0] if row else 0


def stored_prefixes(con: sqlite3.Connection, upto: int) -> frozenset[str] | None:
    """The prefixes with a stored set when the sets cover every row up to ``upto``, else None."""
    done = con.execute("SELECT value FROM info WHERE key = 'common_upto'").fetchone()
    if done is None or int(done[0]) != upto:
        return None
    return frozenset(p for (p,) in con.execute("SELECT prefix FROM prefixes"))


def make_sets(
    con: sqlite3.Connection, upto: int, query_of: Callable[[str], str | None], cancelled: Callable[[], bool]
) -> list[tuple[bytes, list[str]]]:
    """(the zlib'd 0/1 bytes of the rows matching, the prefixes it answers) for every common
    prefix; ``query_of`` turns a prefix into its FTS5 query. Returns [] when ``cancelled()``."""
    live = con.execute("SELECT count(*) FROM docs").fetchone()[0]
    con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, 'body', 'row')")
    terms = sorted(con.execute("SELECT term, doc FROM temp.vocab"))
    words = [term for term, _ in terms]
    held: Counter[str] = Counter()  # per prefix, its words' documents: at least its own
    for term, docs in terms:
        if term.isascii() and term.isalnum():
            for end in range(COMMON_FROM, len(term) + 1):
                held[term[:end]] += docs
    sets: dict[tuple[int, int], list[str]] = {}  # the words a prefix covers (a range of them) -> its prefixes
    for prefix, docs in held.items():
        if docs >= max(1, live * COMMON_SHARE):
            words_of = (bisect_left(words, prefix), bisect_left(words, prefix + "\U0010ffff"))
            sets.setdefault(words_of, []).append(prefix)
    made: list[tuple[bytes, list[str]]] = []
    for prefixes in sets.values():
        if cancelled():
            return []
        made.append((zlib.compress(rows_of(con, query_of(prefixes[0]) or "", upto), 1), prefixes))
    return made


def store_sets(con: sqlite3.Connection, made: list[tuple[bytes, list[str]]], upto: int) -> None:
    """Replace the stored sets by ``made``, covering the rows up to ``upto``, in one transaction."""
    con.execute("BEGIN IMMEDIATE")
    try:
        con.execute("DELETE FROM common")
        con.execute("DELETE FROM prefixes")
        for number, (rows, prefixes) in enumerate(made):
            con.execute("INSERT INTO common VALUES (?, ?)", (number, rows))
            con.executemany("INSERT INTO prefixes VALUES (?, ?)", ((p, number) for p in prefixes))
        con.execute("INSERT INTO info VALUES ('common_upto', ?) ON CONFLICT(key) DO UPDATE SET value = ?", (upto, upto))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def rows_of(con: sqlite3.Connection, expression: str, upto: int) -> bytearray:
    """One 0/1 byte per row id up to ``upto``: does the row match ``expression``? In one query:
    FTS5 merges a prefix's words again for every range of row ids asked."""
    chosen = bytearray(upto + 1)
    sql = "SELECT json_group_array(rowid) FROM body WHERE body MATCH ? AND rowid <= ?"
    found = json.loads(con.execute(sql, (expression, upto)).fetchone()[0])
    deque(map(chosen.__setitem__, found, repeat(1)), 0)
    return chosen


def stored_set(con: sqlite3.Connection, key: str) -> tuple[bytes, int]:
    """The stored answer of the prefix ``key`` and the last row id it covers; (b"", -1) when none."""
    try:
        row = con.execute(
            "SELECT common.rows, info.value FROM prefixes JOIN common ON common.id = prefixes.common"
            " JOIN info ON info.key = 'common_upto' WHERE prefixes.prefix = ?",
            (key,),
        ).fetchone()
    except sqlite3.OperationalError:  # an index made before stored sets, never opened to write since
        return b"", -1
    return (b"", -1) if row is None else (zlib.decompress(row[0]), int(row[1]))
