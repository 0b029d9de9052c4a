"""Who made a demand or a concession: the actor to propose for a newly tagged span.

Why: linking each demand to its actor by hand is the slowest part of tagging a negotiation
story, and the actor is nearly always the subject of the sentence ("Hamas is demanding ...",
"Netanyahu rejected ..."). The recogniser already finds the names, and the sentence rule the
sentences; this module picks, among the names, the one the sentence makes the subject. It only
proposes: the UI shows the proposal and nothing is stored until the analyst accepts it.

The rule, in order:

1. a name that opens the span itself ("Hamas is demanding that ...", tagged whole);
2. else the first name inside the span that stands as a subject (a whole sentence tagged with
   ``s``: "During the first day of the operation, Hamas and the factions captured ...");
3. else the nearest name before the span in its sentence that stands as a subject, that is,
   not the object of a preposition or a verb of telling ("told Yedioth Ahronoth", "with
   Hamas", "from Qatar"): in "Israeli radio reported that Netanyahu rejected this", Netanyahu;
4. else a name after the span in the sentence that reports it ("..., Hamas said");
5. else the nearest subject in the sentence before ("It continues to demand ..." after a
   sentence about Hamas);
6. else nothing.

Names are the recogniser's PERSON, ORG and GPE entities, and NORP ones used as nouns
("Palestinians", not the adjective in "Israeli sources" or "French President Emmanuel Macron").
Entities come in as plain objects with ``start``, ``end``, ``label`` and ``text`` (``reader.ner``
gives them; this layer does not import it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from reader.text.sentences import sentence_starts

ACTOR_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})

# A name right after one of these words is an object, not the subject: "told Yedioth Ahronoth",
# "a deal with Hamas", "mediated by Qatar".
_OBJECT_BEFORE = re.compile(
    r"\b(?:to|with|from|by|of|for|on|in|at|into|between|against|about|and|or|than|via|through|told|"
    r"urged|asked|pressed|persuade|informed|quoted|accused|blamed|toward|towards|over|under|among)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_POSSESSIVE_AFTER = re.compile(r"['’]s?\b")
# A word right after a NORP makes it an adjective: "Israeli sources", "French President Emmanuel Macron".
_WORD_AFTER = re.compile(r"\s+[^\W\d_]")
_REPORTING_AFTER = re.compile(
    r"[\s,]*(?:the\s+\w+\s+)?(?:said|says|announced|demanded|demands|insisted|insists|stated|added|"
    r"declared|told|offered|agreed|rejected|proposed|confirmed|warned)\b",
    re.IGNORECASE,
)


class EntityLike(Protocol):
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class ActorSuggestion:
    """The proposed actor: the entity mention (offsets into the article text) and why."""

    start: int
    end: int
    text: str
    label: str
    # "opens the span", "subject in the span", "subject before the span", "reports the span", "previous sentence"
    reason: str


def suggest_actor(
    text: str, start: int, end: int, entities: Sequence[EntityLike], starts: Sequence[int] | None = None
) -> ActorSuggestion | None:
    """The actor to propose for the span ``text[start:end]``, or None when its sentence names none.

    ``starts`` are the sentence starts of ``text`` (``sentence_starts(text)``; computed when not given).
    """
    starts = list(starts) if starts is not None else sentence_starts(text)
    first = _sentence_index(starts, start)
    sentence_start = starts[first]
    last = _sentence_index(starts, max(start, end - 1))
    sentence_end = starts[last + 1] if last + 1 < len(starts) else len(text)
    names = [e for e in entities if _is_name(text, e)]
    opening = [e for e in names if start <= e.start < end and not text[start : e.start].strip(" \"'“‘(")]
    if opening:
        return _suggestion(opening[0], "opens the span")
    inside = [e for e in names if start <= e.start and e.end <= end and _is_subject(text, e, start)]
    if inside:
        return _suggestion(inside[0], "subject in the span")
    before = [e for e in names if sentence_start <= e.start and e.end <= start]
    subjects = [e for e in before if _is_subject(text, e, sentence_start)]
    if subjects:
        return _suggestion(subjects[-1], "subject before the span")
    after = [e for e in names if end <= e.start and e.end <= sentence_end]
    reporting = [e for e in after if _REPORTING_AFTER.match(text, e.end)]
    if reporting:
        return _suggestion(reporting[0], "reports the span")
    if first > 0:
        previous = [e for e in names if starts[first - 1] <= e.start and e.end <= sentence_start]
        subjects = [e for e in previous if _is_subject(text, e, starts[first - 1])] or previous
        if subjects:
            return _suggestion(subjects[-1], "previous sentence")
    return None


def _sentence_index(starts: Sequence[int], offset: int) -> int:
    return max(0, bisect_right(starts, offset) - 1)


def _is_name(text: str, entity: EntityLike) -> bool:
    if entity.label not in ACTOR_ENTITY_LABELS:
        return False
    if entity.label == "NORP":  # "Palestinians" acts; the "Israeli" of "Israeli sources" does not
        return not _WORD_AFTER.match(text, entity.end)
    return True


def _is_subject(text: str, entity: EntityLike, sentence_start: int) -> bool:
    head = text[max(sentence_start, entity.start - 40) : entity.start]
    if _OBJECT_BEFORE.search(head):
        return False
    return not _POSSESSIVE_AFTER.match(text, entity.end)  # "Hamas's rejection": Hamas owns, not acts


def _suggestion(entity: EntityLike, reason: str) -> ActorSuggestion:
    return ActorSuggestion(entity.start, entity.end, entity.text, entity.label, reason)
