"""Per-article blocks of a text export, made by two processes when that is safe and pays.

Why: CoNLL export of 10,000 articles (~50 million characters) spends ~1.5 s making
the blocks: pure Python string work under one interpreter lock. ``write_blocks``
forks one child that makes blocks from the last article backwards into an
anonymous temporary file, while this process writes blocks from the first article
forwards to the output. Each publishes how far it got in a shared page and stops
where the other one is, so the work divides itself: half each when both have a
core, nearly all here when the machine is busy and the child gets no time. Then
this process appends the child's blocks in article order, with the spans they
could not carry. Same bytes, same uncarried list (same span objects, same order)
and notes as writing every block here.

Robust by construction: the child is only an accelerator. Where both made the same
article (they can cross by one), this process's block is kept; if the child cannot
be started or fails in any way (an exception, a full disk, killed), whatever it has
not delivered is made here, so every error is the one the plain loop raises. Cancel
is checked per article here and while waiting; a cancelled or failed export kills
and reaps the child. Forks only where that is safe: Linux, no other Python threads
(the app exports from a worker thread, so it never forks), two usable cores, and
enough text to be worth the fork.
"""

from __future__ import annotations

import gc
import mmap
import os
import pickle
import select
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from typing import IO, Any

from annotations.formats.core import ExportCancelled, ExportContext, ExportRecord, Uncarried

MIN_CHARS = 4_000_000  # below this (~800 news articles) a fork costs more than it saves
Block = Callable[[ExportRecord], str]
_FRONT, _BACK = 0, 1  # shared words: next article index here / lowest index the child took


class _Shared:
    """The two indices, in an anonymous page shared with the child (``words[_FRONT]``, ``words[_BACK]``).

    Read and written as aligned 8-byte words through a memoryview cast to "q": one machine
    load or store each, so the other process sees the old value or the new one. Not
    ``struct.pack_into``, which zero-fills the field before writing the value: the parent
    read the child's index as 0 mid-write and stopped after a few articles, leaving the
    child nearly all the work (in about a third of 100,000-span exports).
    """

    def __init__(self, front: int, back: int) -> None:
        self._page = mmap.mmap(-1, mmap.PAGESIZE)  # anonymous and shared with the child
        self.words = memoryview(self._page).cast("q")
        self.words[_FRONT] = front
        self.words[_BACK] = back

    def close(self) -> None:
        self.words.release()
        self._page.close()


def write_blocks(records: Sequence[ExportRecord], out: IO[str], ctx: ExportContext, block: Block) -> None:
    """``out.write(block(rec)); ctx.tick()`` for each record, in order (see the module docstring)."""
    child = _Child.start(records, ctx, block) if wants_child(records, ctx.workers) else None
    if child is None:
        _write_here(records, 0, len(records), out, ctx, block)
        return
    try:
        front = child.write_front(records, out, ctx, block)
        made = child.result(ctx) if front < len(records) else None
    finally:
        child.close()
    start = len(records) if made is None else max(front, made.first)
    _write_here(records, front, start, out, ctx, block)  # what the child did not deliver
    if made is not None:
        made.deliver(records, start, out, ctx)


def _write_here(records: Sequence[ExportRecord], start: int, stop: int, out: IO[str], ctx: ExportContext,
                block: Block) -> None:
    for index in range(start, stop):
        out.write(block(records[index]))
        ctx.tick()


def wants_child(records: Sequence[ExportRecord], workers: int | None) -> bool:
    """Fork a child for these records? ``workers``: None = when safe and worth it, 1 = never, 2 = if possible."""
    if len(records) < 2:
        return False
    if workers is None:
        return can_fork() and sum(len(rec.article.text) for rec in records) >= MIN_CHARS
    return workers >= 2 and hasattr(os, "fork")


def can_fork() -> bool:
    """A second process may be forked and has a core to run on."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except OSError:
        return False


class _Made:
    """What the child delivered: blocks for indices ``first`` .. n-1 (made last first)."""

    def __init__(self, first: int, lengths: list[int], skipped: list[list[tuple[Any, ...]]],
                 notes: list[list[str]], data: bytes) -> None:
        self.first = first
        self.lengths = lengths  # per block, in the order made: n-1, n-2, ..., first
        self.skipped = skipped
        self.notes = notes
        self.data = data

    def deliver(self, records: Sequence[ExportRecord], start: int, out: IO[str], ctx: ExportContext) -> None:
        """Append blocks ``start`` .. n-1 in article order, with their uncarried spans and notes."""
        n = len(records)
        ends = [0] * len(self.lengths)
        offset = 0
        for made, length in enumerate(self.lengths):
            offset += length
            ends[made] = offset
        for index in range(start, n):
            made = n - 1 - index
            end = ends[made]
            out.write(self.data[end - self.lengths[made]:end].decode("utf-8"))
            for ref, article_id, reason, kind in self.skipped[made]:
                span = records[index].spans[ref] if isinstance(ref, int) else ref
                ctx.uncarried.append(Uncarried(article_id, span, reason, kind))
            ctx.notes.extend(self.notes[made])
            ctx.tick()


class _Child:
    """A forked process making blocks from the last article backwards into a temporary file."""

    def __init__(self, pid: int, reader: int, tmp: IO[bytes], shared: _Shared) -> None:
        self.pid = pid
        self.reader = reader
        self.tmp = tmp
        self.shared = shared
        self.reaped = False

    @classmethod
    def start(cls, records: Sequence[ExportRecord], ctx: ExportContext, block: Block) -> _Child | None:
        try:
            tmp = tempfile.TemporaryFile()
        except OSError:
            return None
        try:
            shared = _Shared(0, len(records))
        except OSError:
            tmp.close()
            return None
        try:
            reader, writer = os.pipe()
        except OSError:
            tmp.close()
            shared.close()
            return None
        try:
            pid = os.fork()
        except OSError:
            for fd in (reader, writer):
                os.close(fd)
            tmp.close()
            shared.close()
            return None
        if pid == 0:  # the child: never returns
            _child_main(records, ctx, block, shared, writer, tmp.fileno())
        os.close(writer)
        return cls(pid, reader, tmp, shared)

    def write_front(self, records: Sequence[ExportRecord], out: IO[str], ctx: ExportContext, block: Block) -> int:
        """Write blocks from the first article on until the child's; returns where this stopped."""
        words = self.shared.words
        index = 0
        while index < len(records) and index < words[_BACK]:
            words[_FRONT] = index + 1
            out.write(block(records[index]))
            ctx.tick()
            index += 1
        return index

    def result(self, ctx: ExportContext) -> _Made | None:
        """Wait for the child (cancel honoured): what it made, or None if it failed."""
        chunks = []
        while True:
            if ctx.cancel is not None and ctx.cancel.is_set():
                raise ExportCancelled(f"{ctx.fmt} export cancelled")
            ready, _, _ = select.select([self.reader], [], [], 0.05)
            if not ready:
                continue
            chunk = os.read(self.reader, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
        _, status = os.waitpid(self.pid, 0)
        self.reaped = True
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        try:
            first, lengths, skipped, notes = pickle.loads(b"".join(chunks))
            self.tmp.seek(0)
            data = self.tmp.read()
        except Exception:  # noqa: BLE001 - a truncated message or unreadable file: a failed child
            return None
        if len(data) != sum(lengths):
            return None
        return _Made(first, lengths, skipped, notes, data)

    def close(self) -> None:
        if not self.reaped:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.reaped = True
        os.close(self.reader)
        self.tmp.close()
        self.shared.close()


def _child_main(records: Sequence[ExportRecord], ctx: ExportContext, block: Block, shared: _Shared, writer: int,
                tmp_fd: int) -> None:
    """Make blocks from the last article backwards until the parent's; report; exit (0 if all worked)."""
    code = 1
    try:
        gc.disable()  # short-lived, no cycles; a collection would also copy every page it walks
        lengths: list[int] = []
        skipped: list[list[tuple[Any, ...]]] = []
        notes: list[list[str]] = []
        index = len(records) - 1
        with open(tmp_fd, "wb", buffering=1 << 20, closefd=False) as tmp:
            words = shared.words
            while index >= 0 and index >= words[_FRONT]:
                words[_BACK] = index
                rec = records[index]
                uncarried, noted = len(ctx.uncarried), len(ctx.notes)
                data = block(rec).encode("utf-8")
                tmp.write(data)
                lengths.append(len(data))
                skipped.append([(_span_ref(rec, item.span), item.article_id, item.reason, item.kind)
                                for item in ctx.uncarried[uncarried:]])
                notes.append(ctx.notes[noted:])
                index -= 1
        view = memoryview(pickle.dumps((index + 1, lengths, skipped, notes)))
        while view:
            view = view[os.write(writer, view):]
        code = 0
    except BaseException:  # noqa: BLE001, S110 - any failure: the parent makes this part itself
        pass
    finally:
        os._exit(code)


def _span_ref(rec: ExportRecord, span: Any) -> Any:
    """The span's index in ``rec.spans`` (the parent has the same objects), else the span itself."""
    for index, candidate in enumerate(rec.spans):
        if candidate is span:
            return index
    return span
