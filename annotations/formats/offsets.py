"""Code points <-> UTF-16 code units, for consumers written in JavaScript.

newsdesk counts offsets in Python code points. JavaScript strings count UTF-16
code units, so every character outside the Basic Multilingual Plane (most emoji,
some CJK) counts twice there. doccano's frontend stores offsets that way
(doccano issue #2290), which is why its exports are UTF-16 by default here.

The map is cheap for the common case: a text without astral characters maps
every offset to itself without building anything.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from reader.core.wording import plural

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Converts offsets into one text between code points and UTF-16 units."""

    __slots__ = ("_astral", "_astral_u16")

    def __init__(self, text: str) -> None:
        # code point positions of astral characters, and the same in UTF-16 units
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        self._astral_u16 = [pos + i for i, pos in enumerate(self._astral)]

    def to_utf16(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def from_utf16(self, offset: int) -> int:
        """Code point offset for a UTF-16 offset; ValueError inside a surrogate pair."""
        if not self._astral:
            return offset
        before = bisect_left(self._astral_u16, offset)
        if before and self._astral_u16[before - 1] + 1 == offset:
            raise ValueError(f"UTF-16 offset {offset} falls inside a surrogate pair")
        return offset - before

    def convert(self, offset: int, units: str) -> int:
        """A code point offset expressed in ``units``."""
        return self.to_utf16(offset) if units == "utf16" else offset

    def back(self, offset: int, units: str) -> int:
        """An offset in ``units`` as a code point offset."""
        return self.from_utf16(offset) if units == "utf16" else offset


class GraphemeMap:
    """Code point offsets <-> grapheme cluster counts (doccano's "count grapheme clusters as
    one character" setting). Clusters are Unicode's extended grapheme clusters (UAX #29), as
    ``regex``'s ``\\X`` finds them and the browser's ``Intl.Segmenter`` does."""

    __slots__ = ("_bounds", "_index")

    def __init__(self, text: str) -> None:
        import regex  # the field's UAX #29 implementation; only grapheme offsets need it

        self._bounds = [0, *(m.end() for m in regex.finditer(r"\X", text))]
        self._index = {b: i for i, b in enumerate(self._bounds)}

    def is_boundary(self, offset: int) -> bool:
        return offset in self._index

    def to_graphemes(self, offset: int) -> int:
        """Grapheme count before a code point offset; ValueError inside a cluster."""
        try:
            return self._index[offset]
        except KeyError:
            raise ValueError(f"code point offset {offset} falls inside a grapheme cluster") from None

    def from_graphemes(self, offset: int) -> int:
        if not 0 <= offset < len(self._bounds):
            raise ValueError(f"grapheme offset {offset} is past the end of the text ({len(self._bounds) - 1})")
        return self._bounds[offset]


UNITS = ("codepoints", "utf16", "graphemes")


class Units:
    """One text's offsets in any of ``UNITS``; maps are built when first asked for."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._utf16: OffsetMap | None = None
        self._graphemes: GraphemeMap | None = None

    @property
    def utf16(self) -> OffsetMap:
        if self._utf16 is None:
            self._utf16 = OffsetMap(self.text)
        return self._utf16

    @property
    def graphemes(self) -> GraphemeMap:
        if self._graphemes is None:
            self._graphemes = GraphemeMap(self.text)
        return self._graphemes

    def convert(self, offset: int, units: str) -> int:
        """A code point offset in ``units`` (ValueError when it has no place there)."""
        if units == "graphemes":
            return self.graphemes.to_graphemes(offset)
        return self.utf16.convert(offset, units)

    def back(self, offset: int, units: str) -> int:
        """An offset in ``units`` as a code point offset (ValueError when it cannot be one)."""
        if units == "graphemes":
            return self.graphemes.from_graphemes(offset)
        return self.utf16.back(offset, units)


# -- which units a file counts in, when it does not say -----------------------------------
def _fits(text: str, start: int, end: int, quote: str | None, units: Units) -> int:
    """How well a code point span fits the text: 0 when impossible, higher is better."""
    if not 0 <= start < end <= len(text):
        return 0
    if quote is not None:
        return 4 if text[start:end] == quote else 0
    score = 1 + units.graphemes.is_boundary(start) + units.graphemes.is_boundary(end)
    word = (start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())) and (
        end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum())
    )
    return score + word


def to_codepoints(raw: list[tuple[Any, Any]], units: Units, unit: str) -> list[tuple[Any, Any]]:
    """(start, end) pairs read in ``unit`` as code points; (None, None) where one cannot be."""
    out = []
    for start, end in raw:
        if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool | float):
            try:
                start, end = units.back(start, unit), units.back(end, unit)
            except ValueError:
                start, end = None, None
        out.append((start, end))
    return out


def choose_units(
    text: str, raw: list[tuple[Any, Any]], quotes: list[str | None], units: Units, tried: tuple[str, ...]
) -> str | None:
    """The unit of ``tried`` under which one record's spans fit its text best (the first, the
    format's default, on a tie); None when every unit reads them the same (nothing to choose).

    A file from a JavaScript tool may count UTF-16 code units or code points and seldom says
    which; the spans' quotes, and grapheme and word boundaries, tell them apart."""
    readings = {unit: to_codepoints(raw, units, unit) for unit in tried}
    if all(spans == readings[tried[0]] for spans in readings.values()):
        return None
    best, best_score = tried[0], -1
    for unit, spans in readings.items():
        score = sum(
            _fits(text, s, e, q, units) if isinstance(s, int) else 0 for (s, e), q in zip(spans, quotes, strict=True)
        )
        if score > best_score:
            best, best_score = unit, score
    return best


def detected_note(fmt: str, chosen: dict[str, int], record: str) -> str:
    """The import's note on the units ``choose_units`` found: unit -> how many records."""
    how = ", ".join(f"{unit} for {plural(n, record)}" for unit, n in sorted(chosen.items()))
    return (
        f"{fmt}: offsets detected as {how} (spans fit their quotes, grapheme and word "
        "boundaries best that way; give --offsets to choose)"
    )
