"""Pilot tests of tagging: keys and mouse store exact code-point offsets."""

from __future__ import annotations

from conftest import Notices, wait_ready

from reader.ui.screens.article import ArticleScreen

UNICODE = (
    "Title line\n"
    "The 👨‍👩‍👧 family met 中文记者 in غزة today. Then e\u0301lan grew 🇵🇸 strong.\n"
    "Second paragraph has a demand: release 20 prisoners now. And more."
)


async def open_article(app, pilot, index=0):
    await wait_ready(app, pilot)
    for _ in range(index):
        await pilot.press("j")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


async def test_sentence_tag_stores_exact_offsets_and_quote(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(app, pilot, index=1)  # 000_...: "ready to make a partial concession"
        text = screen.article.text
        target = text.index("ready to make a partial concession")
        screen.view.move_cursor(target)
        await pilot.press("s", "2")
        await pilot.pause()
        spans = app.store.spans(screen.article.id)
        assert len(spans) == 1
        span = spans[0]
        assert span.label == "concession"
        assert span.quote == text[span.start : span.end]
        assert span.start < target < span.end
        assert span.quote.startswith("The head of the Islamic Resistance Movement")
        assert span.quote.endswith("Corona crisis.")
        assert span.annotator == "tester"
        assert span.text_sha256 == screen.article.sha256


async def test_visual_word_selection_overlap_and_undo_redo(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(app, pilot, index=1)
        text = screen.article.text
        start = text.index("partial concession")
        screen.view.move_cursor(start)
        await pilot.press("s", "2")  # the whole sentence: concession
        screen.view.move_cursor(start)
        await pilot.press("v", "e", "w", "e", "1")  # "partial concession": demand, nested inside
        await pilot.pause()
        spans = sorted(app.store.spans(screen.article.id), key=lambda s: s.end - s.start)
        assert [s.label for s in spans] == ["demand", "concession"]
        assert spans[0].quote == "partial concession"
        assert spans[1].start <= spans[0].start < spans[0].end <= spans[1].end  # nested inside
        await pilot.press("u")
        await pilot.pause()
        assert [s.label for s in app.store.spans(screen.article.id)] == ["concession"]
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(app.store.spans(screen.article.id)) == 2


async def test_undo_redo_survive_a_restart(make_app, tmp_path):
    db = tmp_path / "restart.db"
    app = make_app(db=db)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(app, pilot)
        article_id = screen.article.id
        await pilot.press("s", "1", "j", "j", "s", "3")
        await pilot.pause()
        assert len(app.store.spans(article_id)) == 2
    app.store.close()
    app2 = make_app(db=db)
    async with app2.run_test(size=(120, 35)) as pilot:
        await wait_ready(app2, pilot)
        app2.open_article(article_id)
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert [s.label for s in app2.store.spans(article_id)] == ["demand"]
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert sorted(s.label for s in app2.store.spans(article_id)) == ["casualty figure", "demand"]


async def test_delete_note_flag_and_status(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(app, pilot)
        article_id = screen.article.id
        await pilot.press("s", "3")
        await pilot.pause()
        span = app.store.spans(article_id)[0]
        screen.view.move_cursor(span.start + 1)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"figure from Israeli media")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.store.span(span.id).note == "figure from Israeli media"
        await pilot.press("F")
        await pilot.pause()
        assert app.store.span(span.id).flagged
        assert app.store.state(article_id).status == "in progress"
        await pilot.press("d")
        await pilot.pause()
        assert app.store.state(article_id).status == "done"
        await pilot.press("x")
        await pilot.pause()
        assert app.store.spans(article_id) == []
        await pilot.press("u")
        await pilot.pause()
        assert len(app.store.spans(article_id)) == 1


async def test_keys_and_mouse_store_exact_offsets_on_unicode(make_app, tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_text(UNICODE, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot)
        text = screen.article.text
        view = screen.view
        # keys: select "中文记者" with v + e
        view.move_cursor(text.index("中文记者"))
        await pilot.press("v", "e", "1")
        await pilot.pause()
        # mouse: drag over "غزة" (Arabic) using the layout's own cell positions
        start = text.index("غزة")
        y0, x0 = view.text_layout.position(start)
        y1, x1 = view.text_layout.position(start + 2)
        pad = view.gutter.left + view.text_left
        await pilot.mouse_down(view, offset=(x0 + pad, y0))
        await pilot.hover(view, offset=(x1 + pad, y1))
        await pilot.mouse_up(view, offset=(x1 + pad, y1))
        await pilot.press("2")
        # mouse over the family emoji + "family": a ZWJ sequence is one grapheme
        fam = text.index("👨")
        y2, x2 = view.text_layout.position(fam)
        y3, x3 = view.text_layout.position(text.index("family") + 5)
        await pilot.mouse_down(view, offset=(x2 + pad, y2))
        await pilot.hover(view, offset=(x3 + pad, y3))
        await pilot.mouse_up(view, offset=(x3 + pad, y3))
        await pilot.press("3")
        await pilot.pause()
        got = {(s.label, s.quote, s.start, s.end) for s in app.store.spans(screen.article.id)}
        assert ("demand", "中文记者", text.index("中文记者"), text.index("中文记者") + 4) in got
        assert ("concession", "غزة", start, start + 3) in got
        assert ("casualty figure", "👨‍👩‍👧 family", fam, text.index("family") + 6) in got
        for _, quote, s, e in got:
            assert text[s:e] == quote


async def test_read_only_refuses_changes(make_app, tmp_path):
    db = tmp_path / "ro.db"
    make_app(db=db).store.close()
    app = make_app(db=db, read_only=True)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(app, pilot)
        await pilot.press("s", "1")
        await pilot.pause()
        assert app.store.spans(screen.article.id) == []


async def test_adjusting_from_the_span_panel_keeps_the_span_and_moves_its_edge(make_app):
    """r on a span chosen in the span panel, ] and Enter: the start moves a word, nothing shrinks."""
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s", "3")
        await pilot.pause()
        (before,) = app.store.spans(app.screen.article.id)
        app.screen.query_one("#spans").focus()
        await pilot.pause()
        await pilot.press("down", "r", "right_square_bracket", "enter")
        await pilot.pause()
        (after,) = app.store.spans(app.screen.article.id)
        assert after.end == before.end
        assert before.start < after.start < before.end
        assert len(after.quote) > 1


async def test_label_picker_matches_keys_and_names_not_descriptions(make_app):
    """Typing a label's key in the picker (t) keeps that label first; "casualty figure",
    whose description mentions "12", is not offered for "1"."""
    from textual.widgets import OptionList

    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(app, pilot)
        await pilot.press("s", "t", "1")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown == ["[1] demand"]
        await pilot.press("enter")
        await pilot.pause()
        assert [s.label for s in app.store.spans(screen.article.id)] == ["demand"]
        await pilot.press("s", "t", *"fig")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown == ["[3] casualty figure"]
        await pilot.press("escape")


async def test_reject_and_ignore_the_article_as_prodigy_answers(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(app, pilot)
        article_id = screen.article.id
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert app.store.state(article_id).status == "rejected"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.store.state(article_id).status == "ignored"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.store.state(article_id).status == "rejected"  # the answer the ignore replaced
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert app.store.state(article_id).status == "todo"
        await pilot.press("ctrl+x", "u")
        await pilot.pause()
        assert app.store.state(article_id).status == "todo"  # undone like any status change
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter", "ctrl+x", "escape")
        await pilot.pause()
        assert "✗" in app.screen.query_one("ArticleList").render_line(1).text  # the first row: its glyph


async def test_an_article_marked_done_without_spans_is_exported_as_a_reviewed_negative(make_app, tmp_path):
    from annotations.formats import export_dataset, store_records

    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(app, pilot)
        article_id = screen.article.id
        await pilot.press("d")
        await pilot.pause()
        report = export_dataset(store_records(app.store), "doccano", tmp_path / "d.jsonl")
    assert report.articles == 1
    (line,) = (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()
    assert f'"article_id":"{article_id}"' in line and '"label":[]' in line


async def test_a_note_typed_fast_and_saved_at_once_is_saved_whole(make_app):
    """Keys arrive in a burst (a fast typist, a paste, a busy machine): ctrl+s saves what was typed."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s", "1")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        typed = "figure from Israeli media, checked twice"
        for char in typed:  # as the terminal driver posts them, without waiting
            app.post_message(events.Key(char if char != " " else "space", char))
        app.post_message(events.Key("ctrl+s", None))
        await wait_ready(app, pilot)
        [span] = app.store.spans(app.screen.article.id)
        assert span.note == typed


async def test_unflag_unreject_unignore_give_back_the_status_before(make_app):
    """A done article flagged, rejected or ignored, then turned back, is done again (was "todo")."""
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(app, pilot)
        article_id = screen.article.id

        async def status(*keys):
            await pilot.press(*keys)
            await pilot.pause()
            return app.store.state(article_id).status

        assert await status("d") == "done"
        assert await status("exclamation_mark") == "flagged"
        assert await status("exclamation_mark") == "done"
        assert await status("ctrl+x") == "rejected"
        assert await status("ctrl+x") == "done"
        assert await status("ctrl+o", "ctrl+x") == "rejected"  # one answer replaces the other
        assert await status("ctrl+x") == "ignored"  # and turned off, gives it back
        assert await status("ctrl+o") == "done"
        assert await status("d", "s", "1") == "in progress"
        assert await status("exclamation_mark", "exclamation_mark") == "in progress"
        assert await status("ctrl+o", "ctrl+o") == "in progress"


async def test_unignoring_gives_back_the_reject_it_replaced_and_a_flag_is_not_an_unflag(make_app):
    """d ! ctrl+x ctrl+o ctrl+o !: un-ignoring gave "flagged" (skipping the reject), then !
    said "Flag removed" and brought back the "ignored" the user had just turned off."""
    app = make_app()
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(app, pilot)
        await pilot.press("d", "exclamation_mark", "ctrl+x", "ctrl+o", "ctrl+o")
        await pilot.pause()
        assert app.store.state(screen.article.id).status == "rejected"
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert app.store.state(screen.article.id).status == "flagged"
        assert said.messages[-2:] == ["No longer ignored", "Article flagged"]


async def test_a_mouse_drag_snaps_to_whole_words_and_keys_do_not(make_app):
    """Dragging from mid "partial" to mid "concession" selects "partial concession", either way."""
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(app, pilot, index=1)
        text, view = screen.article.text, screen.view
        start = text.index("partial concession")
        pad = view.gutter.left + view.text_left

        async def drag(a: int, b: int) -> str:
            (y0, x0), (y1, x1) = view.text_layout.position(a), view.text_layout.position(b)
            await pilot.mouse_down(view, offset=(x0 + pad, y0 - view.scroll_offset.y))
            await pilot.hover(view, offset=(x1 + pad, y1 - view.scroll_offset.y))
            await pilot.mouse_up(view, offset=(x1 + pad, y1 - view.scroll_offset.y))
            await pilot.pause()
            return text[view.selection.start : view.selection.end]

        assert await drag(start + 3, start + len("partial conc")) == "partial concession"
        assert await drag(start + len("partial conc"), start + 3) == "partial concession"
        assert await drag(start + 2, start + 2) == ""  # a click selects nothing
        view.move_cursor(start + 3)
        await pilot.press("v", "l", "l")
        assert text[view.selection.start : view.selection.end] == "tia"  # keys: exactly where they go


async def test_quit_with_a_note_being_typed_asks_and_keeps_it_until_answered(make_app):
    """Every change is saved as made, except a note or form still being typed: ctrl+q asks first
    (the user trial lost a typed note to ctrl+q). An unchanged dialog quits at once."""
    from reader.ui.screens.modals import ConfirmModal, NoteModal

    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await open_article(app, pilot)
        await pilot.press("s", "1", "a")
        await pilot.pause()
        await pilot.press(*"draft", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal) and app.return_code is None
        await pilot.press("enter")  # Enter answers No here: stay, the draft is as typed
        await pilot.pause()
        assert isinstance(app.screen, NoteModal) and app.screen.query_one("#note").text == "draft"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [span] = app.store.spans(app.screen.article.id)
        assert span.note == "draft"
        await pilot.press("a")  # opened, nothing changed: nothing to lose
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


async def test_a_long_reason_in_a_form_wraps_and_is_read_whole(make_app):
    from textual.widgets import Label

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_article(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#published").value = "2023-13-45"
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#error", Label)
        shown = "".join("".join(error.render_line(y).text.split()) for y in range(error.size.height))
        assert shown == "".join(str(error.render()).split())  # every character on screen, over lines
        assert error.size.height > 1 and "YYYY-MM-DD" in shown
