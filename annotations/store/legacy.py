"""Reading a database of the first format (one ``snapshot.json`` and a journal of operations).

Why: databases written before the store kept one table per article must open,
and move to the new format without losing anything. The first format is read as
it always was (``StoreState`` replays its journal of operations) and turned into
tables; the writable store then writes them and keeps the old files beside them
(``snapshot.json.format1``, ``journal.jsonl.format1``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotations.store.journal import JournalCorrupt, scan
from annotations.store.records import StoreCorrupt, reason
from annotations.store.schema import history_table
from annotations.store.state import StoreState, article_to_dict

SNAPSHOT = "snapshot.json"
JOURNAL = "journal.jsonl"
FORMAT = 1


def is_legacy(root: Path) -> bool:
    if (root / SNAPSHOT).exists():
        return True
    try:
        with open(root / JOURNAL, "rb") as handle:
            first = handle.readline()
    except OSError:
        return False
    return b'"op":' in first


def load_legacy(root: Path) -> tuple[StoreState, int]:
    """The first format's state and its last sequence number; StoreCorrupt when damaged."""
    snap = root / SNAPSHOT
    state = StoreState()
    try:
        raw = snap.read_bytes()
        tables = json.loads(raw)
    except FileNotFoundError:
        tables = None
    except json.JSONDecodeError as err:
        raise StoreCorrupt(
            f"{snap}:{err.lineno}: snapshot is not valid JSON ({err.msg}, column {err.colno}); left as it is"
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        why = err.strerror if isinstance(err, OSError) else "not UTF-8"
        raise StoreCorrupt(f"{snap}: cannot read the snapshot ({why}); left as it is") from None
    if tables is not None:
        try:
            meta = tables["_meta"]["1"]
            if meta.get("format") != FORMAT:
                raise ValueError(f"unknown format {meta.get('format')!r}")
            state.seq = int(meta["seq"])
            state.load_tables(tables)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise StoreCorrupt(f"{snap}: malformed snapshot ({reason(err)}); left as it is") from None
    jpath = root / JOURNAL
    try:
        journal = scan(jpath)
    except JournalCorrupt as err:
        raise StoreCorrupt(f"{jpath}:{err.line}: corrupt journal line ({err.problem}); left as it is") from None
    except OSError as err:
        raise StoreCorrupt(f"{jpath}: cannot read the journal ({err.strerror}); left as it is") from None
    for line, rec in journal.records:
        if rec["seq"] <= state.seq:
            continue
        if rec["seq"] != state.seq + 1:
            raise StoreCorrupt(f"{jpath}:{line}: journal skips from change {state.seq} to {rec['seq']}; left as it is")
        try:
            state.apply(rec)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as err:
            raise StoreCorrupt(f"{jpath}:{line}: cannot apply journal record ({reason(err)}); left as it is") from None
        state.seq = rec["seq"]
    return state, state.seq


def legacy_tables(state: StoreState) -> dict[str, dict[str, Any]]:
    """The first format's state as tables of documents: one per article, one per article's history."""
    names = set(state.articles) | set(state.by_article) | set(state.status) | set(state.read)
    names |= set(state.undo) | set(state.redo)
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(names):
        docs: list[dict[str, Any]] = []
        if name in state.articles:
            docs.append({"kind": "article", **article_to_dict(state.articles[name])})
        docs.extend({"kind": "span", **s.to_dict()} for s in state.by_article.get(name, {}).values())
        if state.status.get(name, "todo") != "todo" or state.read.get(name, False):
            docs.append(
                {"kind": "state", "status": state.status.get(name, "todo"), "read": state.read.get(name, False)}
            )
        steps: list[dict[str, Any]] = []
        for stack in ("undo", "redo"):
            for step in getattr(state, stack).get(name, []):
                steps.append({"kind": "step", "stack": stack, "n": len(steps) + 1, "step": step})
        for table, table_docs in ((name, docs), (history_table(name), steps)):
            if table_docs:
                out[table] = {str(i): doc for i, doc in enumerate(table_docs, 1)}
    return out
