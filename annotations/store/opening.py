"""Reading a database folder at open: the summary, then the journal replayed over the tables it names.

Why apart: what open reads grows with the summary and the journal only, never with
the articles' tables (they are read when asked for); this module is that read and
every check on it, so ``database`` is about using the database. Nothing is written here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.store.journal import JournalCorrupt, scan
from annotations.store.legacy import is_legacy, legacy_tables, load_legacy
from annotations.store.records import StoreCorrupt
from annotations.store.summary import FORMAT, SUMMARY, Summary, parse_summary, read_summary_file, summarise
from annotations.store.tablefiles import JOURNAL, apply_change, check_docs, read_table_file, table_path


class SummaryBehind(StoreCorrupt):
    """The journal begins after the summary ends: a compaction replaced both between the
    moments a reader read them (it raced the writer, and reading again settles it), or the
    summary is older than the journal (damage, said if it stays so)."""


@dataclass
class OpenState:
    summary: Summary
    pending: dict[str, dict[str, Any]]  # tables changed by the journal (or a first-format database)
    seq: int  # of the last change read
    good_size: int = 0  # journal bytes up to its last good line
    torn: bool = False  # the journal ended in an unacknowledged write
    replayed: int = 0  # journal lines applied
    legacy: bool = False  # read from the first format: to be written in this one
    old_summary: bool = False  # an older summary format, made again from the tables: to be written
    warnings: list[str] = field(default_factory=list)


def read_state(root: Path, *, upgrade: bool = False, notice: Callable[[str], None] | None = None) -> OpenState:
    """What open reads. An older summary format is made again from the tables only to
    ``upgrade`` (a writable open, which then writes it); a reader makes do without what it
    lacks (the corrections, which the library reads from each table as a row is drawn)."""
    if is_legacy(root):
        return _read_legacy(root)
    spath = root / SUMMARY
    try:
        raw = read_summary_file(spath)
    except OSError as err:
        raise StoreCorrupt(f"{spath}: cannot read ({err.strerror}); left as it is") from None
    entries: dict[str, Any] = {}
    seq, form = 0, FORMAT
    if raw is not None:
        try:
            entries, seq, form = parse_summary(raw)
        except (ValueError, UnicodeDecodeError) as err:  # msgspec names the field: $.tables['a1'].read
            where = f":{err.lineno}" if isinstance(err, json.JSONDecodeError) else ""
            why = err.msg if isinstance(err, json.JSONDecodeError) else str(err).splitlines()[0]
            raise StoreCorrupt(f"{spath}{where}: malformed summary ({why}); left as it is") from None
    state = OpenState(Summary(entries), {}, seq)
    if form != FORMAT:
        state.old_summary = True
        if upgrade:
            if notice is not None:
                notice(f"{root}: bringing the database to this version (reading each annotated article once)")
            _summarise_again(root, state)
    jpath = root / JOURNAL
    try:
        journal = scan(jpath)
    except JournalCorrupt as err:
        raise StoreCorrupt(f"{jpath}:{err.line}: corrupt journal line ({err.problem}); left as it is") from None
    except OSError as err:
        raise StoreCorrupt(f"{jpath}: cannot read the journal ({err.strerror}); left as it is") from None
    state.good_size, state.torn = journal.good_size, journal.torn
    for line, rec in journal.records:
        if rec["seq"] <= state.seq:
            continue  # already in the tables' files (a crash between the summary and the journal reset)
        if rec["seq"] != state.seq + 1:
            problem = StoreCorrupt if state.replayed else SummaryBehind
            raise problem(f"{jpath}:{line}: journal skips from change {state.seq} to {rec['seq']}; left as it is")
        where = f"{jpath}:{line}"
        for name, change in _changes(rec, where):
            base = state.pending.get(name)
            if base is None:
                base = read_table_file(table_path(root, name), name)
            docs = apply_change(base, change)
            state.pending[name] = docs
            state.summary.set(name, summarise(docs))
        state.seq = rec["seq"]
        state.replayed += 1
    return state


def _summarise_again(root: Path, state: OpenState) -> None:
    """Every entry of an older summary made again from its table's file (format 2 had no
    corrections): one read of the database, once, since a writable open writes the result.
    A table that cannot be read keeps its entry; opening that article says what is wrong."""
    for name in state.summary.names():
        try:
            docs = read_table_file(table_path(root, name), name)
        except StoreCorrupt:
            continue
        if docs:
            state.summary.set(name, summarise(docs))


def _changes(rec: dict[str, Any], where: str) -> list[tuple[str, dict[str, Any]]]:
    """A journal record's changes, each checked: StoreCorrupt names the line and the problem."""
    tables = rec.get("tables")
    if not isinstance(tables, dict):
        raise StoreCorrupt(f"{where}: journal record has no 'tables' object; left as it is")
    out = []
    for name, change in tables.items():
        if not (
            isinstance(change, dict)
            and isinstance(change.get("put"), dict)
            and isinstance(change.get("drop"), list)
            and all(isinstance(i, str) for i in change["drop"])
        ):
            raise StoreCorrupt(f"{where}: change of table {name!r:.60} needs 'put' and 'drop'; left as it is")
        check_docs(change["put"], where)
        out.append((name, change))
    return out


def _read_legacy(root: Path) -> OpenState:
    state, seq = load_legacy(root)
    tables = legacy_tables(state)
    for docs in tables.values():
        check_docs(docs, str(root / "snapshot.json"))
    summary = Summary()
    for name, docs in tables.items():
        summary.set(name, summarise(docs))
    return OpenState(summary, tables, seq, legacy=True)
