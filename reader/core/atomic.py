"""Files and folders that appear complete or not at all: temp sibling, fsync, rename, fsync the folder.

One implementation for every file newsdesk writes outside the store's journal (session
state, corpus index caches, the imported-articles library, exports): a crash or a cancel
at any moment leaves the previous file, never half a new one. Everything is written into a
temporary sibling (same folder, so the final ``os.replace`` is a rename on one filesystem).
Replacing an existing folder is two renames (old aside, new in), the closest POSIX offers;
the old one is removed after.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from reader.core.errors import UserError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def chmod_default(path: str | Path, mode: int) -> None:
    """mkstemp/mkdtemp create private (0600/0700) entries; give the usual mode."""
    os.chmod(path, mode & ~_umask())


def fsync_dir(path: Path) -> None:
    """Make a created, renamed or removed entry in the folder ``path`` durable; raises OSError.

    Not best effort: the store empties its journal only once the new snapshot's rename is
    durable, so a folder that cannot be synced must stop it (its journal keeps every change).
    """
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        kind = "folder" if path.is_dir() else "file"
        raise UserError(f"{path}: {kind} exists; use --force to replace it")


def existing_parent(path: Path) -> Path:
    parent = path.parent
    if not parent.is_dir():
        raise UserError(f"{path}: folder {parent} does not exist")
    return parent


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary sibling path that replaces ``path`` once the block succeeds.

    For writers that want a file name (e.g. spaCy's ``DocBin.to_disk``); the streams
    below are built on it. On any error the temporary file is removed and ``path`` is
    left as it was.
    """
    parent = existing_parent(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    os.close(fd)
    try:
        chmod_default(tmp, 0o666)
        yield Path(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _atomic(path: Path, mode: str, **open_args) -> Iterator[IO]:
    with atomic_path(path) as tmp, open(tmp, mode, **open_args) as out:
        yield out


@contextmanager
def atomic_text(path: Path, *, newline: str = "") -> Iterator[IO[str]]:
    """A UTF-8 text file (no newline translation) that replaces ``path`` on success."""
    with _atomic(path, "w", encoding="utf-8", newline=newline, buffering=1 << 20) as out:
        yield out


@contextmanager
def atomic_binary(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that replaces ``path`` on success."""
    with _atomic(path, "wb", buffering=1 << 20) as out:
        yield out


@contextmanager
def atomic_dir(path: Path) -> Iterator[Path]:
    """A temporary folder that becomes ``path`` on success (files fsynced first)."""
    parent = existing_parent(path)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent))
    try:
        chmod_default(tmp, 0o777)
        yield tmp
        for child in tmp.iterdir():
            with open(child, "rb") as handle:
                os.fsync(handle.fileno())
        fsync_dir(tmp)
        old: Path | None = None
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=parent))
            os.replace(path, old / "previous")
        os.replace(tmp, path)
        fsync_dir(parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
