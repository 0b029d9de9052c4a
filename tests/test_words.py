"""The word count of the library, and the ASCII paths of normalisation: the same answers as
the plain definitions (``len(text.split())``, the control-character pattern) for any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.words import word_count
from reader.text.normalise import REPLACEMENT, normalise_text

ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=60)
ANY = st.text(alphabet=st.characters(max_codepoint=0x3000, exclude_categories=("Cs",)), max_size=60)


@given(ASCII)
def test_word_count_of_ascii_is_len_of_split(text: str) -> None:
    assert word_count(text) == len(text.split())


@given(ANY)
def test_word_count_of_any_text_is_len_of_split(text: str) -> None:
    assert word_count(text) == len(text.split())


def test_word_count_edges() -> None:
    assert word_count("") == 0
    assert word_count(" \t\n\x0b\x0c\x1c\x1d\x1e\x1f ") == 0
    assert word_count("a") == 1
    assert word_count(" a\x1fb\x1e c ") == 3
    assert word_count("Gaza\u00a0City 7,300") == 3  # a no-break space separates, as in str.split


def test_chinese_and_japanese_count_each_character() -> None:
    assert word_count("联合国秘书长表示，停火谈判取得了进展。") == 17  # 17 characters; "，" and "。" are no words
    assert word_count("ガザで停戦交渉") == 7
    assert word_count("据统计，至少 30,000 人死亡（UN 数字）。") == 10 + 2  # and "30,000" and "UN"
    assert word_count("서울에서 회담이 열렸다") == 3  # Hangul is written with spaces: split as any script


@given(st.one_of(ASCII, ANY))
def test_normalise_replaces_exactly_the_controls(text: str) -> None:
    out = normalise_text(text.replace("\r", ""))
    expected = "".join(
        REPLACEMENT if (ch < " " and ch not in "\t\n") or "\x7f" <= ch <= "\x9f" else ch
        for ch in text.replace("\r", "")
    )
    assert out == expected
