"""The command palette (ctrl+p): every action a key can reach, plus themes, labels and transfers.

The actions offered are exactly those a key would reach from where the palette was
opened: the focused widget's, its ancestors', the screen's and the app's ``ACTIONS``.
Choosing one runs the same action on the same object as the key, so the palette can
never offer something its key would not do.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.ui.commands import Command, Entry, display_keys

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from reader.ui.app import NewsdeskApp


def action_targets(screen: DOMNode, focused: DOMNode | None) -> list[tuple[DOMNode, tuple[Command, ...]]]:
    """(object, its actions) in the order a key press meets them: focused widget first, the app last."""
    chain: list[DOMNode] = []
    node = focused
    while node is not None and node is not screen:
        chain.append(node)
        node = node.parent
    chain += [screen, screen.app]
    targets = []
    for target in chain:
        actions = getattr(type(target), "ACTIONS", ())
        if actions:
            targets.append((target, actions))
    return targets


def action_entries(app: NewsdeskApp, screen: DOMNode, focused: DOMNode | None) -> Iterator[Entry]:
    """A command declared nearer shadows the same command id further up, as its key binding
    does (the help screen's ``?`` closes it instead of opening another)."""
    seen: set[str] = set()
    for target, actions in action_targets(screen, focused):
        for command in actions:
            if command.id in seen:
                continue
            seen.add(command.id)
            if command.palette:
                keys = display_keys(app.keys_for(command))
                yield Entry(f"{command.label} ({keys})", command.help, partial(target.run_action, command.action))


def label_entries(app: NewsdeskApp, screen: DOMNode) -> Iterator[Entry]:
    """Tagging with each schema label, on a screen that tags."""
    if not hasattr(screen, "action_tag"):
        return
    for label in app.schema.labels:
        keys = f" ({label.key})" if label.key else ""
        yield Entry(
            f"Tag as {label.name}{keys}",
            label.description or f"Tag the selection as {label.name}",
            partial(screen.run_action, f"tag({label.name!r})"),
        )


def entity_entries(app: NewsdeskApp, screen: DOMNode) -> Iterator[Entry]:
    """Showing or hiding each entity type, on a screen with a legend."""
    if not hasattr(screen, "toggle_entity_type"):
        return
    from reader.ner.types import ENTITY_LABELS

    for entity_label, description in ENTITY_LABELS.items():
        state = "Show" if entity_label in app.session.hidden_entities else "Hide"
        yield Entry(f"{state} {entity_label} entities", description, partial(screen.toggle_entity_type, entity_label))


def theme_entries(app: NewsdeskApp) -> Iterator[Entry]:
    for name in sorted(app.theme_specs):
        current = " (current)" if name == app.theme else ""
        yield Entry(
            f"Theme: {name}{current}",
            app.theme_specs[name].description or "Switch theme",
            partial(app.apply_theme, name),
        )


def palette_entries(app: NewsdeskApp, screen: DOMNode, focused: DOMNode | None) -> list[Entry]:
    from reader.ui.transfer import transfer_entries

    return [
        *action_entries(app, screen, focused),
        *label_entries(app, screen),
        *entity_entries(app, screen),
        *theme_entries(app),
        *transfer_entries(app),
    ]


class NewsdeskCommands(Provider):
    """newsdesk's palette entries, listed in full before anything is typed."""

    def _entries(self) -> list[Entry]:
        return palette_entries(self.app, self.screen, self.focused)  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(entry.name, entry.run, help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            score = matcher.match(entry.name)
            if score > 0:
                yield Hit(score, matcher.highlight(entry.name), entry.run, help=entry.help)
