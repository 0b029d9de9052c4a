"""Named entities for the reader: the public API and the built-in rule-based recogniser.

``build_recognizer("rules")`` gives the default recogniser: no model weights, deterministic,
fast enough to run on every article as it opens. It combines

1. the gazetteer (``reader/ner/data/patterns.jsonl``, spaCy EntityRuler format, generated from
   data packages by ``python -m reader.ner.data.build_patterns``) plus the user's patterns
   (``--patterns FILE`` and ``<config dir>/patterns.jsonl``, which win over shipped ones),
   matched over tokens (:mod:`reader.ner.patterns`);
2. regular expressions for numbers, money, percents, quantities, dates and times
   (:mod:`reader.ner.numbers`);
3. heuristics for names no list holds (:mod:`reader.ner.names`).

Overlaps are settled by length: the longest candidate wins, the gazetteer wins ties.
``build_recognizer("spacy:PIPELINE")`` runs a spaCy pipeline instead (:mod:`reader.ner.spacy_backend`).

Every recogniser caches its results per text (sha256 of the text plus the recogniser's
identity), so an article's entities are computed once however often it is shown.
Offsets are Python code points into the text given (already normalised), end exclusive.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from reader.core import paths
from reader.core.errors import UserError
from reader.ner.cache import CachedRecognizer, patterns_digest
from reader.ner.names import find_names, propagate_people
from reader.ner.numbers import find_numbers
from reader.ner.patterns import (
    PatternSpec,
    PhraseTrie,
    load_patterns_file,
    shipped_patterns,
    tokenize,
)
from reader.ner.types import ENTITY_LABELS as ENTITY_LABELS  # re-exported: the public entity API
from reader.ner.types import Entity


class EntityRecognizer(Protocol):
    name: str

    def find(self, text: str) -> list[Entity]: ...


def _resolve(candidates: list[tuple[int, int, str, int]], size: int) -> list[tuple[int, int, str]]:
    """Longest first, then lower priority number, then leftmost; no overlaps."""
    candidates.sort(key=lambda c: (c[0] - c[1], c[3], c[0]))
    occupied = bytearray(size)
    chosen = []
    for start, end, label, _prio in candidates:
        if end <= start or occupied.find(1, start, end) != -1:
            continue
        occupied[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, label))
    chosen.sort()
    return chosen


def _owners(starts: list[int], ends: list[int], spans: list[tuple[int, int, str]]) -> list[int]:
    """For each token the index of the span covering it, or -1."""
    owner = [-1] * len(starts)
    t = 0
    n = len(starts)
    for index, (start, end, _label) in enumerate(spans):
        while t < n and starts[t] < start:
            t += 1
        k = t
        while k < n and ends[k] <= end:
            owner[k] = index
            k += 1
    return owner


class RuleRecognizer(CachedRecognizer):
    """The built-in recogniser: gazetteer + number/date regexes + name heuristics."""

    def __init__(self, user_patterns: Sequence[PatternSpec] = ()) -> None:
        self.name = "rules"
        self.trie = PhraseTrie()
        for spec in user_patterns:  # first added wins: the user's patterns override ours
            self.trie.add(spec)
        for spec in shipped_patterns():
            self.trie.add(spec)
        self.key = "rules:" + patterns_digest(user_patterns)

    def _find(self, text: str) -> list[Entity]:
        starts, ends, words = tokenize(text)
        candidates = [(starts[a], ends[b - 1], label, 0) for a, b, label in self.trie.match(words)]
        candidates += [(s, e, label, 1) for s, e, label in find_numbers(text, starts, words)]
        spans = _resolve(candidates, len(text))
        owner = _owners(starts, ends, spans)
        guesses = [self._shouted(text, g) for g in find_names(text, starts, ends, words, owner, spans)]
        if guesses:
            # a guess may swallow whole entities (an ORG word absorbing "Israeli"), never part
            merged = [(s, e, label, 2) for s, e, label in spans]
            merged += [(s, e, label, 1) for s, e, label in guesses]
            spans = _resolve(merged, len(text))
            owner = _owners(starts, ends, spans)
        people = [text[s:e] for s, e, label in spans if label == "PERSON"]
        more = propagate_people(text, starts, ends, words, owner, people)
        if more:
            spans = _resolve([(s, e, lab, 0) for s, e, lab in spans + more], len(text))
        return [Entity(s, e, label, text[s:e]) for s, e, label in _with_article(text, spans)]

    def _shouted(self, text: str, guess: tuple[int, int, str]) -> tuple[int, int, str]:
        """A capitalised dateline "KYIV" is the gazetteer's "Kyiv", not an acronym."""
        start, end, label = guess
        known = _shouted_label(self.trie, text[start:end]) if label == "ORG" else None
        return (start, end, known or label)


_ARTICLE_PREFIXES = ("Al-", "al-", "El-", "el-")


def _with_article(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """ "Al-Sinwar" is the same person as "Sinwar": take the Arabic article into the name."""
    out = []
    previous_end = 0
    for start, end, label in spans:
        if (
            label == "PERSON"
            and start - 3 >= previous_end
            and text[start - 3 : start] in _ARTICLE_PREFIXES
            and (start == 3 or not text[start - 4].isalnum())
        ):
            start -= 3
        out.append((start, end, label))
        previous_end = end
    return out


def _shouted_label(trie: PhraseTrie, word: str) -> str | None:
    return trie.label_of(word.title()) if len(word) > 3 and word.isupper() else None


def user_patterns(files: Sequence[str | Path] = ()) -> list[PatternSpec]:
    """Patterns from ``--patterns`` files, then the user's config ``patterns.jsonl``."""
    specs: list[PatternSpec] = []
    for path in files:
        specs.extend(load_patterns_file(path))
    config = paths.config_entry("patterns.jsonl")
    if config is not None:
        specs.extend(load_patterns_file(config))
    return specs


@lru_cache(maxsize=8)
def _rules(specs: tuple[PatternSpec, ...]) -> RuleRecognizer:
    return RuleRecognizer(specs)


def build_recognizer(spec: str = "rules", patterns: Sequence[str | Path] = ()) -> EntityRecognizer:
    """``"rules"`` (built in) or ``"spacy:PIPELINE"``; user patterns extend either one.

    ``PIPELINE`` is an installed spaCy package name (``spacy:en_core_web_sm``) or
    ``blank:LANG`` for an empty pipeline that runs the patterns only (``spacy:blank:en``).
    """
    specs = tuple(user_patterns(patterns))
    spec = (spec or "rules").strip()
    if spec == "rules":
        return _rules(specs)
    if spec.startswith("spacy:") and spec[len("spacy:") :]:
        from reader.ner.spacy_backend import spacy_recognizer

        return spacy_recognizer(spec[len("spacy:") :], specs)
    raise UserError(f"unknown entity recogniser {spec!r}: use 'rules' or 'spacy:PIPELINE'")
