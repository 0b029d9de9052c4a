"""Spans made on another text are shown as STALE, and the notice says which other text.

Two cases reach the same table: the article's source was edited since the spans were made
(same article, new text), or another corpus numbers its articles alike (two JSONL files whose
ids both start at 1) and its article was annotated under the same id. The notice must not
call the second an edit of the first.
"""

from __future__ import annotations

import json

from conftest import Notices, wait_ready

from annotations.store.database import AnnotationStore
from reader.corpus.loader import open_corpus
from reader.ui.screens.article import ArticleScreen

ALPHA = {"id": "1", "title": "Alpha talks", "text": "Hamas demanded a ceasefire in Gaza on Monday."}


def corpus_file(path, record):
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def tagged_database(root, corpus):
    """A database with one demand on the first article of ``corpus``."""
    db = root / "annotations.db"
    article = open_corpus(str(corpus)).load("1")
    with AnnotationStore.open(db, annotator="tester") as store:
        store.remember_article(article)
        store.add_span(article, 0, 5, "demand")
    return db


async def stale_notices(make_app, corpus, db) -> list[str]:
    app = make_app(corpus, db=db)
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await wait_ready(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert [s.quote for s in app.screen.stale] == ["Hamas"]
    return [m for m in said.messages if "STALE" in m]


async def test_a_span_from_another_corpus_with_the_same_id_names_that_article(make_app, tmp_path):
    db = tagged_database(tmp_path, corpus_file(tmp_path / "alpha.jsonl", ALPHA))
    beta = {"id": "1", "title": "Beta market", "text": "Shares rose in London as oil prices fell."}
    said = await stale_notices(make_app, corpus_file(tmp_path / "beta.jsonl", beta), db)
    assert said == [
        "1 span was made on another article stored under the id '1', 'Alpha talks': two corpora use "
        "this id (open one with --db PATH to keep its annotations apart); it is kept and listed as STALE"
    ]


async def test_a_span_on_an_edited_text_of_the_same_article_says_the_source_changed(make_app, tmp_path):
    db = tagged_database(tmp_path, corpus_file(tmp_path / "alpha.jsonl", ALPHA))
    edited = dict(ALPHA, text="Hamas demanded a ceasefire in Gaza on Monday night.")
    said = await stale_notices(make_app, corpus_file(tmp_path / "alpha.jsonl", edited), db)
    assert said == ["1 span no longer matches this article's text (the source changed); it is kept and listed as STALE"]
