"""Opening a file from outside for reading: regular files only, and symlinks only when asked.

A FIFO (or a device, a socket) named ``*.txt`` in a corpus or brat folder would make
``open`` wait forever for a writer, or a read never end; ``passwd.txt -> /etc/passwd``
in a folder would import a file the folder never held. So the file is opened without
blocking and without following a final symlink, and checked on the open descriptor
(``fstat``), so nothing can be swapped in between the check and the read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class NotRegularFile(OSError):
    """Not read: not a regular file, or a symlink where none is followed. ``str`` is the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def open_regular(path: str | Path, *, follow_symlinks: bool = True) -> BinaryIO:
    """``path`` opened for binary reading; ``NotRegularFile`` (an ``OSError``) if it is not a
    regular file, or is a symlink and ``follow_symlinks`` is False; other ``OSError`` as usual."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ELOOP and not follow_symlinks and os.path.islink(path):
            raise NotRegularFile("a symbolic link, not followed") from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = file_kind(mode)
            raise NotRegularFile(f"not a regular file but {kind}" if kind.startswith("a ") else kind)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def file_kind(mode: int) -> str:
    """What a ``stat`` mode is, in words: "a regular file", "a folder", "a FIFO"..."""
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def skip_reason(err: OSError) -> str:
    """The words after ``NAME: `` for a file that could not be read: ``cannot read (...)``,
    or the plain reason a FIFO or symlink was not read."""
    if isinstance(err, NotRegularFile):
        return err.reason
    return f"cannot read ({err.strerror or err})"
