"""An article's word count, as the library and the article's header show it: its runs of
non-whitespace, and each Chinese or Japanese character, as word processors count them (those
scripts put no spaces between words: a Chinese article was "1 word").

Why a module of its own: every article's text is counted once when a corpus is first
scanned, and ``len(text.split())`` makes a string per word only to count them, which cost
more than parsing the article's JSON line. An ASCII text (the common case, and an O(1)
test) is counted from its bytes instead, with the answer ``str.split`` would give.
"""

from __future__ import annotations

import re

# Each ASCII byte as " " when ``str.split`` splits on it, else "w".
_SPACE_OR_WORD = bytes(ord(" ") if chr(code).isspace() else ord("w") for code in range(128)) + b"w" * 128


# Han (with its extensions and compatibility forms), hiragana and katakana. Hangul is written
# with spaces between words, and is counted as other scripts are.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def word_count(text: str) -> int:
    """The number of words in ``text``: ``len(text.split())``, without making the words; in a text
    with Chinese or Japanese, each of their characters, and the runs between them that hold a
    letter or a digit (so "。" and "（" are no words)."""
    if not text.isascii():
        spaced, cjk = _CJK.subn(" ", text)
        if not cjk:
            return len(text.split())
        return cjk + sum(1 for run in spaced.split() if any(ch.isalnum() for ch in run))
    marks = text.encode("ascii").translate(_SPACE_OR_WORD)
    return marks.count(b" w") + marks.startswith(b"w")
