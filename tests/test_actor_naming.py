"""What ``=`` offers for a mention and what each choice makes of the actor book."""

from __future__ import annotations

import pytest

from annotations.actor_naming import actor_choices, name_mention, typed_choices
from annotations.actors import ActorBook
from reader.core.errors import UserError

ENTITIES = ["Hamas", "Islamic Resistance Movement (Hamas)", "Qatar", "Israel"]


def names(book: ActorBook) -> list[tuple[str, tuple[str, ...]]]:
    return [(a.name, a.aliases) for a in book]


def test_a_first_mention_is_offered_as_a_new_actor_then_longer_look_alikes():
    assert actor_choices(ActorBook(), "Hamas", ENTITIES) == [
        ("new:Hamas", "new actor “Hamas”"),
        (
            "new:Islamic Resistance Movement (Hamas)",
            "new actor “Islamic Resistance Movement (Hamas)” (from the entities)",
        ),
    ]


def test_a_long_mention_offers_the_short_name_it_holds_first():
    choices = actor_choices(ActorBook(), "the Islamic Resistance Movement (Hamas)", ENTITIES)
    assert choices[0] == ("new:Hamas", "★ new actor “Hamas” (from the entities)")
    assert choices[1][0] == "new:the Islamic Resistance Movement (Hamas)"


def test_existing_actors_come_first_the_look_alike_before_the_rest():
    book = ActorBook().add("Qatar").add_alias("Hamas", "the movement")
    choices = actor_choices(book, "the Hamas leadership", ENTITIES)
    assert [c for c, _ in choices[:2]] == ["actor:Hamas", "actor:Qatar"]
    assert choices[0][1] == "★ Hamas  also: the movement"
    now = actor_choices(book, "The Movement", ENTITIES)
    assert now[0] == ("actor:Hamas", "Hamas  (now)  also: the movement")
    assert now[-1] == ("none", "“The Movement” names no actor (drop the alias of Hamas)")


def test_each_choice_makes_the_book_it_says():
    book = ActorBook().add_alias("Hamas", "the movement").add("Qatar")
    moved, said = name_mention(book, "the movement", "actor:Qatar")
    assert names(moved) == [("Hamas", ()), ("Qatar", ("the movement",))] and said == "“the movement” = Qatar"
    merged, said = name_mention(book, "Qatar", "actor:Hamas")
    assert names(merged) == [("Hamas", ("the movement", "Qatar"))] and said == "actor Qatar merged into Hamas"
    renamed, said = name_mention(book, "Hamas", "new:Islamic Resistance Movement")
    assert names(renamed)[0] == ("Islamic Resistance Movement", ("Hamas", "the movement"))
    own, said = name_mention(book, "the movement", "new:the movement")
    assert names(own) == [("Hamas", ()), ("Qatar", ()), ("the movement", ())] and said == "new actor the movement"
    dropped, said = name_mention(book, "the movement", "none")
    assert names(dropped) == [("Hamas", ()), ("Qatar", ())]
    assert name_mention(book, "the movement", "actor:Hamas")[0] == book  # already so


def test_a_name_another_actor_holds_is_refused_with_whose_it_is():
    book = ActorBook().add_alias("Hamas", "the movement").add("Qatar")
    with pytest.raises(UserError, match="'the movement' already names the actor 'Hamas'"):
        name_mention(book, "Qatar", "new:the movement")


def test_a_typed_name_no_actor_has_is_offered_as_a_new_actor_the_mention_names():
    book = ActorBook().add("Qatar")
    assert typed_choices(book, "  Hamas \n") == [("new:Hamas", "new actor “Hamas”")]
    [(choice, _)] = typed_choices(book, "Hamas")
    named, said = name_mention(book, "the movement", choice)
    assert names(named) == [("Qatar", ()), ("Hamas", ("the movement",))]
    assert said == "“the movement” = new actor Hamas"


def test_a_typed_name_an_actor_has_offers_that_actor_and_no_new_one():
    book = ActorBook().add_alias("Hamas", "the movement").add("Qatar")
    assert typed_choices(book, "The Movement") == [("actor:Hamas", "Hamas  also: the movement")]
    assert typed_choices(book, "qatar") == [("actor:Qatar", "Qatar")]
    assert typed_choices(book, " “ ") == typed_choices(book, "") == []
