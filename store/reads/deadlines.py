"""Deadlines (Fristen): when something is owed, and by whom."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from dkbm.store.reads.connection import Reader


def deadlines(r: Reader) -> list[SimpleNamespace]:
    """Every deadline row, the earliest due first."""
    return r.rows("SELECT * FROM deadline ORDER BY due_at, id")


def earliest_open_by_cycle(r: Reader) -> dict[int, datetime]:
    """Per cycle, when its earliest open deadline is due."""
    rows = r.rows(
        "SELECT cycle_id, MIN(due_at) AS due_at FROM deadline WHERE status = 'offen' "
        "GROUP BY cycle_id"
    )
    return {row.cycle_id: row.due_at for row in rows}
