"""CoNLL blocks made by a forked second process (annotations.formats.parallel).

The two-process path must write the bytes, uncarried list (the same span objects)
and notes of the one-process path, however the articles fall between the two
processes; a child that fails must change nothing but the speed; cancel must stop
it and leave no child process behind. How much the child makes depends on the
scheduler, so tests that need it to make some blocks hold this process back until
the child has made one (``ChildFirst``).
"""

from __future__ import annotations

import io
import os
import re
import select
import sys
import threading

import pytest
from fixtures.formats_corpus import build

from annotations.formats import ExportCancelled, ExportOptions, ExportRecord, export_dataset, parallel
from annotations.formats.core import ExportContext, sorted_records
from annotations.model import Span
from reader.core.article import Article

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")


def many_records() -> list[ExportRecord]:
    """The tricky fixture corpus, repeated under new ids so each process has several articles."""
    out = []
    for n in range(6):
        for art, spans, status in build():
            new = Article(id=f"{n}-{art.id}", title=art.title, text=art.text)
            copies = tuple(s.with_changes(article_id=new.id, id=f"{n}-{s.id}") for s in spans)
            out.append(ExportRecord(new, copies, status))
    return sorted_records(out)


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


class ChildFirst:
    """Wraps a block: this process's first block waits (up to a minute) until the child made one."""

    def __init__(self, block, *, signal_before: bool = False):
        self.block = block
        self.parent = os.getpid()
        self.read, self.write = os.pipe()
        self.waited = False
        self.signal_before = signal_before  # for a child that dies in its first block

    def __call__(self, rec: ExportRecord) -> str:
        in_child = os.getpid() != self.parent
        if in_child and self.signal_before:
            os.write(self.write, b"x")
        text = self.block(rec)
        if in_child:
            os.write(self.write, b"x")
        elif not self.waited:
            self.waited = True
            select.select([self.read], [], [], 60)
        return text

    def close(self) -> None:
        os.close(self.read)
        os.close(self.write)


def run_blocks(records, block, workers=2, **ctx_args):
    ctx = ExportContext("conll", len(records), workers=workers, **ctx_args)
    out = io.StringIO()
    parallel.write_blocks(records, out, ctx, block)
    return out.getvalue(), ctx


def test_two_processes_write_what_one_writes(tmp_path, monkeypatch):
    records = many_records()
    one = export_dataset(records, "conll", tmp_path / "one.conll", options=ExportOptions(force=True, workers=1))
    real = parallel.write_blocks

    def child_first(records, out, ctx, block):
        wrapped = ChildFirst(block)
        try:
            real(records, out, ctx, wrapped)
        finally:
            wrapped.close()

    monkeypatch.setattr("annotations.formats.conll.write_blocks", child_first)
    two = export_dataset(records, "conll", tmp_path / "two.conll", options=ExportOptions(force=True, workers=2))
    assert (tmp_path / "two.conll").read_bytes() == (tmp_path / "one.conll").read_bytes()
    assert one.uncarried and two.uncarried == one.uncarried
    by_id = {s.id: s for rec in records for s in rec.spans}
    assert all(item.span is by_id[item.span.id] for item in two.uncarried)  # the caller's own spans
    assert [n.replace("two.", "one.") for n in two.notes] == one.notes
    assert (two.spans, two.articles) == (one.spans, one.articles)
    assert (tmp_path / "two.conll.uncarried.tsv").read_bytes() == (tmp_path / "one.conll.uncarried.tsv").read_bytes()
    assert no_children_left()


def test_the_child_makes_the_last_articles():
    records = many_records()
    parent = os.getpid()
    block = ChildFirst(lambda rec: "P" if os.getpid() == parent else "C")
    try:
        text, ctx = run_blocks(records, block)
    finally:
        block.close()
    assert re.fullmatch("P+C+", text) and len(text) == len(records), text
    assert ctx.done == len(records)
    assert no_children_left()


def skipping_block(ctx_ref: list[ExportContext]):
    """Reports each article's last span as uncarried, and a made-up span; notes the article."""
    def block(rec: ExportRecord) -> str:
        ctx = ctx_ref[0]
        if rec.spans:
            ctx.skip(rec.article.id, rec.spans[-1], "last", "other")
        ctx.skip(rec.article.id, Span("made", rec.article.id, "", 0, 1, "x", "q"), "made up", "other")
        ctx.note(f"saw {rec.article.id}")
        return f"<{rec.article.id}:{len(rec.article.text)}>\n"
    return block


@pytest.mark.parametrize("overlap", [False, True])
def test_uncarried_and_notes_from_the_child_keep_order_and_identity(monkeypatch, overlap):
    records = many_records()
    if overlap:  # this process also makes the article the child took last, as a race can make it do
        real = parallel._Child.write_front

        def one_more(self, records, out, ctx, block):
            front = real(self, records, out, ctx, block)
            if front < len(records):
                out.write(block(records[front]))
                ctx.tick()
                front += 1
            return front

        monkeypatch.setattr(parallel._Child, "write_front", one_more)
    results = []
    for workers in (1, 2):
        ref: list[ExportContext] = []
        ctx = ExportContext("conll", len(records), workers=workers)
        ref.append(ctx)
        out = io.StringIO()
        block = ChildFirst(skipping_block(ref)) if workers == 2 else skipping_block(ref)
        try:
            parallel.write_blocks(records, out, ctx, block)
        finally:
            if workers == 2:
                block.close()
        results.append((out.getvalue(), ctx.uncarried, ctx.notes, ctx.done))
    (one, one_skipped, one_notes, one_done), (two, two_skipped, two_notes, two_done) = results
    assert two == one and two_notes == one_notes and two_done == one_done == len(records)
    assert two_skipped == one_skipped
    assert all(i.span is j.span for i, j in zip(one_skipped, two_skipped, strict=True) if i.span.id != "made")
    assert no_children_left()


def test_a_failing_child_changes_nothing_but_speed():
    records = many_records()
    parent = os.getpid()

    def block(rec: ExportRecord) -> str:
        if os.getpid() != parent:
            if rec is records[-2]:
                os._exit(3)  # killed, as by the OOM killer
            if rec is records[-4]:
                raise RuntimeError("only the child fails")
        return rec.article.id + "\n"

    expected = "".join(rec.article.id + "\n" for rec in records)
    for wrapped in (ChildFirst(block), ChildFirst(lambda rec: block(records[-2]) and block(rec), signal_before=True)):
        try:
            text, ctx = run_blocks(records, wrapped)
        finally:
            wrapped.close()
        assert text == expected
        assert ctx.done == len(records)
        assert no_children_left()


def test_an_error_here_propagates_and_the_child_is_reaped():
    records = many_records()

    def block(rec: ExportRecord) -> str:
        if rec is records[0]:
            raise UnicodeEncodeError("utf-8", "x", 0, 1, "surrogates not allowed")
        return "x"

    with pytest.raises(UnicodeEncodeError):
        run_blocks(records, block)
    assert no_children_left()


def test_cancel_while_writing_leaves_old_output_and_no_child(tmp_path):
    records = many_records()
    out = tmp_path / "c.conll"
    out.write_text("old")
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        cancel.set()

    with pytest.raises(ExportCancelled):
        export_dataset(records, "conll", out, options=ExportOptions(force=True, workers=2),
                       progress=progress, cancel=cancel)
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["c.conll"]
    assert no_children_left()


def test_cancel_while_waiting_for_the_child_kills_it(tmp_path):
    records = many_records()
    parent = os.getpid()
    started_read, started_write = os.pipe()
    stuck_read, stuck_write = os.pipe()  # never written: the child waits on it
    marker = tmp_path / "child-finished"
    cancel = threading.Event()
    waited = []

    def block(rec: ExportRecord) -> str:
        if os.getpid() != parent:
            os.write(started_write, b"x")
            select.select([stuck_read], [], [], 60)  # killed long before, unless cancel is broken
            marker.write_text("the child was not killed")
        elif not waited:  # let the child take the last article first
            waited.append(select.select([started_read], [], [], 60))
        return "x"

    def progress(done: int, total: int) -> None:
        if done == total - 1:  # all but the child's article made here: cancel while waiting
            cancel.set()

    try:
        with pytest.raises(ExportCancelled):
            run_blocks(records, block, progress=progress, cancel=cancel)
    finally:
        for fd in (started_read, started_write, stuck_read, stuck_write):
            os.close(fd)
    assert no_children_left()
    assert not marker.exists()


def test_forks_only_when_safe_and_worth_it():
    records = many_records()
    assert not parallel.wants_child(records, 1)
    assert not parallel.wants_child(records[:1], 2)
    assert not parallel.wants_child(records, None)  # automatic: far below MIN_CHARS
    assert parallel.wants_child(records, 2)
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not parallel.can_fork()  # another thread (the app's UI): never fork
    finally:
        release.set()
        thread.join()


def test_an_index_is_never_read_half_written():
    """The other process must see an index's old value or its new one, never a mix.

    ``struct.pack_into`` zero-fills the field first: the parent then read the child's
    index as 0 now and then and stopped early (about 8% of reads in this race).
    """
    start, step, writes = 10**15, 257, 200_000  # 257 changes two bytes of the word at once
    shared = parallel._Shared(0, start)
    pid = os.fork()
    if pid == 0:  # the writer counts down, as the child does
        try:
            value = start
            for _ in range(writes):
                value -= step
                shared.words[parallel._BACK] = value
        finally:
            os._exit(0)
    impossible, previous, lowest = 0, start, start - step * writes
    try:
        while not os.waitpid(pid, os.WNOHANG)[0]:
            value = shared.words[parallel._BACK]
            if value > previous or value < lowest:
                impossible += 1
            else:
                previous = value
    finally:
        shared.close()
    assert impossible == 0
