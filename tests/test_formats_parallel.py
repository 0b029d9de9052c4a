"""CoNLL blocks made by a forked second process (annotations.formats.parallel).

The two-process path must write the bytes, uncarried list (the same span objects)
and notes of the one-process path; a child that fails must change nothing but the
speed; cancel must stop it and leave no child process behind.
"""

from __future__ import annotations

import io
import os
import select
import sys
import threading

import pytest
from fixtures.formats_corpus import build

from annotations.formats import ExportCancelled, ExportOptions, ExportRecord, export_dataset, parallel
from annotations.formats.core import ExportContext, sorted_records
from annotations.model import Span
from reader.article import Article

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")


def many_records() -> list[ExportRecord]:
    """The tricky fixture corpus, repeated under new ids so each process has several articles."""
    out = []
    for n in range(6):
        for art, spans, status in build():
            new = Article(id=f"{n}-{art.id}", title=art.title, text=art.text)
            copies = tuple(s.with_changes(article_id=new.id, id=f"{n}-{s.id}") for s in spans)
            out.append(ExportRecord(new, copies, status))
    return out


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def export(tmp_path, records, workers, name, **kwargs):
    out = tmp_path / name
    report = export_dataset(records, "conll", out, options=ExportOptions(force=True, workers=workers), **kwargs)
    return report, out.read_bytes()


def test_two_processes_write_what_one_writes(tmp_path):
    records = many_records()
    one, one_bytes = export(tmp_path, records, 1, "one.conll")
    two, two_bytes = export(tmp_path, records, 2, "two.conll")
    assert two_bytes == one_bytes
    assert one.uncarried and two.uncarried == one.uncarried
    by_id = {s.id: s for rec in records for s in rec.spans}
    assert all(item.span is by_id[item.span.id] for item in two.uncarried)  # the caller's own spans
    assert [n.replace("two.", "one.") for n in two.notes] == one.notes
    assert (two.spans, two.articles) == (one.spans, one.articles)
    assert (tmp_path / "two.conll.uncarried.tsv").read_bytes() == (tmp_path / "one.conll.uncarried.tsv").read_bytes()
    assert no_children_left()


def run_blocks(records, block, workers=2, **ctx_args):
    ctx = ExportContext("conll", len(records), workers=workers, **ctx_args)
    out = io.StringIO()
    parallel.write_blocks(records, out, ctx, block)
    return out.getvalue(), ctx


def skipping_block(ctx_ref: list[ExportContext]):
    """A block that reports each article's last span as uncarried, and one made-up span."""
    def block(rec: ExportRecord) -> str:
        ctx = ctx_ref[0]
        if rec.spans:
            ctx.skip(rec.article.id, rec.spans[-1], "last", "other")
        ctx.skip(rec.article.id, Span("made", rec.article.id, "", 0, 1, "x", "q"), "made up", "other")
        return f"<{rec.article.id}:{len(rec.article.text)}>\n"
    return block


def test_uncarried_from_the_child_keep_order_identity_and_made_up_spans():
    records = sorted_records(many_records())
    results = []
    for workers in (1, 2):
        ref: list[ExportContext] = []
        ctx = ExportContext("conll", len(records), workers=workers)
        ref.append(ctx)
        out = io.StringIO()
        parallel.write_blocks(records, out, ctx, skipping_block(ref))
        results.append((out.getvalue(), ctx.uncarried, ctx.done))
    (one, one_skipped, one_done), (two, two_skipped, two_done) = results
    assert two == one and two_skipped == one_skipped and two_done == one_done == len(records)
    assert all(i.span is j.span for i, j in zip(one_skipped, two_skipped, strict=True) if i.span.id != "made")


def test_a_failing_child_changes_nothing_but_speed():
    records = sorted_records(many_records())
    parent = os.getpid()
    cut = parallel.split_point(records, 2)
    assert cut is not None and 0 < cut < len(records)

    def block(rec: ExportRecord) -> str:
        if os.getpid() != parent:
            if rec is records[-1]:
                os._exit(3)  # killed, as by the OOM killer
            raise RuntimeError("only the child fails")
        return rec.article.id + "\n"

    text, ctx = run_blocks(records, block)
    assert text == "".join(rec.article.id + "\n" for rec in records)
    assert ctx.done == len(records)
    assert no_children_left()


def test_an_error_here_propagates_and_the_child_is_reaped():
    records = sorted_records(many_records())

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
    records = sorted_records(many_records())
    cut = parallel.split_point(records, 2)
    parent = os.getpid()
    stuck_read, stuck_write = os.pipe()  # never written: the child waits on it
    marker = tmp_path / "child-finished"
    cancel = threading.Event()

    def block(rec: ExportRecord) -> str:
        if os.getpid() != parent and not marker.exists():
            select.select([stuck_read], [], [], 60)  # killed long before, unless cancel is broken
            marker.write_text("the child was not killed")
        return "x"

    def progress(done: int, total: int) -> None:
        if done == cut:  # this process is done with its part: cancel while waiting
            cancel.set()

    try:
        with pytest.raises(ExportCancelled):
            run_blocks(records, block, progress=progress, cancel=cancel)
    finally:
        os.close(stuck_read)
        os.close(stuck_write)
    assert no_children_left()
    assert not marker.exists()


def test_forks_only_when_safe_and_worth_it():
    records = sorted_records(many_records())
    assert parallel.split_point(records, 1) is None
    assert parallel.split_point(records[:1], 2) is None
    assert parallel.split_point(records, None) is None  # automatic: far below MIN_CHARS
    cut = parallel.split_point(records, 2)
    left = sum(len(r.article.text) for r in records[:cut])
    assert abs(2 * left - sum(len(r.article.text) for r in records)) <= 2 * max(len(r.article.text) for r in records)
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not parallel.can_fork()  # another thread (the app's UI): never fork
    finally:
        release.set()
        thread.join()


def test_the_child_really_makes_the_second_part():
    records = sorted_records(many_records())
    cut = parallel.split_point(records, 2)
    parent = os.getpid()
    text, ctx = run_blocks(records, lambda rec: "P" if os.getpid() == parent else "C")
    assert text == "P" * cut + "C" * (len(records) - cut)
    assert ctx.done == len(records)
    assert no_children_left()
