"""A small, fast tokenizer and sentence splitter shared by the exporters.

Pure Python regular expressions (one compiled pattern, C speed), offsets in
code points. Rules, chosen for news text and for what BIO and Prodigy need:

- whitespace is never part of a token (so CoNLL columns can never break);
- punctuation is split from words ("Kyiv." -> "Kyiv", "."), except inside
  numbers ("1,200", "3.5", "10:30") and word-internal apostrophes and hyphens
  ("don't", "ceasefire-talks");
- combining marks, variation selectors, emoji skin tones and ZWJ sequences stay
  with the character they modify, so "é" written as e + U+0301, Devanagari
  vowel signs and "👩🏽‍🚒" are never torn apart (Python's ``\\w`` alone would);
- ``cuts`` split tokens at span boundaries, so every span is made of whole
  tokens and a format can carry it exactly.

Sentences end after . ! ? … (and closing quotes) when whitespace and a
non-lowercase character follow, after CJK full stops, and at every newline.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cache


def _ranges(codepoints: list[int]) -> str:
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
def _marks() -> str:
    """Character class body: combining marks and other attached modifiers."""
    points = [
        cp
        for cp in (*range(0x300, 0x20000), *range(0xE0000, 0xE0200))
        if unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me")
    ]
    points += [0x200C, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)]
    return _ranges(sorted(set(points)))


@cache
def token_pattern() -> re.Pattern[str]:
    m = f"[{_marks()}]*"
    word = rf"(?:\w{m})+(?:['’\-](?:\w{m})+)*"
    number = r"\d+(?:[.,:]\d+)+"
    flag = "[\U0001f1e6-\U0001f1ff]{2}"
    symbol = rf"[^\w\s]{m}(?:\u200d[^\s]{m})*"
    return re.compile(f"{number}|{word}|{flag}|{symbol}")


_SENTENCE_END = re.compile(
    r"[.!?…]+[\"'”’)\]»]*\s+(?=[^\sa-z])|[。！？]+[」』”’)]*\s*|\s*\n\s*"
)


def tokens(text: str, cuts: Iterable[int] = ()) -> list[tuple[int, int]]:
    """Token (start, end) offsets; tokens containing a cut are split there."""
    spans = [m.span() for m in token_pattern().finditer(text)]
    points = sorted(set(cuts))
    if not points:
        return spans
    out: list[tuple[int, int]] = []
    for start, end in spans:
        lo = bisect_right(points, start)
        hi = bisect_left(points, end)
        if lo >= hi:
            out.append((start, end))
            continue
        prev = start
        for cut in points[lo:hi]:
            out.append((prev, cut))
            prev = cut
        out.append((prev, end))
    return out


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin (the first is always 0)."""
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        if 0 < m.end() < len(text):
            starts.append(m.end())
    return starts


def sentence_around(text: str, starts: list[int], start: int, end: int) -> str:
    """The sentence (or sentences) containing ``text[start:end]``, trimmed."""
    first = starts[max(0, bisect_right(starts, start) - 1)]
    i = bisect_left(starts, end)
    last = starts[i] if i < len(starts) else len(text)
    return text[first:max(last, end)].strip()
