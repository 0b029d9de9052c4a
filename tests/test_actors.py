"""Actor identities: canonical names and aliases per corpus, and the aliases suggested from mentions."""

from __future__ import annotations

import pytest

from annotations.actors import Actor, ActorBook, actor_key
from reader.core.errors import UserError


@pytest.mark.parametrize(
    ("mention", "key"),
    [
        ("Hamas", "hamas"),
        ("the Movement's", "movement"),
        ("  The   movement ", "movement"),
        ("Hamas’", "hamas"),
        ("“Hamas”", "hamas"),
        ("(Hamas)", "hamas"),
        ("Israel's", "israel"),
    ],
)
def test_mentions_of_one_actor_share_a_key(mention, key):
    assert actor_key(mention) == key


def test_aliases_resolve_to_the_canonical_name_and_unknown_mentions_stand_for_themselves():
    book = ActorBook().add_alias("Hamas", "the Islamic Resistance Movement (Hamas)").add_alias("Hamas", "the movement")
    assert [a.name for a in book] == ["Hamas"]
    for mention in ("Hamas", "HAMAS", "the Islamic Resistance Movement (Hamas)", "The movement's", "Hamas's"):
        assert book.canonical(mention) == "Hamas"
    assert book.canonical(" Qatar, ") == "Qatar" and book.resolve("Qatar") is None
    assert book.add_alias("Hamas", "The Movement") == book  # already its alias: nothing changes


def test_a_name_belongs_to_one_actor_and_the_refusal_says_whose_it_is():
    book = ActorBook().add("Hamas").add_alias("Israel", "Tel Aviv")
    with pytest.raises(UserError, match="'tel aviv' already names the actor 'Israel'"):
        book.add_alias("Hamas", "tel aviv")
    with pytest.raises(UserError, match="'Hamas' already names the actor 'Hamas'"):
        book.add("Hamas")
    with pytest.raises(UserError, match="already names the actor"):
        ActorBook((Actor("Hamas"), Actor("Movement", ("hamas",))))
    with pytest.raises(UserError, match="is empty"):
        ActorBook((Actor(' "( )" '),))


def test_rename_keeps_the_old_name_as_an_alias_and_merge_joins_two_actors():
    book = ActorBook().add_alias("Netanyahu", "the Israeli prime minister").add("Benjamin Netanyahu")
    renamed = book.rename("the Israeli prime minister", "Bibi")
    assert renamed.resolve("Netanyahu").names == ("Bibi", "Netanyahu", "the Israeli prime minister")
    merged = book.merge("Benjamin Netanyahu", "Netanyahu")
    assert [a.names for a in merged] == [("Benjamin Netanyahu", "Netanyahu", "the Israeli prime minister")]
    assert merged.merge("Netanyahu", "Benjamin Netanyahu") == merged
    with pytest.raises(UserError, match="no actor is named 'Qatar'"):
        book.rename("Qatar", "Doha")
    without = merged.remove_alias("netanyahu")
    assert without.resolve("Netanyahu") is None and without.canonical("the Israeli prime minister") == (
        "Benjamin Netanyahu"
    )
    with pytest.raises(UserError, match="is no alias"):
        merged.remove_alias("Benjamin Netanyahu")


def test_aliases_are_suggested_from_the_entity_panels_mentions():
    book = ActorBook().add("Hamas").add_alias("Israel", "Tel Aviv")
    mentions = [
        "Hamas",
        "Islamic Resistance Movement (Hamas)",
        "Hamas movement",
        "Hamasville",
        "Qatar",
        "Tel Aviv",
        "the Hamas movement",
        "Hamas Movement",
    ]
    assert book.suggest_aliases("Hamas", mentions) == ["Islamic Resistance Movement (Hamas)", "Hamas movement"]
    assert ActorBook().suggest_aliases("Benjamin Netanyahu", ["Netanyahu", "Benjamin", "Sara Netanyahu"]) == [
        "Netanyahu",
        "Benjamin",
    ]


def test_the_book_round_trips_through_plain_data():
    book = ActorBook().add_alias("Hamas", "the movement").add("Qatar")
    data = book.to_dict()
    assert data == {"actors": [{"name": "Hamas", "aliases": ["the movement"]}, {"name": "Qatar", "aliases": []}]}
    assert ActorBook.from_dict(data) == book
