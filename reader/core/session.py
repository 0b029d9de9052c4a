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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader.core import paths
from reader.core.atomic import atomic_text

DEFAULT_CORPUS = "default"  # the bundled seeds and the articles imported into the library
PER_CORPUS = frozenset({"screen", "article", "filter", "status_filter"})
KEEP_CORPORA = 50  # corpora remembered, the most recently opened
KEEP_POSITIONS = 500  # cursor positions remembered, the most recently left articles


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


class Session:
    """The state of one run, kept for the next: what the user chose and where they are.

    The app holds one and gives it to its screens. Changes are kept in memory and written
    by ``save`` (at once, for a choice the user made) or by ``flush`` (a timer's, for what
    changes at every key, such as the cursor). The file is a convenience: a failed write
    is ignored, the annotations are in the store.
    """

    def __init__(self, state: dict[str, Any], corpus: str | None, *, path: Path | None = None) -> None:
        self.state = state
        self.corpus_key = corpus_key(corpus)
        self.path = path
        self.theme: str | None = state.get("theme")  # the app's, kept as it changes (saved with the rest)
        self.hidden_entities: frozenset[str] = frozenset(state.get("hidden_entities", []))
        self._positions: dict[str, int] = dict(state.get("positions", {}))
        self._dirty = False
        place = corpus_state(state, self.corpus_key)
        # where to return once the corpus is listed: once, at start (a later reload stays put)
        self._resume = bool(state.get("resume", True))
        self._resume_article = place.get("article") if place.get("screen") == "article" else None

    def remember(self, **values: Any) -> None:
        """Keep ``values`` for the next start: the screen, article and filters for this corpus only."""
        place = corpus_state(self.state, self.corpus_key)
        for key, value in values.items():
            (place if key in PER_CORPUS else self.state)[key] = value
        self._dirty = True

    def remembered(self, key: str, default: Any = None) -> Any:
        place = corpus_state(self.state, self.corpus_key) if key in PER_CORPUS else self.state
        return place.get(key, default)

    def remember_position(self, article_id: str, cursor: int, *, durable: bool = True) -> None:
        """The cursor in an article; ``durable=False`` leaves the write to the next ``flush``."""
        self._positions.pop(article_id, None)
        self._positions[article_id] = cursor
        self.remember(article=article_id)
        if durable:
            self.save()

    def saved_position(self, article_id: str) -> int:
        return int(self._positions.get(article_id, 0))

    def set_hidden_entities(self, hidden: Iterable[str]) -> None:
        self.hidden_entities = frozenset(hidden)
        self.save()

    def resume_place(self) -> tuple[str | None, bool]:
        """Once per start: the last article read in this corpus, and whether the last session
        ended on it (then it is opened again); afterwards (None, False)."""
        if not self._resume:
            return None, False
        self._resume = False
        last = self.remembered("article")
        last = last if isinstance(last, str) and last else None
        return last, last is not None and last == self._resume_article

    def flush(self) -> None:
        """Write what changed since the last write, if anything did."""
        if self._dirty:
            self.save()

    def save(self) -> None:
        state = session_to_save(self.state, self.corpus_key)
        if self.theme:
            state["theme"] = self.theme
        state["hidden_entities"] = sorted(self.hidden_entities)
        state["positions"] = dict(list(self._positions.items())[-KEEP_POSITIONS:])
        self._dirty = False
        try:
            save_session(state, self.path)
        except OSError:
            pass  # the session file is a convenience; annotations are in the store
