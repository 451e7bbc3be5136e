"""One reading of a typed number for the command line and for CSV files: German and
English notation, thousands groups, and a refusal where a number could mean two things."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dkbm.states.i18n import t
from dkbm.states.numbers import (
    MAX_MAGNITUDE,
    NotANumber,
    Notation,
    format_decimal,
    parse_decimal,
    parse_year,
)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1234567.0),
        ("1 234,5", 1234.5),
        ("1\u00a0234", 1234.0),
        ("-3", -3.0),
        (" 7 ", 7.0),
        ("0,05", 0.05),
        ("0.125", 0.125),
        ("1,234", 1.234),  # a German decimal comma
        ("12.50", 12.5),
        ("1234.567", 1234.567),
        ("-1,5", -1.5),
        ("2e3", 2000.0),
        ("12 345,5", 12345.5),
        ("\u22123,5", -3.5),  # a typographic minus
        ("-0", 0.0),
    ],
)
def test_numbers_as_german_and_english_spreadsheets_write_them(text: str, number: float) -> None:
    assert parse_decimal(text) == number


@pytest.mark.parametrize(
    "text",
    [
        "zwölf",
        "",
        "12,5,1",
        "1.23,4",
        "1,23.4",
        "nan",
        "inf",
        "12 %",
        "1..2",
        "١٢",
        "1,²",
        "12 13",
        "1 2,5",
    ],
)
def test_anything_else_is_no_number(text: str) -> None:
    with pytest.raises(NotANumber) as refused:
        parse_decimal(text)
    assert refused.value.reason == "not_a_number"


@pytest.mark.parametrize("text", ["1.234", "12.500", "-1.234", "999.000"])
def test_a_lone_dot_before_three_digits_is_refused_in_german_notation(text: str) -> None:
    with pytest.raises(NotANumber) as refused:
        parse_decimal(text, "de")
    assert refused.value.reason == "ambiguous_number"


def test_english_notation_reads_the_dot_as_decimal_and_refuses_the_lone_comma() -> None:
    assert parse_decimal("1.234", "en") == 1.234
    assert parse_decimal("12,5", "en") == 12.5
    with pytest.raises(NotANumber) as refused:
        parse_decimal("1,234", "en")
    assert t(refused.value.reason, "en", **refused.value.params()) == (
        "'1,234' is ambiguous: write 1234 for the whole number, or 1.234 for the decimal"
    )


def test_the_refusal_names_both_readings() -> None:
    with pytest.raises(NotANumber) as refused:
        parse_decimal("1.234")
    assert t(refused.value.reason, "de", **refused.value.params()) == (
        "'1.234' ist mehrdeutig: als ganze Zahl 1234 schreiben, als Dezimalzahl 1,234"
    )


@pytest.mark.parametrize(
    "text", ["1e308", "-1e308", "1e999", "1000000000000,01", "1.000.000.000.001"]
)
def test_a_number_beyond_a_trillion_is_refused_and_the_limit_named(text: str) -> None:
    with pytest.raises(NotANumber) as refused:
        parse_decimal(text)
    assert t(refused.value.reason, "de", **refused.value.params()) == (
        f"{text!r} liegt nicht zwischen -1.000.000.000.000 und 1.000.000.000.000"
    )


def test_the_limit_itself_is_a_number_and_named_in_the_notation_read() -> None:
    assert parse_decimal("1.000.000.000.000") == parse_decimal("-1e12") * -1 == MAX_MAGNITUDE
    with pytest.raises(NotANumber) as refused:
        parse_decimal("2e12", "en")
    assert t(refused.value.reason, "en", **refused.value.params()) == (
        "'2e12' is not between -1,000,000,000,000 and 1,000,000,000,000"
    )


def _typed(value: float, notation: Notation, grouped: bool) -> str:
    """*value* as a person types it: six decimals, thousands grouped or not."""
    text = f"{value:,.6f}" if grouped else f"{value:.6f}"
    return text.translate(str.maketrans(",.", ".,")) if notation == "de" else text


@given(
    st.floats(min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE),
    st.sampled_from(["de", "en"]),
    st.booleans(),
)
def test_any_number_within_bounds_reads_back_as_typed(
    value: float, notation: Notation, grouped: bool
) -> None:
    assert parse_decimal(_typed(value, notation, grouped), notation) == float(f"{value:.6f}")


@given(
    st.floats(allow_nan=False).filter(lambda x: abs(x) > MAX_MAGNITUDE),
    st.sampled_from(["de", "en"]),
)
def test_any_number_beyond_bounds_is_refused(value: float, notation: Notation) -> None:
    text = repr(value).replace("inf", "1e999")  # as typed: digits, never the word
    with pytest.raises(NotANumber) as refused:
        parse_decimal(text, notation)
    assert refused.value.reason == "number_too_large"


@pytest.mark.parametrize(
    ("value", "de", "en"),
    [
        (1e15, "1.000.000.000.000.000", "1,000,000,000,000,000"),
        (1.5e20, "1,5e+20", "1.5e+20"),
        (-1e308, "-1e+308", "-1e+308"),
        (math.nan, "NaN", "NaN"),
        (math.inf, "∞", "∞"),
        (-math.inf, "-∞", "-∞"),
    ],
)
def test_numbers_kept_before_the_bound_are_written_briefly(value: float, de: str, en: str) -> None:
    assert (format_decimal(value, "de"), format_decimal(value, "en")) == (de, en)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2025", 2025),
        (" 2024/25 ", 2024),
        ("2024/2025", 2024),
        ("1999/00", 1999),
        ("2099/2100", 2099),
        ("2099/00", 2099),
        ("2024/26", None),  # not the next year
        ("2024/", None),
        ("24/25", None),
        ("2024-25", None),
        ("２０２５", None),
    ],
)
def test_years_and_school_years(text: str, year: int | None) -> None:
    assert parse_year(text) == year
