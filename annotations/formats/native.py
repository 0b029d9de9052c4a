"""Native JSONL: one article a line, everything newsdesk knows about its spans.

Layout (keys in this fixed order, compact separators, UTF-8 as is)::

    {"id", "text", "meta": {"title", "source", "published", "url", "author", "status"},
     "spans": [{"id", "start", "end", "label", "quote", "note", "annotator",
                "created", "updated", "origin", "flagged"}]}

Offsets are code points (Python ``text[start:end] == quote``), which is what
Hugging Face ``datasets`` and any Python consumer index with. This is the format
that round-trips byte for byte through ``import_annotations``.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from annotations.formats.core import ExportContext, ExportRecord, check_quotes, dumps, record_meta
from annotations.formats.readers import (
    Candidate,
    ImportReport,
    Item,
    ReadOptions,
    article_from,
    meta_of,
    read_lines,
    str_field,
)
from annotations.model import Span


def span_dict(span: Span) -> dict[str, Any]:
    return {
        "id": span.id,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "quote": span.quote,
        "note": span.note,
        "annotator": span.annotator,
        "created": span.created,
        "updated": span.updated,
        "origin": span.origin,
        "flagged": span.flagged,
    }


def article_line(record: ExportRecord, spans: list[Span]) -> str:
    art = record.article
    return dumps(
        {
            "id": art.id,
            "text": art.text,
            "meta": record_meta(record),
            "spans": [span_dict(s) for s in spans],
        }
    )


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    batch: list[str] = []
    for rec in records:
        batch.append(article_line(rec, check_quotes(rec, ctx)))
        if len(batch) >= 256:
            out.write("\n".join(batch) + "\n")
            batch.clear()
        ctx.tick()
    if batch:
        out.write("\n".join(batch) + "\n")


def read(path: Path, report: ImportReport, opts: ReadOptions) -> list[Item]:
    """Every line's article and spans, with ids, annotators, times, notes and flags as written."""
    items: list[Item] = []
    for where, obj in read_lines(path, report):
        meta = meta_of(obj)
        if not str_field(obj.get("id")):
            report.errors.append(f"{where}: missing \"id\"")
            report.skipped += 1
            continue
        art = article_from(obj["id"], obj["text"], meta, "jsonl")
        cands = []
        for i, sp in enumerate(obj.get("spans") or []):
            if not isinstance(sp, dict):
                report.errors.append(f"{where}: span {i + 1}: expected an object")
                report.skipped += 1
                continue
            fields = {k: sp[k] for k in ("id", "annotator", "created", "updated", "origin", "flagged")
                      if k in sp}
            cands.append(Candidate(f"{where}: span {str_field(sp.get('id')) or i + 1}", sp.get("start"),
                                    sp.get("end"), sp.get("label"), sp.get("quote"),
                                    str_field(sp.get("note")), fields))
        items.append(Item(where, art, str_field(meta.get("status")) or None, cands))
    return items
