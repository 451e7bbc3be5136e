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

from sqlalchemy import bindparam, insert, select, text, update

from dkbm import meeting_deadlines
from dkbm.messages import Target, compose, targets_by_id
from dkbm.states import reminders
from dkbm.states.model import Municipality, StrategyCycle
from dkbm.store import hotpath, mapping
from dkbm.store import repository as repo
from dkbm.store.db import Tx, session
from dkbm.store.tables import DeadlineRow, ReminderPlanRow

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
def _due_and_next(
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


def open_deadline(
    s: Tx, cycle: StrategyCycle, kind: str, ref: str, due_at: datetime, now: datetime
) -> Deadline:
    kommune = repo.municipality(s)
    steps = steps_for(kommune, plan_for(s, kommune.id, kind), due_at)
    new_id = (
        s.connection()
        .execute(
            insert(_DEADLINE).returning(_DEADLINE.c.id),
            {
                "cycle_id": cycle.id,
                "kind": kind,
                "ref": ref,
                "due_at": due_at,
                "revision": 1,
                "status": OPEN,
                "next_check_at": reminders.next_check(steps, now),
            },
        )
        .scalar_one()
    )
    return Deadline(new_id, cycle.id or 0, kind, ref, due_at, 1)


def open_meeting_deadline(s: Tx, kind: str, ref: str, due_at: datetime, now: datetime) -> Deadline:
    """A deadline of a meeting or a task (no cycle): *ref* names it, e.g. "aufgabe:9"."""
    kommune = repo.municipality(s)
    steps = steps_for(kommune, plan_for(s, kommune.id, kind), due_at)
    values = {
        "cycle_id": None,
        "kind": kind,
        "ref": ref,
        "due_at": due_at,
        "revision": 1,
        "status": OPEN,
        "next_check_at": reminders.next_check(steps, now),
    }
    new_id = (
        s.connection().execute(insert(_DEADLINE).returning(_DEADLINE.c.id), values).scalar_one()
    )
    return Deadline(new_id, 0, kind, ref, due_at, 1)


def open_meeting_deadlines(s: Tx, ref: str) -> list[Deadline]:
    rows = s.connection().execute(
        select(_DEADLINE)
        .where(_DEADLINE.c.ref == ref, _DEADLINE.c.status == OPEN, _DEADLINE.c.cycle_id.is_(None))
        .order_by(_DEADLINE.c.id)
    )
    return [_deadline(r) for r in rows]


_OPEN_OF_CYCLE = (
    select(_DEADLINE)
    .where(_DEADLINE.c.cycle_id == bindparam("cycle_id"), _DEADLINE.c.status == OPEN)
    .order_by(_DEADLINE.c.id)
)


def open_deadlines(
    s: Tx, cycle_id: int, kind: str | None = None, ref: str | None = None
) -> list[Deadline]:
    rows = s.connection().execute(_OPEN_OF_CYCLE, {"cycle_id": cycle_id})
    return [
        _deadline(r)
        for r in rows
        if (kind is None or r.kind == kind) and (ref is None or r.ref == ref)
    ]


def close(s: Tx, deadlines: list[Deadline]) -> None:
    """Close deadlines and cancel the reminders they still had queued."""
    if not deadlines:
        return
    ids = [d.id for d in deadlines]
    conn = s.connection()
    conn.execute(update(_DEADLINE).where(_DEADLINE.c.id.in_(ids)).values(status=CLOSED))
    _cancel_reminders(s, ids)


def move(s: Tx, deadline: Deadline, due_at: datetime, now: datetime) -> Deadline:
    """A changed deadline: new revision, reminders rescheduled, queued old ones cancelled."""
    kommune = repo.municipality(s)
    steps = steps_for(kommune, plan_for(s, kommune.id, deadline.kind), due_at)
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


def _cancel_reminders(s: Tx, deadline_ids: list[int]) -> None:
    s.connection().execute(
        text(
            "UPDATE outbox SET status = 'cancelled' WHERE status IN ('pending', 'digest') "
            f"AND kind IN {REMINDER_KINDS!r} AND deadline_id IN ("
            + ", ".join(str(int(i)) for i in deadline_ids)
            + ")"
        )
    )


def _deadline(row: Any) -> Deadline:
    return Deadline(
        row.id, row.cycle_id or 0, row.kind, row.ref, mapping.aware(row.due_at), row.revision
    )


def _still_current(
    s: Tx, checks: list[dict[str, Any]], outbox: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Drop reminders for deadlines that were moved or closed while the batch was computed.

    Runs after the batch's first write: SQLite then holds the write lock, and on
    PostgreSQL the rows are locked, so no change can slip in before the commit.
    """
    current = hotpath.current_deadlines(s, {c["deadline_id"]: c["rev"] for c in checks})
    return [row for row in outbox if row["deadline_id"] in current]


@dataclass
class SweepReport:
    deadlines: int = 0
    queued: int = 0
    batches: int = 0


def sweep_batch(now: datetime, batch_size: int = 500) -> SweepReport:
    """One batch of the reminder sweep, in one transaction.

    Everything the batch needs is read up front (its cycles, the plans, every Akteur
    who owes something), so the work per deadline is computing and rendering only.
    """
    with session() as s:
        rows = hotpath.due_deadlines(s, now, batch_size)
        if not rows:
            return SweepReport()
        kommune = repo.municipality(s)
        cycles, measures = _views(s, rows)
        others = meeting_deadlines.debts(s, [r for r in rows if r.cycle_id is None])
        plans: dict[str, reminders.ReminderPlan] = {}
        work: list[tuple[Deadline, tuple[reminders.Step, ...], list[int], Any]] = []
        coordinator: list[tuple[Deadline, tuple[reminders.Step, ...], str]] = []
        checks: list[dict[str, Any]] = []
        closing: list[Deadline] = []
        for row in rows:
            deadline = _deadline(row)
            debt = others.get(deadline.id) if row.cycle_id is None else None
            measure = _measure_of(measures, deadline)
            if row.cycle_id is None:
                owing = debt.owing if debt is not None else None
            else:
                owing = _owing(cycles[deadline.cycle_id], measure, deadline)
            if owing is None:
                closing.append(deadline)
                continue
            if deadline.kind not in plans:
                plans[deadline.kind] = plan_for(s, kommune.id, deadline.kind)
            due, next_at = _due_and_next(
                kommune.bundesland, plans[deadline.kind], deadline.due_at, row.next_check_at, now
            )
            if due and owing:
                work.append((deadline, due, owing, measure))
            if due and debt is not None and debt.coordinator:
                coordinator.append((deadline, due, debt.subject))
            checks.append(
                {
                    "deadline_id": deadline.id,
                    "rev": deadline.revision,
                    "next": next_at,
                }
            )
        people = targets_by_id(s, {a for _, _, owing, _ in work for a in owing})
        outbox: list[dict[str, Any]] = []
        for deadline, due, owing, measure in work:
            view = cycles.get(deadline.cycle_id)
            debt = others.get(deadline.id)
            for step in due:
                outbox += _reminders(
                    s,
                    kommune,
                    view.cycle if view else None,
                    _subject(view, measure, debt),
                    deadline,
                    step,
                    [people[a] for a in owing if a in people],
                    now,
                )
        contact = Target("contact", None, kommune.contact_name, kommune.contact_email, "de")
        for deadline, due, subject in coordinator:
            for step in due:
                if step.kind != "eskalation":
                    outbox += _reminders(s, kommune, None, subject, deadline, step, [contact], now)
        if checks:
            hotpath.move_next_checks(s, [(c["next"], c["deadline_id"], c["rev"]) for c in checks])
            outbox = _still_current(s, checks, outbox)
        close(s, closing)
        queued = repo.enqueue(s, outbox)
    return SweepReport(deadlines=len(rows), queued=queued, batches=1)


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


@dataclass
class _CycleView:
    """What the sweep needs of a cycle: the header for composing messages, and only for a
    Beteiligung or a vote its document (who was asked, who voted). Maßnahmen come as rows."""

    cycle: StrategyCycle
    consultation: dict[str, Any] | None
    ballots: dict[str, str]
    voters: list[int]


_DOCUMENT_KINDS = ("beteiligung", "abstimmung")


def _views(s: Tx, rows: list[Any]) -> tuple[dict[int, _CycleView], dict[tuple[int, int], Any]]:
    """The cycles of a batch's deadlines, and the Maßnahmen their report deadlines name."""
    mine = [r for r in rows if r.cycle_id is not None]
    documents = {r.cycle_id for r in mine if r.kind in _DOCUMENT_KINDS}
    found = repo.cycle_documents(s, documents) + repo.cycle_documents(
        s, {r.cycle_id for r in mine} - documents, content=False
    )
    voters = repo.voters_by_board(s, {r.board_id for r in found if r.id in documents})
    views = {}
    for row in found:
        doc = getattr(row, "content", None) or {}
        header = StrategyCycle(
            id=row.id,
            municipality_id=row.municipality_id,
            title=row.title,
            board_id=row.board_id,
            state=row.state,
            version=row.version,
            round=row.round,
        )
        views[row.id] = _CycleView(
            header, doc.get("consultation"), doc.get("ballots", {}), voters.get(row.board_id, [])
        )
    measures = repo.measures_by_key(
        s, {(r.cycle_id, _measure_id(r.ref)) for r in mine if r.kind == "massnahme_bericht"}
    )
    return views, measures


def _measure_id(ref: str) -> int:
    return int(ref.split(":", 1)[1])


def _owing(view: _CycleView, measure: Any, deadline: Deadline) -> list[int] | None:
    """Akteure who still owe something for *deadline*; None if the deadline is moot."""
    state = view.cycle.state
    if deadline.kind == "beteiligung":
        c = view.consultation
        stage = deadline.ref.split(":", 1)[0]
        if c is None or state != f"{stage}_beteiligung" or c["stage"] != stage:
            return None
        answered = set(c.get("answers", {}))
        return [a for a in c["invited"] if str(a) not in answered]
    if deadline.kind == "abstimmung":
        stage = deadline.ref.split(":", 1)[0]
        if state != f"{stage}_abstimmung":
            return None
        return [a for a in view.voters if str(a) not in view.ballots]
    if deadline.kind == "massnahme_bericht":
        if state != "umsetzung" or measure is None:
            return None
        return [] if measure.reports or measure.owner_id is None else [measure.owner_id]
    return []


def _reminders(
    s: Tx,
    kommune: Municipality,
    cycle: StrategyCycle | None,
    subject: str,
    deadline: Deadline,
    step: reminders.Step,
    owing: list[Target],
    now: datetime,
) -> list[dict[str, Any]]:
    if not owing:
        return []
    cause = f"frist:{deadline.id}:r{deadline.revision}:{step.name}"
    common = {
        "cause": cause,
        "cycle": cycle,
        "now": now,
        "deadline": deadline,
        "kommune": kommune,
    }
    if step.kind == "eskalation":
        contact = Target("contact", None, kommune.contact_name, kommune.contact_email, "de")
        return compose(
            s,
            kind="eskalation",
            targets=[contact],
            context={"offen": [t.name for t in owing], "tage": -step.days, "gegenstand": subject},
            **common,
        )
    return compose(
        s,
        kind=step.kind,
        targets=owing,
        context={"tage": step.days, "gegenstand": subject},
        **common,
    )


def _measure_of(measures: dict[tuple[int, int], Any], deadline: Deadline) -> Any:
    if deadline.kind != "massnahme_bericht":
        return None
    return measures.get((deadline.cycle_id, _measure_id(deadline.ref)))


def _subject(view: _CycleView | None, measure: Any, debt: Any) -> str:
    if view is None:
        return debt.subject if debt else ""
    return measure.title if measure is not None else ""


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
