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

from bisect import bisect_left, bisect_right
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

DOCSTART = "-DOCSTART-\tO\n\n"


def article_block(rec: ExportRecord, mapping: dict[str, str], ctx: ExportContext) -> str:
    """One article's lines.

    Fast path (this is the 10-million-token loop): one ``tokens.words`` call
    and one ``str.join`` for the whole article, no Python work per token. The
    text goes in with a stand-in token (" <edge> ") at every span start and end
    and another (" <break> ") at every sentence break; a stand-in between spaces
    cuts tokens there as tokenising each stretch on its own would, which is
    what splits tokens at span boundaries. The joined lines are then cut at the
    edge lines: every second piece is a span, retagged B-/I- with two string
    operations; break lines become blank lines.
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
    edge, brk = _stand_ins(text)
    # Sentence breaks, less those strictly inside a span, go in first; then the span
    # edges, each shifted by the break stand-ins before it. Both insertions are one
    # str.join over slices made in C, whatever the number of sentences.
    breaks = sentence_starts(text)[1:]  # [0] is the first sentence's start: no break
    for s in reversed(spans):
        del breaks[bisect_right(breaks, s.start):bisect_left(breaks, s.end)]
    brk_cut = " " + brk + " "
    marked = _insert(text, breaks, brk_cut)
    if spans:
        step = len(brk_cut)
        edges: list[int] = []
        for s in spans:  # no break is left inside a span: start and end shift alike
            shift = step * bisect_right(breaks, s.start)
            edges += (s.start + shift, s.end + shift)
        marked = _insert(marked, edges, " " + edge + " ")
    found = split_words(marked)
    if not found:
        return DOCSTART
    lines = ("\tO\n".join(found) + "\tO\n").split(edge + "\tO\n")
    for k, span in enumerate(spans):  # pieces 1, 3, 5...: the spans' tokens
        name = mapping[span.label]
        inside = lines[2 * k + 1].replace("\tO\n", "\tI-" + name + "\n")
        tab = inside.index("\t")
        lines[2 * k + 1] = inside[:tab] + "\tB-" + inside[tab + 3:]
    body = "".join(lines).replace(brk + "\tO\n", "\n")
    while "\n\n\n" in body:  # sentences without tokens
        body = body.replace("\n\n\n", "\n\n")
    body = body.lstrip("\n")
    if body and not body.endswith("\n\n"):
        body += "\n"
    return DOCSTART + body


# Stand-in tokens for span edges and sentence breaks: the first two not in the
# article (symbols that attach to nothing), then private-use characters.
_SENTINELS = ("\x00", "\x01", "\x02", "\x03", "\x04", "\x05", "\x06", "\x07", "\ufffe", "\uffff")


def _insert(text: str, offsets: list[int], cut: str) -> str:
    """``text`` with ``cut`` inserted at each of the sorted ``offsets``."""
    if not offsets:
        return text
    bounds = [0, *offsets, len(text)]
    return cut.join(map(text.__getitem__, map(slice, bounds, bounds[1:])))


def _stand_ins(text: str) -> tuple[str, str]:
    free = [c for c in _SENTINELS if c not in text]
    code = 0xE000
    while len(free) < 2:
        if chr(code) not in text:
            free.append(chr(code))
        code += 1
    return free[0], free[1]


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    mapping = label_mapping(s.label for rec in records for s in rec.spans)
    for rec in records:
        out.write(article_block(rec, mapping, ctx))
        ctx.tick()
    note = mapping_note("conll", mapping)
    if note:
        ctx.note(note)
