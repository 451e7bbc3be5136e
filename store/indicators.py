"""Reads and writes of Kennzahlen and their values per year (Core statements)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from dkbm.states.errors import DkbmError, NotFound
from dkbm.states.indicators import Indicator, IndicatorValue
from dkbm.store.db import Tx
from dkbm.store.reads.indicators import indicator_from
from dkbm.store.tables import IndicatorRow, IndicatorValueRow

_IND = IndicatorRow.__table__  # type: ignore[attr-defined]
_VAL = IndicatorValueRow.__table__  # type: ignore[attr-defined]


def _columns(ind: Indicator, now: datetime) -> dict[str, Any]:
    return {
        "cycle_id": ind.cycle_id,
        "item_kind": ind.item_kind.value,
        "item_id": ind.item_id,
        "name": ind.name,
        "unit": ind.unit,
        "source": ind.source,
        "baseline_value": ind.baseline_value,
        "baseline_year": ind.baseline_year,
        "target_value": ind.target_value,
        "target_year": ind.target_year,
        "version": ind.version,
        "updated_at": now,
    }


def insert_indicator(s: Tx, ind: Indicator, now: datetime) -> Indicator:
    ind.version = 1
    statement = insert(_IND).returning(_IND.c.id)
    ind.id = s.connection().execute(statement, _columns(ind, now)).scalar_one()
    return ind


def bump(s: Tx, indicator_id: int, expected: int, now: datetime, **columns: Any) -> int:
    """The next version of a Kennzahl (with changed *columns*) if nobody changed it since
    *expected*."""
    changed = (
        s.connection()
        .execute(
            update(_IND)
            .where(_IND.c.id == indicator_id, _IND.c.version == expected)
            .values(version=expected + 1, updated_at=now, **columns)
        )
        .rowcount
    )
    if changed != 1:
        raise DkbmError("conflict_indicator", id=indicator_id)
    return expected + 1


def indicators(
    s: Tx, *, cycle_id: int | None = None, ids: Iterable[int] | None = None
) -> list[Indicator]:
    """Kennzahlen with their values (oldest year first), in the order they were created."""
    query = select(_IND).order_by(_IND.c.id)
    if cycle_id is not None:
        query = query.where(_IND.c.cycle_id == cycle_id)
    if ids is not None:
        query = query.where(_IND.c.id.in_(list(ids)))
    rows = list(s.connection().execute(query))
    values = _values(s, [r.id for r in rows])
    return [indicator_from(r, values.get(r.id, [])) for r in rows]


def indicator(s: Tx, indicator_id: int) -> Indicator:
    found = indicators(s, ids=[indicator_id])
    if not found:
        raise NotFound("indicator", indicator_id)
    return found[0]


def _values(s: Tx, indicator_ids: list[int]) -> dict[int, list[IndicatorValue]]:
    out: dict[int, list[IndicatorValue]] = {}
    if not indicator_ids:
        return out
    query = (
        select(_VAL.c.indicator_id, _VAL.c.year, _VAL.c.value, _VAL.c.note)
        .where(_VAL.c.indicator_id.in_(indicator_ids))
        .order_by(_VAL.c.indicator_id, _VAL.c.year)
    )
    for r in s.connection().execute(query):
        out.setdefault(r.indicator_id, []).append(IndicatorValue(r.year, r.value, r.note))
    return out


def put_value(s: Tx, indicator_id: int, value: IndicatorValue, by: str, now: datetime) -> str:
    """Keep *value* for its year: `neu`, `aktualisiert` (another value or note for a year
    already kept) or `unveraendert`."""
    conn = s.connection()
    key = (_VAL.c.indicator_id == indicator_id) & (_VAL.c.year == value.year)
    old = conn.execute(select(_VAL.c.value, _VAL.c.note).where(key)).first()
    fields = {"value": value.value, "note": value.note, "recorded_at": now, "recorded_by": by}
    if old is None:
        conn.execute(insert(_VAL).values(indicator_id=indicator_id, year=value.year, **fields))
        return "neu"
    if (old.value, old.note) == (value.value, value.note):
        return "unveraendert"
    conn.execute(update(_VAL).where(key).values(**fields))
    return "aktualisiert"


def copy_values(s: Tx, source_id: int, target_id: int) -> None:
    """Every value of one Kennzahl for another, as recorded: when and by whom."""
    conn = s.connection()
    rows = conn.execute(select(_VAL).where(_VAL.c.indicator_id == source_id)).mappings().all()
    if rows:
        conn.execute(
            insert(_VAL),
            [
                {**{k: v for k, v in r.items() if k != "id"}, "indicator_id": target_id}
                for r in rows
            ],
        )


def delete_value(s: Tx, indicator_id: int, year: int) -> bool:
    """Forget the value of *year*; False if there was none."""
    key = (_VAL.c.indicator_id == indicator_id) & (_VAL.c.year == year)
    return bool(s.connection().execute(delete(_VAL).where(key)).rowcount)
