"""Pilot tests of how the article screen reads text: word motions over numbers, scripts the
recogniser does not cover."""

from __future__ import annotations

import json

from conftest import wait_ready
from textual.notifications import Notify

from reader.ui.screens.article import ArticleScreen

FIGURES = "Gaza health officials counted more than 7,300 martyrs and 1.4 million displaced people.\n"


async def open_article(app, pilot):
    await wait_ready(app, pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


async def test_v_e_on_a_number_selects_it_whole_and_tags_it(make_app, tmp_path):
    path = tmp_path / "figures.txt"
    path.write_text(FIGURES, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot)
        view = screen.view
        view.move_cursor(FIGURES.index("7,300"))
        await pilot.press("v", "e")
        await pilot.pause()
        sel = view.selection
        assert FIGURES[sel.start : sel.end] == "7,300"
        await pilot.press("e")
        sel = view.selection
        assert FIGURES[sel.start : sel.end] == "7,300 martyrs"
        await pilot.press("3")
        await pilot.pause()
        assert [s.quote for s in app.store.spans(screen.article.id)] == ["7,300 martyrs"]
        view.move_cursor(FIGURES.index("martyrs") + 2)
        await pilot.press("w", "w")
        assert view.cursor == FIGURES.index("1.4")
        await pilot.press("w")
        assert view.cursor == FIGURES.index("million")
        await pilot.press("b")
        assert view.cursor == FIGURES.index("1.4")


async def test_an_arabic_article_says_the_recogniser_covers_english(make_app, tmp_path):
    path = tmp_path / "mixed.jsonl"
    rows = [
        {"id": "ar", "title": "مفاوضات الدوحة", "text": "قالت مصادر إن المفاوضات بين حماس وإسرائيل في الدوحة تتقدم.\n"},
        {"id": "en", "title": "Talks in Doha", "text": "Negotiators met in Doha on Friday, officials said.\n"},
    ]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    notes: list[str] = []

    def hear(message) -> None:
        if isinstance(message, Notify):
            notes.append(str(message.notification.message))

    app = make_app(path)
    async with app.run_test(size=(100, 30), message_hook=hear) as pilot:
        screen = await open_article(app, pilot)
        assert screen.article.id == "ar"
        assert "Entities are not found in Arabic text (the built-in recogniser covers English)" in notes
        notes.clear()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.screen.article.id == "en"
        assert not [n for n in notes if n.startswith("Entities are not found")]


async def test_dollar_goes_to_the_last_character_drawn_on_a_wrapped_line(make_app, tmp_path):
    path = tmp_path / "long.txt"
    text = " ".join(f"word{i}" for i in range(60)) + "\n"
    path.write_text(text, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await open_article(app, pilot)
        view = screen.view
        for _ in range(3):  # the first lines wrap at a space; then the last line ends the text
            await pilot.press("dollar_sign")
            assert not text[view.cursor].isspace(), f"$ left the cursor on a space at {view.cursor}"
            assert text[view.cursor + 1].isspace()  # the end of a word: the line's last one
            line_end = view.cursor
            await pilot.press("0")
            start = view.cursor
            assert start <= line_end and "\n" not in text[start:line_end]
            await pilot.press("j")
