"""Annotation imports normalise text as every other ingest does, and move offsets with it.

An article that arrives in an annotation file becomes a stored article, so its text must be
what a corpus would have made of it (``reader.text.normalise.normalise_text``: CRLF and lone
CR become LF, control characters U+FFFD one for one), else the same article opened as a corpus
has another text and every span on it goes stale. Only CRLF changes the length, so each
offset moves back by the CRLF pairs before it; an offset between the CR and the LF lands on
the LF. Quotes and notes are normalised alike; titles and the other one-line fields are
cleaned as a corpus cleans them (``clean_line``).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from typing import Any

from annotations.formats.readers import Item
from reader.text.normalise import clean_line, normalise_text

_CRLF = re.compile("\r\n")
TITLE_LIMIT = 120  # as reader.corpus.sources cuts titles


def _shift(offset: Any, crs: list[int]) -> Any:
    if isinstance(offset, int) and not isinstance(offset, bool):
        return offset - bisect_left(crs, offset)
    return offset  # not an offset: the checks report it as it was given


def normalise_item(item: Item) -> bool:
    """Normalise ``item``'s article and spans in place; True when its text changed."""
    art = item.article
    raw = art.text
    text = normalise_text(raw)
    fields = {key: clean_line(getattr(art, key)) for key in ("source", "published", "url", "author")}
    fields["title"] = clean_line(art.title, TITLE_LIMIT)
    changed = text != raw
    if changed or any(getattr(art, key) != value for key, value in fields.items()):
        item.article = dataclasses.replace(art, text=text, **fields)
    crs = [m.start() for m in _CRLF.finditer(raw)] if changed else []
    for cand in item.spans:
        if crs:
            cand.start, cand.end = _shift(cand.start, crs), _shift(cand.end, crs)
        if isinstance(cand.quote, str):
            cand.quote = normalise_text(cand.quote)
        if isinstance(cand.note, str) and cand.note:
            cand.note = normalise_text(cand.note)
    return changed
