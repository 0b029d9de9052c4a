"""What the app, the CLI and the exports ask of the database: articles, spans, status, undo.

Why apart from ``annotations.store.database`` (which opens, saves and compacts):
this is the public API over one article's table at a time (``ArticleTable``), each
change one ``_save`` (one durable journal line). Reads of the whole database
(``iter_articles``, ``label_counts``, ``ids_by_status``) come from the summary or
stream table by table, so none needs the database in memory.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from annotations.links import Link, links_touching
from annotations.model import ORIGIN_MANUAL, Span
from annotations.store.actor_edits import ActorEdits
from annotations.store.article_table import IS_SPAN, ArticleTable, Q, TableContents, span_from_doc, table_contents
from annotations.store.link_edits import LinkEdits, _would_dangle
from annotations.store.records import ArticleState, Change, HistoryConflict, change_from_step, describe_update, now_iso
from annotations.store.schema import ACTORS_TABLE, STATUSES, reserved
from annotations.store.state import touches
from annotations.store.status_toggles import replaced_statuses
from reader.core.article import Article, id_is_global
from reader.core.errors import UserError
from reader.core.wording import plural

if TYPE_CHECKING:
    from annotations.schema import LabelSchema
    from annotations.store.storage import ArticleStorage


class StoreEdits(LinkEdits, ActorEdits):
    """The public API of ``AnnotationStore`` (which provides ``_table``, ``_save`` and ``storage``)."""

    annotator: str
    storage: ArticleStorage
    _span_home: dict[str, str]

    def _table(self, article_id: str) -> ArticleTable:
        raise NotImplementedError

    def _save(self, action, *args):  # noqa: ANN001, ANN202
        raise NotImplementedError

    # -- articles -------------------------------------------------------------------
    def _differs(self, table: ArticleTable, article: Article) -> bool:
        old = table.article()
        return not (old is not None and old == article and old.text == article.text and old.extra == article.extra)

    def remember_article(self, article: Article) -> None:
        """Keep the article's text and metadata so exports need only the database."""
        table = self._table(article.id)
        if self._differs(table, article):
            self._save(table.put_article, article)

    def article(self, article_id: str) -> Article | None:
        return self._table(article_id).article() if article_id in self.storage.summary else None

    def record(self, article_id: str) -> TableContents:
        """The article, its spans (unordered), links, set figures and corrections from one read
        of its table: what an export needs."""
        if article_id not in self.storage.summary:
            return TableContents()
        if reserved(article_id):
            return self._table(article_id).contents()  # which says why not
        return table_contents(self.storage.docs(article_id))  # no TinyDB tables made for one read

    def article_ids(self, *, texts_only: bool = False) -> list[str]:
        """Every article in the database (with a text, spans or a status), by id;
        ``texts_only``: those whose text is stored."""
        entries = self.storage.summary.entries
        return sorted(
            name for name, entry in entries.items() if (entry.sha256 or not texts_only) and name != ACTORS_TABLE
        )

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article, by id, read one table at a time."""
        for article_id in self.article_ids(texts_only=True):
            article = self.article(article_id)
            if article is not None:
                yield article

    def articles(self) -> list[Article]:
        return list(self.iter_articles())

    def article_by_sha(self) -> dict[str, str]:
        """Text hash -> article id, for every stored article (from the summary)."""
        entries = self.storage.summary.entries
        return {entry.sha256: name for name, entry in entries.items() if entry.sha256}

    # -- spans ----------------------------------------------------------------------
    def spans(self, article_id: str, *, ordered: bool = True) -> list[Span]:
        """The article's spans by position; ``ordered=False`` skips that sort, for a caller that
        sorts them its own way (the export)."""
        if article_id not in self.storage.summary:
            return []
        spans = self._table(article_id).spans()
        for span in spans:
            self._span_home[span.id] = article_id
        if not ordered:
            return spans
        return sorted(spans, key=lambda s: (s.start, s.end, s.created, s.id))

    def all_spans(self) -> list[Span]:
        out: list[Span] = []
        for aid in self.article_ids():
            out.extend(self.spans(aid))
        return out

    def span(self, span_id: str) -> Span | None:
        """A span by id: found at once when this session read or made it (the app always has),
        else by reading every article's table."""
        home = self._span_home.get(span_id)
        if home is None:
            home = next((aid for aid in self.article_ids() if any(s.id == span_id for s in self.spans(aid))), None)
            if home is None:
                return None
        found = self._table(home).table.get(IS_SPAN & (Q.id == span_id))
        return None if found is None else span_from_doc(found)

    def held_by_another(self, article: Article) -> Article | None:
        """The article this database keeps under ``article.id`` when it is another one: another
        title and another text, under an id its corpus gave it (a JSONL file's own numbering, a
        file's path in its folder) that another corpus also gives. Annotating ``article`` here
        would replace that article's stored text and take over its status and corrections. An
        edited text under the same title is the same article; so is anything under a feed
        entry's id or a hash of the text (``id_is_global``)."""
        if id_is_global(article.id):
            return None
        stored = self.article(article.id)
        if stored is None or stored.sha256 == article.sha256 or stored.title.strip() == article.title.strip():
            return None
        return stored

    def stale_spans(self, article: Article) -> list[Span]:
        """Spans made on a different text than ``article.text``: shown as stale, never moved."""
        sha = article.sha256
        return [s for s in self.spans(article.id) if s.text_sha256 != sha]

    def _new_span(self, article: Article, start: int, end: int, label: str, note: str, origin: str, stamp: str) -> Span:
        if not isinstance(label, str) or not label:
            raise ValueError(f"span label must be a non-empty string, got {label!r}")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(article.text)):
            raise ValueError(f"span {start}..{end} is not inside the text (0..{len(article.text)})")
        return Span(
            id=uuid.uuid4().hex,
            article_id=article.id,
            text_sha256=article.sha256,
            start=start,
            end=end,
            label=label,
            quote=article.text[start:end],
            note=note,
            annotator=self.annotator,
            created=stamp,
            updated=stamp,
            origin=origin,
        )

    def _do(
        self,
        article_id: str,
        kind: str,
        description: str,
        before: Sequence[Span],
        after: Sequence[Span],
        ids: Sequence[str],
        article: Article | None = None,
        *,
        links_before: Sequence[Link] = (),
        links_after: Sequence[Link] = (),
    ) -> None:
        step: dict[str, Any] = {
            "kind": kind,
            "description": description,
            "ids": list(ids),
            "before": [s.to_dict() for s in before],
            "after": [s.to_dict() for s in after],
            "annotator": self.annotator,
        }
        link_ids = list(dict.fromkeys(link.id for link in (*links_before, *links_after)))
        if link_ids:  # links change with their spans, in the same step
            step.update(
                link_ids=link_ids,
                links_before=[link.to_dict() for link in links_before],
                links_after=[link.to_dict() for link in links_after],
            )
        table = self._table(article_id)

        def change() -> None:
            if article is not None and self._differs(table, article):
                table.put_article(article)
            table.apply(step, "after")
            table.push(step)

        self._save(change)
        for sid in ids:
            self._span_home[sid] = article_id

    def add_span(
        self, article: Article, start: int, end: int, label: str, *, note: str = "", origin: str = ORIGIN_MANUAL
    ) -> Span:
        span = self._new_span(article, start, end, label, note, origin, now_iso())
        self._do(article.id, "add", f"tag {label}", [], [span], [span.id], article)
        return span

    def add_spans(
        self, article: Article, items: Iterable[tuple[int, int, str]], *, origin: str = ORIGIN_MANUAL
    ) -> list[Span]:
        """Tag several passages as one undo step (e.g. every occurrence of a phrase)."""
        stamp = now_iso()
        spans = [self._new_span(article, s, e, lab, "", origin, stamp) for s, e, lab in items]
        if not spans:
            return []
        labels = sorted({s.label for s in spans})
        desc = f"tag {plural(len(spans), 'passage')} {', '.join(labels)}"
        self._do(article.id, "add_spans", desc, [], spans, [s.id for s in spans], article)
        return spans

    def update_span(
        self,
        span_id: str,
        *,
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        note: str | None = None,
        flagged: bool | None = None,
        schema: LabelSchema | None = None,
    ) -> Span:
        """Change a span; new boundaries re-anchor it on the stored article text.

        With the ``schema`` in use, a new label takes with it, in the same step (one undo
        brings both back), the links the schema allows no more (``links_a_label_breaks``):
        kept, each export would write them and each import refuse them. Without one, the
        store (which knows no schema) leaves the links as they are."""
        old = self._require(span_id)
        changes: dict[str, Any] = {}
        if label is not None and label != old.label:
            if not label:
                raise ValueError("span label must not be empty")
            changes["label"] = label
        if note is not None and note != old.note:
            changes["note"] = note
        if flagged is not None and bool(flagged) != old.flagged:
            changes["flagged"] = bool(flagged)
        new_start = old.start if start is None else start
        new_end = old.end if end is None else end
        if (new_start, new_end) != (old.start, old.end):
            article = self.article(old.article_id)
            if article is None:
                raise ValueError(f"article {old.article_id!r} of span {span_id} is not stored")
            if not (0 <= new_start < new_end <= len(article.text)):
                raise ValueError(f"span {new_start}..{new_end} is not inside the text (0..{len(article.text)})")
            changes.update(
                start=new_start, end=new_end, quote=article.text[new_start:new_end], text_sha256=article.sha256
            )
        if not changes:
            return old
        gone: list[Link] = []
        if schema is not None and "label" in changes:
            gone = [link for link, _ in self.links_a_label_breaks(span_id, changes["label"], schema)]
        description = describe_update(old, changes) + (f", removing {plural(len(gone), 'link')}" if gone else "")
        new = old.with_changes(updated=now_iso(), **changes)
        self._do(old.article_id, "update", description, [old], [new], [old.id], links_before=gone)
        return new

    def delete_span(self, span_id: str) -> Span:
        """Delete a span and the links it ends, as one step (undo brings both back)."""
        old = self._require(span_id)
        gone = links_touching(self.links(old.article_id), [old.id])
        self._do(old.article_id, "delete", f"delete {old.label}", [old], [], [old.id], links_before=gone)
        return old

    def _require(self, span_id: str) -> Span:
        span = self.span(span_id)
        if span is None:
            raise KeyError(f"no span with id {span_id!r}")
        return span

    def import_spans(self, article: Article, spans: Iterable[Span]) -> int:
        """Add spans from a file as they are (ids, annotator, times, origin); skip ids the article has.

        Each quote must equal the article text at its offsets (UserError otherwise).
        The import is one undo step for the article. Returns how many were added.
        """
        text, sha, stamp = article.text, article.sha256, now_iso()
        known = {s.id for s in self.spans(article.id, ordered=False)}
        new: list[Span] = []
        for span in spans:
            if span.id in known:
                continue
            where = f"span {span.id} ({span.label}) of article {article.id}"
            if not (0 <= span.start < span.end <= len(text)):
                raise UserError(f"{where}: offsets {span.start}..{span.end} outside the text (0..{len(text)})")
            if text[span.start : span.end] != span.quote:
                raise UserError(
                    f"{where}: quote {span.quote[:40]!r} does not match the text "
                    f"{text[span.start : span.end][:40]!r} at {span.start}..{span.end}"
                )
            known.add(span.id)
            new.append(
                span.with_changes(
                    article_id=article.id, text_sha256=sha, created=span.created or stamp, updated=span.updated or stamp
                )
            )
        if not new:
            self.remember_article(article)
            return 0
        self._do(article.id, "import", f"import {plural(len(new), 'span')}", [], new, [s.id for s in new], article)
        return len(new)

    def labels(self, article_id: str) -> dict[str, int]:
        """The article's spans per label, from the summary (no read of its table: a library row)."""
        entry = self.storage.summary.get(article_id)
        return dict(entry.labels) if entry is not None else {}

    def label_counts(self) -> dict[str, dict[str, int]]:
        entries = self.storage.summary.entries
        return {name: dict(entry.labels) for name, entry in entries.items() if entry.labels}

    # -- status ---------------------------------------------------------------------
    def corrected(self) -> dict[str, dict[str, str]]:
        """Article id -> its corrections of title, source and date ("published"), for every
        corrected article, from the summary (no table read): for lists of many articles."""
        return dict(self.storage.summary.corrected)

    def state(self, article_id: str) -> ArticleState:
        entry = self.storage.summary.get(article_id)
        return ArticleState(self.storage.summary.status(article_id), bool(entry and entry.read))

    def ids_by_status(self) -> dict[str, set[str]]:
        """The articles in each status but "todo" (every article not listed is "todo"), and the
        read ones under "read", from the summary."""
        out: dict[str, set[str]] = {}
        summary = self.storage.summary
        read: set[str] = set()
        for name, entry in summary.entries.items():
            status = summary.status(name)
            if status != "todo":
                out.setdefault(status, set()).add(name)
            if entry.read:
                read.add(name)
        out["read"] = read
        return out

    def set_status(self, article_id: str, status: str) -> ArticleState:
        """Mark "todo", "done", "flagged", "rejected" or "ignored" (undoable); "in progress" is derived from spans."""
        return self._put_status(article_id, status)

    def toggle_status(self, article_id: str, status: str) -> ArticleState:
        """A status key pressed: set ``status``; when it is the article's status already, turn it
        off, back to the status it replaced (``status_before``)."""
        if self._stored_status(article_id) == status:
            return self._put_status(article_id, self.status_before(article_id), off=True)
        return self._put_status(article_id, status)

    def _stored_status(self, article_id: str) -> str:
        entry = self.storage.summary.get(article_id)
        return entry.status if entry else "todo"

    def _put_status(self, article_id: str, status: str, *, off: bool = False) -> ArticleState:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        old = self._stored_status(article_id)
        if old != status:
            step = {
                "kind": "status",
                "description": f"mark {status}",
                "ids": [],
                "before": old,
                "after": status,
                "annotator": self.annotator,
            }
            if off:  # a pop, not a push, when the history is read back (``status_before``)
                step["off"] = True
            table = self._table(article_id)

            def change() -> None:
                table.apply(step, "after")
                table.push(step)

            self._save(change)
        return self.state(article_id)

    def status_before(self, article_id: str) -> str:
        """What turning the current status off gives back: the status it replaced when it was
        set, read back through the history. Setting a status pushes it on a stack, turning
        one off pops it (``annotations.store.status_toggles``): so a status key pressed twice
        leaves the status as it was, and turning one off never gives back a status that was
        itself turned off since (done, flag, reject, ignore, un-ignore: rejected; un-reject:
        flagged; un-flag: done). An undone step is out of the history, so undo and redo move
        along the same stack. "todo" when the history no longer says.

        Why: turning off a flag, a reject or an ignore must give back "done" to an article
        that was done, not "todo", and must not bring back an answer the user took away."""
        if article_id not in self.storage.summary:
            return "todo"
        steps = [d["step"] for d in self._table(article_id).stack("undo") if d["step"]["kind"] == "status"]
        stack = replaced_statuses(steps, self._stored_status(article_id))
        return stack[-2] if len(stack) > 1 else "todo"

    def set_read(self, article_id: str, read: bool = True) -> None:
        """Read/unread (not undoable)."""
        if self.state(article_id).read != bool(read):
            self._save(lambda: self._table(article_id).set_state(read=bool(read)))

    # -- history (each annotator undoes and redoes their own changes only) -------------
    def can_undo(self, article_id: str) -> bool:
        return self._table(article_id).own("undo", self.annotator) is not None

    def can_redo(self, article_id: str) -> bool:
        return self._table(article_id).own("redo", self.annotator) is not None

    def undo(self, article_id: str) -> Change | None:
        """Undo this annotator's last change in the article; None when they have none left.
        HistoryConflict (nothing changed) when someone has changed the same spans or status since."""
        return self._move(article_id, "undo")

    def redo(self, article_id: str) -> Change | None:
        """Redo this annotator's last undone change; None when there is none (see ``undo``)."""
        return self._move(article_id, "redo")

    def _move(self, article_id: str, verb: str) -> Change | None:
        """Move this annotator's last step off the ``verb`` stack, if the article is still as it left it.

        The step is applied and moved in memory first, inside the save: if anything fails,
        nothing is written to the journal and nothing changes."""
        table = self._table(article_id)
        doc = table.own(verb, self.annotator)
        if doc is None:
            return None
        step = doc["step"]
        side, other = ("after", "before") if verb == "undo" else ("before", "after")
        if not table.is_current(step, side):
            steps = [d["step"] for d in table.stack("undo")]
            later = steps[steps.index(step) + 1 :] if verb == "undo" else steps
            names = sorted({s.get("annotator") or "someone" for s in later if touches(s, step)} - {self.annotator})
            who = " and ".join(names) or "someone"
            raise HistoryConflict(f"cannot {verb} “{step['description']}”: {who} changed it since")
        problem = _would_dangle(table, step, other)
        if problem:
            raise HistoryConflict(f"cannot {verb} “{step['description']}”: {problem}")

        def change() -> None:
            table.apply(step, other)
            table.move(doc, "redo" if verb == "undo" else "undo")

        self._save(change)
        for sid in step["ids"]:
            self._span_home[sid] = article_id
        return change_from_step(article_id, step, side, other)
