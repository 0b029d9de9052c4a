"""``newsdesk stats``: the stats screen's figures on the command line.

Tables and bars by default (plain, without colour, when piped or with NO_COLOR), or
``--json``: one JSON object whose keys are documented in ``annotations.stats``. The
database is opened read-only, so this works while the app has it open (and creates
nothing when there is no database yet). The status figures cover every article of the
corpus the app would open: PATH, or by default the seeds and your library (as ``list``).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from reader.cli.main import add_common_options
from reader.cli.output import json_text, say, warn_each
from reader.core.errors import UserError
from reader.core.wording import plural, status_name, with_spans
from reader.text.normalise import clean_line

BAR_WIDTH = (10, 40)  # the bar column's width range, in cells


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "stats",
        help="annotation statistics: spans per label, article, annotator and day; statuses; top quotes",
        description="Print annotation statistics from the database (opened read-only).",
    )
    p.add_argument("path", nargs="?", help="count statuses over this corpus (default: the seeds and your library)")
    p.add_argument("--json", action="store_true", help="print one JSON object with every figure")
    p.add_argument("--top", type=int, default=10, metavar="N", help="how many articles to list (default: 10)")
    add_common_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from annotations.schema import load_schema
    from annotations.stats import compute_stats
    from annotations.store.database import AnnotationStore
    from reader.cli.database_path import database_to_read
    from reader.corpus.loader import open_corpus

    if args.top < 1:
        raise UserError(f"--top: must be 1 or more, not {args.top}")
    db = database_to_read(args.db)  # a mistyped --db is said before the corpus is read
    schema = load_schema(args.labels)
    corpus = open_corpus(args.path)  # the stats screen counts over the corpus the app opened
    warn_each(corpus.warnings)
    store = AnnotationStore.open(db, read_only=True)
    try:
        stats = compute_stats(store, corpus.metas, labels=schema.names, top_articles=args.top)
    finally:
        store.close()
    if args.json:
        say(json_text(stats.to_json(), indent=2))
        return 0
    print_tables(stats, str(db), corpus_name=corpus.name)
    return 0


def plain() -> bool:
    return bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()


def print_tables(stats: Any, db: str, console: Any = None, *, corpus_name: str = "") -> None:
    """Readable tables with bars; ``console`` for tests (default: stdout, plain when piped)."""
    from rich.console import Console
    from rich.text import Text

    from annotations.stats import sparkline, status_heading

    if console is None:
        if plain():
            console = Console(color_system=None, highlight=False, markup=False, emoji=False)
        else:
            console = Console(highlight=False, markup=False, emoji=False)

    def out(renderable: Any) -> None:
        # lines of text are never wrapped (a piped reader greps them); tables fit the width
        console.print(renderable, soft_wrap=isinstance(renderable, Text))

    out(Text.assemble(("newsdesk stats", "bold"), " · ", clean_line(db)))
    out(Text(_summary(stats)))
    bar_width = max(BAR_WIDTH[0], min(BAR_WIDTH[1], console.width - 50))
    out(_bars("Spans per label", stats.labels, stats.spans, bar_width))
    statuses = {status_name(name): n for name, n in stats.status.items()}
    out(_bars(status_heading(stats, corpus_name), statuses, stats.articles, bar_width))
    out(Text(f"read {stats.read:,} · unread {stats.unread:,}"))
    out(
        _bars(
            "Spans per annotator",
            {name or "(no name)": n for name, n in stats.annotators.items()},
            stats.spans,
            bar_width,
        )
    )
    out(_articles(stats, console.width))
    out(Text(""))
    out(Text("Annotations per day (UTC)", style="bold"))
    series = stats.day_series()
    if series:
        out(Text(sparkline([n for _, n in series], width=max(10, console.width - 2)), style="cyan"))
        out(Text(_days_caption(stats, series)))
        recent = [(day, n) for day, n in series if n][-7:]
        out(_bars("Latest days", dict(reversed(recent)), stats.spans, bar_width, share=False))
    else:
        out(Text("no dated annotations" + (f" ({stats.undated:,} undated)" if stats.undated else "")))
    out(_quotes(stats))


def _summary(stats: Any) -> str:
    parts = [
        f"{plural(stats.spans, 'span')} in {plural(stats.articles_with_spans, 'article')}",
        plural(len(stats.annotators), "annotator"),
        f"{stats.flagged_spans:,} flagged",
    ]
    if stats.undated:
        parts.append(f"{stats.undated:,} undated")
    return " · ".join(parts)


def _days_caption(stats: Any, series: list[tuple[str, int]]) -> str:
    peak_day, peak = max(series, key=lambda kv: (kv[1], kv[0]))
    active = sum(1 for _, n in series if n)
    text = f"{series[0][0]} … {series[-1][0]} · {active:,} of {plural(len(series), 'day')} with annotations"
    text += f" · peak {peak:,} on {peak_day}"
    if stats.undated:
        text += f" · {stats.undated:,} undated"
    return text


def _table(title: str | None) -> tuple[Any, Any]:
    """A heading line (when ``title``) over a borderless table, as one renderable."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold", show_header=title is not None)
    if title is None:
        return table, table
    return Group(Text(""), Text(title, style="bold"), table), table


def _bars(title: str, counts: dict[str, int], total: int, width: int, *, share: bool = True) -> Any:
    from rich.text import Text

    from annotations.stats import bar

    group, table = _table(title)
    table.add_column("", overflow="ellipsis", no_wrap=True, max_width=32)
    table.add_column("count", justify="right", no_wrap=True)
    if share:
        table.add_column("share", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    top = max(counts.values(), default=0)
    for name, n in counts.items():
        cells = [Text(clean_line(name)), Text(f"{n:,}")]
        if share:
            cells.append(Text(f"{100 * n / total:.1f}%" if total else "–"))
        cells.append(Text(bar(n, top, width), style="cyan"))
        table.add_row(*cells)
    if not counts:
        table.add_row(Text("(none)"), Text("0"), *([Text("–")] if share else []), Text(""))
    return group


def _articles(stats: Any, width: int) -> Any:
    """Spans, id, title; the widths are set here because Rich, short of room, squeezes a
    no-wrap column out altogether (the spans column vanished at 80 columns)."""
    from rich.text import Text

    group, table = _table(f"Articles with the most spans ({with_spans(stats.articles_with_spans)})")
    top = stats.top_articles
    spans_w = max(len("spans"), *(len(f"{a.spans:,}") for a in top)) if top else len("spans")
    id_w = min(max((len(a.id) for a in top), default=1), max(8, width // 4))
    title_w = max(len("title"), width - spans_w - id_w - 4)  # two cells between columns
    table.add_column("spans", justify="right", no_wrap=True, width=spans_w)
    table.add_column("id", no_wrap=True, overflow="ellipsis", width=id_w)
    table.add_column("title", overflow="ellipsis", no_wrap=True, width=title_w)
    for article in stats.top_articles:
        table.add_row(Text(f"{article.spans:,}"), Text(clean_line(article.id)), Text(clean_line(article.title)))
    if not stats.top_articles:
        table.add_row(Text("0"), Text("–"), Text("(no spans yet)"))
    return group


def _quotes(stats: Any) -> Any:
    from rich.console import Group
    from rich.text import Text

    parts: list[Any] = [Text(""), Text("Most frequent quotes per label", style="bold")]
    for label, quotes in stats.quotes.items():
        _, table = _table(None)
        table.add_column("count", justify="right", no_wrap=True, min_width=6)
        table.add_column("quote", overflow="ellipsis", no_wrap=True)
        for quote in quotes:
            table.add_row(Text(f"{quote.count:,}×"), Text(clean_line(quote.quote)))
        parts.append(Text(clean_line(label), style="bold"))
        parts.append(table)
    if not stats.quotes:
        parts.append(Text("(no spans yet)"))
    return Group(*parts)
