"""Native JSONL: one article a line, everything newsdesk knows about its spans.

Layout (keys in this fixed order, compact separators, UTF-8 as is)::

    {"id", "text", "meta": {"title", "source", "published", "url", "author", "status"
                            "original": {"title", "source", "published"} or null},
     "spans": [{"id", "start", "end", "label", "quote", "note", "annotator",
                "created", "updated", "origin", "flagged", "figure": {...} or null, "actor": str or null}],
     "links": [{"id", "from", "to", "relation", "annotator", "created"}],
     "actors": [{"name", "aliases"}]}

``meta`` holds the corrected title, source and date; ``original`` the article's own, for the
fields that were corrected (null when nothing was). Every line and span has every key, so
``datasets`` infers one schema for the file. ``figure`` (a casualty figure's parsed value: low, high, qualifier,
who, what, number_text, hedge, vague) is the analyst's, else the parse of the quote. ``links``
name their ends by span id; a link whose end is not in ``spans`` is reported on import, never
kept. ``actor`` is the canonical name the analyst gave the actor a span's text names ("the
movement" -> "Hamas"), and ``actors`` the actor book's entries for the actors the line's spans
name (canonical name and every alias), which the import adds to the database's book.

Offsets are code points (Python ``text[start:end] == quote``), which is what
Hugging Face ``datasets`` and any Python consumer index with. This is the format
that round-trips byte for byte through ``import_annotations``.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import IO, Any

from annotations.figure_value import Figure
from annotations.formats.core import ExportContext, ExportRecord, check_quotes, dumps, record_meta
from annotations.formats.parallel import article_blocks
from annotations.formats.readers import (
    Candidate,
    ImportReport,
    Item,
    LinkCandidate,
    ReadOptions,
    article_from,
    corrections_from,
    meta_of,
    metadata_problem,
    read_lines,
    status_field,
    str_field,
)
from annotations.formats.relations import actors_from, extras
from annotations.links import Link
from annotations.model import Span


def span_dict(span: Span, figure: Figure | None = None, actor: str | None = None) -> dict[str, Any]:
    out = {
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
    out["figure"] = figure.to_dict() if figure is not None else None  # every span has the key: one schema
    out["actor"] = actor
    return out


def link_dict(link: Link) -> dict[str, Any]:
    return {
        "id": link.id,
        "from": link.from_span,
        "to": link.to_span,
        "relation": link.relation,
        "annotator": link.annotator,
        "created": link.created,
    }


def article_line(record: ExportRecord, spans: list[Span], ctx: ExportContext) -> str:
    art = record.article
    more = extras(record, spans, ctx)  # each span's actor, resolved once
    line: dict[str, Any] = {
        "id": art.id,
        "text": art.text,
        "meta": record_meta(record),
        "spans": [span_dict(s, more.figures.get(s.id), more.actors.get(s.id)) for s in spans],
    }
    line["links"] = [link_dict(link) for link in more.links]
    named = set(more.actors.values())
    line["actors"] = [{"name": a.name, "aliases": list(a.aliases)} for a in record.actors if a.name in named]
    return dumps(line)


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    with closing(article_blocks(records, ctx, _line)) as lines:  # on every core, when large
        out.writelines(lines)


def _line(record: ExportRecord, ctx: ExportContext) -> str:
    return article_line(record, check_quotes(record, ctx), ctx) + "\n"


def read(path: Path, report: ImportReport, opts: ReadOptions) -> list[Item]:
    """Every line's article and spans, with ids, annotators, times, notes and flags as written."""
    items: list[Item] = []
    for where, obj in read_lines(path, report):
        meta = meta_of(obj)
        if not str_field(obj.get("id")):
            report.errors.append(f'{where}: missing "id"')
            report.skipped += 1
            continue
        art = article_from(obj["id"], obj["text"], meta, "jsonl")
        cands = []
        for i, sp in enumerate(obj.get("spans") or []):
            if not isinstance(sp, dict):
                report.errors.append(f"{where}: span {i + 1}: expected an object")
                report.skipped += 1
                continue
            fields = {k: sp[k] for k in ("id", "annotator", "created", "updated", "origin", "flagged") if k in sp}
            cands.append(
                Candidate(
                    f"{where}: span {str_field(sp.get('id')) or i + 1}",
                    sp.get("start"),
                    sp.get("end"),
                    sp.get("label"),
                    sp.get("quote"),
                    str_field(sp.get("note")),
                    fields,
                    figure=sp.get("figure"),
                )
            )
        links = []
        for i, lk in enumerate(obj.get("links") or []):
            if not isinstance(lk, dict):
                report.errors.append(f"{where}: link {i + 1}: expected an object")
                continue
            fields = {k: lk[k] for k in ("id", "annotator", "created") if k in lk}
            links.append(
                LinkCandidate(
                    f"{where}: link {str_field(lk.get('id')) or i + 1}",
                    str_field(lk.get("from")),
                    str_field(lk.get("to")),
                    lk.get("relation"),
                    fields,
                )
            )
        item = Item(where, art, status_field(meta.get("status")), cands, links, corrections_from(meta))
        item.refused = metadata_problem({"id": obj["id"]}, meta, "meta.")
        item.actors = actors_from(obj.get("actors"), where, report)
        items.append(item)
    return items
