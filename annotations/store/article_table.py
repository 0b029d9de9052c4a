"""One article's TinyDB tables: its text, spans and status, and its undo history, through TinyDB's API.

Why: every question the app asks of the database is about one article (its spans,
its status, what to undo), so each article is one TinyDB table (see
``annotations.store.storage``) and its undo history another (``schema.history_table``:
an export or the timeline reads the article without its history); this is how the
store reads and changes them
(``Table.search`` with ``Query``, ``insert_multiple``, ``update``, ``remove``).
The store groups the calls of one user action in ``ArticleStorage.batch`` so the
action is one durable journal line. Document kinds: ``annotations.store.schema``.

A history STEP is ``{"kind", "description", "ids", "before", "after", "annotator"}``: for
span changes ``before``/``after`` are lists of span dicts (those absent did not exist),
for ``kind == "status"`` status strings (with ``"off": true`` when it turned ``before`` off,
see ``annotations.store.status_toggles``). A step that changes links (making or removing one,
or deleting a span with the links it ends) also has ``link_ids``, ``links_before`` and
``links_after``, the same way: links and their spans come and go in one step. Several
annotators share one database, so each undoes and redoes only their own steps; a step
without ``annotator`` is anyone's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from tinydb import Query
from tinydb.table import Document, Table

from annotations.figure_value import Figure
from annotations.links import Link
from annotations.model import _FIELDS, Span, span_of
from annotations.store.schema import ACTORS_TABLE, history_table
from annotations.store.state import HISTORY_LIMIT, article_from_dict, article_to_dict, own_step
from reader.core.article import Article

Q = Query()
IS_SPAN = Q.kind == "span"
IS_ARTICLE = Q.kind == "article"
IS_STATE = Q.kind == "state"
IS_STEP = Q.kind == "step"
IS_LINK = Q.kind == "link"
IS_META = Q.kind == "meta"
IS_FIGURE = Q.kind == "figure"
IS_ACTORS = Q.kind == "actors"


_span_values = itemgetter(*_FIELDS)


def span_from_doc(doc: dict[str, Any]) -> Span:
    """The Span of a span document (checked when its table was read: the types are right)."""
    try:
        return span_of(*_span_values(doc))
    except KeyError:  # an optional field left out (a document not written by newsdesk)
        return Span.from_dict(doc)


def span_doc(span: Span | dict[str, Any]) -> dict[str, Any]:
    return {"kind": "span", **(span.to_dict() if isinstance(span, Span) else span)}


def link_from_doc(doc: dict[str, Any]) -> Link:
    return Link.from_dict(doc)


def link_order(link: Link) -> tuple[str, str]:
    """Links in the order they were made."""
    return (link.created, link.id)


def link_doc(link: Link | dict[str, Any]) -> dict[str, Any]:
    return {"kind": "link", **(link.to_dict() if isinstance(link, Link) else link)}


@dataclass
class TableContents:
    """What one read of an article's table gives an export (``ArticleTable.contents``)."""

    article: Article | None = None
    spans: list[Span] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)  # set by the analyst, by span id, of its spans
    corrections: dict[str, str] = field(default_factory=dict)


def table_contents(docs: dict[str, dict[str, Any]]) -> TableContents:
    """The article, its spans, links (in the order made), the figures set for its spans and
    its corrections, from the documents of one read of its table (an export's record)."""
    got, figures = TableContents(), {}
    for doc in docs.values():
        kind = doc["kind"]
        if kind == "span":
            got.spans.append(span_from_doc(doc))
        elif kind == "link":
            got.links.append(link_from_doc(doc))
        elif kind == "figure":
            figures[doc["span_id"]] = {k: v for k, v in doc.items() if k not in ("kind", "span_id")}
        elif kind == "meta":
            got.corrections = {k: v for k, v in doc.items() if k != "kind"}
        elif kind == "article":
            fields = dict(doc)
            del fields["kind"]
            got.article = article_from_dict(fields)
    ids = {span.id for span in got.spans}  # a deleted span's figure stays stored: undo brings it back
    got.figures = {sid: Figure.from_dict(data) for sid, data in figures.items() if sid in ids}
    got.links.sort(key=link_order)
    return got


class _Table(Table):
    """TinyDB's ``Table``, reading without the copy ``ArticleStorage`` makes for writes.

    TinyDB copies every document it returns (``Document(doc)``), so a read needs no copy
    of its own; a write (``_update_table``) still takes its copy through ``storage.read()``.
    """

    def _read_table(self) -> dict[str, Any]:
        return self._storage.docs(self.name)


class ArticleTable:
    """The table of the article ``name`` in ``storage`` (nothing is read until asked)."""

    def __init__(self, storage: Any, name: str) -> None:
        self.name = name
        self.table = _Table(storage, name, cache_size=0)  # no query cache: a failed batch is dropped
        self.history = _Table(storage, history_table(name), cache_size=0)

    # -- reading ----------------------------------------------------------------------
    def article(self) -> Article | None:
        doc = self.table.get(IS_ARTICLE)
        if doc is None:
            return None
        fields = dict(doc)
        del fields["kind"]
        return article_from_dict(fields)

    def contents(self) -> TableContents:
        """What ``table_contents`` reads from this table."""
        return table_contents(self.table._read_table())  # TinyDB's read of the table, without a Document per doc

    def spans(self) -> list[Span]:
        return [span_from_doc(doc) for doc in self.table.search(IS_SPAN)]

    def corrections(self) -> dict[str, str]:
        """The analyst's corrections of the article's title, source and date."""
        doc = self.table.get(IS_META)
        return {} if doc is None else {k: v for k, v in doc.items() if k != "kind"}

    def set_corrections(self, corrections: dict[str, str]) -> None:
        if corrections:
            self.table.remove(IS_META)
            self.table.insert({"kind": "meta", **corrections})
        else:
            self.table.remove(IS_META)

    def figures(self) -> dict[str, dict[str, Any]]:
        """The figures the analyst set, by span id (those of deleted spans too: undo brings them back)."""
        return {
            doc["span_id"]: {k: v for k, v in doc.items() if k not in ("kind", "span_id")}
            for doc in self.table.search(IS_FIGURE)
        }

    def set_figure(self, span_id: str, figure: dict[str, Any]) -> None:
        """Set the span's figure (its fields), or drop it (``{}``)."""
        self.table.remove(IS_FIGURE & (Q.span_id == span_id))
        if figure:
            self.table.insert({"kind": "figure", "span_id": span_id, **figure})

    def links(self) -> list[Link]:
        return [link_from_doc(doc) for doc in self.table.search(IS_LINK)]

    def actors(self) -> dict[str, Any]:
        """The actor book as stored (``ACTORS_TABLE`` only): ``{"actors": [...]}``."""
        doc = self.table.get(IS_ACTORS)
        return {"actors": list(doc["actors"]) if doc is not None else []}

    def set_actors(self, book: dict[str, Any]) -> None:
        self.table.remove(IS_ACTORS)
        if book.get("actors"):
            self.table.insert({"kind": "actors", "actors": book["actors"]})

    def actor_book_table(self) -> ArticleTable:
        """The database's actor book table: an article's step changes it (undo is per article)."""
        return ArticleTable(self.table.storage, ACTORS_TABLE)

    def state(self) -> tuple[str, bool]:
        doc = self.table.get(IS_STATE)
        return ("todo", False) if doc is None else (doc["status"], doc["read"])

    def stack(self, which: str) -> list[Document]:
        """The undo (or redo) stack, oldest step first: from the history's table, or the article's
        (a database written before histories had tables of their own, until ``_own_history``)."""
        query = IS_STEP & (Q.stack == which)
        return sorted(self.history.search(query) + self.table.search(query), key=lambda d: d["n"])

    def _own_history(self) -> None:
        """Move steps kept in the article's table to its history table, in the change being made."""
        old = self.table.search(IS_STEP)
        if old:
            self.table.remove(doc_ids=[d.doc_id for d in old])
            self.history.insert_multiple(dict(d) for d in old)

    def own(self, which: str, annotator: str) -> Document | None:
        steps = self.stack(which)
        try:
            return steps[own_step([d["step"] for d in steps], annotator)]
        except IndexError:
            return None

    # -- changing (call inside ``ArticleStorage.batch``) -----------------------------------
    def put_article(self, article: Article) -> None:
        self.table.upsert({"kind": "article", **article_to_dict(article)}, IS_ARTICLE)

    def set_state(self, *, status: str | None = None, read: bool | None = None) -> None:
        old_status, old_read = self.state()
        doc = {
            "kind": "state",
            "status": old_status if status is None else status,
            "read": old_read if read is None else read,
        }
        self.table.upsert(doc, IS_STATE)

    def put_spans(self, spans: list[dict[str, Any]], ids: list[str]) -> None:
        """Make the spans ``ids`` what ``spans`` says (absent ones are removed)."""
        if ids:
            self.table.remove(IS_SPAN & Q.id.one_of(ids))
        if spans:
            self.table.insert_multiple(span_doc(s) for s in spans)

    def put_links(self, links: list[dict[str, Any]], ids: list[str]) -> None:
        """Make the links ``ids`` what ``links`` says (absent ones are removed)."""
        if ids:
            self.table.remove(IS_LINK & Q.id.one_of(ids))
        if links:
            self.table.insert_multiple(link_doc(link) for link in links)

    def apply(self, step: dict[str, Any], side: str) -> None:
        if step["kind"] == "status":
            self.set_state(status=step[side])
            return
        if step["kind"] == "meta":
            self.set_corrections(step[side])
            return
        if step["kind"] == "figure":
            self.set_figure(step["span_id"], {k: v for k, v in step[side].items() if k != "span_id"})
            return
        if step["kind"] == "actors":
            self.actor_book_table().set_actors(step[side])
            return
        self.put_spans(step[side], step["ids"])
        if "link_ids" in step:
            self.put_links(step["links_" + side], step["link_ids"])

    def is_current(self, step: dict[str, Any], side: str) -> bool:
        """Is the article as ``step`` left it on ``side``? If not, someone changed it since."""
        if step["kind"] == "status":
            return self.state()[0] == step[side]
        if step["kind"] == "meta":
            return self.corrections() == step[side]
        if step["kind"] == "actors":
            return self.actor_book_table().actors() == {"actors": step[side]["actors"]}
        if step["kind"] == "figure":
            want = {k: v for k, v in step[side].items() if k != "span_id"}
            return self.figures().get(step["span_id"], {}) == want
        want = {d["id"]: d for d in step[side]}
        current = {d["id"]: d for d in self.table.search(IS_SPAN & Q.id.one_of(step["ids"]))}
        for sid in step["ids"]:
            have = current.get(sid)
            if sid not in want:
                if have is not None:
                    return False
            elif have is None or span_from_doc(have) != Span.from_dict(want[sid]):
                return False
        if "link_ids" in step:
            want = {d["id"]: Link.from_dict(d) for d in step["links_" + side]}
            current = {d["id"]: link_from_doc(d) for d in self.table.search(IS_LINK & Q.id.one_of(step["link_ids"]))}
            return all(current.get(lid) == want.get(lid) for lid in step["link_ids"])
        return True

    def push(self, step: dict[str, Any]) -> None:
        """A new step: on the undo stack (the oldest beyond the limit dropped); it ends its
        annotator's redo (everyone's, for a step without annotator)."""
        self._own_history()
        steps = self.history.search(IS_STEP)
        n = max((d["n"] for d in steps), default=0) + 1
        self.history.insert({"kind": "step", "stack": "undo", "n": n, "step": step})
        undo = sorted((d for d in steps if d["stack"] == "undo"), key=lambda d: d["n"])
        drop = [d.doc_id for d in undo[: max(0, len(undo) + 1 - HISTORY_LIMIT)]]
        annotator = step.get("annotator")
        drop += [
            d.doc_id
            for d in steps
            if d["stack"] == "redo" and (annotator is None or d["step"].get("annotator") in (annotator, None))
        ]
        if drop:
            self.history.remove(doc_ids=drop)

    def move(self, doc: Document, to: str) -> None:
        """Move a step (found by its number: ``_own_history`` may give it a new doc id) to the
        end of the other stack (undo -> redo or back)."""
        self._own_history()
        n = max(d["n"] for d in self.history.search(IS_STEP)) + 1
        self.history.update({"stack": to, "n": n}, IS_STEP & (Q.n == doc["n"]))
