"""The store never fails silently: a deleted folder or journal, a failing undo, wrong types in its files.

The fuzzer changes one field of one record at a time to a value of the wrong type, in
every kind of record the store writes (summary entries, article/span/state/step
documents in a table file, journal lines and the documents they carry, spans inside
history steps), a bounded sample with a fixed seed. Each damaged database must give
one ``file:record: problem`` line (``StoreCorrupt``) when the damaged record is read,
never a traceback, and leave the damaged file as it was.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from annotations.formats.exporter import StoreRecords
from annotations.store.article_table import ArticleTable
from annotations.store.database import AnnotationStore, StoreCorrupt, StoreWriteError
from reader.core.article import Article

TEXT = "Unions demand a 10% raise. The ministry offered 4%.\nAt least 12 people were hurt."
ART = Article(id="a1", title="Strike", text=TEXT, source="wire", extra={"feed": "wire"})
OTHER = Article(id="a2", title="Other", text="Rebels agreed to withdraw from the town.")


def test_a_deleted_database_folder_is_detected_at_the_next_save(tmp_path):
    db = tmp_path / "annotations.db"
    store = AnnotationStore.open(db)
    span = store.add_span(ART, 0, 6, "demand")
    shutil.rmtree(db)
    for change in (
        lambda: store.add_span(ART, 7, 13, "demand"),
        lambda: store.set_status("a1", "done"),
        lambda: store.undo("a1"),
    ):
        with pytest.raises(StoreWriteError, match="folder was deleted or replaced while open; the change was not"):
            change()
    assert store.spans("a1") == [span]  # what the session had is still shown
    store.close()
    assert any("deleted or replaced" in w and "lost" in w for w in store.warnings)  # the quit says so too
    assert not db.exists()  # and nothing pretends to be the database


def test_a_deleted_journal_is_detected_at_the_next_save(tmp_path):
    db = tmp_path / "annotations.db"
    store = AnnotationStore.open(db)
    store.add_span(ART, 0, 6, "demand")
    (db / "journal.jsonl").unlink()
    with pytest.raises(StoreWriteError, match="journal was deleted while open; the change was not saved"):
        store.add_span(ART, 7, 13, "demand")
    assert len(store.spans("a1")) == 1
    store._release()


def test_a_failing_undo_writes_nothing(tmp_path, monkeypatch):
    db = tmp_path / "annotations.db"
    store = AnnotationStore.open(db)
    store.add_span(ART, 0, 6, "demand")
    journal = (db / "journal.jsonl").read_bytes()

    def broken(self, step, side):
        raise RuntimeError("disk gremlin")

    with monkeypatch.context() as patch:
        patch.setattr(ArticleTable, "apply", broken)
        with pytest.raises(RuntimeError):
            store.undo("a1")
    assert (db / "journal.jsonl").read_bytes() == journal
    assert len(store.spans("a1")) == 1 and store.can_undo("a1") and not store.can_redo("a1")
    store._release()  # as if killed: the next open replays the journal as it is
    with AnnotationStore.open(db) as store:
        assert store.undo("a1").description == "tag demand" and store.spans("a1") == []


# ---- the fuzzer ----------------------------------------------------------------------

WRONG = (True, 7, "x", ["x"], {"x": 1})
CASES = 160


def build(db: Path) -> None:
    """Every record kind: compacted tables and summary, then journal lines (a crash before compaction)."""
    with AnnotationStore.open(db, annotator="ann") as store:
        a = store.add_span(ART, 0, 6, "demand", note="n")
        store.add_spans(ART, [(7, 13, "demand"), (27, 51, "concession")])
        store.update_span(a.id, flagged=True)
        store.set_status("a1", "flagged")
        store.set_read("a1")
        store.undo("a1")
        store.add_span(OTHER, 0, 6, "demand")
        store.compact()
    store = AnnotationStore.open(db, annotator="ann")
    store.set_status("a1", "done")
    store.add_span(OTHER, 7, 13, "concession")
    store.undo("a2")
    store.set_read("a2")
    store._release()


def paths_in(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON value (dict keys and list indexes), except the tables' own names."""
    out = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in items:
        place = (*prefix, key)
        named = prefix[-1:] in (("tables",), ("put",)) or (
            prefix == () and isinstance(key, str) and not prefix and key not in ("format", "seq", "tables")
        )
        if not named:
            out.append(place)
        out.extend(paths_in(child, place))
    return out


def mutations(db: Path) -> list[tuple[str, int | None, tuple]]:
    """(file relative to db, journal line or None, path in its JSON) for every field of every record."""
    out = []
    for file in sorted(p for p in db.rglob("*.json")):
        rel = str(file.relative_to(db))
        out += [(rel, None, place) for place in paths_in(json.loads(file.read_text()))]
    for number, line in enumerate((db / "journal.jsonl").read_text().splitlines()):
        out += [("journal.jsonl", number, place) for place in paths_in(json.loads(line))]
    return out


def mutate(db: Path, rel: str, line: int | None, place: tuple, rng: random.Random) -> bool:
    file = db / rel
    lines = file.read_text().splitlines()
    data = json.loads(lines[line] if line is not None else file.read_text())
    parent = data
    for key in place[:-1]:
        parent = parent[key]
    old = parent[place[-1]]
    choices = [w for w in WRONG if type(w) is not type(old)]
    parent[place[-1]] = rng.choice(choices)
    if line is not None:
        lines[line] = json.dumps(data)
        file.write_text("\n".join(lines) + "\n")
    else:
        file.write_text(json.dumps(data))
    return True


def read_everything(db: Path, read_only: bool) -> None:
    with AnnotationStore.open(db, annotator="ann", read_only=read_only) as store:
        store.label_counts()
        store.ids_by_status()
        for aid in store.article_ids():
            store.article(aid)
            store.spans(aid)
            store.state(aid)
            store.can_undo(aid)
            store.can_redo(aid)
    for record in StoreRecords(db):
        assert record.article.text


def test_wrong_types_in_every_kind_of_record_are_reported_with_file_and_record(tmp_path):
    base = tmp_path / "base"
    build(base)
    places = mutations(base)
    rng = random.Random(16)
    sample = rng.sample(places, min(CASES, len(places)))
    kinds = {rel.split("/")[0] for rel, _, _ in sample}
    assert kinds == {"summary.json", "tables", "journal.jsonl"}
    for n, (rel, line, place) in enumerate(sample):
        db = tmp_path / f"case{n}"
        shutil.copytree(base, db)
        mutate(db, rel, line, place, rng)
        damaged = (db / rel).read_bytes()
        where = f"{rel}{'' if line is None else f' line {line + 1}'} at {place}"
        for read_only in (True, False):
            with pytest.raises(StoreCorrupt) as info:
                read_everything(db, read_only)
            message = str(info.value)
            assert message.startswith(str(db / rel)), (where, message)
            assert message.endswith("; left as it is") or "; left as it is (the file of " in message, (where, message)
            assert "\n" not in message
            assert (db / rel).read_bytes() == damaged, where
        shutil.rmtree(db)


WRITER = """
import sys
from annotations.store.database import AnnotationStore
from reader.core.article import Article
art = Article(id="a1", title="Strike", text="Unions demand a 10% raise. The ministry offered 4%.")
store = AnnotationStore.open(sys.argv[1], annotator="ann")
print("ready", flush=True)
for i in range(int(sys.argv[2])):
    store.add_span(art, i % 40, i % 40 + 5, "demand")
    if i % 2:
        store.compact()
store.close()
"""


def test_readers_racing_the_writers_compactions_never_see_damage_or_go_back(tmp_path):
    """A reader opening while the writer compacts (another process) reads a prefix of its saves."""
    import subprocess
    import sys

    db = tmp_path / "annotations.db"
    root = Path(__file__).resolve().parents[1]
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), "300"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**__import__("os").environ, "PYTHONPATH": str(root)},
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        seen = [0]
        while writer.poll() is None:
            with AnnotationStore.open(db, read_only=True) as reader:
                seen.append(len(reader.spans("a1")))
        assert writer.returncode == 0
    finally:
        writer.wait()
    assert seen == sorted(seen) and len(seen) > 3
    with AnnotationStore.open(db, read_only=True) as reader:
        assert len(reader.spans("a1")) == 300


def _saved_and_compacted(db: Path, rounds: int) -> None:
    art = Article(id="a1", title="Strike", text="Unions demand a 10% raise. The ministry offered 4%.")
    with AnnotationStore.open(db, annotator="ann") as store:
        for i in range(rounds):
            store.add_span(art, i % 40, i % 40 + 5, "demand")
            if i % 2:
                store.compact()


def test_a_reader_whose_summary_was_replaced_before_it_read_the_journal_reads_again(tmp_path, monkeypatch):
    """The race the test above hits now and then, made certain: the reader reads the summary, the
    writer compacts (a new summary, the journal emptied, a save after), the reader reads the
    journal. Its file stats may not show the new summary (inode numbers are reused), so the
    journal starting past the summary is what makes it read again."""
    import annotations.store.opening as opening

    db = tmp_path / "annotations.db"
    _saved_and_compacted(db, 4)
    stale = (db / "summary.json").read_bytes()  # what the reader read before the compaction
    _saved_and_compacted(db, 3)  # compacts, then one save stays in the journal
    reads = [stale]
    real = opening.read_summary_file
    monkeypatch.setattr(opening, "read_summary_file", lambda path: reads.pop() if reads else real(path))
    with AnnotationStore.open(db, read_only=True) as reader:
        assert len(reader.spans("a1")) == 7


def test_a_summary_left_behind_its_journal_is_still_damage(tmp_path):
    db = tmp_path / "annotations.db"
    _saved_and_compacted(db, 4)
    stale = (db / "summary.json").read_bytes()
    _saved_and_compacted(db, 3)
    (db / "summary.json").write_bytes(stale)  # restored from an old copy: stays behind at every read
    for read_only in (True, False):
        with pytest.raises(StoreCorrupt, match=r"journal\.jsonl:1: journal skips from change 4 to 7"):
            AnnotationStore.open(db, read_only=read_only)


@pytest.mark.parametrize("table", ["article", "history", "actors"])
def test_a_damaged_table_file_says_whose_table_it_is(tmp_path, table):
    """Table files are named by a hash: the line must say which article (or book) the file holds."""
    from annotations.actors import ActorBook
    from annotations.store.schema import ACTORS_TABLE, history_table
    from annotations.store.tablefiles import table_file
    from reader.core.article import Article

    db = tmp_path / "db"
    article = Article(id="a1", title="T", text="Hamas demanded a ceasefire.")
    with AnnotationStore.open(db, annotator="ann") as store:
        store.remember_article(article)
        store.add_span(article, 0, 5, "actor")
        store.set_actors("a1", ActorBook().add("Hamas"), "name Hamas")
        store.compact()
    name = {"article": "a1", "history": history_table("a1"), "actors": ACTORS_TABLE}[table]
    path = table_file(db, name)
    path.write_bytes(path.read_bytes()[:30])
    label = {
        "article": "the file of article 'a1'",
        "history": "the file of the undo history of article 'a1'",
        "actors": "the file of the actor book, newsdesk:actors",
    }[table]
    with pytest.raises(StoreCorrupt) as err:
        with AnnotationStore.open(db, annotator="ann") as store:
            store.spans("a1")
            store.undo("a1")
    assert str(err.value).startswith(f"{path}:1: not valid JSON")
    assert f"; left as it is ({label})" in str(err.value)
