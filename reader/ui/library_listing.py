"""What the library lists: its articles in the chosen sort, narrowed by the filter.

Plain data, apart from the screen that shows it. Typing narrows: a query extending the
previous one tests only the previous answer when that answer is at most half the corpus
(else the gram index is quicker); Backspace returns to a query already answered (a small
cache of recent answers). Full-text hits, streamed in by the screen's search worker,
are listed with the metadata matches.

The analyst's corrections of titles, sources and dates (``i``, kept in the store) sort and
filter the articles they correct (``use_corrections``).

Once the corpus has a library index on disk (``reader.corpus.library_db``), the listing
answers from it instead (``use_db``): the rows are an ``ArticleRows`` sequence, row ids in
memory and rows fetched when drawn, and nothing per article stays in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.core.article import ArticleMeta
from reader.corpus.article_rows import ArticleRows
from reader.corpus.gram_index import GramIndex
from reader.corpus.library_db import LibraryDb
from reader.corpus.library_index import Matches, SortedIndex, haystack, sort_metas

if TYPE_CHECKING:
    from annotations.store.records import ArticleState

# An article in one of these is answered: "next to do" (N) passes it by.
ANSWERED = ("done", "rejected", "ignored")
RECENT_ANSWERS = 32  # filter answers kept for Backspace
RECENT_DB_ANSWERS = 8  # the same from the library index: one byte per article each


class LibraryListing:
    def __init__(self) -> None:
        self.metas: Sequence[ArticleMeta] = []  # in corpus order
        self.text_hits: set[str] = set()  # ids whose text holds the filter (the full-text search)
        self.db: LibraryDb | None = None
        self._text_selectors: bytes | None = None  # with a library index: the text hits, 0/1 per row id
        self._db_answers: dict[str, bytes] = {}
        self._haystacks: dict[str, str] = {}
        self._orders: dict[str, SortedIndex] = {}
        self._grams: tuple[GramIndex, SortedIndex] | None = None  # built over that index's order
        self._last_match: tuple[SortedIndex, str, Matches] | None = None
        self._answers: dict[str, Matches] = {}
        self._answers_index: SortedIndex | None = None
        self.corrected: dict[str, dict[str, str]] = {}  # article id -> corrected fields
        self._fixed_hay: dict[str, str] = {}  # the haystacks of the corrected articles listed (``ordered``)

    def use_corrections(self, corrected: dict[str, dict[str, str]]) -> bool:
        """Sort and filter by these corrections (article id -> title, source, published as
        corrected); whether they changed, so the rows must be listed again."""
        if corrected == self.corrected:
            return False
        self.corrected = dict(corrected)
        self._orders.clear()
        self._fixed_hay = {}
        self._answers, self._answers_index, self._last_match = {}, None, None
        self._db_answers = {}
        if self.db is not None:
            self.db.use_corrections(self.corrected)
        return True

    def _corrected_view(self) -> tuple[Sequence[ArticleMeta], dict[str, str]]:
        """The articles and their haystacks with the corrections of those in this corpus laid over."""
        fixes = {i: fields for i, fields in self.corrected.items() if i in self._haystacks}
        metas = [replace(m, **fixes[m.id]) if m.id in fixes else m for m in self.metas] if fixes else self.metas
        self._fixed_hay = {m.id: haystack(m) for m in metas if m.id in fixes} if fixes else {}
        return metas, {**self._haystacks, **self._fixed_hay} if fixes else self._haystacks

    def _corrected_hits(self, query: str) -> set[str]:
        """The corrected articles of this corpus whose corrected metadata holds ``query``: the
        gram index, built over the metadata as loaded, may not name them (``_as_corrected``
        takes out those it names for the metadata as loaded)."""
        return {i for i, hay in self._fixed_hay.items() if query in hay}

    def clear(self) -> None:
        """Nothing listed: a new load of the corpus begins."""
        self.metas = []
        self._haystacks = {}
        self._orders.clear()
        self._fixed_hay = {}
        self._grams = None
        self.db = None
        self._db_answers = {}

    def use_db(self, db: LibraryDb) -> None:
        """List from the library index on disk from now on; what was held in memory goes."""
        self.clear()
        self.db = db
        db.use_corrections(self.corrected)
        self.metas = db.rows("corpus")
        self.clear_text_hits()

    def clear_text_hits(self) -> None:
        self.text_hits = set()
        self._text_selectors = None

    def add_text_hits(self, ids: Collection[str] = (), selectors: bytes | None = None) -> bool:
        """More full-text hits: by id, or (with a library index) as 0/1 per row id; whether any was new."""
        new = set(ids) - self.text_hits
        self.text_hits |= new
        if self.db is None:
            return bool(new)
        parts = [p for p in (self._text_selectors, selectors) if p is not None]
        if new:
            parts.append(bytes(self.db.selectors(self.db.rowids(list(new)))))
        if not parts:
            return False
        merged = 0
        for part in parts:
            merged |= int.from_bytes(part, "big")
        before = self._text_selectors
        self._text_selectors = merged.to_bytes(self.db.size, "big")
        return self._text_selectors != before

    def add(
        self, metas: list[ArticleMeta], haystacks: dict[str, str] | None = None, index: SortedIndex | None = None
    ) -> None:
        """More articles in corpus order; ``index``, when the loader brings it, covers them all in its sort."""
        self.metas.extend(metas)
        self._haystacks.update(haystacks if haystacks is not None else {m.id: haystack(m) for m in metas})
        self._orders.clear()
        self._fixed_hay = {}
        self._grams = None  # the gram index covers one complete corpus; the loader builds it after the last batch
        corrected_here = any(i in self._haystacks for i in self.corrected)
        if index is not None and len(index.metas) == len(self.metas) and not corrected_here:
            self._orders[index.sort] = index

    def ordered(self, sort: str) -> SortedIndex:
        """The articles in ``sort`` order with a joined, casefolded haystack (kept per sort)."""
        index = self._orders.get(sort)
        if index is None:
            metas, hay = self._corrected_view()
            index = self._orders[sort] = SortedIndex(sort_metas(list(metas), sort), hay, sort)
            if self._grams is not None:
                index.use_grams(*self._grams)
        return index

    def use_grams(self, grams: GramIndex, built_over: SortedIndex) -> None:
        """The gram index for the whole corpus: keystrokes stop scanning."""
        self._grams = (grams, built_over)
        for index in self._orders.values():
            index.use_grams(grams, built_over)

    def matching(self, sort: str, query: str) -> Sequence[ArticleMeta]:
        """The articles in ``sort`` order whose metadata (or text, among ``text_hits``) holds ``query``."""
        if self.db is not None:
            return self._db_matching(sort, query)
        index = self.ordered(sort)
        if not query:
            self._last_match = None
            return index.metas
        query = query.casefold()
        if self._answers_index is not index:
            self._answers = {}
            self._answers_index = index
        extra = self.text_hits | self._corrected_hits(query)
        if extra:
            self._last_match = None
            return self._as_corrected(index.matching(query, extra), query)
        found = self._answers.get(query)
        if found is None:
            last = self._last_match
            narrowing = last is not None and last[0] is index and query.startswith(last[1])
            within = last[2] if narrowing and len(last[2].metas) <= len(index.metas) // 2 else None
            found = index.matches(query, within)
            self._answers[query] = found
            if len(self._answers) > RECENT_ANSWERS:
                self._answers.pop(next(iter(self._answers)))
        self._last_match = (index, query, found)
        return self._as_corrected(found.metas, query)

    def _as_corrected(self, metas: list[ArticleMeta], query: str) -> list[ArticleMeta]:
        """``metas`` less the corrected articles that only the metadata as loaded holds ``query``
        for (a gram index's exact answer for one or two characters is of that metadata)."""
        if not self._fixed_hay:
            return metas
        fixed, texts = self._fixed_hay, self.text_hits
        return [m for m in metas if m.id not in fixed or query in fixed[m.id] or m.id in texts]

    def _db_matching(self, sort: str, query: str) -> ArticleRows:
        assert self.db is not None
        if not query:
            return self.db.rows(sort)
        query = query.casefold()
        found = self._db_answers.get(query)
        if found is None:
            found = self._db_answers[query] = bytes(self.db.matching(query))
            if len(self._db_answers) > RECENT_DB_ANSWERS:
                self._db_answers.pop(next(iter(self._db_answers)))
        if self._text_selectors is not None:
            return self.db.select(sort, found, self._text_selectors)
        return self.db.select(sort, found)


def with_status(metas: Sequence[ArticleMeta], by_status: dict[str, set[str]], status: str) -> Sequence[ArticleMeta]:
    """``metas`` in ``status`` (or "unread", or "todo": in no status), by set membership
    (``by_status`` is the store's ``ids_by_status``), not a store look-up per article."""
    if status == "unread":
        ids, keep = by_status["read"], False
    elif status == "todo":
        ids, keep = set().union(*(v for k, v in by_status.items() if k != "read")), False
    else:
        ids, keep = by_status.get(status, set()), True
    if not ids:
        return [] if keep else metas
    if isinstance(metas, ArticleRows):  # from the library index: by row id, no row read
        return metas.keep(metas.db.rowids(list(ids)), inside=keep)
    if keep:
        return [m for m in metas if m.id in ids]
    return [m for m in metas if m.id not in ids]


def next_wanted(
    metas: Sequence[ArticleMeta],
    start: int | None,
    current_id: str,
    state_of: Callable[[str], ArticleState],
    which: str,
) -> str | None:
    """The id of the first article listed after place ``start`` (wrapping; None: from the top),
    other than ``current_id``, that is unread (``which="unread"``) or not answered ("todo")."""
    start = -1 if start is None else start
    for step in range(1, len(metas) + 1):
        meta = metas[(start + step) % len(metas)]
        if meta.id == current_id:
            continue
        state = state_of(meta.id)
        if (which == "unread" and not state.read) or (which == "todo" and state.status not in ANSWERED):
            return meta.id
    return None
