"""The floor of a first full-text index: SQLite FTS5's own insert time beside the parse.

Issue 14 asks the first index build of a 1M-article library to take at most 2x the time to
parse the file in Python. This measures, in one run on ``bench/out/articles_N.jsonl``:

* **parse**: ``json.loads`` of every line (the baseline of the target, as ``bench_library``);
* **FTS5 insert**: only the time inside SQLite while every article's text (already parsed,
  untimed) is inserted into a table like newsdesk's own (``reader.corpus.text_index``:
  contentless, ``unicode61 remove_diacritics 2``, positions kept for phrases), 2,000
  articles a transaction, journal and syncs off: no Python work of newsdesk's at all.

Both must happen in a first build, so ``(parse + FTS5 insert) / cores`` is a lower bound of
its time even when they are split perfectly over every core with nothing else to do (no
titles, word counts, sort orders, metadata filter). ``--detail none`` measures FTS5 without
positions, which cannot answer a phrase.

    python bench/bench_fts_floor.py --sizes 100000 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
CHUNK = 2000


def parse_time(path: Path) -> float:
    start = time.perf_counter()
    with open(path, "rb") as handle:
        for line in handle:
            json.loads(line)
    return time.perf_counter() - start


def insert_time(path: Path, detail: str) -> tuple[float, int, int]:
    """(seconds inside SQLite, articles, index bytes)."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "floor.sqlite"
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute(
            "CREATE VIRTUAL TABLE body USING fts5(text, content='', columnsize=0, "
            f"detail={detail}, tokenize='unicode61 remove_diacritics 2')"
        )
        con.execute("INSERT INTO body(body, rank) VALUES ('automerge', 8)")
        con.execute("INSERT INTO body(body, rank) VALUES ('crisismerge', 64)")
        spent, count, chunk = 0.0, 0, []

        def flush() -> float:
            start = time.perf_counter()
            con.execute("BEGIN")
            con.executemany("INSERT INTO body(rowid, text) VALUES (?, ?)", chunk)
            con.execute("COMMIT")
            return time.perf_counter() - start

        with open(path, "rb") as handle:
            for line in handle:
                chunk.append((count, json.loads(line)["text"]))
                count += 1
                if len(chunk) == CHUNK:
                    spent += flush()
                    chunk = []
        if chunk:
            spent += flush()
        con.close()
        return spent, count, db.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--detail", choices=("full", "none"), default="full")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    for size in args.sizes:
        path = OUT / f"articles_{size}.jsonl"
        if not path.exists():
            print(f"{path}: missing; run bench/generate_corpus.py --jsonl-only --sizes {size}")
            continue
        parse = parse_time(path)
        fts, count, index_bytes = insert_time(path, args.detail)
        floor = (parse + fts) / cores
        print(
            f"{count:,} articles, {path.stat().st_size / 1e6:,.0f} MB: parse {parse:.2f} s; FTS5 insert "
            f"(detail={args.detail}) {fts:.2f} s = {fts / parse:.2f}x the parse, index {index_bytes / 1e6:,.0f} MB; "
            f"floor on {cores} cores (parse + insert) / {cores} = {floor:.1f} s = {floor / parse:.2f}x the parse"
        )


if __name__ == "__main__":
    main()
