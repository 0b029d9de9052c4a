"""Entity patterns in spaCy's EntityRuler ``patterns.jsonl`` format, and a fast matcher.

One JSON object a line: ``{"label": "GPE", "pattern": "Gaza"}`` (a phrase pattern) or
``{"label": "ORG", "pattern": [{"LOWER": "red"}, {"LOWER": "cross"}]}`` (a token pattern),
with an optional ``"id"``. The same files feed spaCy's own EntityRuler in the spaCy
backend, so a user's file works with either recogniser.

The built-in matcher supports phrase patterns and the token-pattern subset where every
token is a dict with exactly one of ``ORTH``/``TEXT`` (exact text) or ``LOWER``
(case-insensitive) set to a string. Anything else (``OP``, ``REGEX``, ``IN``, ``POS``...)
is refused with a ``file:line`` error rather than silently ignored.

Matching is a trie over tokens: one dict lookup per token in the common case, longest
match wins, matches never cross a paragraph break, names are case-sensitive.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reader.core.errors import UserError

# The matcher's own token rule, finer than the one tokenizer (reader.text.tokens). That one keeps
# "Netanyahu's", "Al-Sinwar" and "Qatari-mediated" whole (one cursor word, one CoNLL token), but
# a name is often only part of such a word, so here "'" and "-" always split. Whitespace is
# never a token there; here a paragraph break is one, so that no match crosses it.
# A word (letters/digits plus combining marks), a paragraph break, or one other character.
TOKEN_RE = re.compile(r"(?:\w|[\u0300-\u036f])+|\n[ \t]*\n|\S")
_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'"}
_APOSTROPHE_TABLE = str.maketrans(_APOSTROPHES)
_TERMINAL = "\x01"
_LOWER = "\x00"
_TOKEN_KEYS = {"ORTH", "TEXT", "LOWER"}


@dataclass(frozen=True)
class PatternSpec:
    """One line of a patterns file, with where it came from for error messages."""

    label: str
    pattern: str | tuple[tuple[str, str], ...]  # phrase, or ((attr, value), ...) tokens
    id: str = ""
    source: str = ""  # "file:line"

    def to_json(self) -> dict:
        """The spaCy EntityRuler form of this pattern."""
        if isinstance(self.pattern, str):
            pattern: object = self.pattern
        else:
            pattern = [{attr: value} for attr, value in self.pattern]
        row: dict = {"label": self.label, "pattern": pattern}
        if self.id:
            row["id"] = self.id
        return row


def _canon(token: str) -> str:
    return _APOSTROPHES.get(token, token)


def tokenize(text: str) -> tuple[list[int], list[int], list[str]]:
    """Token starts, ends and canonical strings (curly apostrophes read as ')."""
    matches = list(TOKEN_RE.finditer(text.translate(_APOSTROPHE_TABLE)))  # same length
    return ([m.start() for m in matches], [m.end() for m in matches],
            [m.group() for m in matches])


def _parse_line(line: str, where: str) -> PatternSpec | None:
    if not line.strip():
        return None
    try:
        row = json.loads(line)
    except json.JSONDecodeError as err:
        raise UserError(f"{where}: not valid JSON ({err.msg})") from None
    if not isinstance(row, dict):
        raise UserError(f"{where}: expected a JSON object like "
                        '{"label": "ORG", "pattern": "Hamas"}')
    label = row.get("label")
    if not isinstance(label, str) or not label.strip() or label != label.strip():
        raise UserError(f"{where}: \"label\" must be a non-empty string without spaces around it")
    ident = row.get("id", "")
    if not isinstance(ident, str):
        raise UserError(f"{where}: \"id\" must be a string")
    pattern = row.get("pattern")
    if isinstance(pattern, str):
        if not pattern.strip():
            raise UserError(f"{where}: \"pattern\" is empty")
        return PatternSpec(label, pattern, ident, where)
    if isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern):
        tokens = []
        for token in pattern:
            if len(token) != 1:
                raise UserError(f"{where}: each token must have exactly one attribute "
                                "(ORTH, TEXT or LOWER)")
            ((attr, value),) = token.items()
            if not isinstance(attr, str) or not isinstance(value, (str, int, float, bool, list,
                                                                   dict)):
                raise UserError(f"{where}: bad token attribute {attr!r}")
            tokens.append((attr, value))
        return PatternSpec(label, tuple(tokens), ident, where)
    raise UserError(f"{where}: \"pattern\" must be a string or a list of token objects")


def parse_patterns(lines: Iterable[str], name: str) -> list[PatternSpec]:
    """Parse patterns.jsonl lines; a bad line raises ``UserError("name:line: problem")``."""
    specs = []
    for number, line in enumerate(lines, 1):
        spec = _parse_line(line, f"{name}:{number}")
        if spec is not None:
            specs.append(spec)
    return specs


def load_patterns_file(path: str | Path) -> list[PatternSpec]:
    """Read a user's patterns file; unreadable or bad files raise ``UserError``."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{name}: no such patterns file") from None
    except UnicodeDecodeError:
        raise UserError(f"{name}: patterns file is not UTF-8 text") from None
    except OSError as err:
        raise UserError(f"{name}: cannot read patterns file ({err.strerror})") from None
    return parse_patterns(text.splitlines(), name)


@lru_cache(maxsize=1)
def shipped_patterns() -> tuple[PatternSpec, ...]:
    """The gazetteer shipped as package data (``reader/ner/data/patterns.jsonl``)."""
    source = resources.files("reader.ner.data").joinpath("patterns.jsonl")
    return tuple(parse_patterns(source.read_text(encoding="utf-8").splitlines(),
                                "patterns.jsonl"))


class PhraseTrie:
    """Longest-match lookup of token sequences; the first pattern added for a key wins."""

    def __init__(self) -> None:
        self.root: dict = {}
        self.has_lower = False

    def add(self, spec: PatternSpec) -> None:
        if isinstance(spec.pattern, str):
            steps = [w for w in tokenize(spec.pattern)[2]]
        else:
            steps = []
            for attr, value in spec.pattern:
                if attr not in _TOKEN_KEYS or not isinstance(value, str):
                    raise UserError(
                        f"{spec.source}: the built-in recogniser supports phrase patterns and "
                        f"token patterns with ORTH, TEXT or LOWER strings only (not {attr}); "
                        "use --ner spacy:PIPELINE for full token patterns")
                if attr == "LOWER":
                    self.has_lower = True
                    steps.append(_LOWER + _canon(value.lower()))
                else:
                    steps.extend(tokenize(value)[2] or [value])
        if not steps:
            return
        node = self.root
        for step in steps:
            node = node.setdefault(step, {})
        node.setdefault(_TERMINAL, spec.label)

    def label_of(self, phrase: str) -> str | None:
        """The label of an exact phrase pattern, if there is one."""
        node: dict | None = self.root
        for word in tokenize(phrase)[2]:
            node = node.get(word) if node is not None else None
        return node.get(_TERMINAL) if node is not None else None

    def match(self, words: list[str]) -> list[tuple[int, int, str]]:
        """(first token, last token + 1, label) for the longest match at each token."""
        root = self.root
        found: list[tuple[int, int, str]] = []
        total = len(words)
        lower = self.has_lower
        for i, word in enumerate(words):
            node = root.get(word)
            lower_node = root.get(_LOWER + word.lower()) if lower else None
            if node is None and lower_node is None:
                continue
            best_end, best_label = -1, ""
            stack = [(n, i + 1) for n in (node, lower_node) if n is not None]
            while stack:
                current, end = stack.pop()
                label = current.get(_TERMINAL)
                if label is not None and end > best_end:
                    best_end, best_label = end, label
                if end < total:
                    nxt = words[end]
                    child = current.get(nxt)
                    if child is not None:
                        stack.append((child, end + 1))
                    if lower:
                        child = current.get(_LOWER + nxt.lower())
                        if child is not None:
                            stack.append((child, end + 1))
            if best_end > 0:
                found.append((i, best_end, best_label))
        return found
