"""What every exporter shares: the record it reads, the context it reports to.

Exporters are pure functions over ``ExportRecord`` (an article, its spans, its
review status), so they can be tested and benchmarked without a database. They
never drop a span silently: whatever a format cannot carry goes to
``ExportContext.uncarried`` with the reason, and the caller lists it.
"""

from __future__ import annotations

import dataclasses
import json
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

import msgspec

from annotations.actors import ActorBook
from annotations.figure_value import Figure
from annotations.formats.spanfigures import FIGURE_LABEL
from annotations.links import Link
from annotations.model import Span
from reader.core.article import Article

Progress = Callable[[int, int], None]


class ExportCancelled(Exception):
    """Raised inside an exporter when the caller's cancel event is set."""


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """One article with the spans to export, sorted, its review status, and what issue 17 adds:
    the links between its spans, the figures the analyst set (by span id) and the corrections
    of its title, source and date; and the actor book's entries for the actors its spans name."""

    article: Article
    spans: tuple[Span, ...]
    status: str = "todo"
    links: tuple[Link, ...] = ()
    figures: dict[str, Figure] = field(default_factory=dict)
    corrections: dict[str, str] = field(default_factory=dict)
    actors: ActorBook = field(default_factory=ActorBook)  # the database's actors its spans name


@dataclass(frozen=True, slots=True)
class Uncarried:
    """A span a format could not carry, and why (listed beside the export)."""

    article_id: str
    span: Span
    reason: str
    kind: str = "other"  # overlap | stale | whitespace | linebreaks | other


@dataclass
class ExportReport:
    """What an export wrote: where, how much, and what it could not carry."""

    path: str
    format: str
    articles: int
    spans: int
    notes: list[str] = field(default_factory=list)
    uncarried: list[Uncarried] = field(default_factory=list)
    uncarried_path: str = ""
    left_out: int = 0  # articles the selection (``--status``) did not take; the last note says so


# (start, end, label, id), built in C: called for every span of every export.
span_sort_key: Callable[[Span], tuple[int, int, str, str]] = attrgetter("start", "end", "label", "id")


def as_record(item: ExportRecord | Sequence[Any]) -> ExportRecord:
    """Accept ``ExportRecord`` or ``(article, spans[, status])`` tuples."""
    if isinstance(item, ExportRecord):
        return dataclasses.replace(item, spans=tuple(sorted(item.spans, key=span_sort_key)))
    article, spans, *rest = item
    # no status given: derive it as the store does ("in progress" once tagged)
    status = (rest[0] if rest else "") or ("in progress" if spans else "todo")
    return ExportRecord(article, tuple(sorted(spans, key=span_sort_key)), status)


def record_meta(record: ExportRecord) -> dict[str, str]:
    """The article's metadata and status as the JSON formats carry them (the importers read them back).

    Corrected title, source and date are the values; the article's own ones are kept under
    ``original`` (null when nothing was corrected), so an import restores both."""
    art = record.article
    meta: dict[str, Any] = {
        "title": record.corrections.get("title", art.title),
        "source": record.corrections.get("source", art.source),
        "published": record.corrections.get("published", art.published),
        "url": art.url,
        "author": art.author,
        "status": record.status,
    }
    meta["original"] = {key: getattr(art, key) for key in sorted(record.corrections)} if record.corrections else None
    return meta


def sorted_records(items: Iterable[ExportRecord | Sequence[Any]]) -> list[ExportRecord]:
    """Deterministic order: articles by id, spans by (start, end, label, id)."""
    return sorted((as_record(item) for item in items), key=lambda rec: rec.article.id)


class ExportContext:
    """Collects notes and uncarried spans; reports progress; honours cancel."""

    def __init__(
        self,
        fmt: str,
        total: int,
        *,
        offsets: str = "codepoints",
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.fmt = fmt
        self.total = total
        self.offsets = offsets
        self.progress = progress
        self.cancel = cancel
        self.done = 0
        self.notes: list[str] = []
        self.uncarried: list[Uncarried] = []
        # What the spans that passed ``check_quotes`` hold (for label files and the report of
        # fields a format drops), counted as the records stream by, never by a second pass.
        self.labels: set[str] = set()
        self.with_note = 0
        self.flagged = 0
        # What issue 17 adds, counted as written (links with both ends written, figures of
        # written spans, articles with corrections): reported where a format cannot keep them.
        self.links = 0
        self.links_lost = 0  # links with an end the format could not carry
        self.figures = 0
        self.corrected = 0
        self.statused = 0  # articles marked done or flagged, with spans
        self.actor_names = 0  # written spans whose actor has a canonical name in the actor book
        self.relations: set[str] = set()  # the relations of the links written
        self.extra_files: dict[str, tuple[str, str]] = {}  # suffix -> (text, what): files beside the output
        self.schema: Any = None  # the label schema, when the caller has one (relation names for label files)
        self._every = max(1, total // 200)

    def tick(self) -> None:
        """Call once per article: reports progress, raises if cancelled."""
        self.done += 1
        if self.cancel is not None and self.cancel.is_set():
            raise ExportCancelled(f"{self.fmt} export cancelled")
        if self.progress is not None and (self.done % self._every == 0 or self.done == self.total):
            self.progress(self.done, self.total)

    def skip(self, article_id: str, span: Span, reason: str, kind: str = "other") -> None:
        self.uncarried.append(Uncarried(article_id, span, reason, kind))

    def note(self, line: str) -> None:
        self.notes.append(line)

    # What ``absorb`` adds up: every count above that the records' spans make.
    _COUNTS = ("with_note", "flagged", "links", "links_lost", "figures", "corrected", "statused", "actor_names")

    def absorb(self, part: ExportContext) -> None:
        """Add what ``part`` collected over some articles (a worker of a parallel export),
        as if those articles had been written with this context: its uncarried spans and
        notes after the ones here, its counts and label sets added. Progress is not in it."""
        self.uncarried += part.uncarried
        self.notes += part.notes
        for name in self._COUNTS:
            setattr(self, name, getattr(self, name) + getattr(part, name))
        self.labels |= part.labels
        self.relations |= part.relations
        self.extra_files.update(part.extra_files)


def check_quotes(record: ExportRecord, ctx: ExportContext) -> list[Span]:
    """The spans whose quote still matches the text; stale ones are reported."""
    text = record.article.text
    good: list[Span] = []
    for span in record.spans:
        if span.end > len(text) or text[span.start : span.end] != span.quote:
            ctx.skip(record.article.id, span, "stale: quote does not match the article text", "stale")
        else:
            good.append(span)
    ctx.links += len(record.links)
    ctx.corrected += bool(record.corrections)
    ctx.statused += bool(good) and record.status in ("done", "flagged")  # with spans: "in progress" once read back
    if len(record.actors):
        ctx.actor_names += sum(record.actors.resolve(s.quote) is not None for s in good)
    # (each casualty figure's value, parsed or set; only reported by the formats that cannot carry it)
    ctx.figures += sum(s.label == FIGURE_LABEL or s.id in record.figures for s in good)
    ctx.labels.update(map(_label, good))
    ctx.with_note += sum(map(bool, map(_note, good)))
    ctx.flagged += sum(map(_flagged, good))
    return good


_label, _note, _flagged = attrgetter("label"), attrgetter("note"), attrgetter("flagged")


def pick_non_overlapping(spans: Sequence[Span]) -> tuple[list[Span], list[tuple[Span, Span]]]:
    """Overlap policy for formats that cannot nest (BIO, doc.ents).

    Longest span first; among equal lengths the earliest start, then label, then
    id. A span overlapping one already kept is returned with that span.
    Returns (kept sorted by position, [(dropped, the kept span it overlaps)]).
    """
    by_position = sorted(spans, key=span_sort_key)
    end = -1
    for span in by_position:  # the usual case, no overlap at all: nothing to choose
        if span.start < end:
            break
        end = span.end
    else:
        return by_position, []
    order = sorted(spans, key=lambda s: (s.start - s.end, s.start, s.label, s.id))
    kept: list[Span] = []
    dropped: list[tuple[Span, Span]] = []
    for span in order:
        clash = next((k for k in kept if k.start < span.end and span.start < k.end), None)
        if clash is None:
            kept.append(span)
        else:
            dropped.append((span, clash))
    kept.sort(key=span_sort_key)
    return kept, dropped


_SAFE_LABEL = re.compile(r"[^\w\-]+")
_ASCII_LABEL = re.compile(r"[^A-Za-z0-9_-]+")


def labels_used(records: Iterable[ExportRecord]) -> Iterable[str]:
    """The labels the records' spans carry. Streamed store records know theirs from the
    store's summary, so a writer that needs them first does not read the database twice."""
    known = getattr(records, "labels", None)
    if known is not None:
        return sorted(known)
    return (s.label for rec in records for s in rec.spans)


def label_mapping(labels: Iterable[str], *, ascii_only: bool = False) -> dict[str, str]:
    """Label -> a name without spaces or punctuation (CoNLL tags; brat types with ``ascii_only``).

    Runs of anything but letters, digits, '_' and '-' become '_'
    ("casualty figure" -> "casualty_figure"). ``ascii_only`` (brat's rule for type names:
    ``[A-Za-z0-9_-]``) also drops accents ("lieu géographique" -> "lieu_geographique"),
    and a label with no ASCII letter or digit left becomes ``label``. Two labels that would
    collide get a numeric suffix, so the mapping stays one to one and reversible.
    """
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for label in sorted(set(labels)):
        if ascii_only:
            bare = "".join(c for c in unicodedata.normalize("NFKD", label) if not unicodedata.combining(c))
            base = _ASCII_LABEL.sub("_", bare).strip("_") or "label"
        else:
            base = _SAFE_LABEL.sub("_", label).strip("_") or "label"
        name, n = base, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name)
        mapping[label] = name
    return mapping


def mapping_note(fmt: str, mapping: dict[str, str], rule: str = "no spaces allowed") -> str | None:
    changed = [f"{old} -> {new}" for old, new in mapping.items() if old != new]
    if not changed:
        return None
    return f"{fmt}: label names changed ({rule}): " + ", ".join(changed)


# Characters that str.splitlines() (and older JavaScript parsers) take for line ends: escaped in
# JSON output, so a JSONL record stays on one line for every reader.
_LINE_SEPARATORS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


_encode = msgspec.json.Encoder().encode


def dumps(value: Any) -> str:
    """Compact, deterministic JSON: UTF-8 text as is except line separators, '/' not escaped.

    msgspec writes what ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` writes for the
    values exports hold (strings, whole numbers, booleans, null, lists, objects), in less time:
    the JSON formats encode every article's text. (Not for floats: it writes 1e16 where json
    writes 1e+16.) A string with a lone surrogate, which UTF-8 cannot hold, goes through json
    so that it fails where it always did, at the write."""
    try:
        out = _encode(value).decode("utf-8")
    except UnicodeEncodeError:
        out = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return out.translate(_LINE_SEPARATORS) if not out.isascii() else out


# What a spreadsheet runs as a formula when a cell starts with it (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(cell: str) -> str:
    """A text cell a spreadsheet shows as text: a leading ' before =, +, -, @, tab or CR (OWASP)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
