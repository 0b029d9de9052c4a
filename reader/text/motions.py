"""Cursor motions over article text: words, sentences and paragraphs.

Pure functions of (text, offset) so the article view, tests and any future editor share
one definition of "the sentence under the cursor" and of "a word". Offsets are code points.
The word rule (``token_pattern``) and the sentence rule (``sentence_starts``) are also the
exporters' (``annotations.formats.tokens``): a word the cursor steps over is a token a
CoNLL or Prodigy export writes.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache


def char_ranges(codepoints: list[int]) -> str:
    """A regex character class body for sorted code points, as ranges."""
    out: list[str] = []
    i = 0
    while i < len(codepoints):
        j = i
        while j + 1 < len(codepoints) and codepoints[j + 1] == codepoints[j] + 1:
            j += 1
        lo, hi = codepoints[i], codepoints[j]
        out.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
        i = j + 1
    return "".join(out)


@cache
def mark_points() -> list[int]:
    """Combining marks and other attached modifiers, sorted code points."""
    points = [
        cp
        for cp in (*range(0x300, 0x20000), *range(0xE0000, 0xE0200))
        if unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me")
    ]
    points += [0x200C, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)]
    return sorted(set(points))


@cache
def token_pattern() -> re.Pattern[str]:
    """The one definition of a word (token) for the cursor and the exporters.

    Whitespace is never part of a token. A word is letters/digits with their combining
    marks, joined across ".", ",", ":" between digits ("7,300", "1.4", "10:30") and across
    "'", "’", "-" between word characters ("don't", "al-Qassam", "48-hour"). Any other
    symbol is a token of its own, with its marks and ZWJ sequences ("👩🏽‍🚒"); a pair of
    regional indicators (a flag) is one token.
    """
    m = f"[{char_ranges(mark_points())}]"
    # annotations.formats.tokens._joiner_subs restates the joiner rule for its fast path;
    # keep the two in step (test_fast_words_equal_the_token_pattern fails when they differ).
    word = rf"\w+(?:{m}+\w*|(?<=\d)[.,:](?=\d)\w+|['’\-](?=\w)\w+)*"
    flag = "[\U0001f1e6-\U0001f1ff]{2}"
    symbol = rf"[^\w\s]{m}*(?:\u200d[^\w\s]{m}*)*"
    return re.compile(f"{word}|{flag}|{symbol}")

# One rule for sentences, shared by the cursor (`s` selects the sentence), CoNLL sentence
# breaks and the CSV "sentence around" column. A sentence ends at . ! ? … followed by more
# of them, closing quotes, whitespace and a character that is not a lowercase letter; at a
# CJK full stop (closing quotes and whitespace after it go with it); at a newline (with the
# whitespace after it). The next sentence starts after all that. A '.' closing an
# abbreviation or an initial ("Mr.", "J.") ends no sentence (see _dot_ends_sentence).
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt st jr sr vs etc inc ltd co corp no u.s u.n e.g i.e".split()
)
_OPENERS = "\"'“‘(["  # stripped from the front of the word before a '.'

# What follows each sentence-ending character, as a regex (the rule above).
_LATIN_TAIL = r"[.!?…]*[\"'”’)\]»]*\s+(?=[^\sa-z])"
_TAILS = {
    **dict.fromkeys(".!?…", _LATIN_TAIL),
    **dict.fromkeys("。！？", r"[。！？]*[」』”’)]*\s*"),
    "\n": r"\s*",
}
_ASCII_ENDERS = tuple(c for c in _TAILS if c.isascii())


def _initial_or_abbreviation_before_dot() -> str:
    """A regex that holds after every '.' that _dot_ends_sentence may refuse (and after few others).

    The dot's word (after the last whitespace within the 5 characters before it, less
    leading openers) is a letter or one of _ABBREVIATIONS in any case. Spelled as
    fixed-width lookbehinds, one per distance to that whitespace (or the text start).
    """
    by_length: dict[int, list[str]] = {1: [r"[^\W\d_]"]}  # letters (and a few other \w: a superset)
    for word in sorted(_ABBREVIATIONS):
        if len(word) < 5:
            spelled = "".join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)
            by_length.setdefault(len(word), []).append(spelled)
    opener = "[" + re.escape(_OPENERS) + "]"
    checks = []
    for width in range(1, 6):
        body = "|".join(opener * (width - length) + "(?:" + "|".join(words) + ")"
                        for length, words in by_length.items() if length <= width)
        body = f"(?:{body})\\."
        checks += [f"(?<=\\s{body})", f"(?<=^{body})"] if width < 5 else [f"(?<={body})"]
    return "(?:" + "|".join(checks) + ")"


@cache
def _end_pattern(char: str) -> re.Pattern[str]:
    """The rule for sentences ending at ``char``; it starts with that literal character, which
    the regex engine finds with a fast scan (a leading class is tested character by character,
    several times slower). For '.', group 1 matches (empty) when the dot may close an
    abbreviation or an initial; the cheap first lookbehind skips dots after long words."""
    if char != ".":
        return re.compile(re.escape(char) + _TAILS[char])
    long_word = r"(?<![^\s" + re.escape(_OPENERS) + r"]\S{4}\.)"
    return re.compile(r"\.(?:" + long_word + _initial_or_abbreviation_before_dot() + "())?" + _LATIN_TAIL)


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


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin (the first is always 0).

    CoNLL export runs this over 50 million characters, so it avoids Python work per
    character and per candidate. Each sentence-ending character in the text is found by
    its own pattern (``_end_pattern``). Where two such matches overlap they end at the same
    offset (every tail is "all of the following run"), and the earliest of them is the
    match a single left-to-right scan with the whole rule would make; so the union of the
    matches' ends is exactly that scan's ends. A '.' that closes an abbreviation or an
    initial ends no sentence, and neither does a newline match ending where it ends (the
    dot's match took that newline); a test holds this to the single-scan definition.
    """
    ends: list[int] = []
    refused: list[int] = []
    kinds = 0
    for char in _ASCII_ENDERS if text.isascii() else _TAILS:
        if char not in text:
            continue
        kinds += 1
        matches = _end_pattern(char).finditer(text)
        if char == ".":
            ends += [m.end() for m in matches if m.lastindex is None or _dot_ends_sentence(text, m, refused)]
        else:
            ends += [m.end() for m in matches]
    if kinds > 1:  # several sorted lists, sharing ends where matches overlap
        ends = sorted(set(ends).difference(refused) if refused else set(ends))
    if ends and ends[-1] == len(text):
        ends.pop()
    return [0, *ends]


def _dot_ends_sentence(text: str, match: re.Match[str], refused: list[int]) -> bool:
    """False (and the match's end noted in ``refused``) for a '.' closing an abbreviation or initial."""
    dot = match.start()
    # The word before the dot (letters and inner dots, at most 5 characters back):
    # an abbreviation or an initial ("Mr.", "U.S.", "J.") ends no sentence.
    head = text[max(0, dot - 5) : dot]
    word = head.rsplit(None, 1)[-1] if head and not head[-1].isspace() else ""
    word = word.lstrip(_OPENERS)
    if word and len(word) < 5 and (word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
        refused.append(match.end())
        return False
    return True


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
