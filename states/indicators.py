"""Kennzahlen (indicators) and the Wirkungsprüfung rule: is a Kennzahl on track?

The expected path is the straight line from the baseline (year, value) to the target
(year, value). The latest value is compared with that path in its own year (statistics
arrive late; a 2025 value is judged against what 2025 should have brought). Whether
"more" or "less" is better follows from the direction baseline -> target, so rising and
falling targets work the same way. Pure: the current year is passed in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from dkbm.states.errors import Reason, Word
from dkbm.states.numbers import MAX_MAGNITUDE, finite_or_none, format_decimal

DEFAULT_TOLERANCE = 0.10  # share of the baseline-to-target distance
FIRST_YEAR, LAST_YEAR = 2000, 2200


class ItemKind(StrEnum):
    """What a Kennzahl measures: a Ziel or a Maßnahme of a cycle."""

    ZIEL = "ziel"
    MASSNAHME = "massnahme"


# The stage a Wirkungsprüfung reopens when a Kennzahl of this kind is off track.
STAGE_OF = {ItemKind.ZIEL: "ziele", ItemKind.MASSNAHME: "massnahmen"}


class Status(StrEnum):
    NO_VALUES = "keine_werte"
    ON_TRACK = "auf_kurs"
    OFF_TRACK = "nicht_auf_kurs"
    REACHED = "erreicht"
    MISSED = "verfehlt"  # the target year has passed and the target was not reached
    # a baseline, target or value that is no number (kept before numbers were bounded)
    NOT_ASSESSABLE = "nicht_bewertbar"


@dataclass
class IndicatorValue:
    year: int
    value: float
    note: str = ""


@dataclass
class Indicator:
    """Kennzahl: name, unit, source, baseline and target, attached to a cycle's item."""

    id: int | None
    cycle_id: int
    item_kind: ItemKind
    item_id: int
    name: str
    unit: str
    source: str
    baseline_value: float
    baseline_year: int
    target_value: float
    target_year: int
    version: int = 0
    values: list[IndicatorValue] = field(default_factory=list)

    @property
    def direction(self) -> int:
        """+1 when the target lies above the baseline, -1 below."""
        return 1 if self.target_value > self.baseline_value else -1

    @property
    def distance(self) -> float:
        """From baseline to target; infinite only for values kept before they were
        bounded (`1e308` to `-1e308`)."""
        return abs(self.target_value - self.baseline_value)

    def expected(self, year: int) -> float:
        """The value on the straight path from baseline to target (flat outside it; see
        `expected_at` for years before the baseline)."""
        if year <= self.baseline_year:
            return self.baseline_value
        if year >= self.target_year:
            return self.target_value
        share = (year - self.baseline_year) / (self.target_year - self.baseline_year)
        scale = _scale(self.baseline_value, self.target_value)
        b, t = self.baseline_value / scale, self.target_value / scale
        return (b + share * (t - b)) * scale

    def expected_at(self, year: int) -> float | None:
        """What the path expects in *year*; nothing before the baseline, where it starts."""
        return None if year < self.baseline_year else self.expected(year)

    def latest(self, current_year: int | None = None) -> IndicatorValue | None:
        """The newest value on the path: not before the baseline year (history before the
        path is not judged by it) and not after *current_year* (a value stored for a later
        year is a typo, not a measurement)."""
        found = [
            v
            for v in self.values
            if v.year >= self.baseline_year
            and (current_year is None or v.year <= current_year)
            and math.isfinite(v.value)  # NaN written straight into a database measures nothing
        ]
        return max(found, key=lambda v: v.year, default=None)


def _scale(*numbers: float) -> float:
    """A power of two to divide *numbers* by so that their differences cannot overflow:
    1 for any number a person can type, so that their figures come out exactly as
    computed directly; dividing by a power of two changes no digit."""
    biggest = max(abs(x) for x in numbers)
    if not math.isfinite(biggest):
        return 1.0
    return 2.0 ** max(math.frexp(biggest)[1] - 1000, 0)


_PERCENT = ("%", "prozent", "percent")
_COUNTS = (
    "anzahl",
    "personen",
    "kinder",
    "jugendliche",
    "schüler",
    "schülerinnen",
    "teilnehmende",
    "plätze",
    "einrichtungen",
    "fälle",
    "stunden",
    "count",
    "number",
    "persons",
    "people",
    "places",
)


_CHANGE = ("veränderung", "saldo", "differenz", "punkte", "change", "points", "±", "+/-")


def _names_change(unit: str) -> bool:
    """`%-Punkte`, `Veränderung in %`, `Saldo`: values in such a unit may be negative."""
    lowered = unit.lower()
    return any(marker in lowered for marker in _CHANGE)


def value_bounds(unit: str) -> tuple[float | None, float | None]:
    """What a value in *unit* can be: a share in % lies in [0, 100] (`%`, `% der ...`), a
    count is never negative (`Anzahl`, `Kinder`, ...). A unit that names a change
    (`%-Punkte`, `Veränderung in %`, `Saldo`) and any other unit: no bounds."""
    if _names_change(unit):
        return None, None
    words = unit.strip().lower().replace("*", "").split()
    first = words[0] if words else ""
    if first in _PERCENT:
        return 0.0, 100.0
    if first in _COUNTS or first.rstrip(":") in _COUNTS:
        return 0.0, None
    return None, None


def implausible(
    unit: str, value: float, what: str, path: tuple[float, float] | None = None
) -> Reason | None:
    """Why *value* cannot be a value in *unit*, or None; *what* names it (value,
    baseline, target). Any value is a finite number within ±`MAX_MAGNITUDE`, or within
    the tighter bounds of its unit. With *path* (baseline, target): a value of a
    Kennzahl whose baseline and target are not negative is not negative either, unless
    its unit names a change."""
    low, high = value_bounds(unit)
    shown = {
        "value_de": format_decimal(value, "de", 6),
        "value_en": format_decimal(value, "en", 6),
        "unit": unit,
    }
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low:g} … {high:g}" if high is not None else f"≥ {low:g}"  # 0, 100
        return Reason("reason_indicator_bounds", what=Word(what), bounds=bounds, **shown)
    if not (math.isfinite(value) and abs(value) <= MAX_MAGNITUDE):
        limits = {
            "limit_de": format_decimal(MAX_MAGNITUDE, "de"),
            "limit_en": format_decimal(MAX_MAGNITUDE, "en"),
        }
        return Reason("reason_indicator_magnitude", what=Word(what), **limits, **shown)
    if path is not None and value < 0 <= min(path) and not _names_change(unit):
        return Reason("reason_indicator_negative", **shown)
    return None


def by_measure(indicators: list[Indicator]) -> dict[int, list[Indicator]]:
    """The Kennzahlen of Maßnahmen, by the Maßnahme's id (in the order given)."""
    found: dict[int, list[Indicator]] = {}
    for i in indicators:
        if i.item_kind is ItemKind.MASSNAHME:
            found.setdefault(i.item_id, []).append(i)
    return found


def future_year(year: int, current_year: int) -> Reason | None:
    """A value is measured: it cannot be of a year still to come."""
    if year > current_year:
        return Reason("reason_indicator_future", year=year, current=current_year)
    return None


def invalid_tolerance(tolerance: float) -> Reason | None:
    """A tolerance is a share of the baseline-to-target distance: 0 to 1 (0 to 100 %)."""
    return None if 0 <= tolerance <= 1 else Reason("reason_tolerance")  # NaN is not


def invalid_definition(
    baseline_value: float, baseline_year: int, target_value: float, target_year: int
) -> Reason | None:
    """Why a baseline and target cannot make an expected path, or None."""
    for year in (baseline_year, target_year):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return Reason("reason_indicator_year", year=year, first=FIRST_YEAR, last=LAST_YEAR)
    if not all(math.isfinite(v) for v in (baseline_value, target_value)):
        return Reason("reason_indicator_not_finite")
    if target_year <= baseline_year:
        return Reason("reason_indicator_target_year", target=target_year, baseline=baseline_year)
    if target_value == baseline_value:
        return Reason("reason_indicator_flat")
    return None


@dataclass(frozen=True)
class Assessment:
    """The Wirkungsprüfung of one Kennzahl in a given year."""

    status: Status
    year: int | None = None  # of the latest value
    value: float | None = None
    expected: float | None = None
    # How far the latest value lags behind the expected path, in the Kennzahl's unit
    # (negative: ahead), and as a share of the baseline-to-target distance.
    lag: float | None = None
    lag_share: float | None = None
    tolerance: float = DEFAULT_TOLERANCE

    @property
    def off_track(self) -> bool:
        return self.status in (Status.OFF_TRACK, Status.MISSED)


def assess(ind: Indicator, current_year: int, tolerance: float = DEFAULT_TOLERANCE) -> Assessment:
    """Compare the latest value with the expected path.

    Off track: the value lags the path by more than *tolerance* of the baseline-to-target
    distance, or the target year has passed without the target being reached.
    """
    latest = ind.latest(current_year)
    if latest is None:
        return Assessment(Status.NO_VALUES, tolerance=tolerance)
    if not all(map(math.isfinite, (ind.baseline_value, ind.target_value, latest.value))):
        return Assessment(
            Status.NOT_ASSESSABLE, year=latest.year, value=latest.value, tolerance=tolerance
        )
    expected = ind.expected(latest.year)
    # in a scale where no difference overflows, for values kept before they were bounded
    scale = _scale(ind.baseline_value, ind.target_value, latest.value)
    lag = (expected / scale - latest.value / scale) * ind.direction
    distance = abs(ind.target_value / scale - ind.baseline_value / scale)
    share = lag / distance if distance and math.isfinite(distance) else math.nan
    reached = (latest.value - ind.target_value) * ind.direction >= 0
    if reached:
        status = Status.REACHED
    elif current_year > ind.target_year:
        status = Status.MISSED
    elif share > tolerance:
        status = Status.OFF_TRACK
    else:
        status = Status.ON_TRACK
    if not math.isfinite(share):  # a baseline or target that is no number: no figures
        return Assessment(status, year=latest.year, value=latest.value, tolerance=tolerance)
    return Assessment(
        status,
        year=latest.year,
        value=latest.value,
        expected=expected,
        lag=finite_or_none(lag * scale),
        lag_share=share,
        tolerance=tolerance,
    )
