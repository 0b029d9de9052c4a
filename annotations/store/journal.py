"""The append-only journal that makes each save cost one small write and one fsync.

Why: rewriting a 100k-span database on every tag costs more the larger it grows; appending
one JSON line and fsyncing it costs about as much as the bare fsync, whatever the size. The store
replays the journal over its last snapshot at open and folds it into a new
snapshot (compaction) at open and close, never on the save path.

Format: one JSON object per line, ASCII only (``ensure_ascii``), each with a
``seq`` number one higher than the line before. A line is acknowledged only
after it and its newline are fsynced, so:

- a last line without its newline, or a last line that does not parse (a crash
  in the middle of a write, or zeros left by a power cut), was never acknowledged
  and is ignored (and trimmed by a writer);
- a line that does not parse *followed by* a good line is corruption: the store
  refuses to open and leaves the file as it is; so is a whole line that parses but
  is not a record (a torn write cannot make one).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.atomic import fsync_dir


class JournalCorrupt(Exception):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem


class JournalBroken(OSError):
    """A failed write could not be rolled back; the journal refuses writes until reopened."""


class JournalGone(OSError):
    """The journal's file (or the database folder) was deleted while open: a write would be lost."""


@dataclass(slots=True)
class JournalScan:
    """What ``scan`` read (filled in as it reads)."""

    size: int = 0  # bytes in the file
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (line number, record)
    good_size: int = 0  # bytes up to the end of the last good line
    torn: bool = False  # an unacknowledged tail was found


def encode(records: list[dict[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(rec, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n" for rec in records
    )


def scan(path: Path) -> JournalScan:
    """Read every acknowledged record; raise JournalCorrupt for damage before the tail."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return JournalScan()
    result = JournalScan(size=len(data))
    pos = 0
    line_no = 0
    bad: tuple[int, str] | None = None
    while pos < len(data):
        line_no += 1
        nl = data.find(b"\n", pos)
        if nl < 0:  # no newline: the write never finished, never acknowledged
            result.torn = True
            break
        raw = data[pos:nl]
        pos = nl + 1
        problem = _check(raw)
        if problem is not None:
            if problem.startswith(NOT_A_RECORD):  # a whole line, parsed: written, so damaged, not torn
                raise JournalCorrupt(line_no, problem)
            if bad is None:
                bad = (line_no, problem)
            continue
        if bad is not None:  # a good line after a bad one: real damage
            raise JournalCorrupt(bad[0], bad[1])
        result.records.append((line_no, json.loads(raw)))
        result.good_size = pos
    if bad is not None:
        result.torn = True
    return result


NOT_A_RECORD = "not a journal record"


def _check(raw: bytes) -> str | None:
    if not raw.strip():
        return "empty line"
    try:
        rec = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as err:
        return f"not valid JSON ({err})"
    if not isinstance(rec, dict) or not isinstance(rec.get("seq"), int) or isinstance(rec["seq"], bool):
        return f"{NOT_A_RECORD} (needs a numeric 'seq')"
    if "tables" not in rec and "op" not in rec:  # "op": a record of the first format (see legacy)
        return f"{NOT_A_RECORD} (needs 'tables')"
    return None


class JournalWriter:
    """Appends records durably; a failed append is rolled back to the last good byte."""

    def __init__(self, path: Path, good_size: int, seq: int = 0) -> None:
        self.path = path
        self.seq = seq  # of the last record written or read
        existed = path.exists()
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            if os.fstat(self._fd).st_size != good_size:  # drop a torn, unacknowledged tail
                os.ftruncate(self._fd, good_size)
                os.fsync(self._fd)
            if not existed:
                fsync_dir(path.parent)
        except BaseException:
            os.close(self._fd)
            raise
        self.size = good_size
        self.broken = False

    def append(self, records: list[dict[str, Any]]) -> None:
        """Write and fsync; when this returns the records survive a crash. Raises OSError."""
        if self.broken:  # retry the rollback: the failure may have been transient
            self._rollback()
        if self.broken:
            raise JournalBroken(0, "an earlier write failed and could not be undone; reopen the database")
        if os.fstat(self._fd).st_nlink == 0:
            raise JournalGone(f"{self.path} was deleted while the database was open")
        data = encode(records)
        try:
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except OSError:
            self._rollback()
            raise
        self.size += len(data)

    def append_change(self, tables: dict[str, Any]) -> dict[str, Any]:
        """Append one change (``{"seq", "tables"}``) with the next sequence number; returns it."""
        rec = {"seq": self.seq + 1, "tables": tables}
        self.append([rec])
        self.seq += 1
        return rec

    def _rollback(self) -> None:
        try:
            os.ftruncate(self._fd, self.size)
            os.fsync(self._fd)
            self.broken = False
        except OSError:
            self.broken = True

    def reset(self) -> None:
        """Empty the journal after its records went into a durable snapshot."""
        os.ftruncate(self._fd, 0)
        os.fsync(self._fd)
        self.size = 0

    def fileno(self) -> int:
        return self._fd

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
