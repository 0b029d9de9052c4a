"""Label Studio JSON tasks (a JSON list) with ``labels`` results.

Each task::

    {"data": {"text", "article_id", "title", "source", "published", "url", "author", "status"},
     "annotations": [{"result": [
         {"id": <span id>, "from_name": "label", "to_name": "text", "type": "labels",
          "origin": "manual",
          "value": {"start", "end", "text": <quote>, "labels": [<label>]},
          "meta": {"text": [<note>], "figure": {...}}  # a note, a casualty figure's value
         },
         {"type": "relation", "from_id": <span id>, "to_id": <span id>,
          "direction": "right", "labels": [<relation>]}, ...]}]}

Each task has an integer ``id`` (1, 2, ... in article order) as Label Studio's own exports
do, so the Label Studio converter (and anything keyed by task id) reads the file; the
article id travels in ``data.article_id``. Tasks without spans carry no annotation unless
the article is marked done (then an empty one: "looked at, nothing to tag").
The export also writes ``<out>.config.xml``, the project's labelling config
(``<View><Labels name="label" toName="text"><Label value=.../>...</Labels>
<Text name="text" value="$text"/><Relations><Relation value=.../></Relations></View>``) for
the schema's labels, with each label's key as its hotkey, and its relations.

Offsets: code points by default (Label Studio stores code points since its emoji
fix); ``--offsets utf16`` for older releases or other JavaScript consumers.
The quote (``value.text``) is always written, so either choice is checkable.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from annotations.formats.core import ExportContext, ExportRecord, check_quotes, dumps, record_meta
from annotations.formats.offsets import OffsetMap, Units, choose_units, detected_note, to_codepoints
from annotations.formats.readers import (
    Candidate,
    ImportReport,
    Item,
    LinkCandidate,
    ReadOptions,
    article_from,
    corrections_from,
    metadata_problem,
    read_lines,
    status_field,
    str_field,
)
from annotations.formats.relations import extras
from reader.core.article import id_problem
from reader.core.errors import UserError
from reader.core.wording import plural


def side_files(labels: list[tuple[str, str]], relations: list[str] = ()) -> dict[str, tuple[str, str]]:
    """The labelling config for the project the tasks are imported into."""
    from xml.etree import ElementTree as ET

    view = ET.Element("View")
    group = ET.SubElement(view, "Labels", name="label", toName="text")
    for name, key in labels:
        attrs = {"value": name, **({"hotkey": key} if key else {})}
        ET.SubElement(group, "Label", attrs)
    ET.SubElement(view, "Text", name="text", value="$text")
    if relations:
        group = ET.SubElement(view, "Relations")
        for name in relations:
            ET.SubElement(group, "Relation", value=name)
    ET.indent(view)
    config = ET.tostring(view, encoding="unicode") + "\n"
    return {".config.xml": (config, "the labelling config (Settings > Labeling Interface > Code)")}


def task(rec: ExportRecord, ctx: ExportContext, number: int = 1) -> dict[str, Any]:
    art = rec.article
    spans = check_quotes(rec, ctx)
    more = extras(rec, spans, ctx)
    omap = OffsetMap(art.text)
    results = []
    for s in spans:
        item: dict[str, Any] = {
            "id": s.id,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "origin": "manual",
            "value": {
                "start": omap.convert(s.start, ctx.offsets),
                "end": omap.convert(s.end, ctx.offsets),
                "text": s.quote,
                "labels": [s.label],
            },
        }
        if s.note:
            item["meta"] = {"text": [s.note]}
        if s.id in more.figures:
            item.setdefault("meta", {})["figure"] = more.figures[s.id].to_dict()
        if s.id in more.actors:
            item.setdefault("meta", {})["actor"] = more.actors[s.id]
        results.append(item)
    for link in more.links:
        results.append(
            {
                "from_id": link.from_span,
                "to_id": link.to_span,
                "type": "relation",
                "direction": "right",
                "labels": [link.relation],
            }
        )
    data = {"text": art.text, "article_id": art.id, **record_meta(rec)}
    annotations = [{"result": results}] if results or rec.status == "done" else []
    return {"id": number, "data": data, "annotations": annotations}


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    out.write("[")
    for i, rec in enumerate(records):
        out.write(("\n" if i == 0 else ",\n") + dumps(task(rec, ctx, i + 1)))
        ctx.tick()
    out.write("\n]\n")


# -- import ------------------------------------------------------------------------------
def _tasks(path: Path, report: ImportReport) -> list[tuple[str, dict[str, Any]]]:
    """(place, task) for a JSON list of tasks, one task object, or JSONL of tasks."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(f"{path}: cannot read as UTF-8 JSON ({err})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return [(w, o) for w, o in read_lines(path, report, need_text=False)]  # JSONL
    tasks = data if isinstance(data, list) else [data]
    out = []
    seen: set[str] = set()  # task names given so far: a repeated id is told apart by its place
    for n, obj in enumerate(tasks, start=1):
        own = obj.get("id") if isinstance(obj, dict) else None  # an id of the wrong type is named by place
        name = f"task {n if own is None or id_problem('id', own) else own}"
        where = f"{path}: {name}" if name not in seen else f"{path}: {name} (item {n} of the list)"
        seen.add(name)
        if isinstance(obj, dict):
            out.append((where, obj))
        else:
            report.errors.append(f"{where}: expected a task object")
            report.skipped += 1
    return out


def _annotator(ann: dict[str, Any]) -> str:
    who = ann.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("username") or who.get("id")
    return "" if who is None else f"labelstudio:{who}"


DETECTED = ("codepoints", "utf16")  # the units a task may count in, Label Studio's own first


def read(path: Path, report: ImportReport, opts: ReadOptions) -> list[Item]:
    """Tasks with ``labels`` results, from every annotator; other result types are reported.

    Offsets are ``--offsets``, else detected per task as doccano's are (code points, what Label
    Studio stores, unless the spans fit their quotes only as UTF-16 units: an export of ours
    with ``--offsets utf16``, or an older Label Studio)."""
    items: list[Item] = []
    other: dict[str, int] = {}
    chosen: dict[str, int] = {}
    cancelled = predictions = 0
    for where, task in _tasks(path, report):
        data = task.get("data") if isinstance(task.get("data"), dict) else task
        text = data.get("text")
        if not isinstance(text, str):
            report.errors.append(f"{where}: no data.text (a string)")
            report.skipped += 1
            continue
        labelled: list[tuple[str, dict[str, Any], dict[str, Any], str]] = []  # (place, result, value, annotator)
        cands: list[Candidate] = []
        links: list[LinkCandidate] = []
        reviewed = False
        predictions += len(task.get("predictions") or [])
        for a, ann in enumerate(task.get("annotations") or [], start=1):
            if not isinstance(ann, dict):
                continue
            if ann.get("was_cancelled"):
                cancelled += 1
                continue
            reviewed = True
            who = _annotator(ann)
            for r, res in enumerate(ann.get("result") or [], start=1):
                here = f"{where}: annotation {a}: result {r}"
                value = res.get("value") if isinstance(res, dict) else None
                kind = res.get("type", "?") if isinstance(res, dict) else "?"
                if kind == "relation":
                    # "left" points the other way; "bi" has no direction a link can keep: read as written
                    ends = (
                        (res.get("to_id"), res.get("from_id"))
                        if res.get("direction") == "left"
                        else (res.get("from_id"), res.get("to_id"))
                    )
                    if not res.get("labels"):  # a link needs its relation: Label Studio's may have none
                        other["unlabelled relation"] = other.get("unlabelled relation", 0) + 1
                    for rel in res.get("labels") or []:
                        links.append(LinkCandidate(here, str_field(ends[0]), str_field(ends[1]), rel))
                    continue
                if kind not in ("labels", "hypertextlabels") or not isinstance(value, dict):
                    other[str(kind)] = other.get(str(kind), 0) + 1
                    continue
                labelled.append((here, res, value, who))
        quotes = [v.get("text") if isinstance(v.get("text"), str) else None for _, _, v, _ in labelled]
        raw = [(v.get("start"), v.get("end")) for _, _, v, _ in labelled]
        units = Units(text)
        unit = opts.offsets or choose_units(text, raw, quotes, units, DETECTED)
        if unit is None:
            unit = DETECTED[0]
        elif not opts.offsets:
            chosen[unit] = chosen.get(unit, 0) + 1
        for (here, res, value, who), (start, end), quote in zip(
            labelled, to_codepoints(raw, units, unit), quotes, strict=True
        ):
            if start is None and value.get("start") is not None:  # no such place in those units
                report.errors.append(
                    f"{here}: offsets {value.get('start')}..{value.get('end')} do not fall between {unit} "
                    "characters of the text (try --offsets utf16 or codepoints)"
                )
                report.skipped += 1
                continue
            meta = res.get("meta") if isinstance(res.get("meta"), dict) else {}
            note = meta.get("text")
            note = "\n".join(x for x in note if isinstance(x, str)) if isinstance(note, list) else ""
            for label in value.get("labels") or [None]:
                cands.append(
                    Candidate(
                        here,
                        start,
                        end,
                        label,
                        quote,
                        note,
                        {"annotator": who} if who else {},
                        ref=str_field(res.get("id")),
                        figure=meta.get("figure"),
                        actor=meta.get("actor"),
                    )
                )
        art_id = data.get("article_id") or (f"labelstudio-{task['id']}" if task.get("id") is not None else "")
        status = status_field(data.get("status")) or ("done" if reviewed else None)
        art = article_from(art_id, text, data, "labelstudio")
        item = Item(where, art, status, cands, links, corrections_from(data))
        inner = "data." if data is not task else ""
        ids = {f"{inner}article_id": data.get("article_id"), "id": task.get("id")}
        item.refused = metadata_problem(ids, data, inner)
        items.append(item)
    if chosen:
        report.notes.append(detected_note("labelstudio", chosen, "task"))
    if other:
        kinds = ", ".join(plural(n, f"{kind} result") for kind, n in sorted(other.items()))
        report.notes.append(
            f"labelstudio: reported, not carried: {kinds} (newsdesk imports labels and labelled relation results)"
        )
    if cancelled:
        report.notes.append(f"labelstudio: {plural(cancelled, 'cancelled (skipped) annotation')} not imported")
    if predictions:
        report.notes.append(f"labelstudio: {plural(predictions, 'prediction')} not imported (only annotations)")
    return items
