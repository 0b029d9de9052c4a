"""``newsdesk entities FILE...``: the entities the recogniser finds, as JSONL or a table.

Offsets are Python code points into the *normalised* text (CRLF -> LF, controls ->
U+FFFD), the same text the app shows and annotations point into, so a line of output
can be checked with ``normalise_text(open(file).read())[start:end] == text``.

Markup is read as the text in it, and offsets point into that text: an RSS/Atom feed
(.xml, .rss, .atom) as its entries' titles and texts, read by the feed reader; other
.html, .htm, .xhtml or .xml files through ``reader.corpus.html_text.html_to_text``, as feed
entries' HTML is. Other files that are not text (PDF, images, archives...) are one line
each, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import os
import sys

from reader.cli.main import add_common_options
from reader.cli.output import warn
from reader.core.errors import UserError

MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".rss", ".atom")  # read as the text in them


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "entities",
        help="print the named entities found in text files",
        description="Print the entities found in each FILE. Offsets are code points into the normalised text.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="text file(s) to read (.html/.xml: the text in them)")
    p.add_argument(
        "--format",
        choices=("jsonl", "table"),
        default=None,
        help="jsonl: one JSON object per entity; table: readable (default: table on a terminal, jsonl when piped)",
    )
    add_common_options(p)
    p.set_defaults(func=run)


def read_text(path: str) -> tuple[str, str | None]:
    """The file's normalised text and a decoding warning (or None)."""
    from reader.core.regular_file import NotRegularFile, open_regular
    from reader.text.normalise import decode_bytes, is_probably_binary, normalise_text, too_large

    try:
        with open_regular(path) as handle:  # a FIFO would block for ever
            big = too_large(os.fstat(handle.fileno()).st_size, path)
            if big:
                raise UserError(f"{big}, not read")
            data = handle.read()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except NotRegularFile as err:
        if os.path.isdir(path):
            raise UserError(f"{path}: is a directory, not a text file") from None
        raise UserError(f"{path}: {err.reason}, not read") from None
    except OSError as err:
        raise UserError(f"{path}: cannot read ({err.strerror})") from None
    if is_probably_binary(data):
        kind, _ = mimetypes.guess_type(path, strict=False)  # by its name: application/pdf, image/png...
        if kind is None or kind.startswith("text/"):  # a name that says text does not describe these bytes
            kind = "binary data"
        raise UserError(f"{path}: not a text file ({kind})")
    if os.path.splitext(path)[1].lower() in MARKUP_SUFFIXES:
        text, warning = markup_text(data, path)
    else:
        text, warning = decode_bytes(data, path)
    text = normalise_text(text)
    if not text.strip():
        warning = f"{path}: empty file, no entities" if warning is None else warning
    return text, warning


def markup_text(data: bytes, path: str) -> tuple[str, str | None]:
    """The text in a feed or an HTML/XML file, and a warning (or None)."""
    from reader.corpus import feeds
    from reader.corpus.html_text import html_to_text
    from reader.text.normalise import decode_bytes

    if feeds.looks_like_feed(data):
        result = feeds.parse_feed(data, path)
        entries = ["\n\n".join(part for part in (article.title, article.text) if part) for article in result.articles]
        # how entries without a link are identified matters to an import, not here
        warnings = [line for line in result.warnings if "no id or link" not in line]
        return "\n\n".join(entries), "; ".join(warnings) or None
    text, warning = decode_bytes(data, path)
    return html_to_text(text), warning


def run(args: argparse.Namespace) -> int:
    from reader.ner.recognizer import build_recognizer

    recognizer = build_recognizer(args.ner, args.patterns)
    if args.theme:  # a theme named by mistake is reported, even when piped output has no colours
        _label_styles(args.theme)
    texts = []
    for path in args.files:  # read everything first: a bad file fails before any output
        text, warning = read_text(path)
        if warning:
            warn(warning)
        texts.append((path, text))
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "jsonl":
        out = sys.stdout
        for path, text in texts:
            for entity in recognizer.find(text):
                row = {
                    "file": path,
                    "start": entity.start,
                    "end": entity.end,
                    "label": entity.label,
                    "text": entity.text,
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    _print_table(texts, recognizer, args.theme)
    return 0


def _print_table(texts: list[tuple[str, str]], recognizer: object, theme: str | None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    rows = []
    for path, text in texts:
        for entity in recognizer.find(text):  # type: ignore[attr-defined]
            shown = entity.text.replace("\n", " ").replace("\t", " ")
            rows.append((path, str(entity.start), str(entity.end), entity.label, shown))
    plain = bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()
    if plain:  # piped: never cut a cell, however long the paths are
        widths = [
            max([len(name)] + [len(row[i]) for row in rows])
            for i, name in enumerate(("file", "start", "end", "label", "text"))
        ]
        console = Console(
            color_system=None, highlight=False, markup=False, emoji=False, width=sum(widths) + 3 * len(widths) + 4
        )
    else:
        console = Console(highlight=False, markup=False, emoji=False)
    styles = {} if plain else _label_styles(theme)
    table = Table(show_edge=False, pad_edge=False)
    for name, justify in (("file", "left"), ("start", "right"), ("end", "right"), ("label", "left"), ("text", "left")):
        table.add_column(name, justify=justify, no_wrap=name != "text")  # type: ignore[arg-type]
    for path, start, end, label, shown in rows:  # article text is data, never markup
        table.add_row(Text(path), start, end, Text(label, style=styles.get(label, "")), Text(shown))
    console.print(table)


def _label_styles(theme: str | None) -> dict[str, str]:
    """Entity colours from ``--theme`` (default: newsdesk-dark); an unknown name is one line."""
    from reader.cli.theming import theme_spec
    from reader.ner.recognizer import ENTITY_LABELS

    spec = theme_spec(theme)
    return {label: str(spec.entity_style(label)) for label in ENTITY_LABELS}
