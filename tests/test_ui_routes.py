"""Every command through every route, by enumerating the registry (no hand-picked list).

For each command of each scope: pressing its key and choosing it in the command palette,
each in a fresh app on the seeds from the same starting state, neither crash nor notify an
error, and leave the app in the same state. A new command is covered where it is declared.
"""

from __future__ import annotations

import pytest
from conftest import Notices, wait_ready
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets import Input
from textual.widgets._toast import Toast

from reader.ui.commands import KEY_NAMES
from reader.ui.registry import scopes
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.progress import ProgressModal
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.panel_list import PanelList

SIZE = (200, 40)  # wide enough for the key bar to show every command it can (the labels take room)
# Where each scope's keys work, and the everywhere commands tried on each screen.
WHERE = {
    "library": ["library"],
    "article": ["article"],
    "text": ["article"],
    "panel": ["panel"],
    "stats": ["stats"],
    "timeline": ["timeline"],
}
WHERE["everywhere"] = ["library", "article", "stats", "help"]
CASES = [
    pytest.param(place, command, id=f"{place}-{command.id}")
    for scope in scopes()
    for command in scope.actions
    for place in WHERE[scope.name]
]


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def go_to(place: str, app, pilot) -> None:
    """The starting state of a place: the article has one tagged sentence under the cursor."""
    await wait_ready(app, pilot)
    if place in ("article", "panel"):
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("s", "1")
        await settle(app, pilot)
    if place == "panel":
        app.screen.query(PanelList).first().focus()
        await pilot.pause()
    if place == "stats":
        await pilot.press("S")
        await settle(app, pilot)
    if place == "timeline":
        await pilot.press("y")
        await settle(app, pilot)
    if place == "help":
        await pilot.press("question_mark")
        await settle(app, pilot)


def state(app) -> dict:
    """What a user could see change: screen, focus, theme, selection, spans, statuses."""
    screen = app.screen
    seen = {
        "screen": type(screen).__name__,
        "stack": [type(s).__name__ for s in app.screen_stack],
        "focused": screen.focused.id if screen.focused else None,
        "theme": app.theme,
        "exit": app.return_code,
        "hidden": sorted(app.session.hidden_entities),
        "counts": app.store.label_counts(),
    }
    library = app.screen_stack[0]
    seen["library"] = (library.sort, library.status_filter, library.filter_text)
    for article_screen in app.screen_stack:
        if isinstance(article_screen, ArticleScreen):
            view = article_screen.view
            seen["cursor"] = view.cursor
            seen["selection"] = (view.selection.start, view.selection.end) if view.selection else None
            seen["status"] = app.store.state(article_screen.article.id).status
    return seen


def first_key(app, command) -> str:
    key = app.keys_for(command).split(",")[0].strip()
    return key


async def choose_in_palette(app, pilot, name: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert CommandPalette.is_open(app), "ctrl+p did not open the palette"
    palette = app.screen
    palette.query_one(Input).value = name
    results = palette.query_one(CommandList)
    for _ in range(100):  # the palette searches in a worker; wait for our entry to be listed
        await settle(app, pilot)
        titles = [str(results.get_option_at_index(i).prompt).split("\n")[0] for i in range(results.option_count)]
        if name in titles:
            break
    else:
        raise AssertionError(f"{name!r} not offered by the palette: {titles}")
    results.highlighted = titles.index(name)
    await pilot.press("enter")
    await settle(app, pilot)


def palette_name(app, command) -> str:
    from reader.ui.commands import display_keys

    return f"{command.label} ({display_keys(app.keys_for(command))})"


async def run_route(make_app, tmp_path, place, command, route) -> dict:
    app = make_app(db=tmp_path / route / "annotations.db")
    recorder = Notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(place, app, pilot)
        if route == "key":
            await pilot.press(first_key(app, command))
            await settle(app, pilot)
        elif route == "mouse":
            await click_in_key_bar(app, pilot, command)
        else:
            await choose_in_palette(app, pilot, palette_name(app, command))
        seen = state(app)
    assert recorder.errors == [], f"{command.id} via {route} reported errors"
    seen["said"] = [message.replace(str(tmp_path / route), "DB") for message in recorder.messages]
    return seen


@pytest.mark.parametrize(("place", "command"), CASES)
async def test_key_and_palette_do_the_same(make_app, tmp_path, place, command):
    by_key = await run_route(make_app, tmp_path, place, command, "key")
    if command.palette:
        assert await run_route(make_app, tmp_path, place, command, "palette") == by_key
    if command.show and place != "panel":
        assert await run_route(make_app, tmp_path, place, command, "mouse") == by_key


async def click_in_key_bar(app, pilot, command) -> None:
    """Click the command's label in the key bar at the bottom of the screen."""
    bar = app.screen.query_one(KeyBar)
    shown = [(item.keys, item.label) for item in bar.items()]
    keys = next(k for k, label in shown if label == command.label)
    line = bar.render().plain
    x = line.index(f" {keys} {command.label} ")
    assert await pilot.click(bar, offset=(x + 1, 0)), f"{command.label} could not be clicked"
    await settle(app, pilot)


PLACES = ["library", "article", "panel", "stats", "help", "label picker", "note"]


@pytest.mark.parametrize("place", PLACES)
async def test_palette_opens_everywhere_and_lists_the_actions_there(make_app, place):
    """ctrl+p on every screen and modal lists every palette action a key reaches there."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await go_to({"help": "library", "label picker": "article", "note": "article"}.get(place, place), app, pilot)
        opener = {"help": "question_mark", "label picker": "t", "note": "a"}.get(place)
        if place == "label picker":
            await pilot.press("s")  # a selection to tag
        if opener:
            await pilot.press(opener)
            await settle(app, pilot)
        under = app.screen
        from reader.ui.palette import action_targets

        expected = {
            palette_name(app, c) for _, actions in action_targets(under, under.focused) for c in actions if c.palette
        }
        assert expected, "no actions reach this screen"
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert CommandPalette.is_open(app)
        results = app.screen.query_one(CommandList)
        listed = {str(results.get_option_at_index(i).prompt).split("\n")[0] for i in range(results.option_count)}
        assert expected <= listed
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is under


KEY_BY_DISPLAY = {shown: name for name, shown in KEY_NAMES.items()}


@pytest.mark.parametrize("place", ["library", "article", "panel", "stats", "timeline"])
async def test_every_key_the_key_bar_shows_is_bound(make_app, place):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await go_to(place, app, pilot)
        shown = [item.keys for item in app.screen.query_one(KeyBar).items()]
        assert shown
        bound = set(app.screen.active_bindings)
        for keys in shown:
            key = KEY_BY_DISPLAY.get(keys, keys)
            assert key in bound, f"the key bar shows {keys!r}, which nothing binds on the {place} screen"


@pytest.mark.parametrize(
    ("place", "scope"),
    [pytest.param(place, scope, id=f"{place}-{scope.name}") for scope in scopes() for place in WHERE[scope.name]],
)
async def test_every_key_help_shows_is_bound_where_it_works(make_app, place, scope):
    """The help screen lists the registry; each key it lists is bound where it works."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await go_to(place, app, pilot)
        bound = set(app.screen.active_bindings)
        for command in scope.actions:
            for key in app.keys_for(command).split(","):
                key = next(iter(Binding.make_bindings([Binding(key.strip(), "x")]))).key  # ")" is right_parenthesis
                assert key in bound, f"{command.id}: {key!r} is not bound on the {place} screen"


def export_formats() -> list[str]:
    from annotations.formats import FORMATS

    return sorted(FORMATS)


@pytest.mark.parametrize("fmt", export_formats())
async def test_every_export_format_from_the_palette(make_app, tmp_path, monkeypatch, fmt):
    """Choosing "Export dataset as ..." writes that format beside you and says where."""
    from annotations.formats import FORMATS

    monkeypatch.chdir(tmp_path)
    app = make_app(db=tmp_path / "db")
    recorder = Notices(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # the smallest screen the README names
        await go_to("article", app, pilot)
        await choose_in_palette(app, pilot, f"Export dataset as {fmt}")
        await settle(app, pilot)
        out = tmp_path / FORMATS[fmt].default_out
        assert out.exists()
        # A one-line report is a notice; a longer one stays in the progress modal until Esc.
        modal = app.screen if isinstance(app.screen, ProgressModal) else None
        said = [modal.report_text] if modal else [m for m in recorder.messages if m.startswith(f"Wrote {out}")]
        assert said and said[0].startswith(f"Wrote {out}"), (said, recorder.messages)
        # The whole path once; the files beside it by name.
        assert all(str(tmp_path) not in line for line in said[0].splitlines()[1:]), said[0]
        assert "--status" not in said[0]  # the CLI's option is no word of the app's
        await pilot.pause()  # the toast rack is refreshed after the notification
        assert all(t.region.height <= 24 // 2 for t in app.screen.query(Toast)), list(app.screen.query(Toast))
        if modal:
            await pilot.press("escape")
            await settle(app, pilot)
            assert isinstance(app.screen, ArticleScreen)
    assert recorder.errors == []


async def test_import_from_the_palette(make_app, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Talks resume in Cairo</title><link>https://example.org/a</link>"
        "<description>Delegations met on Monday.</description></item></channel></rss>",
        encoding="utf-8",
    )
    app = make_app()
    recorder = Notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await go_to("library", app, pilot)
        await choose_in_palette(app, pilot, "Import articles (feed, folder, JSONL)")
        app.screen.query_one(Input).value = str(feed)
        await pilot.press("enter")
        await settle(app, pilot)
        await settle(app, pilot)
        assert any(message.startswith("Imported 1 new article") for message in recorder.messages), recorder.messages
        titles = [meta.title for meta in app.screen_stack[0].query_one("#articles").metas]
        assert "Talks resume in Cairo" in titles
    assert recorder.errors == []
