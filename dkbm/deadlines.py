"""Fristen: opening, moving and closing deadlines, and the reminder sweep.

Opening, moving and closing happen inside the use case that causes them. The
sweep looks only at deadlines whose next step fell due (`next_check_at`), works
in batches, and queues reminders for those who still owe something, each
batch in one transaction. Who owes what is in `cycle_deadlines` and
`meeting_deadlines`, when reminders fall due in `reminder_plans`. A reminder carries the
personal link its Frist's invitation carried (the same one: `member_links.issue_many`
reuses it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update

from dkbm import cycle_deadlines, meeting_deadlines
from dkbm.cycle_deadlines import CycleView
from dkbm.messages import Ask, Target, compose, targets_by_id
from dkbm.notifications import turns

# Imported `as` themselves: the CLI calls them as `deadlines.<name>`.
from dkbm.reminder_plans import due_and_next, plan_for, plan_of, plans_in, steps_for
from dkbm.reminder_plans import plans as plans
from dkbm.reminder_plans import set_plan as set_plan
from dkbm.states import reminders
from dkbm.states.model import Municipality, StrategyCycle
from dkbm.store import hotpath, mapping
from dkbm.store import repository as repo
from dkbm.store.db import Tx, transaction
from dkbm.store.tables import DeadlineRow

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


def open_deadline(
    s: Tx, cycle: StrategyCycle, kind: str, ref: str, due_at: datetime, now: datetime
) -> Deadline:
    new_id = _insert(s, cycle.id, kind, ref, due_at, now)
    return Deadline(new_id, cycle.id or 0, kind, ref, due_at, 1)


def open_meeting_deadline(s: Tx, kind: str, ref: str, due_at: datetime, now: datetime) -> Deadline:
    """A deadline of a meeting or a task (no cycle): *ref* names it, e.g. "aufgabe:9"."""
    return Deadline(_insert(s, None, kind, ref, due_at, now), 0, kind, ref, due_at, 1)


def _insert(
    s: Tx, cycle_id: int | None, kind: str, ref: str, due_at: datetime, now: datetime
) -> int:
    values = {
        "cycle_id": cycle_id,
        "kind": kind,
        "ref": ref,
        "due_at": due_at,
        "revision": 1,
        "status": OPEN,
        "next_check_at": _next_check(s, kind, due_at, now),
    }
    return s.connection().execute(insert(_DEADLINE).returning(_DEADLINE.c.id), values).scalar_one()


def _next_check(s: Tx, kind: str, due_at: datetime, now: datetime) -> datetime:
    """When a deadline of *kind* due at *due_at* is next looked at by the sweep."""
    kommune = repo.municipality(s)
    return reminders.next_check(steps_for(kommune, plan_for(s, kommune.id, kind), due_at), now)


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
    s.connection().execute(
        update(_DEADLINE)
        .where(_DEADLINE.c.id == deadline.id)
        .values(
            due_at=due_at,
            revision=deadline.revision + 1,
            next_check_at=_next_check(s, deadline.kind, due_at, now),
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


@dataclass
class SweepReport:
    deadlines: int = 0
    queued: int = 0
    batches: int = 0
    kommunen: list[str] = field(default_factory=list)  # AGS served, when several take turns


def due_kommunen(now: datetime) -> list[turns.Kommune] | None:
    """The Kommunen with deadlines due for a check at *now* (None: one Kommune is served,
    `notifications.turns.with_work`)."""
    return turns.with_work(_DEADLINE, _DEADLINE.c.status == OPEN, _DEADLINE.c.next_check_at <= now)


def sweep_batch(
    now: datetime, batch_size: int = 500, kommune: int | str | None = None
) -> SweepReport:
    """One batch of the reminder sweep, in one transaction, serving *kommune* (an id or an
    AGS; None: the Kommune the caller serves).

    Everything the batch needs is read up front (its cycles, the plans, every Akteur
    who owes something), so the work per deadline is computing and rendering only.
    """
    with turns.serving(kommune):
        return _sweep_batch(now, batch_size)


def _sweep_batch(now: datetime, batch_size: int) -> SweepReport:
    with transaction() as s:
        rows = hotpath.due_deadlines(s, now, batch_size)
        if not rows:
            return SweepReport()
        kommune, own_plans = repo.municipality_with_plans(s)
        plans = plans_in(own_plans)
        cycles, measures = cycle_deadlines.views(s, rows)
        others = meeting_deadlines.debts(s, [r for r in rows if r.cycle_id is None])
        work: list[tuple[Deadline, tuple[reminders.Step, ...], list[int], Any]] = []
        coordinator: list[tuple[Deadline, tuple[reminders.Step, ...], str]] = []
        checks: list[tuple[datetime, int, int]] = []
        closing: list[Deadline] = []
        for row in rows:
            deadline = _deadline(row)
            debt = others.get(deadline.id) if row.cycle_id is None else None
            measure = cycle_deadlines.measure_of(measures, deadline)
            if row.cycle_id is None:
                owing = debt.owing if debt is not None else None
            else:
                owing = cycle_deadlines.owing(cycles[deadline.cycle_id], measure, deadline)
            if owing is None:
                closing.append(deadline)
                continue
            if deadline.kind not in plans:
                plans[deadline.kind] = plan_of(None, deadline.kind)
            due, next_at = due_and_next(
                kommune.bundesland, plans[deadline.kind], deadline.due_at, row.next_check_at, now
            )
            if due and owing:
                work.append((deadline, due, owing, measure))
            if due and debt is not None and debt.coordinator:
                coordinator.append((deadline, due, debt.subject))
            checks.append((next_at, deadline.id, deadline.revision))
        # a Maßnahme's owner came with the due rows; everyone else owing is read here
        people = {r.owner[0]: _target(r.owner) for r in rows if r.owner is not None}
        people.update(targets_by_id(s, {a for _, _, o, _ in work for a in o} - people.keys()))
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
                    [t for a in owing if (t := people.get(a)) is not None],
                    now,
                )
        contact = Target("contact", None, kommune.contact_name, kommune.contact_email, "de")
        for deadline, due, subject in coordinator:
            for step in due:
                if step.kind != "eskalation":
                    outbox += _reminders(s, kommune, None, subject, deadline, step, [contact], now)
        # The batch's first write: a deadline moved or closed while the batch was computed
        # keeps that change and gets no reminder from it; the ones moved here stay locked
        # (SQLite: under its write lock) until the commit, so no change slips in before it.
        queued = hotpath.move_and_write(s, checks, outbox)
        if queued is None:
            moved = hotpath.move_next_checks(s, checks)
            queued = repo.enqueue(s, [row for row in outbox if row["deadline_id"] in moved])
        close(s, closing)
    return SweepReport(deadlines=len(rows), queued=queued, batches=1)


def _target(owner: tuple[Any, ...]) -> Target | None:
    """A Maßnahme's owner as `messages.targets_by_id` makes her: none once deactivated."""
    actor_id, name, email, lang, delivery, status = owner
    if (status or "aktiv") != "aktiv":
        return None
    return Target("actor", actor_id, name, email, lang, delivery == "taeglich")


def sweep(now: datetime, batch_size: int = 500, max_batches: int = 10_000) -> SweepReport:
    """Sweep batches until no deadline is due; several Kommunen take turns, a batch each."""
    total = SweepReport()
    served: list[turns.Kommune] = []
    for kommune, report in turns.in_turn(
        due_kommunen(now),
        lambda k: sweep_batch(now, batch_size, k.id if k else None),
        lambda r: r.deadlines >= batch_size,  # a short batch took all that was due
        max_batches,
    ):
        if not report.deadlines:
            continue
        total.deadlines += report.deadlines
        total.queued += report.queued
        total.batches += 1
        if kommune is not None:
            served.append(kommune)
    total.kommunen = turns.labels(served)
    return total


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
        ask=Ask.of_deadline(deadline),
        **common,
    )


def _subject(view: CycleView | None, measure: Any, debt: Any) -> str:
    if view is None:
        return debt.subject if debt else ""
    return measure.title if measure is not None else ""
