"""One article: read it with entities highlighted, tag passages, manage spans."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.keys import _character_to_key as character_to_key
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from annotations.model import Span
from annotations.store.records import HistoryConflict
from reader.core.article import Article
from reader.core.errors import UserError
from reader.core.wording import display_date, plural, status_name
from reader.ner.types import ENTITY_LABELS, Entity
from reader.text.normalise import clean_line, normalise_text
from reader.text.scripts import entity_coverage_note
from reader.ui.commands import Command, bindings_for
from reader.ui.screens.modals import ConfirmModal, LabelPicker, NoteModal
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.key_bar import KeyBar, KeyItem, command_items
from reader.ui.widgets.panel_list import PanelList

SYNC_ENTITY_CHARS = 40_000  # about 6,000 words: above this, entities are found in a worker


def _surname(name: str) -> str:
    last = name.split()[-1] if name.split() else name
    return last.split("-", 1)[1] if last.lower().startswith("al-") and "-" in last else last


def person_names(entities: list[Entity]) -> dict[str, str]:
    """Map a short PERSON mention to the one longer name in the article that ends with it."""
    full = {e.text for e in entities if e.label == "PERSON" and len(e.text.split()) > 1}
    by_surname: dict[str, set[str]] = {}
    for name in full:
        by_surname.setdefault(_surname(name).casefold(), set()).add(name)
    out: dict[str, str] = {}
    for e in entities:
        if e.label != "PERSON" or e.text in full:
            continue
        candidates = by_surname.get(_surname(e.text).casefold(), set())
        if len(candidates) == 1:
            out[e.text] = next(iter(candidates))
    return out


def one_line(value: str, limit: int = 60) -> str:
    value = " ".join(normalise_text(value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


class ArticleScreen(Screen):
    AUTO_FOCUS = "#view"  # see LibraryScreen: focusing in on_mount races the footer
    ACTIONS = (
        Command(
            "article.back", "escape,q", "back", "Back", "Back to the library (Esc clears a selection first)", show=False
        ),
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
            "article.next_unread",
            "n",
            "next_article('unread')",
            "Next unread",
            "Next search match after '/', else open the next unread article",
            show=False,
        ),
        Command(
            "article.next_todo",
            "N",
            "next_article('todo')",
            "Next to do",
            "Previous search match after '/', else open the next article not done",
            show=False,
        ),
        Command(
            "article.search",
            "slash",
            "start_search",
            "Search",
            "Search the text as you type (Enter keeps the cursor there, Esc goes back; then n/N)",
            priority=True,
        ),
        Command("article.open_url", "o", "open_url", "Open URL", "Open the article's URL in a browser", show=False),
        Command(
            "article.toggle_panel",
            "P",
            "toggle_panel",
            "Panel",
            "Show or hide the side panel: entity types, entities, spans (hidden below 100 columns)",
            show=False,
        ),
        Command(
            "article.panel",
            "tab",
            "focus_next",
            "Panels",
            "Move focus: text, entity types, entities, spans",
            show=False,
        ),
    )
    BINDINGS = bindings_for(ACTIONS)
    # Below 100 columns the text needs the width: the side panel steps aside (P shows it);
    # up to 120 it is narrower.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (120, "-wide")]

    DEFAULT_CSS = """
    ArticleScreen #title { height: auto; padding: 0 1; text-style: bold; background: $panel; }
    ArticleScreen #meta { height: 1; padding: 0 1; color: $foreground 70%; background: $panel; }
    ArticleScreen #body { height: 1fr; }
    ArticleScreen ArticleView { width: 1fr; height: 1fr; padding: 0 1 0 0; }
    ArticleScreen #side { width: 38; height: 1fr; background: $surface; border-left: solid $panel; }
    ArticleScreen.-medium #side, ArticleScreen.-narrow #side { width: 30; }
    ArticleScreen.-narrow #side, ArticleScreen.-panel-hidden #side { display: none; }
    ArticleScreen.-narrow.-panel-shown #side { display: block; }
    ArticleScreen #side > Static { height: 1; background: $panel; padding: 0 1; text-style: bold; }
    ArticleScreen #legend { height: auto; max-height: 14; border: none; }
    ArticleScreen #entities { height: 1fr; border: none; }
    ArticleScreen #spans { height: 1fr; border: none; }
    ArticleScreen #search { display: none; height: 1; border: none; padding: 0 1; background: $panel; }
    ArticleScreen #search.visible { display: block; }
    ArticleScreen #status { height: 1; background: $panel; color: $foreground 80%; padding: 0 1; }
    """

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article
        self.entities: list[Entity] = []
        self.spans: list[Span] = []
        self.stale: list[Span] = []
        self.last_label: str | None = None
        self.adjusting: Span | None = None
        self._mention_cursor: dict[tuple[str, str], int] = {}
        self.search_query = ""
        self._search_origin = 0
        self._entity_groups: dict[str, list[Entity]] = {}
        self.bind_label_keys()  # before mount, so the footer is composed once

    # ----- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="title")
        yield Static(id="meta")
        with Horizontal(id="body"):
            yield ArticleView(id="view")
            with Vertical(id="side"):
                yield Static(Content("Entity types"))
                yield SelectionList[str](id="legend")
                yield Static(Content("Entities"))
                yield PanelList(id="entities")
                yield Static(Content("Spans"))
                yield OptionList(id="spans")
        yield Input(placeholder="search the text  (Enter: stay here · Esc: go back · then n / N)", id="search")
        yield Static(id="status")
        yield KeyBar(self.key_items, id="keys")

    def key_items(self) -> list[KeyItem]:
        app = self.app
        labels: list[KeyItem] = [
            (label.key, label.name, lambda n=label.name: self.run_action(f"tag({n!r})"))
            for label in app.schema.labels
            if label.key
        ]
        shown = command_items(app, (self.view, ArticleView.ACTIONS), (self, self.ACTIONS), (app, app.ACTIONS))
        return shown[:2] + labels + shown[2:]

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel; the choice holds at every width until pressed again."""
        side = self.query_one("#side")
        shown = not side.display
        self.show_panel(shown)
        self.app.remember(panel=shown)
        if not shown and self.focused is not None and side in self.focused.ancestors:
            self.view.focus()

    def on_resize(self, event) -> None:
        self.update_status()  # fitted to the new width

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def show_panel(self, shown: bool) -> None:
        self.set_class(shown, "-panel-shown")
        self.set_class(not shown, "-panel-hidden")

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.view.set_measure(self.app.measure)
        choice = self.app.session_state.get("panel")
        if isinstance(choice, bool):  # P was pressed in an earlier session
            self.show_panel(choice)
        self.show(self.article)

    def _theme_changed(self, _theme: str) -> None:
        """The text, its spans and the legend are drawn from the theme spec, not CSS: redraw them."""
        self.view.set_theme(self.app.theme_spec, self.app.schema.names)
        self.fill_legend()

    def show(self, article: Article) -> None:
        """Show ``article``. The app keeps one ArticleScreen and calls this to switch articles,
        which is much cheaper than composing and styling a new screen each time."""
        app = self.app
        self.article = article
        self.adjusting = None
        self._mention_cursor = {}
        self.search_query = ""
        self.query_one("#title", Static).update(Content(one_line(article.title or article.id, 300)))
        meta = [
            article.source,
            display_date(article.published),
            article.author,
            plural(article.word_count, "word"),
            article.id,
        ]
        if article.url:
            meta.append(article.url)
        self.query_one("#meta", Static).update(Content(one_line("  ·  ".join(m for m in meta if m), 400)), layout=False)
        # Short texts: entities at once (no flash of plain text). Long ones: in a worker, so a
        # 50,000-word article shows its text immediately and its colours a moment later.
        cached = app.cached_entities(article)
        if cached is None and len(article.text) <= SYNC_ENTITY_CHARS:
            cached = app.entities_for(article)
        self.entities = cached or []
        if cached is None:
            # After the text is painted: a worker started now would compete for the GIL with the first paint.
            self.call_after_refresh(self.find_entities, article)
        view = self.view
        view.highlight = None
        view.set_theme(app.theme_spec, app.schema.names)
        view.set_hidden(set(app.hidden_entities))
        position = app.saved_position(article.id)
        view.show_article(article.text, self.entities, [], cursor=position)
        self.reload_spans()
        self.fill_legend()
        self.fill_entities()
        if not app.store.read_only:
            try:
                app.store.set_read(article.id, True)
                app.article_changed(article.id)
            except UserError as err:
                self.notify(str(err), severity="error", markup=False)
        self.update_status()
        note = entity_coverage_note(article.text, getattr(app.recognizer, "name", ""))
        if note:  # an empty legend is not a fault: say which text the recogniser cannot read
            self.notify(note, timeout=6, markup=False)

    @work(thread=True, exclusive=True, group="entities")
    def find_entities(self, article: Article) -> None:
        entities = self.app.entities_for(article)
        self.app.call_from_thread(self._entities_ready, article.id, entities)

    def _entities_ready(self, article_id: str, entities: list[Entity]) -> None:
        if article_id != self.article.id:
            return  # the user moved on to another article
        self.entities = entities
        self.view.set_entities(entities)
        self.fill_legend()
        self.fill_entities()

    def bind_label_keys(self) -> None:
        for label in self.app.schema.labels:
            if label.key:
                self._bindings.bind(
                    character_to_key(label.key), f"tag({label.name!r})", label.name, show=True, key_display=label.key
                )

    # ----- panels -----------------------------------------------------------------
    def fill_legend(self) -> None:
        legend = self.query_one("#legend", SelectionList)
        counts: dict[str, int] = {}
        for entity in self.entities:
            counts[entity.label] = counts.get(entity.label, 0) + 1
        spec = self.app.theme_spec
        with legend.prevent(SelectionList.SelectedChanged):
            self._fill_legend(legend, counts, spec)

    def _fill_legend(self, legend: SelectionList, counts: dict[str, int], spec) -> None:
        legend.clear_options()
        hidden = set(self.app.hidden_entities)
        legend.add_options(
            [
                (
                    Content.assemble(
                        (f"{label:<9}", Style.from_rich_style(spec.entity_style(label))), f" {counts[label]:>4}"
                    ),
                    label,
                    label not in hidden,
                )
                for label in ENTITY_LABELS
                if label in counts
            ]
        )

    @on(SelectionList.SelectedChanged, "#legend")
    def legend_changed(self, event: SelectionList.SelectedChanged) -> None:
        legend = self.query_one("#legend", SelectionList)
        shown = set(legend.selected)
        present = {legend.get_option_at_index(i).value for i in range(legend.option_count)}
        hidden = (set(self.app.hidden_entities) - present) | (present - shown)
        if hidden == set(self.app.hidden_entities):
            return
        self.app.set_hidden_entities(hidden)
        self.view.set_hidden(hidden)

    def toggle_entity_type(self, label: str) -> None:
        """Show a hidden entity type, or hide a shown one (the palette's Show/Hide entries)."""
        hidden = set(self.app.hidden_entities) ^ {label}
        self.app.set_hidden_entities(hidden)
        self.view.set_hidden(hidden)
        self.fill_legend()

    def fill_entities(self) -> None:
        """Distinct entities with their mention counts; a person's later short mentions
        ("Netanyahu", "Al-Sinwar") count with the full name given earlier."""
        groups: dict[tuple[str, str], list[Entity]] = {}
        canonical = person_names(self.entities)
        for entity in self.entities:
            name = canonical.get(entity.text, entity.text) if entity.label == "PERSON" else entity.text
            groups.setdefault((name, entity.label), []).append(entity)
        self._entity_groups = {f"{label}\x00{name}": mentions for (name, label), mentions in groups.items()}
        ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0][0].casefold()))
        self.query_one("#entities", PanelList).set_items(
            (f"{label}\x00{name}", f"{one_line(name, 22)} ({len(mentions)})  {label}")
            for (name, label), mentions in ordered
        )

    @on(PanelList.Selected, "#entities")
    def entity_chosen(self, event: PanelList.Selected) -> None:
        label, _, text = event.item_id.partition("\x00")
        mentions = self._entity_groups.get(event.item_id, [])
        if not mentions:
            return
        key = (label, text)
        index = self._mention_cursor.get(key, -1) + 1
        if index >= len(mentions):
            index = 0
        self._mention_cursor[key] = index
        mention = mentions[index]
        view = self.view
        view.highlight = (mention.start, mention.end)
        view.clear_selection()
        view.move_cursor(mention.start)
        self.notify(f"{text}: mention {index + 1} of {len(mentions)}", timeout=2, markup=False)

    def reload_spans(self) -> None:
        store = self.app.store
        self.spans = store.spans(self.article.id)
        self.stale = store.stale_spans(self.article)
        stale_ids = frozenset(s.id for s in self.stale)
        fresh = [s for s in self.spans if s.id not in stale_ids]
        valid_stale = [s for s in self.stale if s.end <= len(self.article.text)]
        self.view.set_spans(fresh + valid_stale, stale_ids)
        options = self.query_one("#spans", OptionList)
        highlighted = options.highlighted
        items = []
        for span in sorted(self.spans, key=lambda s: (s.start, s.end)):
            marks = (
                ("⚑" if span.flagged else "") + ("✎" if span.note else "") + (" STALE" if span.id in stale_ids else "")
            )
            body = f"{span.label}{marks}  “{one_line(span.quote, 40)}”"
            if span.note:
                body += f"\n   {one_line(span.note, 34)}"
            items.append(Option(Content(body), id=span.id))
        options.set_options(items)
        if highlighted is not None and options.option_count:
            options.highlighted = min(highlighted, options.option_count - 1)
        if self.stale:
            self.notify(
                f"{plural(len(self.stale), 'span')} no longer "
                f"{'matches' if len(self.stale) == 1 else 'match'} this article's text (the source changed); "
                f"{'it is' if len(self.stale) == 1 else 'they are'} kept and listed as STALE",
                severity="warning",
                timeout=6,
                markup=False,
            )

    @on(OptionList.OptionSelected, "#spans")
    def span_chosen(self, event: OptionList.OptionSelected) -> None:
        span = self.app.store.span(event.option.id or "")
        if span is None:
            return
        view = self.view
        view.move_cursor(span.start)
        view.focus()

    def update_status(self) -> None:
        state = self.app.store.state(self.article.id)
        left = f"{status_name(state.status)}{'' if state.read else ' · unread'} · {plural(len(self.spans), 'span')}"
        if self.stale:
            left += f" ({len(self.stale)} stale)"
        if self.adjusting is not None:
            left += " · ADJUSTING: motions and [ ] < > move the edges, Enter saves, Esc cancels"
        status = self.query_one("#status", Static)
        width = (self.size.width or self.app.size.width) - status.styles.padding.width
        status.update(Content(self.app.status_line(width, lead=left)), layout=False)  # one line: no re-layout

    # ----- which span -----------------------------------------------------------------
    def span_under_cursor(self) -> Span | None:
        spans_panel = self.query_one("#spans", OptionList)
        if spans_panel.has_focus and spans_panel.highlighted is not None and spans_panel.option_count:
            option = spans_panel.get_option_at_index(spans_panel.highlighted)
            return self.app.store.span(option.id or "")
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
        if self.app.store.read_only:
            self.notify("The database is open read-only: nothing can be changed", severity="error", timeout=4)
            return False
        return True

    def _save(self, action, done_message: str | None = None) -> bool:
        """Run one store change; only after it is durable is the screen updated."""
        try:
            action()
        except UserError as err:
            self.notify(f"Not saved: {err}", severity="error", timeout=8, markup=False)
            return False
        self.reload_spans()
        self.app.article_changed(self.article.id)  # first: the status line shows the session's counts
        self.update_status()
        if done_message:
            self.notify(done_message, timeout=2, markup=False)
        return True

    # ----- tagging ------------------------------------------------------------------
    def action_tag(self, label: str) -> None:
        if not self._writable():
            return
        bounds = self._selection()
        if bounds is None:
            return
        start, end = bounds
        if self._save(lambda: self.app.store.add_span(self.article, start, end, label)):
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

        self.app.push_screen(LabelPicker("Tag the selection as…", self.app.schema.labels), chosen)

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
                    lambda: self.app.store.add_spans(self.article, items),
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
                self.app.schema.labels,
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
                result.append(getattr(self.app.store, verb)(self.article.id))
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
            self._save(lambda: self.app.store.delete_span(span.id), f"Deleted {span.label} span (u undoes)")

    def action_change_label(self) -> None:
        if not self._writable():
            return
        span = self._need_span()
        if span is None:
            return

        def chosen(label: str | None) -> None:
            if label and label != span.label:
                self._save(lambda: self.app.store.update_span(span.id, label=label), f"Now {label}")

        self.app.push_screen(LabelPicker(f"Change “{one_line(span.quote, 30)}” to…", self.app.schema.labels), chosen)

    def action_edit_note(self) -> None:
        if not self._writable():
            return
        span = self._need_span()
        if span is None:
            return

        def saved(note: str | None) -> None:
            if note is not None and note != span.note:
                self._save(lambda: self.app.store.update_span(span.id, note=note), "Note saved")

        self.app.push_screen(NoteModal(f"Note on {span.label}: “{one_line(span.quote, 40)}”", span.note), saved)

    def action_flag_span(self) -> None:
        if not self._writable():
            return
        span = self._need_span()
        if span is not None:
            self._save(
                lambda: self.app.store.update_span(span.id, flagged=not span.flagged),
                "Flagged for review" if not span.flagged else "Flag removed",
            )

    def action_adjust_span(self) -> None:
        span = self._need_span()
        if span is None or not self._writable():
            return
        self.adjusting = span
        self.view.select(span.start, span.end)
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
            self._save(lambda: self.app.store.update_span(span.id, start=start, end=end), "Bounds saved")
        self.view.clear_selection()
        self.update_status()

    def action_toggle_done(self) -> None:
        if not self._writable():
            return
        state = self.app.store.state(self.article.id)
        new = "todo" if state.status == "done" else "done"
        self._save(
            lambda: self.app.store.set_status(self.article.id, new),
            "Marked done" if new == "done" else "No longer done",
        )

    def action_toggle_flagged(self) -> None:
        if not self._writable():
            return
        state = self.app.store.state(self.article.id)
        new = "todo" if state.status == "flagged" else "flagged"
        self._save(
            lambda: self.app.store.set_status(self.article.id, new),
            "Article flagged" if new == "flagged" else "Flag removed",
        )

    # ----- navigation -----------------------------------------------------------------
    def action_focus_next(self) -> None:
        """Tab: text, entity types, entities, spans, and round again (the search box is skipped)."""
        side = self.query_one("#side")
        panels = [w for w in side.query("*") if w.focusable] if side.display else []
        order = [self.view, *panels]
        current = self.focused
        index = order.index(current) if current in order else -1
        if order:
            order[(index + 1) % len(order)].focus()

    def action_back(self) -> None:
        if self.cancel_search():
            return
        if self.adjusting is not None:
            self.adjusting = None
            self.view.clear_selection()
            self.update_status()
            return
        if self.view.clear_selection() or self.view.highlight:
            self.view.highlight = None
            self.view.refresh()
            return
        self.app.remember_position(self.article.id, self.view.cursor)
        self.app.pop_screen()

    def action_next_article(self, which: str) -> None:
        if self.search_query:
            self.find_match(1 if which == "unread" else -1, from_next=True)
            return
        self.app.remember_position(self.article.id, self.view.cursor)
        self.app.open_next(self.article.id, which)

    # ----- search ----------------------------------------------------------------------
    def action_start_search(self) -> None:
        box = self.query_one("#search", Input)
        if box.has_focus:
            return
        self._search_origin = self.view.cursor
        box.value = ""
        box.add_class("visible")
        self.set_focus(box)  # immediate: the keys typed right after '/' must land in the box

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.search_query = event.value
        if event.value:
            self.view.cursor = self._search_origin
            self.find_match(1, from_next=False)
        else:
            self.view.highlight = None
            self.view.refresh()

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#search", Input).remove_class("visible")
        self.set_focus(self.view)

    def find_match(self, direction: int, *, from_next: bool) -> bool:
        """Move to the next (or previous) case-insensitive match of the search from the cursor."""
        text = self.article.text.casefold()
        query = self.search_query.casefold()
        view = self.view
        if direction > 0:
            start = view.cursor + (1 if from_next else 0)
            pos = text.find(query, start)
            if pos < 0:
                pos = text.find(query)  # wrap around
        else:
            pos = text.rfind(query, 0, max(0, view.cursor))
            if pos < 0:
                pos = text.rfind(query)
        if pos < 0:
            view.highlight = None
            view.refresh()
            self.notify("No match", severity="warning", timeout=1.5)
            return False
        # casefold can change lengths (ß -> ss); the original text's match length is what we highlight
        view.highlight = (pos, pos + len(self.search_query))
        view.move_cursor(pos)
        return True

    def cancel_search(self) -> bool:
        box = self.query_one("#search", Input)
        if box.has_focus or box.has_class("visible"):
            box.remove_class("visible")
            self.view.move_cursor(self._search_origin)
            self.search_query = ""
            self.view.highlight = None
            self.set_focus(self.view)
            return True
        if self.search_query:
            self.search_query = ""
            self.view.highlight = None
            self.view.refresh()
            return True
        return False

    def action_open_url(self) -> None:
        url = self.article.url
        if not url:
            self.notify("This article has no URL", severity="warning", timeout=2)
            return
        shown = clean_line(url)  # a feed's link may hold escape sequences: never raw to the terminal
        if self.app.is_web:  # the browser the app is served to opens it
            self.app.open_url(url)
        else:  # what Textual's terminal driver does, but a missing browser is said, not ignored
            import webbrowser

            try:
                opened = webbrowser.open(url)
            except webbrowser.Error:
                opened = False
            if not opened:
                self.notify(f"No web browser found to open {shown}", severity="warning", timeout=5, markup=False)
                return
        self.notify(f"Opening {shown}", timeout=3, markup=False)

    @on(ArticleView.CursorMoved)
    def cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self.app.remember_position(self.article.id, event.offset, durable=False)
