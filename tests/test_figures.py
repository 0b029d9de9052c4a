"""The casualty figure parser on phrases as wire copy and the seeds write them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.figure_value import Figure, Unparsed
from annotations.figures import _rx, may_hold_number, parse_figure, parse_number

# (phrase, low, high, qualifier, who, what); who and what are "" where the phrase does not say.
PHRASES = [
    # the seeds
    ("captured about 240 Israelis", 240, 240, "about", "Israelis", "captured"),
    ("captured approximately 250 Israelis", 250, 250, "about", "Israelis", "captured"),
    ("at least 229 people", 229, 229, "at least", "people", ""),
    ("the martyrdom of more than 11,000 Palestinians", 11000, 11000, "more than", "Palestinians", "killed"),
    ("more than 6,000 Palestinian prisoners", 6000, 6000, "more than", "Palestinian prisoners", ""),
    ("about 50 Israeli prisoners were killed", 50, 50, "about", "Israeli prisoners", "killed"),
    ("more than 7,300 martyrs", 7300, 7300, "more than", "", "killed"),
    ("about 19,000 wounded", 19000, 19000, "about", "", "wounded"),
    (
        "nearly 1.4 million of the Strip's population of 2.2 million people have been displaced",
        1_400_000,
        1_400_000,
        "nearly",
        "people",
        "displaced",
    ),
    ("tens of thousands of civilian victims", 20_000, 99_999, "", "civilian victims", ""),
    ("Hamas, which has released 4 female prisoners", 4, 4, "", "female prisoners", "released"),
    ("more than 125 prisoners in Gaza", 125, 125, "more than", "prisoners", ""),
    ("at least 8,800 Palestinian prisoners in its prisons", 8800, 8800, "at least", "Palestinian prisoners", ""),
    ("the release of 20 prisoners", 20, 20, "", "prisoners", "released"),
    ("France lost 35 of its citizens", 35, 35, "", "citizens", ""),
    # wire copy
    ("Two Palestinians were killed in an Israeli raid", 2, 2, "", "Palestinians", "killed"),
    ("Dozens of people were wounded", 24, 99, "", "people", "wounded"),
    ("At least 12 people were killed and 30 wounded", 12, 12, "at least", "people", "killed"),
    ("The death toll rose to 1,200", 1200, 1200, "", "", "killed"),
    ("the Palestinian death toll has risen to 11,078", 11078, 11078, "", "Palestinians", "killed"),
    ("Since October 7, Israel has killed 11,000", 11000, 11000, "", "", "killed"),
    ("some 3,000 displaced", 3000, 3000, "about", "", "displaced"),
    ("as many as 500 civilians may be buried under the rubble", 500, 500, "up to", "civilians", "missing"),
    ("between 20 and 30 soldiers were injured", 20, 30, "", "soldiers", "wounded"),
    ("up to 1.5 million people fled", 1_500_000, 1_500_000, "up to", "people", "displaced"),
    ("a dozen journalists were arrested", 12, 12, "", "journalists", "captured"),
    ("twenty-five children", 25, 25, "", "children", ""),
    ("hundreds of thousands displaced", 200_000, 999_999, "", "", "displaced"),
    ("1.2 to 1.5 million people displaced", 1_200_000, 1_500_000, "", "people", "displaced"),
    ("48 to 72 killed", 48, 72, "", "", "killed"),
    # "martyrdom of N" (Palestinian statements) says killed, whatever comes after the number
    ("martyrdom of 12", 12, 12, "", "", "killed"),
    ("Martyrdom of 30 Palestinians, 100 injured", 30, 30, "", "Palestinians", "killed"),
    ("the martyrdom of 30 and the wounding of 100", 30, 30, "", "", "killed"),
    ("the martyrdom of 30 people as hospitals reported 12 injured", 30, 30, "", "people", "killed"),
    ("the martyrdom of at least 9 citizens and the injury of dozens", 9, 9, "at least", "citizens", "killed"),
    ("50 or more dead", 50, 50, "at least", "", "killed"),
    (
        "Gaza's health ministry said at least 18,000 Palestinians have been killed",
        18000,
        18000,
        "at least",
        "Palestinians",
        "killed",
    ),
    ("Hamas-led militants took about 250 hostages", 250, 250, "about", "hostages", "captured"),
    ("Some 1.7 million Gazans have been displaced", 1_700_000, 1_700_000, "about", "Gazans", "displaced"),
    ("105 hostages were freed during the truce", 105, 105, "", "hostages", "released"),
    ("Three Israeli soldiers were killed", 3, 3, "", "Israeli soldiers", "killed"),
    ("at least 130 Israelis remain in captivity", 130, 130, "at least", "Israelis", "captured"),
    ("nine children among the dead", 9, 9, "", "children", "killed"),
    ("Seven aid workers were killed in a strike", 7, 7, "", "aid workers", "killed"),
    ("hundreds were wounded", 200, 999, "", "", "wounded"),
    ("nearly 2,000 people remain unaccounted for", 2000, 2000, "nearly", "people", "missing"),
    ("the bodies of 21 hostages", 21, 21, "", "hostages", "killed"),
    ("Israel released 39 Palestinian prisoners", 39, 39, "", "Palestinian prisoners", "released"),
    ("The ministry put the death toll at 29,313", 29313, 29313, "", "", "killed"),
    ("more than 100 journalists and media workers have been killed", 100, 100, "more than", "journalists", "killed"),
    ("Two dozen people were injured", 24, 24, "", "people", "wounded"),
    ("Ten of them were children", 10, 10, "", "children", ""),
    ("fewer than 40 fighters were captured", 40, 40, "fewer than", "fighters", "captured"),
    ("almost 300 were abducted", 300, 300, "nearly", "", "captured"),
    ("no fewer than 60 civilians were killed", 60, 60, "at least", "civilians", "killed"),
    (
        "An estimated 1.9 million people, or 85% of the population, have been displaced",
        1_900_000,
        1_900_000,
        "about",
        "people",
        "displaced",
    ),
    ("In 2014, 2,251 Palestinians were killed", 2251, 2251, "", "Palestinians", "killed"),
    ("the 7,000 detainees held by Israel", 7000, 7000, "", "detainees", "captured"),
    ("Hamas is holding 136 hostages", 136, 136, "", "hostages", "captured"),
    ("2bn people", 2_000_000_000, 2_000_000_000, "", "people", ""),
]


@pytest.mark.parametrize(
    ("phrase", "low", "high", "qualifier", "who", "what"), PHRASES, ids=[p[0][:40] for p in PHRASES]
)
def test_wire_copy_phrases(phrase, low, high, qualifier, who, what):
    figure = parse_figure(phrase)
    assert isinstance(figure, Figure), figure
    assert (figure.low, figure.high, figure.qualifier, figure.who, figure.what) == (low, high, qualifier, who, what)


def test_the_hedge_and_number_are_kept_as_written():
    figure = parse_figure("Palestinian resistance factions captured approximately 250 Israelis")
    assert (figure.hedge, figure.number_text, figure.qualifier) == ("approximately", "250", "about")
    assert figure.describe() == "about 250 Israelis captured"
    assert parse_figure("50 or more dead").hedge == "or more"
    assert parse_figure("At least 12 people were killed").hedge == "At least"


def test_multitudes_are_vague_and_counts_are_not():
    assert parse_figure("dozens of people").vague
    assert parse_figure("tens of thousands of people").number_text == "tens of thousands"
    assert not parse_figure("a dozen people").vague
    assert not parse_figure("12 people").vague


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("the statement said", "no number of people found in 'the statement said'"),
        ("the prisoner release be extended over 70 days", "only a date, duration or percentage: '70'"),
        ("a breakthrough within the next 48 to 72 hours", "'48 to 72'"),
        ("on October 7, 2023", "'7'"),
        ("85% of the population", "'85'"),
        ("a 16-year-old boy was shot", "'16'"),
        ("   ", "the span is empty"),
    ],
)
def test_what_is_no_figure_says_so(text, why):
    result = parse_figure(text)
    assert isinstance(result, Unparsed)
    assert why in result.reason
    assert result.describe().startswith("not parsed: ")


def test_missing_parts_are_listed_for_the_analyst_and_can_be_filled_in():
    figure = parse_figure("at least 229 people")
    assert figure.missing == ("what",) and figure.series is None
    assert figure.describe() == "at least 229 people (what: not found)"
    assert parse_figure("12 killed").describe() == "12 killed (who: not found)"
    assert parse_figure("1,200 in all").describe() == "1,200 (who, what: not found)"
    filled = figure.with_changes(who="Israelis", what="captured")
    assert filled.missing == () and filled.series == ("israelis", "captured")
    assert Figure.from_dict(filled.to_dict()) == filled


def test_a_figure_refuses_what_it_cannot_mean():
    with pytest.raises(ValueError, match="unknown casualty kind 'eaten'"):
        Figure(1, 1, what="eaten")
    with pytest.raises(ValueError, match="unknown qualifier"):
        Figure(1, 1, qualifier="roughly")
    with pytest.raises(ValueError, match="low <= high"):
        Figure(5, 2)


@pytest.mark.parametrize(
    ("typed", "low", "high"),
    [
        ("48 to 72", 48, 72),
        ("1.4m", 1_400_000, 1_400_000),
        ("eleven thousand", 11000, 11000),
        ("a hundred and fifty", 150, 150),
        ("48–72", 48, 72),
        ("dozens", 24, 99),
    ],
)
def test_parse_number_reads_what_an_analyst_types(typed, low, high):
    number = parse_number(typed)
    assert (number.low, number.high) == (low, high)


def test_parse_number_none_for_no_number():
    assert parse_number("many") is None


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=st.sampled_from(list("0123456789,.- abtomrhuneilsdkqwy%APIM–")), max_size=40),
        st.text(max_size=60),
        st.lists(
            st.sampled_from(
                [
                    "two",
                    "dozen",
                    "thousand",
                    "and",
                    "to",
                    "1.5",
                    "million",
                    "-",
                    "hundred",
                    "a",
                    "between",
                    "or more",
                    "tens of",
                    "Palestinians",
                    "killed",
                    "October",
                    "7,000",
                ]
            ),
            max_size=8,
        ).map(" ".join),
    )
)
def test_any_text_gives_a_figure_or_a_reason_never_an_error(text):
    result = parse_figure(text)
    if isinstance(result, Figure):
        assert 0 <= result.low <= result.high
        assert result.number_text and result.number_text in text
    else:
        assert result.reason


def test_a_multitude_reads_as_english_with_its_who():
    """ "tens of thousands of civilian victims", not "tens of thousands civilian victims"."""
    assert parse_figure("tens of thousands of civilian victims").found() == "tens of thousands of civilian victims"
    assert parse_figure("dozens of soldiers were wounded").describe() == "dozens of soldiers wounded"
    assert parse_figure("Dozens of soldiers were wounded").found().startswith("Dozens of soldiers")
    assert parse_figure("several Israelis were killed").describe() == "several Israelis killed"
    assert parse_figure("a dozen children were killed").describe() == "a dozen children killed"
    assert parse_figure("dozens were killed").describe() == "dozens killed (who: not found)"


_NUMBERISH = [
    "several",
    "ſeveral",
    "thırty",
    "TWENTY-ONE",
    "Dozens",
    "hundreds of",
    "tens  of\nthousands",
    "a few",
    "٣",
    "killed",
    "the",
    "people",
    "İ",
    "often",
]


@settings(max_examples=300)
@given(
    st.one_of(
        st.text(max_size=60),
        st.lists(st.sampled_from(_NUMBERISH), max_size=6).map(" ".join),
    )
)
def test_a_text_said_to_hold_no_number_holds_none_the_parser_reads(text):
    """``may_hold_number`` lets an export skip the parse: it may say yes wrongly, never no."""
    if not may_hold_number(text):
        assert parse_number(text) is None
        assert isinstance(parse_figure(text), Unparsed)


@pytest.mark.parametrize("text", ["ſeven killed", "thırty dead", "İ saw FIFTY", "٣ killed", "Dozens", "some 2,000"])
def test_numbers_in_any_case_or_script_are_never_missed(text):
    """What the number pattern matches, as ``re.IGNORECASE`` folds case ("ſ" is an "s" to it)."""
    assert _rx().number.search(text)
    assert may_hold_number(text)
