"""``newsdesk import SOURCE [--into CORPUS]``: add articles to a library (the work is in
:mod:`reader.corpus.importing`), or with ``--format`` annotations to the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.formats.registry import IMPORT_FORMATS
from reader.cli.output import say, warn, warn_each
from reader.core import paths
from reader.core.errors import UserError
from reader.core.wording import plural
from reader.corpus.importing import add_articles, import_articles, import_tally, lines_with_spans, refuse_unwritable

if TYPE_CHECKING:
    from annotations.formats.readers import ImportReport


def library_lookup(corpus: str | None):
    """An article by id from CORPUS (default: the seeds and the library), read once, when first asked."""
    found: dict[str, object] = {}

    def find(article_id: str):
        if "corpus" not in found:
            from reader.corpus.loader import CorpusLoader

            try:
                found["corpus"] = CorpusLoader(corpus).corpus()
            except UserError:
                found["corpus"] = None
        loaded = found["corpus"]
        return loaded.load(article_id) if loaded is not None and article_id in loaded else None

    return find


def library_articles(corpus: str | None):
    """Every article of CORPUS (default: the seeds and the library), text included, as a generator
    (asked for only by a format matched by text: CoNLL)."""

    def articles():
        from reader.corpus.loader import CorpusLoader

        try:
            loaded = CorpusLoader(corpus).corpus()
        except UserError:
            return
        for meta in loaded.metas:
            yield loaded.load(meta.id)

    return articles


def register(subparsers: argparse._SubParsersAction) -> None:
    from reader.cli.main import add_common_options

    parser = subparsers.add_parser(
        "import",
        help="import articles (feed, folder, JSONL) or annotations (--format)",
        description="Import articles from an RSS/Atom feed (file or URL), a folder of .txt/.md "
        "files or a JSONL file into a corpus; or, with --format, annotations into the database.",
    )
    parser.add_argument("source", metavar="SOURCE", help="feed file or URL, folder, or JSONL file")
    parser.add_argument(
        "--into",
        metavar="CORPUS",
        help="corpus folder or .jsonl file to add articles to (default: your library, shown beside the seeds)",
    )
    parser.add_argument(
        "--format",
        choices=("native", *IMPORT_FORMATS),  # native: jsonl's other name
        help="import annotations in this format instead of articles",
    )
    parser.add_argument(
        "--offsets",
        choices=("codepoints", "utf16", "graphemes"),
        help="how the annotation file counts offsets (default: its format's usual)",
    )
    add_common_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.format:
        return import_annotation_file(args)
    target = Path(args.into).expanduser() if args.into else paths.library_dir()
    shown_progress = sys.stderr.isatty()

    def progress(count: int) -> None:
        if shown_progress and count % 500 == 0:
            print(f"\rimporting: {plural(count, 'article')} read", end="", file=sys.stderr, flush=True)

    source = Path(args.source).expanduser()
    with_spans = lines_with_spans(source) if source.suffix.lower() == ".jsonl" and source.is_file() else 0
    counts = import_articles(args.source, target, on_progress=progress)
    if shown_progress:
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)
    warn_each(counts.warnings)
    shown = args.into or str(target)
    say(f"imported {plural(counts.new, 'new article')} from {args.source} into {shown} ({import_tally(counts)})")
    if with_spans:
        verb = "carries" if with_spans == 1 else "carry"
        warn(
            f"{args.source}: {plural(with_spans, 'line')} {verb} annotations, which an article import "
            f"leaves out; to import them too: newsdesk import {args.source} --format native (or prodigy, doccano...)"
        )
    return 0


def import_annotation_file(args: argparse.Namespace) -> int:
    """``--format``: hand the file to the formats importer and report what it did.

    Exit status 1 when something was skipped (each reason is one line on stderr).
    """
    from annotations.formats.load import import_annotations
    from annotations.schema import load_schema
    from annotations.store.database import AnnotationStore

    if args.read_only:
        raise UserError("--read-only: 'import --format' writes spans into the database; leave --read-only out")
    fmt = "jsonl" if args.format == "native" else args.format
    schema = load_schema(args.labels)
    db = Path(args.db).expanduser() if args.db else paths.default_db_path()
    library = Path(args.into).expanduser() if args.into else paths.library_dir()
    refuse_unwritable(library)  # the articles go there after the spans: said before a span is stored
    find = library_lookup(args.into)
    store = AnnotationStore.open(db, annotator=args.annotator or "", offer_read_only=False, notice=warn)
    try:
        report = import_annotations(
            store,
            Path(args.source),
            fmt,
            schema,
            offsets=args.offsets,
            find_article=find,
            library=library_articles(args.into),
        )
    finally:
        store.close()
    if report.added:  # so the library lists the articles the spans are on (those it does not hold yet)
        listed = add_articles([a for a in report.added if find(a.id) is None], library)
        if listed:
            where = args.into or library
            report.notes.append(f"{plural(listed, 'article')} added to {where} so the library lists them")
    warn_each(report.errors)  # first: a note may count them ("3 links not imported (listed above)")
    for line in report.notes:
        warn(line)
    say(
        f"imported {plural(report.spans, 'span')} on {plural(report.articles, 'article')} from {args.source} "
        f"into {db} ({annotation_tally(report)})"
    )
    return 1 if report.errors else 0


def annotation_tally(report: ImportReport) -> str:
    """What an annotation import did not add: spans the database held before it, spans the file
    gives twice (only when there are some) and spans skipped, each counted once; and articles
    refused for their metadata (only when there are some)."""
    repeated = f"{plural(report.duplicates, 'duplicate span')} in the file, " if report.duplicates else ""
    refused = f", {plural(report.refused, 'article')} refused" if report.refused else ""
    return f"{report.already:,} already there, {repeated}{report.skipped:,} skipped{refused}"
