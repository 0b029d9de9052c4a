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


async def open_list(app, pilot) -> ChoiceModal:
    """Press = on the span under the cursor: the list of actors to name it by."""
    await pilot.press("equals_sign")
    await pilot.pause()
    modal = app.screen
    assert isinstance(modal, ChoiceModal)
    return modal


async def choose(app, pilot, keys: tuple[str, ...] = ()) -> list[str]:
    """Press = and pick (after ``keys``) with Enter; returns the list's texts."""
    modal = await open_list(app, pilot)
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


ACTORS = ("Qatar", "Israel", "Hamas", "Hezbollah", "Egypt", "Islamic Jihad", "Islamic State")


async def with_actors(app, pilot, names=ACTORS):
    """Seed 003 open, "the movement" tagged as an actor under the cursor, and a book of
    ``names`` set from another article (so u in this one does not undo it)."""
    from annotations.actors import ActorBook

    screen = await open_seed(app, pilot, "003")
    other = next(meta.id for meta in app.corpus.metas if meta.id.startswith("000"))
    book = ActorBook()
    for name in names:
        book = book.add(name)
    app.store.set_actors(other, book, "setup")
    await tag(screen, pilot, "the movement", "4")
    return screen


def book_of(app) -> list[tuple[str, tuple[str, ...]]]:
    return [(a.name, a.aliases) for a in app.store.actors()]


async def test_typing_in_the_list_narrows_it_and_enter_names_exactly_the_chosen_match(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await with_actors(app, pilot)
        modal = await open_list(app, pilot)
        assert len(modal.shown) > len(ACTORS)
        await pilot.press("I", "s", "l")
        await pilot.pause()  # the matches, then the typed name: no actor has it
        assert [t for _, t in modal.shown] == ["Islamic Jihad", "Islamic State", "new actor “Isl”"]
        await pilot.press("down", "enter")  # the second match, not the first of the full list
        await wait_ready(app, pilot)
        assert app.screen is not modal
        assert dict(book_of(app))["Islamic State"] == ("the movement",)
        assert all(not aliases for name, aliases in book_of(app) if name != "Islamic State")


async def test_the_filter_ignores_case_and_accents_and_backspace_widens_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await with_actors(app, pilot)
        modal = await open_list(app, pilot)
        await pilot.press("É", "G", "Y")
        await pilot.pause()
        assert [t for _, t in modal.shown] == ["Egypt", "new actor “ÉGY”"]
        await pilot.press("backspace")
        await pilot.pause()
        assert [t for _, t in modal.shown] == ["Egypt", "new actor “ÉG”"]
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert modal.shown == modal.options  # nothing typed: the whole list, as before


async def test_a_typed_name_no_actor_has_is_stored_as_a_new_actor_and_undone_with_u(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await with_actors(app, pilot, ("Qatar", "Israel"))
        modal = await open_list(app, pilot)
        await pilot.press(*"Hamas")
        await pilot.pause()
        assert [t for _, t in modal.shown] == ["new actor “Hamas”"]
        await pilot.press("enter")
        await wait_ready(app, pilot)
        assert book_of(app) == [("Qatar", ()), ("Israel", ()), ("Hamas", ("the movement",))]
        await pilot.press("u")
        await pilot.pause()
        assert book_of(app) == [("Qatar", ()), ("Israel", ())]


async def test_keys_typed_in_the_filter_are_the_filters_not_the_apps(make_app):
    """q, t, y, a label key, ?, / typed in the list filter it: no quit, tag, timeline, help or search;
    Esc clears what was typed, then cancels."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await with_actors(app, pilot)
        spans = len(screen.spans)
        modal = await open_list(app, pilot)
        await pilot.press("q", "t", "y", "1", "question_mark", "slash")
        await wait_ready(app, pilot)
        assert app.is_running and app.screen is modal
        assert [t for _, t in modal.shown] == ["new actor “qty1?/”"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is modal and modal.shown == modal.options
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and len(screen.spans) == spans
        assert book_of(app) == [(name, ()) for name in ACTORS]
