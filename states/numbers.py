"""Decimal numbers as people type them, in German or English notation, read one way.

One reader for the command line and for CSV files, so that `1.234,5` means the same in
both. A number may group thousands with dots, commas or spaces (a space only between groups
of three digits) and separate decimals with a comma or a point:

- both marks (`1.234,5`, `1,234.5`): the last one separates the decimals, the other
  must group thousands in threes;
- one mark used several times (`1.234.567`): it groups thousands;
- one mark used once: it separates the decimals (`12,5`, `12.5`, `0.125`), except where
  it could group thousands just as well (`1.234`, 1 to 3 digits, the mark, 3 digits).
  There the notation decides: in German notation (the command line, `;` files) a comma
  is decimal and such a dot is ambiguous; in English notation (`,` files) a dot is
  decimal and such a comma is ambiguous. An ambiguous number is refused, never guessed.

A typed number lies within ±10^12 (`MAX_MAGNITUDE`): nothing a Bildungsmonitoring counts
comes near it, and `1e308` typed by mistake would overflow every sum and chart drawn from
it.
"""

from __future__ import annotations

import math
import re
from typing import Literal

Notation = Literal["de", "en"]

MAX_MAGNITUDE = 1e12  # the largest number a person may type, either sign
# Beyond this a float keeps no second decimal, and digits written out would pretend to a
# precision it does not have: larger numbers are written with an exponent.
PLAIN_LIMIT = 1e15

_SPACE_LIKE = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-"})
# a space only between thousands: `1 234`, `12 345,5`; not `12 13`
_SPACED = re.compile(r"^[+-]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?$", re.ASCII)
_PLAIN = re.compile(r"^[+-]?\d+$", re.ASCII)
_SCIENTIFIC = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$", re.ASCII)
_ONCE = re.compile(r"^[+-]?(?:\d+)?[.,]\d+$", re.ASCII)
_DIGITS = re.compile(r"\d+", re.ASCII)
_THOUSANDS_LOOKALIKE = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$", re.ASCII)


def finite_or_none(value: float) -> float | None:
    """*value*, or None where it is no number JSON or arithmetic can carry (NaN, infinite):
    a value kept before numbers were bounded, or a difference beyond what a float holds."""
    return value if math.isfinite(value) else None


def is_whole(text: str) -> bool:
    """Only the digits 0-9 (`str.isdigit` also takes `²` and `٢`, which `int()` refuses
    or reads unexpectedly)."""
    return text.isascii() and text.isdigit()


def parse_year(text: str) -> int | None:
    """A year as offices write it: `2025`, or a school year `2024/25` (also `2024/2025`),
    which counts by its first year. None if it is neither."""
    s = text.strip()
    first, slash, second = s.partition("/")
    if not is_whole(first) or len(first) != 4:
        return None
    year = int(first)
    if slash and not (is_whole(second) and second in (f"{(year + 1) % 100:02d}", str(year + 1))):
        return None
    return year


class NotANumber(ValueError):
    """`reason` is `not_a_number`, `ambiguous_number` or `number_too_large` (a message
    key)."""

    def __init__(self, text: str, reason: str, notation: Notation = "de") -> None:
        super().__init__(text)
        self.text, self.reason, self.notation = text, reason, notation

    def params(self) -> dict[str, str]:
        """What the message needs: the text, for an ambiguous one both readings, for one
        too large the limit."""
        s = self.text.strip()
        decimal = "," if self.notation == "de" else "."
        return {
            "value": s,
            "whole": s.replace(".", "").replace(",", ""),
            "decimal": s.replace(".", decimal).replace(",", decimal),
            "limit": format_decimal(MAX_MAGNITUDE, self.notation),
        }


def parse_decimal(text: str, notation: Notation = "de") -> float:
    """The number *text* means in *notation*; `NotANumber` for anything else, for an
    ambiguous number and for one beyond ±`MAX_MAGNITUDE` (also `1e999`)."""
    s = text.strip().translate(_SPACE_LIKE)
    if " " in s:
        if not _SPACED.match(s):
            raise NotANumber(text, "not_a_number")
        s = s.replace(" ", "")
    if not s:
        raise NotANumber(text, "not_a_number")
    number = _read(s, notation)
    if number is None:
        raise NotANumber(text, "not_a_number")
    if number == "ambiguous":
        raise NotANumber(text, "ambiguous_number", notation)
    assert isinstance(number, float)
    if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:  # 1e999 is infinite
        raise NotANumber(text, "number_too_large", notation)
    return number + 0.0  # -0 is 0


def _read(s: str, notation: Notation) -> float | str | None:
    if _PLAIN.match(s) or _SCIENTIFIC.match(s):
        return float(s)
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        group = "." if decimal == "," else ","
        whole, _, fraction = s.rpartition(decimal)
        if not _DIGITS.fullmatch(fraction) or not _grouped(whole, group):
            return None
        return float(_digits(whole, group) + "." + fraction)
    mark = "." if dots else ","
    if dots + commas > 1:
        return float(_digits(s, mark)) if _grouped(s, mark) else None
    if not _ONCE.match(s):
        return None
    lone_ambiguous = "." if notation == "de" else ","
    if mark == lone_ambiguous and _THOUSANDS_LOOKALIKE.match(s):
        return "ambiguous"
    return float(s.replace(",", "."))


def _grouped(whole: str, mark: str) -> bool:
    pattern = r"[+-]?\d{1,3}(?:" + re.escape(mark) + r"\d{3})+"
    return re.fullmatch(pattern, whole, re.ASCII) is not None


def _digits(whole: str, mark: str) -> str:
    return whole.replace(mark, "")


def format_decimal(value: float, notation: Notation = "de", digits: int = 2) -> str:
    """`1.234,5` in German, `1,234.5` in English; at most *digits* decimals and no
    exponent, up to ±`PLAIN_LIMIT`. Beyond it (only in data kept before numbers were
    bounded) `1,5e+20` in German, `1.5e+20` in English; `NaN`, `∞` and `-∞` as such."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if abs(value) > PLAIN_LIMIT:
        text = f"{value:.6g}"
        return text.replace(".", ",") if notation == "de" else text
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if notation == "en":
        return text
    return text.translate(str.maketrans({",": ".", ".": ","}))
