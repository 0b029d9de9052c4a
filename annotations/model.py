"""The span: one labelled passage of an article.

Offsets are Python code points into the article's stored text, end exclusive.
``quote`` is always ``text[start:end]``; it travels with the span so that any
consumer can check its offsets (and a stale source is noticed, never misread).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

ORIGIN_MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class Span:
    id: str
    article_id: str
    text_sha256: str
    start: int
    end: int
    label: str
    quote: str
    note: str = ""
    annotator: str = ""
    created: str = ""  # ISO 8601 UTC, e.g. 2026-11-22T10:15:03.123456+00:00
    updated: str = ""
    origin: str = ORIGIN_MANUAL
    flagged: bool = False

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise ValueError(f"span offsets must satisfy 0 <= start < end, got {self.start}..{self.end}")

    def to_dict(self) -> dict[str, Any]:
        # Every field is a plain str/int/bool, so this equals dataclasses.asdict, which
        # deep-copies field by field: too slow for a database of 100k spans.
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(**{k: data[k] for k in cls.__slots__ if k in data})

    def with_changes(self, **changes: Any) -> Span:
        return replace(self, **changes)

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Span))


def _positional_constructor() -> Callable[..., Span]:
    """``span_of``: the dataclass ``__init__`` without its per-field overhead.

    A frozen dataclass sets each field through ``object.__setattr__`` looked up
    by name, then calls ``__post_init__``: most of the time of opening a database
    with 100,000 spans. Here each slot's own setter is bound
    once and the ``__post_init__`` check is inlined; the result is an ordinary
    ``Span`` equal to ``Span(*values)``. The unpacking below fails at import if a
    field is added without updating it.
    """
    new = object.__new__
    (
        set_id,
        set_article_id,
        set_text_sha256,
        set_start,
        set_end,
        set_label,
        set_quote,
        set_note,
        set_annotator,
        set_created,
        set_updated,
        set_origin,
        set_flagged,
    ) = (getattr(Span, name).__set__ for name in _FIELDS)

    def span_of(
        id: str,
        article_id: str,
        text_sha256: str,
        start: int,
        end: int,
        label: str,
        quote: str,
        note: str,
        annotator: str,
        created: str,
        updated: str,
        origin: str,
        flagged: bool,
    ) -> Span:
        if not (0 <= start < end):  # the check of Span.__post_init__, same message
            raise ValueError(f"span offsets must satisfy 0 <= start < end, got {start}..{end}")
        span = new(Span)
        set_id(span, id)
        set_article_id(span, article_id)
        set_text_sha256(span, text_sha256)
        set_start(span, start)
        set_end(span, end)
        set_label(span, label)
        set_quote(span, quote)
        set_note(span, note)
        set_annotator(span, annotator)
        set_created(span, created)
        set_updated(span, updated)
        set_origin(span, origin)
        set_flagged(span, flagged)
        return span

    return span_of


# Span(*values) for all 13 fields in declaration order, without the per-field overhead (see above).
span_of: Callable[..., Span] = _positional_constructor()
