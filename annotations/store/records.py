"""Plain records and errors of the annotation store (no I/O, no TinyDB).

Kept apart from ``annotations.store.database`` so that module stays about the database
itself; everything here is re-exported from ``annotations.store.database``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from annotations.model import Span
from annotations.store.state import span_from_dict
from reader.core.errors import UserError


class StoreLocked(UserError):
    """Another process is writing to this database."""


class StoreCorrupt(UserError):
    """A database file is damaged; it is kept untouched."""


class StoreWriteError(UserError):
    """A change could not be saved; it was not applied."""


class StoreReadOnly(StoreWriteError):
    """The database was opened read-only."""


class HistoryConflict(UserError):
    """An undo or redo would overwrite someone else's later change; nothing was changed."""


@dataclass(frozen=True, slots=True)
class ArticleState:
    """An article's status and read flag."""

    status: str  # "todo" | "in progress" | "done" | "flagged"
    read: bool


@dataclass(frozen=True, slots=True)
class Change:
    """One history step as it was just applied (by undo or redo).

    ``before``/``after`` are the states before and after this call: tuples of the
    affected spans (absent ones were deleted or not yet created) or, for
    ``kind == "status"``, status strings.
    """

    kind: str  # add | add_spans | update | delete | import | status | link | unlink
    article_id: str
    before: tuple[Span, ...] | str
    after: tuple[Span, ...] | str
    description: str
    links_before: tuple[dict[str, Any], ...] = ()  # the links the step changes, as plain dicts
    links_after: tuple[dict[str, Any], ...] = ()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def change_from_step(article_id: str, step: dict[str, Any], frm: str, to: str) -> Change:
    if step["kind"] == "status":
        return Change("status", article_id, step[frm], step[to], step["description"])
    if step["kind"] == "figure":  # a casualty figure, said as it reads
        said = [_figure_words(step[side]) for side in (frm, to)]
        return Change("figure", article_id, said[0], said[1], step["description"])
    if step["kind"] == "actors":  # the actor book: the step's description says what changed
        said = [", ".join(a["name"] for a in step[side]["actors"]) or "(no actors)" for side in (frm, to)]
        return Change("actors", article_id, said[0], said[1], step["description"])
    if step["kind"] == "meta":  # metadata corrections, said as "published=2023-10-27"
        said = [", ".join(f"{k}={v}" for k, v in sorted(step[side].items())) for side in (frm, to)]
        return Change("meta", article_id, said[0], said[1], step["description"])
    return Change(
        step["kind"],
        article_id,
        tuple(span_from_dict(d) for d in step[frm]),
        tuple(span_from_dict(d) for d in step[to]),
        step["description"],
        tuple(step.get("links_" + frm, ())),
        tuple(step.get("links_" + to, ())),
    )


def _figure_words(data: dict[str, Any]) -> str:
    from annotations.figure_value import Figure

    fields = {k: v for k, v in data.items() if k != "span_id"}
    return Figure.from_dict(fields).describe() if fields else "(parsed from the quote)"


def describe_update(old: Span, changes: dict[str, Any]) -> str:
    if "label" in changes:
        return f"relabel {old.label} as {changes['label']}"
    if "start" in changes:
        return f"adjust {old.label}"
    if "note" in changes:
        return f"edit note on {old.label}"
    return f"{'flag' if changes.get('flagged') else 'unflag'} {old.label}"


def reason(err: BaseException) -> str:
    if isinstance(err, KeyError):
        return f"missing field {err.args[0]!r}"
    return str(err).splitlines()[0] if str(err) else type(err).__name__
