from __future__ import annotations

from reader import textnav

TEXT = 'Mr. Smith said "stop." Hamas agreed! Then what?\nNew paragraph here. Second one.'


def test_sentence_bounds_respect_abbreviations_and_quotes():
    start, end = textnav.sentence_bounds(TEXT, TEXT.index("Smith"))
    assert TEXT[start:end] == 'Mr. Smith said "stop."'
    start, end = textnav.sentence_bounds(TEXT, TEXT.index("agreed"))
    assert TEXT[start:end] == "Hamas agreed!"


def test_sentence_ends_at_paragraph():
    start, end = textnav.sentence_bounds(TEXT, TEXT.index("what"))
    assert TEXT[start:end] == "Then what?"
    assert textnav.paragraph_bounds(TEXT, TEXT.index("Second")) == (TEXT.index("New"), len(TEXT))


def test_word_motions():
    text = "Al-Sinwar said, 240 Israelis"
    assert textnav.next_word_start(text, 0) == text.index("said")
    assert textnav.next_word_start(text, text.index("said")) == text.index(",")
    assert textnav.word_end(text, 0) == text.index(" said") - 1
    assert textnav.prev_word_start(text, text.index("Israelis")) == text.index("240")


def test_sentences_cover_all():
    spans = textnav.sentences(TEXT)
    assert [TEXT[s:e] for s, e in spans][-2:] == ["New paragraph here.", "Second one."]
    assert len(spans) == 5


def test_paragraph_motions():
    assert textnav.next_paragraph_start(TEXT, 0) == TEXT.index("New")
    assert textnav.prev_paragraph_start(TEXT, TEXT.index("Second")) == TEXT.index("New")
    assert textnav.prev_paragraph_start(TEXT, TEXT.index("New")) == 0


def test_one_sentence_rule_for_the_cursor_and_the_exports():
    from annotations.formats.tokens import sentence_starts as export_starts

    text = 'Mr. Smith met Dr. Jones. The U.S. Army left! 他说。好的 then "quote." Next line\nNew para.'
    assert export_starts is textnav.sentence_starts
    spans = textnav.sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Mr. Smith met Dr. Jones.",
        "The U.S. Army left!",
        "他说。",
        '好的 then "quote."',
        "Next line",
        "New para.",
    ]
