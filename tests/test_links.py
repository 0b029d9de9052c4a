"""The link record and the checks a link must pass before it is made."""

from __future__ import annotations

import pytest

from annotations.links import Link, link_problem, links_touching
from annotations.model import Span
from annotations.schema import load_schema


def span(id: str, label: str, article: str = "a1") -> Span:
    return Span(id, article, "sha", 0, 5, label, "Hamas")


@pytest.mark.parametrize(
    ("relation", "start", "end", "problem"),
    [
        ("by", span("d", "demand"), span("h", "actor"), None),
        ("by", span("c", "concession"), span("h", "actor"), None),
        ("reported by", span("f", "casualty figure"), span("s", "source"), None),
        ("answers", span("c", "concession"), span("d", "demand"), None),
        ("by", span("h", "actor"), span("d", "demand"), "'by' starts on 'demand' or 'concession', not on 'actor'"),
        ("by", span("d", "demand"), span("s", "source"), "'by' points to 'actor', not to 'source'"),
        (
            "sued",
            span("d", "demand"),
            span("h", "actor"),
            "unknown relation 'sued' (the schema's relations: by, reported by, answers)",
        ),
        ("by", span("d", "demand"), span("d", "demand"), "a span cannot be linked to itself"),
        ("by", span("d", "demand"), span("h", "actor", "a2"), "a link joins two spans of one article"),
    ],
)
def test_a_link_follows_the_schema(relation, start, end, problem):
    assert link_problem(load_schema(), relation, start, end) == problem


def test_links_go_with_either_end_and_round_trip():
    links = [Link("l1", "a1", "d", "h", "by"), Link("l2", "a1", "c", "d", "answers"), Link("l3", "a1", "f", "s", "x")]
    assert [link.id for link in links_touching(links, ["d"])] == ["l1", "l2"]
    assert links_touching(links, []) == []
    assert links[0].touches("h") and not links[0].touches("c")
    assert Link.from_dict(links[1].to_dict()) == links[1]
    with pytest.raises(ValueError, match="same span"):
        Link("l4", "a1", "d", "d", "by")
