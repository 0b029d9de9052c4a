"""Each article's status, read flag, text hash, label counts and metadata corrections: what the library needs.

Why: the library shows a status and label counts for every article, and filters
by them; reading every article's table for that would read the whole database.
So each write also records the changed table's summary entry (in the same
journal line), and compaction writes them all to ``summary.json``, which is
also the list of the tables that exist (but the articles' history tables, which
their files list). No I/O but ``read``/``write``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from annotations.store.schema import is_history_table
from reader.core.article import text_sha256

SUMMARY = "summary.json"
FORMAT = 3  # 3: entries hold the corrections (a format-2 summary is read, then made again)
OLD_FORMATS = (2,)


class Entry(msgspec.Struct, frozen=True, omit_defaults=True):
    """One article's summary: ``status`` as set ("todo" with spans shows as "in progress");
    ``meta``, the analyst's corrections of its title, source and date ("published"), so the
    library and ``newsdesk list`` sort, filter and show them without reading the table."""

    status: Literal["todo", "done", "flagged", "rejected", "ignored"]  # schema.STATUSES
    read: bool
    sha256: str  # of the stored text; "" when only a status or history is stored
    labels: dict[str, Annotated[int, msgspec.Meta(gt=0)]]  # label -> spans
    meta: dict[Literal["title", "source", "published"], str] = msgspec.field(default_factory=dict)  # CORRECTED_FIELDS


class SummaryFile(msgspec.Struct):
    format: int
    seq: int
    tables: dict[str, Entry]


_decode_file = msgspec.json.Decoder(SummaryFile).decode  # checks every entry as it parses (in C)


def summarise(docs: dict[str, Any]) -> Entry | None:
    """The summary entry of a table's documents (None for an empty table: it does not exist)."""
    if not docs:
        return None
    labels: dict[str, int] = {}
    status, read, sha = "todo", False, ""
    meta: dict[str, str] = {}
    for doc in docs.values():
        kind = doc["kind"]
        if kind == "span":
            labels[doc["label"]] = labels.get(doc["label"], 0) + 1
        elif kind == "state":
            status, read = doc["status"], doc["read"]
        elif kind == "article":
            sha = text_sha256(doc["text"])
        elif kind == "meta":
            meta = {key: value for key, value in doc.items() if key != "kind"}
    return Entry(status, read, sha, labels, meta)


class Summary:
    """Table name -> summary entry, for every table in the database but the history tables."""

    def __init__(self, entries: dict[str, Entry] | None = None) -> None:
        self.entries: dict[str, Entry] = entries or {}
        # name -> corrections, for the corrected few: asked at every library keystroke
        self.corrected: dict[str, dict[str, str]] = {n: e.meta for n, e in self.entries.items() if e.meta}

    def __contains__(self, name: object) -> bool:
        return name in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def names(self) -> Iterator[str]:
        return iter(list(self.entries))

    def get(self, name: str) -> Entry | None:
        return self.entries.get(name)

    def set(self, name: str, entry: Entry | None) -> None:
        """Record the table's entry (None: it is empty, so gone). A history table has none: the
        library needs nothing from it, and its file says whether it exists."""
        if is_history_table(name):
            return
        if entry is None:
            self.entries.pop(name, None)
        else:
            self.entries[name] = entry
        if entry is not None and entry.meta:
            self.corrected[name] = entry.meta
        else:
            self.corrected.pop(name, None)

    def status(self, name: str) -> str:
        """ "todo", "in progress", "done" or "flagged" ("in progress": todo with spans)."""
        entry = self.entries.get(name)
        if entry is None:
            return "todo"
        if entry.status == "todo" and entry.labels:
            return "in progress"
        return entry.status

    def to_json(self, seq: int) -> bytes:
        data = SummaryFile(FORMAT, seq, self.entries)
        try:
            return msgspec.json.encode(data)
        except UnicodeEncodeError:  # an article id with a lone surrogate: json escapes it
            return json.dumps(msgspec.to_builtins(data), ensure_ascii=True).encode("ascii")


def parse_summary(raw: bytes) -> tuple[dict[str, Entry], int, int]:
    """(entries, seq, format) from ``summary.json``'s bytes; ValueError (with where, when JSON says) if
    malformed. A format in ``OLD_FORMATS`` lacks the corrections: the caller makes its entries again."""
    try:
        data = _decode_file(raw)
    except msgspec.ValidationError as err:
        raise ValueError(_which_entry(raw) or str(err)) from None
    except msgspec.DecodeError:  # json says what is wrong and on which line, or reads what msgspec will not
        try:
            data = msgspec.convert(json.loads(raw), SummaryFile)
        except msgspec.ValidationError as err:
            raise ValueError(str(err)) from None
    if data.format != FORMAT and data.format not in OLD_FORMATS:
        raise ValueError(f"unknown format {data.format!r}")
    return data.tables, data.seq, data.format


def _which_entry(raw: bytes) -> str | None:
    """The first bad entry, named (msgspec's message says only ``$.tables[...]``)."""
    try:
        tables = json.loads(raw).get("tables")
        for name, entry in tables.items():
            try:
                msgspec.convert(entry, Entry)
            except msgspec.ValidationError as err:
                return f"article {name!r:.60}: {str(err).replace('at `$', 'at `entry')}"
    except (ValueError, AttributeError):
        pass
    return None


def read_summary_file(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
