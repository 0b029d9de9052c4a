"""CSV: one span a row, with the sentence around it for reading in a sheet.

Columns: article_id, title, label, start, end, quote, note, annotator,
sentence, source, published, then a casualty figure's value (figure_low, figure_high,
figure_qualifier, figure_who, figure_what, figure_number_text, figure_hedge, figure_vague;
empty for other spans), and ``actor``: the canonical name of the actor the span's text names
(from the actor book; empty when none). Title, source and published are as the analyst corrected them; on
import, a value that differs from the stored article's is a correction. Written with the
``csv`` module (RFC 4180: quoted where needed, CRLF row ends; line breaks inside a quote or
sentence stay inside their quoted cell).

Links go to a second file beside it, ``<out>.links.csv``, one link a row: article_id,
relation, from_label, from_start, from_end, from_quote, to_label, to_start, to_end,
to_quote, annotator, created. Two files rather than a row kind, because a sheet is filtered,
sorted and pivoted by column: a link row has other columns than a span row, and mixing them
would make every span column half empty and every filter wrong. The import reads
``<in>.links.csv`` when it is there; each end is found by article, place and label.

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
import io
from pathlib import Path
from typing import IO, Any

from annotations.figure_value import Figure
from annotations.formats.core import ExportContext, ExportRecord, check_quotes, formula_safe, record_meta
from annotations.formats.readers import CORRECTABLE, Candidate, ImportReport, Item, LinkCandidate, ReadOptions
from annotations.formats.relations import extras
from reader.core.errors import UserError
from reader.text.sentences import sentence_around, sentence_starts

FIGURE_FIELDS = ("low", "high", "qualifier", "who", "what", "number_text", "hedge", "vague")
COLUMNS = (
    "article_id",
    "title",
    "label",
    "start",
    "end",
    "quote",
    "note",
    "annotator",
    "sentence",
    "source",
    "published",
    *(f"figure_{f}" for f in FIGURE_FIELDS),
    "actor",
)
LINK_COLUMNS = (
    "article_id",
    "relation",
    "from_label",
    "from_start",
    "from_end",
    "from_quote",
    "to_label",
    "to_start",
    "to_end",
    "to_quote",
    "annotator",
    "created",
)
LINKS_SUFFIX = ".links.csv"
EXTRA_SUFFIXES = (LINKS_SUFFIX,)  # written beside the output when there are links, else removed


def _figure_cells(fig: Figure | None) -> tuple[Any, ...]:
    if fig is None:
        return ("",) * len(FIGURE_FIELDS)
    data = fig.to_dict()
    return tuple(
        formula_safe(str(data[f]))
        if isinstance(data[f], str)
        else str(data[f]).lower()
        if isinstance(data[f], bool)
        else data[f]
        for f in FIGURE_FIELDS
    )


def _figure_of(row: dict[str, str]) -> dict[str, Any] | None:
    cells = {f: row.get(f"figure_{f}") or "" for f in FIGURE_FIELDS}
    if not cells["low"]:
        return None
    out: dict[str, Any] = {f: _unsafe(v) for f, v in cells.items()}
    for f in ("low", "high"):
        out[f] = int(out[f]) if out[f].isdigit() else out[f]
    out["vague"] = out["vague"] == "true"
    return out


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    links = io.StringIO()
    link_writer = csv.writer(links)
    link_writer.writerow(LINK_COLUMNS)
    for rec in records:
        art = rec.article
        spans = check_quotes(rec, ctx)
        more = extras(rec, spans, ctx)
        starts = sentence_starts(art.text) if spans else []
        meta = record_meta(rec)
        title, aid = formula_safe(meta["title"]), formula_safe(art.id)
        source, published = formula_safe(meta["source"]), formula_safe(meta["published"])
        writer.writerows(
            (
                aid,
                title,
                formula_safe(s.label),
                s.start,
                s.end,
                formula_safe(s.quote),
                formula_safe(s.note),
                formula_safe(s.annotator),
                formula_safe(sentence_around(art.text, starts, s.start, s.end)),
                source,
                published,
                *_figure_cells(more.figures.get(s.id)),
                formula_safe(more.actors.get(s.id, "")),
            )
            for s in spans
        )
        by_id = {s.id: s for s in spans}
        for lk in more.links:
            a, b = by_id[lk.from_span], by_id[lk.to_span]
            link_writer.writerow(
                (
                    aid,
                    formula_safe(lk.relation),
                    formula_safe(a.label),
                    a.start,
                    a.end,
                    formula_safe(a.quote),
                    formula_safe(b.label),
                    b.start,
                    b.end,
                    formula_safe(b.quote),
                    formula_safe(lk.annotator),
                    lk.created,
                )
            )
        ctx.tick()
    if ctx.links - ctx.links_lost:
        ctx.extra_files[LINKS_SUFFIX] = (links.getvalue(), "the links, one a row")


# -- import ------------------------------------------------------------------------------
def _corrections(item: Item, row: dict[str, str]) -> None:
    """Title, source and published that differ from the stored article's are its corrections."""
    art = item.article
    for key in CORRECTABLE:
        value = _unsafe(row.get(key) or "")
        if value and value != getattr(art, key):
            item.corrections[key] = value


def _read_links(path: Path, items: dict[str, Item], report: ImportReport) -> None:
    if not path.is_file():
        return
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as err:
        raise UserError(f"{path}: cannot read ({err.strerror or err})") from None
    with handle:
        reader = csv.DictReader(handle)
        try:
            for row in reader:
                where = f"{path}:{reader.line_num}"
                item = items.get(_unsafe(row.get("article_id") or ""))
                if item is None:
                    report.errors.append(f"{where}: link of an article with no span rows; not imported")
                    report.links_skipped += 1
                    continue
                ends = [
                    f"{row.get(f'{e}_start')}:{row.get(f'{e}_end')}:{_unsafe(row.get(f'{e}_label') or '')}"
                    for e in ("from", "to")
                ]
                fields = {"annotator": _unsafe(row["annotator"])} if row.get("annotator") else {}
                item.links.append(LinkCandidate(where, ends[0], ends[1], _unsafe(row.get("relation") or ""), fields))
        except (csv.Error, UnicodeDecodeError) as err:
            raise UserError(f"{path}:{reader.line_num}: not valid CSV ({err})") from None


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
        try:
            columns = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as err:
            raise UserError(f"{path}:1: not a UTF-8 CSV ({err}); save it as 'CSV UTF-8'") from None
        missing = [c for c in ("article_id", "label", "start", "end") if c not in columns]
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
                label = _unsafe(row["label"] or "")
                items[aid].spans.append(
                    Candidate(
                        where,
                        start,
                        end,
                        label,
                        quote,
                        _unsafe(row.get("note") or ""),
                        fields,
                        ref=f"{start}:{end}:{label}",
                        figure=_figure_of(row),
                        actor=_unsafe(row.get("actor") or ""),
                    )
                )
                _corrections(items[aid], row)
        except (csv.Error, UnicodeDecodeError) as err:
            raise UserError(f"{path}:{reader.line_num}: not valid CSV ({err})") from None
    _read_links(path.with_name(path.name + LINKS_SUFFIX), items, report)
    for aid, where in unknown.items():
        report.errors.append(
            f"{where}: article {aid!r} is neither in the database nor in the library: "
            "import its text first (a CSV carries no article text); its rows were skipped"
        )
    return list(items.values())
