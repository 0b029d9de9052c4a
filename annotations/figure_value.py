"""A casualty figure as a value: the number, its qualifier, who and what (``Figure``), or why a
span's text gave none (``Unparsed``).

Why apart from the parser (``annotations.figures``): the store checks and keeps the figures the
analyst sets, and every export writes them, without parsing any text; only the article screen,
the timeline and the exports' default values parse.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

WHATS = ("killed", "wounded", "captured", "released", "displaced", "missing")
QUALIFIERS = ("more than", "at least", "about", "nearly", "up to", "fewer than")
# Multitudes that take "of" before who they count ("dozens of soldiers"; "several soldiers").
_PLURAL_MULTITUDES = {"dozens", "scores", "hundreds", "thousands", "millions"}


@dataclass(frozen=True, slots=True)
class Figure:
    """A parsed casualty figure: the stated number (``low`` to ``high``) and its parts.

    ``low == high`` for one number; a range keeps both ends. ``qualifier`` is one of QUALIFIERS
    or "" (stated plainly, or a range); ``hedge`` is the qualifier as written. ``who`` and ``what``
    are "" when the span does not say (``missing`` lists them).
    """

    low: int
    high: int
    qualifier: str = ""
    who: str = ""
    what: str = ""
    number_text: str = ""
    hedge: str = ""
    vague: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.low <= self.high:
            raise ValueError(f"a figure needs 0 <= low <= high, got {self.low}..{self.high}")
        if self.qualifier not in ("", *QUALIFIERS):
            raise ValueError(f"unknown qualifier {self.qualifier!r} (expected one of: {', '.join(QUALIFIERS)})")
        if self.what not in ("", *WHATS):
            raise ValueError(f"unknown casualty kind {self.what!r} (expected one of: {', '.join(WHATS)})")

    @property
    def value(self) -> float:
        """One number for the figure: the stated number, or the middle of a range."""
        return (self.low + self.high) / 2

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(part for part in ("who", "what") if not getattr(self, part))

    @property
    def series(self) -> tuple[str, str] | None:
        """(who, what) when both are known: the series this figure belongs to on the timeline."""
        return (self.who.casefold(), self.what) if self.who and self.what else None

    def number_words(self) -> str:
        if self.number_text:
            return self.number_text
        return f"{self.low:,}" if self.low == self.high else f"{self.low:,} to {self.high:,}"

    def describe(self) -> str:
        """One line: "about 240 Israelis captured"; missing parts said so at the end ("12 killed
        (who: not found)"), for a reader who would not guess what a bare "?" stood for."""
        return f"{self.found()} {self.missing_note()}" if self.missing else self.found()

    def found(self) -> str:
        """The parts read, in one line: "at least 229 people", "dozens of soldiers wounded"."""
        number = self.number_words()
        if self.who and self.vague and number.split()[-1].lower() in _PLURAL_MULTITUDES:
            number += " of"
        return " ".join(p for p in (self.qualifier, number, self.who, self.what) if p)

    def missing_note(self) -> str:
        """ "(who: not found)", "(who, what: not found)"; "" when nothing is missing."""
        return f"({', '.join(self.missing)}: not found)" if self.missing else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "who": self.who,
            "what": self.what,
            "number_text": self.number_text,
            "hedge": self.hedge,
            "vague": self.vague,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        return cls(**{k: data[k] for k in cls.__slots__ if k in data})

    def with_changes(self, **changes: Any) -> Figure:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Unparsed:
    """The text had no figure this parser can read; ``reason`` says why, for the analyst."""

    text: str
    reason: str

    def describe(self) -> str:
        return f"not parsed: {self.reason}"
