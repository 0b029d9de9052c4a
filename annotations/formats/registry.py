"""Which formats exist, what they write, and which offsets their consumers count.

Modules are imported only when their format is used (spaCy is heavy and
optional). Each module has ``write(records, target, ctx)``: ``target`` is a
text stream for ``kind == "text"``, a folder for ``"dir"``, a file path for
``"binary"``.

Offsets: the first entry of ``offsets`` is the default. Only formats whose
main consumer is JavaScript offer ``utf16``:
- doccano counts UTF-16 code units (its frontend; doccano issue #2290), so its
  default is ``utf16``, or grapheme clusters when a project counts them as one
  character (``graphemes``);
- Label Studio stores code points since its emoji fix (label-studio-frontend
  #308; label-studio #4988 shows exported offsets in code points while the view
  is off), so its default is ``codepoints``; ``--offsets utf16`` is for older
  Label Studio releases and other JavaScript tools reading the same tasks.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.errors import UserError


@dataclass(frozen=True, slots=True)
class FormatInfo:
    name: str
    module: str
    kind: str  # "text" | "dir" | "binary"
    default_out: str
    description: str
    offsets: tuple[str, ...] = ("codepoints",)
    importable: bool = False  # ``newsdesk import --format`` reads it back (annotations.formats.load)
    # what it keeps beyond place and label: "statuses" (an article's done, flagged), "notes",
    # "flags", "answers", and (issue 17) "links", "figures" (casualty figures' values),
    # "corrections" (title, source, date as corrected),
    # "actors" (the actor book: each actor span's canonical name, and the names it goes by),
    # "actor names" (each span's canonical actor name only: the book's entries the spans use)
    carries: tuple[str, ...] = ()


FORMATS: dict[str, FormatInfo] = {
    info.name: info
    for info in (
        FormatInfo(
            "jsonl",
            "annotations.formats.native",
            "text",
            "newsdesk-export.jsonl",
            "native JSONL: one article a line with text, meta and spans",
            importable=True,
            carries=("statuses", "notes", "flags", "answers", "links", "figures", "corrections", "actors"),
        ),
        FormatInfo(
            "prodigy",
            "annotations.formats.prodigy",
            "text",
            "newsdesk-prodigy.jsonl",
            "Prodigy task JSONL with tokens and spans",
            importable=True,
            carries=("statuses", "answers", "links", "figures", "corrections", "actor names"),
        ),
        FormatInfo(
            "doccano",
            "annotations.formats.doccano",
            "text",
            "newsdesk-doccano.jsonl",
            "doccano sequence-labelling JSONL",
            offsets=("utf16", "graphemes", "codepoints"),
            importable=True,
            carries=("statuses", "links", "figures", "corrections", "actor names"),
        ),
        FormatInfo(
            "brat",
            "annotations.formats.brat",
            "dir",
            "newsdesk-brat",
            "brat standoff folder: .txt + .ann pairs and annotation.conf",
            importable=True,
            carries=("statuses", "notes", "links", "figures", "corrections", "actor names"),
        ),
        FormatInfo(
            "labelstudio",
            "annotations.formats.labelstudio",
            "text",
            "newsdesk-labelstudio.json",
            "Label Studio JSON tasks with labels results",
            offsets=("codepoints", "utf16"),
            carries=("statuses", "notes", "links", "figures", "corrections", "actor names"),
            importable=True,
        ),
        FormatInfo(
            "conll",
            "annotations.formats.conll",
            "text",
            "newsdesk.conll",
            "CoNLL IOB2: token<TAB>tag, blank line between sentences",
            importable=True,
        ),
        FormatInfo(
            "csv",
            "annotations.formats.csvrows",
            "text",
            "newsdesk-spans.csv",
            "CSV, one span a row with its sentence",
            carries=("notes", "links", "figures", "corrections", "actor names"),
            importable=True,
        ),
        FormatInfo(
            "spacy",
            "annotations.formats.spacydocs",
            "binary",
            "newsdesk.spacy",
            "spaCy DocBin: doc.spans['sc'] and doc.ents",
            importable=True,
            carries=("statuses", "links", "figures", "corrections", "actor names"),
        ),
    )
}

IMPORT_FORMATS = tuple(name for name, info in FORMATS.items() if info.importable)


def get_format(name: str) -> FormatInfo:
    try:
        return FORMATS[name]
    except KeyError:
        raise UserError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})") from None


def resolve_offsets(info: FormatInfo, offsets: str | None) -> str:
    if offsets is None:
        return info.offsets[0]
    if offsets not in info.offsets:
        raise UserError(
            f"--offsets {offsets} is not offered for {info.name} (its consumer counts {' or '.join(info.offsets)})"
        )
    return offsets
