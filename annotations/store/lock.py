"""The single-writer lock of an annotation database.

Why ``fcntl.flock`` on a lock file: the kernel releases it when the holder dies,
however it dies (SIGKILL, power loss of the process), so a stale lock never
blocks the next open and nothing has to guess whether a pid is still alive.
The holder writes who it is (pid, user, host, start time) into the file so a
refused second writer can say who holds the database.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

from reader.core.annotator import login_name


class LockHeld(Exception):
    """Another process holds the lock; ``holder`` is a human-readable description."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


class WriterLock:
    """An exclusive, non-blocking flock held for the life of a writable store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            os.close(fd)
            if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise LockHeld(describe_holder(read_holder(self.path))) from None
            raise
        info = {
            "pid": os.getpid(),
            "user": login_name() or str(os.getuid()),
            "host": socket.gethostname(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        data = (json.dumps(info) + "\n").encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)  # nobody holds it now; an empty file says so
        except OSError:
            pass
        finally:
            os.close(fd)  # closing releases the flock

    @property
    def held(self) -> bool:
        return self._fd is not None


def read_holder(path: Path) -> dict[str, object] | None:
    try:
        raw = path.read_bytes()
        data = json.loads(raw) if raw.strip() else None
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def describe_holder(info: dict[str, object] | None) -> str:
    if not info:
        return "another process (holder unknown)"
    return "pid {} ({}@{}, since {})".format(
        info.get("pid", "?"), info.get("user", "?"), info.get("host", "?"), info.get("started", "?")
    )
