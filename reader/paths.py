"""Where newsdesk keeps its files: per-user data, config and cache directories.

platformdirs picks the OS convention (``~/.local/share/newsdesk`` etc. on Linux).
``NEWSDESK_DATA_DIR``, ``NEWSDESK_CONFIG_DIR`` and ``NEWSDESK_CACHE_DIR`` override
them, which is how every test gets its own temporary directories.
"""

from __future__ import annotations

import os
import zlib
from importlib.util import find_spec
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
    """A short file name for a cache entry about ``key`` (a path, a kind...).

    Not a cryptographic hash on purpose: ``hashlib`` costs ~2 ms of OpenSSL set-up, and a
    start on the seeds would pay it only for this. Every cache entry records what it is
    about and is checked on read, so two keys that share a name only evict each other.
    """
    raw = key.encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}"


def default_db_path() -> Path:
    """The annotation database used when ``--db`` is not given."""
    return data_dir() / "annotations.db"


def library_dir() -> Path:
    """Articles added with ``newsdesk import``; shown beside the seeds by default."""
    return data_dir() / "library"


def _package_dir(name: str) -> Path:
    """Folder of a bundled data package (installed or a checkout), found without importing it.

    Not ``importlib.resources.files``: that imports zipfile and friends (~2.5 ms of every
    start) to support zipped packages, which these folders never are (files are read by path).
    """
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"newsdesk data package {name!r} is missing; reinstall newsdesk")
    return Path(next(iter(spec.submodule_search_locations)))


def seeds_dir() -> Path:
    """The bundled seed articles (package data, works from a wheel or a checkout)."""
    return _package_dir("seeds")


def shipped_themes_dir() -> Path:
    return _package_dir("themes")
