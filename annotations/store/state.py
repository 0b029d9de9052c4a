"""A database of the first format, held whole in memory; and the article/step helpers both formats share.

Why kept: databases written before one table per article (``annotations.store.storage``)
are read with this (``annotations.store.legacy``) and converted. In that format every
change, live or replayed from the journal at open, went through
``StoreState.apply(record)``. No I/O here.

Records of the first format (one journal line each; ``seq`` added by the store):

- ``{"op": "article", "article": {...}}`` remember an article's text and metadata;
- ``{"op": "do", "article_id", "step": STEP}`` a new undoable change;
- ``{"op": "undo" | "redo", "article_id", "annotator"}`` move that annotator's last step
  (without ``annotator``, as written before steps had owners: the last step of all);
- ``{"op": "read", "article_id", "read": bool}``.

Any record may carry ``"article": {...}`` to remember the article first, so
"remember and tag" is one line: it is either wholly in the journal or not at all.

A STEP is ``{"kind", "description", "ids", "before", "after", "annotator"}`` where for
span changes ``before``/``after`` are lists of span dicts (those absent did not exist)
and for ``kind == "status"`` they are status strings. Several annotators share one
database, so each undoes and redoes only their own steps; a step without ``annotator``
(made before steps had owners) is anyone's.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from annotations.model import _FIELDS, Span, span_of
from annotations.store.schema import STATUSES
from reader.core.article import Article

HISTORY_LIMIT = 200  # undo steps kept per article


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "source": article.source,
        "published": article.published,
        "url": article.url,
        "author": article.author,
        "location": article.location,
        "extra": dict(article.extra),
    }


def article_from_dict(data: dict[str, Any]) -> Article:
    return Article(
        id=data["id"],
        title=data.get("title", ""),
        text=data["text"],
        source=data.get("source", ""),
        published=data.get("published", ""),
        url=data.get("url", ""),
        author=data.get("author", ""),
        location=data.get("location", ""),
        extra=dict(data.get("extra") or {}),
    )


_intern = sys.intern
_INTERNED = ("article_id", "text_sha256", "label", "annotator", "origin")


def span_from_dict(data: dict[str, Any]) -> Span:
    """Span.from_dict, with the strings repeated across spans interned (saves memory at 100k)."""
    for key in _INTERNED:  # in place: equal values, so harmless to the caller's dict
        value = data.get(key)
        if type(value) is str:
            data[key] = _intern(value)
    try:
        return Span(**data)
    except TypeError:  # extra or missing fields: the tolerant path
        return Span.from_dict(data)


_N_FIELDS = len(_FIELDS)
_field_values = itemgetter(*_FIELDS)


def span_from_snapshot(doc: dict[str, Any]) -> Span:
    """``span_from_dict`` for a document about to be thrown away (a snapshot's spans table).

    The same Span, the same interning and the same errors, without the per-field
    work that dominates opening a database of 100,000 spans: a document with
    exactly the 13 fields and string values where ``span_from_dict`` interns goes
    through ``span_of`` (the offset check included); anything else (extra, missing
    or odd fields, bad offsets) takes ``span_from_dict``, which accepts or reports
    it as it always did. Unlike ``span_from_dict`` it leaves ``doc`` as it is.
    """
    try:
        if len(doc) == _N_FIELDS:
            (sid, aid, sha, start, end, label, quote, note, annotator, created, updated, origin, flagged) = (
                _field_values(doc)
            )
            return span_of(
                sid,
                _intern(aid),
                _intern(sha),
                start,
                end,
                _intern(label),
                quote,
                note,
                _intern(annotator),
                created,
                updated,
                _intern(origin),
                flagged,
            )
    except (KeyError, TypeError, ValueError):  # a missing field, intern() of a non-string, bad offsets
        pass
    return span_from_dict(doc)


def own_step(stack: list[dict[str, Any]], annotator: str | None) -> int:
    """Index of ``annotator``'s last step in ``stack`` (steps without an owner count as anyone's);
    ``annotator`` None: the last step of all. IndexError when there is none."""
    if annotator is None:
        if not stack:
            raise IndexError("no step to move")
        return len(stack) - 1
    for index in range(len(stack) - 1, -1, -1):
        if stack[index].get("annotator") in (annotator, None):
            return index
    raise IndexError(f"no step of {annotator!r} to move")


def touches(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Do two steps change the same thing (the status, a span or a link)?"""
    if a["kind"] == "figure" or b["kind"] == "figure":
        return a["kind"] == b["kind"] and a["span_id"] == b["span_id"]
    if a["kind"] in ("status", "meta", "actors") or b["kind"] in ("status", "meta", "actors"):
        return a["kind"] == b["kind"]
    return not set(a["ids"]).isdisjoint(b["ids"]) or not set(a.get("link_ids", ())).isdisjoint(b.get("link_ids", ()))


class StoreState:
    def __init__(self) -> None:
        self.seq = 0
        self.articles: dict[str, Article] = {}
        self.spans: dict[str, Span] = {}
        self.by_article: dict[str, dict[str, Span]] = {}
        self.counts: dict[str, dict[str, int]] = {}
        self.status: dict[str, str] = {}
        self.read: dict[str, bool] = {}
        self.undo: dict[str, list[dict[str, Any]]] = {}
        self.redo: dict[str, list[dict[str, Any]]] = {}

    # -- the only way state changes -------------------------------------------------
    def apply(self, rec: dict[str, Any]) -> dict[str, Any] | None:
        """Apply one record; returns the history step moved by do/undo/redo."""
        if "article" in rec:
            self.put_article(article_from_dict(rec["article"]))
        op = rec["op"]
        if op == "article":
            return None
        if op == "do":
            aid, step = rec["article_id"], rec["step"]
            self._apply_side(aid, step, "after")
            stack = self.undo.setdefault(aid, [])
            stack.append(step)
            if len(stack) > HISTORY_LIMIT:
                del stack[0]
            self._forget_redo(aid, step.get("annotator"))
            return step
        if op in ("undo", "redo"):
            aid = rec["article_id"]
            source, target = (self.undo, self.redo) if op == "undo" else (self.redo, self.undo)
            stack = source[aid]
            step = stack.pop(own_step(stack, rec.get("annotator")))
            self._apply_side(aid, step, "before" if op == "undo" else "after")
            target.setdefault(aid, []).append(step)
            return step
        if op == "read":
            self.read[rec["article_id"]] = bool(rec["read"])
            return None
        raise ValueError(f"unknown record op {op!r}")

    def _forget_redo(self, aid: str, annotator: str | None) -> None:
        """A new change ends what its annotator could redo (all redo, for a step without owner)."""
        stack = self.redo.get(aid)
        if not stack:
            return
        kept = [] if annotator is None else [s for s in stack if s.get("annotator") not in (annotator, None)]
        if kept:
            self.redo[aid] = kept
        else:
            del self.redo[aid]

    def is_current(self, aid: str, step: dict[str, Any], side: str) -> bool:
        """Is the article now as ``step`` left it on ``side``? If not, someone changed it since, and
        moving the step back (or forward) would overwrite their change."""
        if step["kind"] == "status":
            return self.status.get(aid, "todo") == step[side]
        want = {d["id"]: d for d in step[side]}
        for sid in step["ids"]:
            current = self.spans.get(sid)
            if sid not in want:
                if current is not None:
                    return False
            elif current is None or current != span_from_dict(dict(want[sid])):
                return False
        return True

    def _apply_side(self, aid: str, step: dict[str, Any], side: str) -> None:
        if step["kind"] == "status":
            status = step[side]
            if status not in STATUSES:
                raise ValueError(f"unknown status {status!r}")
            self.status[aid] = status
            return
        want = {d["id"]: d for d in step[side]}
        for sid in step["ids"]:
            if sid in want:
                self.put_span(span_from_dict(want[sid]))
            else:
                self.drop_span(sid)

    # -- indexes --------------------------------------------------------------------
    def put_article(self, article: Article) -> None:
        self.articles[article.id] = article

    def put_span(self, span: Span) -> None:
        old = self.spans.get(span.id)
        if old is not None:
            self.drop_span(span.id)
        self.spans[span.id] = span
        self.by_article.setdefault(span.article_id, {})[span.id] = span
        counts = self.counts.setdefault(span.article_id, {})
        counts[span.label] = counts.get(span.label, 0) + 1

    def put_spans(self, spans: Iterable[Span]) -> None:
        """``put_span`` for each span: its work inlined for new ids (opening 100,000 spans).

        A known id takes ``put_span`` itself, which replaces the old span.
        """
        spans_by_id, by_article, counts, put_span = self.spans, self.by_article, self.counts, self.put_span
        for span in spans:
            sid = span.id
            if sid in spans_by_id:
                put_span(span)
                continue
            spans_by_id[sid] = span
            aid = span.article_id
            group = by_article.get(aid)
            if group is None:
                group = by_article[aid] = {}
            group[sid] = span
            per_label = counts.get(aid)
            if per_label is None:
                per_label = counts[aid] = {}
            label = span.label
            per_label[label] = per_label.get(label, 0) + 1

    def drop_span(self, sid: str) -> None:
        span = self.spans.pop(sid, None)
        if span is None:
            return
        group = self.by_article.get(span.article_id)
        if group is not None:
            group.pop(sid, None)
            if not group:
                del self.by_article[span.article_id]
        counts = self.counts.get(span.article_id)
        if counts is not None:
            counts[span.label] -= 1
            if counts[span.label] <= 0:
                del counts[span.label]
            if not counts:
                del self.counts[span.article_id]

    # -- snapshot form (TinyDB tables: {table: {doc_id: doc}}) -----------------------
    def load_tables(self, tables: dict[str, Any]) -> None:
        """Fill from a snapshot; raises KeyError/TypeError/ValueError on a malformed one."""
        for doc in tables.get("articles", {}).values():
            self.put_article(article_from_dict(doc))
        self.put_spans(map(span_from_snapshot, tables.get("spans", {}).values()))
        for doc in tables.get("state", {}).values():
            if doc["status"] not in STATUSES:
                raise ValueError(f"unknown status {doc['status']!r} for article {doc['article_id']!r}")
            if doc["status"] != "todo":
                self.status[doc["article_id"]] = doc["status"]
            if doc["read"]:
                self.read[doc["article_id"]] = True
        for doc in tables.get("history", {}).values():
            if doc["undo"]:
                self.undo[doc["article_id"]] = list(doc["undo"])
            if doc["redo"]:
                self.redo[doc["article_id"]] = list(doc["redo"])
