"""The timeline data on the seeds: records per link, casualty series, contradictions between sources."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotations.actors import ActorBook
from annotations.figure_value import Figure, Unparsed
from annotations.links import Link
from annotations.model import Span
from annotations.timeline import build_timeline, contradictions
from reader.corpus.loader import open_corpus


@pytest.fixture(scope="module")
def seeds():
    corpus = open_corpus(None)
    return {meta.id[:3]: corpus.load(meta.id) for meta in corpus.metas}


class Tagger:
    """Spans and links as an analyst would make them on the seeds."""

    def __init__(self, seeds):
        self.seeds = seeds
        self.spans: list[Span] = []
        self.links: list[Link] = []

    def tag(self, seed: str, quote: str, label: str) -> Span:
        article = self.seeds[seed]
        start = article.text.index(quote)
        span = Span(f"s{len(self.spans)}", article.id, article.sha256, start, start + len(quote), label, quote)
        self.spans.append(span)
        return span

    def link(self, start: Span, relation: str, end: Span) -> Link:
        link = Link(f"l{len(self.links)}", start.article_id, start.id, end.id, relation)
        self.links.append(link)
        return link


def metas(seeds, **dates):
    """The seeds' metadata, with the dates the analyst set (seed prefix -> date)."""
    return [replace(a.meta(), published=dates.get(key, a.published)) for key, a in seeds.items()]


def captured_israelis(seeds):
    tagger = Tagger(seeds)
    tagger.tag("001", "captured about 240 Israelis", "casualty figure")
    tagger.tag("004", "captured approximately 250 Israelis", "casualty figure")
    figure = tagger.tag("004", "at least 229 people", "casualty figure")
    tagger.link(figure, "reported by", tagger.tag("004", "the Israeli army", "source"))
    return tagger, figure


def test_the_captured_israelis_figures_contradict_once_the_third_is_filled_in(seeds):
    tagger, figure_229 = captured_israelis(seeds)
    articles = metas(seeds, **{"004": "2023-10-27"})
    timeline = build_timeline(articles, tagger.spans, tagger.links)
    # "at least 229 people" says no "what": it waits for the analyst, outside every series
    assert [p.quote for p in timeline.unplaced] == ["at least 229 people"]
    assert timeline.unplaced[0].figure.missing == ("what",)
    assert list(timeline.series) == [("israelis", "captured")]
    assert [(p.date, p.figure.low, p.source) for p in timeline.series[("israelis", "captured")]] == [
        ("2023-10-27", 250, "Al Jazeera"),
        ("2023-11-15", 240, "Al Jazeera + American press + Israeli press"),
    ]
    assert [(c.first.figure.low, c.second.figure.low) for c in timeline.contradictions] == [(250, 240)]

    corrected = {figure_229.id: Figure(229, 229, "at least", "Israelis", "captured", "229", "at least")}
    timeline = build_timeline(articles, tagger.spans, tagger.links, corrected)
    assert timeline.unplaced == []
    points = timeline.series[("israelis", "captured")]
    assert [(p.figure.low, p.source) for p in points] == [
        (250, "Al Jazeera"),
        (229, "the Israeli army"),
        (240, "Al Jazeera + American press + Israeli press"),
    ]
    pairs = {(c.first.figure.low, c.second.figure.low): round(c.ratio, 3) for c in timeline.contradictions}
    assert pairs == {(250, 229): 1.092, (250, 240): 1.042, (229, 240): 1.048}
    # a looser ratio keeps the one clear disagreement; a one-week window keeps the same-day pair
    looser = build_timeline(articles, tagger.spans, tagger.links, corrected, ratio=1.05).contradictions
    assert [(c.first.figure.low, c.second.figure.low) for c in looser] == [(250, 229)]
    week = build_timeline(articles, tagger.spans, tagger.links, corrected, window_days=7).contradictions
    assert [(c.first.figure.low, c.second.figure.low) for c in week] == [(250, 229)]


def test_undated_figures_and_one_sources_figures_never_contradict(seeds):
    tagger, figure_229 = captured_israelis(seeds)
    corrected = {figure_229.id: Figure(229, 229, "at least", "Israelis", "captured")}
    undated = build_timeline(metas(seeds), tagger.spans, tagger.links, corrected)
    assert undated.contradictions == []  # 004 has no date: nothing to compare it with
    assert [p.date for p in undated.series[("israelis", "captured")]] == ["2023-11-15", "", ""]
    first = undated.series[("israelis", "captured")][0]
    revised = replace(first, span_id="s9", figure=Figure(300, 300, "", "Israelis", "captured"))
    assert contradictions({("israelis", "captured"): [first, revised]}) == []  # one source revising itself
    other = replace(revised, source="Reuters")
    assert [c.ratio for c in contradictions({("israelis", "captured"): [first, other]})] == [300 / 240]


def test_one_record_per_link_with_the_canonical_actor_and_the_date(seeds):
    tagger = Tagger(seeds)
    demand = tagger.tag("003", "Hamas is demanding that the prisoner release be extended over 70 days", "demand")
    tagger.link(demand, "by", tagger.tag("003", "Hamas", "actor"))
    refusal = tagger.tag("002", "Netanyahu rejected requests from the competent authorities", "concession")
    tagger.link(refusal, "by", tagger.tag("002", "Netanyahu", "actor"))
    blame = tagger.tag("002", "Hamas blamed Israel for the lack of progress", "demand")
    tagger.link(blame, "by", tagger.tag("002", "the Islamic Resistance Movement (Hamas)", "actor"))
    tagger.link(refusal, "answers", blame)
    figure = tagger.tag("001", "the martyrdom of more than 11,000 Palestinians", "casualty figure")
    tagger.link(figure, "reported by", tagger.tag("001", "Al Jazeera", "source"))
    book = ActorBook().add_alias("Hamas", "the Islamic Resistance Movement (Hamas)")
    timeline = build_timeline(metas(seeds, **{"002": "2024-03-09"}), tagger.spans, tagger.links, actors=book)

    assert [(r.date, r.actor, r.relation, r.label, r.other_quote[:20]) for r in timeline.records] == [
        ("2023-11-15", "", "reported by", "casualty figure", "Al Jazeera"),
        ("2024-03-09", "Netanyahu", "by", "concession", "Netanyahu"),
        ("2024-03-09", "Netanyahu", "answers", "concession", "Hamas blamed Israel "),
        ("2024-03-09", "Hamas", "by", "demand", "the Islamic Resistan"),
        ("", "Hamas", "by", "demand", "Hamas"),
    ]
    rows = timeline.rows()
    assert list(rows) == ["Al Jazeera", "Netanyahu", "Hamas"]
    assert [r.date for r in rows["Hamas"]] == ["2024-03-09", ""]
    figure_record = timeline.records[0].to_dict()
    assert figure_record["figure_text"] == "more than 11,000 Palestinians killed"
    assert figure_record["figure"]["low"] == 11000 and figure_record["source"] == "Al Jazeera"
    assert figure_record["article_id"] == seeds["001"].id and figure_record["quote"].startswith("the martyrdom")
    assert timeline.records[1].figure is None and timeline.records[1].to_dict()["figure"] is None
    # articles by date, the dated first
    assert [d for d, _ in timeline.dates] == ["2023-11-15", "2024-03-09", "", "", ""]


def test_a_figure_that_does_not_parse_is_unplaced_and_says_why(seeds):
    tagger = Tagger(seeds)
    tagger.tag("003", "extended over 70 days", "casualty figure")
    timeline = build_timeline(metas(seeds), tagger.spans, tagger.links)
    assert timeline.series == {} and isinstance(timeline.unplaced[0].figure, Unparsed)
    assert "only a date, duration or percentage" in timeline.unplaced[0].figure.describe()


def test_a_dangling_link_is_reported_never_drawn(seeds):
    tagger = Tagger(seeds)
    demand = tagger.tag("003", "Hamas is demanding", "demand")
    tagger.links.append(Link("l9", demand.article_id, demand.id, "gone", "by"))
    timeline = build_timeline(metas(seeds), tagger.spans, tagger.links)
    assert timeline.records == []
    assert timeline.problems == [f"link l9 (by) has an end that is no span of article {demand.article_id}"]
    with pytest.raises(ValueError, match="at least 1"):
        build_timeline(metas(seeds), [], [], ratio=0.5)
