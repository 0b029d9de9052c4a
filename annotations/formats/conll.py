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
from annotations.model import Span

DOCSTART = "-DOCSTART-\tO\n\n"


def article_block(rec: ExportRecord, mapping: dict[str, str], ctx: ExportContext) -> str:
    """One article's lines.

    Fast path (this is the 10-million-token loop): the text is cut into
    stretches between carried spans; each stretch is cut into words with
    ``tokens.words`` (``str.split`` plus the token regex only where a chunk has
    punctuation) and joined with its tag in one ``str.join``, sentence breaks
    riding along as stand-in tokens. Tokenising each span and each stretch on
    its own is what splits tokens at span boundaries.
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
    breaks = [b for b in sentence_starts(text)[1:] if not _inside(spans, starts, b)]
    mark = next(c for c in _SENTINELS if c not in text)
    tagged_mark = mark + "\tO\n"
    parts: list[str] = []
    pos = 0
    for span in spans:
        _outside(text, pos, span.start, breaks, mark, parts)
        name = mapping[span.label]
        found = split_words(span.quote)
        parts.append(found[0] + "\tB-" + name + "\n")
        if len(found) > 1:
            inside = "\tI-" + name + "\n"
            parts.append(inside.join(found[1:]) + inside)
        pos = span.end
    _outside(text, pos, len(text), breaks, mark, parts)
    body = "".join(parts).replace(tagged_mark, "\n")
    while "\n\n\n" in body:  # sentences without tokens
        body = body.replace("\n\n\n", "\n\n")
    body = body.lstrip("\n")
    if body and not body.endswith("\n\n"):
        body += "\n"
    return DOCSTART + body


# Stand-in tokens for sentence breaks: the first not in the article is used.
_SENTINELS = ("\x00", "\x01", "\x02", "\x03", "\x04", "\x05", "\x06", "\x07", "\ufffe", "\uffff")


def _inside(spans: list[Span], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` falls strictly inside one of the (non-overlapping) spans."""
    i = bisect_right(starts, offset) - 1
    return i >= 0 and spans[i].start < offset < spans[i].end


def _outside(text: str, start: int, end: int, breaks: list[int], mark: str,
             parts: list[str]) -> None:
    """Tokens of text[start:end] tagged O, a stand-in token at each sentence break.

    One ``words`` call and one join for the whole stretch between two spans,
    however many sentences it holds: the stand-ins become blank lines after.
    """
    lo, hi = bisect_left(breaks, start), bisect_right(breaks, end)
    if lo == hi:
        found = split_words(text[start:end])
    else:
        cuts = [start, *breaks[lo:hi], end]
        pieces = (text[a:b] for a, b in zip(cuts, cuts[1:], strict=False))
        found = split_words((" " + mark + " ").join(pieces))
    if found:
        parts.append("\tO\n".join(found) + "\tO\n")


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    mapping = label_mapping(s.label for rec in records for s in rec.spans)
    for rec in records:
        out.write(article_block(rec, mapping, ctx))
        ctx.tick()
    note = mapping_note("conll", mapping)
    if note:
        ctx.note(note)
