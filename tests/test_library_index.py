"""The library filter's indexes give exactly what a plain substring test gives, in sort order."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.article import ArticleMeta
from reader.corpus.gram_index import BuildCancelled, GramIndex
from reader.corpus.library_index import Matches, SortedIndex, haystack, sort_metas


def meta(i: int, title: str, source: str = "", published: str = "") -> ArticleMeta:
    return ArticleMeta(
        id=f"a{i:03d}", title=title, source=source, published=published, url="", author="", word_count=0, location=""
    )


def plain(metas: list[ArticleMeta], query: str) -> list[str]:
    return [m.id for m in metas if query in haystack(m)]


def indexes(metas: list[ArticleMeta], sort: str) -> tuple[SortedIndex, SortedIndex]:
    """The same order without and with a gram index (built over the date order, as the app does)."""
    hay = {m.id: haystack(m) for m in metas}
    built_over = SortedIndex(sort_metas(metas, "date"), hay, "date")
    grams = GramIndex.build(built_over.parts)
    scanning = SortedIndex(sort_metas(metas, sort), hay, sort)
    indexed = SortedIndex(sort_metas(metas, sort), hay, sort)
    indexed.use_grams(grams, built_over)
    return scanning, indexed


def corpus(n: int, seed: int = 3) -> list[ArticleMeta]:
    rng = random.Random(seed)
    words = ["Gaza", "ceasefire", "Kyiv", "Çağrı", "Straße", "北京", "talks", "😀 emoji", "Reuters", "courier", "x"]
    sources = ["Reuters", "AP", "Al Jazeera", "", "Courier"]
    return [
        meta(
            i,
            " ".join(rng.choice(words) for _ in range(rng.randint(1, 6))),
            rng.choice(sources),
            f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" if rng.random() < 0.8 else "",
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("sort", ["date", "title", "corpus"])
def test_every_query_matches_the_plain_test_in_sort_order(sort: str) -> None:
    metas = corpus(400)  # 400/32: common grams are bit sets, rare ones (北京, emoji) position arrays
    scanning, indexed = indexes(metas, sort)
    order = [m.id for m in sort_metas(metas, sort)]
    queries = [
        "g",
        "ga",
        "gaz",
        "gaza",
        "c",
        "co",
        "courier",
        "北",
        "北京",
        "😀",
        "strasse",
        "straße",
        "2024-03",
        "\n",
        "zzz",
        "q",
        "a ",
        "reuters\n",
        "x x",
        "ça",
    ]
    for query in queries:
        want = [i for i in order if i in set(plain(metas, query))]
        assert [m.id for m in scanning.matching(query)] == want, query
        assert [m.id for m in indexed.matching(query)] == want, query
        if len(query) > 1:  # typing narrows: the answer to a prefix holds every answer
            within = indexed.matches(query[:-1])
            assert [m.id for m in indexed.matches(query, within).metas] == want, query


def test_extra_ids_join_the_metadata_matches_in_order() -> None:
    metas = corpus(100)
    _, indexed = indexes(metas, "title")
    extra = {metas[5].id, metas[50].id, "not-in-corpus"}
    got = [m.id for m in indexed.matching("gaza", extra)]
    want = [m.id for m in sort_metas(metas, "title") if "gaza" in haystack(m) or m.id in extra]
    assert got == want and metas[5].id in got


def test_grams_for_another_corpus_are_not_used() -> None:
    metas = corpus(50)
    hay = {m.id: haystack(m) for m in metas}
    other = SortedIndex(metas[:49], hay)
    grams = GramIndex.build(other.parts)
    index = SortedIndex(metas, hay)
    index.use_grams(grams, other)
    assert index.grams is None
    assert [m.id for m in index.matching("gaza")] == plain(metas, "gaza")


def test_building_stops_when_cancelled() -> None:
    with pytest.raises(BuildCancelled):
        GramIndex.build(["a"] * 10, cancelled=lambda: True)


def test_common_and_rare_grams_are_held_differently() -> None:
    parts = ["ab"] * 64 + ["zq"]
    grams = GramIndex.build(parts)
    assert "ab" in grams._dense and "zq" in grams._sparse  # 64/65 records vs 1
    chosen, exact = grams.selectors("zq")
    assert exact and list(chosen) == [0] * 64 + [1]
    chosen, exact = grams.selectors("abz")  # 'bz' is in no record
    assert exact and not any(chosen)


@settings(max_examples=60, deadline=None)
@given(
    titles=st.lists(st.text(alphabet="abcÄäß京 \n-", max_size=12), min_size=1, max_size=80),
    query=st.text(alphabet="abcÄäß京 -", min_size=1, max_size=4),
)
def test_gram_answers_equal_a_scan(titles: list[str], query: str) -> None:
    metas = [meta(i, t) for i, t in enumerate(titles)]
    _, indexed = indexes(metas, "corpus")
    q = query.casefold()
    assert [m.id for m in indexed.matching(q)] == plain(metas, q)


def test_narrowing_tests_only_the_previous_answer() -> None:
    metas = corpus(200)
    _, indexed = indexes(metas, "corpus")
    previous = Matches(indexed.metas[:20], indexed.parts[:20])
    got = [m.id for m in indexed.matches("a", previous).metas]
    assert got == [m.id for m in metas[:20] if "a" in haystack(m)]
    assert len(got) < len(indexed.matches("a").metas)  # the rest of the corpus was not looked at


def test_dates_that_are_not_iso_sort_after_the_dated_articles_with_the_undated() -> None:
    metas = [
        meta(1, "a", published="yesterday"),
        meta(2, "b", published="2024-03-01"),
        meta(3, "c"),
        meta(4, "d", published="2025-01-02T10:00:00+00:00"),
        meta(5, "e", published="March 3"),
    ]
    assert [m.id for m in sort_metas(metas, "date")] == ["a004", "a002", "a001", "a003", "a005"]
