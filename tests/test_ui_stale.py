"""An article whose id the database already gives another text.

Two cases reach the same table:
- the article's source was edited since its spans were made (same article, new text): the
  spans are shown as STALE, "the source changed", and annotating goes on;
- another corpus gives another article the same id (two JSONL files both numbered from 1):
  the notice names the article the database keeps, and no key changes anything, since a
  change would replace that article's text and take over its status.

Ids that name the article wherever it comes from (a feed entry's, a hash of the text) are
always the first case.
"""

from __future__ import annotations

import json

import pytest
from conftest import Notices, wait_ready

from annotations.store.database import AnnotationStore
from reader.corpus.loader import open_corpus
from reader.ui.screens.article import ArticleScreen

ALPHA = {"id": "1", "title": "Alpha talks", "text": "Hamas demanded a ceasefire in Gaza on Monday."}
BETA = {"id": "1", "title": "Beta market", "text": "Shares rose in London as oil prices fell."}
HELD = (
    "the database keeps another article under the id '1', 'Alpha talks' (another corpus gives it "
    "this id); a change here would replace it, so nothing can be changed in this one: open its "
    "corpus with a database of its own (--db PATH)"
)


def corpus_file(path, record):
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def tagged_database(root, corpus, article_id="1"):
    """A database with one demand on the first article of ``corpus``, marked done."""
    db = root / "annotations.db"
    article = open_corpus(str(corpus)).load(article_id)
    with AnnotationStore.open(db, annotator="tester") as store:
        store.remember_article(article)
        store.add_span(article, 0, 5, "demand")
        store.set_status(article.id, "done")
    return db


def stored(db, article_id="1"):
    with AnnotationStore.open(db, read_only=True) as store:
        return store.article(article_id).title, [s.quote for s in store.spans(article_id)], store.state(article_id)


async def open_first_and_press(make_app, corpus, db, *keys) -> tuple[list[str], list[str]]:
    """Open the corpus's first article, press ``keys``; (what was said, what was said as an error)."""
    app = make_app(corpus, db=db)
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await wait_ready(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert [s.quote for s in app.screen.stale] == ["Hamas"]
        for key in keys:
            await pilot.press(key)
            await wait_ready(app, pilot)
    return said.messages, said.errors


# every key that changes the database from the article screen, as the README lists them
CHANGES = [("s", "1"), ("d",), ("exclamation_mark",), ("u",), ("ctrl+r",), ("s", "A"), ("i",), ("x",)]


@pytest.mark.parametrize("keys", CHANGES, ids=["+".join(k) for k in CHANGES])
async def test_another_article_under_the_same_id_is_named_and_nothing_changes_it(make_app, tmp_path, keys):
    db = tagged_database(tmp_path, corpus_file(tmp_path / "alpha.jsonl", ALPHA))
    before = stored(db)
    messages, errors = await open_first_and_press(make_app, corpus_file(tmp_path / "beta.jsonl", BETA), db, *keys)
    assert messages[0] == HELD[:1].upper() + HELD[1:] + "; 1 span made on it is listed as STALE"
    assert not any("the source changed" in m for m in messages)
    refusals = [m for m in errors if m == "Not saved: " + HELD]
    assert refusals or keys in (("x",),), errors  # x: no span of this text under the cursor, nothing to delete
    assert stored(db) == before  # its text, its span, its status and read flag: all as they were


async def test_a_span_on_an_edited_text_of_the_same_article_says_the_source_changed_and_tagging_goes_on(
    make_app, tmp_path
):
    db = tagged_database(tmp_path, corpus_file(tmp_path / "alpha.jsonl", ALPHA))
    edited = dict(ALPHA, text="Hamas demanded a ceasefire in Gaza on Monday night.")
    messages, errors = await open_first_and_press(make_app, corpus_file(tmp_path / "alpha.jsonl", edited), db, "s", "1")
    assert (
        messages[0]
        == "1 span no longer matches this article's text (the source changed); it is kept and listed as STALE"
    )
    assert errors == []
    assert stored(db)[1] == ["Hamas", edited["text"]]  # the old span kept, the new one saved


async def test_a_feed_entry_id_is_the_same_article_whatever_its_title_now(make_app, tmp_path):
    """A feed entry's id names it wherever it is read from: an entry updated with a new title
    and text is that entry, not another article."""
    entry = "feed:0123456789abcdef"
    db = tagged_database(tmp_path, corpus_file(tmp_path / "a.jsonl", dict(ALPHA, id=entry)), entry)
    updated = dict(BETA, id=entry, text="Hamas now says the ceasefire talks resume.")
    corpus = corpus_file(tmp_path / "b.jsonl", updated)
    app = make_app(corpus, db=db)
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await wait_ready(app, pilot)
        await pilot.press("s", "1")
        await wait_ready(app, pilot)
    assert said.errors == []
    assert said.messages[0].endswith("(the source changed); it is kept and listed as STALE")
    assert stored(db, entry)[:2] == ("Beta market", ["Hamas", updated["text"]])
