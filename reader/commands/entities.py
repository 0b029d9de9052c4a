"""``newsdesk entities FILE...``: the entities the recogniser finds, as JSONL or a table.

Offsets are Python code points into the *normalised* text (CRLF -> LF, controls ->
U+FFFD), the same text the app shows and annotations point into, so a line of output
can be checked with ``normalise_text(open(file).read())[start:end] == text``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from reader.cli import add_common_options
from reader.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "entities", help="print the named entities found in text files",
        description="Print the entities found in each FILE. Offsets are code points into the "
        "normalised text.")
    p.add_argument("files", nargs="+", metavar="FILE", help="text file(s) to read")
    p.add_argument("--format", choices=("jsonl", "table"), default=None,
                   help="jsonl: one JSON object per entity; table: readable "
                   "(default: table on a terminal, jsonl when piped)")
    add_common_options(p)
    p.set_defaults(func=run)


def read_text(path: str) -> tuple[str, str | None]:
    """The file's normalised text and a decoding warning (or None)."""
    from reader.normalise import decode_bytes, is_probably_binary, normalise_text, too_large

    try:
        with open(path, "rb") as handle:
            big = too_large(os.fstat(handle.fileno()).st_size, path)
            if big:
                raise UserError(f"{big}, not read")
            data = handle.read()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a directory, not a text file") from None
    except OSError as err:
        raise UserError(f"{path}: cannot read ({err.strerror})") from None
    if is_probably_binary(data):
        raise UserError(f"{path}: binary file, not text")
    text, warning = decode_bytes(data, path)
    text = normalise_text(text)
    if not text.strip():
        warning = f"{path}: empty file, no entities" if warning is None else warning
    return text, warning


def run(args: argparse.Namespace) -> int:
    from reader.entities import build_recognizer

    recognizer = build_recognizer(args.ner, args.patterns)
    texts = []
    for path in args.files:  # read everything first: a bad file fails before any output
        text, warning = read_text(path)
        if warning:
            print(f"newsdesk: {warning}", file=sys.stderr)
        texts.append((path, text))
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "jsonl":
        out = sys.stdout
        for path, text in texts:
            for entity in recognizer.find(text):
                row = {"file": path, "start": entity.start, "end": entity.end,
                       "label": entity.label, "text": entity.text}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    _print_table(texts, recognizer)
    return 0


def _print_table(texts: list[tuple[str, str]], recognizer: object) -> None:
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
        widths = [max([len(name)] + [len(row[i]) for row in rows])
                  for i, name in enumerate(("file", "start", "end", "label", "text"))]
        console = Console(color_system=None, highlight=False, markup=False, emoji=False,
                          width=sum(widths) + 3 * len(widths) + 4)
    else:
        console = Console(highlight=False, markup=False, emoji=False)
    styles = {} if plain else _label_styles()
    table = Table(show_edge=False, pad_edge=False)
    for name, justify in (("file", "left"), ("start", "right"), ("end", "right"),
                          ("label", "left"), ("text", "left")):
        table.add_column(name, justify=justify, no_wrap=name != "text")  # type: ignore[arg-type]
    for path, start, end, label, shown in rows:  # article text is data, never markup
        table.add_row(Text(path), start, end, Text(label, style=styles.get(label, "")),
                      Text(shown))
    console.print(table)


def _label_styles() -> dict[str, str]:
    """Entity colours from the default theme, when the theme module can give them."""
    try:
        from reader.entities import ENTITY_LABELS
        from reader.themes import DEFAULT_THEME, load_themes

        themes, _ = load_themes()
        spec = themes[DEFAULT_THEME]
        return {label: str(spec.entity_style(label)) for label in ENTITY_LABELS}
    except Exception:  # colours are a nicety; a theme problem must not hide the entities
        return {}
