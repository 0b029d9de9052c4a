"""Where newsdesk keeps its files: per-user data, config and cache directories.

platformdirs picks the OS convention (``~/.local/share/newsdesk`` etc. on Linux).
``NEWSDESK_DATA_DIR``, ``NEWSDESK_CONFIG_DIR`` and ``NEWSDESK_CACHE_DIR`` override
them, which is how every test gets its own temporary directories.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import platformdirs

from reader.core.errors import UserError
from reader.core.regular_file import file_kind

APP_NAME = "newsdesk"

# Every name newsdesk reads in the config folder, with what it must be there (README, "Where
# data lives"). ``config_entry`` takes no other name, so a new one is added here, and its
# wrong kind is then said as theirs is.
CONFIG_FILES = {
    "config.yaml": "a file of settings (YAML)",
    "keymap.yaml": "a file of key remappings (YAML)",
    "labels.yaml": "a label schema file (YAML)",
    "patterns.jsonl": "a file of entity patterns (JSONL)",
}
CONFIG_FOLDERS = {"themes": "a folder of theme files (*.yaml)"}


def _dir(env: str, default: str) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser() if value else Path(default)


def data_dir() -> Path:
    """Annotation database, imported articles, session state."""
    return _dir("NEWSDESK_DATA_DIR", platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """User labels.yaml, patterns.jsonl, keymap.yaml, themes/*.yaml, config.yaml."""
    return _dir("NEWSDESK_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_entry(name: str) -> Path | None:
    """``name`` in the config folder when it is there; None when it is not.

    UserError when it is there but of another kind (a folder named patterns.jsonl, a file
    named themes, a FIFO): one line naming the path and what was expected, where it used to
    be passed over as if it were not there.
    """
    path = config_dir() / name
    folder = name in CONFIG_FOLDERS
    expected = CONFIG_FOLDERS[name] if folder else CONFIG_FILES[name]
    try:
        mode = path.stat().st_mode  # a symbolic link to the right kind is fine
    except FileNotFoundError:
        return None
    except OSError as err:
        raise UserError(f"{path}: cannot read ({err.strerror or err}), expected {expected}") from None
    if stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode):
        return path
    raise UserError(f"{path}: {file_kind(mode)}, expected {expected}")


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
