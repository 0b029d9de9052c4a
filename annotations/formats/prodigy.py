"""Prodigy task JSONL: text, tokens, spans with token indices, answer "accept".

One task a line, keys in this order::

    {"text", "meta": {"id", "title", "source", "published", "url", "author", "status"},
     "_input_hash", "_task_hash",
     "tokens": [{"text", "start", "end", "id", "ws"}],
     "spans": [{"start", "end", "token_start", "token_end", "label"}],
     "answer": "accept"}

Tokens come from ``reader.text.tokens`` split at every span boundary, so
each span covers whole tokens (``token_end`` is inclusive, as in Prodigy).
Offsets are code points (Prodigy is Python).

Hashes are deterministic signed 32-bit integers (Prodigy's own are too, but it
derives them with murmurhash over its task JSON): ``_input_hash`` is the first
four bytes (big-endian, signed) of SHA-256 over the UTF-8 text;
``_task_hash`` the same over ``"<input_hash>|<start>:<end>:<label>|..."`` of
the sorted spans. Same text, same input hash; same spans, same task hash.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from typing import IO

from annotations.formats.core import ExportContext, ExportRecord, check_quotes, dumps, record_meta
from reader.text.tokens import tokens as tokenize


def hash32(data: str) -> int:
    digest = hashlib.sha256(data.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    for rec in records:
        art = rec.article
        text = art.text
        spans = check_quotes(rec, ctx)
        cuts = [s.start for s in spans] + [s.end for s in spans]
        toks = tokenize(text, cuts)
        starts = [a for a, _ in toks]
        ends = [b for _, b in toks]
        n = len(text)
        token_dicts = [
            {"text": text[a:b], "start": a, "end": b, "id": i, "ws": b < n and text[b].isspace()}
            for i, (a, b) in enumerate(toks)
        ]
        span_dicts = []
        for s in spans:
            first = bisect_left(starts, s.start)
            last = bisect_left(ends, s.end)
            if first >= len(toks) or last >= len(toks) or starts[first] != s.start or ends[last] != s.end:
                # a span made only of whitespace has no token to point at
                ctx.skip(art.id, s, "starts or ends on whitespace: no token boundary there",
                         "whitespace")
                continue
            span_dicts.append(
                {"start": s.start, "end": s.end, "token_start": first, "token_end": last,
                 "label": s.label}
            )
        input_hash = hash32(text)
        task_key = "|".join(
            [str(input_hash)] + [f"{d['start']}:{d['end']}:{d['label']}" for d in span_dicts]
        )
        out.write(
            dumps(
                {
                    "text": text,
                    "meta": {"id": art.id, **record_meta(rec)},
                    "_input_hash": input_hash,
                    "_task_hash": hash32(task_key),
                    "tokens": token_dicts,
                    "spans": span_dicts,
                    "answer": "accept",
                }
            )
            + "\n"
        )
        ctx.tick()
