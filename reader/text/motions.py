"""Cursor motions over article text: words, sentences and paragraphs.

Pure functions of (text, offset) so the article view, tests and any future editor share
one definition of "the sentence under the cursor" and of "a word". Offsets are code points.
The word rule (``reader.text.tokens``) and the sentence rule (``reader.text.sentences``) are
also the exporters': a word the cursor steps over is a token a CoNLL or Prodigy export writes.
"""

from __future__ import annotations

from bisect import bisect_right

from reader.text.sentences import sentence_starts
from reader.text.tokens import token_pattern


def _chunk_start(text: str, offset: int) -> int:
    """Start of the run of non-whitespace holding ``offset`` (tokens never cross whitespace)."""
    while offset > 0 and not text[offset - 1].isspace():
        offset -= 1
    return offset


def next_word_start(text: str, offset: int) -> int:
    """Start of the next word or punctuation mark (vim's ``w``)."""
    n = len(text)
    if offset >= n:
        return n
    for match in token_pattern().finditer(text, _chunk_start(text, offset)):
        if match.start() > offset:
            return match.start()
    return n


def prev_word_start(text: str, offset: int) -> int:
    """Start of the word before ``offset`` (vim's ``b``)."""
    i = min(offset, len(text)) - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i <= 0:
        return 0
    start = 0
    for match in token_pattern().finditer(text, _chunk_start(text, i)):
        if match.start() > i:
            break
        start = match.start()
    return start


def word_end(text: str, offset: int) -> int:
    """Offset of the last character of the word ending after ``offset`` (vim's ``e``)."""
    n = len(text)
    offset = max(0, offset)
    for match in token_pattern().finditer(text, _chunk_start(text, min(offset, n))):
        if match.end() - 1 > offset:
            return match.end() - 1
    return max(0, n - 1)


def word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` widened to the whole words (tokens) it touches, whitespace at its edges
    left out; unchanged when it touches no word (only spaces).

    Why: a mouse drag lands mid-word; doccano and Prodigy snap it to whole tokens, and so do
    the exporters, which would otherwise cut the span at the token."""
    first = last = None
    for match in token_pattern().finditer(text, _chunk_start(text, max(0, start))):
        if match.start() >= end:
            break
        if match.end() > start:
            first = match.start() if first is None else first
            last = match.end()
    if first is None or last is None:
        return start, end
    return first, last


def sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the sentence containing ``offset``, without surrounding whitespace."""
    offset = max(0, min(offset, len(text)))
    para_start = text.rfind("\n", 0, offset) + 1
    para_end = text.find("\n", offset)
    if para_end < 0:
        para_end = len(text)
    paragraph = text[para_start:para_end]
    starts = sentence_starts(paragraph)
    i = bisect_right(starts, offset - para_start) - 1
    end = starts[i + 1] if i + 1 < len(starts) else len(paragraph)
    return _trim(text, para_start + starts[i], para_start + end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraph_bounds(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the paragraph (text between newlines) containing ``offset``, trimmed."""
    offset = max(0, min(offset, len(text)))
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    if end < 0:
        end = len(text)
    return _trim(text, start, end)


def next_sentence_start(text: str, offset: int) -> int:
    _, end = sentence_bounds(text, offset)
    nxt = end
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    return min(nxt, len(text))


def prev_sentence_start(text: str, offset: int) -> int:
    start, _ = sentence_bounds(text, offset)
    if start < offset:
        return start
    probe = start - 1
    while probe > 0 and text[probe].isspace():
        probe -= 1
    return sentence_bounds(text, max(0, probe))[0]


def next_paragraph_start(text: str, offset: int) -> int:
    nl = text.find("\n", offset)
    while nl >= 0:
        nxt = nl + 1
        if nxt < len(text) and text[nxt] != "\n" and text[nxt:].strip():
            return nxt
        nl = text.find("\n", nxt)
    return len(text)


def prev_paragraph_start(text: str, offset: int) -> int:
    start = text.rfind("\n", 0, offset) + 1
    if start < offset:
        return start
    probe = start - 2
    while probe >= 0:
        s = text.rfind("\n", 0, probe + 1) + 1
        if text[s : probe + 1].strip():
            return s
        probe = s - 2
    return 0
