"""Where the analyst left off: theme, article, cursor, filters, entity toggles.

A small JSON file in the data dir, replaced atomically on each save (temp file, fsync,
rename), so a crash leaves either the old or the new state, never half a file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader import paths
from reader.atomic import atomic_text


def session_path() -> Path:
    return paths.data_dir() / "session.json"


def load_session(path: Path | None = None) -> dict[str, Any]:
    """The saved state, or {} when there is none or it cannot be read (it is only a convenience)."""
    path = path or session_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_session(state: dict[str, Any], path: Path | None = None) -> None:
    path = path or session_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_text(path) as handle:
        json.dump(state, handle, ensure_ascii=False, sort_keys=True, indent=1)
