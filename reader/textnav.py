"""Cursor motions over article text: words, sentences and paragraphs.

Pure functions of (text, offset) so the article view, tests and any future editor share
one definition of "the sentence under the cursor". Offsets are code points.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

_WORD = re.compile(r"\w[\w'’\-]*|[^\w\s]", re.UNICODE)
# One rule for sentences, shared by the cursor (`s` selects the sentence), CoNLL sentence
# breaks and the CSV "sentence around" column: . ! ? … (then closing quotes) + whitespace +
# not a lowercase letter; CJK full stops; a newline. A '.' closing an abbreviation or an
# initial ("Mr.", "J.") ends no sentence. The pattern starts with a character class, so the
# regex engine jumps between candidates at C speed.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt st jr sr vs etc inc ltd co corp no u.s u.n e.g i.e".split()
)


_SENTENCE_END = re.compile(
    r"[.!?…。！？\n](?:(?<=[.!?…])[.!?…]*[\"'”’)\]»]*\s+(?=[^\sa-z])"
    r"|(?<=[。！？])[。！？]*[」』”’)]*\s*|(?<=\n)\s*)"
)


def words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word or punctuation mark."""
    return [m.span() for m in _WORD.finditer(text)]


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’-" or unicodedata.category(ch).startswith("M")


def next_word_start(text: str, offset: int) -> int:
    """Start of the next word or punctuation mark (vim's ``w``)."""
    n = len(text)
    i = offset
    if i >= n:
        return n
    if _is_word(text[i]):
        while i < n and _is_word(text[i]):
            i += 1
    elif not text[i].isspace():
        i += 1
    while i < n and text[i].isspace():
        i += 1
    return i


def prev_word_start(text: str, offset: int) -> int:
    """Start of the word before ``offset`` (vim's ``b``)."""
    i = min(offset, len(text)) - 1
    while i > 0 and text[i].isspace():
        i -= 1
    if i <= 0:
        return 0
    if _is_word(text[i]):
        while i > 0 and _is_word(text[i - 1]):
            i -= 1
    return i


def word_end(text: str, offset: int) -> int:
    """Offset of the last character of the word ending after ``offset`` (vim's ``e``)."""
    n = len(text)
    i = offset + 1
    while i < n and text[i].isspace():
        i += 1
    if i >= n:
        return max(0, n - 1)
    if _is_word(text[i]):
        while i + 1 < n and _is_word(text[i + 1]):
            i += 1
    return i


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    for m in _WORD.finditer(text, max(0, offset - 200), min(len(text), offset + 200)):
        if m.start() <= offset < m.end():
            return m.span()
    return None


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin (the first is always 0)."""
    starts = [0]
    n = len(text)
    abbreviations = _ABBREVIATIONS
    for m in _SENTENCE_END.finditer(text):
        dot = m.start()
        if text[dot] == ".":
            # The word before the dot (letters and inner dots, at most 5 characters back):
            # an abbreviation or an initial ("Mr.", "U.S.", "J.") ends no sentence.
            head = text[max(0, dot - 5) : dot]
            word = head.rsplit(None, 1)[-1] if head and not head[-1].isspace() else ""
            word = word.lstrip("\"'“‘([")
            if word and len(word) < 5 and (word.lower() in abbreviations or (len(word) == 1 and word.isalpha())):
                continue
        end = m.end()
        if end < n and end > starts[-1]:
            starts.append(end)
    return starts


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


def sentences(text: str) -> list[tuple[int, int]]:
    """Every sentence of ``text`` as (start, end), in order."""
    out: list[tuple[int, int]] = []
    offset = 0
    while offset < len(text):
        start, end = sentence_bounds(text, offset)
        if end > start:
            out.append((start, end))
        nxt = max(end, offset + 1)
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        offset = nxt
    return out


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
