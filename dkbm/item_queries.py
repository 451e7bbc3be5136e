"""Ziele and Maßnahmen across every cycle, from their tables, with the stable `--json` shapes.

- `goals(...)`: each Ziel with its cycle, Bildungsbereiche and how many Strategien and
  Maßnahmen hang from it;
- `measures(...)`: each Maßnahme with its cycle, Strategie, Ziel and Bildungsbereiche,
  owner, deadline, reports and Kennzahlen; filters by Akteur, cycle, Bildungsbereich,
  deadline and missing reports.

Read through the DBAPI driver like the other read commands (no SQLAlchemy import).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from dkbm.states.cycle import describe_state
from dkbm.states.documents import areas_of
from dkbm.states.errors import NotFound
from dkbm.states.i18n import language
from dkbm.store.reads import Reader, reader
from dkbm.store.settings import database_url

_MEASURES = """
SELECT m.cycle_id, c.title AS cycle_title, c.state, m.item_id, m.title, m.position,
       m.owner_id, a.name AS owner_name, COALESCE(o.name, '') AS owner_organisation,
       a.status AS owner_status, m.indicator, m.target_value, m.deadline, m.reports,
       m.last_report_at, m.last_value, s.item_id AS strategy_id, s.title AS strategy_title,
       g.item_id AS goal_id, g.title AS goal_title, g.areas
FROM measure m
JOIN cycle c ON c.id = m.cycle_id
LEFT JOIN strategy s ON s.cycle_id = m.cycle_id AND s.item_id = m.strategy_id
LEFT JOIN goal g ON g.cycle_id = s.cycle_id AND g.item_id = s.goal_id
LEFT JOIN actor a ON a.id = m.owner_id
LEFT JOIN organisation o ON o.id = a.organisation_id
"""
_GOALS = """
SELECT g.cycle_id, c.title AS cycle_title, c.state, g.item_id, g.title, g.areas,
       (SELECT count(*) FROM strategy s WHERE s.cycle_id = g.cycle_id AND s.goal_id = g.item_id)
         AS strategies,
       (SELECT count(*) FROM measure m JOIN strategy s ON s.cycle_id = m.cycle_id
          AND s.item_id = m.strategy_id WHERE s.cycle_id = g.cycle_id AND s.goal_id = g.item_id)
         AS measures
FROM goal g JOIN cycle c ON c.id = g.cycle_id
"""


def _day(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def _cycle(row: Any) -> dict[str, Any]:
    return {
        "id": row.cycle_id,
        "titel": row.cycle_title,
        "zustand": row.state,
        "bezeichnung": describe_state(row.state, language()),
    }


def goals(*, cycle_id: int | None = None, area: str | None = None) -> list[dict[str, Any]]:
    """Ziele of every cycle (or of one), optionally only those of a Bildungsbereich."""
    area = _area(area)
    where, params = _where(cycle_id=("g.cycle_id", cycle_id))
    with reader(database_url()) as r:
        _exists(r, "cycle", cycle_id)
        rows = r.rows(_GOALS + where + " ORDER BY g.cycle_id, g.position", **params)
    return [
        {
            "zyklus": _cycle(row),
            "id": row.item_id,
            "titel": row.title,
            "bereiche": list(row.areas or []),
            "strategien": row.strategies,
            "massnahmen": row.measures,
        }
        for row in rows
        if area is None or area in (row.areas or [])
    ]


def measures(
    *,
    cycle_id: int | None = None,
    owner_id: int | None = None,
    area: str | None = None,
    due_by: date | None = None,
    unreported: bool = False,
) -> list[dict[str, Any]]:
    """Maßnahmen of every cycle, soonest deadline first, filtered as asked."""
    where, params = _where(
        cycle_id=("m.cycle_id", cycle_id),
        owner_id=("m.owner_id", owner_id),
    )
    clauses = [where] if where else []
    if due_by is not None:
        clauses.append(("AND" if clauses else "WHERE") + " m.deadline <= %(due_by)s")
        params["due_by"] = due_by.isoformat()
    if unreported:
        clauses.append(("AND" if clauses else "WHERE") + " m.reports = 0")
    order = " ORDER BY m.deadline IS NULL, m.deadline, m.cycle_id, m.position"
    area = _area(area)
    with reader(database_url()) as r:
        _exists(r, "cycle", cycle_id)
        _exists(r, "actor", owner_id)
        rows = r.rows(_MEASURES + " ".join(clauses) + order, **params)
        indicators = _indicators(r)
    return [
        _measure(row, indicators.get((row.cycle_id, row.item_id), []))
        for row in rows
        if area is None or area in (row.areas or [])
    ]


def _measure(row: Any, indicators: list[dict[str, Any]]) -> dict[str, Any]:
    at = row.last_report_at
    return {
        "zyklus": _cycle(row),
        "id": row.item_id,
        "titel": row.title,
        "strategie": {"id": row.strategy_id, "titel": row.strategy_title},
        "ziel": {"id": row.goal_id, "titel": row.goal_title},
        "bereiche": list(row.areas or []),
        "verantwortlich": (
            None
            if row.owner_id is None
            else {
                "id": row.owner_id,
                "name": row.owner_name,
                "organisation": row.owner_organisation,
                "aktiv": (row.owner_status or "aktiv") == "aktiv",
            }
        ),
        "indikator": row.indicator,
        "zielwert": row.target_value,
        "frist": _day(row.deadline),
        "berichte": row.reports,
        "letzter_bericht": at.astimezone(UTC).isoformat() if isinstance(at, datetime) else at,
        "letzter_wert": row.last_value,
        "kennzahlen": indicators,
    }


def _indicators(r: Reader) -> dict[tuple[int, int], list[dict[str, Any]]]:
    found: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for row in r.rows(
        "SELECT id, cycle_id, item_id, name FROM indicator WHERE item_kind = 'massnahme'"
        " ORDER BY id"
    ):
        found.setdefault((row.cycle_id, row.item_id), []).append({"id": row.id, "name": row.name})
    return found


def _area(area: str | None) -> str | None:
    """The stored value of the area a filter names (as stored or as displayed)."""
    if area is None:
        return None
    return areas_of([area])[0].value


def _exists(r: Reader, table: str, row_id: int | None) -> None:
    """A filter naming a cycle or an Akteur that does not exist is a typo, not an empty list."""
    if row_id is not None and r.one(f"SELECT id FROM {table} WHERE id = %(id)s", id=row_id) is None:
        raise NotFound(table, row_id)


def _where(**filters: tuple[str, Any]) -> tuple[str, dict[str, Any]]:
    clauses, params = [], {}
    for name, (column, value) in filters.items():
        if value is not None:
            clauses.append(f"{column} = %({name})s")
            params[name] = value
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
