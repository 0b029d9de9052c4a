"""Casualty figures as numbers: "more than 11,000 Palestinians killed" -> 11000, more than, Palestinians, killed.

Why: a casualty-figure span is only text; to put figures on a timeline and notice that two sources
disagree ("about 240 Israelis captured" against "approximately 250"), each needs its number, the
hedge its source put on it, who was counted and what happened to them. ``parse_figure`` reads that
from the span's text and says plainly when it cannot (``Unparsed``); a figure it read only in part
(a number but no "who") lists what is missing, for the analyst to fill in (``Figure.with_changes``
and ``parse_number`` read what they type with the same rules).

The parts:

- the number: digits with separators and a scale ("11,000", "1.4 million", "2bn"), number words
  (read by ``text2num``, the field's parser for them: "two", "twenty-five", "a hundred and fifty"),
  a range ("48 to 72", "between 20 and 30", "1.2 to 1.5 million") and the multitudes wire copy uses
  for a number nobody has ("dozens", "tens of thousands"), kept as conventional bounds with
  ``vague`` set;
- the qualifier, normalised ("approximately" and "some" are "about", "over" is "more than", "as
  many as" is "up to", "... or more" is "at least"), with the words as written kept too;
- who: the group after the number ("Palestinians", "Israeli prisoners", "civilians") or, failing
  that, a group named elsewhere in the span or a people's adjective before "death toll";
- what: killed, wounded, captured (held, detained, abducted), released, displaced or missing, from
  the words nearest the number (after it first: "11,000 killed", then before: "captured 250").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from text_to_num import text2num

from annotations.figure_value import Figure, Unparsed

_SCALES = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "m": 1_000_000,
    "k": 1_000,
}
# Multitudes: (low, high) by the plain sense of the words ("dozens" is two dozen or more, and
# fewer than "hundreds"); ``vague`` marks them, so that nobody takes them for counts.
_MULTITUDES = {
    "a few": (2, 9),
    "several": (3, 9),
    "a dozen": (12, 12),
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
}
# As written -> the normalised qualifier. Longest phrases are tried first.
_HEDGES = {
    "more than": "more than",
    "over": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "just over": "more than",
    "well over": "more than",
    "above": "more than",
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "a minimum of": "at least",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "circa": "about",
    "approx.": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "up to": "up to",
    "as many as": "up to",
    "at most": "up to",
    "no more than": "up to",
    "fewer than": "fewer than",
    "less than": "fewer than",
    "under": "fewer than",
}
_HEDGE_WORDS = max(len(hedge.split()) for hedge in _HEDGES)
_WHAT_WORDS = {
    "killed": r"killed|kills?|dead|deaths?|died|die|death\s+toll|toll|martyrs?|martyrdom|martyred"
    r"|bodies|fatalities|fatally|lost\s+(?:their|his|her)\s+lives|slain|perished|massacred",
    "wounded": r"wounded|injured|injuries|injuring|wounding|hurt|casualties",
    "captured": r"captured|capturing|held|holding|hostage|hostages|captive|captives|captivity|abducted"
    r"|kidnapped|detained|detaining|arrested|taken\s+prisoner|seized|imprisoned|jailed",
    "released": r"released|releasing|release|freed|freeing|set\s+free|handed\s+over|let\s+go",
    "displaced": r"displaced|displacement|displacing|fled|uprooted|homeless|evacuated|forced\s+from",
    "missing": r"missing|unaccounted|disappeared|under\s+the\s+rubble",
}
_WHAT_SPEC = (  # the first \b before the groups: a position inside a word fails once, not once a group
    r"\b(?:" + "|".join(f"(?P<{k}>(?:{v})\\b)" for k, v in _WHAT_WORDS.items()) + ")",
    re.IGNORECASE,
)
# Groups counted in casualty figures (the head noun of "who"), singular and plural.
_GROUPS = (
    "people|persons|person|civilians?|children|child|kids|minors|women|men|babies|infants|elderly"
    "|soldiers?|troops|officers|servicemen|fighters|militants|combatants|gunmen|members|policemen"
    "|detainees?|prisoners?|hostages?|captives?|abductees|inmates|journalists?|reporters|medics"
    "|doctors|nurses|paramedics|aid\\s+workers|health\\s+workers|staff|employees|workers|residents"
    "|citizens|nationals|settlers|refugees|migrants|students|patients|victims|individuals|family"
    "|families|households|worshippers|fishermen|farmers|crew|passengers"
)
_GROUP_SPEC = (
    rf"\b(?:{_GROUPS})\b",
    re.IGNORECASE,
)
# A modifier allowed between the number and the group: "Palestinian children", "civilian victims".
_MODIFIER = r"(?:[A-Z][\w'’-]*|(?i:civilian|foreign|young|female|male|elderly|sick|other|more|innocent|unarmed|local))"
_WHO_AFTER_SPEC = (
    rf"\s+(?:of\s+(?:them\s+|whom\s+)?)?(?P<who>(?:{_MODIFIER}\s+){{0,2}}(?i:{_GROUPS})\b"
    rf"|[A-Z][a-z]+(?:ians|ans|is|ese|ish|s)\b)",
)
_PEOPLE_BEFORE_TOLL_SPEC = (r"\b(?P<adj>[A-Z][a-z]+(?:ian|an|i|ese|ish))\s+(?:death\s+)?toll\b",)

_UNITS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    "|fifteen|sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMWORD = rf"(?:(?:{_TENS})(?:-(?:{_UNITS}))?|{_UNITS}|hundred|thousand|million|billion)"
_WORDS_NUMBER = rf"(?:(?:a|an)\s+)?{_NUMWORD}(?:(?:\s+and\s+|\s+|-){_NUMWORD})*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?:thousand|million|billion)|bn|m|k)\b"
_MULTITUDE = "|".join(sorted((r"\s+".join(map(re.escape, m.split())) for m in _MULTITUDES), key=len, reverse=True))
_ONE = rf"(?:(?:{_DIGITS})(?:{_SCALE})?|\b{_WORDS_NUMBER}(?:\s+dozen)?\b)"
# The number: a multitude, or one number, or a range of two ("48 to 72", "48-72", "between 48 and 72").
_NUMBER_SPEC = (
    rf"(?<![\w.,])(?:(?P<multitude>\b(?:{_MULTITUDE})\b)"
    rf"|(?:(?P<between>between|from)\s+)?(?P<first>{_ONE})"
    rf"(?:\s*(?:-|–|—|to|and|or)\s*(?P<second>{_ONE}))?)(?![\w,]\d)",
    re.IGNORECASE,
)
_OR_MORE_SPEC = (
    r"\s*(?:or\s+more\b|and\s+more\b|\+|-plus\b|plus\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Number:
    low: int
    high: int
    vague: bool
    start: int
    end: int
    text: str


def parse_number(text: str) -> Number | None:
    """The first number in ``text`` ("1.4 million", "48 to 72", "dozens", "two"), or None."""
    return next(_numbers(text), None)


# A number, as ``_NUMBER_SPEC`` reads one, holds a digit or one of these words (each multitude
# by its longest word); and what ``re.IGNORECASE`` matches to an ASCII letter that ``str.lower``
# does not make one.
_NUMBER_WORDS = (
    *_UNITS.split("|"),
    *_TENS.split("|"),
    "hundred",
    "thousand",
    "million",
    "billion",
    *(max(m.split(), key=len) for m in _MULTITUDES),
)
_FOLD = str.maketrans("\u0130\u0131\u017f", "iis")


def may_hold_number(text: str) -> bool:
    """False when ``text`` surely holds no number ``parse_figure`` could read (no digit, no number
    word): a test much quicker than the parse, for an export, where most casualty figures' quotes
    hold none."""
    folded = text if text.isascii() else text.translate(_FOLD)
    return bool(_rx().digit.search(text) or _rx().number_word.search(folded.lower()))


def parse_figure(text: str) -> Figure | Unparsed:
    """The casualty figure a span's text states, or ``Unparsed`` with the reason.

    The number is the first one that counts people: dates ("October 7"), years, durations
    ("70 days") and percentages are passed over.
    """
    if not text.strip():
        return Unparsed(text, "the span is empty")
    numbers = _numbers(text)  # read up to the first count only: the rest of a long quote is not scanned
    first = number = next(numbers, None)
    while number is not None and not _is_count(text, number):
        number = next(numbers, None)
    if number is None:
        found = f" (only a date, duration or percentage: {first.text!r})" if first is not None else ""
        return Unparsed(text, f"no number of people found in {_short(text)!r}{found}")
    hedge, qualifier = _qualifier(text, number)
    who, who_start, who_end = _who(text, number)
    what = _what(text, number, who_start, who_end)
    return Figure(number.low, number.high, qualifier, who, what, number.text, hedge, number.vague)


def _numbers(text: str) -> Iterator[Number]:
    for match in _rx().number.finditer(text):
        number = _number_of(match)
        if number is not None:
            yield number


_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DATE_BEFORE_SPEC = (rf"\b{_MONTHS}\s*$",)
_NOT_A_COUNT_AFTER_SPEC = (
    rf"(?:\s*(?:%|percent\b|per\s+cent\b)|(?:-|\s+)(?:days?|weeks?|months?|years?|hours?|minutes?|decades?"
    rf"|(?:year|month|week|day)s?-old)\b|(?:st|nd|rd|th)\b|[:/]\d|\s+{_MONTHS}(?!\w))",
    re.IGNORECASE,
)
_YEAR_SPEC = (r"(?:19|20)\d\d",)


def _is_count(text: str, number: Number) -> bool:
    """False for a date, year, duration, age or percentage: no number of people."""
    if _rx().date_before.search(text, 0, number.start) or _rx().not_a_count_after.match(text, number.end):
        return False
    if _rx().year.fullmatch(number.text) and not _rx().who_after.match(text, number.end):
        return False  # "in 2014, 2,200 were killed": the year is no count
    return True


def _number_of(match: re.Match[str]) -> Number | None:
    if match["multitude"]:
        key = " ".join(match["multitude"].lower().split())
        low, high = _MULTITUDES[key]
        return Number(low, high, key != "a dozen", match.start(), match.end(), match[0])
    first, second = match["first"], match["second"]
    if match["between"] and not second:
        start = match.start("first")  # "from 30 people": "from" is no range
    else:
        start = match.start()
    low = _value(first)
    if low is None:
        return None
    high = low
    if second:
        high = _value(second)
        if high is None:
            return None
        if _scale_of(second) and not _scale_of(first) and low < high / 1000:
            low *= _scale_of(second)  # "1.2 to 1.5 million": the scale goes with both
        if high < low:
            return None  # "10-3" is no range of people
    return Number(round(low), round(high), False, start, match.end(), _text_of(match, start))


def _text_of(match: re.Match[str], start: int) -> str:
    return match.string[start : match.end()]


def _scale_of(number: str) -> int:
    found = re.search(rf"{_SCALE}$", number, re.IGNORECASE)
    return _SCALES[found.group(0).strip().lower()] if found else 0


def _value(number: str) -> float | None:
    number = " ".join(number.split())
    digits = re.match(rf"^(?:{_DIGITS})", number)
    if digits:
        value = float(digits.group(0).replace(",", ""))
        return value * (_scale_of(number) or 1)
    words = number.lower()
    dozens = 1
    if words.endswith(" dozen"):  # "two dozen"
        words, dozens = words[: -len(" dozen")], 12
    words = re.sub(r"^(?:a|an)\s+", "one ", words)
    try:
        return float(text2num(words, "en") * dozens)
    except ValueError:
        return None


def _qualifier(text: str, number: Number) -> tuple[str, str]:
    words = text[max(0, number.start - 30) : number.start].lower().split()
    for first in range(max(0, len(words) - _HEDGE_WORDS), len(words)):  # the longest hedge ending there
        hedge = " ".join(words[first:])
        if hedge in _HEDGES:
            return _text_hedge(text, number.start, hedge), _HEDGES[hedge]
    after = _rx().or_more.match(text, number.end)
    if after:
        return after.group(0).strip(), "at least"
    return "", ""


def _text_hedge(text: str, start: int, hedge: str) -> str:
    """The hedge as the text writes it (its case and spacing)."""
    pattern = r"\s+".join(map(re.escape, hedge.split())) + r"\s*$"
    found = re.search(pattern, text[:start], re.IGNORECASE)
    return found.group(0).strip() if found else hedge


def _who(text: str, number: Number) -> tuple[str, int, int]:
    """Who was counted, and where the text says it (-1, -1 when it is inferred or absent)."""
    after = _rx().who_after.match(text, number.end)
    if after and not _rx().what.fullmatch(after["who"]) and after["who"].lower() not in _NOT_WHO:
        return " ".join(after["who"].split()), after.start("who"), after.end("who")
    group = _rx().group.search(text, number.end) or _rx().group.search(text)
    if group:
        return " ".join(group.group(0).split()), group.start(), group.end()
    toll = _rx().people_before_toll.search(text)
    if toll:
        return toll["adj"] + "s", -1, -1  # "the Palestinian death toll" counts Palestinians
    return "", -1, -1


_NOT_WHO = frozenset({"days", "weeks", "months", "years", "hours", "minutes", "times", "others"})


_OF_BEFORE_SPEC = (r"\s+of\s+(?:[a-z]+\s+){0,3}",)  # "martyrdom of [more than] 30", "the release of 20"


def _what(text: str, number: Number, who_start: int, who_end: int) -> str:
    """What happened, by the word that says it: one that governs the number ("the martyrdom of
    30": whatever follows, as "100 injured", is said of another number), else the nearest after
    the number, else the nearest before it; the group's own noun ("hostages") says "captured"
    only when nothing else in the span says what happened."""
    found = [m for m in _rx().what.finditer(text) if not (who_start <= m.start() < who_end)]
    after = [m for m in found if m.start() >= number.end]
    before = [m for m in found if m.end() <= number.start]
    if before and _rx().of_before.fullmatch(text, before[-1].end(), number.start):
        return before[-1].lastgroup or ""
    if after:
        return after[0].lastgroup or ""
    if before:
        return before[-1].lastgroup or ""
    own = _rx().what.search(text, who_start, who_end) if who_start >= 0 else None
    return own.lastgroup or "" if own else ""


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


class _Patterns:
    """The parser's regular expressions, compiled at the first parse rather than at import: the
    store and the app import this module for ``Figure`` at every start, and compiling these was
    most of its import time (bench/README.md)."""

    def __init__(self) -> None:
        self.what = re.compile(*_WHAT_SPEC)
        self.group = re.compile(*_GROUP_SPEC)
        self.who_after = re.compile(*_WHO_AFTER_SPEC)
        self.people_before_toll = re.compile(*_PEOPLE_BEFORE_TOLL_SPEC)
        self.number = re.compile(*_NUMBER_SPEC)
        self.or_more = re.compile(*_OR_MORE_SPEC)
        self.date_before = re.compile(*_DATE_BEFORE_SPEC)
        self.not_a_count_after = re.compile(*_NOT_A_COUNT_AFTER_SPEC)
        self.year = re.compile(*_YEAR_SPEC)
        self.of_before = re.compile(*_OF_BEFORE_SPEC)
        self.digit = re.compile(r"\d")
        self.number_word = re.compile("|".join(_NUMBER_WORDS))


@cache
def _rx() -> _Patterns:
    return _Patterns()
