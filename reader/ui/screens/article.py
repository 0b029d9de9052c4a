"""One article: read it with entities highlighted, tag passages, manage spans.

The screen lays out the text and its side panel (entity types, entities, spans) and the
search box; the annotation commands are ``AnnotatingScreen``'s. The panels and the search
box say what the user chose through messages; the screen moves the text to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.keys import _character_to_key as character_to_key
from textual.widgets import Input, Static

from annotations.schema import LabelSchema
from annotations.store.database import AnnotationStore
from reader.core.article import Article
from reader.core.errors import UserError
from reader.core.session import Session
from reader.core.wording import plural, status_name
from reader.ner.types import Entity
from reader.text.scripts import entity_coverage_note
from reader.ui.browser import open_link
from reader.ui.commands import Command, bindings_for
from reader.ui.messages import OpenNext
from reader.ui.screens.annotating import held_notice
from reader.ui.screens.naming import ActorNamingScreen
from reader.ui.status_line import SessionStatus, StatusLine
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.entity_panel import EntityPanel
from reader.ui.widgets.key_bar import KeyBar, KeyItem, command_items
from reader.ui.widgets.legend import EntityLegend
from reader.ui.widgets.span_panel import SpanPanel
from reader.ui.widgets.text_search import TextSearch, find_match

if TYPE_CHECKING:
    from annotations.model import Span
    from reader.ner.recognizer import EntityRecognizer

SYNC_ENTITY_CHARS = 40_000  # about 6,000 words: above this, entities are found in a worker


def stale_notice(stale: list[Span]) -> str:
    """Spans made on an earlier text of this article: its source changed since."""
    one = len(stale) == 1
    kept = f"{'it is' if one else 'they are'} kept and listed as STALE"
    matches = "matches" if one else "match"
    return f"{plural(len(stale), 'span')} no longer {matches} this article's text (the source changed); {kept}"


class ArticleScreen(ActorNamingScreen):
    AUTO_FOCUS = "#view"  # see LibraryScreen: focusing in on_mount races the footer
    ACTIONS = (
        Command(
            "article.back", "escape,q", "back", "Back", "Back to the library (Esc clears a selection first)", show=False
        ),
        *ActorNamingScreen.ACTIONS,
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
    ArticleScreen #meta {
        height: 1; padding: 0 1; color: $foreground 70%; background: $panel; text-wrap: nowrap; text-overflow: ellipsis;
    }
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

    def __init__(
        self,
        article: Article,
        *,
        store: AnnotationStore,
        schema: LabelSchema,
        session: Session,
        status: SessionStatus,
        recognizer: EntityRecognizer,
        measure: int,
    ) -> None:
        super().__init__()
        self.article = article
        self.store = store
        self.schema = schema
        self.session = session
        self.status = status
        self.recognizer = recognizer
        self.measure = measure  # the text's maximum line width (config.yaml ``measure``)
        self.entities: list[Entity] = []
        self.spans = []
        self.stale = []
        self.last_label = None
        self.adjusting = None
        self.bind_label_keys()  # before mount, so the footer is composed once

    # ----- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="title")
        yield Static(id="meta")
        with Horizontal(id="body"):
            yield ArticleView(id="view")
            with Vertical(id="side"):
                yield Static(Content("Entity types"))
                yield EntityLegend(id="legend")
                yield Static(Content("Entities"))
                yield EntityPanel(id="entities")
                yield Static(Content("Spans"))
                yield SpanPanel(id="spans")
        yield TextSearch(id="search")
        yield StatusLine(self.status, id="status")
        yield KeyBar(self.key_items, id="keys")

    def key_items(self) -> list[KeyItem]:
        app = self.app
        labels: list[KeyItem] = [
            (label.key, label.name, lambda n=label.name: self.run_action(f"tag({n!r})"))
            for label in self.schema.labels
            if label.key
        ]
        if self.focused is not None and self.query_one("#side") in self.focused.ancestors:
            # a side panel has the keys: the text's own commands do not reach it
            return labels + command_items(app, (self, self.ACTIONS), (app, app.ACTIONS))
        shown = command_items(app, (self.view, ArticleView.ACTIONS), (self, self.ACTIONS), (app, app.ACTIONS))
        return shown[:2] + labels + shown[2:]

    def on_descendant_focus(self) -> None:
        self.query_one(KeyBar).refresh()  # the keys shown follow the focus (see ``key_items``)

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel; the choice holds at every width until pressed again."""
        side = self.query_one("#side")
        shown = not side.display
        self.show_panel(shown)
        self.session.remember(panel=shown)
        if not shown and self.focused is not None and side in self.focused.ancestors:
            self.view.focus()

    @property
    def search(self) -> TextSearch:
        return self.query_one(TextSearch)

    def show_panel(self, shown: bool) -> None:
        self.set_class(shown, "-panel-shown")
        self.set_class(not shown, "-panel-hidden")

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.view.set_measure(self.measure)
        choice = self.session.remembered("panel")
        if isinstance(choice, bool):  # P was pressed in an earlier session
            self.show_panel(choice)
        self.show(self.article)

    def _theme_changed(self, _theme: str) -> None:
        """The text, its spans and the legend are drawn from the theme spec, not CSS: redraw them."""
        self.view.set_theme(self.app.theme_spec, self.schema.names)
        self.fill_legend()

    def show(self, article: Article) -> None:
        """Show ``article``. The app keeps one ArticleScreen and calls this to switch articles,
        which is much cheaper than composing and styling a new screen each time."""
        app = self.app
        self.article = article
        self.held = self.store.held_by_another(article)
        self.adjusting = None
        self.search.forget()
        # Short texts: entities at once (no flash of plain text). Long ones: in a worker, so a
        # 50,000-word article shows its text immediately and its colours a moment later; the
        # recogniser keeps what it found, so an article opened again costs a look-up.
        short = len(article.text) <= SYNC_ENTITY_CHARS
        self.entities = self.recognizer.find(article.text) if short else []
        if not short:
            # After the text is painted: a worker started now would compete for the GIL with the first paint.
            self.call_after_refresh(self.find_entities, article)
        view = self.view
        view.highlight = None  # drawn by show_article below
        view.set_theme(app.theme_spec, self.schema.names)
        view.set_hidden(set(self.session.hidden_entities))
        view.show_article(article.text, self.entities, [], cursor=self.session.saved_position(article.id))
        self.reload_spans()
        self.fill_legend()
        self.query_one(EntityPanel).show_entities(self.entities)
        self.status.opened(article.id)  # before anything changes: the session's figures count from here
        if self.held is not None:
            said = held_notice(article, self.held)
            if self.stale:
                verb = "is" if len(self.stale) == 1 else "are"
                said += f"; {plural(len(self.stale), 'span')} made on it {verb} listed as STALE"
            self.notify(said[:1].upper() + said[1:], severity="warning", timeout=10, markup=False)
        elif not self.store.read_only:
            try:
                self.store.set_read(article.id, True)
            except UserError as err:
                self.notify(str(err), severity="error", markup=False)
        self.update_status()
        note = entity_coverage_note(article.text, getattr(self.recognizer, "name", ""))
        if note:  # an empty legend is not a fault: say which text the recogniser cannot read
            self.notify(note, timeout=6, markup=False)

    @work(thread=True, exclusive=True, group="entities")
    def find_entities(self, article: Article) -> None:
        entities = self.recognizer.find(article.text)
        self.app.call_from_thread(self._entities_ready, article.id, entities)

    def _entities_ready(self, article_id: str, entities: list[Entity]) -> None:
        if article_id != self.article.id:
            return  # the user moved on to another article
        self.entities = entities
        self.view.set_entities(entities)
        self.fill_legend()
        self.query_one(EntityPanel).show_entities(entities)

    def bind_label_keys(self) -> None:
        for label in self.schema.labels:
            if label.key:
                self._bindings.bind(
                    character_to_key(label.key), f"tag({label.name!r})", label.name, show=True, key_display=label.key
                )

    # ----- panels -----------------------------------------------------------------
    def fill_legend(self) -> None:
        self.query_one(EntityLegend).show_types(self.entities, self.app.theme_spec, self.session.hidden_entities)

    def on_entity_legend_hidden_changed(self, event: EntityLegend.HiddenChanged) -> None:
        self.session.set_hidden_entities(event.hidden)
        self.view.set_hidden(set(event.hidden))

    def toggle_entity_type(self, label: str) -> None:
        """Show a hidden entity type, or hide a shown one (the palette's Show/Hide entries)."""
        hidden = set(self.session.hidden_entities) ^ {label}
        self.session.set_hidden_entities(hidden)
        self.view.set_hidden(hidden)
        self.fill_legend()

    def on_entity_panel_mention_chosen(self, event: EntityPanel.MentionChosen) -> None:
        self.view.clear_selection()
        self.view.show_match((event.mention.start, event.mention.end))
        self.notify(f"{event.name}: mention {event.index + 1} of {event.count}", timeout=2, markup=False)

    def reload_spans(self) -> None:
        store = self.store
        self.spans = store.spans(self.article.id)
        self.stale = store.stale_spans(self.article)
        stale_ids = frozenset(s.id for s in self.stale)
        fresh = [s for s in self.spans if s.id not in stale_ids]
        valid_stale = [s for s in self.stale if s.end <= len(self.article.text)]
        self.view.set_spans(fresh + valid_stale, stale_ids)
        self.query_one(SpanPanel).show_spans(self.spans, stale_ids, self.span_details())
        self.show_corrections()  # an undo may have changed the date, source or title
        if self.stale and self.held is None:  # else the spans are the other article's: said on opening
            self.notify(stale_notice(self.stale), severity="warning", timeout=6, markup=False)

    def on_span_panel_span_chosen(self, event: SpanPanel.SpanChosen) -> None:
        span = self.store.span(event.span_id)
        if span is None:
            return
        view = self.view
        if self.adjusting is None:  # while adjusting, the selection holds the new bounds: keep it
            view.move_cursor(span.start)
        view.focus()

    def update_status(self) -> None:
        state = self.store.state(self.article.id)
        left = f"{status_name(state.status)}{'' if state.read else ' · unread'} · {plural(len(self.spans), 'span')}"
        if self.stale:
            left += f" ({len(self.stale)} stale)"
        if self.adjusting is not None:  # first: at 80 columns the line is cut, and this says how to leave
            left = f"ADJUSTING: [ ] < > and motions move the edges, Enter saves, Esc cancels · {left}"
        elif hint := self.link_hint():  # the links of the span under the cursor
            left += f" · {hint}"
        self.query_one(StatusLine).show(lead=left)

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
            self.view.show_match(None)
            return
        self.session.remember_position(self.article.id, self.view.cursor)
        self.app.pop_screen()

    def action_next_article(self, which: str) -> None:
        if self.search.term:
            self.find_match(1 if which == "unread" else -1, from_next=True)
            return
        self.session.remember_position(self.article.id, self.view.cursor)
        self.post_message(OpenNext(self.article.id, which))

    # ----- search ----------------------------------------------------------------------
    def action_start_search(self) -> None:
        if not self.search.has_focus:
            self.search.open(self.view.cursor)

    def on_text_search_query_changed(self, event: TextSearch.QueryChanged) -> None:
        if event.query:
            self.view.cursor = event.origin
            self.find_match(1, from_next=False)
        else:
            self.view.show_match(None)

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        self.search.close()
        self.set_focus(self.view)

    def find_match(self, direction: int, *, from_next: bool) -> bool:
        """Move to the next (or previous) match of the search from the cursor."""
        match = find_match(self.article.text, self.search.term, self.view.cursor, direction, from_next=from_next)
        self.view.show_match(match)
        if match is None:
            self.notify("No match", severity="warning", timeout=1.5)
        return match is not None

    def cancel_search(self) -> bool:
        """Esc while searching: the box closes and the cursor goes back; after Enter: the term is dropped."""
        search, view = self.search, self.view
        if search.is_open:
            search.close()
            view.move_cursor(search.origin)
            search.forget()
            view.show_match(None)
            self.set_focus(view)
            return True
        if search.forget():
            view.show_match(None)
            return True
        return False

    def action_open_url(self) -> None:
        if self.article.url:
            open_link(self.app, self.article.url)
        else:
            self.notify("This article has no URL", severity="warning", timeout=2)

    @on(ArticleView.CursorMoved)
    def cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self.session.remember_position(self.article.id, event.offset, durable=False)
        shown = self.shown_hint
        if self.link_hint() != shown:
            self.update_status()
