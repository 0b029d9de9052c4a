"""Pilot tests of actor naming: two spellings of Hamas set to one actor with ``=``, shown in the
span panel, undone with ``u``, one timeline row; and ``=`` on an entity in the panel."""

from __future__ import annotations

from conftest import Notices, wait_ready
from test_ui_links import DEMAND, open_seed, panel_text

from reader.ui.screens.linking import ChoiceModal
from reader.ui.screens.timeline import TimelineScreen
from reader.ui.widgets.entity_panel import EntityPanel

MOVEMENT_DEMAND = "dissuade the movement from its core demands"


async def tag(screen, pilot, quote: str, key: str, start: int | None = None) -> int:
    start = screen.article.text.index(quote) if start is None else start
    screen.view.select(start, start + len(quote))
    await pilot.press(key)
    await pilot.pause()
    screen.view.move_cursor(start)
    return start


async def choose(app, pilot, keys: tuple[str, ...] = ()) -> list[str]:
    """Press = and pick (after ``keys``) with Enter; returns the list's texts."""
    await pilot.press("equals_sign")
    await pilot.pause()
    modal = app.screen
    assert isinstance(modal, ChoiceModal)
    texts = [text for _, text in modal.options]
    await pilot.press(*keys, "enter")
    await wait_ready(app, pilot)
    return texts


async def test_two_spellings_become_one_actor_and_one_timeline_row(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_seed(app, pilot, "003")
        aid = screen.article.id
        demand = await tag(screen, pilot, DEMAND, "1")
        await tag(screen, pilot, "Hamas", "4", demand)  # the demand's subject
        texts = await choose(app, pilot)
        assert texts[0] == "new actor “Hamas”"
        assert [(a.name, a.aliases) for a in app.store.actors()] == [("Hamas", ())]
        await tag(screen, pilot, "the movement", "4")
        texts = await choose(app, pilot)  # existing actors first
        assert texts[0].startswith("Hamas") and texts[-1] == "new actor “the movement”"
        assert [(a.name, a.aliases) for a in app.store.actors()] == [("Hamas", ("the movement",))]
        assert "= Hamas" in panel_text(screen)
        other = await tag(screen, pilot, MOVEMENT_DEMAND, "1")
        screen.view.move_cursor(other + 2)  # on "dissuade": the demand, not the actor in it
        await pilot.press("m")
        await pilot.pause()
        options = app.screen.options
        pick = next(i for i, (_, text) in enumerate(options) if "the movement = Hamas" in text)
        await pilot.press(*["down"] * pick, "enter")
        await wait_ready(app, pilot)
        screen.view.move_cursor(demand + 20)
        await pilot.press("m", "enter")  # the suggested actor: the tagged "Hamas"
        await wait_ready(app, pilot)
        assert len(app.store.links(aid)) == 2
        assert panel_text(screen).count("-by-> Hamas") == 2  # both demands, by the canonical name
        screen.view.move_cursor(0)
        await pilot.press("y")
        await wait_ready(app, pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        assert list(timeline.timeline.rows()) == ["Hamas"]
        assert sorted(r.actor_mention for r in timeline.timeline.records) == ["Hamas", "the movement"]
        await pilot.press("escape")
        await wait_ready(app, pilot)
        assert app.screen is screen
        await pilot.press("u", "u", "u", "u")  # the two links, the second demand, then "the movement" = Hamas
        await pilot.pause()
        assert [(a.name, a.aliases) for a in app.store.actors()] == [("Hamas", ())]
        assert "= Hamas" in panel_text(screen)  # the first "Hamas" is still the actor Hamas
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [(a.name, a.aliases) for a in app.store.actors()] == [("Hamas", ("the movement",))]
        assert "= Hamas" in panel_text(screen)


async def test_equals_on_a_demand_says_what_it_names_and_stores_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(app, pilot, "003")
        await tag(screen, pilot, DEMAND, "1")
        await pilot.press("equals_sign")
        await pilot.pause()
        assert app.screen is screen and len(app.store.actors()) == 0


# What m links a span of each label to in the shipped schema, as = says when pressed on one.
LINKED_TO = {"demand": "actor", "concession": "actor or demand", "casualty figure": "source"}


async def test_equals_on_a_span_it_does_not_name_says_what_m_links_it_to_in_the_schemas_words(make_app):
    """A casualty figure is reported by a source: = on it says so, not "actor"; every label."""
    from annotations.schema import load_schema

    schema = load_schema(None)
    assert sorted(set(schema.names) - {"actor", "source"}) == sorted(LINKED_TO)  # every label = refuses
    keys = {label.name: label.key for label in schema.labels}
    app = make_app()
    recorder = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_seed(app, pilot, "004")
        start = screen.article.text.index("at least 229 people")
        for label, linked in LINKED_TO.items():
            await tag(screen, pilot, "at least 229 people", keys[label], start)
            await pilot.press("equals_sign")
            await pilot.pause()
            assert app.screen is screen and len(app.store.actors()) == 0
            assert (
                recorder.messages[-1]
                == f"= names an actor or source span; this is a {label} (m links it to its {linked})"
            )
            await pilot.press("x")  # the next label on the same words
            await pilot.pause()


async def test_equals_on_a_label_no_relation_starts_from_says_nothing_of_m(make_app, tmp_path):
    labels = tmp_path / "labels.yaml"
    labels.write_text("labels: [demand, actor, source]\n")  # no relations: m links a demand to nothing
    app = make_app(labels=str(labels))
    recorder = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_seed(app, pilot, "003")
        await tag(screen, pilot, DEMAND, "1")
        await pilot.press("equals_sign")
        await pilot.pause()
        assert recorder.messages[-1] == "= names an actor or source span; this is a demand"


async def test_equals_on_an_entity_in_the_panel_names_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_seed(app, pilot, "002")
        panel = screen.query_one(EntityPanel)
        index = next(i for i, item in enumerate(panel.item_ids) if item.endswith("\x00Hamas"))
        panel.focus()
        panel.action_move_to(index)
        await pilot.pause()
        texts = await choose(app, pilot)
        assert texts[0] == "new actor “Hamas”"
        index = next(i for i, item in enumerate(panel.item_ids) if "Islamic Resistance Movement" in item)
        panel.focus()
        panel.action_move_to(index)
        await pilot.pause()
        texts = await choose(app, pilot)
        assert texts[0].startswith("Hamas")  # the existing actor first
        [hamas] = app.store.actors()
        assert hamas.name == "Hamas" and any("Islamic Resistance Movement" in a for a in hamas.aliases)
