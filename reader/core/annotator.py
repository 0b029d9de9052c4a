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
    """``$NEWSDESK_ANNOTATOR``, else the login name, else "unknown"."""
    return os.environ.get("NEWSDESK_ANNOTATOR") or login_name() or "unknown"
