"""Counts, dates and statuses as people read them."""

from __future__ import annotations

import pytest
from conftest import wait_ready
from textual.widgets import Static

from reader.core.wording import display_date, plural, status_name, with_spans


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((0, "span"), {}, "0 spans"),
        ((1, "span"), {}, "1 span"),
        ((2, "span"), {}, "2 spans"),
        ((1204, "article"), {}, "1,204 articles"),
        ((1, "new article"), {}, "1 new article"),
        ((3, "entry", "entries"), {}, "3 entries"),
        ((1, "span"), {"sign": True}, "+1 span"),
        ((-1, "span"), {"sign": True}, "-1 span"),
        ((0, "span"), {"sign": True}, "+0 spans"),
    ],
)
def test_plural(args, kwargs, expected):
    assert plural(*args, **kwargs) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-02T00:00:00+00:00", "2026-12-02"),
        ("2023-11-15T03:12:57", "2023-11-15"),
        ("2024-05-06T10:00:00Z", "2024-05-06"),
        ("2024-05-06", "2024-05-06"),
        ("Spring 2024", "Spring 2024"),
        ("", ""),
    ],
)
def test_display_date(value, expected):
    assert display_date(value) == expected


def test_status_and_has_spans():
    assert status_name("todo") == "to do" and status_name("in progress") == "in progress"
    assert with_spans(1) == "1 has spans" and with_spans(2) == "2 have spans"


async def test_article_header_shows_the_date_not_a_timestamp(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        article = app.screen.article
        assert "T" in article.published  # the seeds carry full timestamps
        meta = str(app.screen.query_one("#meta", Static).content)
        assert display_date(article.published) in meta and article.published not in meta
        assert f"{article.word_count:,} words" in meta
