"""Grouping an article's entity mentions: short mentions of a person count with the full name."""

from __future__ import annotations

from reader.ner.mentions import group_mentions, person_names, surname
from reader.ner.types import Entity


def entity(text: str, start: int, label: str = "PERSON") -> Entity:
    return Entity(start, start + len(text), label, text)


def test_surname_drops_the_arabic_article():
    assert surname("Yahya Al-Sinwar") == "Sinwar"
    assert surname("Benjamin Netanyahu") == "Netanyahu"
    assert surname("al-Hayya") == "Hayya"


def test_a_short_mention_maps_to_the_one_full_name_ending_with_it():
    found = [
        entity("Benjamin Netanyahu", 0),
        entity("Netanyahu", 40),
        entity("Al-Sinwar", 60),
        entity("Yahya Al-Sinwar", 80),
        entity("Sinwar", 100),
    ]
    assert person_names(found) == {
        "Netanyahu": "Benjamin Netanyahu",
        "Al-Sinwar": "Yahya Al-Sinwar",
        "Sinwar": "Yahya Al-Sinwar",
    }


def test_two_full_names_with_that_surname_leave_the_short_one_alone():
    found = [entity("Yahya Sinwar", 0), entity("Mohammed Sinwar", 20), entity("Sinwar", 40)]
    assert person_names(found) == {}


def test_only_people_are_merged_and_groups_come_most_mentioned_first():
    found = [
        entity("Qatar", 0, "GPE"),
        entity("Steve Witkoff", 10),
        entity("Witkoff", 30),
        entity("Witkoff", 50, "ORG"),
        entity("Qatar", 70, "GPE"),
        entity("Witkoff", 90),
    ]
    groups = group_mentions(found)
    assert [(name, label, [e.start for e in mentions]) for name, label, mentions in groups] == [
        ("Steve Witkoff", "PERSON", [10, 30, 90]),
        ("Qatar", "GPE", [0, 70]),
        ("Witkoff", "ORG", [50]),
    ]
