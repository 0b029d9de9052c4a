"""User-facing errors: a user's mistake becomes one clear line, never a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix (bad path, bad file, bad option).

    ``str(err)`` is the whole message: it names what was wrong and where
    (``file:line: problem``). The CLI prints it as one line and exits with ``exit_code``.
    """

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
