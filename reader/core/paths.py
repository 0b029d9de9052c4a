"""Where newsdesk keeps its files: per-user data, config and cache directories.

platformdirs picks the OS convention (``~/.local/share/newsdesk`` etc. on Linux).
``NEWSDESK_DATA_DIR``, ``NEWSDESK_CONFIG_DIR`` and ``NEWSDESK_CACHE_DIR`` override
them, which is how every test gets its own temporary directories.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "newsdesk"


def _dir(env: str, default: str) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser() if value else Path(default)


def data_dir() -> Path:
    """Annotation database, imported articles, session state."""
    return _dir("NEWSDESK_DATA_DIR", platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """User labels.yaml, patterns.jsonl, keymap.yaml, themes/*.yaml, config.yaml."""
    return _dir("NEWSDESK_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Corpus index caches: safe to delete at any time."""
    return _dir("NEWSDESK_CACHE_DIR", platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def cache_name(key: str) -> str:
    """A file name for a cache entry about ``key`` (a path, a kind...): a digest of it."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def is_url(location: str) -> bool:
    """Is a corpus location (an argument, a feed's link) an http(s) URL rather than a path?"""
    return location.lower().startswith(("http://", "https://"))


def default_db_path() -> Path:
    """The annotation database used when ``--db`` is not given."""
    return data_dir() / "annotations.db"


def library_dir() -> Path:
    """Articles added with ``newsdesk import``; shown beside the seeds by default."""
    return data_dir() / "library"


def _bundled_dir(name: str) -> Path:
    """A folder of data shipped with newsdesk (``seeds`` or ``themes``), installed or in a checkout.

    The repository keeps these folders at its top level; the wheel carries them inside the
    package as ``reader/bundled/<name>`` (pyproject's ``package-dir``), so that installing
    newsdesk adds no top-level import names. A source checkout (or an editable install) has
    no ``reader/bundled``: there the folder sits beside ``reader/`` and ``pyproject.toml`` (the
    latter checked, so that an installed copy never reads another project's ``seeds`` folder).
    """
    package = Path(__file__).parent.parent  # reader/: newsdesk is never installed zipped
    installed = package / "bundled" / name
    if installed.is_dir():
        return installed
    checkout = package.parent / name
    if checkout.is_dir() and (package.parent / "pyproject.toml").is_file():
        return checkout
    raise FileNotFoundError(f"newsdesk's bundled {name} folder is missing from {package}; reinstall newsdesk")


def seeds_dir() -> Path:
    """The bundled seed articles: the default corpus when no path is given."""
    return _bundled_dir("seeds")


def shipped_themes_dir() -> Path:
    """The shipped YAML themes."""
    return _bundled_dir("themes")
