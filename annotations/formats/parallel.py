"""Per-article blocks of a text export, made by two processes when that is safe and pays.

Why: CoNLL export of 10,000 articles (~50 million characters) spends ~1.5 s making
the blocks: pure Python string work under one interpreter lock. On a machine with
two cores, ``write_blocks`` forks one child that makes the second part of the
articles into an anonymous temporary file while this process writes the first
part to the output; then it appends the child's part and the spans the child
could not carry. Same bytes, same uncarried list (same span objects, same order)
and notes as writing every block here.

Robust by construction: the child is only an accelerator. If it cannot be started
or fails in any way (an exception, a full disk, killed), its part is made here as
if it had never run, so every error is the one the plain loop raises. Cancel is
checked per article here and while waiting; a cancelled or failed export kills and
reaps the child. Forks only where that is safe: Linux, no other Python threads
(the app exports from a worker thread, so it never forks), two usable cores, and
enough text to be worth the fork.
"""

from __future__ import annotations

import codecs
import gc
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


def write_blocks(records: Sequence[ExportRecord], out: IO[str], ctx: ExportContext, block: Block) -> None:
    """``out.write(block(rec)); ctx.tick()`` for each record, in order (see the module docstring)."""
    cut = split_point(records, ctx.workers)
    child = _Child.start(records[cut:], ctx, block) if cut is not None else None
    if child is None:
        _write_here(records, out, ctx, block)
        return
    try:
        _write_here(records[:cut], out, ctx, block)
        result = child.result(ctx)
        if result is not None:
            child.copy_into(out)
    finally:
        child.close()
    if result is None:  # the child failed: its part is made here
        _write_here(records[cut:], out, ctx, block)
        return
    skipped, notes = result
    for index, ref, article_id, reason, kind in skipped:
        span = records[cut + index].spans[ref] if isinstance(ref, int) else ref
        ctx.uncarried.append(Uncarried(article_id, span, reason, kind))
    ctx.notes.extend(notes)
    for _ in range(len(records) - cut):
        ctx.tick()


def _write_here(records: Sequence[ExportRecord], out: IO[str], ctx: ExportContext, block: Block) -> None:
    for rec in records:
        out.write(block(rec))
        ctx.tick()


def split_point(records: Sequence[ExportRecord], workers: int | None) -> int | None:
    """Where the child's part starts (half the text each), or None to write everything here."""
    if workers is None:
        if not can_fork():
            return None
    elif workers < 2 or not hasattr(os, "fork"):
        return None
    sizes = [len(rec.article.text) for rec in records]
    total = sum(sizes)
    if len(records) < 2 or (workers is None and total < MIN_CHARS):
        return None
    done = 0
    for index, size in enumerate(sizes):
        done += size
        if 2 * done >= total:
            return max(1, min(index + 1, len(records) - 1))
    return len(records) - 1


def can_fork() -> bool:
    """A second process may be forked and has a core to run on."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except OSError:
        return False


class _Child:
    """A forked process making the blocks of ``records`` into a temporary file."""

    def __init__(self, pid: int, reader: int, tmp: IO[bytes]) -> None:
        self.pid = pid
        self.reader = reader
        self.tmp = tmp
        self.reaped = False

    @classmethod
    def start(cls, records: Sequence[ExportRecord], ctx: ExportContext, block: Block) -> _Child | None:
        try:
            tmp = tempfile.TemporaryFile()
        except OSError:
            return None
        try:
            reader, writer = os.pipe()
        except OSError:
            tmp.close()
            return None
        try:
            pid = os.fork()
        except OSError:
            for fd in (reader, writer):
                os.close(fd)
            tmp.close()
            return None
        if pid == 0:  # the child: never returns
            _child_main(records, ctx, block, writer, tmp.fileno())
        os.close(writer)
        return cls(pid, reader, tmp)

    def result(self, ctx: ExportContext) -> tuple[list[tuple[Any, ...]], list[str]] | None:
        """Wait for the child (cancel honoured); its uncarried spans and notes, or None if it failed."""
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
            return pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - a truncated message is a failed child
            return None

    def copy_into(self, out: IO[str]) -> None:
        self.tmp.seek(0)
        decode = codecs.getincrementaldecoder("utf-8")().decode
        while chunk := self.tmp.read(1 << 20):
            out.write(decode(chunk))
        out.write(decode(b"", True))

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


def _child_main(records: Sequence[ExportRecord], ctx: ExportContext, block: Block, writer: int,
                tmp_fd: int) -> None:
    """Make the blocks, report what was not carried, exit (0 only if all of it worked)."""
    code = 1
    try:
        gc.disable()  # short-lived, no cycles; a collection would also copy every page it walks
        skipped: list[tuple[Any, ...]] = []
        notes_before = len(ctx.notes)
        with open(tmp_fd, "wb", buffering=1 << 20, closefd=False) as tmp:
            for index, rec in enumerate(records):
                before = len(ctx.uncarried)
                tmp.write(block(rec).encode("utf-8"))
                for item in ctx.uncarried[before:]:
                    skipped.append((index, _span_ref(rec, item.span), item.article_id, item.reason, item.kind))
        view = memoryview(pickle.dumps((skipped, ctx.notes[notes_before:])))
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
