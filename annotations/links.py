"""The link: one relation from a span to another span of the same article ("demand -by-> Hamas").

Why a record of its own: a link is what an analyst adds after tagging both ends, it is undone
and exported on its own, and it must never outlive either end. It names its ends by span id
(never by offsets, which two spans may share), and the relation by its name in the schema.

``link_problem`` says, in one line, why a link may not be made (an unknown relation, an end whose
label the relation does not take, two articles, a span linked to itself); ``links_touching`` finds
the links that go when a span goes, so that deleting a span deletes its links with it, and
``links_a_label_breaks`` those that go when a span's new label is one their relation does not take.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from annotations.model import Span
from annotations.schema import LabelSchema


@dataclass(frozen=True, slots=True)
class Link:
    id: str
    article_id: str
    from_span: str  # the id of the span the link starts on (the demand)
    to_span: str  # the id of the span it points to (the actor)
    relation: str  # a relation name of the schema ("by")
    annotator: str = ""
    created: str = ""  # ISO 8601 UTC

    def __post_init__(self) -> None:
        if self.from_span == self.to_span:
            raise ValueError(f"link {self.id!r} starts and ends on the same span {self.from_span!r}")

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(**{k: data[k] for k in _FIELDS if k in data})

    def touches(self, span_id: str) -> bool:
        return span_id in (self.from_span, self.to_span)


_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Link))


def link_problem(schema: LabelSchema, relation: str, start: Span, end: Span) -> str | None:
    """Why ``start -relation-> end`` may not be made, in one line; None when it may."""
    rel = schema.relation(relation)
    if rel is None:
        known = ", ".join(r.name for r in schema.relations) or "none"
        return f"unknown relation {relation!r} (the schema's relations: {known})"
    if start.id == end.id:
        return "a span cannot be linked to itself"
    if start.article_id != end.article_id:
        return "a link joins two spans of one article"
    if start.label not in rel.sources:
        return f"{relation!r} starts on {_names(rel.sources)}, not on {start.label!r}"
    if end.label not in rel.targets:
        return f"{relation!r} points to {_names(rel.targets)}, not to {end.label!r}"
    return None


def links_touching(links: Iterable[Link], span_ids: Iterable[str]) -> list[Link]:
    """The links with an end among ``span_ids``: they go when those spans go."""
    gone = set(span_ids)
    return [link for link in links if link.from_span in gone or link.to_span in gone]


def links_a_label_breaks(
    schema: LabelSchema, links: Iterable[Link], spans: Mapping[str, Span], relabelled: Span
) -> list[tuple[Link, str]]:
    """The links of ``relabelled`` (a span of ``spans`` with its new label) that ``schema`` allows
    with the span's label in ``spans`` but not with the new one, each with why (``link_problem``).

    Why: a link the schema forbids is exported, then refused by every import. A link that was
    already not allowed (a relation the schema lacks) is not the new label's doing, and stays."""
    after = {**spans, relabelled.id: relabelled}
    broken = []
    for link in links_touching(links, [relabelled.id]):
        start, end = spans.get(link.from_span), spans.get(link.to_span)
        if start is None or end is None:  # an end not given: nothing to judge it by
            continue
        why = link_problem(schema, link.relation, after[link.from_span], after[link.to_span])
        if why is not None and link_problem(schema, link.relation, start, end) is None:
            broken.append((link, why))
    return broken


def _names(labels: tuple[str, ...]) -> str:
    quoted = [repr(label) for label in labels]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
