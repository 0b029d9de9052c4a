"""Every command of the app, grouped by where its key works: the one list that help, the
keymap check and the route tests enumerate, so a new command is covered where it is declared."""

from __future__ import annotations

from typing import NamedTuple

from reader.ui.app_commands import APP_ACTIONS  # the app imports them from here
from reader.ui.commands import Command


class Scope(NamedTuple):
    """Commands whose keys work in one place (a screen, or a widget when it has focus)."""

    name: str  # "library", "article", "text", "panel", "stats", "everywhere"
    title: str  # the help screen's heading
    actions: tuple[Command, ...]


def scopes() -> list[Scope]:
    from reader.ui.screens.article import ArticleScreen
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.screens.stats import StatsScreen
    from reader.ui.screens.timeline import TimelineScreen
    from reader.ui.widgets.article_list import ArticleList
    from reader.ui.widgets.article_view import ArticleView
    from reader.ui.widgets.panel_list import PanelList

    return [
        Scope("library", "Library", LibraryScreen.ACTIONS + ArticleList.ACTIONS),
        Scope("article", "Article", ArticleScreen.ACTIONS),
        Scope("text", "Moving and selecting in the text", ArticleView.ACTIONS),
        Scope("panel", "Entity panel (Tab to it)", PanelList.ACTIONS),
        Scope("stats", "Statistics", StatsScreen.ACTIONS),
        Scope("timeline", "Timeline", TimelineScreen.ACTIONS),
        Scope("everywhere", "Everywhere", APP_ACTIONS),
    ]


def command_groups() -> list[tuple[str, tuple[Command, ...]]]:
    """(heading, commands) for the help screen, in the registry's order."""
    return [(scope.title, scope.actions) for scope in scopes()]
