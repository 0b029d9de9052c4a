"""A corpus listed from its library index on disk (``reader.corpus.library_db``).

Why a class of its own: ``Corpus`` keeps every ``ArticleMeta`` in a list and a dict by id,
which a million articles do not fit in; this one asks the index for a row when one is wanted,
and reads texts as ``Corpus`` does.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator

from reader.core.article import ArticleMeta
from reader.core.errors import UserError
from reader.corpus.library_db import LibraryDb
from reader.corpus.loader import ArticleNotFound, Corpus


class IndexedCorpus(Corpus):
    """A corpus listed from its library index: rows are read from disk when asked for."""

    def __init__(self, name: str, db: LibraryDb) -> None:  # no super().__init__: it indexes every meta
        self.name = name
        self.db = db
        self.warnings = list(db.warnings)
        self.metas = db.rows("corpus")  # type: ignore[assignment]
        self._inline = {}
        self._lru = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self.db.size

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and self.db.rowid(article_id) is not None

    def __iter__(self) -> Iterator[ArticleMeta]:
        return iter(self.metas)

    def meta(self, article_id: str) -> ArticleMeta:
        rowid = self.db.rowid(article_id)
        found = self.db.metas([rowid]) if rowid is not None else []
        if not found:
            raise ArticleNotFound(f"no article with id {article_id!r} in {self.name}")
        return found[0]

    def texts(self) -> Iterator[tuple[str, str]]:
        for meta in self.metas:
            try:
                yield meta.id, self.text_of(meta)
            except UserError:
                continue
