"""The actor proposed for a demand or concession: the subject of its sentence, from the recogniser's names."""

from __future__ import annotations

import pytest

from annotations.actor_suggest import suggest_actor
from reader.corpus.loader import open_corpus
from reader.ner.recognizer import build_recognizer
from reader.ner.types import Entity
from reader.text.sentences import sentence_starts


@pytest.fixture(scope="module")
def seeds():
    corpus = open_corpus(None)
    return {meta.id[:3]: corpus.load(meta.id).text for meta in corpus.metas}


def proposed(text: str, quote: str, occurrence: int = 0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    entities = build_recognizer("rules").find(text)
    return suggest_actor(text, start, start + len(quote), entities, sentence_starts(text))


@pytest.mark.parametrize(
    ("seed", "quote", "actor", "reason"),
    [
        # the example, tagged whole and tagged as the demand alone
        ("003", "Hamas is demanding that the prisoner release be extended over 70 days", "Hamas", "opens the span"),
        ("003", "the prisoner release be extended over 70 days", "Hamas", "subject before the span"),
        # "Israeli official radio reported that Netanyahu rejected this"
        ("002", "rejected this because of the opposition", "Netanyahu", "subject before the span"),
        ("002", "Netanyahu rejected requests from the competent authorities", "Netanyahu", "opens the span"),
        # a pronoun subject: the previous sentence's subject ("Tel Aviv believes that Hamas will not ...")
        ("003", "continues to demand the release of 20 prisoners", "Hamas", "previous sentence"),
        # "The head of the Islamic Resistance Movement (Hamas) in Gaza, Yahya Sinwar, announced that they are ready"
        ("000", "ready to make a partial concession", "Yahya Sinwar", "subject before the span"),
        # "Hamas blamed Israel for the lack of progress, which refuses to provide guarantees"
        ("002", "Hamas blamed Israel", "Hamas", "opens the span"),
        # a whole sentence tagged with `s`: its subject, not a name of the sentence before
        (
            "001",
            "During the first day of Operation Al-Aqsa Flood, Hamas and the resistance factions captured",
            "Hamas",
            "subject in the span",
        ),
        # "On the other hand, French President Emmanuel Macron called today ... for a humanitarian
        # truce": the adjective before a title is not the actor (a whole sentence and the demand alone)
        (
            "004",
            "On the other hand, French President Emmanuel Macron called today",
            "Emmanuel Macron",
            "subject in the span",
        ),
        ("004", "humanitarian truce", "Emmanuel Macron", "subject before the span"),
    ],
)
def test_the_subject_of_the_sentence_is_proposed(seeds, seed, quote, actor, reason):
    suggestion = proposed(seeds[seed], quote)
    assert suggestion is not None
    assert (suggestion.text, suggestion.reason) == (actor, reason)
    assert seeds[seed][suggestion.start : suggestion.end] == actor


def ent(text: str, name: str, label: str) -> Entity:
    start = text.index(name)
    return Entity(start, start + len(name), label, name)


def test_objects_and_adjectives_are_not_subjects():
    text = "The official told Yedioth Ahronoth that the talks with Hamas had stalled, Israeli sources said."
    entities = [ent(text, "Yedioth Ahronoth", "ORG"), ent(text, "Hamas", "ORG"), ent(text, "Israeli", "NORP")]
    start = text.index("had stalled")
    assert suggest_actor(text, start, start + len("had stalled"), entities) is None


def test_a_name_reporting_the_span_after_it():
    text = "The deal must end the war, Hamas said on Friday."
    entities = [ent(text, "Hamas", "ORG"), ent(text, "Friday", "DATE")]
    suggestion = suggest_actor(text, 0, text.index(","), entities)
    assert (suggestion.text, suggestion.reason) == ("Hamas", "reports the span")


def test_a_name_inside_the_span_after_a_preposition_is_not_its_subject():
    text = "Israeli radio said that during talks in Doha the delegation refused."
    entities = [ent(text, "Israeli", "NORP"), ent(text, "Doha", "GPE")]
    start = text.index("during")
    suggestion = suggest_actor(text, start, len(text) - 1, entities)
    assert suggestion is None or suggestion.text != "Doha"


def test_dates_and_numbers_are_never_actors_and_the_first_sentence_has_no_previous():
    text = "On Friday 20 prisoners must be freed."
    entities = [ent(text, "Friday", "DATE"), ent(text, "20", "CARDINAL")]
    assert suggest_actor(text, text.index("20"), len(text) - 1, entities) is None
