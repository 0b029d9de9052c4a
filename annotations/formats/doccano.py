"""doccano sequence-labelling JSONL, out and back.

One article a line::

    {"text": ..., "label": [[start, end, label], ...], "article_id": ...,
     "meta": {title, source, published, url, author, status},
     "spans_text": [[start, end, quote], ...], "offsets": "utf16"}

An article with links also gets what doccano's relation projects read and write (span ids in
``entities``, links in ``relations``, their ``type`` the relation's name), beside ``label``,
so either kind of project takes the line::

    "entities": [{"id", "start_offset", "end_offset", "label"}, ...],
    "relations": [{"id", "from_id", "to_id", "type"}, ...]

Casualty figures' values travel in ``figures``: ``[[start, end, {low, high, qualifier, who,
what, ...}], ...]`` (in the file's units, as ``spans_text``); doccano keeps the key as metadata.
So do actors' canonical names (the actor book's), in ``actors``: ``[[start, end, "Hamas"], ...]``.

doccano imports ``text`` and ``label`` and keeps unknown keys as metadata, exporting them
unchanged, so the file loads as is and comes back with its ``spans_text`` even after labels
were added, moved or deleted in doccano. That is why each quote carries its own offsets (in
the file's units): on import a label is matched to its quote by offsets, never by position.

Offsets: doccano counts UTF-16 code units by default (its frontend, doccano issue #2290), or
grapheme clusters when the project's "count grapheme clusters as one character" is on;
``--offsets utf16|graphemes|codepoints`` chooses, default ``utf16``. A span boundary inside a
grapheme cluster has no grapheme offset: listed as not carried. On import the units come from
``--offsets``, else the file's ``offsets`` key, else are detected: each unit is tried, and the
one whose spans match their quotes and fall on grapheme and word boundaries wins (the report
says which).

The export also writes ``<out>.labels.json``, the label file doccano imports into a project
(Labels > Actions > Import Labels): each label's name, its key as ``suffix_key``, a background
colour from a fixed palette and a text colour that reads on it.

Overlap: a doccano project drops overlapping spans on import unless its "Allow overlapping
spans" setting is on (off by default); the export report counts and lists them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from annotations.formats.core import ExportContext, ExportRecord, check_quotes, dumps, record_meta
from annotations.formats.offsets import UNITS, Units, choose_units, detected_note, to_codepoints
from annotations.formats.readers import (
    Candidate,
    ImportReport,
    Item,
    LinkCandidate,
    ReadOptions,
    article_from,
    corrections_from,
    metadata_problem,
    read_lines,
    status_field,
    str_field,
)
from annotations.formats.relations import extras
from reader.core.wording import plural

# Tableau 10: distinct colours; a label keeps its colour while the schema keeps its order.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")
LISTED = 10  # overlapping spans named in the report; the count covers them all


def _text_colour(background: str) -> str:
    r, g, b = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


def side_files(labels: list[tuple[str, str]], relations: list[str] = ()) -> dict[str, tuple[str, str]]:
    """doccano's label file for the project: names, shortcut keys and colours (relation types
    are a separate label list in doccano, imported the same way: ``.relations.json``)."""
    rows = []
    for i, (name, key) in enumerate(labels):
        colour = PALETTE[i % len(PALETTE)]
        rows.append(
            {"text": name, "suffix_key": key or None, "background_color": colour, "text_color": _text_colour(colour)}
        )
    out = {
        ".labels.json": (
            json.dumps(rows, ensure_ascii=False, indent=1) + "\n",
            "the label file (Labels > Actions > Import Labels)",
        )
    }
    if relations:
        rels = [
            {
                "text": name,
                "suffix_key": None,
                "background_color": PALETTE[i % len(PALETTE)],
                "text_color": _text_colour(PALETTE[i % len(PALETTE)]),
            }
            for i, name in enumerate(relations)
        ]
        out[".relations.json"] = (
            json.dumps(rels, ensure_ascii=False, indent=1) + "\n",
            "the relation types (Labels > Relations > Actions > Import Labels)",
        )
    return out


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    overlaps: list[str] = []
    count = 0
    for rec in records:
        art = rec.article
        units = Units(art.text)
        labels, quotes, entities, figures = [], [], [], []
        end = -1
        kept = []
        for s in check_quotes(rec, ctx):
            try:
                a, b = units.convert(s.start, ctx.offsets), units.convert(s.end, ctx.offsets)
            except ValueError as err:
                ctx.skip(art.id, s, f"{err}: no {ctx.offsets} offset points there", "other")
                continue
            labels.append([a, b, s.label])
            quotes.append([a, b, s.quote])
            entities.append({"id": len(kept) + 1, "start_offset": a, "end_offset": b, "label": s.label})
            kept.append(s)
        more = extras(rec, kept, ctx)
        figures = [
            [e["start_offset"], e["end_offset"], more.figures[s.id].to_dict()]
            for e, s in zip(entities, kept, strict=True)
            if s.id in more.figures
        ]
        actors = [
            [e["start_offset"], e["end_offset"], more.actors[s.id]]
            for e, s in zip(entities, kept, strict=True)
            if s.id in more.actors
        ]
        for i, s in enumerate(kept):  # spans come sorted by start
            if s.start < end or (i + 1 < len(kept) and kept[i + 1].start < s.end):
                count += 1
                if len(overlaps) < LISTED:
                    overlaps.append(f"{art.id} {s.start}-{s.end} {s.label}")
            end = max(end, s.end)
        line = {
            "text": art.text,
            "label": labels,
            "article_id": art.id,
            "meta": record_meta(rec),
            "spans_text": quotes,
            "offsets": ctx.offsets,
        }
        if figures:
            line["figures"] = figures
        if actors:
            line["actors"] = actors
        if more.links:
            ids = {s.id: e["id"] for e, s in zip(entities, kept, strict=True)}
            line["entities"] = entities
            line["relations"] = [
                {"id": i, "from_id": ids[lk.from_span], "to_id": ids[lk.to_span], "type": lk.relation}
                for i, lk in enumerate(more.links, start=1)
            ]
        out.write(dumps(line) + "\n")
        ctx.tick()
    if count:
        more = f", and {count - len(overlaps)} more" if count > len(overlaps) else ""
        ctx.note(
            f"doccano: {plural(count, 'span')} overlap another span; doccano drops them on import unless "
            f'the project\'s "Allow overlapping spans" setting is on (off by default) (code point offsets): '
            f"{'; '.join(overlaps)}{more}"
        )


# -- import ------------------------------------------------------------------------------
DETECTED = ("utf16", "codepoints", "graphemes")  # the units a line may count in, doccano's default first


def read(path: Path, report: ImportReport, opts: ReadOptions) -> list[Item]:
    offsets = opts.offsets
    items: list[Item] = []
    chosen: dict[str, int] = {}
    for where, obj in read_lines(path, report):
        text = obj["text"]
        meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
        entries = []
        for i, entry in enumerate(obj.get("label", obj.get("entities")) or []):
            if isinstance(entry, dict):
                entry = [entry.get("start_offset"), entry.get("end_offset"), entry.get("label")]
            if not (isinstance(entry, list) and len(entry) == 3):
                report.errors.append(f"{where}: span {i + 1}: expected [start, end, label]")
                report.skipped += 1
                continue
            entries.append((i, entry))
        ids: dict[tuple[Any, Any, Any], str] = {}  # (start, end, label) -> entity id, for relations
        for ent in obj.get("entities") or []:
            if isinstance(ent, dict) and ent.get("id") is not None:
                ids.setdefault((ent.get("start_offset"), ent.get("end_offset"), ent.get("label")), str(ent["id"]))
        links = [
            LinkCandidate(
                f"{where}: relation {rel.get('id', n)}",
                str_field(rel.get("from_id")),
                str_field(rel.get("to_id")),
                rel.get("type"),
            )
            for n, rel in enumerate(obj.get("relations") or [], start=1)
            if isinstance(rel, dict)
        ]
        figs = {(f[0], f[1]): f[2] for f in obj.get("figures") or [] if isinstance(f, list) and len(f) == 3}
        named = {(f[0], f[1]): f[2] for f in obj.get("actors") or [] if isinstance(f, list) and len(f) == 3}
        by_place: dict[tuple[Any, Any], str] = {}
        plain: set[str] = set()
        for q in obj.get("spans_text") or []:
            if isinstance(q, list) and len(q) == 3 and isinstance(q[2], str):
                by_place[(q[0], q[1])] = q[2]
            elif isinstance(q, str):  # older exports: quotes in label order, unusable after an edit
                plain.add(q)
        raw = [(e[0], e[1]) for _, e in entries]
        quotes = [by_place.get(place) for place in raw]
        units = Units(text)
        unit = offsets or (obj["offsets"] if obj.get("offsets") in UNITS else None)
        if unit is None:
            unit = choose_units(text, raw, quotes, units, DETECTED)
            if unit is None:
                unit = "utf16"
            else:
                chosen[unit] = chosen.get(unit, 0) + 1
        cands = []
        for (i, entry), (start, end), quote in zip(entries, to_codepoints(raw, units, unit), quotes, strict=True):
            here = f"{where}: span {i + 1}"
            if start is None:
                report.errors.append(
                    f"{here}: offsets {entry[0]}..{entry[1]} do not fall between {unit} "
                    "characters of the text (try --offsets utf16, graphemes or codepoints)"
                )
                report.skipped += 1
                continue
            place = (entry[0], entry[1])
            cands.append(
                Candidate(
                    here,
                    start,
                    end,
                    entry[2],
                    quote,
                    ref=ids.get((*place, entry[2]), ""),
                    figure=figs.get(place),
                    actor=named.get(place),
                )
            )
        art_id = obj.get("article_id") or (f"doccano-{obj['id']}" if obj.get("id") is not None else "")
        art = article_from(art_id, text, meta, "doccano")
        item = Item(where, art, status_field(meta.get("status")), cands, links, corrections_from(meta))
        item.refused = metadata_problem({"article_id": obj.get("article_id"), "id": obj.get("id")}, meta, "meta.")
        items.append(item)
    if chosen:
        report.notes.append(detected_note("doccano", chosen, "line"))
    return items
