"""The sentence rule, shared by the cursor (`s` selects the sentence), CoNLL sentence breaks
and the CSV "sentence around" column.

A sentence ends at . ! ? … followed by more of them, closing quotes, whitespace and a
character that is not a lowercase letter; at a CJK full stop (closing quotes and whitespace
after it go with it); at a newline (with the whitespace after it). The next sentence starts
after all that. A '.' closing an abbreviation or an initial ("Mr.", "J.") ends no sentence
(see ``_dot_ends_sentence``). tests/test_sentences.py states the rule as one left-to-right
scan with one pattern and holds ``sentence_starts`` to it.

Why not that scan here: a CoNLL or CSV export runs the rule over every article, and finding
each ending character with its own literal-led pattern, with the common dots settled by a
lookbehind instead of Python, makes a one-process CoNLL export of 10,000 articles markedly
faster (bench/README.md has the figures).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache

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
        body = "|".join(
            opener * (width - length) + "(?:" + "|".join(words) + ")"
            for length, words in by_length.items()
            if length <= width
        )
        body = f"(?:{body})\\."
        checks += [f"(?<=\\s{body})", f"(?<=^{body})"] if width < 5 else [f"(?<={body})"]
    return "(?:" + "|".join(checks) + ")"


@cache
def _end_pattern(char: str) -> re.Pattern[str]:
    """The rule for sentences ending at ``char``; it starts with that literal character, which
    the regex engine finds with a fast scan (a leading class is tested character by
    character). For '.', group 1 matches (empty) when the dot may close an
    abbreviation or an initial; the cheap first lookbehind skips dots after long words."""
    if char != ".":
        return re.compile(re.escape(char) + _TAILS[char])
    long_word = r"(?<![^\s" + re.escape(_OPENERS) + r"]\S{4}\.)"
    return re.compile(r"\.(?:" + long_word + _initial_or_abbreviation_before_dot() + "())?" + _LATIN_TAIL)


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin (the first is always 0).

    An export runs this over every article, so it avoids Python work per character and
    per candidate. Each sentence-ending character in the text is found by
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


def sentence_around(text: str, starts: list[int], start: int, end: int) -> str:
    """The sentence (or sentences) containing ``text[start:end]``, trimmed."""
    first = starts[max(0, bisect_right(starts, start) - 1)]
    i = bisect_left(starts, end)
    last = starts[i] if i < len(starts) else len(text)
    return text[first : max(last, end)].strip()
