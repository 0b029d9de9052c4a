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

from typing import IO, Any

from annotations.formats.core import ExportContext, ExportRecord, check_quotes, dumps, record_meta
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
