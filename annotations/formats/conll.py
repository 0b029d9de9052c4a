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

from bisect import bisect_right
from typing import IO

from annotations.formats.core import (
    ExportContext,
    ExportRecord,
    check_quotes,
    label_mapping,
    mapping_note,
    pick_non_overlapping,
)
from annotations.formats.tokens import sentence_starts
from annotations.formats.tokens import words as split_words
from annotations.model import Span

DOCSTART = "-DOCSTART-\tO\n\n"


def article_block(rec: ExportRecord, mapping: dict[str, str], ctx: ExportContext) -> str:
    """One article's lines.

    Fast path (this is the 10-million-token loop): the text is cut into
    segments at carried span edges and sentence starts; each segment is cut
    into words with ``tokens.words`` (``str.split`` plus the token regex only
    where a chunk has punctuation) and joined with its tag in one ``str.join``.
    Tokenising a segment on its own is what splits tokens at span boundaries.
    """
    art = rec.article
    text = art.text
    kept, dropped = pick_non_overlapping(check_quotes(rec, ctx))
    for span, winner in dropped:
        ctx.skip(art.id, span, f"overlaps {winner.label!r} {winner.start}-{winner.end} "
                               f"(span {winner.id}), kept by the longest-first policy", "overlap")
    spans = []
    for s in kept:
        if text[s.start].isspace() or text[s.end - 1].isspace():
            ctx.skip(art.id, s, "starts or ends on whitespace: no token boundary there",
                     "whitespace")
        else:
            spans.append(s)
    starts = [s.start for s in spans]
    # events: (offset, order, span or None); order puts a span's end before a break there
    events: list[tuple[int, int, Span | None]] = []
    for b in sentence_starts(text)[1:]:
        i = bisect_right(starts, b) - 1
        if i < 0 or not (spans[i].start < b < spans[i].end):
            events.append((b, 0, None))
    events += [(s.start, 1, s) for s in spans]
    events.sort(key=lambda e: (e[0], e[1]))
    parts: list[str] = []
    pos = 0
    fresh = True  # nothing written in the current sentence yet
    for offset, _order, span in events:
        if offset > pos:
            words = split_words(text[pos:offset])
            if words:
                parts.append("\tO\n".join(words) + "\tO\n")
                fresh = False
        pos = max(pos, offset)
        if span is None:
            if not fresh:
                parts.append("\n")
                fresh = True
            continue
        name = mapping[span.label]
        words = split_words(span.quote)
        parts.append(words[0] + "\tB-" + name + "\n")
        if len(words) > 1:
            inside = "\tI-" + name + "\n"
            parts.append(inside.join(words[1:]) + inside)
        fresh = False
        pos = span.end
    words = split_words(text[pos:])
    if words:
        parts.append("\tO\n".join(words) + "\tO\n")
        fresh = False
    if not fresh:
        parts.append("\n")
    return DOCSTART + "".join(parts)


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    mapping = label_mapping(s.label for rec in records for s in rec.spans)
    for rec in records:
        out.write(article_block(rec, mapping, ctx))
        ctx.tick()
    note = mapping_note("conll", mapping)
    if note:
        ctx.note(note)
