"""The command palette lists the current screen's own commands first, Textual's last."""

from __future__ import annotations

from conftest import wait_ready
from textual.command import CommandList, CommandPalette

SYSTEM = ("Keys", "Maximize", "Screenshot")


async def listed(app, pilot) -> list[str]:
    """The palette's entries before anything is typed, in the order shown."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert CommandPalette.is_open(app)
    results = app.screen.query_one(CommandList)
    titles: list[str] = []
    for _ in range(100):  # the palette gathers in a worker: wait until the list stops growing
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)
        now = [str(results.get_option_at_index(i).prompt).split("\n")[0] for i in range(results.option_count)]
        if now and now == titles:
            break
        titles = now
    await pilot.press("escape")
    await pilot.pause()
    return titles


async def test_the_library_palette_starts_with_the_librarys_commands_and_ends_with_textuals(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        titles = await listed(app, pilot)
        assert titles[:3] == ["Open (Enter)", "Filter (/)", "Sort (s)"], titles[:5]
        system = [titles.index(name) for name in SYSTEM if name in titles]
        assert system and min(system) > titles.index("Down (j, down)") > titles.index("Help (?)")
        assert all(i >= len(titles) - len(SYSTEM) for i in system), titles[-6:]


async def test_the_article_palette_starts_with_tagging_not_motions(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        titles = await listed(app, pilot)
        assert titles[0] == "Select (v)", titles[:5]
        assert titles.index("Tag as demand (1)") < titles.index("Left (h, left)")
        assert titles.index("Done (d)") < titles.index("Left (h, left)") < titles.index("Screenshot")
