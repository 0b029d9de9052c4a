"""Files and folders that appear complete or not at all: temp sibling, fsync, rename, fsync the folder.

One implementation for every file newsdesk writes outside the store's journal (session
state, corpus index caches, the imported-articles library, exports): a crash or a cancel
at any moment leaves the previous file, never half a new one. Everything is written into a
temporary sibling (same folder, so the final ``os.replace`` is a rename on one filesystem).
Replacing an existing folder is two renames (old aside, new in), the closest POSIX offers;
the old one is removed after.

A process killed mid-write (kill -9, power cut) leaves its temporary sibling behind, and
an import into a 300 MB library leaves 300 MB. So a writer holds an ``flock`` on its
temporary file or folder for as long as it writes, and every write first removes the
siblings of its own naming (``.NAME.*.tmp``, ``.NAME.*.old``) that nobody holds: the
kernel drops a dead process's locks, so an unlocked one is an orphan (``sweep_stale``).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
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


def file_in_the_way(path: Path) -> Path | None:
    """The nearest existing ancestor of ``path`` when it is a file, where ``path`` needs a folder;
    else None. Why: writing there fails with the OS's bare "Not a directory" or "File exists"."""
    for ancestor in path.parents:
        if ancestor.exists():
            return None if ancestor.is_dir() else ancestor
    return None


def existing_parent(path: Path) -> Path:
    parent = path.parent
    if not parent.is_dir():
        blocker = file_in_the_way(path)
        if blocker is not None:
            raise UserError(f"{path}: {blocker} is a file, not a folder")
        raise UserError(f"{path}: folder {parent} does not exist")
    return parent


# A temporary sibling younger than this is left alone even when unlocked: its writer may be
# between creating it and locking it.
STALE_AFTER = 60.0


def _lock(fd: int) -> bool:
    """Take the writer's lock on ``fd`` without waiting; False if another process holds it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def sweep_stale(path: Path) -> list[Path]:
    """Remove the temporary siblings of ``path`` left by killed writers; the ones removed.

    Only names this module makes (``.NAME.<random>.tmp`` and ``.old``), only when no live
    process holds their lock, and only when older than ``STALE_AFTER``. Best effort:
    anything that cannot be looked at or removed is left.
    """
    removed: list[Path] = []
    try:
        candidates = [c for c in path.parent.glob(f".{glob_escape(path.name)}.*") if c.suffix in (".tmp", ".old")]
    except OSError:
        return removed
    now = time.time()
    for candidate in candidates:
        try:
            if now - candidate.lstat().st_mtime < STALE_AFTER or candidate.is_symlink():
                continue
            if candidate.suffix == ".old" and not path.exists():
                continue  # killed between the two renames of atomic_dir: this is the only copy
            fd = os.open(candidate, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            if not _lock(fd):
                continue  # a live writer
            if candidate.is_dir():
                shutil.rmtree(candidate, ignore_errors=True)
            else:
                candidate.unlink(missing_ok=True)
            removed.append(candidate)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def glob_escape(name: str) -> str:
    """``name`` as a glob pattern that matches only itself."""
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in name)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary sibling path that replaces ``path`` once the block succeeds.

    For writers that want a file name (e.g. spaCy's ``DocBin.to_disk``); the streams
    below are built on it. On any error the temporary file is removed and ``path`` is
    left as it was.
    """
    parent = existing_parent(path)
    sweep_stale(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    _lock(fd)  # held until the rename: a sweep by another writer leaves this file alone
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
    finally:
        os.close(fd)


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
    sweep_stale(path)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent))
    held = os.open(tmp, os.O_RDONLY)
    _lock(held)  # held until the rename, as in atomic_path
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
            try:
                os.replace(path, old / "previous")
            except OSError:  # the folder could not be moved aside: it stays, and so must nothing of ours
                old.rmdir()
                raise
        os.replace(tmp, path)
        fsync_dir(parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        os.close(held)
