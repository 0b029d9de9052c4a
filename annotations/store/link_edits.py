"""Links between spans and corrections of an article's metadata: the store's API for both.

Why apart from ``annotations.store.edits`` (spans, status, undo): the same kind of change
(one durable, undoable step in the article's table), on the two things issue 17 adds. A link
never outlives its spans: ``StoreEdits.delete_span`` takes the links it ends into its own
step, and ``_would_dangle`` refuses an undo or redo that would leave one without an end.
Corrections of title, source and date are kept beside the article as the analyst set them;
the article as loaded stays as it was (its text's hash and offsets are untouched).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from annotations.figure_value import Figure
from annotations.links import Link, links_a_label_breaks
from annotations.store.article_table import ArticleTable, link_order
from annotations.store.records import now_iso
from annotations.store.schema import CORRECTED_FIELDS
from reader.core.errors import UserError

if TYPE_CHECKING:
    from annotations.model import Span
    from annotations.schema import LabelSchema
    from annotations.store.storage import ArticleStorage


class LinkEdits:
    """Links and metadata corrections (``AnnotationStore`` provides ``_table``, ``_save``, ``_do``)."""

    annotator: str
    storage: ArticleStorage

    def _table(self, article_id: str) -> ArticleTable:
        raise NotImplementedError

    def _save(self, action, *args):  # noqa: ANN001, ANN202
        raise NotImplementedError

    def _do(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError

    def _require(self, span_id: str) -> Span:
        raise NotImplementedError

    # -- metadata corrections ---------------------------------------------------------
    def corrections(self, article_id: str) -> dict[str, str]:
        """The analyst's corrections of the article's title, source and date ("published")."""
        return self._table(article_id).corrections() if article_id in self.storage.summary else {}

    def correct_article(self, article_id: str, **fields: str) -> dict[str, str]:
        """Set (or, with "", drop) corrections of ``title``, ``source`` and ``published``; undoable.

        A date is ISO 8601 (``2023-10-27``, or with a time); a bad one is a UserError."""
        old = self.corrections(article_id)
        new = dict(old)
        for name, value in fields.items():
            if name not in CORRECTED_FIELDS:
                raise ValueError(f"cannot correct {name!r} (only {', '.join(CORRECTED_FIELDS)})")
            value = " ".join(str(value).split())
            if name == "published" and value:
                value = _iso_date(value)
            if value:
                new[name] = value
            else:
                new.pop(name, None)
        if new != old:
            # what u and ctrl+r say they move: the fields this changed, not those given as they were
            changed = sorted(name for name in CORRECTED_FIELDS if old.get(name) != new.get(name))
            step = {
                "kind": "meta",
                "description": "correct " + ", ".join(changed),
                "ids": [],
                "before": old,
                "after": new,
                "annotator": self.annotator,
            }
            table = self._table(article_id)

            def change() -> None:
                table.apply(step, "after")
                table.push(step)

            self._save(change)
        return new

    # -- casualty figures set by the analyst ------------------------------------------------
    def figures(self, article_id: str) -> dict[str, Figure]:
        """The figures the analyst set or corrected, by span id, for the article's spans."""
        if article_id not in self.storage.summary:
            return {}
        return self._table(article_id).contents().figures

    def set_figure(self, span_id: str, figure: Figure | None) -> None:
        """Set (or, with None, drop) the figure of a casualty-figure span, undoably; without
        one, the figure is parsed from the quote."""
        span = self._require(span_id)
        table = self._table(span.article_id)
        old = table.figures().get(span_id, {})
        new = figure.to_dict() if figure is not None else {}
        if old == new:
            return
        step = {
            "kind": "figure",
            "description": f"set figure {figure.describe() if figure else '(parsed)'}",
            "ids": [],
            "span_id": span_id,
            "before": dict(old),
            "after": dict(new),
            "annotator": self.annotator,
        }

        def change() -> None:
            table.apply(step, "after")
            table.push(step)

        self._save(change)

    # -- links ----------------------------------------------------------------------
    def links(self, article_id: str) -> list[Link]:
        """The article's links, in the order they were made."""
        if article_id not in self.storage.summary:
            return []
        return sorted(self._table(article_id).links(), key=link_order)

    def add_link(self, from_span: str, to_span: str, relation: str) -> Link:
        """Link two spans of one article (undoable). Whether the schema allows the relation is
        the caller's check (``annotations.links.link_problem``); the store keeps links whole:
        both ends must exist, and the same link is not made twice."""
        start, end = self._require(from_span), self._require(to_span)
        if start.article_id != end.article_id:
            raise ValueError("a link joins two spans of one article")
        if not relation:
            raise ValueError("a link needs a relation")
        for link in self.links(start.article_id):
            if (link.from_span, link.to_span, link.relation) == (from_span, to_span, relation):
                return link
        link = Link(uuid.uuid4().hex, start.article_id, from_span, to_span, relation, self.annotator, now_iso())
        description = f"link {start.label} -{relation}-> {end.label}"
        self._do(start.article_id, "link", description, [], [], [], links_after=[link])
        return link

    def import_links(self, article_id: str, links: list[Link]) -> int:
        """Add links read from a file as they are (ids, annotator, times), as one undo step.

        Both ends of each must be spans of the article (ValueError otherwise: a link never
        dangles); a link id or (from, to, relation) the article has is skipped. Returns how many."""
        have = self.links(article_id)
        ids = {link.id for link in have}
        triples = {(link.from_span, link.to_span, link.relation) for link in have}
        spans = {s.id for s in self._table(article_id).spans()} if article_id in self.storage.summary else set()
        new = []
        for link in links:
            if link.from_span not in spans or link.to_span not in spans:
                raise ValueError(f"link {link.id!r} has an end that is no span of article {article_id!r}")
            triple = (link.from_span, link.to_span, link.relation)
            if link.id in ids or triple in triples:
                continue
            ids.add(link.id)
            triples.add(triple)
            new.append(link)
        if new:
            self._do(article_id, "link", f"import {len(new)} link{'s' * (len(new) != 1)}", [], [], [], links_after=new)
        return len(new)

    def links_a_label_breaks(self, span_id: str, label: str, schema: LabelSchema) -> list[tuple[Link, str]]:
        """The span's links that ``schema`` allows now but not once the span is ``label``, each
        with why: those ``update_span`` removes with the relabel (the caller says which, beforehand)."""
        span = self._require(span_id)
        if label == span.label:
            return []
        spans = {s.id: s for s in self._table(span.article_id).spans()}
        return links_a_label_breaks(schema, self.links(span.article_id), spans, span.with_changes(label=label))

    def delete_link(self, article_id: str, link_id: str) -> Link:
        """Remove one link (undoable); its spans stay."""
        old = next((link for link in self.links(article_id) if link.id == link_id), None)
        if old is None:
            raise KeyError(f"no link with id {link_id!r} in article {article_id!r}")
        self._do(article_id, "unlink", f"unlink {old.relation}", [], [], [], links_before=[old])
        return old


def _would_dangle(table: ArticleTable, step: dict[str, Any], side: str) -> str | None:
    """Why making the article as ``step`` says on ``side`` would leave a link without an end.

    A span the step removes may have been linked since (by another annotator), and a link
    the step brings back may point to a span deleted since: both are refused, never left dangling.
    """
    if step["kind"] in ("status", "meta", "figure", "actors"):
        return None
    spans = {s.id for s in table.spans()}
    wanted = {d["id"] for d in step[side]}
    spans = (spans - set(step["ids"])) | wanted
    step_links = set(step.get("link_ids", ()))
    for link in table.links():
        if link.id not in step_links and (link.from_span not in spans or link.to_span not in spans):
            return f"{link.annotator or 'someone'} linked that span since"
    for data in step.get("links_" + side, ()):
        if data["from_span"] not in spans or data["to_span"] not in spans:
            return "a span it links has been deleted since"
    return None


def date_problem(value: str) -> str | None:
    """What is wrong with ``value`` as an ISO 8601 date (or date and time); None when it is one."""
    import datetime

    try:
        if len(value) == 10:
            datetime.date.fromisoformat(value)
        else:
            datetime.datetime.fromisoformat(value)
    except ValueError:
        return f"date {value!r} is not a date: write it as YYYY-MM-DD, e.g. 2023-10-27"
    return None


def _iso_date(value: str) -> str:
    """``value`` if it is an ISO 8601 date or date and time, else a UserError saying what is expected."""
    problem = date_problem(value)
    if problem is not None:
        raise UserError(problem)
    return value
