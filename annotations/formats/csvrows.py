"""CSV: one span a row, with the sentence around it for reading in a sheet.

Columns: article_id, title, label, start, end, quote, note, annotator,
sentence. Written with the ``csv`` module (RFC 4180: quoted where needed, CRLF
row ends; line breaks inside a quote or sentence stay inside their quoted cell).

UTF-8 without a byte-order mark: Python, pandas, R and spreadsheet imports
read it as is. Excel opened by double-click guesses a legacy code page for
BOM-less files; use its Data > From Text/CSV import (choose UTF-8) instead.
Offsets are code points.

Cells a spreadsheet would run as a formula (text starting with =, +, -, @, tab or CR) get a
leading ``'``, as OWASP recommends against CSV injection; the quote column then differs from
``text[start:end]`` by that one character, which a reader strips when it is first and the
quote does not start with it in the text.
"""

from __future__ import annotations

import csv
from typing import IO

from annotations.formats.core import ExportContext, ExportRecord, check_quotes, formula_safe
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
        title, aid = formula_safe(art.title), formula_safe(art.id)
        writer.writerows(
            (aid, title, formula_safe(s.label), s.start, s.end, formula_safe(s.quote), formula_safe(s.note),
             formula_safe(s.annotator), formula_safe(sentence_around(art.text, starts, s.start, s.end)))
            for s in spans
        )
        ctx.tick()
