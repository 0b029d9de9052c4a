"""A title, source or date the analyst corrected (``i``) sorts and filters the library as if
the corpus had it: the library index on disk and the in-memory listing give exactly what
``sort_metas`` and a plain substring test give over the corrected articles, for every sort,
many queries and many draws of corrections; in the app, through the keys."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import wait_ready
from test_library_db import folder
from test_library_index import corpus as random_metas
from textual.widgets import Input

from reader.core.article import ArticleMeta
from reader.corpus.gram_index import GramIndex
from reader.corpus.library_build import build
from reader.corpus.library_db import LibraryDb
from reader.corpus.library_index import SortedIndex, haystack, sort_metas
from reader.ui.library_listing import LibraryListing
from reader.ui.widgets.article_list import ArticleList

QUERIES = ["", "g", "za", "zanzibar", "gaza", "reuters", "corrected wire", "2030", "2024-0", "yesterday", "a0"]


def metas_with_odd_dates(n: int) -> list[ArticleMeta]:
    """Random metadata, some dated "yesterday" (not ISO: listed with the undated)."""
    metas = random_metas(n)
    return [replace(m, published="yesterday") if i % 7 == 3 else m for i, m in enumerate(metas)]


def draw_corrections(metas: list[ArticleMeta], seed: int) -> dict[str, dict[str, str]]:
    rng = random.Random(seed)
    out: dict[str, dict[str, str]] = {"not-in-this-corpus": {"title": "Zanzibar elsewhere"}}
    for meta in rng.sample(metas, rng.randint(1, 25)):
        fields: dict[str, str] = {}
        if rng.random() < 0.6:
            fields["published"] = rng.choice(["2030-01-01", "2000-01-01", "2024-05-15", meta.published or "2024-01-01"])
        if rng.random() < 0.6:
            fields["title"] = rng.choice(["Zanzibar talks", "aaa first", "zzz last", meta.title + " x", "Égypte"])
        if rng.random() < 0.3:
            fields["source"] = "Corrected Wire"
        out[meta.id] = fields or {"title": meta.title}  # the same title: corrected to what it was
    return out


def corrected(metas: list[ArticleMeta], fixes: dict[str, dict[str, str]]) -> list[ArticleMeta]:
    return [replace(m, **fixes[m.id]) if m.id in fixes else m for m in metas]


def expected(metas: list[ArticleMeta], sort: str, query: str) -> list[str]:
    return [m.id for m in sort_metas(metas, sort) if query in haystack(m)]


@pytest.mark.parametrize("seed", range(12))
def test_the_index_on_disk_sorts_and_filters_by_the_corrections(tmp_path: Path, seed: int) -> None:
    metas = metas_with_odd_dates(200)
    build(tmp_path / "x.sqlite", "sig", metas, [])
    db = LibraryDb(tmp_path / "x.sqlite")
    fixes = draw_corrections(metas, seed)
    db.use_corrections(fixes)
    fixed = corrected(metas, fixes)
    for sort in ("date", "title", "corpus"):
        assert [m.id for m in db.rows(sort)] == expected(fixed, sort, ""), sort
        for query in QUERIES[1:]:
            assert [m.id for m in db.select(sort, db.matching(query))] == expected(fixed, sort, query), (sort, query)
    db.use_corrections({})  # undone: the stored orders again
    assert [m.id for m in db.rows("date")] == expected(metas, "date", "")


@pytest.mark.parametrize("grams", [False, True])  # a gram index built over the metadata as loaded
@pytest.mark.parametrize("seed", range(6))
def test_the_listing_in_memory_sorts_and_filters_by_the_corrections(seed: int, grams: bool) -> None:
    metas = metas_with_odd_dates(200)
    listing = LibraryListing()
    listing.add(metas)
    if grams:
        built_over = SortedIndex(sort_metas(metas, "date"), {m.id: haystack(m) for m in metas}, "date")
        listing.use_grams(GramIndex.build(built_over.parts), built_over)
    fixes = draw_corrections(metas, seed)
    assert listing.use_corrections(fixes) and not listing.use_corrections(dict(fixes))
    fixed = corrected(metas, fixes)
    for sort in ("date", "title", "corpus"):
        for query in QUERIES:
            assert [m.id for m in listing.matching(sort, query)] == expected(fixed, sort, query), (sort, query)


async def correct(app, pilot, key: str, **fields: str) -> str:
    """In the library, go to a row with ``key`` (g: the first, G: the last), open it with Enter,
    press i, fill the fields, Enter, and go back with Esc; the article's id."""
    await pilot.press(key, "enter")
    await wait_ready(app, pilot)
    article_id = app.screen.article.id
    await pilot.press("i")
    await pilot.pause()
    for name, value in fields.items():
        app.screen.query_one(f"#{name}", Input).value = value
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("escape")
    await wait_ready(app, pilot)
    return article_id


def listed(app) -> list[ArticleMeta]:
    return [row.meta for row in app.screen.query_one(ArticleList).rows]


@pytest.mark.parametrize("where", ["seeds", "folder"])  # listed from memory, and from the index on disk
async def test_a_corrected_date_and_title_move_the_article_in_the_library(make_app, tmp_path: Path, where: str):
    app = make_app(None if where == "seeds" else str(folder(tmp_path / "news")))
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        assert (app.screen.listing.db is not None) == (where == "folder")
        oldest = await correct(app, pilot, "G", published="2031-02-03")  # newest first: G is the oldest
        assert oldest != listed(app)[-1].id
        assert listed(app)[0].id == oldest and listed(app)[0].published == "2031-02-03"
        assert app.screen.query_one(ArticleList).current.meta.id == oldest  # the cursor went with it
        await pilot.press("s")  # by title
        await pilot.pause()
        first = await correct(app, pilot, "g", title="Zzz last of all")
        assert listed(app)[-1].id == first and listed(app)[0].id != first
        assert app.screen.query_one(ArticleList).current.meta.id == first
