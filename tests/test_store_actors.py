"""The actor book in the store: one per database, durable before it is acknowledged, undone and
redone with the article it was set in, checked on load, never listed as an article."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.actors import ActorBook
from annotations.store.database import AnnotationStore, HistoryConflict, StoreCorrupt
from annotations.store.schema import ACTORS_TABLE
from annotations.store.storage import table_file
from reader.core.article import Article
from reader.core.errors import UserError

TEXT = "Hamas is demanding a longer release. The movement said so."
ART = Article(id="a1", title="Talks", text=TEXT, source="wire")
OTHER = Article(id="a2", title="More talks", text="Qatar mediates.", source="wire")
HAMAS = ActorBook().add_alias("Hamas", "the movement")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


def names(book: ActorBook) -> list[tuple[str, tuple[str, ...]]]:
    return [(a.name, a.aliases) for a in book]


def test_the_book_is_on_disk_before_set_actors_returns(db, tmp_path):
    store = AnnotationStore.open(db, annotator="ann")
    store.remember_article(ART)
    store.set_actors("a1", HAMAS, "“the movement” = Hamas")
    crashed = tmp_path / "crashed.db"  # the writer still runs: what a crash now would leave
    shutil.copytree(db, crashed, ignore=shutil.ignore_patterns("lock"))
    with AnnotationStore.open(crashed, read_only=True) as copy:
        assert copy.actors() == HAMAS
    store.close()
    with AnnotationStore.open(db, read_only=True) as again:
        assert again.actors() == HAMAS
        assert again.article_ids() == ["a1"]  # the book's table is no article


def test_a_killed_writer_keeps_the_acknowledged_book(db):
    script = (
        "import os, sys\n"
        "from annotations.store.database import AnnotationStore\n"
        "from annotations.actors import ActorBook\n"
        "store = AnnotationStore.open(sys.argv[1], annotator='ann')\n"
        "store.set_actors('a1', ActorBook().add_alias('Hamas', 'the movement'), 'set')\n"
        "os._exit(9)  # no close, no compaction\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db)], check=False, cwd=Path(__file__).parent.parent)
    with AnnotationStore.open(db) as store:
        assert store.actors() == HAMAS


def test_the_book_is_undone_and_redone_in_the_article_it_was_set_in(db):
    with AnnotationStore.open(db, annotator="ann") as store:
        store.set_actors("a1", ActorBook().add("Hamas"), "new actor Hamas")
        store.set_actors("a1", HAMAS, "“the movement” = Hamas")
        assert store.set_actors("a1", HAMAS, "again") == HAMAS  # no change, no step
        assert store.undo("a2") is None  # another article's history does not hold it
        change = store.undo("a1")
        assert (change.kind, change.description) == ("actors", "“the movement” = Hamas")
        assert names(store.actors()) == [("Hamas", ())]
        store.undo("a1")
        assert len(store.actors()) == 0
        store.redo("a1")
    with AnnotationStore.open(db, annotator="ann") as store:  # the history survives a restart
        assert names(store.actors()) == [("Hamas", ())]
        store.redo("a1")
        assert store.actors() == HAMAS


def test_an_undo_is_refused_when_the_book_changed_since(db):
    with AnnotationStore.open(db, annotator="ann") as store:
        store.set_actors("a1", HAMAS, "“the movement” = Hamas")
    with AnnotationStore.open(db, annotator="bea") as store:
        store.set_actors("a2", HAMAS.add("Qatar"), "new actor Qatar")
    with AnnotationStore.open(db, annotator="ann") as store:
        with pytest.raises(HistoryConflict, match="cannot undo ““the movement” = Hamas”"):
            store.undo("a1")
        assert names(store.actors()) == [("Hamas", ("the movement",)), ("Qatar", ())]


def test_an_article_cannot_take_the_books_table(db):
    with AnnotationStore.open(db) as store, pytest.raises(UserError, match="reserved for the actor book"):
        store.remember_article(Article(id=ACTORS_TABLE, title="x", text="x"))


def test_import_adds_names_and_says_when_a_name_joins_them_to_another_actor(db):
    with AnnotationStore.open(db, annotator="ann") as store:
        store.set_actors("a1", ActorBook().add_alias("Israel", "the movement"), "mine")
        added, problems = store.import_actors("a1", HAMAS.add_alias("Qatar", "Doha"))
        assert added == 3  # Hamas (to Israel, by "the movement"), Qatar, Doha
        assert problems == ["actor 'Hamas': joined to the actor 'Israel', which 'the movement' names"]
        assert names(store.actors()) == [("Israel", ("the movement", "Hamas")), ("Qatar", ("Doha",))]
        store.undo("a1")
        assert names(store.actors()) == [("Israel", ("the movement",))]


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        ({"actors": [{"name": 7}]}, "an actor must be an object with a 'name' string"),
        ({"actors": [{"name": "Hamas", "aliases": "the movement"}]}, "'aliases' must be a list of strings"),
        ({"actors": [{"name": "Hamas"}, {"name": "HAMAS"}]}, "'HAMAS' already names the actor 'Hamas'"),
        ({"actors": "Hamas"}, "actor book field 'actors' must be a list"),
    ],
)
def test_a_damaged_book_is_one_line_naming_the_file_and_record(db, damage, problem):
    with AnnotationStore.open(db) as store:
        store.set_actors("a1", HAMAS, "set")
        store.compact()
    path = table_file(db, ACTORS_TABLE)
    data = json.loads(path.read_text(encoding="utf-8"))
    [doc_id] = data[ACTORS_TABLE]
    data[ACTORS_TABLE][doc_id].update(damage)
    path.write_text(json.dumps(data), encoding="utf-8")
    for read_only in (False, True):  # found when the database opens, before anyone reads a name
        with pytest.raises(StoreCorrupt) as err:
            AnnotationStore.open(db, read_only=read_only)
        message = str(err.value)
        assert problem in message and f"{path}:{doc_id}:" in message and "\n" not in message
        assert message.endswith(
            "; left as it is (the file of the actor book, newsdesk:actors): repair it, or move it away "
            "to open the database without the actor names"
        )
    assert json.loads(path.read_text(encoding="utf-8")) == data  # left as it is


def test_the_command_line_says_a_damaged_book_in_one_line(db, capsys):
    from reader.cli.main import main

    with AnnotationStore.open(db) as store:
        store.set_actors("a1", HAMAS, "set")
        store.compact()
    path = table_file(db, ACTORS_TABLE)
    path.write_text(path.read_text(encoding="utf-8").replace('"aliases":[', '"aliases":[7,'), encoding="utf-8")
    assert main(["timeline", "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "'aliases' must be a list of strings; left as it is" in err
