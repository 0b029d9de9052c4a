"""The sentence rule: ``sentences.sentence_starts`` against its single-scan definition.

``sentence_starts`` finds each sentence-ending character with its own pattern and
merges the ends, and lets a lookbehind pick the dots that may close an abbreviation
(see its docstring). ``reference_starts`` below is the rule as first written: one
left-to-right scan with one pattern, every '.' checked in Python. The two must agree
on the seeds, on the bench corpus and on random text built to hit the edge cases
(abbreviations at every distance from whitespace and openers, the text start,
newlines taken by a refused dot, mixed and repeated enders, CJK, odd letters).
"""

from __future__ import annotations

import importlib.util
import random
import re
import string
from pathlib import Path

import pytest

from reader.text import sentences

ROOT = Path(__file__).resolve().parents[1]

_REFERENCE = re.compile(
    r"[.!?…。！？\n](?:(?<=[.!?…])[.!?…]*[\"'”’)\]»]*\s+(?=[^\sa-z])"
    r"|(?<=[。！？])[。！？]*[」』”’)]*\s*|(?<=\n)\s*)"
)


def reference_starts(text: str) -> list[int]:
    starts = [0]
    for m in _REFERENCE.finditer(text):
        dot = m.start()
        if text[dot] == ".":
            head = text[max(0, dot - 5) : dot]
            word = head.rsplit(None, 1)[-1] if head and not head[-1].isspace() else ""
            word = word.lstrip("\"'“‘([")
            if (
                word
                and len(word) < 5
                and (word.lower() in sentences._ABBREVIATIONS or (len(word) == 1 and word.isalpha()))
            ):
                continue
        end = m.end()
        if end < len(text) and end > starts[-1]:
            starts.append(end)
    return starts


def test_seeds_agree():
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    assert texts
    for text in texts:
        assert sentences.sentence_starts(text) == reference_starts(text)


def test_bench_corpus_agrees():
    spec = importlib.util.spec_from_file_location("generate_corpus", ROOT / "bench" / "generate_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rng = random.Random(5)
    pool = module.build_pool(rng, 2_000)
    for i in range(200):
        text = module.article(rng, pool, i)["text"]
        assert sentences.sentence_starts(text) == reference_starts(text)


WORDS = [
    "Mr",
    "mr",
    "MRS",
    "Ms",
    "U.S",
    "u.n",
    "E.g",
    "i.e",
    "etc",
    "Corp",
    "prof",
    "J",
    "x",
    "é",
    "Gen",
    "no",
    "No",
    "co",
    "the",
    "war",
    "said",
    "Tuesday",
    "(Dr",
    '"St',
    "“Co",
    "((Mr",
    "\"'(Ltd",
    "‘J",
    "[[[[x",
    "ab.cd",
    "2",
    "²",
    "½",
    "Ⅻ",
    "\u212a",
    "ſt",
    "İ.e",
    "MR",
    "Inc",
    "vs",
    "Sgt",
    "dr5",
    "_",
    "東京",
]
PIECES = [
    ". ",
    ".",
    " ",
    ".\n",
    ".\n\n",
    ". \n",
    "! ",
    "? ",
    "?. ",
    "!.",
    "…",
    "… ",
    '. "',
    '." ',
    ".) ",
    ".’ ",
    "。",
    "。」",
    "！ ",
    "？",
    "\n",
    "\n\n",
    "\t",
    "\xa0",
    "\u3000",
    ". a",
    ".. ",
    "...\n",
    "",
]
CHARS = list("aAbMmRrSsDdUuNnEeIiJjxX.. .!?…。！？\n\n\t\"'“‘([”’)]»」』") + ["\u212a", "ſ", "İ", "²", "\xa0", "\u2009"]


def random_text(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return "".join(rng.choice(CHARS) for _ in range(rng.randint(0, 40)))
    parts = []
    for _ in range(rng.randint(0, 14)):
        parts.append(rng.choice(WORDS + CHARS))
        parts.append(rng.choice(PIECES))
        if rng.random() < 0.3:
            parts.append(rng.choice(["Smith", "smith", "’", "(", "A", "x", "1"]))
    return "".join(parts)


@pytest.mark.parametrize("seed", range(8))
def test_random_text_agrees(seed):
    rng = random.Random(seed)
    for _ in range(6_000):
        text = random_text(rng)
        assert sentences.sentence_starts(text) == reference_starts(text), repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mr.\nSmith left.",
        "Mr. Smith met Dr. Jones. Then J. Doe came.",
        "(Dr. Who) met U.S. troops. Fine.",
        '"Mr. X." Next.',
        "A.\nb. C",
        "x.\u3000Y",
        "他说。好的",
        "End?! Next",
        "Co.\n\nNew",
        "",
        ".",
        "\n",
        "Hi.\n",
    ],
)
def test_examples_agree(text):
    assert sentences.sentence_starts(text) == reference_starts(text)


def split(text: str) -> list[str]:
    starts = sentences.sentence_starts(text)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Dr. Jones. Then J. Doe came.", ["Mr. Smith met Dr. Jones. ", "Then J. Doe came."]),
        ("(Dr. Who) met U.S. troops. Fine.", ["(Dr. Who) met U.S. troops. ", "Fine."]),
        ("Mr.\nSmith left.", ["Mr.\nSmith left."]),  # the refused dot takes the newline with it
        ("Co.\n\nNew", ["Co.\n\nNew"]),
        ('"Mr. X." Next.', ['"Mr. X." Next.']),  # an initial, even inside quotes
        ("A.\nb. C", ["A.\n", "b. C"]),  # lowercase after the dot: the newline ends it
        ("End?! Next", ["End?! ", "Next"]),
        ("他说。好的", ["他说。", "好的"]),
        ("x.\u3000Y", ["x.\u3000Y"]),  # an initial before any whitespace
        ("Hi.\n", ["Hi.\n"]),
        (".", ["."]),
        ("\n", ["\n"]),
        ("", [""]),
    ],
)
def test_examples(text, expected):
    assert split(text) == expected


def test_abbreviation_letters_have_no_other_case_forms():
    """The lookbehind spells each abbreviation letter as [xX]; no other character lowercases to it."""
    letters = {c for word in sentences._ABBREVIATIONS for c in word if c.isalpha()}
    assert letters <= set(string.ascii_lowercase)
    for code in range(0x110000):
        char = chr(code)
        lower = char.lower()
        if lower in letters:
            assert char in (lower, lower.upper()), hex(code)
        elif len(lower) > 1:
            assert not set(lower) <= letters | {"."}, hex(code)
