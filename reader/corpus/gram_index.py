"""Which library records contain a one- or two-character gram, answered without a scan.

Why: the library filter is a substring test over each article's metadata. On 100,000
articles one scan is too slow for a keystroke whatever the method (``str.find`` over the
joined haystacks, or one ``in`` per record), and the first keystrokes of a query match most of
the corpus, so narrowing the previous answer does not help either. Every record's distinct
characters and character pairs are indexed once, in a background thread after the library
is shown:

- a query of one or two characters is answered exactly by its gram;
- a longer query is at most the records holding all its pairs, and only those candidates
  get the substring test.

Grams held by at least 1/32 of the records are bit sets (a Python ``int``, record 0 the
most significant bit, so ``format(bits, "0{n}b")`` lists the records in order); rarer ones
are sorted position arrays, which are smaller then. Memory stays bounded by the number of
postings, whatever the alphabet (CJK titles have many distinct pairs, each rare).

Positions are indexes into the ``parts`` list the index was built from (one casefolded
haystack per record, in one sort order). Pure Python; no UI imports.
"""

from __future__ import annotations

from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from itertools import repeat
from operator import add

# '0'/'1' characters to the 0/1 bytes that itertools.compress reads as selectors.
_BITS_TO_SELECTORS = bytes.maketrans(b"01", b"\x00\x01")
_CHUNK = 8192  # records per posting pass: bounds the temporary lists (a few MB)
_DENSE_SHARE = 32  # a gram in at least 1/32 of the records is a bit set


class BuildCancelled(Exception):
    """The corpus changed or the app is closing: the half-built index is dropped."""


class GramIndex:
    """Exact record sets for every character and character pair of the haystacks."""

    def __init__(self, size: int, dense: dict[str, int], sparse: dict[str, array]) -> None:
        self.size = size
        self._dense = dense
        self._sparse = sparse

    @property
    def dense(self) -> dict[str, int]:
        """Grams held by many records: bit sets (record 0 the most significant of ``size`` bits)."""
        return self._dense

    @property
    def sparse(self) -> dict[str, array]:
        """The other grams: sorted record positions."""
        return self._sparse

    @classmethod
    def build(
        cls,
        parts: Sequence[str],
        cancelled: Callable[[], bool] = lambda: False,
        progress: Callable[[int, int], None] | None = None,
    ) -> GramIndex:
        """Index ``parts`` (casefolded haystacks): work for a background thread at 100,000 records.
        ``progress(done, len(parts))`` is called after each chunk of records.

        The inner loops run as C iterators (``map`` over ``list.append``), not Python ``for``
        statements: a record has many distinct grams and there are millions of postings.
        """
        n = len(parts)
        postings: dict[str, array] = {}
        append = list.append
        for start in range(0, n, _CHUNK):
            if cancelled():
                raise BuildCancelled
            local: defaultdict[str, list[int]] = defaultdict(list)
            slot = local.__getitem__
            for i in range(start, min(n, start + _CHUNK)):
                text = parts[i]
                grams = set(text)
                grams.update(map(add, text, text[1:]))
                deque(map(append, map(slot, grams), repeat(i)), 0)
            for gram, found in local.items():
                held = postings.get(gram)
                if held is None:
                    postings[gram] = array("I", found)
                else:
                    held.extend(found)
            if progress is not None:
                progress(min(n, start + _CHUNK), n)
        dense: dict[str, int] = {}
        sparse: dict[str, array] = {}
        threshold = max(1, n // _DENSE_SHARE)
        for gram, found in postings.items():
            if len(found) < threshold:
                sparse[gram] = found
                continue
            if cancelled():
                raise BuildCancelled
            digits = bytearray(b"0") * n
            deque(map(digits.__setitem__, found, repeat(ord("1"))), 0)
            dense[gram] = int(digits, 2)
        return cls(n, dense, sparse)

    def selectors(self, query: str) -> tuple[bytes | bytearray, bool]:
        """0/1 bytes, one per record, and whether they are exact.

        Exact for queries of one or two characters; for longer ones a superset (every record
        that holds all of the query's pairs) that the caller tests with ``in``. An empty query
        selects nothing here: the caller shows everything without asking.
        """
        n = self.size
        if not query:
            return bytes(n), True
        grams = {query} if len(query) <= 2 else set(map(add, query, query[1:]))
        exact = len(query) <= 2
        rare = [self._sparse[g] for g in grams if g in self._sparse]
        if any(g not in self._sparse and g not in self._dense for g in grams):
            return bytes(n), True  # a gram no record has
        if rare:
            found = bytearray(n)
            deque(map(found.__setitem__, min(rare, key=len), repeat(1)), 0)
            return found, exact and len(grams) == 1
        bits = -1
        for gram in grams:
            bits &= self._dense[gram]
        return format(bits, f"0{n}b").encode("ascii").translate(_BITS_TO_SELECTORS), exact
