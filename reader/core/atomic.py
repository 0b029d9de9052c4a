"""Files that appear complete or not at all: temp sibling, fsync, rename, fsync the folder.

One implementation for every file newsdesk writes outside the store (session state,
corpus index caches, the imported-articles library, exports): a crash or a cancel at
any moment leaves the previous file, never half a new one.
"""

from __future__ import annotations

import os
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
    """Make a rename in ``path`` durable (best effort: some filesystems refuse)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
