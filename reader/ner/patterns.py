"""Entity patterns in spaCy's EntityRuler ``patterns.jsonl`` format, and a fast matcher.

One JSON object a line: ``{"label": "GPE", "pattern": "Gaza"}`` (a phrase pattern) or
``{"label": "ORG", "pattern": [{"LOWER": "red"}, {"LOWER": "cross"}]}`` (a token pattern),
with an optional ``"id"``. The same files feed spaCy's own EntityRuler in the spaCy
backend, so a user's file works with either recogniser.

Lines are checked against spaCy's token pattern rules (``check_token``): attribute keys in
any case (Prodigy's files write ``{"lower": "apple"}``), every token attribute spaCy knows,
``OP`` (``! ? + *`` and ``{n}``, ``{n,m}``...), value predicates (``IN``, ``NOT_IN``,
``REGEX``, ``FUZZY``, comparisons...), custom ``_`` attributes. A line spaCy would refuse is a
``file:line`` error naming the token and attribute. spaCy's EntityRuler takes every valid
line (``--ner spacy:PIPELINE``). The built-in matcher takes phrase patterns and token
patterns made of ``ORTH``/``TEXT``/``LOWER`` strings or ``{"IN": [...]}`` lists, with ``OP``
``"?"``; for anything else (``REGEX``, ``+``, ``*``, ``POS``...) it refuses the pattern with a
line naming it and what it cannot match, rather than ignore it.

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
# spaCy's token attributes in patterns (spacy/schemas.py TokenPattern), keys in any case.
_STRING_ATTRS = {
    "ORTH",
    "TEXT",
    "NORM",
    "LOWER",
    "LEMMA",
    "POS",
    "TAG",
    "MORPH",
    "DEP",
    "SHAPE",
    "ENT_TYPE",
    "ENT_IOB",
    "ENT_ID",
    "ENT_KB_ID",
    "PREFIX",
    "SUFFIX",
}
_BOOL_ATTRS = {
    "IS_ALPHA",
    "IS_ASCII",
    "IS_DIGIT",
    "IS_LOWER",
    "IS_UPPER",
    "IS_TITLE",
    "IS_PUNCT",
    "IS_SPACE",
    "IS_BRACKET",
    "IS_QUOTE",
    "IS_LEFT_PUNCT",
    "IS_RIGHT_PUNCT",
    "IS_CURRENCY",
    "IS_STOP",
    "IS_SENT_START",
    "SENT_START",
    "SPACY",
    "LIKE_NUM",
    "LIKE_URL",
    "LIKE_EMAIL",
}
_INT_ATTRS = {"LENGTH"}
_PREDICATES = {
    "REGEX",
    "IN",
    "NOT_IN",
    "IS_SUBSET",
    "IS_SUPERSET",
    "INTERSECTS",
    "==",
    "!=",
    ">=",
    "<=",
    ">",
    "<",
    "FUZZY",
    *(f"FUZZY{n}" for n in range(1, 10)),
}
_OP = re.compile(r"[!?+*]|\{\d+\}|\{\d*,\d*\}")
_MAX_VARIANTS = 256  # IN lists and optional tokens multiply: a pattern expands to at most this many


@dataclass(frozen=True)
class PatternSpec:
    """One line of a patterns file, with where it came from for error messages."""

    label: str
    pattern: str | tuple[str, ...]  # phrase, or tokens (each a canonical JSON object, keys upper-case)
    id: str = ""
    source: str = ""  # "file:line"

    def to_json(self) -> dict:
        """The spaCy EntityRuler form of this pattern."""
        if isinstance(self.pattern, str):
            pattern: object = self.pattern
        else:
            pattern = [json.loads(token) for token in self.pattern]
        row: dict = {"label": self.label, "pattern": pattern}
        if self.id:
            row["id"] = self.id
        return row


def _canon(token: str) -> str:
    return _APOSTROPHES.get(token, token)


def tokenize(text: str) -> tuple[list[int], list[int], list[str]]:
    """Token starts, ends and canonical strings (curly apostrophes read as ')."""
    matches = list(TOKEN_RE.finditer(text.translate(_APOSTROPHE_TABLE)))  # same length
    return ([m.start() for m in matches], [m.end() for m in matches], [m.group() for m in matches])


def _parse_line(line: str, where: str) -> PatternSpec | None:
    if not line.strip():
        return None
    try:
        row = json.loads(line)
    except json.JSONDecodeError as err:
        raise UserError(f"{where}: not valid JSON ({err.msg})") from None
    if not isinstance(row, dict):
        raise UserError(f'{where}: expected a JSON object like {{"label": "ORG", "pattern": "Hamas"}}')
    label = row.get("label")
    if not isinstance(label, str) or not label.strip() or label != label.strip():
        raise UserError(f'{where}: "label" must be a non-empty string without spaces around it')
    ident = row.get("id", "")
    if not isinstance(ident, str):
        raise UserError(f'{where}: "id" must be a string')
    pattern = row.get("pattern")
    if isinstance(pattern, str):
        if not pattern.strip():
            raise UserError(f'{where}: "pattern" is empty')
        return PatternSpec(label, pattern, ident, where)
    if isinstance(pattern, list) and pattern:
        tokens = tuple(check_token(token, f"{where}: token {i}") for i, token in enumerate(pattern, 1))
        return PatternSpec(label, tokens, ident, where)
    raise UserError(f'{where}: "pattern" must be a string or a list of token objects')


def check_token(token: object, where: str) -> str:
    """One token of a token pattern, checked as spaCy checks it; canonical JSON, keys upper-case."""
    if not isinstance(token, dict):
        raise UserError(f'{where}: expected an object like {{"LOWER": "red"}}')
    out: dict[str, object] = {}
    for key, value in token.items():
        attr = key.upper() if isinstance(key, str) and key != "_" else key
        if attr == "OP":
            if not isinstance(value, str) or not _OP.fullmatch(value):
                raise UserError(f"{where}: OP {value!r} is not one of !, ?, +, *, {{n}}, {{n,m}}")
        elif attr == "_":
            if not isinstance(value, dict):
                raise UserError(f'{where}: "_" (custom attributes) must be an object')
        elif attr in _STRING_ATTRS or attr in _BOOL_ATTRS or attr in _INT_ATTRS:
            want = str if attr in _STRING_ATTRS else bool if attr in _BOOL_ATTRS else int
            if isinstance(value, dict):
                bad = [k for k in value if k not in _PREDICATES]
                if bad or not value:
                    known = ", ".join(sorted(p for p in _PREDICATES if not p[-1].isdigit()))
                    raise UserError(
                        f"{where}: {attr} has unknown predicate {bad[0] if bad else '{}'!r} "
                        f"(spaCy's: {known}, FUZZY1-9)"
                    )
            elif not isinstance(value, want) or (want is int and isinstance(value, bool)):
                raise UserError(f"{where}: {attr} must be a {want.__name__} or an object of predicates, got {value!r}")
        else:
            raise UserError(f"{where}: unknown token attribute {key!r} (not one spaCy patterns use)")
        if attr in out:
            raise UserError(f"{where}: attribute {attr} given twice")
        out[attr] = value
    return json.dumps(out, sort_keys=True, ensure_ascii=False)


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
    return tuple(parse_patterns(source.read_text(encoding="utf-8").splitlines(), "patterns.jsonl"))


class PhraseTrie:
    """Longest-match lookup of token sequences; the first pattern added for a key wins."""

    def __init__(self) -> None:
        self.root: dict = {}
        self.has_lower = False

    def add(self, spec: PatternSpec) -> None:
        if isinstance(spec.pattern, str):
            variants = [list(tokenize(spec.pattern)[2])]
        else:
            variants = self._variants(spec)
        for steps in variants:
            if not steps:
                continue
            node = self.root
            for step in steps:
                node = node.setdefault(step, {})
            node.setdefault(_TERMINAL, spec.label)

    def _variants(self, spec: PatternSpec) -> list[list[str]]:
        """Every trie path a token pattern stands for (IN lists and optional tokens expanded)."""
        variants: list[list[str]] = [[]]
        for token_json in spec.pattern:
            token = json.loads(token_json)
            op = token.pop("OP", "")
            choices = self._choices(spec, token, op)
            variants = [v + c for v in variants for c in choices]
            if len(variants) > _MAX_VARIANTS:
                self._refuse(spec, f"more than {_MAX_VARIANTS} phrases once IN lists and '?' are expanded")
        return variants

    def _choices(self, spec: PatternSpec, token: dict, op: str) -> list[list[str]]:
        if op not in ("", "?"):
            self._refuse(spec, f"OP {op!r}")
        if len(token) != 1 or next(iter(token)) not in _TOKEN_KEYS:
            what = ", ".join(sorted(set(token) - _TOKEN_KEYS)) or "a token with no attribute (any token)"
            if len(token) > 1 and set(token) <= _TOKEN_KEYS:
                what = "two attributes on one token"
            self._refuse(spec, what)
        ((attr, value),) = token.items()
        if isinstance(value, dict):
            if set(value) != {"IN"} or not all(isinstance(v, str) for v in value["IN"]):
                self._refuse(spec, f"{attr} with {', '.join(sorted(value))}")
            values = value["IN"]
        else:
            values = [value]
        choices: list[list[str]] = [[]] if op == "?" else []
        for text in values:
            if attr == "LOWER":
                self.has_lower = True
                choices.append([_LOWER + _canon(text.lower())])
            else:
                choices.append(list(tokenize(text)[2]) or [text])
        return choices

    @staticmethod
    def _refuse(spec: PatternSpec, what: str) -> None:
        pattern = json.dumps(spec.to_json()["pattern"], ensure_ascii=False)
        raise UserError(
            f"{spec.source}: pattern {pattern[:80]}: the built-in recogniser cannot match {what} "
            "(it takes phrases and ORTH, TEXT or LOWER strings or IN lists, OP '?'); "
            "use --ner spacy:PIPELINE for spaCy's EntityRuler, which takes it"
        )

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
