"""One reading of a typed number for the command line and for CSV files: German and
English notation, thousands groups, and a refusal where a number could mean two things."""

from __future__ import annotations

import pytest

from dkbm.states.i18n import t
from dkbm.states.numbers import NotANumber, parse_decimal, parse_year


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
        "1e999",
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
