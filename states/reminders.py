"""Reminder plans: when to remind, warn and escalate for a deadline, in working days.

Pure: the public holidays come in as a set of dates (see `holiday_calendar`),
time as arguments. Reminders go out at 08:00 Europe/Berlin on their day.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
SEND_AT = time(8, 0)
NEVER = datetime(9999, 12, 31, tzinfo=ZoneInfo("UTC"))


@dataclass(frozen=True)
class ReminderPlan:
    """Erinnerungsplan: working days before, on the day, working days overdue, escalation."""

    before: tuple[int, ...] = (7, 2)
    on_the_day: bool = True
    overdue: tuple[int, ...] = (1,)
    escalate_after: int | None = 5


DEFAULT_PLANS = {
    "beteiligung": ReminderPlan(),
    "abstimmung": ReminderPlan(before=(2,), overdue=(), escalate_after=2),
    "massnahme_bericht": ReminderPlan(before=(10, 3), overdue=(2,), escalate_after=10),
    # members who have not replied to a Ladung, before the meeting
    "sitzung": ReminderPlan(before=(3, 1), on_the_day=False, overdue=(), escalate_after=None),
    # the Koordination's Protokoll after a meeting
    "protokoll": ReminderPlan(before=(3,), overdue=(2,), escalate_after=None),
    # an Aufgabe from a TOP; escalation goes along the Verortung
    "aufgabe": ReminderPlan(before=(5, 1), overdue=(2,), escalate_after=5),
}


@dataclass(frozen=True)
class Step:
    name: str  # "T-7", "T0", "T+1", "E+5"
    at: datetime
    kind: str  # erinnerung | ueberfaellig | eskalation
    days: int  # working days before (positive) or after the deadline


def holiday_calendar(bundesland: str, years: range) -> Container[date]:
    """Public holidays of a Bundesland (from the `holidays` package)."""
    import holidays

    return holidays.country_holidays("DE", subdiv=bundesland, years=years)


def is_working_day(day: date, holidays: Container[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def shift_working_days(day: date, n: int, holidays: Container[date]) -> date:
    """The day *n* working days after (n > 0) or before (n < 0) *day*."""
    step = 1 if n > 0 else -1
    remaining = abs(n)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def _morning(day: date) -> datetime:
    return datetime.combine(day, SEND_AT, tzinfo=BERLIN)


def schedule(due_at: datetime, plan: ReminderPlan, holidays: Container[date]) -> list[Step]:
    """Every step of *plan* for a deadline at *due_at*, in time order."""
    due_day = due_at.astimezone(BERLIN).date()
    steps = [
        Step(f"T-{n}", _morning(shift_working_days(due_day, -n, holidays)), "erinnerung", n)
        for n in sorted(set(plan.before), reverse=True)
        if n > 0
    ]
    if plan.on_the_day:
        steps.append(
            Step("T0", min(_morning(due_day), due_at - timedelta(hours=2)), "erinnerung", 0)
        )
    steps += [
        Step(f"T+{n}", _morning(shift_working_days(due_day, n, holidays)), "ueberfaellig", -n)
        for n in sorted(set(plan.overdue))
        if n > 0
    ]
    if plan.escalate_after:
        n = plan.escalate_after
        steps.append(
            Step(f"E+{n}", _morning(shift_working_days(due_day, n, holidays)), "eskalation", -n)
        )
    return sorted(steps, key=lambda s: s.at)


def due_steps(steps: list[Step], since: datetime, now: datetime) -> list[Step]:
    """Steps that fell due in (since, now]: the latest reminder or overdue notice only
    (an older one would tell stale news), plus an escalation if it fell due."""
    fresh = [s for s in steps if since < s.at <= now]
    notices = [s for s in fresh if s.kind != "eskalation"]
    chosen = notices[-1:]
    chosen += [s for s in fresh if s.kind == "eskalation"]
    return chosen


def next_check(steps: list[Step], now: datetime) -> datetime:
    return min((s.at for s in steps if s.at > now), default=NEVER)
