"""Aufgaben from a Sitzung's TOPs: each with an owner and a deadline that the reminder sweep
follows until it is done. The owner is told at once, with her personal link to report it
done; the reminders carry the same link.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dkbm import deadlines, meeting_messages, superseded
from dkbm.context import BERLIN
from dkbm.effects import Effects
from dkbm.meeting_changes import agenda_item, change
from dkbm.states import meeting as rules
from dkbm.states.errors import InvalidValue, Reason, Refused
from dkbm.states.meeting import Meeting
from dkbm.states.model import Board
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import Tx, transaction


def add_task(
    meeting_id: int,
    number: int,
    *,
    title: str,
    owner_id: int,
    due_at: datetime,
    by: str,
    now: datetime,
) -> int:
    """Aufgabe from a TOP, with an owner and a deadline that the reminder sweep follows; the
    owner gets its notice."""
    if not title.strip():
        raise InvalidValue("titel", title, "Text")
    if due_at <= now:
        raise Refused("aufgabe", Reason("reason_deadline_past", deadline=_day(due_at)))
    created: list[int] = []

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        if m.state not in (rules.HELD, rules.DRAFT, rules.APPROVED):
            raise Refused("aufgabe", Reason("reason_meeting_not_held", state=m.state))
        agenda_item(m, number)
        owner = repo.actor(s, owner_id)
        if not owner.active:
            raise Refused("aufgabe", Reason("reason_actor_inactive", id=owner_id))
        task_id = store.insert_task(
            s,
            meeting_id=m.id,
            item=number,
            title=title.strip(),
            owner_id=owner_id,
            due_at=due_at,
            status="offen",
            note="",
        )
        d = deadlines.open_meeting_deadline(s, "aufgabe", f"aufgabe:{task_id}", due_at, now)
        store.update_task(s, task_id, deadline_id=d.id)
        created.append(task_id)
        notice = meeting_messages.task_notice(
            s, m, board, d, number=number, title=title.strip(), owner_id=owner_id, now=now
        )
        return Effects(
            "aufgabe",
            payload={"aufgabe": task_id, "top": number, "akteur": owner_id},
            outbox=notice,
        )

    change(meeting_id, by, now, decide)
    return created[0]


def complete_task(
    task_id: int, *, note: str = "", by: str, now: datetime, source: str | None = None
) -> Any:
    """Erledigt: the owner's reminders stop. *source* ("web:<submission>") makes a resent
    form count once."""
    with transaction() as s:
        row = store.task(s, task_id)
        if source is not None and repo.audit_by_source(s, "aufgabe", task_id, source):
            return row
        if row.status == "erledigt":
            raise Refused("erledigt", Reason("reason_task_done", id=task_id))
        store.update_task(s, task_id, status="erledigt", done_at=now, note=note.strip())
        deadlines.close(s, deadlines.open_meeting_deadlines(s, f"aufgabe:{task_id}"))
        _audit(s, row, now, by, "erledigt", "erledigt", note.strip(), {}, source)
        return store.task(s, task_id)


def move_task_deadline(task_id: int, due_at: datetime, *, by: str, now: datetime) -> Any:
    """A new deadline for an open Aufgabe: its reminders follow the new date (queued ones
    for the old date are withdrawn)."""
    if due_at <= now:
        raise Refused("frist", Reason("reason_deadline_past", deadline=_day(due_at)))
    with transaction() as s:
        row = store.task(s, task_id)
        if row.status == "erledigt":
            raise Refused("frist", Reason("reason_task_done", id=task_id))
        old = row.due_at
        store.update_task(s, task_id, due_at=due_at)
        m = store.meeting(s, row.meeting_id)
        board = repo.board(s, m.board_id)
        for d in deadlines.open_meeting_deadlines(s, f"aufgabe:{task_id}"):
            repo.enqueue(s, _tell_owner(s, m, board, row, deadlines.move(s, d, due_at, now), now))
        moved = {"von": str(old), "bis": due_at.isoformat()}
        _audit(s, row, now, by, "frist", row.status, "", moved)
        return store.task(s, task_id)


def _tell_owner(
    s: Tx, m: Meeting, board: Board, row: Any, moved: Any, now: datetime
) -> list[dict[str, Any]]:
    """The owner learns the new date: a notice of the Aufgabe still unsent is replaced by
    one with the new date, else she is told of the change; an unsent earlier change goes."""
    owner = {"number": row.item, "title": row.title, "owner_id": row.owner_id, "now": now}
    superseded.withdraw(
        s, [moved.id], "superseded_new_deadline", kinds=("aufgabe_frist_geaendert",)
    )
    unsent = superseded.withdraw(
        s, [moved.id], "superseded_new_deadline", kinds=("aufgabe_mitteilung",)
    )
    if row.owner_id in unsent:
        return meeting_messages.task_notice(s, m, board, moved, **owner)
    return meeting_messages.task_deadline_notice(s, m, board, moved, **owner)


def _audit(
    s: Tx,
    row: Any,
    now: datetime,
    by: str,
    action: str,
    to_state: str,
    reason: str,
    payload: dict[str, Any],
    source: str | None = None,
) -> None:
    """The audit entry of a change of an Aufgabe (its row carries no version: always 1)."""
    repo.append_audit(
        s,
        subject="aufgabe",
        subject_id=row.id,
        version=1,
        at=now,
        by=by,
        action=action,
        trigger=None,
        from_state=row.status,
        to_state=to_state,
        reason=reason,
        payload={"sitzung": row.meeting_id, **payload},
        source=source,
    )


def _day(moment: datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y")
