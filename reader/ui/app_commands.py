"""The app's own commands, whose keys work on every screen, declared apart from the registry.

A modal screen cuts Textual's key chain at itself (the app's bindings are not reached), so
the help screen binds these keys too. It cannot import ``reader.ui.registry`` for them:
the registry imports every screen. ``NewsdeskApp.ACTIONS`` is ``APP_ACTIONS``.
"""

from __future__ import annotations

from reader.ui.commands import Command

APP_ACTIONS = (
    Command("app.help", "question_mark", "help", "Help", "Show every key and the label schema"),
    Command(
        "app.quit",
        "ctrl+q",
        "quit",
        "Quit",
        "Quit newsdesk (every change is already saved; a note or form being typed asks first)",
        show=False,
        priority=True,
    ),
    Command("app.next_theme", "T", "next_theme", "Theme", "Switch to the next theme", show=False),
    Command(
        "app.stats",
        "S",
        "stats",
        "Stats",
        "Show annotation statistics: labels, statuses, annotators, days, top quotes",
        show=False,
    ),
    Command(
        "app.timeline",
        "y",
        "timeline",
        "Timeline",
        "Show the timeline: who demanded what, when; casualty figures",
        show=False,
    ),
)
