"""Readers for the import formats: each turns a file or folder into items to check.

Nothing here touches the store; ``load.import_annotations`` checks and imports.
Every problem found while reading becomes one ``place: problem`` line.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.formats.brat import ARTICLES_FILE
from annotations.formats.core import label_mapping
from annotations.formats.offsets import OffsetMap
from reader.core.article import Article
from reader.core.errors import UserError
from reader.core.regular_file import open_regular
from reader.core.wording import plural


@dataclass
class ImportReport:
    """What an import did: articles and spans added, what was skipped and why."""

    articles: int = 0
    spans: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    """A span as read, before checks: where it came from and what it claims."""

    where: str
    start: int
    end: int
    label: str
    quote: str | None = None
    note: str = ""
    fields: dict[str, Any] = field(default_factory=dict)  # native: id, annotator, times...


@dataclass
class Item:
    where: str
    article: Article
    status: str | None
    spans: list[Candidate]


def _read_lines(path: Path, report: ImportReport) -> list[tuple[str, dict[str, Any]]]:
    """(file:line, object) for each JSON line; bad lines become errors."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UserError(f"{path}: cannot read ({err.strerror})") from None
    out: list[tuple[str, dict[str, Any]]] = []
    for n, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as err:
            report.errors.append(f"{where}: not UTF-8 ({err.reason} at byte {err.start})")
            report.skipped += 1
            continue
        except json.JSONDecodeError as err:
            report.errors.append(f"{where}: not valid JSON ({err.msg} at column {err.colno})")
            report.skipped += 1
            continue
        if not isinstance(obj, dict):
            report.errors.append(f"{where}: expected a JSON object, found {type(obj).__name__}")
            report.skipped += 1
            continue
        if not isinstance(obj.get("text"), str):
            report.errors.append(f"{where}: missing \"text\" (a string)")
            report.skipped += 1
            continue
        out.append((where, obj))
    return out


def _str(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _fallback_id(fmt: str, text: str) -> str:
    return f"{fmt}-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"


def _article(obj_id: Any, text: str, meta: dict[str, Any], fmt: str) -> Article:
    title = _str(meta.get("title")) or text.strip().split("\n", 1)[0][:80]
    return Article(
        id=_str(obj_id) or _fallback_id(fmt, text),
        title=title,
        text=text,
        source=_str(meta.get("source")),
        published=_str(meta.get("published")),
        url=_str(meta.get("url")),
        author=_str(meta.get("author")),
    )


def _meta(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj.get("meta")
    return meta if isinstance(meta, dict) else {}


# -- readers ---------------------------------------------------------------------------
def read_native(path: Path, report: ImportReport) -> list[Item]:
    items: list[Item] = []
    for where, obj in _read_lines(path, report):
        meta = _meta(obj)
        if not _str(obj.get("id")):
            report.errors.append(f"{where}: missing \"id\"")
            report.skipped += 1
            continue
        art = _article(obj["id"], obj["text"], meta, "jsonl")
        cands = []
        for i, sp in enumerate(obj.get("spans") or []):
            if not isinstance(sp, dict):
                report.errors.append(f"{where}: span {i + 1}: expected an object")
                report.skipped += 1
                continue
            fields = {k: sp[k] for k in ("id", "annotator", "created", "updated", "origin", "flagged")
                      if k in sp}
            cands.append(Candidate(f"{where}: span {_str(sp.get('id')) or i + 1}", sp.get("start"),
                                    sp.get("end"), sp.get("label"), sp.get("quote"),
                                    _str(sp.get("note")), fields))
        items.append(Item(where, art, _str(meta.get("status")) or None, cands))
    return items


def read_prodigy(path: Path, report: ImportReport) -> list[Item]:
    items: list[Item] = []
    for where, obj in _read_lines(path, report):
        if obj.get("answer", "accept") != "accept":
            report.skipped += 1
            continue
        meta = _meta(obj)
        art = _article(meta.get("id"), obj["text"], meta, "prodigy")
        cands = [
            Candidate(f"{where}: span {i + 1}", sp.get("start"), sp.get("end"), sp.get("label"),
                       sp.get("text") if isinstance(sp.get("text"), str) else None)
            for i, sp in enumerate(obj.get("spans") or []) if isinstance(sp, dict)
        ]
        items.append(Item(where, art, _str(meta.get("status")) or None, cands))
    return items


def read_doccano(path: Path, report: ImportReport, offsets: str) -> list[Item]:
    items: list[Item] = []
    for where, obj in _read_lines(path, report):
        text = obj["text"]
        meta = _meta(obj)
        raw = obj.get("label", obj.get("entities")) or []
        quotes = obj.get("spans_text") if isinstance(obj.get("spans_text"), list) else None
        omap = OffsetMap(text)
        cands = []
        for i, entry in enumerate(raw):
            here = f"{where}: span {i + 1}"
            if isinstance(entry, dict):
                entry = [entry.get("start_offset"), entry.get("end_offset"), entry.get("label")]
            if not (isinstance(entry, list) and len(entry) == 3):
                report.errors.append(f"{here}: expected [start, end, label]")
                report.skipped += 1
                continue
            start, end, label = entry
            if isinstance(start, int) and isinstance(end, int):
                try:
                    start, end = omap.back(start, offsets), omap.back(end, offsets)
                except ValueError as err:
                    report.errors.append(f"{here}: {err} (are the offsets code points? "
                                         "use --offsets codepoints)")
                    report.skipped += 1
                    continue
            quote = quotes[i] if quotes and i < len(quotes) and isinstance(quotes[i], str) else None
            cands.append(Candidate(here, start, end, label, quote))
        art_id = obj.get("article_id") or (f"doccano-{obj['id']}" if obj.get("id") is not None else "")
        items.append(Item(where, _article(art_id, text, meta, "doccano"), _str(meta.get("status")) or None, cands))
    return items


def read_brat(folder: Path, report: ImportReport, schema_names: list[str]) -> list[Item]:
    if not folder.is_dir():
        raise UserError(f"{folder}: not a folder (brat import reads a folder of .txt + .ann)")
    back = {v: k for k, v in label_mapping(schema_names).items()}
    back.update({name: name for name in schema_names})
    index: dict[str, dict[str, Any]] = {}
    idx_path = folder / ARTICLES_FILE
    if idx_path.exists():
        for _where, obj in _read_lines_any(idx_path, report):
            if isinstance(obj.get("file"), str):
                index[obj["file"]] = obj
    items: list[Item] = []
    ignored = 0
    for ann in sorted(folder.glob("*.ann")):
        txt = ann.with_suffix(".txt")
        try:
            # regular files only, symlinks not followed (passwd.txt -> /etc/passwd); offsets count \r too
            with open_regular(txt, follow_symlinks=False) as handle:
                text = handle.read().decode("utf-8")
            with open_regular(ann, follow_symlinks=False) as handle:
                lines = handle.read().decode("utf-8").split("\n")
        except (OSError, UnicodeDecodeError) as err:
            report.errors.append(f"{ann.name}: cannot read it or its .txt ({err})")
            report.skipped += 1
            continue
        info = index.get(ann.stem, {})
        cands: dict[str, Candidate] = {}
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{ann.name}:{n}"
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 3:
                typ, _, offs = parts[1].partition(" ")
                try:
                    frags = [tuple(int(x) for x in f.split()) for f in offs.split(";")]
                    if any(len(f) != 2 for f in frags):
                        raise ValueError
                except ValueError:
                    report.errors.append(f"{where}: bad offsets {offs!r}")
                    report.skipped += 1
                    continue
                joined = " ".join(text[a:b] for a, b in frags)
                if joined != "\t".join(parts[2:]):
                    report.errors.append(f"{where}: text {parts[2][:40]!r} does not match the .txt "
                                         f"at {offs} ({joined[:40]!r})")
                    report.skipped += 1
                    continue
                cands[parts[0]] = Candidate(where, frags[0][0], frags[-1][1], back.get(typ, typ))
            elif line.startswith("#") and len(parts) >= 3 and parts[1].startswith("AnnotatorNotes "):
                target = parts[1].split(" ", 1)[1]
                if target in cands:
                    cands[target].note = "\t".join(parts[2:])
            else:
                ignored += 1
        meta = info if info else {}
        art = _article(info.get("id") or ann.stem, text, meta, "brat")
        items.append(Item(f"{ann.name}", art, _str(meta.get("status")) or None, list(cands.values())))
    if ignored:
        kind = "is not an entity or note" if ignored == 1 else "are not entities or notes"
        report.notes.append(f"brat: {plural(ignored, 'line')} that {kind} ignored")
    return items


def _read_lines_any(path: Path, report: ImportReport) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if raw.strip():
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as err:
                report.errors.append(f"{path.name}:{n}: not valid JSON ({err.msg})")
                continue
            if isinstance(obj, dict):
                out.append((f"{path.name}:{n}", obj))
    return out
