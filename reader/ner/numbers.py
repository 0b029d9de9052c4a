"""Regular expressions for numbers, quantities, money, percents, ordinals, dates and times.

Spans follow the OntoNotes conventions spaCy's English models learnt:

- the counted noun is NOT part of a number: "more than 11,000 Palestinians" gives CARDINAL
  "more than 11,000" (the hedge is kept, "Palestinians" is a NORP of its own);
- a number with a unit of calendar time is a DATE ("70 days", "6 months", "3 weeks",
  "one week"); with hours/minutes it is TIME ("the next 48 to 72 hours");
- money keeps its symbol and scale ("$5 billion"), percents their sign ("12%", "3 percent");
- a date range is ONE span without the leading "from": "November 24 until December 1, 2023";
- a timestamp "2023-11-15 03:12:57" is one DATE span;
- weekdays and "yesterday"/"today" are DATE; a part of the day makes a TIME
  ("yesterday evening", "Friday night", "last night");
- relative periods are DATE: "last week", "this week", "earlier this month", "recent days";
  "the month of Ramadan" and holidays come from the gazetteer.

Numbers are found with one regex for the number itself and then extended left (hedges,
currency symbols) and right (ranges, units) with small anchored regexes, so a megabyte of
text costs one pass per expression rather than one per hedge word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Candidate = tuple[int, int, str]

_UNITS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SCALE = r"(?:hundred|thousand|million|billion|trillion)"
_WORDNUM = (
    rf"(?:(?:{_TENS})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    rf"|{_UNITS}|a\s+(?:dozen|hundred|thousand|million|billion)|dozens|hundreds|thousands"
    r"|millions|billions|tens\s+of\s+thousands|hundreds\s+of\s+thousands|several|a\s+few"
    r"|few|a\s+couple\s+of|a|an)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# the number itself: digits (maybe scaled) or number words
NUMBER = re.compile(
    rf"(?<![\w\-/.:#@])(?:(?P<ord>\d+(?:st|nd|rd|th))\b|(?P<dig>{_DIGITS})(?:\s*(?:{_SCALE}|bn)\b)?"
    rf"(?![\w.,]\d)(?!\w)|(?P<word>\b(?i:{_WORDNUM})(?:\s+{_SCALE})?\b))"
)
_RANGE = re.compile(
    rf"\s*(?:-|–|to|and|or)\s*(?:\$|€|£)?(?:{_DIGITS}|\b(?:{_TENS}|{_UNITS})\b)"
    rf"(?:\s*{_SCALE}\b)?"
)
_DATE_UNIT = r"(?:days?|weeks?|months?|years?|decades?|centuries|century|weekends?)"
_TIME_UNIT = r"(?:hours?|minutes?|seconds?|hrs?)"
_MONEY_WORD = (
    r"(?:dollars?|euros?|pounds?\s+sterling|pounds|shekels?|riyals?|dinars?|dirhams?|"
    r"rubles?|roubles?|yuan|yen|rupees?|lira|liras|francs?|hryvnias?|USD|EUR|GBP|NIS)"
)
_QUANT_UNIT = (
    r"(?:square\s+|cubic\s+)?(?:kilometres?|kilometers?|km|miles?|metres?|meters?|feet|"
    r"foot|tons?|tonnes?|kilograms?|kg|lbs?|litres?|liters?|gallons?|barrels?|acres?|"
    r"hectares?|dunams?|degrees|megawatts?|MW|kilowatts?|calories|grams?|inches|inch|"
    r"nautical\s+miles)"
)
_RIGHT = re.compile(
    rf"(?P<pct>\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b))"
    rf"|(?P<date>\s+{_DATE_UNIT}\b(?:\s+ago\b)?|-(?:year|month|week|day)s?-old\b|-(?:year|month|week|day)\b)"
    rf"|(?P<time>\s+{_TIME_UNIT}\b|-hour\b|-minute\b)"
    rf"|(?P<money>\s+{_MONEY_WORD}\b)"
    rf"|(?P<qty>\s*{_QUANT_UNIT}\b)",
    re.IGNORECASE,
)
_LOOSE_WORDS = {
    "a",
    "an",
    "several",
    "a few",
    "few",
    "a couple of",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_ONE_DATE = (
    rf"(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH},?\s+{_YEAR})"
)
_REL = r"(?:last|next|this|early|late|mid-|mid)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:morning|afternoon|evening|night)"
DATES = re.compile(
    rf"\b(?:(?:{_REL})\s*)?{_ONE_DATE}(?:\s*(?:-|–|to|until|till|through|and)\s*"
    rf"(?:{_ONE_DATE}|\d{{1,2}}(?:,?\s+{_YEAR})?)\b)?(?!\w)"
    rf"|\b{_YEAR}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:?\d\d)?)?\b"
    rf"|\b\d{{1,2}}/\d{{1,2}}/{_YEAR}\b"
    rf"|\b(?:(?:early|late|mid-?)\s*)?(?:(?:last|next|this)\s+)?"
    rf"(?:January|February|April|June|July|August|September|October|November|December)\b"
    rf"|\bthe\s+(?:19|20)\d0s\b|\b(?:19|20)\d0s\b"
)
_DAYWORD = (
    rf"\b(?:(?:last|next|this|on)\s+)?{_WEEKDAY}\b(?:\s+{_PART}\b)?"
    rf"|\b(?i:yesterday|today|tomorrow)\b(?:\s+{_PART}\b)?"
    rf"|\b(?i:tonight|last\s+night|this\s+(?:morning|afternoon|evening))\b"
    rf"|\b(?i:(?:(?:earlier|later|early|late)\s+)?(?:last|this|next|the\s+past|"
    rf"the\s+coming|the\s+previous|the\s+same)\s+"
    rf"(?:week|month|year|weekend|decade|summer|winter|spring|autumn|fall|century))\b"
    rf"|\b(?i:recent\s+(?:days|weeks|months|years))\b"
    rf"|\b(?i:noon|midnight|dawn|dusk)\b"
)
DAYWORDS = re.compile(_DAYWORD)
TIMES = re.compile(
    r"(?<![\d:])\d{1,2}:\d\d(?::\d\d)?(?:\s*(?:a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b))?"
    r"(?:\s+(?:GMT|UTC|local\s+time)\b)?"
    r"|\b\d{1,2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b)"
)
LAWS = re.compile(r"\b(?:(?:UN|U\.N\.)\s+)?(?:Security\s+Council\s+)?Resolution\s+\d+\b")
_PART_RE = re.compile(_PART, re.IGNORECASE)


_LABELS = {"pct": "PERCENT", "date": "DATE", "time": "TIME", "money": "MONEY", "qty": "QUANTITY"}
_MULTITUDES = frozenset({"dozens", "hundreds", "thousands", "millions", "billions"})
_YEAR_RE = re.compile(_YEAR)
_HEDGES = frozenset(
    "more than|less than|fewer than|greater than|higher than|lower than|at least|at most|about|"
    "around|approximately|nearly|almost|over|some|up to|roughly|an estimated|as many as|"
    "as few as|no fewer than|no more than|no less than|close to|just over|just under|only|"
    "between|another".split("|")
)
_PERIOD_HEDGES = frozenset(  # only before a DATE/TIME: "the next 48 hours"
    "the next|the past|the last|the first|the coming|the previous|the remaining".split("|")
)
_CURRENCY_SYMBOLS = "$€£¥₪"
_CURRENCY_CODES = ("US$", "C$", "A$", "USD ", "EUR ", "GBP ", "NIS ", "ILS ", "USD", "EUR", "GBP")


def _hedge_start(text: str, start: int, label: str) -> int:
    """Start of a hedge ("more than", "about", "the next") right before ``start``, or ``start``."""
    window = text[max(0, start - 24) : start]
    if not window[-1:].isspace():
        return start
    parts = window.rsplit(None, 3)
    for n in (3, 2, 1):
        if len(parts) < n:
            continue
        phrase = " ".join(parts[-n:]).lower()
        if phrase in _HEDGES or (phrase in _PERIOD_HEDGES and label in ("DATE", "TIME")):
            index = len(window)
            for part in reversed(parts[-n:]):
                index = window.rfind(part, 0, index)
            if index > 0 and window[index - 1].isalnum():
                return start  # the hedge word is the tail of a longer word
            return start - len(window) + index
    return start


def _currency_start(text: str, start: int) -> int:
    if start and text[start - 1] in _CURRENCY_SYMBOLS:
        if text[max(0, start - 3) : start] in ("US$",):
            return start - 3
        if text[max(0, start - 2) : start] in ("C$", "A$"):
            return start - 2
        return start - 1
    for code in _CURRENCY_CODES:
        if text.startswith(code, start - len(code)) and (
            start - len(code) == 0 or not text[start - len(code) - 1].isalnum()
        ):
            return start - len(code)
    return start


def _number_candidates(text: str, positions: list[int]) -> Iterator[Candidate]:
    for pos in positions:
        match = NUMBER.match(text, pos)
        if match is None:
            continue
        start, end = match.span()
        if match.group("ord"):
            yield start, end, "ORDINAL"
            continue
        word = match.group("word")
        lower = word.lower() if word is not None else ""
        loose = lower in _LOOSE_WORDS or lower == "one"
        ranged = _RANGE.match(text, end)
        if ranged and not loose:
            end = ranged.end()
        right = _RIGHT.match(text, end)
        label = "CARDINAL"
        if right:
            label = _LABELS[right.lastgroup or "qty"]
            end = right.end()
        elif loose and lower not in _MULTITUDES:
            continue  # "a", "several", "one" count only with a unit ("a week", "one week")
        digits = match.group("dig")
        if digits:
            money_start = _currency_start(text, start)
            if money_start != start:
                start, label = money_start, "MONEY"
            elif label == "CARDINAL" and not ranged and _YEAR_RE.fullmatch(digits):
                yield start, end, "DATE"
                continue
        yield _hedge_start(text, start, label), end, label


_ORDINAL_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth hundredth thousandth".split()
)
_NUMBER_WORDS = frozenset((_UNITS + "|" + _TENS).split("|")) | frozenset(
    "a an dozens hundreds thousands millions billions tens several few".split()
)
_MONTH_WORDS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
_DAY_WORDS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday yesterday today tomorrow tonight "
    "noon midnight dawn dusk last this next earlier later early late the recent on".split()
)
_DATE_LEAD = frozenset("last next this early late mid".split())


def _triggers() -> dict[str, tuple[str, ...]]:
    """Token -> the expressions worth trying at it (lower-case and Title-case forms)."""
    table: dict[str, set[str]] = {}

    def add(words: frozenset[str], kind: str) -> None:
        for word in words:
            for form in {word, word.lower(), word[:1].upper() + word[1:]}:
                table.setdefault(form, set()).add(kind)

    add(_ORDINAL_WORDS, "ordinal")
    add(_NUMBER_WORDS, "number")
    add(_MONTH_WORDS, "date")
    add(_DAY_WORDS, "day")
    add(_DATE_LEAD, "date")
    add(frozenset({"UN", "U", "Security", "Resolution"}), "law")
    return {word: tuple(sorted(kinds)) for word, kinds in table.items()}


_TRIGGERS = _triggers()
_DIGIT_KINDS = ("time", "date", "number")


def find_numbers(text: str, starts: list[int], words: list[str]) -> list[Candidate]:
    """Candidate (start, end, label) spans; may overlap, the caller keeps the longest.

    Each expression is tried only where a token can start it (a digit, a month, "last"...),
    anchored there, so the cost is one dict lookup per token plus a few regex matches.
    """
    found: list[Candidate] = []
    triggers = _TRIGGERS
    number_starts: list[int] = []
    for index, word in enumerate(words):
        kinds = triggers.get(word)
        if kinds is None:
            if not word[:1].isdigit():
                continue
            kinds = _DIGIT_KINDS
        pos = starts[index]
        for kind in kinds:
            if kind == "number":
                number_starts.append(pos)
            elif kind == "ordinal":
                found.append((pos, pos + len(word), "ORDINAL"))
            elif kind == "date":
                match = DATES.match(text, pos)
                if match:
                    found.append((pos, match.end(), "DATE"))
            elif kind == "time":
                match = TIMES.match(text, pos)
                if match:
                    found.append((pos, match.end(), "TIME"))
            elif kind == "law":
                match = LAWS.match(text, pos)
                if match:
                    found.append((pos, match.end(), "LAW"))
            else:  # day words
                match = DAYWORDS.match(text, pos)
                if match:
                    value = match.group()
                    label = (
                        "TIME"
                        if _PART_RE.search(value) or value.lower() in {"noon", "midnight", "dawn", "dusk", "tonight"}
                        else "DATE"
                    )
                    skip = 3 if value[:3].lower() == "on " else 0
                    found.append((pos + skip, match.end(), label))
    found.extend(_number_candidates(text, number_starts))
    return found
