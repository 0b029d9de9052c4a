"""Which script dominates an article, and the note for text the built-in recogniser cannot read."""

from __future__ import annotations

import pytest

from reader.ner.recognizer import build_recognizer
from reader.text.scripts import entity_coverage_note, letter_scripts, script_of, uncovered_script

ARABIC = "قالت مصادر إن المفاوضات بين حماس وإسرائيل في الدوحة تتقدم، وقال مسؤول لشبكة CNN إن 7300 شهيد سقطوا."
HEBREW = "ראש הממשלה נפגש עם המשלחת בירושלים ביום שישי."
CHINESE = "卡塔尔和美国斡旋的谈判取得进展，官员说。"
JAPANESE = "カタールで交渉が再開され、当局者は合意に近いと述べた。"
RUSSIAN = "Переговоры в Дохе возобновились, сообщили официальные лица."
ENGLISH_WITH_QUOTES = 'The banner read "غزة" and "القدس" in front of the Reuters office in Doha on Friday.'


@pytest.mark.parametrize(
    ("text", "script"),
    [(ARABIC, "Arabic"), (HEBREW, "Hebrew"), (CHINESE, "Chinese"), (JAPANESE, "Japanese"), (RUSSIAN, "Cyrillic")],
)
def test_the_dominant_uncovered_script_is_named(text, script):
    assert uncovered_script(text) == script
    note = entity_coverage_note(text, "rules")
    assert note == f"Entities are not found in {script} text (the built-in recogniser covers English)"


@pytest.mark.parametrize(
    "text", [ENGLISH_WITH_QUOTES, "Café naïve Zürich Łódź", "", "7,300 — 1.4 %", "ｆｕｌｌｗｉｄｔｈ"]
)
def test_latin_text_or_text_without_letters_needs_no_note(text):
    assert uncovered_script(text) is None
    assert entity_coverage_note(text, "rules") is None


def test_the_rules_really_find_nothing_in_arabic_and_a_spacy_pipeline_gets_no_note():
    recognizer = build_recognizer("rules")
    found = [e for e in recognizer.find(ARABIC) if any("\u0600" <= c <= "\u06ff" for c in e.text)]
    assert found == []  # what the note says
    assert entity_coverage_note(ARABIC, "spacy:xx_ent_wiki_sm") is None


def test_letter_scripts():
    assert script_of("ا") == "Arabic" and script_of("Ｚ") == "Latin" and script_of("ʼ") is None
    counts = letter_scripts("日本語のテキスト abc")
    assert counts == {"Japanese": 8, "Latin": 3}
    assert uncovered_script("ab " + "ابت", share=0.5) == "Arabic"
    assert uncovered_script("abcd " + "ابت", share=0.5) is None
