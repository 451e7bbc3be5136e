"""Reads and writes of Sitzungen and Aufgaben (Core statements, one row per meeting)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from dkbm.states.errors import DkbmError, NotFound
from dkbm.states.meeting import AgendaItem, Attendance, Meeting, TopVote
from dkbm.store.db import Tx
from dkbm.store.mapping import aware
from dkbm.store.tables import MeetingRow, TaskRow

_MEETING = MeetingRow.__table__  # type: ignore[attr-defined]
_TASK = TaskRow.__table__  # type: ignore[attr-defined]


def _document(m: Meeting) -> dict[str, Any]:
    return {
        "items": [
            {**vars(i), "vote": vars(i.vote) if i.vote is not None else None} for i in m.items
        ],
        "attendance": [vars(a) for a in m.attendance.values()],
    }


def _columns(m: Meeting, invite_by: datetime, now: datetime) -> dict[str, Any]:
    return {
        "board_id": m.board_id,
        "state": m.state,
        "version": m.version,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "invite_by": invite_by,
        "place": m.place,
        "video": m.video,
        "public": m.public,
        "sequence": m.sequence,
        "invited_at": m.invited_at,
        "urgency": m.urgency,
        "cancel_reason": m.cancel_reason,
        "minutes": m.minutes,
        "approved_in": m.approved_in,
        "content": _document(m),
        "updated_at": now,
    }


def meeting_from(row: Any) -> Meeting:
    doc = row.content or {}
    items = [
        AgendaItem(**{**i, "vote": TopVote(**i["vote"]) if i.get("vote") else None})
        for i in doc.get("items", [])
    ]
    attendance = {a["actor_id"]: Attendance(**a) for a in doc.get("attendance", [])}
    return Meeting(
        id=row.id,
        board_id=row.board_id,
        starts_at=aware(row.starts_at),
        ends_at=aware(row.ends_at) if row.ends_at else None,
        place=row.place,
        video=row.video,
        public=bool(row.public),
        state=row.state,
        version=row.version,
        sequence=row.sequence,
        invited_at=aware(row.invited_at) if row.invited_at else None,
        urgency=row.urgency,
        cancel_reason=row.cancel_reason,
        minutes=row.minutes or "",
        approved_in=row.approved_in,
        items=items,
        attendance=attendance,
    )


def insert_meeting(s: Tx, m: Meeting, invite_by: datetime, now: datetime) -> Meeting:
    m.version = 1
    m.id = (
        s.connection()
        .execute(insert(_MEETING).returning(_MEETING.c.id), _columns(m, invite_by, now))
        .scalar_one()
    )
    return m


def meeting(s: Tx, meeting_id: int) -> Meeting:
    return meeting_from(meeting_row(s, meeting_id))


def meeting_row(s: Tx, meeting_id: int) -> Any:
    """The stored row (with columns the domain object leaves out, like `invite_by`)."""
    row = s.connection().execute(select(_MEETING).where(_MEETING.c.id == meeting_id)).first()
    if row is None:
        raise NotFound("meeting", meeting_id)
    return row


def update_meeting(s: Tx, m: Meeting, expected: int, invite_by: datetime, now: datetime) -> None:
    """Write *m* if nobody changed it since version *expected*."""
    changed = (
        s.connection()
        .execute(
            update(_MEETING)
            .where(_MEETING.c.id == m.id, _MEETING.c.version == expected)
            .values(**_columns(m, invite_by, now))
        )
        .rowcount
    )
    if changed != 1:
        raise DkbmError("conflict_meeting", id=m.id)


def meeting_rows(
    s: Tx,
    board_id: int | None = None,
    states: tuple[str, ...] | None = None,
    since: datetime | None = None,
) -> list[Any]:
    query = select(_MEETING).order_by(_MEETING.c.starts_at, _MEETING.c.id)
    if board_id is not None:
        query = query.where(_MEETING.c.board_id == board_id)
    if states is not None:
        query = query.where(_MEETING.c.state.in_(states))
    if since is not None:
        query = query.where(_MEETING.c.starts_at >= since)
    return list(s.connection().execute(query))


def set_invite_by(s: Tx, meeting_id: int, invite_by: datetime) -> None:
    s.connection().execute(
        update(_MEETING).where(_MEETING.c.id == meeting_id).values(invite_by=invite_by)
    )


def due_invitations(s: Tx, now: datetime) -> list[int]:
    """Planned meetings whose Ladung is due now (and that still lie ahead)."""
    query = select(_MEETING.c.id).where(
        _MEETING.c.state == "geplant",
        _MEETING.c.invite_by <= now,
        _MEETING.c.starts_at > now,
    )
    return [r.id for r in s.connection().execute(query.order_by(_MEETING.c.id))]


def insert_task(s: Tx, **fields: Any) -> int:
    return s.connection().execute(insert(_TASK).returning(_TASK.c.id), fields).scalar_one()


def task(s: Tx, task_id: int) -> Any:
    row = s.connection().execute(select(_TASK).where(_TASK.c.id == task_id)).first()
    if row is None:
        raise NotFound("task", task_id)
    return row


def update_task(s: Tx, task_id: int, **values: Any) -> None:
    s.connection().execute(update(_TASK).where(_TASK.c.id == task_id).values(**values))


def task_rows(
    s: Tx,
    *,
    owner_id: int | None = None,
    status: str | None = None,
    meeting_id: int | None = None,
    ids: list[int] | None = None,
) -> list[Any]:
    query = select(_TASK).order_by(_TASK.c.due_at, _TASK.c.id)
    if owner_id is not None:
        query = query.where(_TASK.c.owner_id == owner_id)
    if status is not None:
        query = query.where(_TASK.c.status == status)
    if meeting_id is not None:
        query = query.where(_TASK.c.meeting_id == meeting_id)
    if ids is not None:
        query = query.where(_TASK.c.id.in_(ids))
    return list(s.connection().execute(query))
