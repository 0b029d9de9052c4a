"""The negotiation timeline as data: who demanded and conceded what, when, and each casualty series.

Why a pure function: the timeline screen, ``newsdesk timeline --json/--csv`` and the tests all
need the same answer from the same inputs (articles with their dates, spans, links, parsed
figures, actor identities), so it is computed here once, from plain values, with no store and no
terminal.

``build_timeline`` gives

- ``records``: one per link, from the span it starts on: article id and date, the span's label
  and quote, the relation and its other end, the span's actor (its ``by``-style link to an actor
  span, named canonically by the ``ActorBook``), its source (a ``reported by``-style link to a
  source span, else the article's source) and, for a casualty figure, its parsed figure;
- ``series``: every casualty-figure span (linked or not) with a figure that says who and what,
  grouped by (who, what) and ordered by date; ``unplaced`` holds the figures that lack one of
  them (or failed to parse), for the analyst to fill in;
- ``contradictions``: pairs of figures of one series from different sources, dated within
  ``window_days`` of each other, whose stated numbers differ by more than ``ratio`` (the larger
  over the smaller; two ranges that overlap do not differ). Qualifiers are shown, not reasoned
  with: "at least 229" against "about 250" is flagged, and the analyst reads the hedges.

Which spans are actors and sources is said by their labels (``actor_labels``, ``source_labels``),
the schema's defaults unless a project names them otherwise. A link whose end is missing is no
record: it is reported in ``problems`` (the store never keeps one; this is a check, not a path).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotations.actors import ActorBook, actor_key
from annotations.figure_value import Figure, Unparsed
from annotations.figures import parse_figure
from annotations.links import Link
from annotations.model import Span
from reader.core.article import ArticleMeta

FIGURE_LABEL = "casualty figure"
ACTOR_LABELS = ("actor",)
SOURCE_LABELS = ("source",)
DEFAULT_WINDOW_DAYS = 31
DEFAULT_RATIO = 1.03


@dataclass(frozen=True, slots=True)
class Record:
    """One link on the timeline, from the span it starts on."""

    article_id: str
    date: str  # YYYY-MM-DD, "" when the article's date is unknown
    span_id: str
    label: str
    quote: str
    start: int
    end: int
    relation: str
    other_label: str
    other_quote: str
    actor: str  # canonical name, "" when the span is linked to no actor
    source: str  # who reports it: a linked source span, else the article's source
    figure: Figure | Unparsed | None = None
    actor_mention: str = ""  # the actor as this article writes it ("the movement"), "" with no actor

    def to_dict(self) -> dict[str, Any]:
        figure = self.figure
        return {
            "article_id": self.article_id,
            "date": self.date,
            "actor": self.actor,
            "actor_mention": self.actor_mention,
            "relation": self.relation,
            "label": self.label,
            "quote": self.quote,
            "to_label": self.other_label,
            "to_quote": self.other_quote,
            "figure": figure.to_dict() if isinstance(figure, Figure) else None,
            "figure_text": figure.describe() if figure is not None else "",
            "source": self.source,
            "span_id": self.span_id,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Point:
    """One casualty figure in its series."""

    article_id: str
    date: str
    span_id: str
    quote: str
    start: int
    end: int
    figure: Figure | Unparsed
    source: str


@dataclass(frozen=True, slots=True)
class Contradiction:
    series: tuple[str, str]  # (who, what), who case-folded
    first: Point
    second: Point
    ratio: float  # the larger stated number over the smaller, >= the threshold


@dataclass(frozen=True, slots=True)
class Timeline:
    dates: list[tuple[str, str]]  # (date, article id) for each article, dated ones first by date
    records: list[Record]
    series: dict[tuple[str, str], list[Point]]
    unplaced: list[Point]
    contradictions: list[Contradiction]
    problems: list[str] = field(default_factory=list)

    def series_name(self, key: tuple[str, str]) -> str:
        """A series as its first figure writes it ("Israelis captured"): the key is case-folded."""
        points = self.series.get(key, [])
        figure = points[0].figure if points else None
        return f"{figure.who if isinstance(figure, Figure) else key[0]} {key[1]}"

    def rows(self) -> dict[str, list[Record]]:
        """Records by actor (or, for a figure linked to no actor, by its source), in date order."""
        out: dict[str, list[Record]] = {}
        for record in self.records:
            out.setdefault(record.actor or record.source or "(no actor)", []).append(record)
        return out


def build_timeline(
    articles: Iterable[ArticleMeta],
    spans: Iterable[Span],
    links: Iterable[Link],
    figures: Mapping[str, Figure] | None = None,
    actors: ActorBook | None = None,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    ratio: float = DEFAULT_RATIO,
    actor_labels: Sequence[str] = ACTOR_LABELS,
    source_labels: Sequence[str] = SOURCE_LABELS,
    figure_label: str = FIGURE_LABEL,
) -> Timeline:
    """The timeline of ``articles`` (their dates as corrected by the caller), from their spans and links.

    ``figures`` holds the figures the analyst set or corrected, by span id; every other
    casualty-figure span is parsed from its quote.
    """
    if ratio < 1:
        raise ValueError(f"the contradiction ratio must be at least 1, got {ratio}")
    metas = {meta.id: meta for meta in articles}
    by_id = {span.id: span for span in spans if span.article_id in metas}
    links = [link for link in links if link.article_id in metas]
    actors = actors or ActorBook()
    figures = figures or {}
    dates = {article_id: _day(meta.published) for article_id, meta in metas.items()}
    problems = [
        f"link {link.id} ({link.relation}) has an end that is no span of article {link.article_id}"
        for link in links
        if link.from_span not in by_id or link.to_span not in by_id
    ]
    links = [link for link in links if link.from_span in by_id and link.to_span in by_id]
    actor_of: dict[str, str] = {}
    mention_of: dict[str, str] = {}
    source_of: dict[str, str] = {}
    for link in links:
        end = by_id[link.to_span]
        if end.label in actor_labels:
            actor_of.setdefault(link.from_span, actors.canonical(end.quote))
            mention_of.setdefault(link.from_span, " ".join(end.quote.split()))
        elif end.label in source_labels:
            source_of.setdefault(link.from_span, actors.canonical(end.quote))

    def figure_of(span: Span) -> Figure | Unparsed | None:
        if span.label != figure_label:
            return None
        return figures.get(span.id) or parse_figure(span.quote)

    def source(span: Span) -> str:
        return source_of.get(span.id) or metas[span.article_id].source

    records = []
    for link in links:
        span, other = by_id[link.from_span], by_id[link.to_span]
        records.append(
            Record(
                span.article_id,
                dates[span.article_id],
                span.id,
                span.label,
                span.quote,
                span.start,
                span.end,
                link.relation,
                other.label,
                other.quote,
                actor_of.get(span.id, ""),
                source(span),
                figure_of(span),
                mention_of.get(span.id, ""),
            )
        )
    records.sort(key=lambda r: (r.date == "", r.date, r.article_id, r.start))  # stable: links in order made
    series: dict[tuple[str, str], list[Point]] = {}
    unplaced: list[Point] = []
    for span in sorted(by_id.values(), key=lambda s: (dates[s.article_id] == "", dates[s.article_id], s.start)):
        figure = figure_of(span)
        if figure is None:
            continue
        point = Point(
            span.article_id, dates[span.article_id], span.id, span.quote, span.start, span.end, figure, source(span)
        )
        key = figure.series if isinstance(figure, Figure) else None
        if key is None:
            unplaced.append(point)
        else:
            series.setdefault(key, []).append(point)
    ordered = sorted(metas, key=lambda a: (dates[a] == "", dates[a], metas[a].title.casefold(), a))
    return Timeline(
        [(dates[a], a) for a in ordered],
        records,
        series,
        unplaced,
        contradictions(series, window_days=window_days, ratio=ratio),
        problems,
    )


def contradictions(
    series: Mapping[tuple[str, str], Sequence[Point]],
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    ratio: float = DEFAULT_RATIO,
) -> list[Contradiction]:
    """Pairs of one series' figures from different sources, within the window, apart by more than ``ratio``."""
    found = []
    for key, points in series.items():
        dated = [p for p in points if p.date and isinstance(p.figure, Figure)]
        for i, first in enumerate(dated):
            for second in dated[i + 1 :]:
                if actor_key(first.source) == actor_key(second.source):
                    continue
                if abs((_date(second.date) - _date(first.date)).days) > window_days:
                    continue
                apart = _apart(first.figure, second.figure)
                if apart > ratio:
                    found.append(Contradiction(key, first, second, apart))
    return found


def _apart(a: Figure, b: Figure) -> float:
    """How far apart two stated numbers are: the larger over the smaller; 1 when ranges overlap."""
    if a.low <= b.high and b.low <= a.high:
        return 1.0
    low, high = (a, b) if a.high < b.low else (b, a)
    return float("inf") if low.high == 0 else high.low / low.high


def _day(published: str) -> str:
    """YYYY-MM-DD of an ISO date or datetime; "" when unknown or not a date."""
    try:
        return _date(published[:10]).isoformat()
    except ValueError:
        return ""


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)
