"""brat standoff: a folder of ``<name>.txt`` + ``<name>.ann`` pairs.

- ``.txt`` is the article text exactly (UTF-8, ``\\n`` line ends); brat reads it
  in Python, so offsets are code points.
- ``T<n>\\t<type> <start> <end>\\t<text>`` for each span, numbered in span order.
  brat cannot hold a line break in T text, so a span across lines is written
  as fragments ``<type> s1 e1;s2 e2`` that skip the line-break characters, and
  its text is the fragments joined by a space (brat's convention). A span that
  starts or ends with a line break cannot be carried (listed, never moved).
- ``#<n>\\tAnnotatorNotes T<n>\\t<note>`` for spans with a note (line breaks in a
  note become spaces, reported), and ``#<n>\\tAnnotatorNotes T<n>\\tnewsdesk-figure {json}``
  for a casualty figure's value (low, high, qualifier, who, what, ...), read back on import;
  ``newsdesk-actor Hamas`` the same way for the canonical name of the actor a span's text names.
- ``R<n>\\t<relation> Arg1:T<a> Arg2:T<b>`` for each link whose two ends were written;
  relation names get the same brat-legal mapping as labels ("reported by" -> "reported_by"),
  listed in ``annotation.conf`` beside the labels' and declared under ``[relations]``.
- Type names are brat-legal, ``[A-Za-z0-9_-]`` (brat renames any other and
  flags its spans as unknown): ``core.label_mapping(ascii_only=True)`` gives
  readable unique names ("casualty figure" -> "casualty_figure",
  "lieu géographique" -> "lieu_geographique", "人物" -> "label"); the mapping is
  reported, written as comments at the top of ``annotation.conf`` (which also
  declares the types and allows overlap), and read back from there on import,
  so every label comes back with its own name.
- Import (``read``): a discontinuous span (``T1 GPE 0 5;16 21``) is never
  widened. Fragments separated only by line breaks are one span (this
  exporter's own way of writing a span across lines); any other gap makes each
  fragment a span of its own, noted "fragment i/n of T1", and reported.
- File names: the article id where it is a safe name, else the id with unsafe
  characters replaced plus 8 hex digits of its SHA-1 (so names never collide).
  ``newsdesk-articles.jsonl`` maps file names back to ids, titles and status
  (brat ignores files that are not .txt/.ann/.conf).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from annotations.formats.core import (
    ExportContext,
    ExportRecord,
    check_quotes,
    dumps,
    label_mapping,
    labels_used,
    mapping_note,
    record_meta,
)
from annotations.formats.readers import (
    Candidate,
    ImportReport,
    Item,
    LinkCandidate,
    ReadOptions,
    article_from,
    corrections_from,
    metadata_problem,
    status_field,
)
from annotations.formats.relations import extras, relation_names
from annotations.model import Span
from reader.core.errors import UserError
from reader.core.regular_file import open_regular
from reader.core.wording import plural

ARTICLES_FILE = "newsdesk-articles.jsonl"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def file_stem(article_id: str, used: set[str]) -> str:
    stem = _UNSAFE.sub("_", article_id)[:100]
    if stem != article_id or stem.startswith(".") or not stem or stem.lower() in used:
        stem = f"{stem}-{hashlib.sha1(article_id.encode('utf-8')).hexdigest()[:8]}"
    used.add(stem.lower())
    return stem


# Every character Python's str.splitlines() breaks at: brat reads .ann files with
# codecs readers that split there, so none of them may appear in a T line.
LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def fragments(text: str, span: Span) -> list[tuple[int, int]]:
    """(start, end) pieces of the span that contain no line break."""
    out: list[tuple[int, int]] = []
    pos = span.start
    for m in LINE_BREAKS.finditer(text, span.start, span.end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if span.end > pos:
        out.append((pos, span.end))
    return out


CONF_FILE = "annotation.conf"
_MAPPING_HEAD = "# newsdesk label -> brat type:"
_RELATION_HEAD = "# newsdesk relation -> brat type:"
FIGURE_NOTE = "newsdesk-figure "
ACTOR_NOTE = "newsdesk-actor "  # then the canonical name of the actor the span's text names


_CONF_HEAD = "# annotation.conf written by newsdesk"


def not_replaceable(folder: Path) -> str | None:
    """Why ``--force`` may not replace ``folder`` (None: empty, or an earlier brat export of ours).

    Replacing a folder removes all of it, so only a folder holding nothing but what this
    exporter writes, with its ``annotation.conf``, is replaced: a folder of the user's own
    files (a corpus of .txt articles, say) is never taken for an export."""
    if not folder.is_dir():
        return "not a folder"
    entries = sorted(folder.iterdir())
    if not entries:
        return None
    conf = folder / CONF_FILE
    try:
        ours = conf.is_file() and conf.read_text(encoding="utf-8", errors="replace").startswith(_CONF_HEAD)
    except OSError:
        ours = False
    if not ours:
        return f"not an earlier brat export of newsdesk (no {CONF_FILE} written by it)"
    for entry in entries:
        if entry.is_dir() or not (entry.suffix in (".txt", ".ann") or entry.name in (CONF_FILE, ARTICLES_FILE)):
            return f"holds {entry.name!r}, which a brat export does not write"
    return None


def conf_text(mapping: dict[str, str], relations: dict[str, str] | None = None, schema: Any = None) -> str:
    relations = relations or {}
    lines = [_CONF_HEAD, _MAPPING_HEAD]
    lines += [f"#   {old} -> {new}" for old, new in mapping.items()]
    if relations:
        lines += [_RELATION_HEAD, *(f"#   {old} -> {new}" for old, new in relations.items())]
    declared = []
    for name, typ in relations.items():
        rel = schema.relation(name) if schema is not None else None
        ends = [
            ("|".join(mapping[x] for x in labels if x in mapping) or "<ENTITY>") if rel else "<ENTITY>"
            for labels in ((rel.sources, rel.targets) if rel else ((), ()))
        ]
        declared.append(f"{typ}\tArg1:{ends[0]}, Arg2:{ends[1]}")
    lines += [
        "",
        "[entities]",
        *sorted(mapping.values()),
        "",
        "[relations]",
        *declared,
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
        "",
        "[attributes]",
        "",
    ]
    return "\n".join(lines)


def relation_mapping(relations: list[str]) -> dict[str, str]:
    """Relation name -> a brat-legal type name ("reported by" -> "reported_by"), one to one,
    by the rule labels follow."""
    return label_mapping(relations, ascii_only=True)


def write(records: list[ExportRecord], folder: Path, ctx: ExportContext) -> None:
    mapping = label_mapping(labels_used(records), ascii_only=True)
    relations = relation_mapping(relation_names(ctx.schema, set()))
    used: set[str] = set()
    index: list[str] = []
    split_spans = flattened_notes = 0
    for rec in records:
        art = rec.article
        text = art.text
        stem = file_stem(art.id, used)
        lines: list[str] = []
        t = 0
        tids: dict[str, str] = {}  # span id -> T id, for the R lines
        written: list[Span] = []
        for span in check_quotes(rec, ctx):
            if LINE_BREAKS.match(span.quote[0]) or LINE_BREAKS.match(span.quote[-1]):
                ctx.skip(art.id, span, "starts or ends with a line break, which brat T lines cannot hold", "linebreaks")
                continue
            frags = fragments(text, span)
            t += 1
            split_spans += len(frags) > 1
            where = ";".join(f"{a} {b}" for a, b in frags)
            quote = " ".join(text[a:b] for a, b in frags)
            lines.append(f"T{t}\t{mapping[span.label]} {where}\t{quote}")
            tids[span.id] = f"T{t}"
            written.append(span)
            if span.note:
                note = LINE_BREAKS.sub(" ", span.note)
                flattened_notes += note != span.note
                lines.append(f"#{t}\tAnnotatorNotes T{t}\t{note}")
        more = extras(rec, written, ctx)
        hashes = t
        for sid, fig in more.figures.items():
            hashes += 1
            lines.append(f"#{hashes}\tAnnotatorNotes {tids[sid]}\t{FIGURE_NOTE}{dumps(fig.to_dict())}")
        for sid, name in more.actors.items():
            hashes += 1
            lines.append(f"#{hashes}\tAnnotatorNotes {tids[sid]}\t{ACTOR_NOTE}{LINE_BREAKS.sub(' ', name)}")
        for r, link in enumerate(more.links, start=1):
            if link.relation not in relations:
                relations = relation_mapping([*relations, link.relation])
            lines.append(f"R{r}\t{relations[link.relation]} Arg1:{tids[link.from_span]} Arg2:{tids[link.to_span]}")
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8", newline="")
        (folder / f"{stem}.ann").write_text("".join(line + "\n" for line in lines), encoding="utf-8", newline="")
        index.append(dumps({"file": stem, "id": art.id, **record_meta(rec)}))
        ctx.tick()
    (folder / CONF_FILE).write_text(conf_text(mapping, relations, ctx.schema), encoding="utf-8", newline="")
    (folder / ARTICLES_FILE).write_text("".join(line + "\n" for line in index), encoding="utf-8", newline="")
    note = mapping_note(
        "brat", mapping, f"brat type names are ASCII letters, digits, _ and -; the mapping is in {CONF_FILE}"
    )
    if note:
        ctx.note(note)
    note = mapping_note(
        "brat", relations, f"brat type names are ASCII letters, digits, _ and -; the mapping is in {CONF_FILE}"
    )
    if note and ctx.links:
        ctx.note(note.replace("label names", "relation names"))
    if split_spans:
        ctx.note(f"brat: {plural(split_spans, 'span')} across line breaks written as fragments")
    if flattened_notes:
        ctx.note(f"brat: {plural(flattened_notes, 'note')} with line breaks written on one line")


# -- import ------------------------------------------------------------------------------
def conf_mapping(folder: Path, head: str = _MAPPING_HEAD) -> dict[str, str]:
    """brat type -> newsdesk label (or relation, with ``_RELATION_HEAD``), from the comments
    this exporter writes in annotation.conf."""
    try:
        lines = (folder / CONF_FILE).read_bytes().decode("utf-8", "replace").split("\n")
    except OSError:
        return {}
    back: dict[str, str] = {}
    inside = False
    for line in lines:
        if line.strip() == head:
            inside = True
        elif inside and line.startswith("#   ") and " -> " in line:
            label, _, typ = line[4:].rpartition(" -> ")
            back[typ.strip()] = label
        elif inside:
            break
    return back


def read_index(path: Path, report: ImportReport) -> dict[str, tuple[int, dict[str, Any]]]:
    """newsdesk-articles.jsonl: file stem -> (line number, {id, title, status...}); bad lines are
    one line each."""
    index: dict[str, tuple[int, dict[str, Any]]] = {}
    try:
        with open_regular(path, follow_symlinks=False) as handle:
            data = handle.read()
    except OSError as err:
        report.errors.append(f"{path.name}: cannot read ({err.strerror or err})")
        return index
    for n, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as err:
            report.errors.append(f"{path.name}:{n}: not UTF-8 ({err.reason} at byte {err.start})")
            continue
        except json.JSONDecodeError as err:
            report.errors.append(f"{path.name}:{n}: not valid JSON ({err.msg})")
            continue
        if isinstance(obj, dict) and isinstance(obj.get("file"), str):
            index[obj["file"]] = (n, obj)
    return index


def _offsets(field: str) -> list[tuple[int, int]] | None:
    try:
        frags = [tuple(int(x) for x in f.split()) for f in field.split(";")]
    except ValueError:
        return None
    if any(len(f) != 2 or f[0] > f[1] for f in frags):
        return None
    return [(a, b) for a, b in frags]


_R_ARGS = re.compile(r"^(\S+) Arg1:(\S+) Arg2:(\S+)$")


def _relation(field: str) -> tuple[str, str, str] | None:
    """``by Arg1:T3 Arg2:T1`` -> (type, T3, T1); None for anything else."""
    m = _R_ARGS.match(field.strip())
    return (m.group(1), m.group(2), m.group(3)) if m else None


def _figure(raw: str, where: str, report: ImportReport) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as err:
        report.errors.append(f"{where}: figure is not valid JSON ({err.msg})")
        return None


def read(folder: Path, report: ImportReport, opts: ReadOptions) -> list[Item]:
    """Items from a brat folder; labels mapped back through annotation.conf's comments."""
    if not folder.is_dir():
        raise UserError(f"{folder}: not a folder (brat import reads a folder of .txt + .ann)")
    back = {v: k for k, v in label_mapping(opts.labels, ascii_only=True).items()}
    back.update({name: name for name in opts.labels})
    back.update(conf_mapping(folder))  # what the export really wrote wins
    rel_back = conf_mapping(folder, _RELATION_HEAD)
    idx_path = folder / ARTICLES_FILE
    index = read_index(idx_path, report) if idx_path.exists() else {}
    items: list[Item] = []
    ignored: dict[str, int] = {}
    split = 0
    for ann in sorted(folder.glob("*.ann")):
        txt = ann.with_suffix(".txt")
        try:
            # regular files only, symlinks not followed (passwd.txt -> /etc/passwd); bytes as they
            # are: offsets count \r too
            with open_regular(txt, follow_symlinks=False) as handle:
                text = handle.read().decode("utf-8")
            with open_regular(ann, follow_symlinks=False) as handle:  # CRLF lines too: a quote never holds a \r
                lines = [line.removesuffix("\r") for line in handle.read().decode("utf-8").split("\n")]
        except (OSError, UnicodeDecodeError) as err:
            report.errors.append(f"{ann.name}: cannot read it or its .txt ({err})")
            report.skipped += 1
            continue
        index_line, info = index.get(ann.stem, (0, {}))
        cands: dict[str, list[Candidate]] = {}
        links: list[LinkCandidate] = []
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{ann.name}:{n}"
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 3:
                typ, _, offs = parts[1].partition(" ")
                frags = _offsets(offs)
                if frags is None:
                    report.errors.append(f"{where}: bad offsets {offs!r}")
                    report.skipped += 1
                    continue
                joined = " ".join(text[a:b] for a, b in frags)
                if joined != "\t".join(parts[2:]):
                    report.errors.append(
                        f"{where}: text {parts[2][:40]!r} does not match the .txt at {offs} ({joined[:40]!r})"
                    )
                    report.skipped += 1
                    continue
                label = back.get(typ, typ)
                gaps = [text[b:a] for (_, b), (a, _) in zip(frags, frags[1:], strict=False)]
                if all(g and not LINE_BREAKS.sub("", g) for g in gaps):  # line breaks only, or one piece
                    cands[parts[0]] = [Candidate(where, frags[0][0], frags[-1][1], label, ref=parts[0])]
                    continue
                split += 1
                cands[parts[0]] = [
                    Candidate(where, a, b, label, note=f"fragment {i}/{len(frags)} of {parts[0]}")
                    for i, (a, b) in enumerate(frags, start=1)
                ]
                report.notes.append(
                    f"{where}: {parts[0]} is discontinuous ({offs}): imported as "
                    f"{len(frags)} spans, each noted 'fragment i/{len(frags)} of {parts[0]}'"
                )
            elif line.startswith("#") and len(parts) >= 3 and parts[1].startswith("AnnotatorNotes "):
                target = parts[1].split(" ", 1)[1]
                note = "\t".join(parts[2:])
                for cand in cands.get(target, []):
                    if note.startswith(FIGURE_NOTE):
                        cand.figure = _figure(note[len(FIGURE_NOTE) :], where, report)
                    elif note.startswith(ACTOR_NOTE):
                        cand.actor = note[len(ACTOR_NOTE) :]
                    else:
                        cand.note = f"{cand.note}; {note}" if cand.note else note
            elif line.startswith("R") and len(parts) >= 2 and (rel := _relation(parts[1])) is not None:
                typ, arg1, arg2 = rel
                links.append(LinkCandidate(where, arg1, arg2, rel_back.get(typ, typ)))
            else:
                kind = {
                    "R": "relation",
                    "E": "event",
                    "A": "attribute",
                    "M": "attribute",
                    "N": "normalisation",
                    "*": "equivalence",
                }.get(line[:1], "other line")
                ignored[kind] = ignored.get(kind, 0) + 1
        art = article_from(info.get("id") or ann.stem, text, info, "brat")
        flat = [c for group in cands.values() for c in group]
        item = Item(ann.name, art, status_field(info.get("status")), flat, links, corrections_from(info))
        problem = metadata_problem({"id": info.get("id")}, info)
        item.refused = problem and f"{ARTICLES_FILE}:{index_line}: {problem}"
        items.append(item)
    if ignored:
        parts_ = ", ".join(plural(n, kind) for kind, n in sorted(ignored.items()))
        report.notes.append(f"brat: reported, not carried: {parts_} (newsdesk imports entities and notes)")
    return items
