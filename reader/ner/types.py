"""The entity record and label names, apart from the recogniser.

The UI and the exporters need these two names on every start; the recogniser (its
gazetteer and patterns) is heavier and loaded only when text is analysed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# label -> description, in display order (spaCy/OntoNotes names and glosses)
ENTITY_LABELS: dict[str, str] = {
    "PERSON": "People, including fictional",
    "ORG": "Companies, agencies, institutions, armed groups, news organisations",
    "GPE": "Countries, cities, states",
    "LOC": "Non-GPE locations, regions, seas, mountain ranges",
    "NORP": "Nationalities or religious or political groups",
    "DATE": "Absolute or relative dates or periods",
    "TIME": "Times smaller than a day",
    "CARDINAL": "Numerals that do not fall under another type",
    "QUANTITY": "Measurements, as of weight or distance",
    "MONEY": "Monetary values, including unit",
    "PERCENT": "Percentage, including '%'",
    "ORDINAL": "'first', 'second', etc.",
    "EVENT": "Named hurricanes, battles, wars, sports events, operations",
    "FAC": "Buildings, airports, highways, bridges, crossings",
    "LAW": "Named documents made into laws, treaties, resolutions",
    "LANGUAGE": "Any named language",
    "PRODUCT": "Objects, vehicles, foods, etc. (not services)",
    "WORK_OF_ART": "Titles of books, songs, etc.",
}


@dataclass(frozen=True)
class Entity:
    """One entity mention: ``text == article_text[start:end]``."""

    start: int
    end: int
    label: str
    text: str

    def to_dict(self) -> dict:
        return asdict(self)
