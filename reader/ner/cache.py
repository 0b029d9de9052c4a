"""Recognised entities, kept per (recogniser, text): every backend finds an article's entities once."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence

from reader.ner.patterns import PatternSpec
from reader.ner.types import Entity

CACHE_SIZE = 512


class _ResultCache:
    """A small thread-safe LRU of entity lists keyed by (recogniser, sha256 of text)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[tuple[str, str], tuple[Entity, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> tuple[Entity, ...] | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: tuple[str, str], value: tuple[Entity, ...]) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


RESULT_CACHE = _ResultCache(CACHE_SIZE)


def text_key(text: str) -> str:
    """The cache key of a text: its sha256 (as ``Article.sha256``)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class CachedRecognizer:
    """Base class: ``find`` consults the cache and calls ``_find`` once per distinct text."""

    name: str = ""
    key: str = ""  # identity: name plus a digest of the patterns in use

    def find(self, text: str) -> list[Entity]:
        cache_key = (self.key, text_key(text))
        cached = RESULT_CACHE.get(cache_key)
        if cached is None:
            cached = tuple(self._find(text))
            RESULT_CACHE.put(cache_key, cached)
        return list(cached)

    def _find(self, text: str) -> list[Entity]:
        raise NotImplementedError


def patterns_digest(specs: Sequence[PatternSpec]) -> str:
    blob = json.dumps([spec.to_json() for spec in specs], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
