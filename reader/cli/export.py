"""``newsdesk export``: write the labelled dataset in the format the next tool wants.

Thin glue: reads (article, spans, status) records from the annotation database,
hands them to ``annotations.formats.export_dataset`` and prints where it wrote,
how much, and what the format could not carry.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from annotations.formats import FORMATS, ExportOptions, ExportRecord, ExportReport, export_dataset
from annotations.formats.exporter import StoreRecords, refuse_unwritable
from annotations.formats.registry import get_format
from annotations.formats.selection import OPENED_ONLY, STATUS_CHOICES, unopened_note
from reader.cli.database_path import database_to_read
from reader.cli.main import add_common_options
from reader.cli.output import say
from reader.core.errors import UserError
from reader.core.wording import plural
from reader.text.normalise import terminal_safe

EPILOG = """\
formats:
  jsonl        native JSONL, one article a line (text, meta, spans); Hugging Face datasets
  prodigy      Prodigy task JSONL (tokens, spans with token indices, answer "accept")
  doccano      doccano sequence-labelling JSONL ("label": [[start, end, label], ...])
  brat         folder of .txt + .ann pairs with annotation.conf
  labelstudio  Label Studio JSON tasks with "labels" results
  conll        CoNLL IOB2, token<TAB>tag, -DOCSTART- between articles
  csv          one span a row with its sentence (UTF-8, no BOM)
  spacy        spaCy DocBin (.spacy); needs: pip install 'newsdesk[spacy]'

offsets:
  newsdesk counts offsets in Unicode code points, as Python does. JavaScript
  tools count UTF-16 code units, where an emoji or rare CJK character counts 2.
  doccano counts UTF-16 units, so its export defaults to utf16. Label Studio
  (1.4 and later) stores code points, so its default is codepoints; use
  --offsets utf16 for older Label Studio releases or when a JavaScript program
  slices the text with the offsets. Other formats are read by Python tools and
  are always code points. Every JSON export also carries each span's text, so
  a wrong choice is noticed, never silent.

--annotator NAME keeps only that annotator's spans. Overlapping spans that
CoNLL (BIO) cannot carry are listed in OUT.uncarried.tsv, never dropped silently.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export the labelled dataset",
        description="Export annotated articles as a dataset file or folder.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--format", "-f", required=True, choices=list(FORMATS), metavar="FORMAT", help="one of: " + ", ".join(FORMATS)
    )
    parser.add_argument(
        "--out", "-o", metavar="PATH", help="output file or folder (default: named after the format, here)"
    )
    parser.add_argument(
        "--label", action="append", default=[], metavar="LABEL", help="export only this label (repeatable)"
    )
    parser.add_argument(
        "--status",
        choices=STATUS_CHOICES,
        help="which articles: annotated (the default: with spans, or marked done or flagged), all, "
        "or one status (e.g. done)",
    )
    parser.add_argument(
        "--offsets",
        choices=("codepoints", "utf16", "graphemes"),
        help="offset units for labelstudio/doccano (see below)",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing output")
    add_common_options(parser)
    parser.set_defaults(func=run)


def stream_records(db: str | None) -> StoreRecords:
    """The database's records, read article by article as the export writes them."""
    return StoreRecords(database_to_read(db))


def load_records(db: str | None) -> tuple[list[ExportRecord], set[str]]:
    """Every article's (article, spans, status) record, read from the database at ``db``, in a list
    (the export streams them instead: ``stream_records``; this is for in-process benches and tests).
    """
    records = list(stream_records(db))
    labels = {s.label for rec in records for s in rec.spans}
    return records, labels


def run(args: argparse.Namespace) -> int:
    info = get_format(args.format)
    if args.out == "-":
        return _to_stdout(args, info)
    out = Path(args.out) if args.out else Path.cwd() / info.default_out
    refuse_unwritable(out, info, args.force)  # before the database is read
    report = _export(args, out, force=args.force)
    say(f"wrote {report.path}: {plural(report.articles, 'article')}, {plural(report.spans, 'span')} ({args.format})")
    for note in report.notes:
        say(note)
    if (unopened := _unopened(args)) is not None:
        say(unopened)
    return 0


def _unopened(args: argparse.Namespace) -> str | None:
    """For ``--status all`` or ``todo``: how many articles of the seeds and library the database
    does not hold (never opened or annotated), so not exported; None for other statuses or none.

    Why: "all" reads as every article, and the export sees only the database."""
    if args.status not in OPENED_ONLY:
        return None
    from annotations.store.database import AnnotationStore
    from reader.corpus.loader import open_corpus

    try:
        corpus = open_corpus(None)
        with AnnotationStore.open(stream_records(args.db).path, read_only=True) as store:
            stored = set(store.article_ids(texts_only=True))
    except UserError:  # the export is written; a corpus that cannot be read only loses this count
        return None
    unopened = sum(1 for meta in corpus.metas if meta.id not in stored)
    return unopened_note(unopened, corpus.name) if unopened else None


def _export(args: argparse.Namespace, out: Path, *, force: bool) -> ExportReport:
    from annotations.schema import load_schema

    schema = load_schema(args.labels)  # a --labels file given by mistake is reported, never ignored
    records = stream_records(args.db)
    if args.label:
        known = records.labels | set(schema.names)
        for label in args.label:
            if label not in known:
                raise UserError(f"--label {label!r}: no such label (known: {', '.join(sorted(known))})")
    options = ExportOptions(
        labels=tuple(args.label),
        annotator=args.annotator,
        status=args.status,
        offsets=args.offsets,
        force=force,
        schema=schema,
        parallel=True,  # a large database on every core: a command's stderr is a file, its main guarded
    )
    return export_dataset(records, args.format, out, options=options)


def _to_stdout(args: argparse.Namespace, info) -> int:
    """``--out -``: a text format to standard output; the report goes to stderr and names no file.

    The export is written to a temporary file first (atomically, as any export) and copied
    out when it is complete, so a failed export writes nothing to standard output.
    """
    import shutil
    import sys
    import tempfile

    if info.kind != "text":
        raise UserError(
            f"--out -: {info.name} writes a {'folder' if info.kind == 'dir' else 'binary file'}; give a path"
        )
    with tempfile.TemporaryDirectory(prefix="newsdesk-export-") as tmp:
        report = _export(args, Path(tmp) / info.default_out, force=True)
        with open(report.path, "rb") as handle:
            shutil.copyfileobj(handle, sys.stdout.buffer)
        sys.stdout.flush()
    print(
        f"wrote to standard output: {plural(report.articles, 'article')}, {plural(report.spans, 'span')} "
        f"({args.format})",
        file=sys.stderr,
    )
    for note in report.notes:
        if report.uncarried_path:  # the list beside a temporary file is gone with it
            note = note.replace(f"(listed in {report.uncarried_path})", "(give --out PATH to get their list)")
        if f": wrote {report.path}." in note:  # so are the project files written beside it
            note = note.split(": wrote ")[0] + ": give --out PATH to get " + note.rsplit(": ", 1)[-1].split(" (")[0]
        print(terminal_safe(note), file=sys.stderr)
    if (unopened := _unopened(args)) is not None:
        print(terminal_safe(unopened), file=sys.stderr)
    return 0
