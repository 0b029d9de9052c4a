"""The corpus index cache: what a scan learned, kept so the next open is fast.

Indexing 100,000 articles means reading every text once (titles, word counts). The
result is stored as one JSON file per corpus source in ``paths.cache_dir()/index/``,
named by a hash of the source's absolute path. Each file record carries the size and
``mtime_ns`` it was computed from, so a changed file is re-read and an unchanged one is
not; a JSONL source is keyed by the whole file's size and mtime. The cache is only ever
a shortcut: a missing, unreadable or foreign cache file means "scan again", and failing
to write it is not an error.

JSON rather than pickle: the cache directory is a place other tools write to, and
loading a pickle runs code.
"""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path
from typing import Any

from reader.core import paths
from reader.core.atomic import atomic_text

# 3: a folder record holds its warnings as a list and its front matter; 4: a JSONL line whose title,
# source, date, url or author is not a string is skipped (an index of version 3 listed it); 5: so is a
# line whose id is neither a string nor an integer (version 4 listed it under a hash id); 6: front
# matter keeps yes, no and numbers as written and leaves out a mapping (version 5 kept "True"); 7: each
# Chinese or Japanese character is a word (version 6 counted a Chinese article as one)
CACHE_VERSION = 7
CHUNK = 5000  # list items per line: parsing one line holds the GIL only briefly


def cache_file(source: Path, kind: str) -> Path:
    # An entry records its kind and source and is refused for another (load_cache).
    return paths.cache_dir() / "index" / f"{paths.cache_name(f'{kind}{chr(0)}{source}')}.json"


def load_cache(source: Path, kind: str) -> dict[str, Any] | None:
    """The cached index of ``source``, or None when there is none usable.

    The file is JSON lines: a header object, then chunks of the big lists. Parsing a
    100,000-article index in one ``json.load`` held the GIL long enough to freeze the UI
    while the loader thread ran; line by line, the UI thread gets its turns.
    """
    enabled = gc.isenabled()
    gc.disable()  # many new containers and no cycles: a full collection here froze the UI
    try:
        with open(cache_file(source, kind), "rb") as handle:
            data = json.loads(handle.readline())
            if not isinstance(data, dict):
                return None
            for line in handle:
                chunk = json.loads(line)
                data.setdefault(chunk["key"], []).extend(chunk["items"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    finally:
        if enabled:
            gc.enable()
    if data.get("version") != CACHE_VERSION or data.get("kind") != kind or data.get("source") != str(source):
        return None
    return data


def save_cache(source: Path, kind: str, data: dict[str, Any]) -> None:
    """Write the index atomically (a reader never sees half a file); errors are ignored."""
    target = cache_file(source, kind)
    header = {k: v for k, v in data.items() if not isinstance(v, list)}
    header.update(version=CACHE_VERSION, kind=kind, source=str(source))
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_text(target) as handle:
            handle.write(dumps(header) + "\n")
            for key, value in data.items():
                if isinstance(value, list):
                    handle.write(dumps({"key": key, "items": []}) + "\n")  # present even when empty
                    for i in range(0, len(value), CHUNK):
                        handle.write(dumps({"key": key, "items": value[i : i + CHUNK]}) + "\n")
    except OSError:
        pass  # a cache that cannot be written only costs a slower next open


def walk_articles(root: Path) -> list[tuple[str, int, int]]:
    """Every .txt/.md file under ``root``: (relative posix path, size, mtime_ns), sorted.

    Hidden files and folders (name starting with '.') are skipped; symlinked folders are
    not followed (no loops). A folder's ``library.jsonl`` (written by ``newsdesk import``)
    is listed too, at the root only.
    """
    enabled = gc.isenabled()
    gc.disable()  # 100,000 tuples and no cycles: do not let the collector walk them
    try:
        return _walk(root)
    finally:
        if enabled:
            gc.enable()


def _walk(root: Path) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, f"{prefix}{name}/"))
                    continue
                lower = name.lower()
                if not (lower.endswith((".txt", ".md")) or (not prefix and name == LIBRARY_FILE)):
                    continue
                st = entry.stat()
            except OSError:
                continue
            found.append((prefix + name, st.st_size, st.st_mtime_ns))
    found.sort()
    return found


LIBRARY_FILE = "library.jsonl"
