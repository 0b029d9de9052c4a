"""What turning an article's status off gives back, read from its history of status steps.

Why apart from ``annotations.store.edits``: the rule is a pure function of the history (no
I/O), and the exhaustive tests of the status keys check it against a model of their own.

The rule: each status set replaces the one before it, and turning a status off (its key
pressed again) gives back exactly the status it replaced when it was set. So the statuses
form a stack: setting pushes, turning off pops. A status step with ``"off": true`` is a pop;
any other status step (a key, an import, ``set_status``) is a push.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def replaced_statuses(steps: Iterable[dict[str, Any]], current: str) -> list[str]:
    """The statuses the current one stands on, oldest first, ending with ``current``: the
    replay of the status ``steps`` of the undo history, oldest first.

    Where the chain is broken (a status set outside the history, or its start dropped off
    the history's end), what came before is unknown and counts as "todo"."""
    stack = ["todo"]
    for step in steps:
        if stack[-1] != step["before"]:
            stack = _unknown_below(step["before"])
        if step.get("off"):
            stack.pop()
            if not stack or stack[-1] != step["after"]:
                stack = _unknown_below(step["after"])
        else:
            stack.append(step["after"])
    return stack if stack[-1] == current else _unknown_below(current)


def _unknown_below(status: str) -> list[str]:
    return ["todo"] if status == "todo" else ["todo", status]
