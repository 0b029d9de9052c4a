"""Which annotation database a command that only reads opens.

Why: a read-only open of a path where no database is reads an empty one, so a mistyped
``--db`` listed every article "to do" and counted nothing, without a word. A path the user
names must hold a database; the default one may not be there yet (nothing annotated on this
machine) and reads as empty. A writable open (the app, ``import --format``) creates the
database it is given, as before.
"""

from __future__ import annotations

from pathlib import Path

from reader.core import paths
from reader.core.errors import UserError


def database_to_read(given: str | None) -> Path:
    """The database at ``given`` (``--db``, or ``db:`` in config.yaml), which must be there; else the default."""
    if not given:
        return paths.default_db_path()
    db = Path(given).expanduser()
    if not db.exists():
        raise UserError(f"{given}: no such annotation database (a read-only open creates none; check the path)")
    return db
