"""Each article's block of an export, made on every core when the export is of a large database.

Why: exporting a whole database spends its time, article by article, on reading the
article's table and making its block (CoNLL's token lines, a JSONL line), and neither
depends on any other article. In one process that is one core's work. Here worker
processes (one a core) each open the database read-only and make the blocks of a chunk
of articles at a time, while the calling process writes the blocks in order. Only
article ids and statuses go to the workers, and only blocks and what the context
collected come back: sending the records themselves would cost about as much as making
the blocks.

What the caller sees is what the serial loop gives, in the same order: chunks come
back in order (``Executor.map``), each chunk's context (uncarried spans, counts, label sets)
is added to the caller's in that order (``ExportContext.absorb``), and ``ctx.tick``
runs in the caller after each block is written, so progress and cancel work as before.
A cancel, an error in a worker (a damaged table's ``StoreCorrupt``, raised here) or
anything else that leaves the caller's ``with closing(...)`` drops the chunks not yet
begun and waits for the workers to finish the ones they are making (a few dozen
articles) and exit. A worker that dies (killed, out of memory) is one line, never a
hang (why ``concurrent.futures``, not ``multiprocessing.Pool``, which waits for ever).

Only when the caller asks (``ExportOptions.parallel``: the CLI does). Workers are spawned,
never forked (a fork of a process with threads can copy a lock another thread holds), and
a spawn imports the caller's main module again and passes its stderr on: a script without
``if __name__ == "__main__"`` would fail, and inside the app Textual holds stderr (its
``fileno()`` is -1, which the spawn refuses), so the app's export stays in its process.
Workers ignore SIGINT, so Ctrl-C reaches only the calling process, which stops them.
Each worker starts a fresh interpreter and reads the database's summary, so exports
smaller than ``PARALLEL_FROM`` articles, or on one core, stay in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from annotations.formats.core import ExportContext, ExportRecord
from annotations.formats.exporter import ExportOptions, RecordReader, StoreRecords
from reader.core.errors import UserError

PARALLEL_FROM = 5_000  # articles
CHUNK = 64  # articles a task: few enough that progress and cancel stay prompt

Block = Callable[..., str]  # block(record, *args, ctx) -> the record's text in the output


def article_blocks(
    records: Iterable[ExportRecord],
    ctx: ExportContext,
    block: Block,
    *args: Any,
    parallel_from: int | None = None,
) -> Iterator[str]:
    """``block(record, *args, ctx)`` of each record, in order; ``ctx.tick()`` after each is used.

    ``block`` and ``args`` must pickle (a module's function, plain data) when ``records``
    are a database's (``StoreRecords``) asked to be made in parallel (``ExportOptions.parallel``)
    and of at least ``parallel_from`` (default ``PARALLEL_FROM``, read at the call) articles: those are
    read and made by worker processes. Close the iterator when done (``contextlib.closing``),
    so that an error in the caller stops the workers at once."""
    workers = os.cpu_count() or 1
    parallel_from = PARALLEL_FROM if parallel_from is None else parallel_from
    pooled = isinstance(records, StoreRecords) and records.options.parallel
    if not pooled or len(records) < parallel_from or workers < 2:
        for record in records:
            yield block(record, *args, ctx)
            ctx.tick()
        return
    selection = records.selection()
    chunks = [selection[i : i + CHUNK] for i in range(0, len(selection), CHUNK)]
    setup = (records.path, records.options.labels, records.options.annotator, ctx.fmt, ctx.offsets, block, args)
    articles = spans = 0
    pool = ProcessPoolExecutor(min(workers, len(chunks)), multiprocessing.get_context("spawn"), _ignore_sigint)
    try:
        for made, part in pool.map(_chunk_blocks, [(setup, chunk) for chunk in chunks]):
            ctx.absorb(part)
            for text, count in made:
                articles += 1
                spans += count
                yield text
                ctx.tick()
    except BrokenProcessPool as err:  # a worker killed (out of memory, a signal): said, not waited for
        raise UserError(f"{ctx.fmt} export stopped: a worker process ended without finishing ({err})") from None
    finally:  # the chunks being made are finished (a few dozen articles), the others dropped
        pool.shutdown(wait=True, cancel_futures=True)
    records.articles, records.spans = articles, spans


def _ignore_sigint() -> None:
    """Ctrl-C is the calling process's to handle: it stops the pool (a worker would print a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_reader: tuple[Any, RecordReader] | None = None  # a worker's (key, reader) of its open database


def _chunk_blocks(task: tuple[tuple, list[tuple[str, str]]]) -> tuple[list[tuple[str, int]], ExportContext]:
    """In a worker: (block, spans in the record) of each article of the chunk that has a text,
    and the context that collected what they could not carry.

    The database is opened at the first chunk and kept open for the next ones. Not in the
    pool's initializer: a pool restarts a worker whose initializer fails, for ever."""
    global _reader
    setup, chunk = task
    path, labels, annotator, fmt, offsets, block, args = setup
    key = (path, labels, annotator)
    if _reader is None or _reader[0] != key:
        from annotations.store.database import AnnotationStore

        store = AnnotationStore.open(Path(path), read_only=True)
        _reader = (key, RecordReader(store, ExportOptions(labels=labels, annotator=annotator)))
    reader = _reader[1]
    ctx = ExportContext(fmt, len(chunk), offsets=offsets)
    made = []
    for aid, status in chunk:
        record = reader.record(aid, status)
        if record is not None:
            made.append((block(record, *args, ctx), len(record.spans)))
    return made, ctx
