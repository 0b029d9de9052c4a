"""Status keys pressed in any order: turning a status off gives back the status it replaced.

Every sequence of up to five presses of the four status keys (d, !, ctrl+x, ctrl+o) is
played on the store and compared with the rule told as a stack: setting a status pushes
the one it replaced, turning it off pops that back."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.store.database import AnnotationStore
from reader.core.article import Article

ART = Article(id="a1", title="Strike", text="Unions demand a 10% raise.", source="wire")
KEYS = ("done", "flagged", "rejected", "ignored")  # d, !, ctrl+x, ctrl+o


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


def press(status: str, replaced: tuple[str, ...], key: str) -> tuple[str, tuple[str, ...]]:
    """The model: a status key pressed on ``status``, which stands on ``replaced``."""
    if status == key:
        return (replaced[-1], replaced[:-1]) if replaced else ("todo", ())
    return key, (*replaced, status)


def test_every_sequence_of_status_keys_gives_back_what_each_status_replaced(db):
    """Depth first over the 1,364 sequences of up to five presses; u steps back up the tree,
    so each undo must also bring back the status (and what it stands on) as it was."""
    seen = 0
    with AnnotationStore.open(db) as store:
        store.remember_article(ART)

        def walk(keys: tuple[str, ...], status: str, replaced: tuple[str, ...]) -> None:
            nonlocal seen
            if len(keys) == 5:
                return
            for key in KEYS:
                expected, below = press(status, replaced, key)
                store.toggle_status(ART.id, key)
                assert store.state(ART.id).status == expected, (*keys, key)
                assert store.status_before(ART.id) == (below[-1] if below else "todo"), (*keys, key)
                seen += 1
                walk((*keys, key), expected, below)
                assert store.undo(ART.id) is not None
                assert store.state(ART.id).status == status, (*keys, key, "undone")

        walk((), "todo", ())
    assert seen == 4 + 4**2 + 4**3 + 4**4 + 4**5


def test_the_reported_sequence_ends_flagged_and_survives_a_reopen(db):
    """done, flag, reject, ignore, un-ignore, flag: un-ignoring gave back "flagged" (skipping
    the reject it replaced), and the last flag was taken as an un-flag that restored "ignored"."""
    with AnnotationStore.open(db) as store:
        store.remember_article(ART)
        for key in ("done", "flagged", "rejected", "ignored"):
            store.toggle_status(ART.id, key)
        assert store.toggle_status(ART.id, "ignored").status == "rejected"
        assert store.toggle_status(ART.id, "flagged").status == "flagged"
    with AnnotationStore.open(db) as store:  # from the history as stored
        assert [store.toggle_status(ART.id, key).status for key in ("flagged", "rejected", "flagged")] == [
            "rejected",
            "flagged",
            "done",
        ]
