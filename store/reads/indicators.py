"""Kennzahlen with their values per year. `indicator_from` maps a row for the write side
(`store.indicators`) too."""

from __future__ import annotations

from typing import Any

from dkbm.states.errors import NotFound
from dkbm.states.indicators import Indicator, IndicatorValue, ItemKind
from dkbm.store.reads.connection import Reader, placeholders


def indicator_from(row: Any, values: list[IndicatorValue]) -> Indicator:
    return Indicator(
        id=row.id,
        cycle_id=row.cycle_id,
        item_kind=ItemKind(row.item_kind),
        item_id=row.item_id,
        name=row.name,
        unit=row.unit,
        source=row.source,
        baseline_value=float(row.baseline_value),
        baseline_year=row.baseline_year,
        target_value=float(row.target_value),
        target_year=row.target_year,
        version=row.version,
        values=values,
    )


def indicators(
    r: Reader,
    *,
    cycle_id: int | None = None,
    ids: list[int] | None = None,
    with_values: bool = True,
) -> list[Indicator]:
    """Kennzahlen (of a cycle, or the ones named, or all) with their values (unless
    *with_values* is false: definitions only), oldest first."""
    sql, params = "SELECT * FROM indicator", {}
    if cycle_id is not None:
        sql, params = sql + " WHERE cycle_id = %(cycle)s", {"cycle": cycle_id}
    elif ids is not None:
        if not ids:
            return []
        marks, params = placeholders(ids)
        sql += f" WHERE id IN ({marks})"
    rows = r.rows(sql + " ORDER BY id", **params)
    values: dict[int, list[IndicatorValue]] = {}
    if rows and with_values:
        marks, params = placeholders([row.id for row in rows])
        for v in r.rows(
            "SELECT indicator_id, year, value, note FROM indicator_value "
            f"WHERE indicator_id IN ({marks}) ORDER BY indicator_id, year",
            **params,
        ):
            values.setdefault(v.indicator_id, []).append(
                IndicatorValue(v.year, float(v.value), v.note)
            )
    return [indicator_from(row, values.get(row.id, [])) for row in rows]


def indicator(r: Reader, indicator_id: int) -> Indicator:
    found = indicators(r, ids=[indicator_id])
    if not found:
        raise NotFound("indicator", indicator_id)
    return found[0]
