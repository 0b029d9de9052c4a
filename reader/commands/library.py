"""``newsdesk list`` and ``newsdesk show``: the library and one article, without the app."""

from __future__ import annotations

import argparse
import json
import os
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from reader.cli import add_common_options
from reader.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("list", help="list the articles of a corpus")
    p.add_argument("path", nargs="?", help="folder, file, JSONL or feed (default: the seeds and your library)")
    p.add_argument("--json", action="store_true", help="one JSON object per article, one per line")
    add_common_options(p)
    p.set_defaults(func=run_list)

    s = subparsers.add_parser("show", help="print one article with its entities coloured")
    s.add_argument("id", help="article id (see 'newsdesk list')")
    s.add_argument("path", nargs="?", help="corpus the article is in (default: the seeds and your library)")
    s.add_argument("--theme", metavar="NAME", help="colours from this theme (default: newsdesk-dark)")
    add_common_options(s)
    s.set_defaults(func=run_show)


def _state(args: argparse.Namespace):
    """The annotation store read-only, if there is one, for status columns (never created here)."""
    from annotations.store import AnnotationStore
    from reader import paths

    db = args.db or paths.default_db_path()
    if not os.path.exists(db):
        return None
    return AnnotationStore.open(db, read_only=True)


def run_list(args: argparse.Namespace) -> int:
    from reader.corpus import open_corpus

    corpus = open_corpus(args.path)
    for warning in corpus.warnings:
        print(f"newsdesk: {warning}", file=sys.stderr)
    store = _state(args)
    try:
        rows = []
        for meta in corpus.metas:
            state = store.state(meta.id) if store else None
            rows.append(
                {
                    "id": meta.id,
                    "title": meta.title,
                    "source": meta.source,
                    "published": meta.published,
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
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if not sys.stdout.isatty():  # piped: one tab-separated line per article, never wrapped
        print("id\ttitle\tsource\tdate\twords\tstatus")
        for row in rows:
            values = (row["id"], row["title"], row["source"], row["published"][:10], row["words"], row["status"])
            print("\t".join(str(v).replace("\t", " ") for v in values))
        return 0
    console = Console(no_color=_plain(), highlight=False, markup=False)
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=3, overflow="ellipsis", no_wrap=True)
    table.add_column("source", ratio=1, overflow="ellipsis", no_wrap=True)
    for column in ("date", "words", "status"):
        table.add_column(column, justify="right" if column == "words" else "left", no_wrap=True)
    for row in rows:
        table.add_row(*(Text(str(v)) for v in (row["id"], row["title"], row["source"], row["published"][:10],
                                               f"{row['words']:,}", row["status"])))
    console.print(table)
    return 0


def _plain() -> bool:
    return bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()


def run_show(args: argparse.Namespace) -> int:
    from reader.corpus import open_corpus
    from reader.entities import build_recognizer
    from reader.themes import DEFAULT_THEME, load_themes

    corpus = open_corpus(args.path)
    try:
        article = corpus.load(args.id)
    except KeyError:
        if not corpus.metas and len(corpus.warnings) == 1:  # the one file given was skipped: say why
            raise UserError(corpus.warnings[0]) from None
        raise UserError(f"no article {args.id!r} in {corpus.name} (see 'newsdesk list')") from None
    if len(corpus) == 1:  # one file: say how it was read (e.g. decoded as cp1252)
        for warning in corpus.warnings:
            print(f"newsdesk: {warning}", file=sys.stderr)
    themes, theme_warnings = load_themes()
    name = args.theme or DEFAULT_THEME
    if name not in themes:
        why = next((w for w in theme_warnings if f"/{name}.y" in w), None)  # its file was skipped: say why
        raise UserError(f"unknown theme {name!r} ({why or 'available: ' + ', '.join(sorted(themes))})")
    spec = themes[name]
    recognizer = build_recognizer(args.ner, args.patterns)
    body = Text(article.text)  # data, never markup
    for entity in recognizer.find(article.text):
        body.stylize(spec.entity_style(entity.label), entity.start, entity.end)
    header = Text(article.title, style="bold")
    meta = Text(" · ".join(v for v in (article.source, article.published, article.url, article.id) if v), style="dim")
    console = Console(no_color=_plain(), highlight=False, markup=False, emoji=False)
    if _plain():
        console = Console(color_system=None, highlight=False, markup=False, emoji=False)
    console.print(header)
    console.print(meta)
    console.print()
    console.print(body)
    return 0
