"""The article screen's annotation commands: tag the selection, change, note, flag, adjust
and delete spans, undo and redo, mark the article done or flagged.

Each command runs one store change and redraws only once it is durable (``_save``). The
article screen (``reader.ui.screens.article``) is this screen plus reading: the text, its
panels and search.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from annotations.actors import ActorBook
from annotations.links import Link
from annotations.model import Span
from annotations.schema import LabelSchema
from annotations.store.database import AnnotationStore
from annotations.store.records import HistoryConflict
from reader.core.article import Article
from reader.core.errors import UserError
from reader.core.wording import plural
from reader.ui.commands import Command
from reader.ui.one_line import one_line
from reader.ui.screens.modals import ConfirmModal, LabelPicker, NoteModal
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.span_panel import SpanPanel


def link_line(link: Link, seen_from: str, spans: dict[str, Span], book: ActorBook) -> str:
    """A link as the span panel lists it under the span ``seen_from``: "-by-> Hamas" under its
    start (the far end's actor name, when the analyst set one), "<-by- demand" under its end."""
    if link.from_span == seen_from:
        end = spans[link.to_span]
        actor = book.resolve(end.quote)
        return f"-{link.relation}-> {one_line(actor.name if actor else end.quote, 24)}"
    return f"<-{link.relation}- {spans[link.from_span].label}"


def held_notice(article: Article, held: Article) -> str:
    """Why nothing can be changed in ``article``: the database keeps ``held`` under its id
    (``AnnotationStore.held_by_another``), and a change would replace that article's text and
    take over its status, so both corpora's work would be mixed up."""
    return (
        f"the database keeps another article under the id {article.id!r}, {held.title!r:.80} (another "
        "corpus gives it this id); a change here would replace it, so nothing can be changed in this "
        "one: open its corpus with a database of its own (--db PATH)"
    )


class AnnotatingScreen(Screen):
    """The commands; the article screen gives them the article, its spans and the redraws."""

    ACTIONS = (
        Command(
            "article.tag_pick", "t", "pick_label", "Tag…", "Tag the selection with a label chosen by name", show=False
        ),
        Command(
            "article.repeat", "full_stop", "repeat_label", "Repeat", "Tag the selection with the last label", show=False
        ),
        Command("article.tag_all", "A", "tag_all", "Tag all", "Tag every occurrence of the selected text", show=False),
        Command("article.undo", "u", "undo", "Undo", "Undo your own last change in this article"),
        Command("article.redo", "ctrl+r", "redo", "Redo", "Redo your own last undone change", show=False),
        Command("article.delete", "x", "delete_span", "Delete", "Delete the span under the cursor"),
        Command(
            "article.relabel",
            "c",
            "change_label",
            "Relabel",
            "Change the label of the span under the cursor",
            show=False,
        ),
        Command("article.note", "a", "edit_note", "Note", "Add or edit the note of the span under the cursor"),
        Command(
            "article.flag_span", "F", "flag_span", "Flag span", "Flag the span under the cursor for review", show=False
        ),
        Command(
            "article.adjust",
            "r",
            "adjust_span",
            "Adjust",
            "Load the span's bounds into the selection; change them with motions or [ ] < >, then Enter",
            show=False,
        ),
        Command("article.apply", "enter", "apply_adjust", "Apply", "Save adjusted bounds", show=False),
        Command("article.done", "d", "toggle_done", "Done", "Mark the article done (pressed again: no longer done)"),
        Command(
            "article.flag",
            "exclamation_mark",
            "toggle_flagged",
            "Flag article",
            "Flag the article (pressed again: unflag it)",
            show=False,
        ),
        Command(
            "article.reject",
            "ctrl+x",
            "toggle_rejected",
            "Reject",
            "Reject the article, as Prodigy's reject (pressed again: undone)",
            show=False,
        ),
        Command(
            "article.ignore",
            "ctrl+o",
            "toggle_ignored",
            "Ignore",
            "Ignore the article, as Prodigy's ignore (pressed again: undone)",
            show=False,
        ),
    )

    store: AnnotationStore
    schema: LabelSchema
    article: Article
    spans: list[Span]
    last_label: str | None
    adjusting: Span | None
    held: Article | None = None  # another article the database keeps under this id (``held_notice``)

    # ----- what the article screen provides -------------------------------------------
    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def reload_spans(self) -> None:
        raise NotImplementedError

    def update_status(self) -> None:
        raise NotImplementedError

    # ----- which span, which text ---------------------------------------------------------
    def span_under_cursor(self) -> Span | None:
        """The span highlighted in the spans panel when it has focus, else the innermost span
        under the text cursor."""
        chosen = self.query_one(SpanPanel).highlighted_span_id
        if chosen is not None:
            return self.store.span(chosen)
        cursor = self.view.cursor
        covering = [s for s in self.spans if s.start <= cursor < s.end]
        if not covering:
            return None
        return min(covering, key=lambda s: (s.end - s.start, s.start))

    def _need_span(self) -> Span | None:
        span = self.span_under_cursor()
        if span is None:
            self.notify("No span under the cursor", severity="warning", timeout=2)
        return span

    def _selection(self) -> tuple[int, int] | None:
        """The selected offsets without surrounding whitespace; None (and a hint) when nothing is selected."""
        sel = self.view.selection
        text = self.article.text
        start, end = sel.start, sel.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            self.notify(
                "Select text first: s (sentence), p (paragraph), v + motions, or drag with the mouse",
                severity="warning",
                timeout=3,
            )
            return None
        return start, end

    def _writable(self) -> bool:
        if self.store.read_only:
            self.notify("The database is open read-only: nothing can be changed", severity="error", timeout=4)
            return False
        if self.held is not None:
            self.notify(f"Not saved: {held_notice(self.article, self.held)}", severity="error", timeout=8, markup=False)
            return False
        return True

    def _save(self, action: Callable[[], object], done_message: str | None = None, timeout: float = 2) -> bool:
        """Run one store change; only after it is durable is the screen updated."""
        try:
            action()
        except UserError as err:
            self.notify(f"Not saved: {err}", severity="error", timeout=8, markup=False)
            return False
        self.reload_spans()
        self.update_status()
        if done_message:
            self.notify(done_message, timeout=timeout, markup=False)
        return True

    # ----- tagging ------------------------------------------------------------------
    def action_tag(self, label: str) -> None:
        if not self._writable():
            return
        bounds = self._selection()
        if bounds is None:
            return
        start, end = bounds
        if self._save(lambda: self.store.add_span(self.article, start, end, label)):
            self.last_label = label
            self.view.clear_selection()

    def action_repeat_label(self) -> None:
        if self.last_label is None:
            self.notify("No label used yet in this article", severity="warning", timeout=2)
            return
        self.action_tag(self.last_label)

    def action_pick_label(self) -> None:
        if self._selection() is None or not self._writable():
            return

        def chosen(label: str | None) -> None:
            if label:
                self.action_tag(label)

        self.app.push_screen(LabelPicker("Tag the selection as…", self.schema.labels), chosen)

    def action_tag_all(self) -> None:
        if not self._writable():
            return
        bounds = self._selection()
        if bounds is None:
            return
        needle = self.article.text[bounds[0] : bounds[1]]
        text = self.article.text
        positions = []
        index = text.find(needle)
        while index >= 0:
            positions.append(index)
            index = text.find(needle, index + len(needle))
        existing = {(s.start, s.end, s.label) for s in self.spans}

        def tag_with(label: str | None) -> None:
            if not label:
                return
            items = [(p, p + len(needle), label) for p in positions if (p, p + len(needle), label) not in existing]
            if not items:
                self.notify("Every occurrence already has that label", timeout=3)
                return

            def confirmed(ok: bool | None) -> None:
                if ok and self._save(
                    lambda: self.store.add_spans(self.article, items),
                    f"Tagged {plural(len(items), 'occurrence')} as {label}",
                ):
                    self.last_label = label
                    self.view.clear_selection()

            self.app.push_screen(
                ConfirmModal(f"Tag {plural(len(items), 'occurrence')} of “{one_line(needle, 40)}” as {label}?"),
                confirmed,
            )

        self.app.push_screen(
            LabelPicker(
                f"Tag {'' if len(positions) == 1 else 'all '}{plural(len(positions), 'occurrence')} as…",
                self.schema.labels,
            ),
            tag_with,
        )

    # ----- editing -----------------------------------------------------------------
    def action_undo(self) -> None:
        self._move_history("undo", "Undid")

    def action_redo(self) -> None:
        self._move_history("redo", "Redid")

    def _move_history(self, verb: str, done: str) -> None:
        """u / ctrl+r move this annotator's own changes only; others' are theirs to undo."""
        if not self._writable():
            return
        result: list = []

        def move() -> None:
            try:
                result.append(getattr(self.store, verb)(self.article.id))
            except HistoryConflict as err:  # someone changed the same span since: nothing moved
                result.append(err)

        if not self._save(move):
            return
        outcome = result[0] if result else None
        if isinstance(outcome, HistoryConflict):
            message = f"{str(outcome)[:1].upper()}{str(outcome)[1:]}; nothing was changed"
            self.notify(message, severity="warning", timeout=4, markup=False)
        else:
            message = f"{done}: {outcome.description}" if outcome else f"Nothing of yours to {verb} in this article"
            self.notify(message, timeout=2, markup=False)

    def action_delete_span(self) -> None:
        if not self._writable():
            return
        span = self._need_span()
        if span is not None:
            self._save(lambda: self.store.delete_span(span.id), f"Deleted {span.label} span (u undoes)")

    def action_change_label(self) -> None:
        if not self._writable():
            return
        span = self._need_span()
        if span is None:
            return

        def chosen(label: str | None) -> None:
            if label and label != span.label:
                broken = self.store.links_a_label_breaks(span.id, label, self.schema)
                self._save(
                    lambda: self.store.update_span(span.id, label=label, schema=self.schema),
                    self._relabelled(span, label, broken),
                    timeout=6 if broken else 2,  # links went that the user did not remove: time to read which
                )

        self.app.push_screen(LabelPicker(f"Change “{one_line(span.quote, 30)}” to…", self.schema.labels), chosen)

    def _relabelled(self, span: Span, label: str, broken: list[tuple[Link, str]]) -> str:
        """The notice of a relabel: "Now source", and the links it removes as the span panel
        lists them, with why (a link the user did not remove goes, so the user is told)."""
        if not broken:
            return f"Now {label}"
        by_id, book = {s.id: s for s in self.store.spans(span.article_id)}, self.store.actors()
        said = "; ".join(f"{link_line(link, span.id, by_id, book)} ({why})" for link, why in broken)
        return f"Now {label} · {plural(len(broken), 'link')} removed: {said}"

    def action_edit_note(self) -> None:
        if not self._writable():
            return
        span = self._need_span()
        if span is None:
            return

        def saved(note: str | None) -> None:
            if note is not None and note != span.note:
                self._save(lambda: self.store.update_span(span.id, note=note), "Note saved")

        self.app.push_screen(NoteModal(f"Note on {span.label}: “{one_line(span.quote, 40)}”", span.note), saved)

    def action_flag_span(self) -> None:
        if not self._writable():
            return
        span = self._need_span()
        if span is not None:
            self._save(
                lambda: self.store.update_span(span.id, flagged=not span.flagged),
                "Flagged for review" if not span.flagged else "Flag removed",
            )

    def action_adjust_span(self) -> None:
        span = self._need_span()
        if span is None or not self._writable():
            return
        self.adjusting = span
        self.view.select(span.start, span.end)
        self.view.focus()  # the edges move with the text's motions, wherever r was pressed
        self.update_status()

    def action_apply_adjust(self) -> None:
        span = self.adjusting
        if span is None:
            return
        bounds = self._selection()
        if bounds is None:
            return
        self.adjusting = None
        start, end = bounds
        if (start, end) != (span.start, span.end):
            self._save(lambda: self.store.update_span(span.id, start=start, end=end), "Bounds saved")
        self.view.clear_selection()
        self.update_status()

    def action_toggle_done(self) -> None:
        self._toggle_status("done", "Marked done", "No longer done")

    def action_toggle_flagged(self) -> None:
        self._toggle_status("flagged", "Article flagged", "Flag removed")

    def action_toggle_rejected(self) -> None:
        self._toggle_status("rejected", "Article rejected", "No longer rejected")

    def action_toggle_ignored(self) -> None:
        self._toggle_status("ignored", "Article ignored", "No longer ignored")

    def _toggle_status(self, status: str, on: str, off: str) -> None:
        """Set the status, or turn it off when it is the article's: the store gives back the
        status it replaced (``AnnotationStore.status_before``)."""
        if not self._writable():
            return
        turning_off = self.store.state(self.article.id).status == status

        def toggle() -> None:
            # The article's text goes into the database with its status: an article marked done
            # with nothing to tag is a reviewed negative, and an export needs its text.
            self.store.remember_article(self.article)
            self.store.toggle_status(self.article.id, status)

        self._save(toggle, off if turning_off else on)
