"""The library's sort orders and its metadata filter, apart from the screen that shows them.

Why a module of its own: sorting and filtering 100,000 articles is the library's hot path
(the loader thread sorts, every keystroke filters), and it is plain data work that unit
tests and the benchmarks drive without a terminal.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Callable, Collection
from functools import cache, cached_property
from itertools import chain, compress, repeat
from operator import attrgetter, contains, itemgetter
from typing import TYPE_CHECKING, NamedTuple

from reader.core.article import ArticleMeta
from reader.text.tokens import char_ranges

if TYPE_CHECKING:
    from reader.corpus.gram_index import GramIndex  # built by the loader thread, after startup


@cache
def _combining_marks() -> re.Pattern[str]:
    """Accents and other combining marks (combining class above 0), as one character class."""
    points = [cp for cp in range(0x300, 0x20000) if unicodedata.combining(chr(cp))]
    return re.compile(f"[{char_ranges(points)}]")


def title_key(title: str) -> str:
    """A title as it sorts: without case or accents, so "Égypte" sorts with "Egypt".

    The usual normalisation key (NFKD, combining marks dropped, casefolded): ``locale.strxfrm``
    does nothing under the C locale most terminals here run in, and ICU is a heavy dependency.
    """
    if title.isascii():
        return title.casefold()
    return _combining_marks().sub("", unicodedata.normalize("NFKD", title)).casefold()


def sort_metas(metas: list[ArticleMeta], sort: str) -> list[ArticleMeta]:
    """Articles in a sort order. String keys (no NUL in ids) compare faster than tuples,
    which matters when 100,000 are sorted while the UI waits on the GIL."""
    if sort == "title":
        return sorted(metas, key=title_sort_key)
    if sort == "date":
        dated = sorted(filter(is_sortable_date, metas), key=date_sort_key, reverse=True)
        return dated + [m for m in metas if not is_sortable_date(m)]
    return list(metas)


def title_sort_key(meta: ArticleMeta) -> str:
    return title_key(meta.title) + "\x00" + meta.id


def date_sort_key(meta: ArticleMeta) -> str:
    """Newest first is this key descending, for the articles whose date ``is_sortable_date``."""
    return meta.published + "\x00" + meta.id


def is_sortable_date(meta: ArticleMeta) -> bool:
    """Whether the article's date sorts as text: ISO, year first ("2024-03-01T10:00").

    Feeds and front matter are stored that way; a JSONL file may give anything ("yesterday",
    "3 March"), and such a date, like none, goes after the dated articles instead of
    sorting by its first letter above every year.
    """
    return meta.published[:4].isdigit()


def haystack(meta: ArticleMeta) -> str:
    """What the library filter searches for one article (casefolded metadata)."""
    return f"{meta.title}\n{meta.source}\n{meta.published}\n{meta.author}\n{meta.id}".casefold()


class SortedIndex:
    """Articles in one sort order with their haystacks, filtered by substring.

    Without a gram index (while it is being built) a query costs one C-level ``in`` per
    article (``map`` over ``operator.contains``). With one, it costs a
    few big-integer operations, and for queries of three characters or more an ``in`` per
    candidate only (see ``reader.corpus.gram_index``).
    """

    def __init__(self, metas: list[ArticleMeta], haystacks: dict[str, str], sort: str = "") -> None:
        self.sort = sort
        self.metas = metas
        self._haystacks = haystacks
        self.grams: GramIndex | None = None
        self._reorder: Callable[[bytearray], Collection[int]] | None = None

    # Built on first use: while a corpus loads, the library lists a new index per batch and
    # filters none of them (each would cost the UI thread a pass over the corpus). The loader thread
    # builds them for the final index (see ``prepare``).
    @cached_property
    def parts(self) -> list[str]:
        """The haystack of each article, in this order."""
        return [self._haystacks[m.id] for m in self.metas]

    @cached_property
    def position(self) -> dict[str, int]:
        """Article id -> its index in this order."""
        return {m.id: i for i, m in enumerate(self.metas)}

    def prepare(self) -> SortedIndex:
        """Build the lazy parts now (call it on a worker thread)."""
        _ = self.parts, self.position
        return self

    def use_grams(self, grams: GramIndex, built_over: SortedIndex) -> None:
        """Answer from ``grams``, which was built over ``built_over.parts`` (maybe another order).

        For another order, the gram index's selectors are permuted by one ``itemgetter``
        call, which is cheaper than a second index.
        """
        if grams.size != len(self.metas):
            return  # built for another corpus (a reload happened meanwhile)
        if built_over is self:  # the usual case, and free: this runs on the UI thread
            self.grams, self._reorder = grams, None
            return
        try:
            order = [built_over.position[m.id] for m in self.metas]
        except KeyError:
            return  # another corpus of the same size
        self.grams = grams
        if order == list(range(len(order))):
            self._reorder = None
        elif len(order) == 1:
            self._reorder = lambda selectors: (selectors[order[0]],)
        else:
            self._reorder = itemgetter(*order)

    def matches(self, query: str, within: Matches | None = None) -> Matches:
        """Articles whose metadata contains ``query`` (casefolded), in this order.

        ``within``: the answer to a query that this one extends (typing narrows), so only
        those articles are tested. Otherwise the gram index names the candidates (or the
        exact answer), and without one every article is tested.
        """
        if within is not None and within.parts is not None:
            metas, parts = within.metas, within.parts
        elif self.grams is None:
            metas, parts = self.metas, self.parts
        else:
            chosen, exact = self.grams.selectors(query)
            if self._reorder is not None:
                chosen = self._reorder(chosen)
            metas = list(compress(self.metas, chosen))
            if exact:  # haystacks only for an answer small enough to be narrowed later
                small = len(metas) <= len(self.metas) // 2
                return Matches(metas, list(compress(self.parts, chosen)) if small else None)
            parts = list(compress(self.parts, chosen))
        held = list(map(contains, parts, repeat(query)))
        return Matches(list(compress(metas, held)), list(compress(parts, held)))

    def matching(self, query: str, extra_ids: Collection[str] = frozenset()) -> list[ArticleMeta]:
        """The articles of ``matches(query)`` plus those whose id is in ``extra_ids``, in this order."""
        found = self.matches(query).metas
        extra = [self.position[x] for x in extra_ids if x in self.position]
        if not extra:
            return found
        chosen = bytearray(len(self.metas))
        held = chain(map(self.position.__getitem__, map(attrgetter("id"), found)), extra)
        deque(map(chosen.__setitem__, held, repeat(1)), 0)
        return list(compress(self.metas, chosen))


class Matches(NamedTuple):
    """A filter's answer: the articles in order, with their haystacks for the next, narrower query."""

    metas: list[ArticleMeta]
    parts: list[str] | None  # None when the answer is too broad to be worth narrowing
