"""The actor book in the store: one per database, changed as one durable, undoable step.

Why a step on an article's history: the analyst names an actor while reading an article
("the movement" is Hamas), and ``u`` there must take it back like any other change. So the
step lives on that article's undo stack and changes the book's own table (``ACTORS_TABLE``)
in the same journal line. A step holds the whole book before and after: a book is a handful
of names, and an undo is refused (``HistoryConflict``) when the book has changed since, as
with any change someone made after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotations.actors import ActorBook
from annotations.store.article_table import ArticleTable
from annotations.store.schema import ACTORS_TABLE
from reader.core.errors import UserError

if TYPE_CHECKING:
    from annotations.store.storage import ArticleStorage


class ActorEdits:
    """The actor book (``AnnotationStore`` provides ``_table``, ``_save`` and ``storage``)."""

    annotator: str
    storage: ArticleStorage

    def _table(self, article_id: str) -> ArticleTable:
        raise NotImplementedError

    def _save(self, action, *args):  # noqa: ANN001, ANN202
        raise NotImplementedError

    def _actor_table(self) -> ArticleTable:
        return ArticleTable(self.storage, ACTORS_TABLE)

    def actors(self) -> ActorBook:
        """The database's actors: canonical names and their aliases (empty until one is set)."""
        if not self.storage.has_table(ACTORS_TABLE):
            return ActorBook()
        return ActorBook.from_dict(self._actor_table().actors())

    def set_actors(self, article_id: str, book: ActorBook, description: str) -> ActorBook:
        """Store ``book`` as the database's actors, as a step of ``article_id``'s history (undoable there)."""
        if article_id == ACTORS_TABLE:
            raise UserError(f"{ACTORS_TABLE!r} is the actor book, not an article")
        old = self.actors()
        if book == old:
            return old
        step: dict[str, Any] = {
            "kind": "actors",
            "description": description,
            "ids": [],
            "before": old.to_dict(),
            "after": book.to_dict(),
            "annotator": self.annotator,
        }
        table = self._table(article_id)

        def change() -> None:
            table.apply(step, "after")
            table.push(step)

        self._save(change)
        return book

    def import_actors(self, article_id: str, book: ActorBook) -> tuple[int, list[str]]:
        """Add ``book``'s actors and aliases to the stored book, as one step of ``article_id``.

        An imported actor one of whose names the stored book knows is that stored actor (its
        canonical name stays the database's) and gets the other names as aliases, said in one line
        when the canonical names differ; a name the stored book gives yet another actor stays that
        actor's, said in one line. Returns (names added, problems)."""
        merged, added, problems = self.actors(), 0, []
        for actor in book:
            known = next(((name, found) for name in actor.names if (found := merged.resolve(name)) is not None), None)
            target = known[1].name if known is not None else actor.name
            if known is not None and known[1].name != actor.name:
                problems.append(f"actor {actor.name!r}: joined to the actor {target!r}, which {known[0]!r} names")
            for name in actor.names:
                try:
                    after = merged.add_alias(target, name)
                except UserError as err:
                    problems.append(f"actor {actor.name!r}: {err}")
                    continue
                added += after != merged
                merged = after
        if added:
            self.set_actors(article_id, merged, f"import {added} actor name{'s' * (added != 1)}")
        return added, problems
