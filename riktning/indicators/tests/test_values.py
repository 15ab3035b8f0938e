"""The one set of rules for values, periods and area codes (values.py), whatever the source:
Swedish ways of writing a number are read exactly, and everything else is refused with a reason,
never coerced (issue 11, items 1 and 7). Property-based (hypothesis) where the input space is
large."""

import math
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from riktning.indicators import values
from riktning.indicators.values import Refused, Unusable

# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, number",
    [
        ("71,3", 71.3),
        ("71,3 %", 71.3),
        ("71,3%", 71.3),
        ("71,3\u00a0%", 71.3),
        ("0.25", 0.25),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1\u202f234\u202f567", 1234567.0),
        ("1.234,5", 1234.5),
        ("−4,5", -4.5),
        ("-12", -12.0),
        (",5", 0.5),
        ("  42  ", 42.0),
        ("1" + "0" * 15, 1e15),
    ],
)
def test_swedish_ways_of_writing_a_number_are_read_exactly(text, number):
    assert values.parse_number(text) == number


@pytest.mark.parametrize("text", ["", "  ", "..", "-", "–", "saknas", "Saknas", None])
def test_the_marks_of_a_missing_value_give_none(text):
    assert values.parse_number(text) is None


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("1" + "0" * 400, "för långt"),  # was stored as inf (issue 11, item 1)
        ("1e309", "exponent"),
        ("1E5", "exponent"),
        ("inf", "inte ett tal"),
        ("-inf", "inte ett tal"),
        ("Infinity", "inte ett tal"),
        ("nan", "inte ett tal"),
        ("NaN", "inte ett tal"),
        (math.inf, "inte ett ändligt tal"),
        (-math.inf, "inte ett ändligt tal"),
        (math.nan, "inte ett ändligt tal"),
        (1e300, "för stort"),
        (10**400, "inte ett ändligt tal"),
        ("1" + "0" * 16, "för stort"),
        (True, "SANT eller FALSKT"),
        ("1,234.5", "inte ett tal"),  # a comma for thousands: ambiguous in Swedish
        ("1 2", "inte ett tal"),  # was read as 12
        ("1.234.567", "inte ett tal"),
        ("12,", "inte ett tal"),
        ("sjuttio", "inte ett tal"),
        ("+5", "inte ett tal"),
        (Unusable(Unusable.FORMULA, "=A1*2"), "spara den"),
        (Unusable(Unusable.ERROR, "#DIV/0!"), "#DIV/0!"),
        (Unusable(Unusable.DATE, "44197"), "datum"),
    ],
)
def test_anything_else_is_refused_with_a_reason(raw, reason):
    with pytest.raises(Refused) as refused:
        values.parse_number(raw)
    assert reason in refused.value.message


def swedish(number: Decimal, separator: str, percent: bool) -> str:
    """`number` as a Swedish user might write it."""
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = sign + separator.join([whole, *groups]) + ("," + fraction if fraction else "")
    return text + (" %" if percent else "")


numbers = st.decimals(
    min_value=-values.MAX_MAGNITUDE, max_value=values.MAX_MAGNITUDE, places=3, allow_nan=False
)


@given(numbers, st.sampled_from([" ", "\u00a0", "\u202f", ""]), st.booleans())
def test_property_a_number_written_the_swedish_way_is_read_as_written(number, separator, percent):
    assert values.parse_number(swedish(number, separator, percent)) == float(number)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_property_a_float_is_taken_only_when_finite_and_within_the_limit(number):
    if math.isfinite(number) and abs(number) <= values.MAX_MAGNITUDE:
        assert values.parse_number(number) == number
    else:
        with pytest.raises(Refused):
            values.parse_number(number)


@given(st.text(max_size=60))
def test_property_any_text_is_read_as_a_finite_number_or_refused(text):
    try:
        number = values.parse_number(text)
    except Refused as refused:
        assert refused.message
    else:
        assert number is None or (math.isfinite(number) and abs(number) <= values.MAX_MAGNITUDE)


# --- the plausible range ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit, kind",
    [
        ("andel (%)", "share"),
        ("Andel", "share"),
        ("antal", "count"),
        ("antal/inv 7-20 år", "count"),
        ("kr/inv", ""),
        ("%", ""),  # e.g. a net cost deviation in per cent may be negative
        ("", ""),
    ],
)
def test_the_plausible_range_comes_from_the_unit(unit, kind):
    assert values.value_range(unit).kind == kind


def test_a_share_is_0_to_100_and_a_count_is_not_negative():
    share, count = values.value_range("andel (%)"), values.value_range("antal")
    assert values.check_value(0.0, share) == 0.0
    assert values.check_value(100.0, share) == 100.0
    for outside in (-0.1, 100.1):
        with pytest.raises(Refused, match="andel"):
            values.check_value(outside, share)
    assert values.check_value(1e9, count) == 1e9
    with pytest.raises(Refused, match="negativ"):
        values.check_value(-1.0, count)
    assert values.check_value(-1e9, values.value_range("kr/inv")) == -1e9
    assert values.check_value(None, share) is None


# --- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, year", [(2021, 2021), ("2021", 2021), (" 2021 ", 2021), (2021.0, 2021)]
)
def test_a_year_is_a_period(raw, year):
    assert values.parse_period(raw) == year


@pytest.mark.parametrize(
    "raw",
    [
        "2021,7",  # was read as 2021 (item 7)
        "2021.7",
        2021.7,
        "2021.0",
        True,  # a Kolada period `true` was stored as year 1 (item 7)
        False,
        "inf",  # was a server error (item 4)
        "1e309",
        math.inf,
        math.nan,
        1899,
        2101,
        "21",
        "tjugo",
        "",
        None,
        Unusable(Unusable.DATE, "2021-01-01"),
        Unusable(Unusable.FORMULA, "=2020+1"),
    ],
)
def test_anything_but_a_year_is_refused_as_a_period(raw):
    with pytest.raises(Refused):
        values.parse_period(raw)


@given(
    st.one_of(
        st.integers(),
        st.floats(),
        st.text(max_size=12),
        st.booleans(),
        st.none(),
        st.dates(),  # an Excel cell Excel made a date of
        st.datetimes(),
        st.decimals(),
    )
)
def test_property_a_period_is_a_year_in_range_or_refused(raw):
    try:
        year = values.parse_period(raw)
    except Refused:
        return
    assert type(year) is int and values.FIRST_PERIOD <= year <= values.LAST_PERIOD
    assert not isinstance(raw, bool)
    assert year == float(str(raw).strip()), "a period is never rounded"


# --- area codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, code",
    [
        ("1287", "1287"),
        (1287, "1287"),
        (12, "0012"),
        ("12", "0012"),
        ("0000", "0000"),
        (1287.0, "1287"),
        ("G33621", "G33621"),
        ("g33621", "G33621"),
        (" 1287 ", "1287"),
    ],
)
def test_an_area_code_is_four_digits_or_a_group(raw, code):
    assert values.parse_area_code(raw) == code


@pytest.mark.parametrize(
    "raw",
    [
        1287.9,
        True,
        math.inf,
        1e309,
        math.nan,
        -1,
        10000,
        "12345",
        "Trelleborg",
        "12 87",
        "",
        Unusable(Unusable.DATE, "2021-01-01"),
    ],
)
def test_anything_else_is_refused_as_an_area_code(raw):
    with pytest.raises(Refused):
        values.parse_area_code(raw)


@given(st.one_of(st.integers(), st.floats(), st.text(max_size=12), st.booleans()))
def test_property_an_area_code_is_well_formed_or_refused(raw):
    try:
        code = values.parse_area_code(raw)
    except Refused:
        return
    assert (len(code) == 4 and code.isdigit()) or (code[0] == "G" and code[1:].isdigit())
    if isinstance(raw, float):
        assert raw.is_integer(), "a fraction is never cut off"


# --- text cells -------------------------------------------------------------------------------


def test_a_text_cell_refuses_a_nul_character_and_a_page_of_text():
    assert values.parse_text("åk 9") == "åk 9"
    assert values.parse_text(6) == "6"
    with pytest.raises(Refused, match="NUL"):
        values.parse_text("K\x00")
    with pytest.raises(Refused, match="tecken lång"):
        values.parse_text("x" * 131_073)


@given(st.text())
def test_property_a_text_is_taken_as_it_is_or_refused(text):
    assume(text)
    try:
        assert values.parse_text(text) == text
    except Refused:
        assert "\x00" in text or len(text) > values.MAX_TEXT_CHARS
