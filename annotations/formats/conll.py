"""CoNLL IOB2: one token a line, ``token<TAB>tag``; seqeval-valid strict IOB2.

Layout::

    -DOCSTART-<TAB>O          (before every article, then a blank line)
    <blank>
    Kyiv<TAB>B-place
    .<TAB>O
    <blank>                   (between sentences)

- Two columns separated by a tab; tokens never contain whitespace (see
  ``tokens``), so ``line.split()`` works as well as splitting on the tab.
  Article ids are not in the file: articles come in id order, as in the other
  exports, and the uncarried list names them.
- Tags are ``B-``/``I-`` plus the label with spaces normalised
  ("casualty figure" -> "casualty_figure"), so seqeval does not split it;
  the mapping is reported.
- Punctuation is split from words, and tokens are split at span boundaries,
  so every carried span is exactly its tokens (a trailing "." stays outside a
  span unless the span includes it). A sentence never breaks inside a span.
- BIO cannot nest. Overlap policy: longest span first, then earliest start
  (``core.pick_non_overlapping``); every other overlapping span is counted,
  reported and listed with the span it lost to. Spans that start or end on
  whitespace have no token boundary there and are listed too.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import IO

from annotations.formats.core import (
    ExportContext,
    ExportRecord,
    check_quotes,
    label_mapping,
    mapping_note,
    pick_non_overlapping,
)
from annotations.formats.tokens import sentence_starts, tokens

DOCSTART = "-DOCSTART-\tO\n\n"


def article_block(rec: ExportRecord, mapping: dict[str, str], ctx: ExportContext) -> str:
    art = rec.article
    text = art.text
    kept, dropped = pick_non_overlapping(check_quotes(rec, ctx))
    for span, winner in dropped:
        ctx.skip(art.id, span, f"overlaps {winner.label!r} {winner.start}-{winner.end} "
                               f"(span {winner.id}), kept by the longest-first policy", "overlap")
    cuts = [s.start for s in kept] + [s.end for s in kept]
    toks = tokens(text, cuts)
    starts = [a for a, _ in toks]
    ends = [b for _, b in toks]
    words = [text[a:b] for a, b in toks]
    tags = ["O"] * len(toks)
    inside: list[tuple[int, int]] = []
    for s in kept:
        i = bisect_left(starts, s.start)
        j = bisect_left(ends, s.end)
        if i >= len(toks) or j >= len(toks) or starts[i] != s.start or ends[j] != s.end:
            ctx.skip(art.id, s, "starts or ends on whitespace: no token boundary there", "whitespace")
            continue
        name = mapping[s.label]
        tags[i] = "B-" + name
        if j > i:
            tags[i + 1:j + 1] = ["I-" + name] * (j - i)
            inside.append((s.start, s.end))
    breaks: list[int] = []
    for b in sentence_starts(text)[1:]:
        if any(a < b < e for a, e in inside):
            continue
        k = bisect_left(starts, b)
        if 0 < k < len(toks) and (not breaks or breaks[-1] != k):
            breaks.append(k)
    if not toks:
        return DOCSTART
    lines = list(map("\t".join, zip(words, tags, strict=True)))
    parts: list[str] = []
    prev = 0
    for k in breaks:
        parts.append("\n".join(lines[prev:k]))
        prev = k
    parts.append("\n".join(lines[prev:]))
    return DOCSTART + "\n\n".join(parts) + "\n\n"


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    mapping = label_mapping(s.label for rec in records for s in rec.spans)
    for rec in records:
        out.write(article_block(rec, mapping, ctx))
        ctx.tick()
    note = mapping_note("conll", mapping)
    if note:
        ctx.note(note)
