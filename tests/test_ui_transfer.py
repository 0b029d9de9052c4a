"""Export and import from inside the app: progress, a notice saying where, cancel without harm."""

from __future__ import annotations

import json
import threading

from conftest import Notices, wait_ready

from reader.ui import transfer
from reader.ui.screens.progress import ProgressModal
from reader.ui.widgets.article_list import ArticleList

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test wire</title>
<item><title>Ceasefire talks resume in Cairo</title><link>https://example.org/a</link>
<description><![CDATA[<p>Delegations from Egypt and Qatar met on Monday.</p><p>Second paragraph.</p>]]></description>
<pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate></item>
<item><title>Aid convoy reaches Rafah</title><link>https://example.org/b</link>
<description>More than 200 trucks crossed.</description></item>
</channel></rss>
"""


async def tag_one(app, pilot):
    await wait_ready(app, pilot)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("s", "1")
    await pilot.pause()


def hold_exports(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """Exports wait in their worker until ``go_on`` is set; ``started`` says one is waiting."""
    import annotations.formats as formats

    started, go_on = threading.Event(), threading.Event()
    real_export = formats.export_dataset

    def held_export(*args, **kwargs):
        started.set()
        assert go_on.wait(10)
        return real_export(*args, **kwargs)

    monkeypatch.setattr(formats, "export_dataset", held_export)
    return started, go_on


async def test_export_from_the_app_writes_and_says_where(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app()
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await tag_one(app, pilot)
        transfer.start_export(app, "jsonl")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        out = tmp_path / "newsdesk-export.jsonl"
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == 1 and rows[0]["spans"][0]["label"] == "demand"
        assert any(str(out) in message for message in said.messages)
        assert not isinstance(app.screen, ProgressModal)
        # a second export never overwrites the first
        transfer.start_export(app, "jsonl")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(list(tmp_path.glob("newsdesk-export*.jsonl"))) == 2


async def test_esc_during_an_export_cancels_it_and_writes_nothing(make_app, tmp_path, monkeypatch):
    """Esc on the progress bar: the export stops where it is and leaves no file."""
    monkeypatch.chdir(tmp_path)
    started, go_on = hold_exports(monkeypatch)  # until Esc has been pressed
    app = make_app()
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await tag_one(app, pilot)
        transfer.start_export(app, "jsonl")
        await pilot.pause()
        assert started.wait(10) and isinstance(app.screen, ProgressModal)
        await pilot.press("escape")
        go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ProgressModal)
    assert list(tmp_path.glob("newsdesk-export*")) == []
    assert any("cancelled" in message for message in said.messages)


async def test_import_feed_from_the_app_adds_articles_once(make_app, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        assert len(app.screen.query_one(ArticleList).metas) == 5
        for expected in (7, 7):  # importing again adds nothing twice
            transfer.start_import(app, str(feed))
            await pilot.pause()
            await app.workers.wait_for_complete()
            await wait_ready(app, pilot)
            titles = [m.title for m in app.screen.query_one(ArticleList).metas]
            assert len(titles) == expected
        assert "Ceasefire talks resume in Cairo" in titles


async def test_a_screen_opened_while_an_export_runs_stays_open_when_it_ends(make_app, tmp_path, monkeypatch):
    """Stats chosen in the palette over the progress bar: the export's end closes the bar, not Stats.

    Textual's ``dismiss`` pops the top screen, whichever it is; the bar used to close Stats and
    stay up, with Esc saying "cancelling…" for ever."""
    from textual.command import CommandList, CommandPalette

    from reader.ui.screens.stats import StatsScreen

    monkeypatch.chdir(tmp_path)
    started, go_on = hold_exports(monkeypatch)  # until Stats is open
    app = make_app()
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await tag_one(app, pilot)
        article = app.screen
        transfer.start_export(app, "jsonl")
        await pilot.pause()
        assert started.wait(10) and isinstance(app.screen, ProgressModal)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press(*"Stats")
        results = app.screen.query_one(CommandList)
        for _ in range(100):  # the palette searches in a worker of its own
            await pilot.pause()
            titles = [str(results.get_option_at_index(i).prompt).split("\n")[0] for i in range(results.option_count)]
            if titles and titles[0].startswith("Stats"):
                break
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen), "the export's end closed the screen above its bar"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is article
        assert not [s for s in app.screen_stack if isinstance(s, ProgressModal)]
    assert (tmp_path / "newsdesk-export.jsonl").exists()
    assert any(message.startswith("Wrote ") for message in said.messages)


async def test_a_report_of_several_lines_stays_in_the_modal_until_enter(make_app, tmp_path, monkeypatch):
    """doccano writes its label file beside the export and says so: the modal shows the report
    in place of the bar (scrolled if long) instead of a notice over half the screen."""
    monkeypatch.chdir(tmp_path)
    app = make_app()
    said = Notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await tag_one(app, pilot)
        article = app.screen
        transfer.start_export(app, "doccano")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ProgressModal)
        lines = modal.report_text.splitlines()
        assert lines[0] == f"Wrote {tmp_path / 'newsdesk-doccano.jsonl'}: 1 article, 1 span (doccano)"
        assert "doccano: wrote newsdesk-doccano.jsonl.labels.json" in modal.report_text
        assert not [m for m in said.messages if m.startswith("Wrote ")]  # said once, there
        # However long the report, the hint saying how to close it stays in view at 80x24.
        modal.report("\n".join(f"note {i}" for i in range(40)))
        await pilot.pause()
        box, hint = modal.query_one("Vertical"), modal.query_one("#hint")
        assert box.region.contains_region(hint.region) and "Esc closes" in str(hint.render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is article


async def test_the_export_modal_wraps_a_long_path_at_80_columns(make_app, tmp_path, monkeypatch):
    """Its title names where the file goes: wrapped whole, not cut at the modal's edge."""
    deep = tmp_path / ("a-folder-with-a-long-name-" * 3)
    deep.mkdir()
    monkeypatch.chdir(deep)
    started, go_on = hold_exports(monkeypatch)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tag_one(app, pilot)
        transfer.start_export(app, "jsonl")
        await pilot.pause()
        assert started.wait(10) and isinstance(app.screen, ProgressModal)
        title = app.screen.query_one(".title")
        assert str(deep) in str(title.render()) and title.size.height >= 2
        assert title.size.width <= app.screen.query_one("Vertical").content_region.width
        go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
