"""Where the analyst left off: theme, entity toggles, and per corpus the screen, article and filters.

A small JSON file in the data dir, replaced atomically on each save (temp file, fsync,
rename), so a crash leaves either the old or the new state, never half a file.

What belongs to one corpus (the screen quit from, the last article, the library's filter
and status filter) is kept under that corpus's key, so opening another corpus neither
inherits the filter nor jumps to an article it does not hold. The key survives imports
(the default corpus is "default", however many articles were imported into it) and the
folder newsdesk is started from (paths are resolved).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.core import paths
from reader.core.atomic import atomic_text

DEFAULT_CORPUS = "default"  # the bundled seeds and the articles imported into the library
PER_CORPUS = frozenset({"screen", "article", "filter", "status_filter"})
KEEP_CORPORA = 50  # corpora remembered, the most recently opened


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


def corpus_key(path: str | None) -> str:
    """The name one corpus's state is kept under: a URL as given, a file or folder resolved."""
    if path is None:
        return DEFAULT_CORPUS
    if paths.is_url(path):
        return path
    try:
        return str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError):
        return path


def corpus_state(session: dict[str, Any], key: str) -> dict[str, Any]:
    """The (mutable) state kept for corpus ``key`` in ``session``, made if missing or malformed."""
    corpora = session.get("corpora")
    if not isinstance(corpora, dict):
        corpora = session["corpora"] = {}
    state = corpora.get(key)
    if not isinstance(state, dict):
        state = corpora[key] = {}
    return state


def session_to_save(session: dict[str, Any], current: str) -> dict[str, Any]:
    """``session`` as written: the current corpus last among the most recent ``KEEP_CORPORA``,
    and the keys older versions kept for every corpus at once left out."""
    state = {k: v for k, v in session.items() if k not in PER_CORPUS and k != "resume"}  # resume: config
    corpora = dict(state.get("corpora") or {})
    if current in corpora:
        corpora[current] = corpora.pop(current)
    state["corpora"] = dict(list(corpora.items())[-KEEP_CORPORA:])
    state["corpus"] = current
    return state
