"""A large database's export made on every core (``annotations.formats.parallel``) writes what
the one-process export writes, byte for byte, and keeps its progress, cancel and error lines.

The parallel path is forced on a small database by lowering ``PARALLEL_FROM`` (and with two
workers, however many cores the machine running the tests has)."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest

import annotations.formats.parallel as parallel
from annotations.formats import ExportOptions, export_dataset
from annotations.formats.core import ExportCancelled
from annotations.formats.exporter import StoreRecords
from annotations.store.database import AnnotationStore, StoreCorrupt
from annotations.store.storage import table_file
from reader.core.article import Article

TEXTS = [
    "Unions demand a 10% raise. The ministry offered 4%.",
    "At least 12 people were hurt in Gaza on Monday, officials said. Talks resume.",
    "Rebels agreed to withdraw from the town; talks resume in Geneva.\n\nNothing else.",
]
SPANS = [(0, 6, "demand"), (7, 13, "casualty figure"), (3, 9, "casualty figure"), (5, 12, "concession")]
ARTICLES = 150  # three chunks and a bit, over two or more workers
POOLED = ExportOptions(force=True, parallel=True)  # as the CLI asks


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "annotations.db"
    with AnnotationStore.open(path, annotator="ann") as store:
        for i in range(ARTICLES):
            art = Article(id=f"a{i:03}", title=f"T{i}", text=TEXTS[i % 3] + f" Item {i}.")
            store.add_spans(art, SPANS[: 1 + i % 4])  # some overlap, some start on a space
            if i % 5 == 0:
                store.set_status(art.id, "done")
        store.compact()
    return path


def pooled_from(mp: pytest.MonkeyPatch, articles: int) -> None:
    mp.setattr(parallel, "PARALLEL_FROM", articles)
    mp.setattr(parallel.os, "cpu_count", lambda: 2)


def export(db: Path, out: Path, parallel_from: int, fmt: str = "conll") -> tuple[object, list[tuple[int, int]]]:
    seen: list[tuple[int, int]] = []
    with pytest.MonkeyPatch.context() as mp:
        pooled_from(mp, parallel_from)
        report = export_dataset(StoreRecords(db), fmt, out, options=POOLED, progress=lambda *p: seen.append(p))
    return report, seen


@pytest.mark.parametrize("fmt", ["conll", "jsonl"])
def test_the_parallel_export_writes_what_the_serial_one_writes(db, tmp_path, fmt):
    serial, serial_progress = export(db, tmp_path / "serial.out", 10**9, fmt)
    pooled, pooled_progress = export(db, tmp_path / "pooled.out", 1, fmt)
    assert (tmp_path / "pooled.out").read_bytes() == (tmp_path / "serial.out").read_bytes()
    if fmt == "conll":  # JSONL carries every span
        side = (tmp_path / "pooled.out.uncarried.tsv").read_bytes()
        assert side == (tmp_path / "serial.out.uncarried.tsv").read_bytes() and side.count(b"\n") > 40
    assert (pooled.articles, pooled.spans, pooled.uncarried) == (serial.articles, serial.spans, serial.uncarried)
    assert [n.replace("pooled", "serial") for n in pooled.notes] == serial.notes
    assert pooled_progress == serial_progress and pooled_progress[-1] == (ARTICLES, ARTICLES)
    assert multiprocessing.active_children() == []  # the workers are gone


def test_a_cancelled_parallel_export_leaves_the_old_output_and_no_workers(db, tmp_path):
    out = tmp_path / "out.conll"
    out.write_text("old")
    cancel = threading.Event()
    with pytest.MonkeyPatch.context() as mp:
        pooled_from(mp, 1)
        with pytest.raises(ExportCancelled):
            export_dataset(
                StoreRecords(db),
                "conll",
                out,
                options=POOLED,
                progress=lambda done, total: done >= 10 and cancel.set(),
                cancel=cancel,
            )
    assert out.read_text() == "old"
    assert multiprocessing.active_children() == []


def test_a_damaged_table_gives_the_same_line_in_the_parallel_export(db, tmp_path):
    last = table_file(db, f"a{ARTICLES - 1:03}")
    last.write_bytes(last.read_bytes()[:-20])
    lines = []
    for parallel_from in (10**9, 1):
        with pytest.raises(StoreCorrupt) as err:
            export(db, tmp_path / "out.conll", parallel_from)
        lines.append(str(err.value))
    assert lines[0] == lines[1] and lines[0].startswith(str(last))
    assert not (tmp_path / "out.conll").exists()
    assert multiprocessing.active_children() == []


def test_an_export_not_asked_to_be_parallel_starts_no_process(db, tmp_path):
    """The app's export (and a library caller's) stays in its process: inside the app Textual holds
    stderr, which a spawn needs. Here any attempt at a pool fails the export."""

    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started")

    with pytest.MonkeyPatch.context() as mp:
        pooled_from(mp, 1)
        mp.setattr(parallel, "ProcessPoolExecutor", no_pool)
        report = export_dataset(StoreRecords(db), "conll", tmp_path / "out.conll", options=ExportOptions())
        with pytest.raises(AssertionError, match="process pool"):  # the check itself can fail
            export_dataset(StoreRecords(db), "conll", tmp_path / "out.conll", options=POOLED)
    assert report.articles == ARTICLES
