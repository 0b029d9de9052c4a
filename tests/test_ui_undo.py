"""u and ctrl+r in an article move this annotator's changes only, and say so when none are left."""

from __future__ import annotations

import pytest
from conftest import Notices, wait_ready

from annotations.store.database import AnnotationStore
from reader.corpus.loader import CorpusLoader


async def test_undo_in_the_app_leaves_another_annotators_tag(make_app, tmp_path):
    db = tmp_path / "shared.db"
    corpus = CorpusLoader(None).corpus()
    article = corpus.load(corpus.metas[0].id)
    with AnnotationStore.open(db, annotator="anna") as anna:
        sentence_end = article.text.index(".") + 1
        anna.add_span(article, 0, sentence_end, "concession")
    app = make_app(db=db)  # annotator "tester"
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        app.open_article(article.id)
        await pilot.pause()
        screen = app.screen
        assert screen.article.id == article.id
        await pilot.press("u")
        await pilot.pause()
        assert [s.annotator for s in app.store.spans(article.id)] == ["anna"]
        assert "Nothing of yours to undo in this article" in said.messages
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Nothing of yours to redo in this article" in said.messages
        # the tester's own tag is theirs to undo, and anna's stays
        screen.view.move_cursor(article.text.rindex("\n\n") + 2)  # the last paragraph: not anna's sentence
        await pilot.press("s", "1")
        await pilot.pause()
        assert sorted(s.annotator for s in app.store.spans(article.id)) == ["anna", "tester"]
        await pilot.press("u")
        await pilot.pause()
        assert [s.annotator for s in app.store.spans(article.id)] == ["anna"]
        assert "Undid: tag demand" in said.messages
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert sorted(s.annotator for s in app.store.spans(article.id)) == ["anna", "tester"]


async def test_undo_over_a_later_change_by_someone_else_says_who_and_changes_nothing(make_app, tmp_path):
    db = tmp_path / "shared.db"
    corpus = CorpusLoader(None).corpus()
    article = corpus.load(corpus.metas[0].id)
    app = make_app(db=db)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        app.open_article(article.id)
        await pilot.pause()
        await pilot.press("s", "1")
        await pilot.pause()
    app.store.close()
    with AnnotationStore.open(db, annotator="anna") as anna:
        (span,) = anna.spans(article.id)
        anna.update_span(span.id, label="concession")
    again = make_app(db=db)
    said = Notices(again)
    async with again.run_test(size=(120, 35)) as pilot:
        await wait_ready(again, pilot)
        again.open_article(article.id)
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert [s.label for s in again.store.spans(article.id)] == ["concession"]
        assert "Cannot undo “tag demand”: anna changed it since; nothing was changed" in said.messages


CORRECTED = {"published": "2023-10-27", "source": "Reuters", "title": "A corrected title"}


@pytest.mark.parametrize(
    "fields", [("published",), ("source",), ("title",), ("source", "title"), ("published", "source", "title")]
)
async def test_undo_and_redo_of_a_correction_name_the_fields_it_changed(make_app, fields):
    """The i form always sends date, source and title; u and ctrl+r name only those that changed."""
    from textual.widgets import Input

    from reader.ui.screens.forms import FormModal

    app = make_app()
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        app.open_article(next(meta.id for meta in app.corpus.metas if meta.id.startswith("004")))
        await wait_ready(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        for name in fields:
            app.screen.query_one(f"#{name}", Input).value = CORRECTED[name]
        await pilot.press("enter")
        await wait_ready(app, pilot)
        assert said.messages[-1] == "Article details saved"
        await pilot.press("u")
        await pilot.pause()
        assert said.messages[-1] == f"Undid: correct {', '.join(fields)}"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert said.messages[-1] == f"Redid: correct {', '.join(fields)}"
