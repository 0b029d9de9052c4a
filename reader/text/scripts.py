"""Which writing system an article is written in, as far as entity recognition cares.

Why: the built-in recogniser (``reader.ner.recognizer``: an English gazetteer, English number and
date words, capitalised-name rules) finds next to nothing in Arabic, Hebrew, Chinese or
Cyrillic text, and an empty entity legend would look like a fault. The article screen says
so instead. A letter's script is the first word of its Unicode name ("ARABIC LETTER ALEF").
"""

from __future__ import annotations

import unicodedata
from collections import Counter

# What the built-in rules read: English, so Latin letters.
RULES_SCRIPTS = frozenset({"Latin"})
# First word of a letter's Unicode name -> the script's name, where the title-cased word is not it.
_SCRIPT_NAMES = {
    "CJK": "Chinese",
    "IDEOGRAPHIC": "Chinese",
    "HIRAGANA": "Japanese",
    "KATAKANA": "Japanese",
    "HANGUL": "Korean",
}
# Name prefixes that say nothing of the script: look at the next word ("FULLWIDTH LATIN ...").
_WIDTHS = ("FULLWIDTH", "HALFWIDTH")
# Letters that belong to no one script (modifier letters, mathematical alphanumerics).
_NO_SCRIPT = ("MODIFIER", "MATHEMATICAL")


def script_of(letter: str) -> str | None:
    """The script of one letter ("Latin", "Arabic", "Chinese", ...), None if it has none."""
    words = unicodedata.name(letter, "").split()
    if words and words[0] in _WIDTHS:
        words = words[1:]
    if not words or words[0] in _NO_SCRIPT:
        return None
    return _SCRIPT_NAMES.get(words[0], words[0].title())


def letter_scripts(text: str) -> Counter[str]:
    """How many letters of ``text`` each script has."""
    counts: Counter[str] = Counter()
    for char, n in Counter(text).items():  # one name lookup per distinct character
        if char.isalpha():
            script = script_of(char)
            if script is not None:
                counts[script] += n
    # Japanese and Korean text mix in Chinese characters (kanji, hanja): count them with it.
    for language in ("Japanese", "Korean"):
        if language in counts and "Chinese" in counts:
            counts[language] += counts.pop("Chinese")
            break
    return counts


def uncovered_script(text: str, covered: frozenset[str] = RULES_SCRIPTS, share: float = 0.5) -> str | None:
    """The script outside ``covered`` that at least ``share`` of the text's letters are in, or None."""
    counts = letter_scripts(text)
    total = sum(counts.values())
    if not total:
        return None
    script, n = counts.most_common(1)[0]
    return script if script not in covered and n >= share * total else None


def entity_coverage_note(text: str, recognizer_name: str) -> str | None:
    """The line to show with an article the recogniser cannot read, or None.

    Only for the built-in rules: a spaCy pipeline's languages are the user's choice.
    """
    if recognizer_name != "rules" or text.isascii():
        return None
    script = uncovered_script(text)
    if script is None:
        return None
    return f"Entities are not found in {script} text (the built-in recogniser covers English)"
