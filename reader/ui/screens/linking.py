"""The article screen's link and metadata commands: link the span under the cursor to another
span (``m``), set a casualty figure's parts (``f``), and set or correct the article's date, source
and title (``i``).

Why: "who demanded what" is a link from a demand to its actor. ``m`` lists the spans the
schema lets this one link to, nearest first; for a demand or concession, the actor the
sentence makes its subject (``annotations.actor_suggest``) comes first, and when that name is
not tagged yet, choosing it tags it as an actor and links it. Nothing is stored before the
analyst chooses. When more than one relation fits the pair, its key picks it. The span panel
shows each span's links ("-by-> Hamas") and each casualty figure's parsed value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from textual.content import Content
from textual.widgets import Static

from annotations.actor_suggest import suggest_actor
from annotations.actors import ActorBook
from annotations.figure_value import WHATS, Figure, Unparsed
from annotations.figures import parse_figure
from annotations.links import link_problem
from annotations.model import Span
from annotations.schema import Relation
from annotations.store.link_edits import date_problem
from reader.core.errors import UserError
from reader.core.wording import meta_line
from reader.text.sentences import sentence_starts
from reader.ui.commands import Command, display_keys
from reader.ui.one_line import one_line
from reader.ui.screens.annotating import AnnotatingScreen, link_line
from reader.ui.screens.forms import ChoiceModal, FormModal
from reader.ui.screens.modals import LabelPicker

ACTOR_LABEL = "actor"
SOURCE_LABEL = "source"
FIGURE_LABEL = "casualty figure"


def _named(book: ActorBook, quote: str) -> str:
    """ " = Hamas" when the analyst named the mention's actor otherwise than it is written, else ""."""
    actor = book.resolve(quote)
    return f" = {actor.name}" if actor is not None and actor.name != " ".join(quote.split()) else ""


METADATA_FIELDS = (("published", "Date (YYYY-MM-DD)"), ("source", "Source"), ("title", "Title"))
FIGURE_FIELDS = (
    ("number", "Number (at least 229, about 1.4 million, 48 to 72)"),
    ("who", "Who (Palestinians, Israelis, children, detainees ...)"),
    ("what", "What: " + ", ".join(WHATS)),
)


def _figure_from(values: dict[str, str]) -> Figure | None | str:
    """The figure the form says; None for an empty number (parse the quote again); else the problem."""
    number = values.get("number", "").strip()
    if not number:
        return None
    parsed = parse_figure(number)
    if isinstance(parsed, Unparsed):
        return f"no number in {number!r}"
    what = values.get("what", "").strip().lower()
    if what and what not in WHATS:
        return f"what is one of {', '.join(WHATS)}, not {what!r}"
    return parsed.with_changes(who=" ".join(values.get("who", "").split()), what=what)


class LinkingScreen(AnnotatingScreen):
    """Links and metadata corrections; the article screen gives the article, spans and entities."""

    ACTIONS = (
        *AnnotatingScreen.ACTIONS,
        Command(
            "article.link", "m", "start_link", "Link", "Link the span under the cursor to another (its actor first)"
        ),
        Command(
            "article.figure",
            "f",
            "edit_figure",
            "Figure",
            "Set the casualty figure under the cursor: number, who, what",
            show=False,
        ),
        Command(
            "article.metadata",
            "i",
            "edit_metadata",
            "Date/source",
            "Set or correct the article's date, source and title",
            show=False,
        ),
    )

    entities: list
    link_lines: dict[str, list[str]] = {}  # span id -> its links, as the span panel says them
    link_ends: dict[str, list[str]] = {}  # span id -> the span ids at the far ends of its links
    shown_hint = ""  # what the status line says of the links under the cursor

    def link_hint(self) -> str:
        """The links of the span under the text cursor ("demand -by-> Hamas"), or ""; noted as shown.

        Their far ends are marked in the text too, where the eye is."""
        cursor = self.view.cursor
        linked = [s for s in self.spans if s.start <= cursor < s.end and s.id in self.link_lines]
        hint, ends = "", []
        if linked:
            span = min(linked, key=lambda s: (s.end - s.start, s.start))
            hint = f"{span.label} " + "; ".join(self.link_lines[span.id])
            by_id = {s.id: s for s in self.spans}
            ends = [(by_id[e].start, by_id[e].end) for e in self.link_ends.get(span.id, []) if e in by_id]
        self.view.show_linked(ends)
        self.shown_hint = hint
        return hint

    # ----- what the span panel shows under each span --------------------------------------
    def span_details(self) -> dict[str, list[str]]:
        """Lines under each span in the panel: its links, and a casualty figure's parsed value."""
        by_id = {span.id: span for span in self.spans}
        book = self.store.actors()
        details: dict[str, list[str]] = {}
        ends: dict[str, list[str]] = {}
        for link in self.store.links(self.article.id):
            start, end = by_id.get(link.from_span), by_id.get(link.to_span)
            if start is not None and end is not None:
                ends.setdefault(start.id, []).append(end.id)
                ends.setdefault(end.id, []).append(start.id)
                details.setdefault(start.id, []).append(link_line(link, start.id, by_id, book))
                details.setdefault(end.id, []).append(link_line(link, end.id, by_id, book))
        figures = self.store.figures(self.article.id)
        self.link_lines = {sid: list(lines) for sid, lines in details.items()}
        self.link_ends = ends
        for span in self.spans:
            if span.label in (ACTOR_LABEL, SOURCE_LABEL) and (actor := book.resolve(span.quote)) is not None:
                details.setdefault(span.id, []).insert(0, f"= {actor.name}")
            if span.label == FIGURE_LABEL:
                stored, figure = span.id in figures, figures.get(span.id) or parse_figure(span.quote)
                lines = details.setdefault(span.id, [])
                if isinstance(figure, Figure) and figure.missing:  # its own line: the panel is narrow
                    lines += [("set: " if stored else "= ") + figure.found(), figure.missing_note()]
                else:
                    lines.append(("set: " if stored else "= ") + figure.describe())
                if not isinstance(figure, Figure) or figure.missing:  # say how, where the gap is read
                    lines.append(f"{self._key_of('article.figure')}: fill it in")
        return details

    def _key_of(self, command_id: str) -> str:
        """The key a user presses for one of these commands (keymaps may change it)."""
        command = next(c for c in self.ACTIONS if c.id == command_id)
        return display_keys(self.app.keys_for(command)).split(", ")[0]

    # ----- linking --------------------------------------------------------------------
    def action_start_link(self) -> None:
        if not self._writable():
            return
        span = self._need_span()
        if span is None:
            return
        relations = self.schema.relations_from(span.label)
        if not relations:
            self.notify(self._no_link_from(span.label), severity="warning", timeout=5, markup=False)
            return
        options = self._link_options(span, relations)
        if not options:
            targets = sorted({label for rel in relations for label in rel.targets})
            self.notify(f"Nothing to link to: tag a {' or '.join(targets)} first", severity="warning", timeout=3)
            return

        def chosen(choice: str | None) -> None:
            if choice:
                self._link_to(span, choice, relations)

        self.app.push_screen(ChoiceModal(f"Link {span.label} “{one_line(span.quote, 30)}” to…", options), chosen)

    def _no_link_from(self, label: str) -> str:
        """Why m does nothing on a span of ``label``, and what to do instead: a link starts at a
        demand (say) and ends at an actor, so m on the actor names where to press it."""
        linked = {src for rel in self.schema.relations if label in rel.targets for src in rel.sources}
        sources = [name for name in self.schema.names if name in linked]  # in the schema's order
        a = "An" if label[:1].lower() in "aeiou" else "A"
        if not sources:
            return f"{a} {label} is linked to nothing: the label schema has no relation for it"
        key = self._key_of("article.link")
        ends = ", ".join(sources[:-1]) + f" or {sources[-1]}" if len(sources) > 1 else sources[0]
        return f"{a} {label} is the far end of a link: go to a {ends} and press {key} there"

    def _link_options(self, span: Span, relations: Sequence[Relation]) -> list[tuple[str, str]]:
        """(choice id, text) for each possible other end: the suggested actor first, then spans by distance."""
        targets = {label for rel in relations for label in rel.targets}
        others = [s for s in self.spans if s.id != span.id and s.label in targets]
        linked = {link.to_span for link in self.store.links(self.article.id) if link.from_span == span.id}

        def mark(target: Span) -> str:
            return " (linked)" if target.id in linked else ""

        others.sort(key=lambda s: (abs(s.start - span.start), s.start))
        options: list[tuple[str, str]] = []
        if ACTOR_LABEL in targets:
            text = self.article.text
            suggestion = suggest_actor(text, span.start, span.end, self.entities, sentence_starts(text))
            if suggestion is not None:
                tagged = next((s for s in others if (s.start, s.end) == (suggestion.start, suggestion.end)), None)
                if tagged is not None:
                    others.remove(tagged)
                    text = f"★ {tagged.label}  {one_line(tagged.quote, 40)} (suggested){mark(tagged)}"
                    options.append((f"span:{tagged.id}", text))
                else:
                    options.append(
                        (
                            f"new:{suggestion.start}:{suggestion.end}",
                            f"★ {one_line(suggestion.text, 40)}: tag as actor and link (suggested)",
                        )
                    )
        book = self.store.actors()
        options += [
            (f"span:{s.id}", f"{s.label}  {one_line(s.quote, 50)}{_named(book, s.quote)}{mark(s)}") for s in others
        ]
        return options

    def _link_to(self, span: Span, choice: str, relations: Sequence[Relation]) -> None:
        if choice.startswith("new:"):
            _, start, end = choice.split(":")
            try:
                target = self.store.add_span(self.article, int(start), int(end), ACTOR_LABEL)
            except UserError as err:
                self.notify(f"Not saved: {err}", severity="error", timeout=8, markup=False)
                return
            self.reload_spans()
        else:
            target = self.store.span(choice.removeprefix("span:"))
            if target is None:
                return
        fitting = [rel for rel in relations if rel.allows(span.label, target.label)]
        if len(fitting) == 1:
            self._make_link(span, target, fitting[0].name)
            return

        def picked(name: str | None) -> None:
            if name:
                self._make_link(span, target, name)

        self.app.push_screen(LabelPicker(f"Relation from {span.label} to {target.label}…", fitting), picked)

    def _make_link(self, span: Span, target: Span, relation: str) -> None:
        problem = link_problem(self.schema, relation, span, target)
        if problem:
            self.notify(f"Not linked: {problem}", severity="warning", timeout=4, markup=False)
            return
        have = {(k.from_span, k.to_span, k.relation) for k in self.store.links(span.article_id)}
        if (span.id, target.id, relation) in have:  # nothing to store, so no "u undoes": u would undo the change before
            named = _named(self.store.actors(), target.quote)
            message = f"Already linked: {span.label} -{relation}-> {one_line(target.quote, 30)}{named}"
            self.notify(message, timeout=3, markup=False)
            return
        self._save(
            lambda: self.store.add_link(span.id, target.id, relation),
            f"Linked {span.label} -{relation}-> {one_line(target.quote, 30)}{_named(self.store.actors(), target.quote)}"
            " (u undoes)",
        )

    # ----- casualty figures ---------------------------------------------------------------
    def action_edit_figure(self) -> None:
        if not self._writable():
            return
        span = self._need_span()
        if span is None:
            return
        if span.label != FIGURE_LABEL:
            self.notify(f"A figure belongs to a {FIGURE_LABEL} span, not a {span.label}", severity="warning", timeout=3)
            return
        current = self.store.figures(self.article.id).get(span.id) or parse_figure(span.quote)
        values = {"number": "", "who": "", "what": ""}
        if isinstance(current, Figure):
            values = {
                "number": f"{current.qualifier} {current.number_words()}".strip(),
                "who": current.who,
                "what": current.what,
            }

        def saved(new: dict[str, str] | None) -> None:
            if new is None:
                return
            figure = _figure_from(new)
            if isinstance(figure, str):
                self.notify(f"Not saved: {figure}", severity="error", timeout=8, markup=False)
                return
            self._save(lambda: self.store.set_figure(span.id, figure), "Figure saved" if figure else "Figure parsed")

        title = f"The figure of “{one_line(span.quote, 40)}”"

        def problem(new: dict[str, str]) -> str | None:
            figure = _figure_from(new)
            return figure if isinstance(figure, str) else None

        self.app.push_screen(FormModal(title, FIGURE_FIELDS, values, "no number: parse the quote", problem), saved)

    # ----- metadata corrections -------------------------------------------------------------
    def action_edit_metadata(self) -> None:
        if not self._writable():
            return
        article = self.article
        corrected = self.store.corrections(article.id)
        values = {
            "published": corrected.get("published", article.published),
            "source": corrected.get("source", article.source),
            "title": corrected.get("title", article.title),
        }

        def saved(new: dict[str, str] | None) -> None:
            if new is None:
                return
            own = {"published": article.published, "source": article.source, "title": article.title}
            changes = {name: ("" if value.strip() == own[name] else value) for name, value in new.items()}
            if changes != {name: corrected.get(name, "") for name in changes}:
                self._save(lambda: self.store.correct_article(article.id, **changes), "Article details saved")

        title = "Article date, source and title (stored with your annotations)"
        hint = "empty: the article's own"

        def problem(new: dict[str, str]) -> str | None:
            date = new.get("published", "").strip()
            return date_problem(date) if date and date != article.published else None

        self.app.push_screen(FormModal(title, METADATA_FIELDS, values, hint, problem), saved)

    def show_corrections(self) -> None:
        """The title and meta line, with the analyst's corrections of title, source and date."""
        article = replace(self.article, **self.store.corrections(self.article.id))
        self.query_one("#title", Static).update(Content(one_line(article.title or article.id, 300)))
        self.query_one("#meta", Static).update(Content(one_line(meta_line(article), 400)), layout=False)
