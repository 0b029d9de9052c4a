"""doccano sequence-labelling JSONL.

One article a line::

    {"text": ..., "label": [[start, end, label], ...], "article_id": ...,
     "meta": {title, source, published, url, author, status},
     "spans_text": [quote, ...]}

doccano imports ``text`` and ``label`` and keeps unknown keys as metadata, so
the file loads as is. ``spans_text`` holds each span's quote in the order of
``label``: doccano's own export carries no span text, so wrong offsets (UTF-16
versus code points) go unnoticed; with it, ``text[start:end] == spans_text[i]``
is checkable by anyone.

Offsets default to UTF-16 code units, which is what doccano's frontend counts
(doccano issue #2290); ``--offsets codepoints`` for a doccano set to count
characters as Python does.
"""

from __future__ import annotations

from typing import IO

from annotations.formats.core import ExportContext, ExportRecord, check_quotes, dumps, record_meta
from annotations.formats.offsets import OffsetMap


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    for rec in records:
        art = rec.article
        spans = check_quotes(rec, ctx)
        omap = OffsetMap(art.text) if ctx.offsets == "utf16" else None
        labels = [
            [omap.to_utf16(s.start), omap.to_utf16(s.end), s.label] if omap else [s.start, s.end, s.label]
            for s in spans
        ]
        out.write(
            dumps(
                {
                    "text": art.text,
                    "label": labels,
                    "article_id": art.id,
                    "meta": record_meta(rec),
                    "spans_text": [s.quote for s in spans],
                }
            )
            + "\n"
        )
        ctx.tick()
