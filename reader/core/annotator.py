"""Who is annotating: the name stamped on spans and undo steps when none is given.

The app, the CLI and the store all fall back to the same name, so a span tagged in the app
and one imported from the command line by the same person carry the same annotator.
"""

from __future__ import annotations

import getpass
import os


def login_name() -> str:
    """The user's login name, or "" where there is none (a container without a passwd entry)."""
    try:
        return getpass.getuser()
    except (ImportError, KeyError, OSError):  # no pwd module, no passwd entry (KeyError before 3.13)
        return ""


def default_annotator() -> str:
    """``$NEWSDESK_ANNOTATOR``, else the login name, else "unknown".

    A blank variable (``NEWSDESK_ANNOTATOR=" "``, as a shell script leaves it) counts as unset,
    as an empty one does: stamped on spans, it would be no one's name (``blank_name_problem``)."""
    named = os.environ.get("NEWSDESK_ANNOTATOR", "")
    return named if named.strip() else login_name() or "unknown"


def blank_name_problem(name: str) -> str | None:
    """Why ``name`` is no annotator's name ("must be a name, not '  '"); None when it is one.

    Why refused: a blank name would be stamped on every span and undo step as given; left out,
    the name falls back to a real one (``default_annotator``)."""
    return None if name.strip() else f"must be a name, not {name!r} (leave it out for the default)"
