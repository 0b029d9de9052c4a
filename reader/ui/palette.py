"""The command palette (ctrl+p): every action a key can reach, plus themes, labels and transfers.

The actions offered are exactly those a key would reach from where the palette was
opened: the focused widget's, its ancestors', the screen's and the app's ``ACTIONS``.
Choosing one runs the same action on the same object as the key, so the palette can
never offer something its key would not do.

Listed before anything is typed, the current screen's own commands come first (those its
key bar shows, the labels to tag with, its other commands), then the app's, the motions,
the entity types, themes and transfers, and Textual's own commands (Keys, Screenshot...)
last. One provider yields them all, Textual's too: with two, their order on screen was the
order in which the two happened to answer.
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


SHOWN, SCREEN, APP, MOTIONS = range(4)  # the groups of ``action_entries``, in the palette's order


def action_entries(app: NewsdeskApp, screen: DOMNode, focused: DOMNode | None) -> dict[int, list[Entry]]:
    """The actions by group: those the key bar shows (the screen's and its focused widget's),
    the screen's others, the app's, and the focused widget's others (the motions).

    A command declared nearer shadows the same command id further up, as its key binding
    does (the help screen's ``?`` closes it instead of opening another)."""
    seen: set[str] = set()
    groups: dict[int, list[Entry]] = {SHOWN: [], SCREEN: [], APP: [], MOTIONS: []}
    for target, actions in action_targets(screen, focused):
        for command in actions:
            if command.id in seen:
                continue
            seen.add(command.id)
            if command.palette:
                keys = display_keys(app.keys_for(command))
                entry = Entry(f"{command.label} ({keys})", command.help, partial(target.run_action, command.action))
                if target is app:
                    group = APP
                elif command.show:
                    group = SHOWN
                else:
                    group = SCREEN if target is screen else MOTIONS
                groups[group].append(entry)
    return groups


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


def system_entries(app: NewsdeskApp, screen: DOMNode, *, discover: bool) -> Iterator[Entry]:
    """Textual's own commands (Keys, Maximize, Screenshot...), as ``App.get_system_commands``
    gives them; ``discover``: only those Textual lists before anything is typed."""
    for name, help_text, callback, listed in app.get_system_commands(screen):  # type: ignore[arg-type]
        if listed or not discover:
            yield Entry(name, help_text, callback)


def palette_entries(
    app: NewsdeskApp, screen: DOMNode, focused: DOMNode | None, *, discover: bool = False
) -> list[Entry]:
    from reader.ui.transfer import transfer_entries

    actions = action_entries(app, screen, focused)
    return [
        *actions[SHOWN],
        *label_entries(app, screen),
        *actions[SCREEN],
        *actions[APP],
        *actions[MOTIONS],
        *entity_entries(app, screen),
        *theme_entries(app),
        *transfer_entries(app),
        *system_entries(app, screen, discover=discover),
    ]


class NewsdeskCommands(Provider):
    """Every palette entry, Textual's own too, listed in full before anything is typed."""

    def _entries(self, discover: bool = False) -> list[Entry]:
        return palette_entries(self.app, self.screen, self.focused, discover=discover)  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        for entry in self._entries(discover=True):
            yield DiscoveryHit(entry.name, entry.run, help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            score = matcher.match(entry.name)
            if score > 0:
                yield Hit(score, matcher.highlight(entry.name), entry.run, help=entry.help)
