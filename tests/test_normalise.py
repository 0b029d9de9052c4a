"""Normalisation at ingest and decoding of article bytes."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.text.normalise import (
    REPLACEMENT,
    clean_line,
    decode_bytes,
    is_probably_binary,
    normalise_text,
    terminal_safe,
)


def test_crlf_and_lone_cr_become_lf() -> None:
    assert normalise_text("a\r\nb\rc\n\rd") == "a\nb\nc\n\nd"


@pytest.mark.parametrize(
    "char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x9b", "\x9f"]
)
def test_controls_become_replacement_one_for_one(char: str) -> None:
    text = f"ab{char}cd{char}{char}e"
    out = normalise_text(text)
    assert len(out) == len(text)
    assert out == f"ab{REPLACEMENT}cd{REPLACEMENT}{REPLACEMENT}e"


def test_tab_newline_and_everything_else_unchanged() -> None:
    decomposed = "Cafe\u0301 \u202eRTL\u202c 👩\u200d👩\u200d👧 ❤\ufe0f 中文 العربية \u00a0x\ty\n"
    assert normalise_text(decomposed) == decomposed
    assert unicodedata.normalize("NFC", decomposed) != decomposed  # NFC would change it


def test_offsets_after_controls_are_kept() -> None:
    text = "x\x1b]2;PWNED\x1b\\ Hamas"
    out = normalise_text(text)
    assert out.index("Hamas") == text.index("Hamas")
    assert "\x1b" not in out


def test_clean_line_collapses_and_truncates() -> None:
    assert clean_line("  a \n b\t c ") == "a b c"
    long = clean_line("word " * 100, 40)
    assert len(long) <= 40 and long.endswith("…")


def test_utf8_with_bom() -> None:
    text, warning = decode_bytes(codecs.BOM_UTF8 + "café".encode(), "a.txt")
    assert (text, warning) == ("café", None)


def test_latin1_decoded_with_warning() -> None:
    data = "Le café à Gaza. Déjà vu, naïve façade. ".encode("latin-1") * 5
    text, warning = decode_bytes(data, "x/a.txt")
    assert text.startswith("Le café à Gaza.")
    assert warning == "x/a.txt: not UTF-8, decoded as cp1252"


def test_cp1252_quotes_and_short_text() -> None:
    text, warning = decode_bytes("“Hi” – 5 €".encode("cp1252"), "b.txt")
    assert text == "“Hi” – 5 €"
    assert warning == "b.txt: not UTF-8, decoded as cp1252"


def test_bytes_cp1252_cannot_decode_fall_back_to_latin1() -> None:
    text, warning = decode_bytes(b"caf\xe9 \x81", "c.txt")
    assert text == "café \x81"
    assert warning == "c.txt: not UTF-8, decoded as latin-1"


def test_cyrillic_detected() -> None:
    data = ("Переговоры об обмене пленными продолжаются, сообщили источники. " * 4).encode("cp1251")
    text, warning = decode_bytes(data, "r.txt")
    assert text.startswith("Переговоры")
    assert warning is not None and "cp1251" in warning


def test_utf16_with_bom() -> None:
    text, warning = decode_bytes("hello wörld".encode("utf-16"), "u.txt")
    assert text == "hello wörld" and warning is not None


def test_binary_detection() -> None:
    assert is_probably_binary(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert is_probably_binary(bytes(range(256)) * 40)
    assert is_probably_binary(b"\x00\x01\x02\x03" * 100)
    assert not is_probably_binary(b"plain text\n" * 100)
    assert not is_probably_binary(b"a stray NUL \x00 in text\n" * 3)
    assert not is_probably_binary(b"\x1b[2J escape \x1b]2;x\x07 sequences\n")
    assert not is_probably_binary("hello".encode("utf-16"))
    assert not is_probably_binary(b"")


@given(st.text(alphabet=st.characters(max_codepoint=0x3000, exclude_categories=("Cs",)), max_size=40))
def test_clean_line_is_the_safe_text_with_its_whitespace_collapsed(text: str) -> None:
    """Whatever path it takes (the one-clean-line case returns its input): the definition."""
    assert clean_line(text) == " ".join(terminal_safe(text).split())


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_clean_line_of_ascii_is_the_definition(text: str) -> None:
    assert clean_line(text) == " ".join(terminal_safe(text).split())
