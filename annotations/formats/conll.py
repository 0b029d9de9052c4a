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

import re
from bisect import bisect_left, bisect_right
from contextlib import closing
from itertools import chain, count
from pathlib import Path
from typing import IO, Any

from annotations.formats.core import (
    ExportContext,
    ExportRecord,
    check_quotes,
    label_mapping,
    labels_used,
    mapping_note,
    pick_non_overlapping,
)
from annotations.formats.parallel import article_blocks
from annotations.formats.readers import Candidate, ImportReport, Item, ReadOptions, article_from
from reader.core.errors import UserError
from reader.core.wording import plural
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
        ctx.skip(
            art.id,
            span,
            f"overlaps {winner.label!r} {winner.start}-{winner.end} "
            f"(span {winner.id}), kept by the longest-first policy",
            "overlap",
        )
    spans = []
    for s in kept:
        if text[s.start].isspace() or text[s.end - 1].isspace():
            ctx.skip(art.id, s, "starts or ends on whitespace: no token boundary there", "whitespace")
        else:
            spans.append(s)
    edge, brk = _stand_ins(text)
    # Sentence breaks, less those strictly inside a span, go in first; then the span
    # edges, each shifted by the break stand-ins before it. Both insertions are one
    # str.join over slices made in C, whatever the number of sentences.
    breaks = sentence_starts(text)[1:]  # [0] is the first sentence's start: no break
    for s in reversed(spans):
        del breaks[bisect_right(breaks, s.start) : bisect_left(breaks, s.end)]
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
            pieces[2 * k + 1] = inside[:tab] + "\tB-" + inside[tab + 3 :]
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
    mapping = label_mapping(labels_used(records))
    with closing(article_blocks(records, ctx, article_block, mapping)) as blocks:  # on every core, when large
        for block in blocks:
            out.write(block)
    note = mapping_note("conll", mapping)
    if note:
        ctx.note(note)


# -- import ------------------------------------------------------------------------------
def _documents(path: Path, report: ImportReport) -> list[tuple[str, list[list[tuple[str, str, int]]]]]:
    """(place, sentences of (token, tag, line)) per -DOCSTART- document (the whole file if none)."""
    try:
        lines = path.read_bytes().decode("utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(f"{path}: cannot read as UTF-8 CoNLL ({err})") from None
    docs: list[tuple[str, list[list[tuple[str, str, int]]]]] = []
    sentence: list[tuple[str, str, int]] = []
    for n, line in enumerate(lines, start=1):
        cols = line.split()
        if cols and cols[0] == "-DOCSTART-":
            docs.append((f"{path}:{n}", []))
            continue
        if not docs:
            docs.append((f"{path}:{n}", []))
        if not cols:
            if sentence:
                docs[-1][1].append(sentence)
            sentence = []
        elif len(cols) < 2:
            report.errors.append(f"{path}:{n}: expected a token and a tag, found {line.strip()[:40]!r}")
            report.skipped += 1
        else:
            sentence.append((cols[0], cols[-1], n))
    if sentence:
        docs[-1][1].append(sentence)
    tags = (tag for _, sents in docs for sent in sents for _, tag, _ in sent)
    if docs and not any(tag == "O" or _TAGGED.match(tag) for tag in tags):
        raise UserError(f"{path}: not CoNLL (no line ends in a tag such as O or B-label); nothing imported")
    return [(where, sents) for where, sents in docs if sents]


_TAGGED = re.compile(r"[BIESLU]-.", re.IGNORECASE)  # a BIO/IOB1/BIOES/BILOU tag


def _tagged_spans(
    tokens: list[tuple[str, str, int]], report: ImportReport, path: Path
) -> list[tuple[int, int, str, int]]:
    """(first token, last token + 1, type, line) from BIO/IOB2, IOB1 or BIOES/BILOU tags."""
    spans: list[tuple[int, int, str, int]] = []
    current: list = []  # [first, type, line]
    for i, (_tok, tag, n) in enumerate(tokens):
        prefix, dash, typ = tag.partition("-")
        if not dash:
            prefix, typ = ("O", "") if tag == "O" else ("I", tag)  # IO tags: the tag is the type
        prefix = prefix.upper()
        if prefix not in ("B", "I", "E", "L", "S", "U", "O"):
            report.errors.append(f"{path}:{n}: tag {tag!r} is not B-, I-, E-, S- or O (read as O)")
            prefix = "O"
        if current and (prefix in ("B", "S", "U", "O") or typ != current[1]):
            spans.append((current[0], i, current[1], current[2]))
            current = []
        if prefix != "O" and not current:
            current = [i, typ, n]
        if prefix in ("E", "L", "S", "U") and current:
            spans.append((current[0], i + 1, current[1], current[2]))
            current = []
    if current:
        spans.append((current[0], len(tokens), current[1], current[2]))
    return spans


def read(path: Path, report: ImportReport, opts: ReadOptions) -> list[Item]:
    """Documents matched to known articles by their non-space characters, else rebuilt.

    Tokens never hold whitespace and cover every other character, so a document whose tokens
    joined equal an article's text without whitespace is that article, and every token finds
    its exact offsets in it. Any other document becomes an article whose text is its tokens
    joined by spaces, one sentence a line (reported): CoNLL does not keep the spacing.
    A document with no entity is a reviewed negative: its article is marked done.
    """
    back = {v: k for k, v in label_mapping(opts.labels, ascii_only=True).items()}  # as brat writes them
    back.update({v: k for k, v in label_mapping(opts.labels).items()})  # as this exporter writes them
    back.update({name: name for name in opts.labels})
    index: dict[str, Any] | None = None
    items: list[Item] = []
    rebuilt = 0
    for where, sentences in _documents(path, report):
        tokens = [t for s in sentences for t in s]
        if index is None:
            index = {"".join(a.text.split()): a for a in opts.articles()}
        article = index.get("".join(t[0] for t in tokens))
        if article is not None:
            text, pos, offsets = article.text, 0, []
            for tok, _tag, _n in tokens:
                pos = text.index(tok, pos)
                offsets.append((pos, pos + len(tok)))
                pos += len(tok)
        else:
            rebuilt += 1
            offsets, pieces, pos = [], [], 0
            for s, sentence in enumerate(sentences):
                for k, (tok, _tag, _n) in enumerate(sentence):
                    pos += 1 if (k or s) else 0  # the space before a token, or the line break
                    offsets.append((pos, pos + len(tok)))
                    pos += len(tok)
                pieces.append(" ".join(t[0] for t in sentence))
            text = "\n".join(pieces)
            article = article_from(None, text, {}, "conll")
        cands = [
            Candidate(f"{path}:{n}", offsets[a][0], offsets[b - 1][1], back.get(typ, typ))
            for a, b, typ, n in _tagged_spans(tokens, report, path)
        ]
        items.append(Item(where, article, None if cands else "done", cands))  # all O: a reviewed negative
    if rebuilt:
        report.notes.append(
            f"conll: {plural(rebuilt, 'document')} matched no known article: the text is rebuilt "
            "from the tokens (spaces between tokens, a line per sentence)"
        )
    return items
