"""Atomic output: a file or folder appears complete or not at all.

Everything is written into a temporary sibling (same directory, so the final
``os.replace`` is a rename on one filesystem), flushed and fsynced, then moved
into place. An interrupted or cancelled export leaves the old output untouched
and no half-written file behind. Replacing an existing folder is two renames
(old aside, new in), the closest POSIX offers; the old one is removed after.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.core.atomic import atomic_path as atomic_path  # re-exported for the format modules
from reader.core.atomic import atomic_text as atomic_text
from reader.core.atomic import chmod_default as _chmod
from reader.core.atomic import existing_parent as _parent
from reader.core.atomic import fsync_dir
from reader.core.errors import UserError


def refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        kind = "folder" if path.is_dir() else "file"
        raise UserError(f"{path}: {kind} exists; use --force to replace it")


@contextmanager
def atomic_dir(path: Path) -> Iterator[Path]:
    """A temporary folder that becomes ``path`` on success (files fsynced first)."""
    parent = _parent(path)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent))
    try:
        _chmod(tmp, 0o777)
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
