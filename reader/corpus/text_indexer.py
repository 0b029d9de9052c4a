"""The first full-text index of a large corpus, built in a process of its own beside the app.

Why a process: building the index is mostly FTS5's own C work on every text, and the app's
scan and library index hold the GIL meanwhile. SQLite lets the GIL go while it works, but a
thread inserting articles must take it back after each one, and waits for it behind the
scan's Python (bench/README.md, "the full-text index beside the scan": 20,000 inserts took
103 s beside a busy thread instead of 1.4 s alone). A process of its own uses the machine's
other core from the first batch on.

The process reads the corpus once with the app's own loader (so the same ids, duplicates
named alike), hands each article's text from that read to ``TextIndex.update`` (no second
read of the file), and writes ``done total`` lines to its standard output, at most one a
second. It stops, keeping the chunks it committed, when
that output is closed (the app quit or was killed) or when it is terminated.

The app needs nothing from it but the file: once its own work is done it waits for the
process, then brings the index up to date itself as for any later open, which costs nothing
when the process finished and does the rest when it did not (it failed, or was stopped),
and stores the common prefixes' answers (``TextIndex.count_common``) while search already
uses the index.
No UI imports.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from reader.core.article import ArticleMeta
from reader.core.errors import UserError
from reader.corpus.loader import CorpusLoader, read_location
from reader.corpus.text_index import IndexCancelled, TextIndex

REPORT_EVERY = 1.0  # seconds between two progress lines: the app reads them only once its own work is done


class IndexerProcess:
    """The app's handle on one indexing process. Its progress lines are read as they come (a
    thread of its own), so the app, which asks only once its own work is done, sees where the
    process is, not every step it took meanwhile."""

    def __init__(self, corpus_path: str, index: Path, signature: str) -> None:
        """Start it; raises ``OSError`` when no process can be started."""
        corpus = os.path.abspath(os.path.expanduser(corpus_path))  # as the loader reads it, from any directory
        command = [sys.executable, "-P", "-m", __name__, corpus, str(index), signature]
        # Every stream its own: the app's (Textual's) standard streams are not real files.
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="ascii",
        )
        self.latest: tuple[int, int] | None = None  # (articles indexed, articles in the corpus)
        self._ended = threading.Event()
        threading.Thread(target=self._follow, name="text-indexer-progress", daemon=True).start()

    def _follow(self) -> None:
        assert self._process.stdout is not None
        try:
            with self._process.stdout as lines:
                for line in lines:
                    done, _, total = line.partition(" ")
                    if done.isdigit() and total.strip().isdigit():
                        self.latest = (int(done), int(total))
        except (OSError, ValueError):  # output that is not ours: the process is waited for all the same
            pass
        finally:
            self._process.wait()
            self._ended.set()

    @property
    def running(self) -> bool:
        return self._process.poll() is None

    def wait(self) -> None:
        """Until the process has ended and its last line is read."""
        self._ended.wait()

    def steps(self, every: float = 0.4) -> Iterator[tuple[int, int]]:
        """The latest progress, every ``every`` seconds, until the process has ended."""
        while not self._ended.wait(every):
            if self.latest is not None:
                yield self.latest

    def stop(self) -> None:
        """End the process (what it committed stays) and wait for it."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._ended.wait(5)


def build(corpus_path: str, index: Path, signature: str) -> None:
    """Index every text of the corpus at ``corpus_path`` into ``index``, reporting on stdout."""
    texts: dict[str, str] = {}
    loader = CorpusLoader(corpus_path, texts=texts)
    gone = False
    last = 0.0

    def metas() -> Iterator[ArticleMeta]:
        for batch in loader.scan(batch=2000):
            yield from batch

    def read(meta: ArticleMeta) -> str:
        text = texts.pop(meta.location, None)
        return read_location(meta.location) if text is None else text

    def report(done: int, _total: int) -> None:
        nonlocal gone, last
        now = time.monotonic()
        if now - last < REPORT_EVERY:
            return
        last = now
        try:
            print(done, max(done, loader.total), flush=True)  # a JSONL file's total is estimated
        except OSError:  # the app closed its end: nobody waits for this index now
            gone = True

    text_index = TextIndex(index)
    try:
        text_index.update(metas(), read, progress=report, cancelled=lambda: gone, signature=signature)
    except (IndexCancelled, UserError, OSError, sqlite3.Error):  # the app finishes the index itself
        return


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        print("usage: python -m reader.corpus.text_indexer CORPUS INDEX SIGNATURE", file=sys.stderr)
        return 2
    if hasattr(os, "nice"):
        os.nice(5)  # the app's keystrokes come first on a machine with few cores
    build(args[0], Path(args[1]), args[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
