"""The Wirkungsprüfung rule: the latest value against the straight path from baseline to
target, for rising and falling targets, without values, and after the target year."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dkbm.states.i18n import t
from dkbm.states.indicators import (
    Indicator,
    IndicatorValue,
    ItemKind,
    Status,
    assess,
    implausible,
    invalid_definition,
    invalid_tolerance,
    value_bounds,
)


def _indicator(
    baseline: tuple[float, int], target: tuple[float, int], *values: tuple[int, float]
) -> Indicator:
    return Indicator(
        id=1,
        cycle_id=1,
        item_kind=ItemKind.MASSNAHME,
        item_id=7,
        name="Quote",
        unit="%",
        source="",
        baseline_value=baseline[0],
        baseline_year=baseline[1],
        target_value=target[0],
        target_year=target[1],
        values=[IndicatorValue(year, value) for year, value in values],
    )


def test_the_expected_path_is_the_straight_line_and_flat_outside_it() -> None:
    ind = _indicator((20, 2024), (60, 2028))
    assert [ind.expected(y) for y in (2023, 2024, 2025, 2026, 2028, 2030)] == [
        20,
        20,
        30,
        40,
        60,
        60,
    ]


def test_a_rising_target_on_its_path_is_on_track() -> None:
    a = assess(_indicator((20, 2024), (60, 2028), (2025, 29)), current_year=2026)
    assert a.status is Status.ON_TRACK and not a.off_track
    assert (a.year, a.value, a.expected, a.lag) == (2025, 29, 30, 1)
    assert a.lag_share == pytest.approx(0.025)


def test_a_rising_target_lagging_more_than_the_tolerance_is_off_track() -> None:
    a = assess(_indicator((20, 2024), (60, 2028), (2025, 31), (2026, 35)), current_year=2026)
    assert a.status is Status.OFF_TRACK and a.off_track
    assert a.year == 2026 and a.lag == 5 and a.lag_share == pytest.approx(0.125)


def test_the_tolerance_is_a_share_of_the_distance_and_can_be_set() -> None:
    ind = _indicator((20, 2024), (60, 2028), (2026, 35))  # 12.5 % behind
    assert assess(ind, 2026, tolerance=0.15).status is Status.ON_TRACK
    assert assess(ind, 2026, tolerance=0.10).status is Status.OFF_TRACK
    assert assess(_indicator((20, 2024), (60, 2028), (2026, 36)), 2026).status is Status.ON_TRACK


def test_a_falling_target_lagging_means_too_high() -> None:
    too_high = _indicator((8.0, 2024), (4.0, 2028), (2026, 6.8))  # expected 6.0
    a = assess(too_high, 2026)
    assert a.status is Status.OFF_TRACK and a.lag == pytest.approx(0.8)
    ahead = assess(_indicator((8.0, 2024), (4.0, 2028), (2026, 5.5)), 2026)
    assert ahead.status is Status.ON_TRACK and ahead.lag == pytest.approx(-0.5)


def test_a_value_beyond_the_target_has_reached_it_in_either_direction() -> None:
    assert assess(_indicator((20, 2024), (60, 2028), (2026, 61)), 2026).status is Status.REACHED
    assert assess(_indicator((8, 2024), (4, 2028), (2026, 4)), 2030).status is Status.REACHED


def test_without_values_there_is_nothing_to_judge() -> None:
    a = assess(_indicator((20, 2024), (60, 2028)), 2030)
    assert a.status is Status.NO_VALUES and not a.off_track and a.value is None


def test_after_the_target_year_a_target_not_reached_is_missed() -> None:
    ind = _indicator((20, 2024), (60, 2028), (2028, 59))  # within tolerance of the path
    assert assess(ind, 2028).status is Status.ON_TRACK
    missed = assess(ind, 2029)
    assert missed.status is Status.MISSED and missed.off_track


def test_the_latest_year_counts_not_the_last_entered() -> None:
    ind = _indicator((20, 2024), (60, 2028), (2026, 40), (2025, 10))
    assert assess(ind, 2026).year == 2026


@pytest.mark.parametrize(
    ("baseline", "target", "key"),
    [
        ((1, 2024), (1, 2028), "reason_indicator_flat"),
        ((1, 2028), (2, 2028), "reason_indicator_target_year"),
        ((1, 2028), (2, 2027), "reason_indicator_target_year"),
        ((1, 1999), (2, 2028), "reason_indicator_year"),
        ((float("nan"), 2024), (2, 2028), "reason_indicator_not_finite"),
    ],
)
def test_a_baseline_and_target_without_a_path_are_refused(
    baseline: tuple[float, int], target: tuple[float, int], key: str
) -> None:
    reason = invalid_definition(baseline[0], baseline[1], target[0], target[1])
    assert reason is not None and reason.key == key
    assert invalid_definition(1, 2024, 2, 2028) is None


@pytest.mark.parametrize(
    ("unit", "bounds"),
    [
        ("%", (0.0, 100.0)),
        ("% der Schulabgänger*innen", (0.0, 100.0)),
        ("Prozent", (0.0, 100.0)),
        ("%-Punkte", (None, None)),
        ("Anzahl", (0.0, None)),
        ("Kinder", (0.0, None)),
        ("Euro je Einwohner", (None, None)),
        ("", (None, None)),
    ],
)
def test_what_a_unit_allows(unit: str, bounds: tuple[float | None, float | None]) -> None:
    assert value_bounds(unit) == bounds


def test_a_share_above_100_and_a_negative_count_are_implausible() -> None:
    assert implausible("%", 101, "value") is not None
    assert implausible("Anzahl", -1, "value") is not None
    assert implausible("Anzahl", 12000, "value") is None


def test_a_negative_value_needs_a_path_or_a_unit_that_can_be_negative() -> None:
    assert implausible("Schulen", -3, "value", (6, 24)) is not None
    assert implausible("Schulen", 3, "value", (6, 24)) is None
    assert implausible("Wanderung", -3, "value", (-50, 0)) is None
    assert implausible("%-Punkte", -1.5, "value", (2, 5)) is None
    assert implausible("Veränderung in %", -4, "value", (1, 5)) is None


def test_values_before_the_baseline_are_history_not_judged() -> None:
    ind = _indicator((40, 2024), (80, 2028), (2020, 10))
    assert ind.expected_at(2020) is None and ind.expected_at(2026) == 60
    assert assess(ind, current_year=2026).status == Status.NO_VALUES


def test_a_value_of_a_year_still_to_come_is_not_judged() -> None:
    ind = _indicator((40, 2024), (80, 2028), (2025, 50), (2031, 90))
    assert assess(ind, current_year=2026).year == 2025


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        ("", 1e13, "Wert 10.000.000.000.000 liegt nicht zwischen -1.000.000.000.000 und "
         "1.000.000.000.000"),
        ("Anzahl", 1e308, "Wert 1e+308 liegt nicht zwischen -1.000.000.000.000 und "
         "1.000.000.000.000"),
        ("", math.nan, "Wert NaN liegt nicht zwischen -1.000.000.000.000 und 1.000.000.000.000"),
        ("", -math.inf, "Wert -∞ liegt nicht zwischen -1.000.000.000.000 und 1.000.000.000.000"),
        ("%", 1e13, "Wert 10.000.000.000.000 passt nicht zur Einheit '%' (erlaubt: 0 … 100)"),
    ],
)  # fmt: skip
def test_any_value_lies_within_a_trillion_or_the_tighter_bounds_of_its_unit(
    unit: str, value: float, message: str
) -> None:
    reason = implausible(unit, value, "value")
    assert reason is not None and t(reason.key, "de", **reason.params) == message
    assert implausible("", 1e12, "value") is None and implausible("", -1e12, "value") is None


@pytest.mark.parametrize("tolerance", [-0.01, 1.01, math.nan, math.inf])
def test_a_tolerance_is_a_share_of_the_distance(tolerance: float) -> None:
    assert invalid_tolerance(tolerance) is not None
    assert invalid_tolerance(0) is None and invalid_tolerance(1) is None


def test_values_kept_before_the_bound_are_judged_without_overflow() -> None:
    """1e308 to -1e308: their difference is beyond a float, the path still halves it."""
    ind = _indicator((1e308, 2024), (-1e308, 2028), (2026, 1e307))
    a = assess(ind, current_year=2026)
    assert ind.expected(2026) == 0 and a.expected == 0
    assert (a.lag, a.lag_share, a.status) == (1e307, pytest.approx(0.05), Status.ON_TRACK)
    behind = assess(_indicator((1e308, 2024), (-1e308, 2028), (2026, 1.7e308)), 2026)
    assert behind.lag_share == pytest.approx(0.85) and behind.status == Status.OFF_TRACK


def test_a_value_that_is_no_number_measures_nothing() -> None:
    ind = _indicator((40, 2024), (80, 2028), (2025, 50), (2026, math.nan))
    assert assess(ind, current_year=2026).year == 2025


_STORED = st.floats(allow_nan=True, allow_infinity=True)


@given(_STORED, _STORED, st.lists(_STORED, max_size=4), st.floats(0, 1))
def test_any_stored_float_is_judged_with_finite_figures_or_none(
    baseline: float, target: float, values: list[float], tolerance: float
) -> None:
    ind = _indicator((baseline, 2024), (target, 2028), *enumerate(values, start=2024))
    a = assess(ind, current_year=2027, tolerance=tolerance)
    for figure in (a.value, a.expected, a.lag, a.lag_share):
        assert figure is None or math.isfinite(figure)
    assert (a.expected is None) == (a.lag_share is None)  # the CLI prints both or neither


@pytest.mark.parametrize(
    ("baseline", "target", "value"),
    [(math.nan, 10.0, 0.0), (0.0, math.inf, 5.0), (-math.inf, 10.0, 0.0)],
)
def test_a_number_kept_before_the_bound_is_not_assessed_as_reached_or_on_track(
    baseline: float, target: float, value: float
) -> None:
    a = assess(_indicator((baseline, 2024), (target, 2028), (2025, value)), current_year=2026)
    assert a.status is Status.NOT_ASSESSABLE and not a.off_track
