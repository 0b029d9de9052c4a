"""The files of an article-table database: where a table lives, how it is read, checked and written.

Why apart: opening a database (``annotations.store.opening``) and the TinyDB storage
(``annotations.store.storage``) both read table files and apply journal changes;
this is that shared part, with no state of its own.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import msgspec

from annotations.store.records import StoreCorrupt
from annotations.store.schema import doc_problem, table_label

JOURNAL = "journal.jsonl"
TABLES = "tables"
_decode = msgspec.json.Decoder().decode


def table_file(root: Path, name: str) -> Path:
    return Path(table_path(root, name))


def table_path(root: str | Path, name: str) -> str:
    """``table_file`` as a string: what the reads take (an export reads every table, and a Path
    made for each one costs more than its ``open``)."""
    key = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()
    return os.path.join(root, TABLES, key[:2], key + ".json")


def write_durably(path: Path, payload: bytes) -> None:
    """temp file, fsync, rename (the caller fsyncs the folder)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def read_table_file(path: str | Path, name: str) -> dict[str, dict[str, Any]]:
    """One table's documents from its file ({} when there is none); StoreCorrupt when damaged,
    saying which table the file is (its name is a hash: the line must say whose it is)."""
    try:
        return _read_table_file(path, name)
    except StoreCorrupt as err:
        raise StoreCorrupt(f"{err} ({table_label(name)})") from None


def _read_table_file(path: str | Path, name: str) -> dict[str, dict[str, Any]]:
    try:
        with open(path, "rb", buffering=0) as handle:  # one read of the whole file: no buffer needed
            raw = handle.readall()
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise StoreCorrupt(f"{path}: cannot read ({err.strerror}); left as it is") from None
    try:
        data = _decode(raw)  # msgspec: an export reads every table, and it parses them 2-3x faster
    except msgspec.DecodeError:  # json says what is wrong, and where; and takes what msgspec will not
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as err:
            where = f":{err.lineno}" if isinstance(err, json.JSONDecodeError) else ""
            raise StoreCorrupt(f"{path}{where}: not valid JSON ({reason_of(err)}); left as it is") from None
    if not (isinstance(data, dict) and isinstance(data.get(name), dict)):
        raise StoreCorrupt(f"{path}: not the table of {name!r:.60}; left as it is")
    docs = data[name]
    check_docs(docs, str(path))
    return docs


def reason_of(err: BaseException) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"{err.msg}, column {err.colno}"
    return "not UTF-8" if isinstance(err, UnicodeDecodeError) else str(err)


def check_docs(docs: dict[str, Any], where: str) -> None:
    for doc_id, doc in docs.items():
        if not doc_id.isdigit():
            raise StoreCorrupt(f"{where}:{doc_id!r:.20}: record ids are numbers; left as it is")
        problem = doc_problem(doc)
        if problem is not None:
            raise StoreCorrupt(f"{where}:{doc_id}: {problem}; left as it is")


def apply_change(docs: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """A journal line's change applied to a table's documents (a new dict)."""
    out = dict(docs)
    for doc_id in change["drop"]:
        out.pop(doc_id, None)
    out.update(change["put"])
    return out
