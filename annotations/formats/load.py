"""Import annotations from native JSONL, Prodigy JSONL, doccano JSONL and brat.

``import_annotations(store, path, fmt, schema)`` reads every record, checks each
span (known label, inside its text, quote equal to the text at its offsets) and
imports what is good. Each problem is one line naming the place
(``file:line: ...`` or ``name.ann:line: ...``) in ``ImportReport.errors``;
nothing bad reaches the store. Problems are per line or per span, never per file.

- native: ids, annotator, timestamps, note, flag and origin are kept, and the
  status ("done"/"flagged") is set, so export -> import into an empty database
  -> export gives the same bytes.
- prodigy / doccano / brat carry no span ids: a span gets a deterministic id
  from (article id, start, end, label), and a span whose (start, end, label)
  the article already has is skipped, so importing a file twice, or a database's
  own export back into it, adds nothing twice; annotator is the store's,
  timestamps are now. The article is
  matched to a stored article with the same text (same SHA-256) when there is
  one; otherwise its id comes from the file (meta id, article_id, brat index).
- doccano offsets: ``offsets`` if given, else the file's own ``offsets`` key, else
  detected (see ``doccano``).
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from annotations.formats.ingest import normalise_item
from annotations.formats.readers import Candidate, ImportReport, Item, ReadOptions
from annotations.formats.registry import IMPORT_FORMATS, get_format, resolve_offsets
from annotations.formats.relations import import_extras, with_span_actors
from annotations.model import ORIGIN_MANUAL, Span
from reader.core.errors import UserError
from reader.core.regular_file import open_regular, skip_reason
from reader.core.wording import plural

SETTABLE_STATUS = ("done", "flagged", "rejected", "ignored")
DERIVED_STATUS = ("todo", "in progress")  # what the store derives from the spans: nothing to set

__all__ = ["ImportReport", "import_annotations"]


def span_id(article_id: str, start: int, end: int, label: str) -> str:
    key = f"{article_id}\x00{start}\x00{end}\x00{label}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(key).hexdigest()[:32]


def _check(cand: Candidate, text: str, labels: Any) -> str | None:
    """Why the candidate cannot be imported, or None."""
    if not isinstance(cand.label, str) or not cand.label:
        return "missing label"
    if cand.label not in labels:
        return f"unknown label {cand.label!r} (not in the label schema)"
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (cand.start, cand.end)):
        return f"offsets must be integers, got {cand.start!r}..{cand.end!r}"
    if not (0 <= cand.start < cand.end <= len(text)):
        return f"span {cand.start}..{cand.end} is outside its text (0..{len(text)})"
    actual = text[cand.start : cand.end]
    if cand.quote is not None and cand.quote != actual:
        return f"quote {cand.quote[:40]!r} does not match the text {actual[:40]!r}"
    return None


def _span_id(cand: Candidate, article_id: str, native: bool) -> str:
    """The id the span is stored under: its own (native), else one made of its place and label."""
    own = cand.fields.get("id")
    return str(own) if native and own else span_id(article_id, cand.start, cand.end, cand.label)


def _spans(item: Item, cands: list[Candidate], native: bool, annotator: str, stamp: str) -> list[Span]:
    art = item.article
    out = []
    for c in cands:
        f = c.fields
        out.append(
            Span(
                id=_span_id(c, art.id, native),
                article_id=art.id,
                text_sha256=art.sha256,
                start=c.start,
                end=c.end,
                label=c.label,
                quote=art.text[c.start : c.end],
                note=c.note,
                annotator=str(f.get("annotator", annotator)) if native else str(f.get("annotator") or annotator),
                created=str(f.get("created") or stamp),
                updated=str(f.get("updated") or stamp),
                origin=str(f.get("origin") or ORIGIN_MANUAL),
                flagged=bool(f.get("flagged", False)),
            )
        )
    return out


def import_annotations(
    store: Any,
    path: str | Path,
    fmt: str,
    schema: Any,
    *,
    offsets: str | None = None,
    find_article: Callable[[str], Any] | None = None,
    library: Callable[[], Iterable[Any]] | None = None,
) -> ImportReport:
    """Load annotations from ``path`` (file, or folder for brat) into ``store``.

    ``find_article(id)`` finds an article the store does not have (the CLI looks in the
    library): CSV rows carry no article text, so they attach to articles known either way.
    ``library()`` gives those articles all, for a format matched by text (CoNLL keeps no id).
    """
    if fmt not in IMPORT_FORMATS:
        raise UserError(f"cannot import {fmt!r} annotations (choose from {', '.join(IMPORT_FORMATS)})")
    if offsets is not None:
        resolve_offsets(get_format(fmt), offsets)  # refuses units the format does not count in
    src = Path(path)
    if not src.exists():
        raise UserError(f"{src}: no such file or folder")
    if not src.is_dir():  # a FIFO or a device would make a reader wait forever
        try:
            open_regular(src).close()
        except OSError as err:
            raise UserError(f"{src}: {skip_reason(err)}") from None
    report = ImportReport()
    if src.is_file() and src.stat().st_size == 0:  # said: an empty file is often a failed save or download
        report.notes.append(f"{src}: empty file, nothing to import")
        return report
    names = [lab.name for lab in schema]
    module = importlib.import_module(get_format(fmt).module)
    check = getattr(module, "check_available", None)
    if check is not None:
        check()
    stored = store.articles

    def lookup(article_id: str) -> Any:
        return store.article(article_id) or (find_article(article_id) if find_article else None)

    def known() -> Iterable[Any]:
        yield from stored()
        if library is not None:
            yield from library()

    opts = ReadOptions(offsets, tuple(names), known, lookup)
    items = [item for item in module.read(src, report, opts) if not _refused(item, report)]
    normalised = sum(normalise_item(item) for item in items)
    if normalised:
        report.notes.append(
            f"{fmt}: {plural(normalised, 'article text')} normalised as every ingest does "
            "(CRLF and CR to LF, control characters to U+FFFD), offsets moved with it"
        )
    labels = set(names)
    by_sha = store.article_by_sha()  # text hash -> article id, without reading every article
    # What this file gave before, so that a repeat is told apart from what the database held
    # before the import ("already there"): article id -> its first place, and (article id,
    # span id) -> the place of each span imported from it.
    first_place: dict[str, str] = {}
    given: dict[tuple[str, str], str] = {}
    repeats: list[str] = []
    from annotations.store.database import now_iso  # the store's clock, so times look alike

    stamp = now_iso()
    annotator = getattr(store, "annotator", "")
    for item in items:
        art = item.article
        if not art.text:  # nothing to annotate (a failed save; text of spaces can still be a stored article)
            report.errors.append(f"{item.where}: empty text, not imported")
            report.skipped += len(item.spans)
            continue
        if fmt != "jsonl":
            known_id = by_sha.get(art.sha256)
            known = store.article(known_id) if known_id is not None else None
            if known is None and find_article is not None:  # the library's article of this id and text
                listed = find_article(art.id)  # is this one, with its title (a file may give none)
                known = listed if listed is not None and listed.text == art.text else None
            if known is not None:
                art = item.article = known
        stored = store.article(art.id)
        if stored is not None and stored.text != art.text:
            why = (
                f"has another text at {first_place[art.id]}"
                if art.id in first_place
                else "is stored with a different text"
            )
            report.errors.append(f"{item.where}: article {art.id!r} {why}; its spans were not imported")
            report.skipped += len(item.spans)
            continue
        first_place.setdefault(art.id, item.where)
        good: list[Candidate] = []
        # Without ids, a span is known by its place and label: the stored ones (a database's own
        # export read back). One this file gave before (two Prodigy sessions) is a repeat.
        seen: set[tuple[int, int, str]] = set()
        if fmt != "jsonl" and stored is not None:
            seen = {(s.start, s.end, s.label) for s in store.spans(art.id, ordered=False)}
        checked: list[Candidate] = []  # every good candidate, those already stored too (for links)
        here: dict[str, str] = {}  # span id -> its place, for this item's spans
        for cand in item.spans:
            why = _check(cand, art.text, labels)
            if why is not None:
                report.errors.append(f"{cand.where}: {why}")
                report.skipped += 1
                continue
            checked.append(cand)
            sid = _span_id(cand, art.id, fmt == "jsonl")
            first = given.get((art.id, sid)) or here.get(sid)
            if first is not None:
                repeats.append(f"{cand.where} (first at {first})")
                continue
            here[sid] = cand.where
            key = (cand.start, cand.end, cand.label)
            if fmt != "jsonl" and key in seen:
                report.already += 1
                continue
            good.append(cand)
        spans = _spans(item, good, fmt == "jsonl", annotator, stamp)
        try:
            if stored is None:
                store.remember_article(art)
                report.added.append(art)
            added = store.import_spans(art, spans)
            given.update(((art.id, sid), place) for sid, place in here.items())
            report.spans += added
            report.already += len(spans) - added  # ids the article has
            if stored is None or added:
                report.articles += 1  # a new article, or one that received spans
            if item.status in SETTABLE_STATUS and store.state(art.id).status != item.status:
                store.set_status(art.id, item.status)
            elif item.status is not None and item.status not in DERIVED_STATUS:
                known = ", ".join((*DERIVED_STATUS, *SETTABLE_STATUS))
                report.errors.append(
                    f"{item.where}: status {item.status!r} is not one of {known}; the article is imported without it"
                )
            if item.links or item.corrections or any(c.figure is not None for c in checked):
                _extras(store, schema, item, checked, report, fmt == "jsonl", annotator, stamp)
            book = with_span_actors(item, checked, report)
            if len(book):
                added_names, problems = store.import_actors(art.id, book)
                report.actor_names += added_names
                report.errors += [f"{item.where}: {problem}; kept as the database has it" for problem in problems]
        except UserError as err:
            report.errors.append(f"{item.where}: {err}")
            report.skipped += len(spans)
    if report.links or report.figures or report.corrected:
        report.notes.append(
            f"{fmt}: imported {plural(report.links, 'link')}, "
            f"{plural(report.figures, 'casualty figure')} set by hand and "
            f"{plural(report.corrected, 'article correction')}"
        )
    if report.actor_names:
        report.notes.append(f"{fmt}: added {plural(report.actor_names, 'actor name')} to the actor book")
    if repeats:
        report.duplicates = len(repeats)
        more = f", and {len(repeats) - 5} more" if len(repeats) > 5 else ""
        report.notes.append(
            f"{fmt}: {plural(len(repeats), 'span')} given again in the file, imported once: "
            f"{'; '.join(repeats[:5])}{more}"
        )
    if report.links_skipped:
        report.notes.append(f"{fmt}: {plural(report.links_skipped, 'link')} not imported (listed above)")
    report.errors.sort(key=_place)  # file order, whichever check found the problem
    return report


def _refused(item: Item, report: ImportReport) -> bool:
    """Whether the item's metadata refuses it (``Item.refused``): then said, with what it held."""
    if item.refused is None:
        return False
    held = [plural(len(things), noun) for things, noun in ((item.spans, "span"), (item.links, "link")) if things]
    what = f"the article and its {' and '.join(held)} are" if held else "the article is"
    report.errors.append(f"{item.where}: {item.refused}; {what} not imported")
    report.refused += 1
    report.skipped += len(item.spans)
    report.links_skipped += len(item.links)
    return True


def _extras(
    store: Any,
    schema: Any,
    item: Item,
    checked: list[Candidate],
    report: ImportReport,
    native: bool,
    annotator: str,
    stamp: str,
) -> None:
    """Links, figures and corrections of an item whose spans are in: file span ids -> stored ids."""
    stored = store.spans(item.article.id, ordered=False)
    ids = {s.id for s in stored}
    by_key = {(s.start, s.end, s.label): s.id for s in stored}
    refs: dict[str, str] = {}
    pairs = []
    for cand in checked:
        sid = str(cand.fields.get("id") or "") if native else by_key.get((cand.start, cand.end, cand.label), "")
        if sid not in ids:
            continue
        pairs.append((cand, sid))
        ref = cand.ref or (str(cand.fields.get("id") or "") if native else "")
        if ref:
            refs[ref] = sid
    import_extras(store, schema, item, refs, pairs, report, native=native, annotator=annotator, stamp=stamp)


_LINE = re.compile(r":(\d+):")


def _place(message: str) -> tuple[str, int]:
    m = _LINE.search(message)
    return (message[: m.start()], int(m.group(1))) if m else (message, 0)
