"""Reminder plans: when a Frist's reminders, overdue notices and escalation fall due, in
working days of the Kommune's Bundesland, by the Kommune's own plan or the default.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import insert, select, update

from dkbm.states import reminders
from dkbm.states.model import Municipality
from dkbm.store import repository as repo
from dkbm.store.db import Tx
from dkbm.store.tables import ReminderPlanRow


@lru_cache(maxsize=16)
def _holidays(bundesland: str, first: int, last: int) -> Any:
    return reminders.holiday_calendar(bundesland, range(first, last + 1))


def holidays_of(bundesland: str, first: int, last: int) -> Any:
    """Public holidays of *bundesland* in the years *first*..*last* (cached)."""
    return _holidays(bundesland, first, last)


def plan_for(s: Tx, municipality_id: int, kind: str) -> reminders.ReminderPlan:
    plans = ReminderPlanRow.__table__  # type: ignore[attr-defined]
    row = (
        s.connection()
        .execute(
            select(plans).where(plans.c.municipality_id == municipality_id, plans.c.kind == kind)
        )
        .first()
    )
    return plan_of(row, kind)


def plans_in(rows: list[Any]) -> dict[str, reminders.ReminderPlan]:
    """A Kommune's own plans by kind, from the rows `repository.municipality_with_plans`
    read (`plan_of` fills in the default of a kind not among them)."""
    return {row.plan_kind: plan_of(row, row.plan_kind) for row in rows}


def plan_of(row: Any, kind: str) -> reminders.ReminderPlan:
    """The plan a reminder_plan *row* holds; no row: the default plan of *kind*."""
    if row is None:
        return reminders.DEFAULT_PLANS.get(kind, reminders.ReminderPlan())
    return reminders.ReminderPlan(
        before=tuple(row.before_working_days or ()),
        on_the_day=bool(row.on_the_day),
        overdue=tuple(row.overdue_working_days or ()),
        escalate_after=row.escalate_after_days or None,
    )


def steps_for(
    kommune: Municipality, plan: reminders.ReminderPlan, due_at: datetime
) -> list[reminders.Step]:
    return _steps(kommune.bundesland, plan, due_at)


@lru_cache(maxsize=4096)
def _steps(bundesland: str, plan: reminders.ReminderPlan, due_at: datetime) -> list[reminders.Step]:
    """Many deadlines share a due moment, and so their schedule."""
    year = due_at.year
    return reminders.schedule(due_at, plan, _holidays(bundesland, year - 1, year + 1))


@lru_cache(maxsize=4096)
def due_and_next(
    bundesland: str,
    plan: reminders.ReminderPlan,
    due_at: datetime,
    checked_at: datetime,
    now: datetime,
) -> tuple[tuple[reminders.Step, ...], datetime]:
    """The steps that fell due since the deadline's last check, and its next check.
    Deadlines opened together share all of these."""
    steps = _steps(bundesland, plan, due_at)
    since = checked_at - timedelta(microseconds=1)
    return tuple(reminders.due_steps(steps, since, now)), reminders.next_check(steps, now)


def plans(s: Tx) -> dict[str, reminders.ReminderPlan]:
    """The reminder plan of every deadline kind as it applies to this Kommune."""
    kommune = repo.municipality(s)
    return {kind: plan_for(s, kommune.id, kind) for kind in reminders.DEFAULT_PLANS}


def set_plan(s: Tx, kind: str, plan: reminders.ReminderPlan) -> None:
    """Store a Kommune's own plan for *kind*; open deadlines follow from their next check on."""
    kommune = repo.municipality(s)
    table = ReminderPlanRow.__table__  # type: ignore[attr-defined]
    values = {
        "before_working_days": list(plan.before),
        "on_the_day": plan.on_the_day,
        "overdue_working_days": list(plan.overdue),
        "escalate_after_days": plan.escalate_after or 0,
    }
    conn = s.connection()
    changed = conn.execute(
        update(table)
        .where(table.c.municipality_id == kommune.id, table.c.kind == kind)
        .values(**values)
    ).rowcount
    if not changed:
        conn.execute(insert(table).values(municipality_id=kommune.id, kind=kind, **values))
    _steps.cache_clear()
