"""Actor identities: one canonical name per party in a corpus, and the names it goes by.

Why: the same party is written many ways ("Hamas", "the Islamic Resistance Movement (Hamas)",
"the movement", "Hamas's"), and a timeline row per spelling would split one actor's demands
across rows. The analyst sets a canonical name once per corpus and links other mentions to it as
aliases; ``ActorBook.canonical`` then names every mention's actor, and ``suggest_aliases`` offers
the entity panel's mentions that look like the same party.

Matching ignores case, surrounding quotes and brackets, a leading "the", a possessive "'s" and
runs of spaces: "The Movement's" is "the movement". A name or alias belongs to one actor only:
giving it to a second one is refused with a message saying whose it is.

The book is an immutable value: each change returns a new book, so undo is keeping the old one,
and storage (``to_dict``/``from_dict``) is the store's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reader.core.errors import UserError

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_EDGES = " \t\n\"'()[]{}.,;:"
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s?$")


def actor_key(mention: str) -> str:
    """The form two mentions of one actor share: "The Movement's" -> "movement"."""
    text = " ".join(mention.translate(_QUOTES).split()).strip(_EDGES)
    text = _POSSESSIVE.sub("", _THE.sub("", text)).strip(_EDGES)
    return text.casefold()


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class ActorBook:
    """The corpus's actors, each a canonical name and its aliases."""

    actors: tuple[Actor, ...] = ()
    _owner: dict[str, Actor] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        owner: dict[str, Actor] = {}
        for actor in self.actors:
            for name in actor.names:
                key = actor_key(name)
                if not key:
                    raise UserError(f"actor name {name!r} is empty once quotes, 'the' and \"'s\" are set aside")
                if key in owner and owner[key] is not actor:
                    raise UserError(f"{name!r} already names the actor {owner[key].name!r}")
                owner[key] = actor
        object.__setattr__(self, "_owner", owner)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors)

    def __len__(self) -> int:
        return len(self.actors)

    def resolve(self, mention: str) -> Actor | None:
        """The actor ``mention`` names, or None if no actor has that name or alias."""
        return self._owner.get(actor_key(mention))

    def canonical(self, mention: str) -> str:
        """The canonical name of the mention's actor; an unknown mention stands for itself, trimmed."""
        actor = self.resolve(mention)
        return actor.name if actor else " ".join(mention.split()).strip(_EDGES)

    def add(self, name: str) -> ActorBook:
        """The book with a new actor named ``name``."""
        name = " ".join(name.split())
        if self.resolve(name):
            raise UserError(f"{name!r} already names the actor {self.resolve(name).name!r}")
        return ActorBook((*self.actors, Actor(name)))

    def add_alias(self, name: str, alias: str) -> ActorBook:
        """The book with ``alias`` naming the actor ``name`` (made if the book has none by that name)."""
        book = self if self.resolve(name) else self.add(name)
        actor = book.resolve(name)
        alias = " ".join(alias.split())
        owner = book.resolve(alias)
        if owner is actor:
            return book
        if owner is not None:
            raise UserError(f"{alias!r} already names the actor {owner.name!r}")
        return book._replace(actor, Actor(actor.name, (*actor.aliases, alias)))

    def remove_alias(self, alias: str) -> ActorBook:
        actor = self.resolve(alias)
        if actor is None or actor_key(actor.name) == actor_key(alias):
            raise UserError(f"{alias!r} is no alias of any actor")
        kept = tuple(a for a in actor.aliases if actor_key(a) != actor_key(alias))
        return self._replace(actor, Actor(actor.name, kept))

    def rename(self, mention: str, new_name: str) -> ActorBook:
        """The actor ``mention`` names, with ``new_name`` as its canonical name (the old one kept as alias)."""
        actor = self.resolve(mention)
        if actor is None:
            raise UserError(f"no actor is named {mention!r}")
        new_name = " ".join(new_name.split())
        owner = self.resolve(new_name)
        if owner is not None and owner is not actor:
            raise UserError(f"{new_name!r} already names the actor {owner.name!r}")
        aliases = tuple(a for a in actor.names if actor_key(a) != actor_key(new_name))
        return self._replace(actor, Actor(new_name, aliases))

    def merge(self, keep: str, other: str) -> ActorBook:
        """One actor: ``other``'s names become aliases of ``keep``'s actor."""
        kept, gone = self.resolve(keep), self.resolve(other)
        if kept is None or gone is None:
            raise UserError(f"no actor is named {(other if kept else keep)!r}")
        if kept is gone:
            return self
        merged = Actor(kept.name, (*kept.aliases, *gone.names))
        return ActorBook(tuple(merged if a is kept else a for a in self.actors if a is not gone))

    def suggest_aliases(self, name: str, mentions: Iterable[str]) -> list[str]:
        """Mentions (from the entity panel) that look like the actor ``name`` and are no one's name yet.

        A mention looks like the actor when it holds one of its names as whole words
        ("the Islamic Resistance Movement (Hamas)", "Hamas movement"), or is held in one
        ("Netanyahu" for "Benjamin Netanyahu").
        """
        actor = self.resolve(name)
        names = [actor_key(n) for n in (actor.names if actor else (name,))]
        seen: set[str] = set()
        out: list[str] = []
        for mention in mentions:
            key = actor_key(mention)
            if not key or key in seen or key in names or self.resolve(mention):
                continue
            seen.add(key)
            if any(_holds(key, n) or _holds(n, key) for n in names):
                out.append(" ".join(mention.split()))
        return out

    def naming(self, mentions: Iterable[str]) -> ActorBook:
        """The book of the actors the ``mentions`` name (an export's: those its spans name)."""
        named = {id(actor): actor for m in mentions if (actor := self.resolve(m)) is not None}
        return ActorBook(tuple(a for a in self.actors if id(a) in named))

    def to_dict(self) -> dict[str, Any]:
        return {"actors": [{"name": a.name, "aliases": list(a.aliases)} for a in self.actors]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ActorBook:
        return cls(tuple(Actor(a["name"], tuple(a.get("aliases", ()))) for a in data.get("actors", ())))

    def _replace(self, old: Actor, new: Actor) -> ActorBook:
        return ActorBook(tuple(new if a is old else a for a in self.actors))


def _holds(longer: str, shorter: str) -> bool:
    """``shorter`` appears in ``longer`` as whole words."""
    return bool(shorter) and re.search(rf"(?<!\w){re.escape(shorter)}(?!\w)", longer) is not None
