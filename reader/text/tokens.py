"""The one tokenizer: what a word is, for the cursor and the exporters.

Pure Python regular expressions, offsets in code points. Rules, chosen for news text and
for what BIO and Prodigy need:

- whitespace is never part of a token (so CoNLL columns can never break);
- punctuation and symbols are split from words ("Kyiv." -> "Kyiv", "."),
  except ".", ",", ":" between digits ("1,200", "3.5", "10:30") and "'", "’",
  "-" between word characters ("don't", "ceasefire-talks");
- combining marks, variation selectors, emoji skin tones and ZWJ sequences stay
  with the character they modify, so "é" written as e + U+0301, Devanagari
  vowel signs and "👩🏽‍🚒" are never torn apart (Python's ``\\w`` alone would);
- ``cuts`` split tokens at span boundaries, so every span is made of whole
  tokens and a format can carry it exactly.

``token_pattern`` is the rule; ``tokens`` gives offsets, ``words`` the strings, and
``spaced`` (the CoNLL export's fast path for text without combining marks) restates the
rule as string operations. The entity matcher splits finer (``reader.ner.patterns``).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
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
    # _joiner_subs below restates the joiner rule for ``spaced``; keep the two in step
    # (test_fast_words_equal_the_token_pattern fails when they differ).
    word = rf"\w+(?:{m}+\w*|(?<=\d)[.,:](?=\d)\w+|['’\-](?=\w)\w+)*"
    flag = "[\U0001f1e6-\U0001f1ff]{2}"
    symbol = rf"[^\w\s]{m}*(?:\u200d[^\w\s]{m}*)*"
    return re.compile(f"{word}|{flag}|{symbol}")


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


def words(text: str) -> list[str]:
    """The token strings of ``text`` (no offsets), exactly as ``tokens`` cuts them.

    The hot path of CoNLL export. Text without combining
    marks, ZWJ or astral characters (nearly all news) takes ``spaced``: every
    token boundary inside a chunk becomes a space, then one ``str.split``; no
    Python work per token. Other text: ``str.split`` and the token regex on the
    chunks that are not all letters and digits. A property test holds both
    equal to ``tokens``.
    """
    spaced_text = spaced(text)
    if spaced_text is not None:
        return spaced_text.split()
    findall = token_pattern().findall
    out: list[str] = []
    add, extend = out.append, out.extend
    for chunk in text.split():
        if chunk.isalnum():
            add(chunk)
        else:
            extend(findall(chunk))
    return out


def spaced(text: str) -> str | None:
    """``text`` with a space on both sides of every symbol that is a token of its own.

    None when ``text`` holds a character that attaches to its neighbour (combining
    mark, ZWJ, skin tone, tag, regional indicator): only the full pattern handles
    those. Without them the pattern reduces to ``\\w+`` runs joined by ``joiners``
    and one-character symbols, so a symbol is its own token unless it is a joiner
    between the right neighbours, and padding the others with spaces makes
    ``split()`` give exactly the pattern's tokens. One ``str.replace`` (or, for a
    joiner, one regex ``sub`` with a literal replacement) per distinct symbol in
    the text: C speed, whatever the number of tokens.
    """
    if not text.isascii() and _attaching().search(text) is not None:
        return None
    subs = _joiner_subs()
    for sym in _symbols(text):
        sub = subs.get(sym)
        if sub is None:
            text = text.replace(sym, " " + sym + " ")
        else:
            text = sub(" " + sym + " ", text)
    return text


_SYMBOL = re.compile(r"[^\w\s]")
# ASCII letters, digits, "_" and whitespace: never a symbol, and most of every text.
_ASCII_WORD_OR_SPACE = bytes(c for c in range(128) if not _SYMBOL.match(chr(c)))


def _symbols(text: str) -> set[str]:
    """The distinct symbols (neither ``\\w`` nor whitespace) in ``text``.

    Deleting ASCII word and space bytes from the UTF-8 (one C pass; multi-byte
    sequences never hold ASCII bytes, so they survive whole) leaves a short string
    for news, where ``_SYMBOL.findall`` would build a string per symbol.
    """
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_WORD_OR_SPACE)
    found = set(rest.decode("utf-8", "surrogatepass"))
    if not rest.isascii():  # non-ASCII letters and spaces survive the deletion
        found = {ch for ch in found if _SYMBOL.match(ch)}
    return found


@cache
def _attaching() -> re.Pattern[str]:
    """Characters that can make a token more than letters/digits and joiners, or one symbol.

    The BMP marks, ZWJ, and every astral character (emoji, skin tones, flags, tags and
    astral marks are all there; other astral text is rare in news and just takes the
    slow path). Kept to BMP ranges plus one range on purpose: ``re`` then tests a
    character with one table lookup, where the full mark class, with its hundreds
    of astral ranges, is searched range by range.
    """
    bmp = char_ranges([cp for cp in mark_points() if cp <= 0xFFFF])
    return re.compile(f"[{bmp}\u200d\U00010000-\U0010ffff]")


@cache
def _joiner_subs() -> dict[str, Callable[[str, str], str]]:
    """Joiner character -> ``sub`` of its occurrences that do NOT join (the pattern's rule).

    ".", ",", ":" join when a digit is on both sides ("1,200"); "'", "’", "-" when a
    word character is ("don't"). A match is such a character without those
    neighbours; its literal replacement pads it with spaces.
    """
    subs: dict[str, Callable[[str, str], str]] = {}
    for chars, side in ((".,:", r"\d"), ("'’-", r"\w")):
        for ch in chars:
            c = re.escape(ch)
            subs[ch] = re.compile(f"{c}(?:(?<!{side}{c})|(?!{side}))").sub
    return subs
