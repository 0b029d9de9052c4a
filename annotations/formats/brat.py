"""brat standoff: a folder of ``<name>.txt`` + ``<name>.ann`` pairs.

- ``.txt`` is the article text exactly (UTF-8, ``\\n`` line ends); brat reads it
  in Python, so offsets are code points.
- ``T<n>\\t<type> <start> <end>\\t<text>`` for each span, numbered in span order.
  brat cannot hold a line break in T text, so a span across lines is written
  as fragments ``<type> s1 e1;s2 e2`` that skip the line-break characters, and
  its text is the fragments joined by a space (brat's convention). A span that
  starts or ends with a line break cannot be carried (listed, never moved).
- ``#<n>\\tAnnotatorNotes T<n>\\t<note>`` for spans with a note (line breaks in a
  note become spaces, reported).
- Type names cannot contain spaces: labels are normalised with
  ``core.label_mapping`` ("casualty figure" -> "casualty_figure"); the mapping
  is reported, written as comments at the top of ``annotation.conf`` (which also
  declares the types and allows overlap), and reversed on import.
- File names: the article id where it is a safe name, else the id with unsafe
  characters replaced plus 8 hex digits of its SHA-1 (so names never collide).
  ``newsdesk-articles.jsonl`` maps file names back to ids, titles and status
  (brat ignores files that are not .txt/.ann/.conf).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from annotations.formats.core import (
    ExportContext,
    ExportRecord,
    check_quotes,
    dumps,
    label_mapping,
    mapping_note,
    record_meta,
)
from annotations.model import Span
from reader.core.wording import plural

ARTICLES_FILE = "newsdesk-articles.jsonl"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def file_stem(article_id: str, used: set[str]) -> str:
    stem = _UNSAFE.sub("_", article_id)[:100]
    if stem != article_id or stem.startswith(".") or not stem or stem.lower() in used:
        stem = f"{stem}-{hashlib.sha1(article_id.encode('utf-8')).hexdigest()[:8]}"
    used.add(stem.lower())
    return stem


# Every character Python's str.splitlines() breaks at: brat reads .ann files with
# codecs readers that split there, so none of them may appear in a T line.
LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def fragments(text: str, span: Span) -> list[tuple[int, int]]:
    """(start, end) pieces of the span that contain no line break."""
    out: list[tuple[int, int]] = []
    pos = span.start
    for m in LINE_BREAKS.finditer(text, span.start, span.end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if span.end > pos:
        out.append((pos, span.end))
    return out


def conf_text(mapping: dict[str, str]) -> str:
    lines = ["# annotation.conf written by newsdesk", "# newsdesk label -> brat type:"]
    lines += [f"#   {old} -> {new}" for old, new in mapping.items()]
    lines += ["", "[entities]", *sorted(mapping.values()), "", "[relations]",
              "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]", "",
              "[attributes]", ""]
    return "\n".join(lines)


def write(records: list[ExportRecord], folder: Path, ctx: ExportContext) -> None:
    mapping = label_mapping(s.label for rec in records for s in rec.spans)
    used: set[str] = set()
    index: list[str] = []
    split_spans = flattened_notes = 0
    for rec in records:
        art = rec.article
        text = art.text
        stem = file_stem(art.id, used)
        lines: list[str] = []
        t = 0
        for span in check_quotes(rec, ctx):
            if LINE_BREAKS.match(span.quote[0]) or LINE_BREAKS.match(span.quote[-1]):
                ctx.skip(art.id, span, "starts or ends with a line break, which brat T lines "
                         "cannot hold", "linebreaks")
                continue
            frags = fragments(text, span)
            t += 1
            split_spans += len(frags) > 1
            where = ";".join(f"{a} {b}" for a, b in frags)
            quote = " ".join(text[a:b] for a, b in frags)
            lines.append(f"T{t}\t{mapping[span.label]} {where}\t{quote}")
            if span.note:
                note = LINE_BREAKS.sub(" ", span.note)
                flattened_notes += note != span.note
                lines.append(f"#{t}\tAnnotatorNotes T{t}\t{note}")
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8", newline="")
        (folder / f"{stem}.ann").write_text(
            "".join(line + "\n" for line in lines), encoding="utf-8", newline=""
        )
        index.append(
            dumps({"file": stem, "id": art.id, **record_meta(rec)})
        )
        ctx.tick()
    (folder / "annotation.conf").write_text(conf_text(mapping), encoding="utf-8", newline="")
    (folder / ARTICLES_FILE).write_text(
        "".join(line + "\n" for line in index), encoding="utf-8", newline=""
    )
    note = mapping_note("brat", mapping)
    if note:
        ctx.note(note)
    if split_spans:
        ctx.note(f"brat: {plural(split_spans, 'span')} across line breaks written as fragments")
    if flattened_notes:
        ctx.note(f"brat: {plural(flattened_notes, 'note')} with line breaks written on one line")
