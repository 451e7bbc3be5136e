"""Strategiezyklen, mapped with the write side's `store.mapping`."""

from __future__ import annotations

from collections.abc import Iterable

from dkbm.states.errors import NotFound
from dkbm.states.model import StrategyCycle
from dkbm.store import mapping
from dkbm.store.reads.connection import Reader, placeholders


def cycle(r: Reader, cycle_id: int) -> StrategyCycle:
    row = r.one("SELECT * FROM cycle WHERE id = %(id)s", id=cycle_id)
    if row is None:
        raise NotFound("cycle", cycle_id)
    return mapping.cycle(row)


def cycles(r: Reader, ids: Iterable[int] | None = None) -> list[StrategyCycle]:
    """The cycles (all: None; missing ids are left out), by id."""
    if ids is None:
        rows = r.rows("SELECT * FROM cycle ORDER BY id")
    else:
        wanted = list(ids)
        if not wanted:
            return []
        marks, params = placeholders(wanted)
        rows = r.rows(f"SELECT * FROM cycle WHERE id IN ({marks}) ORDER BY id", **params)
    return [mapping.cycle(row) for row in rows]
