"""Each article's status, read flag, text hash and label counts: what the library needs.

Why: the library shows a status and label counts for every article, and filters
by them; reading every article's table for that would read the whole database.
So each write also records the changed table's summary entry (in the same
journal line), and compaction writes them all to ``summary.json``, which is
also the list of the tables that exist. No I/O but ``read``/``write``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reader.core.article import text_sha256

SUMMARY = "summary.json"
FORMAT = 2


def summarise(docs: dict[str, Any]) -> dict[str, Any] | None:
    """The summary entry of a table's documents (None for an empty table: it does not exist)."""
    if not docs:
        return None
    labels: dict[str, int] = {}
    status, read, sha = "todo", False, ""
    for doc in docs.values():
        kind = doc["kind"]
        if kind == "span":
            labels[doc["label"]] = labels.get(doc["label"], 0) + 1
        elif kind == "state":
            status, read = doc["status"], doc["read"]
        elif kind == "article":
            sha = text_sha256(doc["text"])
    return {"status": status, "read": read, "sha256": sha, "labels": labels}


class Summary:
    """Table name -> summary entry, for every table in the database."""

    def __init__(self, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self.entries: dict[str, dict[str, Any]] = entries or {}

    def __contains__(self, name: object) -> bool:
        return name in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def names(self) -> Iterator[str]:
        return iter(list(self.entries))

    def get(self, name: str) -> dict[str, Any] | None:
        return self.entries.get(name)

    def set(self, name: str, entry: dict[str, Any] | None) -> None:
        if entry is None:
            self.entries.pop(name, None)
        else:
            self.entries[name] = entry

    def status(self, name: str) -> str:
        """ "todo", "in progress", "done" or "flagged" ("in progress": todo with spans)."""
        entry = self.entries.get(name)
        if entry is None:
            return "todo"
        if entry["status"] == "todo" and entry["labels"]:
            return "in progress"
        return entry["status"]

    def to_json(self, seq: int) -> bytes:
        data = {"format": FORMAT, "seq": seq, "tables": self.entries}
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def parse_summary(raw: bytes) -> tuple[dict[str, Any], int]:
    """(entries, seq) from ``summary.json``'s bytes; ValueError/KeyError/TypeError when malformed."""
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown format {data.get('format')!r}")
    seq = data["seq"]
    entries = data["tables"]
    if not isinstance(seq, int) or isinstance(seq, bool) or not isinstance(entries, dict):
        raise ValueError("'seq' must be a number and 'tables' an object")
    return entries, seq


def read_summary_file(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
