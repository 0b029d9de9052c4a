"""Sorting by title ignores case and accents: "Égypte" sorts with the E's."""

from __future__ import annotations

from reader.core.article import ArticleMeta
from reader.corpus.library_index import sort_metas, title_key


def test_title_sort_ignores_case_and_accents():
    titles = ["Zaporizhzhia", "égypte talks", "Egypt", "Éire", "eagle", "Fatah", "DOHA", "Ärzte", "ﬁnal", "Straße"]
    metas = [ArticleMeta(id=str(i), title=t) for i, t in enumerate(titles)]
    expected = "Ärzte|DOHA|eagle|Egypt|égypte talks|Éire|Fatah|ﬁnal|Straße|Zaporizhzhia".split("|")
    assert [m.title for m in sort_metas(metas, "title")] == expected


def test_title_key():
    assert title_key("Égypte") == title_key("egypte") == "egypte"
    assert title_key("Straße") == "strasse"
    assert title_key("Kyiv") == "kyiv"
    assert title_key("غزة") == "غزة"  # letters of other scripts stay; only their marks go
    assert title_key("مُفاوضات") == "مفاوضات"


def test_equal_keys_keep_a_stable_order_by_id():
    metas = [ArticleMeta(id="b", title="Égypte"), ArticleMeta(id="a", title="egypte")]
    assert [m.id for m in sort_metas(metas, "title")] == ["a", "b"]
