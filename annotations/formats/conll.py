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
from itertools import chain, count
from typing import IO

from annotations.formats.core import (
    ExportContext,
    ExportRecord,
    check_quotes,
    label_mapping,
    mapping_note,
    pick_non_overlapping,
)
from reader.text.sentences import sentence_starts
from reader.text.tokens import spaced as token_boundaries_spaced
from reader.text.tokens import words as split_words

DOCSTART = "-DOCSTART-\tO\n\n"


def article_block(rec: ExportRecord, mapping: dict[str, str], ctx: ExportContext) -> str:
    """One article's lines.

    This is the 10-million-token loop, so nothing in it runs per token; the
    work per article is a few C passes over its text, plus a little per span.
    The text gets a stand-in token (" <edge> ") at every span start and end and
    another (" <break> ") at every sentence break; a stand-in between spaces
    cuts tokens there just as tokenising each stretch on its own would, which
    is what splits tokens at span boundaries. ``tokens.spaced`` turns every
    token boundary into a space; splitting at the break stand-in gives the
    sentences, and ``str.split`` plus ``str.join`` (mapped in C) their
    ``token<TAB>O`` lines. Cutting that at the edge stand-ins leaves every
    second piece a span, retagged B-/I- with two string operations.
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
    spaced = _spaced(marked)
    # One sentence a piece; empty ones vanish (so no blank line doubles or leads).
    body = "\tO\n\n".join(map("\tO\n".join, filter(None, map(str.split, spaced.split(brk)))))
    if not body:
        return DOCSTART
    body += "\tO\n\n"
    if spans:
        # "E\tO\n" lines split the body: pieces 1, 3, 5... are the spans' tokens. Every
        # piece after the first starts with the "\tO\n" of the edge line before it.
        pieces = body.split(edge)
        for k, span in enumerate(spans):
            name = mapping[span.label]
            inside = pieces[2 * k + 1][3:].replace("\tO\n", "\tI-" + name + "\n")
            tab = inside.index("\t")
            pieces[2 * k + 1] = inside[:tab] + "\tB-" + inside[tab + 3:]
            pieces[2 * k + 2] = pieces[2 * k + 2][3:]
        body = "".join(pieces)
    return DOCSTART + body


def _spaced(text: str) -> str:
    """``text`` with every token boundary a space (see ``tokens.spaced``)."""
    spaced = token_boundaries_spaced(text)
    if spaced is None:  # marks, ZWJ or astral characters: the full pattern
        spaced = " ".join(split_words(text))
    return spaced


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
    """Two characters not in ``text``: the span-edge and sentence-break stand-ins."""
    free = (c for c in chain(_SENTINELS, map(chr, count(0xE000))) if c not in text)
    return next(free), next(free)


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    mapping = label_mapping(s.label for rec in records for s in rec.spans)
    for rec in records:
        out.write(article_block(rec, mapping, ctx))
        ctx.tick()
    note = mapping_note("conll", mapping)
    if note:
        ctx.note(note)
