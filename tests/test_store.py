"""AnnotationStore: spans, quotes, history, status, lock, corruption, torn writes, failed writes."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.model import Span
from annotations.store import database
from annotations.store.database import (
    AnnotationStore,
    ArticleState,
    StoreCorrupt,
    StoreLocked,
    StoreReadOnly,
    StoreWriteError,
)
from annotations.store.storage import table_file
from reader.core.article import Article
from reader.core.errors import UserError

TEXT = "Unions demand a 10% raise. The ministry offered 4%.\nAt least 12 people were hurt."
ART = Article(id="a1", title="Strike", text=TEXT, source="wire")
WORLD = Article(id="w1", title="World", text="Café 👩🏽‍🚀 東京 مرحبا e\u0301 end")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


def snapshot_files(path: Path) -> dict[str, bytes]:
    files = (p for p in sorted(path.rglob("*")) if p.is_file() and p.name != "lock")
    return {str(p.relative_to(path)): p.read_bytes() for p in files}


def test_add_span_stores_quote_annotator_and_article(db):
    with AnnotationStore.open(db, annotator="ann") as store:
        span = store.add_span(ART, 0, 25, "demand", note="first")
        assert span.quote == "Unions demand a 10% raise" == TEXT[0:25]
        assert (span.annotator, span.origin, span.note, span.text_sha256) == ("ann", "manual", "first", ART.sha256)
        assert span.created == span.updated and span.created.endswith("+00:00")
        assert store.article("a1") == ART and store.articles() == [ART]
        assert store.span(span.id) == span
    with AnnotationStore.open(db, annotator="other") as store:
        assert store.spans("a1") == [span]
        assert store.article("a1").text == TEXT


def test_unicode_offsets_are_code_points(db):
    with AnnotationStore.open(db) as store:
        start = WORLD.text.index("👩")
        end = WORLD.text.index(" 東")
        span = store.add_span(WORLD, start, end, "demand")
        assert span.quote == "👩🏽‍🚀"
        combining = store.add_span(WORLD, WORLD.text.index("e\u0301"), WORLD.text.index(" end"), "demand")
        assert combining.quote == "e\u0301"
    with AnnotationStore.open(db) as store:
        assert [s.quote for s in store.spans("w1")] == ["👩🏽‍🚀", "e\u0301"]


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (6, 2), (0, len(TEXT) + 1)])
def test_bad_offsets_are_refused_without_saving(db, start, end):
    with AnnotationStore.open(db) as store:
        with pytest.raises(ValueError):
            store.add_span(ART, start, end, "demand")
        assert store.spans("a1") == [] and store.article("a1") is None
        with pytest.raises(ValueError):
            store.add_span(ART, 0, 3, "")


def test_update_delete_and_counts(db):
    with AnnotationStore.open(db) as store:
        a = store.add_span(ART, 0, 6, "demand")
        b = store.add_span(ART, 30, 50, "concession")
        assert store.label_counts() == {"a1": {"demand": 1, "concession": 1}}
        a2 = store.update_span(a.id, label="concession", note="check", flagged=True)
        assert (a2.label, a2.note, a2.flagged, a2.created) == ("concession", "check", True, a.created)
        a3 = store.update_span(a.id, start=7, end=13)
        assert a3.quote == "demand" and a3.label == "concession"
        assert store.update_span(a.id, label="concession") == a3  # no change, no history step
        assert store.label_counts() == {"a1": {"concession": 2}}
        assert store.delete_span(b.id) == b
        assert [s.id for s in store.spans("a1")] == [a.id]
        store.delete_span(a.id)
        assert store.label_counts() == {}
        with pytest.raises(KeyError):
            store.delete_span("nope")


def test_undo_redo_each_change_is_one_step_and_survives_restart(db):
    with AnnotationStore.open(db) as store:
        a = store.add_span(ART, 0, 6, "demand")
        batch = store.add_spans(ART, [(7, 13, "demand"), (30, 50, "concession")])
        store.update_span(a.id, label="concession")
        store.set_status("a1", "done")
        assert store.state("a1").status == "done"
    with AnnotationStore.open(db) as store:
        change = store.undo("a1")
        assert (change.kind, change.before, change.after) == ("status", "done", "todo")
        assert store.state("a1").status == "in progress"
        change = store.undo("a1")
        assert change.kind == "update" and change.after[0].label == "demand"
        change = store.undo("a1")
        assert change.kind == "add_spans" and {s.id for s in change.before} == {s.id for s in batch}
        assert change.after == ()
        assert [s.id for s in store.spans("a1")] == [a.id]
        assert store.can_redo("a1")
    with AnnotationStore.open(db) as store:
        assert store.can_redo("a1")
        change = store.redo("a1")
        assert change.kind == "add_spans" and len(store.spans("a1")) == 3
        store.undo("a1")
        store.undo("a1")
        assert store.spans("a1") == [] and store.state("a1").status == "todo"
        assert store.undo("a1") is None and not store.can_undo("a1")
        store.add_span(ART, 0, 3, "demand")  # a new change clears the redo stack
        assert not store.can_redo("a1") and store.redo("a1") is None
    with AnnotationStore.open(db) as store:
        assert not store.can_redo("a1") and store.can_undo("a1")


def test_status_and_read(db):
    with AnnotationStore.open(db) as store:
        assert store.state("x") == store.state("a1")
        assert store.state("a1").status == "todo" and not store.state("a1").read
        store.add_span(ART, 0, 6, "demand")
        assert store.state("a1").status == "in progress"
        store.set_status("a1", "flagged")
        store.set_read("a1", True)
        with pytest.raises(ValueError):
            store.set_status("a1", "in progress")
        store.undo("a1")  # undoes the status, not the read mark
        assert store.state("a1").status == "in progress" and store.state("a1").read
    with AnnotationStore.open(db) as store:
        assert store.state("a1").read


def test_ids_by_status_agree_with_state(db):
    with AnnotationStore.open(db) as store:
        assert store.ids_by_status() == {"read": set()}
        store.add_span(ART, 0, 6, "demand")
        store.set_status("b", "done")
        store.set_status("c", "flagged")
        store.set_status("d", "done")
        store.set_status("d", "todo")  # back to todo: listed nowhere
        store.set_read("c", True)
        by_status = store.ids_by_status()
        assert by_status == {"in progress": {"a1"}, "done": {"b"}, "flagged": {"c"}, "read": {"c"}}
        for status, ids in by_status.items():
            for article_id in ids:
                state = store.state(article_id)
                assert state.read if status == "read" else state.status == status


def test_stale_spans_are_kept_not_shifted(db):
    edited = Article(id="a1", title="Strike", text="Breaking: " + TEXT)
    with AnnotationStore.open(db) as store:
        old = store.add_span(ART, 7, 13, "demand")
        assert store.stale_spans(ART) == []
        assert store.stale_spans(edited) == [old]
        new = store.add_span(edited, 17, 23, "demand")  # the stored text follows the corpus
        assert store.article("a1").text == edited.text
        assert store.stale_spans(edited) == [old] and store.span(old.id) == old
        assert new.quote == "demand"


def test_import_spans_keeps_fields_validates_quote_skips_known(db):
    given = Span(
        id="imp1",
        article_id="elsewhere",
        text_sha256="",
        start=7,
        end=13,
        label="demand",
        quote="demand",
        annotator="alice",
        created="2020-01-01T00:00:00+00:00",
        updated="2020-01-02T00:00:00+00:00",
        origin="prodigy",
    )
    with AnnotationStore.open(db) as store:
        assert store.import_spans(ART, [given]) == 1
        got = store.span("imp1")
        assert (got.annotator, got.created, got.updated, got.origin) == (
            "alice",
            "2020-01-01T00:00:00+00:00",
            "2020-01-02T00:00:00+00:00",
            "prodigy",
        )
        assert got.article_id == "a1" and got.text_sha256 == ART.sha256
        assert store.import_spans(ART, [given]) == 0
        bad = given.with_changes(id="imp2", quote="dEmand")
        with pytest.raises(UserError, match="span imp2 .*quote 'dEmand' does not match"):
            store.import_spans(ART, [bad])
        with pytest.raises(UserError, match="imp3.*outside the text"):
            store.import_spans(ART, [given.with_changes(id="imp3", end=len(TEXT) + 5)])
        assert [s.id for s in store.spans("a1")] == ["imp1"]


HOLDER = """
import sys
from annotations.store.database import AnnotationStore
store = AnnotationStore.open(sys.argv[1], annotator="holder")
print("ready", flush=True)
sys.stdin.read()
"""


def test_second_writer_is_refused_and_a_killed_holder_frees_the_lock(db):
    with AnnotationStore.open(db) as store:
        store.add_span(ART, 0, 6, "demand")
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLocked) as info:
            AnnotationStore.open(db)
        assert f"is locked by pid {proc.pid} (" in str(info.value) and "since" in str(info.value)
        with AnnotationStore.open(db, read_only=True) as reader:
            assert len(reader.spans("a1")) == 1
            with pytest.raises(StoreReadOnly, match="read-only"):
                reader.add_span(ART, 0, 3, "demand")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with AnnotationStore.open(db) as store:  # the kernel dropped the dead holder's lock
        assert len(store.spans("a1")) == 1
        assert json.loads((db / "lock").read_text())["pid"] == os.getpid()


def test_read_only_of_missing_database_creates_nothing(db):
    with AnnotationStore.open(db, read_only=True) as store:
        assert store.spans("a1") == []
    assert not db.exists()


def test_corrupt_table_is_reported_and_left_alone(db):
    with AnnotationStore.open(db) as store:
        store.add_span(ART, 0, 6, "demand")
        store.compact()  # into its table's file
    table = table_file(db, "a1")
    table.write_bytes(table.read_bytes()[:-40])
    before = snapshot_files(db)
    for read_only in (False, True):
        with AnnotationStore.open(db, read_only=read_only) as store:  # open reads no article's table
            with pytest.raises(StoreCorrupt) as info:
                store.spans("a1")
            assert str(info.value).startswith(f"{table}:1: not valid JSON")
            with pytest.raises(StoreReadOnly if read_only else StoreCorrupt):  # nor writes over it
                store.add_span(ART, 7, 13, "demand")
    assert snapshot_files(db) == before


def test_corrupt_summary_is_reported_and_left_alone(db):
    with AnnotationStore.open(db) as store:
        store.add_span(ART, 0, 6, "demand")
        store.compact()
    summary = db / "summary.json"
    summary.write_bytes(summary.read_bytes()[:-10])
    before = snapshot_files(db)
    for read_only in (False, True):
        with pytest.raises(StoreCorrupt) as info:
            AnnotationStore.open(db, read_only=read_only)
        assert str(info.value).startswith(f"{summary}:1: malformed summary")
    assert snapshot_files(db) == before
    with pytest.raises(StoreCorrupt):  # not StoreLocked: the failed open released its lock
        AnnotationStore.open(db)


def test_malformed_snapshot_names_the_problem(db):
    db.mkdir()
    (db / "snapshot.json").write_text('{"_meta": {"1": {"format": 1, "seq": 0}}, "spans": {"1": {"id": "x"}}}')
    with pytest.raises(StoreCorrupt, match="snapshot.json: malformed snapshot"):
        AnnotationStore.open(db)
    (db / "snapshot.json").write_text('{"spans": {}}')
    with pytest.raises(StoreCorrupt, match="missing field '_meta'"):
        AnnotationStore.open(db)


FIRST_FORMAT_SPAN = {
    "id": "s1",
    "article_id": "a1",
    "text_sha256": ART.sha256,
    "start": 0,
    "end": 6,
    "label": "demand",
    "quote": "Unions",
    "note": "",
    "annotator": "ann",
    "created": "2024-01-01T00:00:00+00:00",
    "updated": "2024-01-01T00:00:00+00:00",
    "origin": "manual",
    "flagged": False,
}


def test_first_format_database_with_the_old_settings_table_opens_and_is_converted(db):
    db.mkdir()
    article = {
        "id": "a1",
        "title": ART.title,
        "text": TEXT,
        "source": "wire",
        "published": "",
        "url": "",
        "author": "",
        "location": "",
        "extra": {},
    }
    step = {
        "kind": "add",
        "description": "tag demand",
        "ids": ["s1"],
        "before": [],
        "after": [FIRST_FORMAT_SPAN],
        "annotator": "ann",
    }
    tables = {
        "_meta": {"1": {"format": 1, "seq": 1}},
        "articles": {"1": article},
        "spans": {"1": FIRST_FORMAT_SPAN},
        "state": {},
        "history": {"1": {"article_id": "a1", "undo": [step], "redo": []}},
        "settings": {"1": {"key": "theme", "value": "dark"}},  # written by earlier versions (empty there)
    }
    (db / "snapshot.json").write_text(json.dumps(tables))
    journal = {"seq": 2, "op": "read", "article_id": "a1", "read": True}
    (db / "journal.jsonl").write_text(json.dumps(journal) + "\n")
    with AnnotationStore.open(db, read_only=True) as store:  # read as it is, nothing written
        assert [s.quote for s in store.spans("a1")] == ["Unions"] and store.state("a1").read
    assert sorted(p.name for p in db.iterdir()) == ["journal.jsonl", "snapshot.json"]
    with AnnotationStore.open(db, annotator="ann") as store:
        assert any("converted" in w for w in store.warnings)
        assert [s.quote for s in store.spans("a1")] == ["Unions"]
        store.set_status("a1", "done")
    assert (db / "snapshot.json.format1").exists() and (db / "journal.jsonl.format1").exists()
    with AnnotationStore.open(db, read_only=True, annotator="ann") as store:
        assert store.state("a1") == ArticleState("done", True) and len(store.spans("a1")) == 1
        assert store.article("a1") == ART
    with AnnotationStore.open(db, annotator="ann") as store:
        assert store.undo("a1").description == "mark done"
        assert store.undo("a1").description == "tag demand" and store.spans("a1") == []


def test_database_path_that_is_a_file_is_refused(tmp_path):
    path = tmp_path / "old.json"
    path.write_text("{}")
    with pytest.raises(StoreCorrupt, match="not a newsdesk database"):
        AnnotationStore.open(path)
    assert path.read_text() == "{}"


@pytest.mark.parametrize("read_only", [False, True])
def test_a_folder_of_other_files_is_refused_and_left_as_it_is(tmp_path, read_only):
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(StoreCorrupt, match=r"not a newsdesk database \(it holds 'notes.txt' and no database file\)"):
        AnnotationStore.open(folder, read_only=read_only)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_an_empty_folder_becomes_a_database(tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    with AnnotationStore.open(folder, annotator="ann") as store:
        store.set_status("a1", "done")
    with AnnotationStore.open(folder, read_only=True) as store:
        assert store.state("a1").status == "done"


def _journal_store(db: Path) -> AnnotationStore:
    store = AnnotationStore.open(db)
    store.add_span(ART, 0, 6, "demand")
    store.add_span(ART, 7, 13, "demand")
    store.add_span(ART, 30, 50, "concession")
    return store


def _crash(store: AnnotationStore) -> None:
    """Drop the store as a killed process would: no compaction, lock released by the kernel."""
    store._release()


def test_corrupt_journal_line_in_the_middle_is_reported_and_left_alone(db):
    store = _journal_store(db)
    _crash(store)
    journal = db / "journal.jsonl"
    lines = journal.read_bytes().split(b"\n")
    lines[1] = b"{" + lines[1]
    journal.write_bytes(b"\n".join(lines))
    before = snapshot_files(db)
    with pytest.raises(StoreCorrupt) as info:
        AnnotationStore.open(db)
    assert str(info.value).startswith(f"{journal}:2: corrupt journal line (not valid JSON")
    assert snapshot_files(db) == before


def test_journal_gap_is_corruption(db):
    store = _journal_store(db)
    _crash(store)
    journal = db / "journal.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(lines[0] + lines[2])
    with pytest.raises(StoreCorrupt, match="journal.jsonl:2: journal skips from change 1 to 3"):
        AnnotationStore.open(db)


@pytest.mark.parametrize("tail", [b'{"seq":4,"op":"do","artic', b"\x00\x00\x00\x00", b'{"seq":4,"op"\n'])
def test_torn_last_line_is_dropped(db, tail):
    store = _journal_store(db)
    _crash(store)
    journal = db / "journal.jsonl"
    journal.write_bytes(journal.read_bytes() + tail)
    with AnnotationStore.open(db, read_only=True) as reader:
        assert len(reader.spans("a1")) == 3
    with AnnotationStore.open(db) as store:
        assert len(store.spans("a1")) == 3
        assert any("unfinished last write" in w for w in store.warnings)
        store.add_span(ART, 0, 3, "demand")
    with AnnotationStore.open(db) as store:
        assert len(store.spans("a1")) == 4


def test_replay_after_crash_and_no_double_apply_after_interrupted_compaction(db):
    store = _journal_store(db)
    store.undo("a1")
    _crash(store)
    journal = db / "journal.jsonl"
    old_journal = journal.read_bytes()
    with AnnotationStore.open(db) as store:  # replays
        assert len(store.spans("a1")) == 2 and store.can_redo("a1")
        store.compact()
    assert journal.read_bytes() == b""
    journal.write_bytes(old_journal)  # as if killed after the snapshot, before the journal reset
    with AnnotationStore.open(db) as store:
        assert len(store.spans("a1")) == 2
        assert store.redo("a1") is not None and not store.can_redo("a1")
        assert len(store.spans("a1")) == 3


def _fail(monkeypatch, name: str, code: int, *, after_bytes: int | None = None) -> None:
    real = getattr(os, name)

    def failing(fd, *args):
        if name == "write" and after_bytes is not None and args and len(args[0]) > after_bytes:
            real(fd, bytes(args[0][:after_bytes]))  # a short write, then the disk is full
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, name, failing)


@pytest.mark.parametrize(
    ("name", "code", "after"),
    [
        ("write", errno.ENOSPC, None),
        ("write", errno.ENOSPC, 10),
        ("write", errno.EROFS, None),
        ("fsync", errno.EIO, None),
        ("write", errno.EACCES, None),
    ],
)
def test_failed_write_changes_nothing_and_harms_nothing(db, monkeypatch, name, code, after):
    store = _journal_store(db)
    first = store.spans("a1")
    saved = (db / "journal.jsonl").read_bytes()
    with monkeypatch.context() as patch:
        _fail(patch, name, code, after_bytes=after)
        with pytest.raises(StoreWriteError, match=f"cannot save .*{os.strerror(code)}.*not saved"):
            store.add_span(ART, 52, 70, "casualty figure")
        with pytest.raises(StoreWriteError):
            store.undo("a1")
        with pytest.raises(StoreWriteError):
            store.set_status("a1", "done")
    assert store.spans("a1") == first
    assert store.state("a1").status == "in progress" and store.can_undo("a1") and not store.can_redo("a1")
    assert (db / "journal.jsonl").read_bytes() == saved
    store.add_span(ART, 52, 70, "casualty figure")  # the disk has space again
    _crash(store)
    with AnnotationStore.open(db) as store:
        assert len(store.spans("a1")) == 4


def test_failed_compaction_at_close_keeps_the_journal(db, monkeypatch):
    monkeypatch.setattr(database, "COMPACT_AT_CLOSE", 1)  # this close compacts (three changes)
    store = _journal_store(db)
    with monkeypatch.context() as patch:
        _fail(patch, "fsync", errno.ENOSPC)
        store.close()
    assert store.warnings and "the journal keeps every change" in store.warnings[-1]
    assert not (db / "summary.json").exists()
    with AnnotationStore.open(db) as store:
        assert len(store.spans("a1")) == 3


def test_read_only_data_directory_is_refused_with_a_hint(db):
    with AnnotationStore.open(db) as store:
        store.add_span(ART, 0, 6, "demand")
    if os.geteuid() == 0:
        pytest.skip("root ignores directory permissions")
    (db / "lock").unlink()
    db.chmod(0o555)
    try:
        with pytest.raises(StoreWriteError, match="--read-only"):
            AnnotationStore.open(db)
        with AnnotationStore.open(db, read_only=True) as reader:
            assert len(reader.spans("a1")) == 1
    finally:
        db.chmod(0o755)


def test_tinydb_opens_the_database_as_the_readme_shows(db):
    from tinydb import Query, TinyDB

    from annotations.store.storage import ArticleStorage

    with AnnotationStore.open(db) as store:
        store.add_span(ART, 0, 6, "demand")
    store = AnnotationStore.open(db)
    store.add_span(WORLD, 0, 4, "concession")  # still in the journal: TinyDB sees it too
    tiny = TinyDB(db, storage=ArticleStorage)
    assert tiny.tables() == {"a1", "w1"}
    assert [d["quote"] for d in tiny.table("a1").search(Query().kind == "span")] == ["Unions"]
    assert [d["quote"] for d in tiny.table("w1").search(Query().label == "concession")] == ["Café"]
    assert tiny.table("a1").get(Query().kind == "article")["text"] == TEXT
    store.close()


def test_labels_per_article_come_from_the_summary_and_agree_with_the_spans(db):
    with AnnotationStore.open(db) as store:
        store.add_spans(ART, [(0, 6, "demand"), (7, 13, "demand"), (27, 51, "concession")])
        store.delete_span(store.spans("a1")[0].id)
        assert store.labels("a1") == {"demand": 1, "concession": 1} == store.label_counts()["a1"]
        assert store.labels("nothing") == {}
    with AnnotationStore.open(db, read_only=True) as store:
        assert store.labels("a1") == {"demand": 1, "concession": 1}


def test_status_before_reads_the_history_back(db):
    with AnnotationStore.open(db) as store:
        assert store.status_before("a1") == "todo"  # never stored
        store.set_status("a1", "done")
        store.set_status("a1", "flagged")
        assert store.status_before("a1") == "done"
        store.set_status("a1", "rejected")
        assert store.status_before("a1") == "flagged"
    with AnnotationStore.open(db) as store:  # from the history as stored
        assert store.status_before("a1") == "flagged"


def test_every_status_survives_compaction(db):
    """The summary once knew only todo/done/flagged: a rejected article made a compacted database unreadable."""
    from annotations.store.schema import STATUSES

    with AnnotationStore.open(db) as store:
        for status in STATUSES:
            store.set_status(status, status)
        store.compact()
    with AnnotationStore.open(db) as store:
        assert [store.state(status).status for status in STATUSES] == list(STATUSES)
