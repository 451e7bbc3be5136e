"""Fristen: opening, moving and closing deadlines, and the reminder sweep.

Opening, moving and closing happen inside the use case that causes them. The
sweep looks only at deadlines whose next step fell due (`next_check_at`), works
in batches, and queues reminders for those who still owe something, each
batch in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, select, text, update
from sqlmodel import Session

from dkbm.messages import Target, actor_targets, compose
from states import reminders
from states.model import Municipality, StrategyCycle
from store import mapping
from store import repository as repo
from store.db import session
from store.tables import DeadlineRow, ReminderPlanRow, UtcDateTime

OPEN, CLOSED = "offen", "geschlossen"
REMINDER_KINDS = ("erinnerung", "ueberfaellig", "eskalation")
_DEADLINE = DeadlineRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Deadline:
    id: int
    cycle_id: int
    kind: str
    ref: str
    due_at: datetime
    revision: int


@lru_cache(maxsize=16)
def _holidays(bundesland: str, first: int, last: int) -> Any:
    return reminders.holiday_calendar(bundesland, range(first, last + 1))


def plan_for(s: Session, municipality_id: int, kind: str) -> reminders.ReminderPlan:
    plans = ReminderPlanRow.__table__  # type: ignore[attr-defined]
    row = (
        s.connection()
        .execute(
            select(plans).where(plans.c.municipality_id == municipality_id, plans.c.kind == kind)
        )
        .first()
    )
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
    year = due_at.year
    return reminders.schedule(due_at, plan, _holidays(kommune.bundesland, year - 1, year + 1))


def open_deadline(
    s: Session, cycle: StrategyCycle, kind: str, ref: str, due_at: datetime, now: datetime
) -> Deadline:
    kommune = repo.municipality(s)
    steps = steps_for(kommune, plan_for(s, kommune.id, kind), due_at)
    row = DeadlineRow(
        cycle_id=cycle.id,
        kind=kind,
        ref=ref,
        due_at=due_at,
        revision=1,
        status=OPEN,
        next_check_at=reminders.next_check(steps, now),
    )
    s.add(row)
    s.flush()
    return Deadline(row.id, row.cycle_id, kind, ref, due_at, 1)


def open_deadlines(
    s: Session, cycle_id: int, kind: str | None = None, ref: str | None = None
) -> list[Deadline]:
    query = select(_DEADLINE).where(_DEADLINE.c.cycle_id == cycle_id, _DEADLINE.c.status == OPEN)
    if kind:
        query = query.where(_DEADLINE.c.kind == kind)
    if ref:
        query = query.where(_DEADLINE.c.ref == ref)
    return [_deadline(r) for r in s.connection().execute(query.order_by(_DEADLINE.c.id))]


def close(s: Session, deadlines: list[Deadline]) -> None:
    """Close deadlines and cancel the reminders they still had queued."""
    if not deadlines:
        return
    ids = [d.id for d in deadlines]
    conn = s.connection()
    conn.execute(update(_DEADLINE).where(_DEADLINE.c.id.in_(ids)).values(status=CLOSED))
    _cancel_reminders(s, ids)


def move(s: Session, deadline: Deadline, due_at: datetime, now: datetime) -> Deadline:
    """A changed deadline: new revision, reminders rescheduled, queued old ones cancelled."""
    kommune = repo.municipality(s)
    cycle = repo.cycle(s, deadline.cycle_id)
    steps = steps_for(kommune, plan_for(s, cycle.municipality_id, deadline.kind), due_at)
    s.connection().execute(
        update(_DEADLINE)
        .where(_DEADLINE.c.id == deadline.id)
        .values(
            due_at=due_at,
            revision=deadline.revision + 1,
            next_check_at=reminders.next_check(steps, now),
        )
    )
    _cancel_reminders(s, [deadline.id])
    return Deadline(
        deadline.id, deadline.cycle_id, deadline.kind, deadline.ref, due_at, deadline.revision + 1
    )


def _cancel_reminders(s: Session, deadline_ids: list[int]) -> None:
    s.connection().execute(
        text(
            "UPDATE outbox SET status = 'cancelled' WHERE status IN ('pending', 'digest') "
            "AND kind IN ('erinnerung', 'ueberfaellig', 'eskalation') AND deadline_id IN ("
            + ", ".join(str(int(i)) for i in deadline_ids)
            + ")"
        )
    )


def _deadline(row: Any) -> Deadline:
    return Deadline(
        row.id, row.cycle_id, row.kind, row.ref, mapping.aware(row.due_at), row.revision
    )


_DUE = (
    select(_DEADLINE)
    .where(
        _DEADLINE.c.status == OPEN,
        _DEADLINE.c.next_check_at <= bindparam("now", type_=UtcDateTime()),
    )
    .order_by(_DEADLINE.c.next_check_at, _DEADLINE.c.id)
    .limit(bindparam("n"))
)


@dataclass
class SweepReport:
    deadlines: int = 0
    queued: int = 0
    batches: int = 0


def sweep_batch(now: datetime, batch_size: int = 500) -> SweepReport:
    """One batch of the reminder sweep, in one transaction."""
    report = SweepReport()
    with session() as s:
        rows = s.connection().execute(_DUE, {"now": now, "n": batch_size}).all()
        if not rows:
            return report
        kommune = repo.municipality(s)
        cycles = {c.id: c for c in repo.cycles_by_id(s, {r.cycle_id for r in rows})}
        outbox: list[dict[str, Any]] = []
        checks: list[dict[str, Any]] = []
        closing: list[Deadline] = []
        plans: dict[str, reminders.ReminderPlan] = {}
        for row in rows:
            deadline = _deadline(row)
            cycle = cycles[deadline.cycle_id]
            owing = _owing(cycle, deadline)
            if owing is None:
                closing.append(deadline)
                continue
            plan = plans.setdefault(deadline.kind, plan_for(s, kommune.id, deadline.kind))
            steps = steps_for(kommune, plan, deadline.due_at)
            since = mapping.aware(row.next_check_at) - timedelta(microseconds=1)
            for step in reminders.due_steps(steps, since, now):
                outbox += _reminders(s, kommune, cycle, deadline, step, owing, now)
            checks.append({"deadline_id": deadline.id, "next": reminders.next_check(steps, now)})
        if checks:
            s.connection().execute(
                update(_DEADLINE)
                .where(_DEADLINE.c.id == bindparam("deadline_id"))
                .values(next_check_at=bindparam("next", type_=UtcDateTime())),
                checks,
            )
        close(s, closing)
        repo.enqueue(s, outbox)
    return SweepReport(deadlines=len(rows), queued=len(outbox), batches=1)


def sweep(now: datetime, batch_size: int = 500, max_batches: int = 10_000) -> SweepReport:
    total = SweepReport()
    for _ in range(max_batches):
        report = sweep_batch(now, batch_size)
        if not report.deadlines:
            break
        total.deadlines += report.deadlines
        total.queued += report.queued
        total.batches += 1
    return total


def _owing(cycle: StrategyCycle, deadline: Deadline) -> list[int] | None:
    """Akteure who still owe something for *deadline*; None if the deadline is moot."""
    if deadline.kind == "beteiligung":
        c = cycle.consultation
        stage = deadline.ref.split(":", 1)[0]
        if c is None or cycle.state != f"{stage}_beteiligung" or c.stage != stage:
            return None
        return c.missing()
    if deadline.kind == "massnahme_bericht":
        if cycle.state != "umsetzung":
            return None
        measure_id = int(deadline.ref.split(":", 1)[1])
        for m in cycle.measures:
            if m.id == measure_id:
                return [] if m.reports or m.owner_id is None else [m.owner_id]
        return None
    return []


def _reminders(
    s: Session,
    kommune: Municipality,
    cycle: StrategyCycle,
    deadline: Deadline,
    step: reminders.Step,
    owing: list[int],
    now: datetime,
) -> list[dict[str, Any]]:
    if not owing:
        return []
    cause = f"frist:{deadline.id}:r{deadline.revision}:{step.name}"
    subject = _subject_of(cycle, deadline)
    if step.kind == "eskalation":
        names = [t.name for t in actor_targets(s, owing)]
        contact = Target("contact", None, kommune.contact_name, kommune.contact_email, "de")
        return compose(
            s,
            cause=cause,
            kind="eskalation",
            cycle=cycle,
            targets=[contact],
            now=now,
            context={"offen": names, "tage": -step.days, "gegenstand": subject},
            deadline=deadline,
        )
    return compose(
        s,
        cause=cause,
        kind=step.kind,
        cycle=cycle,
        targets=actor_targets(s, owing),
        now=now,
        context={"tage": step.days, "gegenstand": subject},
        deadline=deadline,
    )


def _subject_of(cycle: StrategyCycle, deadline: Deadline) -> str:
    if deadline.kind == "massnahme_bericht":
        measure_id = int(deadline.ref.split(":", 1)[1])
        return next((m.title for m in cycle.measures if m.id == measure_id), "")
    return ""


def list_deadlines(s: Session) -> list[Any]:
    return list(
        s.connection().execute(select(_DEADLINE).order_by(_DEADLINE.c.due_at, _DEADLINE.c.id))
    )
