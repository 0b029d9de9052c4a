"""Pilot tests of links: a demand linked to its suggested actor by key, shown in the span panel,
undone, and the article's date set from the app."""

from __future__ import annotations

from conftest import Notices, wait_ready
from textual.widgets import Input, OptionList

from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.linking import ChoiceModal, FormModal
from reader.ui.widgets.span_panel import SpanPanel

DEMAND = "Hamas is demanding that the prisoner release be extended over 70 days"


async def open_seed(app, pilot, prefix: str) -> ArticleScreen:
    await wait_ready(app, pilot)
    article_id = next(meta.id for meta in app.corpus.metas if meta.id.startswith(prefix))
    app.open_article(article_id)
    await wait_ready(app, pilot)
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


def panel_text(screen) -> str:
    panel = screen.query_one(SpanPanel)
    return "\n".join(str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count))


async def tag_and_link(app, pilot, label_key: str) -> tuple[ArticleScreen, int]:
    """In seed 003, tag DEMAND with ``label_key`` and link it (m, Enter) to the suggested Hamas:
    the screen, and where DEMAND starts."""
    screen = await open_seed(app, pilot, "003")
    start = screen.article.text.index(DEMAND)
    screen.view.select(start, start + len(DEMAND))
    await pilot.press(label_key)
    await pilot.pause()
    screen.view.move_cursor(start + 20)
    await pilot.press("m", "enter")  # the suggestion: "★ Hamas: tag as actor and link"
    await wait_ready(app, pilot)
    return screen, start


async def test_a_demand_is_linked_to_the_suggested_actor_with_two_keys(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_seed(app, pilot, "003")
        start = screen.article.text.index(DEMAND)
        screen.view.select(start, start + len(DEMAND))
        await pilot.press("1")
        await pilot.pause()
        screen.view.move_cursor(start + 20)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        assert app.store.links(screen.article.id) == []  # proposed, not stored
        await pilot.press("enter")  # the suggestion: "★ Hamas: tag as actor and link"
        await wait_ready(app, pilot)
        assert app.screen is screen
        [link] = app.store.links(screen.article.id)
        actor = app.store.span(link.to_span)
        assert (link.relation, actor.label, actor.quote, actor.start) == ("by", "actor", "Hamas", start)
        assert app.store.span(link.from_span).quote == DEMAND
        text = panel_text(screen)
        assert "-by-> Hamas" in text and "<-by- demand" in text
        screen.view.move_cursor(start + 30)  # on the demand: the status line names its link
        await pilot.pause()
        assert "demand -by-> Hamas" in str(screen.query_one("#status").render())
        await pilot.press("u")  # the link goes first, then the actor's tag
        await pilot.pause()
        assert app.store.links(screen.article.id) == []
        assert "-by->" not in panel_text(screen)


async def test_m_on_a_span_with_nothing_to_link_says_what_to_tag(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_seed(app, pilot, "004")
        text = screen.article.text
        start = text.index("at least 229 people")
        screen.view.select(start, start + len("at least 229 people"))
        await pilot.press("3")
        await pilot.pause()
        assert "= at least 229 people\n   (what: not found)" in panel_text(screen)  # the missing part named
        screen.view.move_cursor(start + 3)
        await pilot.press("m")
        await pilot.pause()
        assert app.screen is screen and app.store.links(screen.article.id) == []


async def test_the_articles_date_is_set_in_the_app_and_shown(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_seed(app, pilot, "004")
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        app.screen.query_one("#published", Input).value = "27 October"
        await pilot.press("enter")
        await pilot.pause()
        assert app.store.corrections(screen.article.id) == {}
        assert "2023-10-27" not in str(screen.query_one("#meta").render())  # not a date: refused, said why
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#published", Input).value = "2023-10-27"
        await pilot.press("enter")
        await pilot.pause()
        assert app.store.corrections(screen.article.id) == {"published": "2023-10-27"}
        assert "2023-10-27" in str(screen.query_one("#meta").render())
        await pilot.press("u")  # a correction is undone like any change
        await pilot.pause()
        assert app.store.corrections(screen.article.id) == {}
        assert "2023-10-27" not in str(screen.query_one("#meta").render())


async def test_the_timeline_shows_the_link_and_opens_its_passage(make_app):
    from reader.ui.screens.timeline import TimelineScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, start = await tag_and_link(app, pilot, "1")
        screen.view.move_cursor(0)
        await pilot.press("y")
        await wait_ready(app, pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        chart = str(timeline.query_one("#chart").render())
        assert "Hamas" in chart and "undated" in chart and "D" in chart
        marks = timeline.query_one("#marks")
        assert marks.option_count == 1 and "demand -by-> Hamas" in str(marks.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await wait_ready(app, pilot)
        assert app.screen is screen and screen.view.cursor == start


async def test_a_figure_the_parser_left_incomplete_is_filled_in_with_f(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_seed(app, pilot, "004")
        start = screen.article.text.index("at least 229 people")
        screen.view.select(start, start + len("at least 229 people"))
        await pilot.press("3")
        await pilot.pause()
        screen.view.move_cursor(start + 3)
        await pilot.press("f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#number", Input).value == "at least 229"
        form.query_one("#what", Input).value = "eaten"
        await pilot.press("enter")
        await pilot.pause()
        assert app.store.figures(screen.article.id) == {}  # refused: said what "what" may be
        assert app.screen is form and "what is one of" in str(form.query_one("#error").render())
        app.screen.query_one("#who", Input).value = "Israelis"
        app.screen.query_one("#what", Input).value = "captured"
        await pilot.press("enter")
        await pilot.pause()
        [figure] = app.store.figures(screen.article.id).values()
        assert figure.describe() == "at least 229 Israelis captured"
        assert "set: at least 229 Israelis captured" in panel_text(screen)  # wrapped in the panel, not cut


async def test_the_details_form_fits_80x24_and_a_bad_date_keeps_it_open_as_typed(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(app, pilot, "004")
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        hint = next(label for label in form.query("Label") if "Enter saves" in str(label.render()))
        assert 0 <= hint.region.y and hint.region.bottom <= 24  # the whole form is on screen
        form.query_one("#published", Input).value = "2023-13-45"
        form.query_one("#source", Input).value = "Israeli media"
        form.query_one("#published", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form  # still open, nothing lost
        assert "is not a date" in str(form.query_one("#error").render())
        assert form.query_one("#source", Input).value == "Israeli media"
        form.query_one("#published", Input).value = "2023-10-27"
        await pilot.press("enter")
        await wait_ready(app, pilot)
        assert app.screen is screen
        assert app.store.corrections(screen.article.id) == {"published": "2023-10-27", "source": "Israeli media"}


async def test_m_on_an_actor_says_to_press_it_on_the_demand_instead(make_app):
    app = make_app()
    recorder = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_seed(app, pilot, "003")
        start = screen.article.text.index("Hamas")
        screen.view.select(start, start + len("Hamas"))
        await pilot.press("4", "m")  # tagged actor; m on it
        await pilot.pause()
        assert recorder.messages[-1] == (
            "An actor is the far end of a link: go to a demand or concession and press m there"
        )
        assert app.store.links(screen.article.id) == []


async def test_the_field_being_typed_in_shows_its_text(make_app):
    """A focused field keeps one row for its text: Input's own focus border would take it all."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(app, pilot, "004")
        start = screen.article.text.index("at least 229 people")
        screen.view.select(start, start + len("at least 229 people"))
        await pilot.press("3")
        await pilot.pause()
        for key in ("f", "i"):
            screen.view.move_cursor(start + 3)
            await pilot.press(key)
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FormModal)
            for _ in form.query(Input):
                field = form.focused
                assert isinstance(field, Input) and field.content_region.height == 1, (key, field)
                await pilot.press("tab")
            await pilot.press("escape")
            await pilot.pause()


async def test_the_timeline_lists_each_casualty_figure_with_its_source_and_opens_it(make_app):
    """The series view: a figure linked to nothing and contradicting nothing is still a mark to choose."""
    from reader.ui.screens.timeline import TimelineScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(app, pilot, "001")
        quote = "captured about 240 Israelis"
        start = screen.article.text.index(quote)
        screen.view.select(start, start + len(quote))
        await pilot.press("3")
        await pilot.pause()
        screen.view.move_cursor(0)
        await pilot.press("y")
        await wait_ready(app, pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        assert "Israelis captured" in str(timeline.query_one("#chart").render())  # the series as written
        marks = timeline.query_one("#marks")
        [prompt] = [str(marks.get_option_at_index(i).prompt) for i in range(marks.option_count)]
        assert prompt.startswith("2023-11-15  Al Jazeera") and "about 240 Israelis captured" in prompt
        await pilot.press("enter")
        await wait_ready(app, pilot)
        assert app.screen is screen and screen.view.cursor == start


async def test_the_far_ends_of_the_links_of_the_span_under_the_cursor_are_marked_in_the_text(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_seed(app, pilot, "003")
        view = screen.view
        start = screen.article.text.index(DEMAND)
        view.select(start, start + len(DEMAND))
        await pilot.press("1")
        await pilot.pause()
        view.move_cursor(start + 20)
        await pilot.press("m", "enter")
        await wait_ready(app, pilot)
        view.move_cursor(start + 30)  # on the demand: its actor, Hamas, is marked
        await pilot.pause()
        assert view.marks.linked == ((start, start + len("Hamas")),)
        y, x = view.text_layout.position(start + 1)
        strip = view.render_line(y - view.scroll_offset.y)
        cell = strip.crop(view.text_left + x, view.text_left + x + 1)
        assert [seg.style.reverse for seg in cell] == [True]  # drawn reversed, in every theme
        view.move_cursor(0)  # on no span: nothing marked
        await pilot.pause()
        assert view.marks.linked == ()


async def test_a_link_is_made_with_the_mouse_by_clicking_the_candidate(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(app, pilot, "003")
        start = screen.article.text.index(DEMAND)
        screen.view.select(start, start + len(DEMAND))
        await pilot.press("1")
        await pilot.pause()
        screen.view.move_cursor(start + 20)
        await pilot.press("m")
        await pilot.pause()
        choices = app.screen.query_one("#choices")
        assert await pilot.click(choices, offset=(4, choices.region.height // 2))
        await wait_ready(app, pilot)
        assert app.screen is screen
        [link] = app.store.links(screen.article.id)
        assert app.store.span(link.to_span).quote == "Hamas"


async def test_a_figure_that_does_not_parse_says_so_and_which_key_fills_it_in(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_seed(app, pilot, "003")
        quote = "A senior Israeli official"
        screen.view.select(0, len(quote))
        await pilot.press("3")
        await pilot.pause()
        assert "= not parsed: no number of people found in 'A senior Israeli official'" in panel_text(screen)
        assert "f: fill it in" in panel_text(screen)
        screen.view.move_cursor(3)
        await pilot.press("f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#number", Input).value = "dozens"
        form.query_one("#who", Input).value = "soldiers"
        form.query_one("#what", Input).value = "wounded"
        await pilot.press("enter")
        await pilot.pause()
        text = panel_text(screen)
        assert "set: dozens of soldiers wounded" in text and "fill it in" not in text


async def test_s_switches_the_timeline_to_the_series_plot_and_back(make_app):
    from reader.ui.screens.timeline import TimelineScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(app, pilot, "001")
        quote = "captured about 240 Israelis"
        start = screen.article.text.index(quote)
        screen.view.select(start, start + len(quote))
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("y")
        await wait_ready(app, pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        await pilot.press("s")
        await pilot.pause()
        chart = str(timeline.query_one("#chart").render())
        assert chart.startswith("Israelis captured") and "2023-11-15 ~240" in chart and "█" in chart
        assert "Al Jazeera" in chart and "series plot" in str(timeline.query_one("#timeline-title").render())
        await pilot.press("s")
        await pilot.pause()
        assert "█" not in str(timeline.query_one("#chart").render())


async def test_the_series_plot_fits_80_columns_when_the_marks_scroll(make_app):
    """Its lines are as wide as the body: a scroll bar showing up must not wrap the contradiction sign."""
    from reader.ui.screens.timeline import TimelineScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        seeds = {meta.id[:3]: app.corpus.load(meta.id) for meta in app.corpus.metas}
        for seed, quote in [
            ("001", "captured about 240 Israelis"),
            ("004", "captured approximately 250 Israelis"),
            ("004", "about 50 Israeli prisoners were killed"),
            ("002", "tens of thousands of civilian victims"),
            ("001", "more than 6,000 Palestinian prisoners"),
            ("004", "at least 229 people"),
            ("004", "4 female prisoners"),
            ("003", "20 prisoners"),
        ]:
            start = seeds[seed].text.index(quote)
            app.store.add_span(seeds[seed], start, start + len(quote), "casualty figure")
        app.store.correct_article(seeds["004"].id, published="2023-11-10")
        await pilot.press("y")
        await wait_ready(app, pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        await pilot.press("s")
        await pilot.pause()
        body, chart = timeline.query_one("#timeline-body"), timeline.query_one("#chart")
        assert body.max_scroll_y > 0  # the marks scroll
        plot = str(chart.render())
        assert "⚠" in plot and chart.size.height == len(plot.splitlines())  # no line wrapped


async def test_the_series_plot_is_redrawn_to_the_new_width_when_the_terminal_shrinks(make_app):
    from reader.ui.screens.timeline import TimelineScreen

    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        seeds = {meta.id[:3]: app.corpus.load(meta.id) for meta in app.corpus.metas}
        for seed, quote in [("001", "captured about 240 Israelis"), ("004", "captured approximately 250 Israelis")]:
            start = seeds[seed].text.index(quote)
            app.store.add_span(seeds[seed], start, start + len(quote), "casualty figure")
        await pilot.press("y")
        await wait_ready(app, pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        await pilot.press("s")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        chart = timeline.query_one("#chart")
        lines = str(chart.render()).splitlines()
        assert max(map(len, lines)) <= chart.content_size.width < 80
        assert chart.size.height == len(lines)


async def test_the_marks_are_listed_in_date_order_links_and_figures_together(make_app):
    from reader.ui.screens.timeline import TimelineScreen

    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        seeds = {meta.id[:3]: app.corpus.load(meta.id) for meta in app.corpus.metas}

        def tag(seed, quote, label):
            start = seeds[seed].text.index(quote)
            return app.store.add_span(seeds[seed], start, start + len(quote), label)

        demand = tag("003", DEMAND, "demand")
        app.store.add_link(demand.id, tag("003", "Hamas", "actor").id, "by")
        app.store.correct_article(seeds["003"].id, published="2025-06-12")
        tag("001", "captured about 240 Israelis", "casualty figure")  # 2023-11-15
        tag("002", "tens of thousands of civilian victims", "casualty figure")  # undated, to complete
        await pilot.press("y")
        await wait_ready(app, pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        marks = timeline.query_one("#marks")
        prompts = [str(marks.get_option_at_index(i).prompt) for i in range(marks.option_count)]
        assert [p.split()[0] for p in prompts] == ["2023-11-15", "2025-06-12", "undated"]
        assert "to complete" in prompts[-1]


async def test_a_linked_figure_that_contradicts_is_marked_in_the_list_too(make_app):
    from annotations.figures import Figure
    from reader.ui.screens.timeline import TimelineScreen

    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        article = app.corpus.load(next(meta.id for meta in app.corpus.metas if meta.id.startswith("004")))

        def tag(quote, label):
            start = article.text.index(quote)
            return app.store.add_span(article, start, start + len(quote), label)

        tag("captured approximately 250 Israelis", "casualty figure")
        figure = tag("at least 229 people", "casualty figure")
        app.store.set_figure(figure.id, Figure(229, 229, "at least", "Israelis", "captured"))
        app.store.add_link(figure.id, tag("the Israeli army", "source").id, "reported by")
        app.store.correct_article(article.id, published="2023-11-10")
        await pilot.press("y")
        await wait_ready(app, pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        marks = timeline.query_one("#marks")
        prompts = [str(marks.get_option_at_index(i).prompt) for i in range(marks.option_count)]
        assert len(prompts) == 3 and prompts[0].startswith("⚠ Israelis captured")
        assert "2023-11-10  ⚠ the Israeli army: casualty figure -reported by->" in prompts[2]


async def test_linking_what_is_linked_already_says_so_and_stores_nothing(make_app):
    """No "Linked (u undoes)" for a link that was there: u would undo something else."""
    app = make_app()
    recorder = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        screen, _start = await tag_and_link(app, pilot, "1")
        [link] = app.store.links(screen.article.id)
        await pilot.press("m")
        await pilot.pause()
        choices = app.screen.query_one("#choices")
        assert "(linked)" in str(choices.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await wait_ready(app, pilot)
        assert app.store.links(screen.article.id) == [link]
        assert recorder.messages[-1] == "Already linked: demand -by-> Hamas"


async def test_relabelling_a_linked_concession_as_a_source_removes_its_link_and_says_so(make_app):
    """c on a concession linked -by-> Hamas, changed to source, kept the link: every export
    wrote it and every import refused it ("'by' starts on 'demand' or 'concession'")."""
    app = make_app()
    said = Notices(app)
    async with app.run_test(size=(120, 35)) as pilot:
        screen, start = await tag_and_link(app, pilot, "2")  # a concession
        assert "-by-> Hamas" in panel_text(screen)
        screen.view.move_cursor(start + 20)
        await pilot.press("c", *"source", "enter")
        await pilot.pause()
        concession = next(s for s in app.store.spans(screen.article.id) if s.quote == DEMAND)
        assert concession.label == "source" and app.store.links(screen.article.id) == []
        assert said.messages[-1] == (
            "Now source · 1 link removed: -by-> Hamas ('by' starts on 'demand' or 'concession', not on 'source')"
        )
        assert "-by->" not in panel_text(screen)
        await pilot.press("u")  # one step: the label and the link come back together
        await pilot.pause()
        assert said.messages[-1] == "Undid: relabel concession as source, removing 1 link"
        assert app.store.span(concession.id).label == "concession"
        assert [link.from_span for link in app.store.links(screen.article.id)] == [concession.id]
        assert "-by-> Hamas" in panel_text(screen)


async def test_typing_narrows_the_link_list_enter_links_the_match_and_no_match_links_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(app, pilot, "003")
        text = screen.article.text
        start = text.index(DEMAND)
        for quote, key, at in ((DEMAND, "1", start), ("Hamas", "4", start), ("Qatar", "4", None), ("Egypt", "4", None)):
            at = text.index(quote) if at is None else at
            screen.view.select(at, at + len(quote))
            await pilot.press(key)
            await pilot.pause()
        screen.view.move_cursor(start + 20)
        await pilot.press("m")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ChoiceModal) and len(modal.shown) == 3
        await pilot.press("q", "A")
        await pilot.pause()
        assert [t for _, t in modal.shown] == ["actor  Qatar"]
        await pilot.press("enter")
        await wait_ready(app, pilot)
        [link] = app.store.links(screen.article.id)
        assert app.store.span(link.to_span).quote == "Qatar"
        await pilot.press("m")
        await pilot.pause()
        modal = app.screen
        await pilot.press("z", "z")
        await pilot.pause()
        assert modal.shown == []
        [said] = [str(o.prompt) for o in modal.query_one(OptionList).options]
        assert said == "nothing matches “zz”"
        await pilot.press("enter")
        await wait_ready(app, pilot)
        assert app.screen is modal and len(app.store.links(screen.article.id)) == 1
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen is screen and len(app.store.links(screen.article.id)) == 1
