"""``newsdesk list`` and ``newsdesk show``: the library and one article, without the app."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from reader.cli.database_path import database_to_read
from reader.cli.main import add_common_options
from reader.cli.output import json_text, warn, warn_each
from reader.cli.theming import theme_spec
from reader.core.errors import UserError
from reader.core.wording import display_date, status_name
from reader.text.normalise import clean_line


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("list", help="list the articles of a corpus")
    p.add_argument("path", nargs="?", help="folder, file, JSONL or feed (default: the seeds and your library)")
    p.add_argument("--json", action="store_true", help="one JSON object per article, one per line")
    add_common_options(p)
    p.set_defaults(func=run_list)

    s = subparsers.add_parser("show", help="print one article with its entities coloured")
    s.add_argument("id", help="article id (see 'newsdesk list')")
    s.add_argument("path", nargs="?", help="corpus the article is in (default: the seeds and your library)")
    add_common_options(s)
    s.set_defaults(func=run_show)


def _state(db: Path):
    """The annotation store read-only, if there is one, for status columns (never created here)."""
    from annotations.store.database import AnnotationStore

    if not db.exists():  # the default database, before anything was annotated
        return None
    return AnnotationStore.open(db, read_only=True)


def run_list(args: argparse.Namespace) -> int:
    from reader.corpus.loader import open_corpus

    db = database_to_read(args.db)  # a mistyped --db is said before the corpus is read
    corpus = open_corpus(args.path)
    warn_each(corpus.warnings)
    if not corpus.metas and not corpus.warnings:  # an empty file or folder: said, not a bare header
        warn(f"{corpus.name}: no articles in it")
    store = _state(db)
    try:
        rows = []
        corrected = store.corrected() if store else {}
        for meta in corpus.metas:
            state = store.state(meta.id) if store else None
            fixed = corrected.get(meta.id, {})
            rows.append(
                {
                    "id": meta.id,
                    "title": fixed.get("title", meta.title),
                    "source": fixed.get("source", meta.source),
                    "published": fixed.get("published", meta.published),
                    "url": meta.url,
                    "words": meta.word_count,
                    "status": state.status if state else "todo",
                    "read": state.read if state else False,
                }
            )
    finally:
        if store:
            store.close()
    if args.json:
        for row in rows:
            print(json_text(row))
        return 0
    cells = [list_cells(row) for row in rows]
    if sys.stdout.isatty():
        print_list_table(cells, Console(no_color=_plain(), highlight=False, markup=False, emoji=False))
    else:  # piped: one tab-separated line per article, never cut or wrapped
        print_list_tsv(cells, sys.stdout)
    return 0


LIST_COLUMNS = ("id", "title", "source", "date", "words", "status")


def list_cells(row: dict) -> tuple[str, ...]:
    """One article's cells, each one line of text: no tabs, line breaks or control characters."""
    values = (row["id"], row["title"], row["source"], row["published"][:10], row["words"], status_name(row["status"]))
    return tuple(clean_line(str(value)) for value in values)


def print_list_tsv(cells: list[tuple[str, ...]], out: TextIO) -> None:
    """A header line, then one tab-separated line per article (what ``cut -f`` and awk read)."""
    out.write("\t".join(LIST_COLUMNS) + "\n")
    for row in cells:
        out.write("\t".join(row) + "\n")


def print_list_table(cells: list[tuple[str, ...]], console: Console) -> None:
    """An aligned table the width of the terminal; every cell is data (``Text``), never markup.

    id, date, words and status are never cut; title and source share the rest (3:1) and end
    in an ellipsis when they do not fit. On a terminal too narrow for that, source and then
    date are left out before an id would be cut (``newsdesk show ID`` needs it whole).
    """
    words = LIST_COLUMNS.index("words")
    rows = [tuple(f"{int(cell):,}" if i == words else cell for i, cell in enumerate(row)) for row in cells]
    need = {
        name: max([len(name)] + [console.measure(Text(row[i])).maximum for row in rows])
        for i, name in enumerate(LIST_COLUMNS)
    }
    shown = list(LIST_COLUMNS)
    for dropped in ("source", "date", None):
        fixed = sum(need[name] for name in shown if name not in ("title", "source"))
        room = console.width - fixed - 3 * (len(shown) - 1)  # " │ " between columns
        if room >= 2 * TITLE_LEAST or dropped is None:
            break
        shown.remove(dropped)
    if "source" in shown:
        need["title"], need["source"] = share(room, need["title"], need["source"])
    else:
        need["title"] = max(TITLE_LEAST, min(room, need["title"]))
    table = Table(show_edge=False, pad_edge=False)
    for name in shown:
        justify = "right" if name == "words" else "left"
        table.add_column(name, justify=justify, no_wrap=True, overflow="ellipsis", width=need[name])
    for row in rows:
        table.add_row(*(Text(cell) for name, cell in zip(LIST_COLUMNS, row, strict=True) if name in shown))
    console.print(table)


TITLE_LEAST = 6  # cells: narrower, a title or source is an ellipsis and little else


def share(room: int, title: int, source: int) -> tuple[int, int]:
    """Widths of title and source in ``room`` cells: what they need if it fits, else 3:1."""
    if title + source <= room:
        return title, source
    source_width = min(source, max(TITLE_LEAST, room // 4, room - title))
    return max(TITLE_LEAST, room - source_width), source_width


def _plain() -> bool:
    return bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()


def run_show(args: argparse.Namespace) -> int:
    from reader.corpus.loader import open_corpus
    from reader.ner.recognizer import build_recognizer

    db = database_to_read(args.db)
    corpus = open_corpus(args.path)
    try:
        article = corpus.load(args.id)
    except KeyError:
        if not corpus.metas and len(corpus.warnings) == 1:  # the one file given was skipped: say why
            raise UserError(corpus.warnings[0]) from None
        raise UserError(f"no article {args.id!r} in {corpus.name} (see 'newsdesk list')") from None
    if len(corpus) == 1:  # one file: say how it was read (e.g. decoded as cp1252)
        warn_each(corpus.warnings)
    store = _state(db)
    if store is not None:
        try:
            fixed = store.corrections(article.id)
        finally:
            store.close()
        article = replace(article, **fixed) if fixed else article
    spec = theme_spec(args.theme)
    recognizer = build_recognizer(args.ner, args.patterns)
    body = Text(article.text)  # data, never markup
    for entity in recognizer.find(article.text):
        body.stylize(spec.entity_style(entity.label), entity.start, entity.end)
    header = Text(clean_line(article.title), style="bold")
    fields = (article.source, display_date(article.published), article.url, article.id)
    meta = Text(" · ".join(clean_line(v) for v in fields if v), style="dim")
    console = Console(no_color=_plain(), highlight=False, markup=False, emoji=False)
    if _plain():
        console = Console(color_system=None, highlight=False, markup=False, emoji=False)
    console.print(header)
    console.print(meta)
    console.print()
    console.print(body)
    return 0
