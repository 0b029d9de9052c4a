"""An article's entities grouped by what they name: a person's later short mentions
("Netanyahu", "Al-Sinwar") count with the full name given earlier in the same article."""

from __future__ import annotations

from reader.ner.types import Entity


def surname(name: str) -> str:
    """The last word of a name, without an Arabic "al-" article ("Yahya Al-Sinwar" -> "Sinwar")."""
    words = name.split()
    last = words[-1] if words else name
    return last.split("-", 1)[1] if last.lower().startswith("al-") and "-" in last else last


def person_names(entities: list[Entity]) -> dict[str, str]:
    """Map a short PERSON mention to the one longer name in the article that ends with it."""
    full = {e.text for e in entities if e.label == "PERSON" and len(e.text.split()) > 1}
    by_surname: dict[str, set[str]] = {}
    for name in full:
        by_surname.setdefault(surname(name).casefold(), set()).add(name)
    out: dict[str, str] = {}
    for e in entities:
        if e.label != "PERSON" or e.text in full:
            continue
        candidates = by_surname.get(surname(e.text).casefold(), set())
        if len(candidates) == 1:
            out[e.text] = next(iter(candidates))
    return out


def group_mentions(entities: list[Entity]) -> list[tuple[str, str, list[Entity]]]:
    """(name, label, mentions) for each distinct entity, the most mentioned first, then by name."""
    groups: dict[tuple[str, str], list[Entity]] = {}
    canonical = person_names(entities)
    for entity in entities:
        name = canonical.get(entity.text, entity.text) if entity.label == "PERSON" else entity.text
        groups.setdefault((name, entity.label), []).append(entity)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0][0].casefold()))
    return [(name, label, mentions) for (name, label), mentions in ordered]
