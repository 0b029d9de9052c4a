"""CSV: one span a row, with the sentence around it for reading in a sheet.

Columns: article_id, title, label, start, end, quote, note, annotator,
sentence. Written with the ``csv`` module (RFC 4180: quoted where needed, CRLF
row ends; line breaks inside a quote or sentence stay inside their quoted cell).

UTF-8 without a byte-order mark: Python, pandas, R and spreadsheet imports
read it as is. Excel opened by double-click guesses a legacy code page for
BOM-less files; use its Data > From Text/CSV import (choose UTF-8) instead.
Offsets are code points.
"""

from __future__ import annotations

import csv
from typing import IO

from annotations.formats.core import ExportContext, ExportRecord, check_quotes
from reader.text.sentences import sentence_around, sentence_starts

COLUMNS = ("article_id", "title", "label", "start", "end", "quote", "note", "annotator",
           "sentence")


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for rec in records:
        art = rec.article
        spans = check_quotes(rec, ctx)
        starts = sentence_starts(art.text) if spans else []
        writer.writerows(
            (art.id, art.title, s.label, s.start, s.end, s.quote, s.note, s.annotator,
             sentence_around(art.text, starts, s.start, s.end))
            for s in spans
        )
        ctx.tick()
