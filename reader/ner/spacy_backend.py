"""Optional spaCy backend: ``--ner spacy:PIPELINE`` (needs the ``spacy`` extra).

``PIPELINE`` is the name of an installed pipeline package (``en_core_web_sm``), loaded with
``spacy.load``, or ``blank:LANG`` (``blank:en``) for ``spacy.blank(LANG)``: an empty
pipeline that finds only what the patterns say. Either way an EntityRuler holding the
user's patterns and the shipped gazetteer goes in before ``ner`` (when the pipeline has
one), so the statistical model respects what the patterns found.

Building a pipeline is slow (loading weights, compiling ~9,000 phrase patterns), so built
recognisers are kept per (pipeline, patterns) for the life of the process.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reader.core.errors import UserError
from reader.ner.patterns import PatternSpec, shipped_patterns


def _import_spacy():  # type: ignore[no-untyped-def]
    try:
        import spacy
    except ImportError:
        raise UserError("the spaCy backend needs spaCy: pip install 'newsdesk[spacy]'") from None
    return spacy


def load_pipeline(pipeline: str):  # type: ignore[no-untyped-def]
    """``spacy.load(pipeline)``, or ``spacy.blank(lang)`` for ``blank:lang``."""
    spacy = _import_spacy()
    if pipeline.startswith("blank:"):
        lang = pipeline[len("blank:") :] or "en"
        try:
            return spacy.blank(lang)
        except Exception as err:  # spaCy raises its own ImportError/KeyError subclasses
            raise UserError(f"spaCy has no language {lang!r} for a blank pipeline ({err})") from None
    try:
        return spacy.load(pipeline)
    except OSError:
        raise UserError(
            f"spaCy pipeline {pipeline!r} is not installed (try: python -m spacy download {pipeline})"
        ) from None


class SpacyRecognizer:
    """Entities from a spaCy pipeline plus an EntityRuler with our patterns before ``ner``."""

    def __init__(self, pipeline: str, patterns: Sequence[PatternSpec]) -> None:
        from reader.ner.cache import patterns_digest

        self.name = f"spacy:{pipeline}"
        self.key = f"{self.name}:{patterns_digest(patterns)}"
        self.nlp = load_pipeline(pipeline)
        config = {"phrase_matcher_attr": "ORTH", "validate": False}
        if "ner" in self.nlp.pipe_names:
            ruler = self.nlp.add_pipe("entity_ruler", before="ner", config=config)
        else:
            ruler = self.nlp.add_pipe("entity_ruler", config=config)
        rows = [spec.to_json() for spec in patterns]  # user's first: they win ties
        mine = {row["pattern"] for row in rows if isinstance(row["pattern"], str)}
        rows += [spec.to_json() for spec in shipped_patterns() if spec.pattern not in mine]
        try:
            ruler.add_patterns(rows)
        except (ValueError, TypeError) as err:
            raise UserError(f"spaCy refused a pattern: {err}") from None

    def find(self, text: str) -> list:
        from reader.ner.cache import RESULT_CACHE, text_key
        from reader.ner.types import Entity

        cache_key = (self.key, text_key(text))
        cached = RESULT_CACHE.get(cache_key)
        if cached is None:
            doc = self.nlp(text)
            cached = tuple(Entity(ent.start_char, ent.end_char, ent.label_, ent.text) for ent in doc.ents)
            RESULT_CACHE.put(cache_key, cached)
        return list(cached)


@lru_cache(maxsize=4)
def spacy_recognizer(pipeline: str, patterns: tuple[PatternSpec, ...]) -> SpacyRecognizer:
    return SpacyRecognizer(pipeline, patterns)
