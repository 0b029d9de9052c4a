"""Naming a mention's actor: what the short list offers, and the book that a choice makes.

Why apart from ``annotations.actors``: that is the book as a value; this is the one decision the
analyst makes with ``=`` on a mention ("the movement" is Hamas), kept free of the UI so the
list's order and each choice's effect are tested as plain values. The list offers existing
actors first (the mention's own, then those whose names it looks like), then shorter names
from the entity panel held in the mention ("Hamas" in "the Islamic Resistance Movement (Hamas)",
via ``ActorBook.suggest_aliases``), then the mention as a new actor, then longer look-alike
names, and, for an alias, taking it back. A name typed in the list (``typed_choices``) adds
a new actor of that name, in the analyst's own words ("Hamas" for "the movement"), unless an
actor already has it.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotations.actors import ActorBook, _holds, actor_key

ACTOR = "actor:"  # an existing actor, by canonical name
NEW = "new:"  # a new actor with this canonical name
NONE = "none"  # the mention names no actor any more


def _looks_like(mention_key: str, names: Iterable[str]) -> bool:
    return any(_holds(mention_key, k) or _holds(k, mention_key) for k in map(actor_key, names))


def actor_choices(book: ActorBook, mention: str, entity_names: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(choice, text) for the list ``=`` shows on ``mention``; the first is the likeliest."""
    mention = " ".join(mention.split())
    key = actor_key(mention)
    current = book.resolve(mention)
    alike = [a for a in book if a is not current and _looks_like(key, a.names)]
    rest = [a for a in book if a is not current and a not in alike]
    out: list[tuple[str, str]] = []
    if current is not None:
        out.append((ACTOR + current.name, f"{current.name}  (now){_also(current.aliases)}"))
    out += [(ACTOR + a.name, f"★ {a.name}{_also(a.aliases)}") for a in alike]
    out += [(ACTOR + a.name, f"{a.name}{_also(a.aliases)}") for a in rest]
    alike_names = [n for n in book.suggest_aliases(mention, entity_names) if actor_key(n) != key]
    shorter = [n for n in alike_names if _holds(key, actor_key(n))]  # "Hamas" in "the movement (Hamas)"
    out += [(NEW + n, f"★ new actor “{n}” (from the entities)") for n in shorter]
    if current is None or actor_key(current.name) != key:
        out.append((NEW + mention, f"new actor “{mention}”"))
    out += [(NEW + n, f"new actor “{n}” (from the entities)") for n in alike_names if n not in shorter]
    if current is not None and actor_key(current.name) != key:
        out.append((NONE, f"“{mention}” names no actor (drop the alias of {current.name})"))
    return out


def typed_choices(book: ActorBook, typed: str) -> list[tuple[str, str]]:
    """(choice, text) that a name typed in the ``=`` list adds to what it filters: a new actor
    of that name when no actor has it as its name or an alias, else that actor (the list may
    show only its first aliases); nothing for no name (spaces, quotes)."""
    name = " ".join(typed.split())
    if not actor_key(name):
        return []
    actor = book.resolve(name)
    if actor is None:
        return [(NEW + name, f"new actor “{name}”")]
    return [(ACTOR + actor.name, f"{actor.name}{_also(actor.aliases)}")]


def _also(aliases: tuple[str, ...]) -> str:
    if not aliases:
        return ""
    shown = ", ".join(aliases[:3]) + (", …" if len(aliases) > 3 else "")
    return f"  also: {shown}"


def name_mention(book: ActorBook, mention: str, choice: str) -> tuple[ActorBook, str]:
    """The book once ``mention`` names the actor ``choice`` says, and the change in words.

    An alias of another actor moves; the canonical name of another actor merges that actor into
    the chosen one; a new name for an actor's canonical name renames it (the old name stays an
    alias). Raises UserError when the book refuses (a name is another actor's)."""
    mention = " ".join(mention.split())
    key = actor_key(mention)
    current = book.resolve(mention)
    is_name = current is not None and actor_key(current.name) == key
    if choice == NONE:
        return book.remove_alias(mention), f"“{mention}” names no actor"
    if choice.startswith(ACTOR):
        name = choice.removeprefix(ACTOR)
        target = book.resolve(name)
        if target is None or target is current:
            return book, f"“{mention}” = {name}"
        if is_name:
            return book.merge(target.name, mention), f"actor {current.name} merged into {target.name}"
        if current is not None:
            book = book.remove_alias(mention)
        return book.add_alias(target.name, mention), f"“{mention}” = {target.name}"
    name = " ".join(choice.removeprefix(NEW).split())
    if actor_key(name) == key:
        if is_name:
            return book, f"actor {mention}"
        if current is not None:
            book = book.remove_alias(mention)
        return book.add(mention), f"new actor {mention}"
    if is_name:
        return book.rename(mention, name), f"actor {current.name} renamed {name}"
    if current is not None:
        book = book.remove_alias(mention)
    return book.add_alias(name, mention), f"“{mention}” = new actor {name}"
