"""``export_dataset``: filter, sort, write atomically, list what was not carried.

The one entry point the CLI and the app share. It takes plain records, or
``StoreRecords`` (a database read article by article while the format writes, so
an export's memory does not grow with the database), reports progress per article, stops cleanly when the
cancel event is set (the old output stays as it was), and returns an
``ExportReport``. Uncarried spans are listed in ``<out>.uncarried.tsv`` beside
the output, one a line, so "never dropped silently" holds even for 10,000 of them.
"""

from __future__ import annotations

import dataclasses
import importlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.actors import ActorBook
from annotations.formats.core import (
    ExportContext,
    ExportRecord,
    ExportReport,
    Progress,
    Uncarried,
    formula_safe,
    sorted_records,
    span_sort_key,
)
from annotations.formats.registry import FormatInfo, get_format, resolve_offsets
from annotations.formats.relations import relation_names
from annotations.formats.selection import selected, status_note, takes
from reader.core.atomic import atomic_dir, atomic_path, atomic_text, file_in_the_way, refuse_overwrite
from reader.core.errors import UserError
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
    schema: Any = None  # the label schema (names, keys) for label files; default: the labels used
    # A large database's blocks made by worker processes (``formats.parallel``): only for a program
    # whose main module is guarded and whose stderr is a file (the CLI), never the app (Textual holds
    # stderr, and a spawn needs its file descriptor).
    parallel: bool = False


def filter_records(records: Iterable[ExportRecord], options: ExportOptions, answers: bool = True) -> list[ExportRecord]:
    labels = set(options.labels)
    out: list[ExportRecord] = []
    for rec in records:
        if not selected(rec, options.status, answers):
            continue
        spans = rec.spans
        if labels:
            spans = tuple(s for s in spans if s.label in labels)
        if options.annotator:
            spans = tuple(s for s in spans if s.annotator == options.annotator)
        out.append(dataclasses.replace(rec, spans=spans))
    return out


@dataclass(frozen=True)
class _Statuses:
    """Each stored article's status (by id, with its text) and the labels its spans use, from
    one read of the store's summary: what a ``StoreRecords`` and its ``filtered`` copy count."""

    statuses: dict[str, str]
    labels: frozenset[str]

    @classmethod
    def read(cls, store: AnnotationStore) -> _Statuses:
        labels = frozenset(label for counts in store.label_counts().values() for label in counts)
        return cls(_statuses(store), labels)


def _statuses(store: AnnotationStore) -> dict[str, str]:
    """Article id -> status, in id order, of every article whose text is stored."""
    return {aid: store.state(aid).status for aid in store.article_ids(texts_only=True)}


class StoreRecords:
    """Every article of a database with its spans and status, read article by article.

    Why: an export's memory must not grow with the database, so the records are never
    all made at once. Each iteration opens the database read-only (in the thread that
    iterates: the app's export worker reads a consistent copy, never the app's open
    store) and yields one ``ExportRecord`` at a time, in article-id order with spans
    sorted, as ``sorted_records`` would give them. ``len`` is the number of articles
    (counted when made; ``filtered`` counts again from the same read of the summary);
    ``articles`` and ``spans`` count what the last full pass yielded.
    """

    def __init__(
        self,
        path: Path,
        options: ExportOptions | None = None,
        answers: bool = True,
        statuses: _Statuses | None = None,
    ) -> None:
        from annotations.store.database import AnnotationStore

        self.path = path
        self.options = options or ExportOptions()
        self.answers = answers  # does the format carry Prodigy's answers (see ``selection``)
        if statuses is None:
            with AnnotationStore.open(path, read_only=True) as store:
                statuses = _Statuses.read(store)
        self._statuses = statuses
        self.total = len(statuses.statuses)  # every article with its text, selected or not
        self._count = sum(1 for status in statuses.statuses.values() if self._takes(status))
        self.labels = set(statuses.labels)
        if self.options.labels:  # what --label keeps
            self.labels &= set(self.options.labels)
        self.articles = 0
        self.spans = 0

    def _takes(self, status: str) -> bool:
        """``--status`` selection on the store's status (with spans, an article is "in progress")."""
        return takes(status, self.options.status, self.answers)

    def __len__(self) -> int:
        return self._count

    def filtered(self, options: ExportOptions, answers: bool = True) -> StoreRecords:
        """These records with the filters of ``options`` applied as they are read."""
        return StoreRecords(self.path, options, answers, self._statuses)

    def selection(self) -> list[tuple[str, str]]:
        """(article id, status) of every article the filters take, in id order, read afresh
        (what ``__iter__`` walks; ``parallel`` hands them out in chunks)."""
        from annotations.store.database import AnnotationStore

        with AnnotationStore.open(self.path, read_only=True) as store:
            return self._selected(store)

    def _selected(self, store: AnnotationStore) -> list[tuple[str, str]]:
        return [(aid, status) for aid, status in _statuses(store).items() if self._takes(status)]

    def __iter__(self) -> Iterator[ExportRecord]:
        from annotations.store.database import AnnotationStore

        articles = spans_seen = 0
        with AnnotationStore.open(self.path, read_only=True) as store:
            reader = RecordReader(store, self.options)
            for aid, status in self._selected(store):
                record = reader.record(aid, status)
                if record is None:
                    continue
                articles += 1
                spans_seen += len(record.spans)
                yield record
        self.articles, self.spans = articles, spans_seen


class RecordReader:
    """One article's ``ExportRecord`` from an open store, with ``--label`` and ``--annotator``
    applied and the spans sorted: what ``StoreRecords`` yields, and what each worker of a
    parallel export makes from its own read-only open of the same database."""

    def __init__(self, store: AnnotationStore, options: ExportOptions) -> None:
        self.store = store
        self.book = store.actors()
        self.labels, self.annotator = set(options.labels), options.annotator

    def record(self, aid: str, status: str) -> ExportRecord | None:
        """None when the article's text is not stored."""
        got = self.store.record(aid)
        article, spans = got.article, got.spans
        if article is None:
            return None
        if self.labels:
            spans = [s for s in spans if s.label in self.labels]
        if self.annotator:
            spans = [s for s in spans if s.annotator == self.annotator]
        spans.sort(key=span_sort_key)
        book = self.book
        return ExportRecord(
            article,
            tuple(spans),
            status,
            tuple(got.links),
            got.figures,
            got.corrections,
            book.naming(s.quote for s in spans) if len(book) else ActorBook(),
        )


def store_records(store: AnnotationStore) -> StoreRecords:
    """Every article in the database at ``store.path``: what an export of it writes (streamed)."""
    return StoreRecords(store.path)


def refuse_unwritable(path: Path, info: FormatInfo, force: bool) -> None:
    """One line for an output path this export cannot take, before anything is read: a file where
    a folder must be on the way to it, a folder where the format writes a file or a file where it
    writes a folder (which --force does not change), or an existing output without ``force``."""
    blocker = file_in_the_way(path)
    if blocker is not None:
        problem = f"{blocker} is a file, not a folder"
    elif info.kind == "dir" and path.exists() and not path.is_dir():
        problem = f"a file, and {info.name} writes a folder"
    elif info.kind != "dir" and path.is_dir():
        problem = f"a folder, and {info.name} writes a file"
    else:
        refuse_overwrite(path, force)
        return
    raise UserError(f"{path}: {problem}; nothing written (choose another --out)")


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
    refuse_unwritable(path, info, options.force)
    module = importlib.import_module(info.module)
    check = getattr(module, "check_available", None)
    if check is not None:
        check()
    answers = "answers" in info.carries
    recs: StoreRecords | list[ExportRecord]
    if isinstance(records, StoreRecords):
        recs = records.filtered(options, answers)  # read article by article while the format writes
        everything = recs.total
    else:
        listed = sorted_records(records)
        recs, everything = filter_records(listed, options, answers), len(listed)
    if info.kind == "dir" and path.exists():  # --force: a folder is replaced only when it is an export of ours
        check = getattr(module, "not_replaceable", None)  # a folder format says which folders are its own
        why = check(path) if check is not None else "not empty" if any(path.iterdir()) else None
        if why is not None:
            raise UserError(f"{path}: {why}; left as it is, nothing written (choose another --out)")
    ctx = ExportContext(fmt, len(recs), offsets=offsets, progress=progress, cancel=cancel)
    ctx.schema = options.schema
    try:  # a full disk or a lost folder is one line; the atomic writers have removed their temp files
        if info.kind == "text":
            with atomic_text(path) as stream:
                module.write(recs, stream, ctx)
        elif info.kind == "dir":
            with atomic_dir(path) as folder:
                module.write(recs, folder, ctx)
        else:
            with atomic_path(path) as tmp:
                module.write(recs, tmp, ctx)
        sides = getattr(module, "side_files", None)
        extra = dict(ctx.extra_files)  # what the format wrote beside its output (CSV links)
        if sides is not None:
            labels = _schema_labels(options.schema, ctx.labels)
            extra.update(sides(labels, relation_names(options.schema, ctx.relations)))
        for suffix in getattr(module, "EXTRA_SUFFIXES", ()):
            if suffix not in extra:  # a file from an earlier export would now be wrong
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        if extra:
            for suffix, (text, what) in extra.items():
                side_path = path.with_name(path.name + suffix)
                with atomic_text(side_path) as stream:
                    stream.write(text)
                ctx.note(f"{fmt}: wrote {side_path}: {what}")
    except OSError as err:
        raise UserError(f"{path}: cannot write the export ({err.strerror or err}); nothing was written") from None
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
    dropped = dropped_fields(ctx, info.carries)
    if dropped:
        report.notes.append(f"{fmt}: reported, not carried: {dropped} (the format has no place for them)")
    side = path.with_name(path.name + ".uncarried.tsv")
    if ctx.uncarried:
        try:
            with atomic_text(side) as stream:
                write_uncarried(ctx.uncarried, stream)
        except OSError as err:
            raise UserError(f"{side}: cannot write the list of uncarried spans ({err.strerror or err})") from None
        report.uncarried_path = str(side)
        report.notes.insert(0, uncarried_note(fmt, ctx.uncarried, side))
    else:
        side.unlink(missing_ok=True)  # a list from an earlier export would now be wrong
    if offsets != "codepoints":
        unit = "UTF-16 code units" if offsets == "utf16" else "grapheme clusters"
        report.notes.append(f"{fmt}: offsets counted in {unit}")
    report.left_out = everything - len(recs)
    report.notes.append(status_note(options.status, report.left_out))
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


def _schema_labels(schema: Any, used: set[str]) -> list[tuple[str, str]]:
    """(name, key) of the schema's labels, then any other label the records use."""
    labels = [(lab.name, lab.key) for lab in schema] if schema is not None else []
    known = {name for name, _ in labels}
    return labels + [(name, "") for name in sorted(used - known)]


def dropped_fields(ctx: ExportContext, carries: tuple[str, ...]) -> str:
    """ "2 notes and 1 flag": what the written spans hold that the format cannot keep."""
    written = [u.span for u in ctx.uncarried if u.kind != "stale"]  # stale ones were never counted
    parts = []
    if "notes" not in carries and (n := ctx.with_note - sum(bool(s.note) for s in written)):
        parts.append(plural(n, "note"))
    if "flags" not in carries and (n := ctx.flagged - sum(s.flagged for s in written)):
        parts.append(plural(n, "flag"))
    if "links" not in carries and ctx.links:
        parts.append(plural(ctx.links, "link"))
    elif ctx.links_lost:
        parts.append(plural(ctx.links_lost, "link") + " with an end that was not carried")
    if "figures" not in carries and ctx.figures:
        parts.append(f"the values of {plural(ctx.figures, 'casualty figure')}")
    if "statuses" not in carries and ctx.statused:
        parts.append(plural(ctx.statused, "article status", "article statuses") + " (done, flagged)")
    if "corrections" not in carries and ctx.corrected:
        parts.append(plural(ctx.corrected, "article correction") + " (title, source, date)")
    if not {"actors", "actor names"} & set(carries) and ctx.actor_names:
        parts.append(plural(ctx.actor_names, "actor name"))
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


# Every character str.splitlines() breaks a line at, written as an escape so a TSV reader
# (Python's, a spreadsheet's) sees one row per span.
_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "\t": "\\t",
        "\n": "\\n",
        "\r": "\\r",
        "\x0b": "\\x0b",
        "\x0c": "\\x0c",
        "\x1c": "\\x1c",
        "\x1d": "\\x1d",
        "\x1e": "\\x1e",
        "\x85": "\\x85",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def _cell(value: str) -> str:
    return formula_safe(value.translate(_ESCAPES))


def write_uncarried(items: list[Uncarried], stream: Any) -> None:
    stream.write("article_id\tspan_id\tstart\tend\tlabel\treason\tquote\n")
    for item in items:
        s = item.span
        stream.write(
            "\t".join(
                (
                    _cell(item.article_id),
                    _cell(s.id),
                    str(s.start),
                    str(s.end),
                    _cell(s.label),
                    _cell(item.reason),
                    _cell(s.quote),
                )
            )
            + "\n"
        )
