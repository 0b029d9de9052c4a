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
from pathlib import Path
from typing import IO

from annotations.formats.core import ExportContext, ExportRecord, check_quotes, formula_safe
from annotations.formats.readers import Candidate, ImportReport, Item, ReadOptions
from reader.core.errors import UserError
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


# -- import ------------------------------------------------------------------------------
def _unsafe(cell: str) -> str:
    """A cell as written before ``formula_safe``: its leading ' dropped where it added one."""
    return cell[1:] if cell.startswith("'") and formula_safe(cell[1:]) != cell[1:] else cell


def read(path: Path, report: ImportReport, opts: ReadOptions) -> list[Item]:
    """Rows attach to articles the database or the library knows (a CSV holds no full text)."""
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as err:
        raise UserError(f"{path}: cannot read ({err.strerror or err})") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("article_id", "label", "start", "end") if c not in (reader.fieldnames or [])]
        if missing:
            raise UserError(f"{path}: not a newsdesk spans CSV (no column {', '.join(missing)})")
        items: dict[str, Item] = {}
        unknown: dict[str, str] = {}
        try:
            for row in reader:
                where = f"{path}:{reader.line_num}"
                aid = _unsafe(row["article_id"] or "")
                if aid not in items and aid not in unknown:
                    article = opts.lookup(aid)
                    if article is None:
                        unknown[aid] = where
                    else:
                        items[aid] = Item(where, article, None, [])
                if aid in unknown:
                    report.skipped += 1
                    continue
                start, end = (int(x) if x and x.lstrip("-").isdigit() else x for x in (row["start"], row["end"]))
                quote = _unsafe(row["quote"]) if row.get("quote") is not None else None
                fields = {"annotator": _unsafe(row["annotator"])} if row.get("annotator") else {}
                items[aid].spans.append(Candidate(where, start, end, _unsafe(row["label"] or ""), quote,
                                                  _unsafe(row.get("note") or ""), fields))
        except (csv.Error, UnicodeDecodeError) as err:
            raise UserError(f"{path}:{reader.line_num}: not valid CSV ({err})") from None
    for aid, where in unknown.items():
        report.errors.append(f"{where}: article {aid!r} is neither in the database nor in the library: "
                             "import its text first (a CSV carries no article text); its rows were skipped")
    return list(items.values())
