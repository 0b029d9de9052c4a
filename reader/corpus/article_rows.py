"""The articles a library listing shows, read from the library index as far as they are asked for.

Why apart: a listing of a million articles is never a list. It is a sort order of the
index (4 bytes a row) and, when filtered, one 0/1 byte per row; the chosen rows are put in
order only as far as the screen asks (the first screenful, then more as the user scrolls),
and the rows themselves are fetched from ``reader.corpus.library_db`` when drawn.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from itertools import compress
from typing import TYPE_CHECKING, overload

from reader.core.article import ArticleMeta

if TYPE_CHECKING:
    from reader.corpus.library_db import LibraryDb

_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")
_LISTED_STEP = 4096  # order entries looked at first; doubled each time more rows are wanted
_INDEX_PART = 65536  # order entries read at a time while looking for an article's place


class ArticleRows(Sequence[ArticleMeta]):
    """Articles listed from the index: row ids in memory, rows fetched when asked for.

    A filtered listing keeps the sort order and the filter's 0/1 byte per row id, and puts
    the chosen row ids in order only as far as they are asked for: the screen draws the first
    rows and shows the count (a byte count), so a keystroke does not pass over the whole
    order; scrolling down lists more.
    """

    def __init__(self, db: LibraryDb, order: array, chosen: bytes | None = None) -> None:
        self.db = db
        self._order = order
        self._chosen = chosen  # None: every row of ``order``
        self._count = len(order) if chosen is None else chosen.count(1)
        self._listed = order if chosen is None else array("i")
        self._scanned = 0  # how much of ``order`` went into ``_listed``

    def _list_until(self, count: int) -> None:
        """Put chosen row ids in order until ``count`` are (or the order is done)."""
        chosen, order = self._chosen, self._order
        step = _LISTED_STEP
        while len(self._listed) < count and chosen is not None and self._scanned < len(order):
            part = order[self._scanned : self._scanned + step]
            self._listed.extend(compress(part, map(chosen.__getitem__, part)))
            self._scanned += len(part)
            step *= 2

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> ArticleMeta: ...
    @overload
    def __getitem__(self, index: slice) -> list[ArticleMeta]: ...
    def __getitem__(self, index: int | slice) -> ArticleMeta | list[ArticleMeta]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            self._list_until(stop if step == 1 else self._count)
            return self.db.metas(self._listed[start:stop:step])
        if not -self._count <= index < self._count:
            raise IndexError(index)
        index %= self._count
        self._list_until(index + 1)
        rowid = self._listed[index]
        found = self.db.kept(rowid)
        if found is not None:
            return found
        start = max(0, index - 32)
        self._list_until(start + 128)
        self.db.metas(self._listed[start : start + 128])  # the rows around it: the screen asks for them next
        return self.db.metas([rowid])[0]

    def __iter__(self) -> Iterator[ArticleMeta]:
        for start in range(0, self._count, 500):
            self._list_until(start + 500)
            yield from self.db.metas(self._listed[start : start + 500])

    def index_of(self, article_id: str) -> int | None:
        """Where the article is listed, or None."""
        rowid = self.db.rowid(article_id)
        chosen, order = self._chosen, self._order
        if rowid is None or (chosen is not None and not chosen[rowid]):
            return None
        if chosen is None:
            try:
                return order.index(rowid)
            except ValueError:
                return None
        # The chosen rows before it, in order: the filter's bytes read in sort order, a part at a
        # time, with the article's own byte set to 2 so that finding it ends the walk.
        marked = bytearray(chosen)
        marked[rowid] = 2
        before = 0
        for start in range(0, len(order), _INDEX_PART):
            part = bytes(map(marked.__getitem__, order[start : start + _INDEX_PART]))
            found = part.find(2)
            if found >= 0:
                return before + part.count(1, 0, found)
            before += part.count(1)
        return None

    def keep(self, rowids: Sequence[int], *, inside: bool) -> ArticleRows:
        """These rows narrowed to those in ``rowids`` (``inside``) or not in them."""
        chosen = self.db.selectors(rowids)
        if not inside:
            chosen = chosen.translate(_FLIP)
        if self._chosen is not None:
            chosen = (int.from_bytes(chosen, "big") & int.from_bytes(self._chosen, "big")).to_bytes(len(chosen), "big")
        return ArticleRows(self.db, self._order, bytes(chosen))
