from __future__ import annotations

from reader.text import motions

TEXT = 'Mr. Smith said "stop." Hamas agreed! Then what?\nNew paragraph here. Second one.'


def sentences_by_motion(text: str) -> list[str]:
    """Every sentence as the cursor meets them: `)` to the next one, `s` selects it."""
    out = []
    offset = 0
    while offset < len(text):
        start, end = motions.sentence_bounds(text, offset)
        out.append(text[start:end])
        nxt = motions.next_sentence_start(text, offset)
        assert nxt > offset
        offset = nxt
    return out


def test_sentence_bounds_respect_abbreviations_and_quotes():
    start, end = motions.sentence_bounds(TEXT, TEXT.index("Smith"))
    assert TEXT[start:end] == 'Mr. Smith said "stop."'
    start, end = motions.sentence_bounds(TEXT, TEXT.index("agreed"))
    assert TEXT[start:end] == "Hamas agreed!"


def test_sentence_ends_at_paragraph():
    start, end = motions.sentence_bounds(TEXT, TEXT.index("what"))
    assert TEXT[start:end] == "Then what?"
    assert motions.paragraph_bounds(TEXT, TEXT.index("Second")) == (TEXT.index("New"), len(TEXT))


def test_word_motions():
    text = "Al-Sinwar said, 240 Israelis"
    assert motions.next_word_start(text, 0) == text.index("said")
    assert motions.next_word_start(text, text.index("said")) == text.index(",")
    assert motions.word_end(text, 0) == text.index(" said") - 1
    assert motions.prev_word_start(text, text.index("Israelis")) == text.index("240")


def test_sentences_cover_all():
    found = sentences_by_motion(TEXT)
    assert found[-2:] == ["New paragraph here.", "Second one."]
    assert len(found) == 5


def test_paragraph_motions():
    assert motions.next_paragraph_start(TEXT, 0) == TEXT.index("New")
    assert motions.prev_paragraph_start(TEXT, TEXT.index("Second")) == TEXT.index("New")
    assert motions.prev_paragraph_start(TEXT, TEXT.index("New")) == 0


def test_one_sentence_rule_for_the_cursor_and_the_exports():
    from annotations.formats.csvrows import sentence_starts as export_starts

    text = 'Mr. Smith met Dr. Jones. The U.S. Army left! 他说。好的 then "quote." Next line\nNew para.'
    assert export_starts is motions.sentence_starts
    assert sentences_by_motion(text) == [
        "Mr. Smith met Dr. Jones.",
        "The U.S. Army left!",
        "他说。",
        '好的 then "quote."',
        "Next line",
        "New para.",
    ]


NUMBERS = "more than 7,300 martyrs, 1.4 million displaced; al-Qassam gave 48-hour notice. 11,000!"


def test_numbers_with_separators_and_hyphenated_words_are_one_word():
    words = []
    offset = 0
    while offset < len(NUMBERS):
        nxt = motions.next_word_start(NUMBERS, offset)
        words.append(NUMBERS[offset:nxt].strip())
        offset = nxt
    assert words == "more than 7,300 martyrs , 1.4 million displaced ; al-Qassam gave 48-hour notice . 11,000 !".split()


def test_e_and_b_stop_at_the_ends_of_a_number_with_separators():
    seven = NUMBERS.index("7,300")
    assert NUMBERS[seven : motions.word_end(NUMBERS, seven) + 1] == "7,300"
    assert motions.word_end(NUMBERS, NUMBERS.index("than") + 3) == seven + 4
    assert motions.prev_word_start(NUMBERS, NUMBERS.index("martyrs")) == seven
    assert motions.prev_word_start(NUMBERS, seven + 3) == seven  # from inside the number
    one = NUMBERS.index("1.4")
    assert motions.prev_word_start(NUMBERS, NUMBERS.index("million")) == one
    assert NUMBERS[one : motions.word_end(NUMBERS, one) + 1] == "1.4"
    hour = NUMBERS.index("48-hour")
    assert NUMBERS[hour : motions.word_end(NUMBERS, hour) + 1] == "48-hour"
    assert motions.prev_word_start(NUMBERS, len(NUMBERS) - 1) == NUMBERS.index("11,000")


def test_separators_that_join_nothing_stay_apart():
    text = "in 2023, 40 killed. Pro- and anti-war"
    assert text[: motions.word_end(text, text.index("2023")) + 1].endswith("2023")
    assert motions.next_word_start(text, text.index("2023")) == text.index(", 40")
    assert motions.next_word_start(text, text.index("40")) == text.index(" killed") + 1
    assert text[motions.next_word_start(text, text.index("Pro")) :].startswith("- and")
    assert motions.next_word_start(text, len(text)) == len(text)
    assert motions.prev_word_start(text, 0) == 0 and motions.word_end(text, len(text) - 1) == len(text) - 1


def test_the_cursor_and_the_exports_cut_the_same_words():
    from reader.text.tokens import tokens

    starts = []
    offset = 0
    while offset < len(NUMBERS):
        starts.append(offset)
        offset = motions.next_word_start(NUMBERS, offset)
    assert starts == [start for start, _ in tokens(NUMBERS)]


def test_word_bounds_widen_to_whole_tokens_and_leave_spaces_out():
    text = "Talks on 7,300 martyrs in Kyiv. Then  more"

    def snapped(start: int, end: int) -> str:
        lo, hi = motions.word_bounds(text, start, end)
        return text[lo:hi]

    part = text.index("alks")
    assert snapped(part, part + 6) == "Talks on"
    seven = text.index("7,3")
    assert snapped(seven + 2, seven + 3) == "7,300"
    kyiv = text.index("yiv.")
    assert snapped(kyiv, kyiv + 2) == "Kyiv"  # not the full stop
    assert snapped(kyiv, kyiv + 5) == "Kyiv."  # the space after it left out
    assert snapped(kyiv, kyiv + 6) == "Kyiv. Then"
    gap = text.index("  more")
    assert motions.word_bounds(text, gap, gap + 2) == (gap, gap + 2)  # spaces only: as it was
    assert snapped(gap - 1, gap + 3) == "Then  more"
