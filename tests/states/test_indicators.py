"""The Wirkungsprüfung rule: the latest value against the straight path from baseline to
target, for rising and falling targets, without values, and after the target year."""

from __future__ import annotations

import pytest

from dkbm.states.indicators import (
    Indicator,
    IndicatorValue,
    ItemKind,
    Status,
    assess,
    implausible,
    invalid_definition,
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
