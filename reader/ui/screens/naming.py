"""The article screen's actor naming: ``=`` on an actor or source span, or on an entity in the
panel, sets the actor that mention names ("the movement" is Hamas).

Why: the timeline has one row per actor, and a party is written many ways. The analyst names
each spelling once per database, from where they meet it; the list (``annotations.actor_naming``)
offers the existing actors first, then look-alike names from the entity panel; typing filters
it, and a typed name no actor has is offered as a new actor. The change is one
undoable step of this article (``store.set_actors``), durable before the panels show it.
"""

from __future__ import annotations

from annotations.actor_naming import actor_choices, name_mention, typed_choices
from reader.core.errors import UserError
from reader.ui.commands import Command
from reader.ui.one_line import one_line
from reader.ui.screens.linking import ACTOR_LABEL, SOURCE_LABEL, ChoiceModal, LinkingScreen
from reader.ui.widgets.entity_panel import EntityPanel


class ActorNamingScreen(LinkingScreen):
    """``=``: name the actor of a mention; the article screen gives the spans and the entity panel."""

    ACTIONS = (
        *LinkingScreen.ACTIONS,
        Command(
            "article.actor",
            "equals_sign",
            "name_actor",
            "Actor",
            "Set which actor the actor or source span under the cursor (or the entity chosen in the panel) names",
            show=False,
        ),
    )

    def _mention(self) -> str | None:
        """The mention to name: the entity highlighted in the focused panel, else the span under the cursor."""
        panel = self.query_one(EntityPanel)
        if panel.has_focus and panel.highlighted is not None and panel.items:
            return panel.items[panel.highlighted][0].partition("\x00")[2]
        span = self.span_under_cursor()
        if span is None:
            self.notify(
                f"No {ACTOR_LABEL} or {SOURCE_LABEL} span under the cursor: tag one (its label's key), "
                "or choose an entity in the panel",
                severity="warning",
                timeout=3,
            )
            return None
        if span.label not in (ACTOR_LABEL, SOURCE_LABEL):
            self.notify(
                f"{self._key_of('article.actor')} names an {ACTOR_LABEL} or {SOURCE_LABEL} span; "
                f"this is a {span.label}{self._link_hint(span.label)}",
                severity="warning",
                timeout=3,
                markup=False,
            )
            return None
        return span.quote

    def _link_hint(self, label: str) -> str:
        """What the schema's relations link a span of ``label`` to, in its words: " (m links it to
        its source)" for a casualty figure, whose far end is no actor; "" when no relation starts there."""
        ends = list(dict.fromkeys(end for rel in self.schema.relations_from(label) for end in rel.targets))
        return f" ({self._key_of('article.link')} links it to its {' or '.join(ends)})" if ends else ""

    def _entity_names(self) -> list[str]:
        """The names the entity panel lists and the article's actor spans: where aliases are found."""
        panel = self.query_one(EntityPanel)
        names = [item_id.partition("\x00")[2] for item_id in panel.item_ids]
        return names + [s.quote for s in self.spans if s.label == ACTOR_LABEL]

    def action_name_actor(self) -> None:
        if not self._writable():
            return
        mention = self._mention()
        if mention is None:
            return
        names = self._entity_names()
        book = self.store.actors()
        options = actor_choices(book, mention, names)

        def chosen(choice: str | None) -> None:
            if choice:
                self._set_actor(mention, choice, names)

        title = f"“{one_line(mention, 40)}” is the actor…"
        modal = ChoiceModal(
            title,
            options,
            "Enter sets it · Esc cancels",
            placeholder="type to filter, or a new actor's name",
            typed=lambda text: typed_choices(book, text),
        )
        self.app.push_screen(modal, chosen)

    def _set_actor(self, mention: str, choice: str, names: list[str]) -> None:
        book = self.store.actors()
        try:
            new, description = name_mention(book, mention, choice)
        except UserError as err:
            self.notify(f"Not saved: {err}", severity="error", timeout=8, markup=False)
            return
        if new == book:
            self.notify(f"Already so: {description}", timeout=2, markup=False)
            return

        def change() -> None:
            self.store.remember_article(self.article)
            self.store.set_actors(self.article.id, new, description)

        if not self._save(change, f"{description} (u undoes)"):
            return
        actor = new.resolve(mention)
        alike = new.suggest_aliases(actor.name, names) if actor is not None else []
        if alike:
            shown = ", ".join(f"“{one_line(n, 30)}”" for n in alike[:3])
            self.notify(
                f"Also like {actor.name} here: {shown} (= on them in the entity panel)", timeout=5, markup=False
            )
