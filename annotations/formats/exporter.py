"""``export_dataset``: filter, sort, write atomically, list what was not carried.

The one entry point the CLI and the app share. It takes plain records, or
``StoreRecords`` (a database read article by article while the format writes, so
an export's memory does not grow with the database), reports progress per article, stops cleanly when the
cancel event is set (the old output stays as it was), and returns an
``ExportReport``. Uncarried spans are listed in ``<out>.uncarried.tsv`` beside
the output, one a line, so "never dropped silently" holds even for 10,000 of them.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.formats.core import (
    ExportContext,
    ExportRecord,
    ExportReport,
    Progress,
    Uncarried,
    sorted_records,
    span_sort_key,
)
from annotations.formats.registry import get_format, resolve_offsets
from reader.core.atomic import atomic_dir, atomic_path, atomic_text, refuse_overwrite
from reader.core.wording import plural

if TYPE_CHECKING:
    from annotations.store.database import AnnotationStore


@dataclass(frozen=True)
class ExportOptions:
    """Filters and switches; empty filters keep everything."""

    labels: Sequence[str] = field(default_factory=tuple)
    annotator: str | None = None
    status: str | None = None
    offsets: str | None = None  # None = the format's default
    force: bool = False


def filter_records(records: Iterable[ExportRecord], options: ExportOptions) -> list[ExportRecord]:
    labels = set(options.labels)
    out: list[ExportRecord] = []
    for rec in records:
        if options.status and rec.status != options.status:
            continue
        spans = rec.spans
        if labels:
            spans = tuple(s for s in spans if s.label in labels)
        if options.annotator:
            spans = tuple(s for s in spans if s.annotator == options.annotator)
        out.append(ExportRecord(rec.article, spans, rec.status))
    return out


class StoreRecords:
    """Every article of a database with its spans and status, read article by article.

    Why: an export's memory must not grow with the database, so the records are never
    all made at once. Each iteration opens the database read-only (in the thread that
    iterates: the app's export worker reads a consistent copy, never the app's open
    store) and yields one ``ExportRecord`` at a time, in article-id order with spans
    sorted, as ``sorted_records`` would give them. ``len`` is the number of articles
    (counted when made); ``articles`` and ``spans`` count what the last full pass yielded.
    """

    def __init__(self, path: Path, options: ExportOptions | None = None) -> None:
        from annotations.store.database import AnnotationStore

        self.path = path
        self.options = options or ExportOptions()
        with AnnotationStore.open(path, read_only=True) as store:
            self._count = len(self._ids(store))
            self.labels = {label for counts in store.label_counts().values() for label in counts}
        self.articles = 0
        self.spans = 0

    def _ids(self, store: AnnotationStore) -> list[str]:
        status = self.options.status
        ids = store.article_ids(texts_only=True)
        return [aid for aid in ids if store.state(aid).status == status] if status else ids

    def __len__(self) -> int:
        return self._count

    def filtered(self, options: ExportOptions) -> StoreRecords:
        """These records with the filters of ``options`` applied as they are read."""
        out = StoreRecords.__new__(StoreRecords)
        out.path, out.options, out.labels, out.articles, out.spans = self.path, options, self.labels, 0, 0
        if options.status == self.options.status:
            out._count = self._count
        else:
            from annotations.store.database import AnnotationStore

            with AnnotationStore.open(self.path, read_only=True) as store:
                out._count = len(out._ids(store))
        return out

    def __iter__(self) -> Iterator[ExportRecord]:
        from annotations.store.database import AnnotationStore

        labels, annotator = set(self.options.labels), self.options.annotator
        articles = spans_seen = 0
        with AnnotationStore.open(self.path, read_only=True) as store:
            for aid in self._ids(store):
                article, spans = store.record(aid)
                if article is None:
                    continue
                if labels:
                    spans = [s for s in spans if s.label in labels]
                if annotator:
                    spans = [s for s in spans if s.annotator == annotator]
                spans.sort(key=span_sort_key)
                articles += 1
                spans_seen += len(spans)
                yield ExportRecord(article, tuple(spans), store.state(aid).status)
        self.articles, self.spans = articles, spans_seen


def store_records(store: AnnotationStore) -> StoreRecords:
    """Every article in the database at ``store.path``: what an export of it writes (streamed)."""
    return StoreRecords(store.path)


def export_dataset(
    records: Iterable[ExportRecord | Sequence[Any]],
    fmt: str,
    out: str | Path,
    *,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ExportReport:
    """Write ``records`` as ``fmt`` to ``out``; raises UserError or ExportCancelled."""
    options = options or ExportOptions()
    info = get_format(fmt)
    offsets = resolve_offsets(info, options.offsets)
    path = Path(out)
    refuse_overwrite(path, options.force)
    module = importlib.import_module(info.module)
    check = getattr(module, "check_available", None)
    if check is not None:
        check()
    recs: StoreRecords | list[ExportRecord]
    if isinstance(records, StoreRecords):
        recs = records.filtered(options)  # read article by article while the format writes
    else:
        recs = filter_records(sorted_records(records), options)
    ctx = ExportContext(fmt, len(recs), offsets=offsets, progress=progress, cancel=cancel)
    if info.kind == "text":
        with atomic_text(path) as stream:
            module.write(recs, stream, ctx)
    elif info.kind == "dir":
        with atomic_dir(path) as folder:
            module.write(recs, folder, ctx)
    else:
        with atomic_path(path) as tmp:
            module.write(recs, tmp, ctx)
    if isinstance(recs, StoreRecords):
        articles, total = recs.articles, recs.spans
    else:
        articles, total = len(recs), sum(len(r.spans) for r in recs)
    report = ExportReport(
        path=str(path),
        format=fmt,
        articles=articles,
        spans=total - len(ctx.uncarried),
        notes=list(ctx.notes),
        uncarried=list(ctx.uncarried),
    )
    side = path.with_name(path.name + ".uncarried.tsv")
    if ctx.uncarried:
        with atomic_text(side) as stream:
            write_uncarried(ctx.uncarried, stream)
        report.uncarried_path = str(side)
        report.notes.insert(0, uncarried_note(fmt, ctx.uncarried, side))
    else:
        side.unlink(missing_ok=True)  # a list from an earlier export would now be wrong
    if offsets != "codepoints":
        report.notes.append(f"{fmt}: offsets counted in UTF-16 code units")
    return report


KIND_WORDS = {
    "overlap": "overlapping (BIO/ents cannot nest)",
    "stale": "stale (quote no longer matches the text)",
    "whitespace": "starting or ending on whitespace",
    "linebreaks": "starting or ending with a line break",
    "other": "other",
}


def uncarried_note(fmt: str, items: list[Uncarried], side: Path) -> str:
    counts: dict[str, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    parts = ", ".join(f"{n} {KIND_WORDS.get(kind, kind)}" for kind, n in sorted(counts.items()))
    return f"{fmt}: {plural(len(items), 'span')} could not be carried: {parts} (listed in {side})"


def _cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def write_uncarried(items: list[Uncarried], stream: Any) -> None:
    stream.write("article_id\tspan_id\tstart\tend\tlabel\treason\tquote\n")
    for item in items:
        s = item.span
        stream.write(
            "\t".join(
                (_cell(item.article_id), _cell(s.id), str(s.start), str(s.end), _cell(s.label),
                 _cell(item.reason), _cell(s.quote))
            )
            + "\n"
        )
