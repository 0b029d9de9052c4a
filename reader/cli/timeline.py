"""``newsdesk timeline``: who demanded and conceded what, when, and the casualty figures, as text, JSON or CSV.

One record per link (article id, date, actor, relation, label, quote, parsed figure, source),
then each casualty series (who x what) in date order, the figures that still lack a part, and
the contradictions between sources (``--window`` days, ``--ratio``). ``--json`` prints all of
it as one object; ``--csv`` one row per record and per casualty figure, its contradictions in
the last column. The database is opened read-only, so this works while the app has it open.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from typing import Any

from reader.cli.main import add_common_options
from reader.cli.output import json_text, say, warn, warn_each
from reader.core.errors import UserError
from reader.core.wording import plural
from reader.text.normalise import clean_line

CSV_COLUMNS = (
    "article_id",
    "date",
    "actor",
    "actor_mention",
    "relation",
    "label",
    "quote",
    "to_label",
    "to_quote",
    "figure",
    "qualifier",
    "low",
    "high",
    "who",
    "what",
    "source",
    "span_id",
    "start",
    "end",
    "contradicts",
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "timeline",
        help="the negotiation timeline: links by date and actor, casualty series, contradictions",
        description="Print the timeline from the database (opened read-only).",
    )
    p.add_argument("path", nargs="?", help="corpus for titles and dates (default: the seeds and your library)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print one JSON object")
    out.add_argument("--csv", action="store_true", help="print CSV: one row per link and per casualty figure")
    p.add_argument(
        "--window",
        type=int,
        default=None,
        metavar="DAYS",
        help="figures this many days apart or less are compared (default: 31)",
    )
    p.add_argument(
        "--ratio",
        type=float,
        default=None,
        metavar="R",
        help="figures differing by more than this ratio contradict (default: 1.03)",
    )
    add_common_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from annotations.store.database import AnnotationStore
    from annotations.timeline import DEFAULT_RATIO, DEFAULT_WINDOW_DAYS
    from annotations.timeline_source import timeline_from_store
    from reader.cli.database_path import database_to_read
    from reader.corpus.loader import open_corpus

    window = DEFAULT_WINDOW_DAYS if args.window is None else args.window
    ratio = DEFAULT_RATIO if args.ratio is None else args.ratio
    if window < 0:
        raise UserError(f"--window: must be 0 days or more, not {window}")
    if not ratio >= 1:
        raise UserError(f"--ratio: must be 1 or more (the larger figure over the smaller), not {args.ratio}")
    db = database_to_read(args.db)  # a mistyped --db is said before the corpus is read
    corpus = open_corpus(args.path)
    warn_each(corpus.warnings)
    store = AnnotationStore.open(db, read_only=True)
    try:
        timeline = timeline_from_store(store, corpus.metas, window_days=window, ratio=ratio)
    finally:
        store.close()
    for problem in timeline.problems:
        warn(problem)
    if args.json:
        print(json_text(to_json(timeline), indent=2))
    elif args.csv:
        sys.stdout.write(to_csv(timeline))
    else:
        print_text(timeline, window, ratio)
    return 0


def _point(point: Any) -> dict[str, Any]:
    figure = point.figure
    return {
        "article_id": point.article_id,
        "date": point.date,
        "span_id": point.span_id,
        "start": point.start,
        "end": point.end,
        "quote": point.quote,
        "figure": figure.to_dict() if hasattr(figure, "to_dict") else None,
        "figure_text": figure.describe(),
        "source": point.source,
    }


def to_json(timeline: Any) -> dict[str, Any]:
    return {
        "articles": [{"date": date, "article_id": aid} for date, aid in timeline.dates],
        "records": [record.to_dict() for record in timeline.records],
        "series": [
            {"who": who, "what": what, "points": [_point(p) for p in points]}
            for (who, what), points in timeline.series.items()
        ],
        "unplaced": [_point(p) for p in timeline.unplaced],
        "contradictions": [
            {
                "who": c.series[0],
                "what": c.series[1],
                "ratio": round(c.ratio, 4),
                "first": _point(c.first),
                "second": _point(c.second),
            }
            for c in timeline.contradictions
        ],
    }


def to_csv(timeline: Any) -> str:
    """One row per record, then one per casualty figure that no record holds; ``contradicts`` lists
    the span ids of the figures each contradicts."""
    against: dict[str, list[str]] = {}
    for c in timeline.contradictions:
        against.setdefault(c.first.span_id, []).append(c.second.span_id)
        against.setdefault(c.second.span_id, []).append(c.first.span_id)
    rows = [record.to_dict() for record in timeline.records]
    seen = {row["span_id"] for row in rows}
    for point in [p for points in timeline.series.values() for p in points] + timeline.unplaced:
        if point.span_id not in seen:
            rows.append({**_point(point), "label": "casualty figure", "relation": "", "actor": ""})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        figure = row.get("figure") or {}
        writer.writerow(
            {
                **row,
                "figure": row.get("figure_text", ""),
                **{k: figure.get(k, "") for k in ("qualifier", "low", "high", "who", "what")},
                "contradicts": " ".join(against.get(row["span_id"], [])),
            }
        )
    return buffer.getvalue()


def print_text(timeline: Any, window: int, ratio: float) -> None:
    say(
        f"newsdesk timeline · {plural(len(timeline.records), 'link')} · {len(timeline.series)} casualty series · "
        f"{plural(len(timeline.contradictions), 'contradiction')} (within {window} days, over {ratio:g}×)"
    )
    say("")
    say("Links by actor")
    for actor, records in timeline.rows().items():
        say(f"  {clean_line(actor, 40)}")
        for r in records:
            figure = f" [{r.figure.describe()}]" if r.figure is not None else ""
            say(
                f"    {r.date or 'undated':10}  {r.label} -{r.relation}-> {clean_line(r.other_quote, 30)}: "
                f"“{clean_line(r.quote, 60)}”{figure}"
            )
    if not timeline.records:
        say("  (no links yet)")
    say("")
    say("Casualty series")
    for key, points in timeline.series.items():
        say(f"  {clean_line(timeline.series_name(key), 60)}")
        for p in points:
            say(f"    {p.date or 'undated':10}  {p.figure.describe():40}  {clean_line(p.source, 40)}")
    if not timeline.series:
        say("  (no casualty figure says both who and what)")
    if timeline.unplaced:
        say("")
        say("Figures to complete")
        for p in timeline.unplaced:
            say(f"    {p.date or 'undated':10}  “{clean_line(p.quote, 50)}”: {p.figure.describe()}")
    say("")
    say("Contradictions")
    for c in timeline.contradictions:
        say(
            f"  {clean_line(timeline.series_name(c.series), 60)}: {c.first.figure.describe()} "
            f"({clean_line(c.first.source, 30)}, "
            f"{c.first.date}) vs {c.second.figure.describe()} ({clean_line(c.second.source, 30)}, {c.second.date})"
            f" · {c.ratio:.2f}×"
        )
    if not timeline.contradictions:
        say("  (none)")
