"""Label Studio JSON tasks (a JSON list) with ``labels`` results.

Each task::

    {"data": {"text", "article_id", "title", "source", "published", "url", "author", "status"},
     "annotations": [{"result": [
         {"id": <span id>, "from_name": "label", "to_name": "text", "type": "labels",
          "origin": "manual",
          "value": {"start", "end", "text": <quote>, "labels": [<label>]},
          "meta": {"text": [<note>]}   # only when the span has a note
         }, ...]}]}

No top-level task ``id``: Label Studio assigns its own on import; the article id
travels in ``data.article_id``. Tasks without spans carry no annotation unless
the article is marked done (then an empty one: "looked at, nothing to tag").
The project's labelling config must name ``<Labels name="label" toName="text">``
and ``<Text name="text" value="$text"/>``.

Offsets: code points by default (Label Studio stores code points since its emoji
fix); ``--offsets utf16`` for older releases or other JavaScript consumers.
The quote (``value.text``) is always written, so either choice is checkable.
"""

from __future__ import annotations

from typing import IO, Any

from annotations.formats.core import ExportContext, ExportRecord, check_quotes, dumps, record_meta
from annotations.formats.offsets import OffsetMap


def task(rec: ExportRecord, ctx: ExportContext) -> dict[str, Any]:
    art = rec.article
    spans = check_quotes(rec, ctx)
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
        results.append(item)
    data = {"text": art.text, "article_id": art.id, **record_meta(rec)}
    annotations = [{"result": results}] if results or rec.status == "done" else []
    return {"data": data, "annotations": annotations}


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    out.write("[")
    for i, rec in enumerate(records):
        out.write(("\n" if i == 0 else ",\n") + dumps(task(rec, ctx)))
        ctx.tick()
    out.write("\n]\n")
