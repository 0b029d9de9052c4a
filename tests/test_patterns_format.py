"""Patterns files in spaCy's full EntityRuler format (issue 15 item 11): what spaCy accepts
is accepted (checked against spaCy's own validating EntityRuler), Prodigy's habit of
lower-case keys works, the built-in matcher matches IN lists and optional tokens, and names
the pattern and what it cannot match for the rest."""

from __future__ import annotations

import json

import pytest

from reader.core.errors import UserError
from reader.ner.patterns import PhraseTrie, parse_patterns
from reader.ner.recognizer import build_recognizer

# Prodigy's documented pattern files write attribute keys in lower case.
PRODIGY_STYLE = [
    {"label": "FRUIT", "pattern": [{"lower": "goji"}, {"lower": "berry"}]},
    {"label": "FRUIT", "pattern": "apple"},
    {"label": "PRODUCT", "pattern": [{"lower": "iphone"}, {"lower": {"IN": ["x", "xr", "11"]}}]},
    {"label": "ORG", "pattern": [{"orth": "Red"}, {"LOWER": "crescent", "op": "?"}, {"text": "Society"}]},
]
SPACY_ONLY = [
    {"label": "CARDINAL", "pattern": [{"LIKE_NUM": True}, {"LOWER": "people", "OP": "+"}]},
    {"label": "ORG", "pattern": [{"TEXT": {"REGEX": "^U\\.?N\\.?$"}}]},
    {"label": "GPE", "pattern": [{"POS": "PROPN", "OP": "{1,3}"}, {"LOWER": {"NOT_IN": ["said"]}}]},
    {"label": "GPE", "pattern": [{"LENGTH": {">=": 3}}, {"_": {"is_place": True}}, {}]},
]
INVALID = [
    ({"label": "X", "pattern": [{"LOWR": "a"}]}, "unknown token attribute 'LOWR'"),
    ({"label": "X", "pattern": [{"LOWER": "a", "OP": "??"}]}, "OP '??' is not one of"),
    ({"label": "X", "pattern": [{"LOWER": {"MATCHES": "a"}}]}, "unknown predicate 'MATCHES'"),
    ({"label": "X", "pattern": [{"IS_DIGIT": "yes"}]}, "IS_DIGIT must be a bool"),
    ({"label": "X", "pattern": ["Red"]}, 'expected an object like {"LOWER": "red"}'),
]


def lines(rows) -> list[str]:
    return [json.dumps(row) for row in rows]


def test_what_we_accept_spacy_accepts_and_what_we_refuse_it_refuses():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True})
    specs = parse_patterns(lines(PRODIGY_STYLE + SPACY_ONLY), "p.jsonl")
    ruler.add_patterns([spec.to_json() for spec in specs])  # raises on what spaCy refuses
    for row, problem in INVALID:
        with pytest.raises(UserError) as err:
            parse_patterns(lines([row]), "bad.jsonl")
        assert str(err.value).startswith("bad.jsonl:1: token 1: ") and problem in str(err.value)
        other = spacy.blank("en").add_pipe("entity_ruler", config={"validate": True})
        with pytest.raises((ValueError, TypeError, KeyError)):
            other.add_patterns([row])


def test_prodigy_style_patterns_match_in_the_built_in_recogniser(tmp_path):
    path = tmp_path / "prodigy.jsonl"
    path.write_text("\n".join(lines(PRODIGY_STYLE)) + "\n", encoding="utf-8")
    found = {
        (e.text, e.label)
        for e in build_recognizer("rules", [path]).find(
            "Goji Berry and apple sales rose; the iPhone XR and the Red Society, the Red Crescent Society too."
        )
    }
    assert {
        ("Goji Berry", "FRUIT"),
        ("apple", "FRUIT"),
        ("iPhone XR", "PRODUCT"),
        ("Red Society", "ORG"),
        ("Red Crescent Society", "ORG"),
    } <= found


@pytest.mark.parametrize(
    "row,what",
    [
        (SPACY_ONLY[0], "LIKE_NUM"),
        (SPACY_ONLY[1], "TEXT with REGEX"),
        (SPACY_ONLY[2], "OP '{1,3}'"),
        (SPACY_ONLY[3], "LENGTH"),
    ],
)
def test_the_built_in_matcher_names_the_pattern_and_what_it_cannot_match(row, what):
    (spec,) = parse_patterns(lines([row]), "mine.jsonl")
    with pytest.raises(UserError) as err:
        PhraseTrie().add(spec)
    message = str(err.value)
    assert message.startswith("mine.jsonl:1: pattern [") and f"cannot match {what}" in message
    assert "--ner spacy:PIPELINE" in message and "\n" not in message
