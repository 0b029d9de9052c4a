"""How counts, dates and statuses are written for people, in one place.

Every message that counts something ("1 span", "2 spans") goes through ``plural``, so
no screen, command or export note says "1 spans" or hedges with "span(s)".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.article import Article

STATUS_NAMES = {"todo": "to do"}  # stored names that read badly in a sentence


def plural(count: int, noun: str, plural_noun: str | None = None, *, sign: bool = False) -> str:
    """``count`` and ``noun``, the noun plural unless the count is one: "1 span", "1,204 spans".

    ``plural_noun`` for irregular plurals ("1 entry", "3 entries"); ``sign`` writes "+1 span".
    """
    word = noun if abs(count) == 1 else (plural_noun or noun + "s")
    number = f"{count:+,d}" if sign else f"{count:,d}"
    return f"{number} {word}"


def status_name(status: str) -> str:
    """An article status as a person reads it ("to do", not the stored "todo")."""
    return STATUS_NAMES.get(status, status)


def display_date(value: str) -> str:
    """An ISO 8601 date or timestamp as its date ("2026-12-02T00:00:00+00:00" -> "2026-12-02").

    Anything that is not ISO 8601 (a feed's free-form date, "") is returned as it is.
    """
    value = value.strip()
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return value


def with_spans(articles: int) -> str:
    """How many articles carry annotations: "1 has spans", "3 have spans"."""
    return f"{articles:,} {'has' if articles == 1 else 'have'} spans"


def meta_line(article: Article) -> str:
    """The line under an article's title: source, date, author, words, id and URL, those it has."""
    parts = [
        article.source,
        display_date(article.published),
        article.author,
        plural(article.word_count, "word"),
        article.id,
        article.url,
    ]
    return "  ·  ".join(part for part in parts if part)


def counts_line(counts: dict[str, int], order: Sequence[str]) -> str:
    """Spans per label in the schema's ``order`` (others after, by name): "demand 2 · concession 1"."""
    rank = {name: i for i, name in enumerate(order)}
    return " · ".join(f"{name} {n}" for name, n in sorted(counts.items(), key=lambda kv: (rank.get(kv[0], 999), kv[0])))
