"""How a Sitzung changes: one transaction of the meeting's new version, its audit event and
the messages it causes; and the checks several meeting use cases share.

Like `cycle_changes.change`: load, let `states.meeting` decide, write with an optimistic
version check, append the audit event, enqueue, commit together.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from dkbm.context import BERLIN
from dkbm.effects import Effects, audit
from dkbm.reminder_plans import holidays_of
from dkbm.states import meeting as rules
from dkbm.states.errors import NotFound, Reason, Refused
from dkbm.states.meeting import AgendaItem, Meeting
from dkbm.states.model import Board
from dkbm.states.reminders import SEND_AT
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import Tx, transaction


def invite_by(s: Tx, board: Board, starts_at: datetime) -> datetime:
    """The morning of the last day that keeps the board's Ladungsfrist."""
    return datetime.combine(latest_invitation(s, board, starts_at), SEND_AT, tzinfo=BERLIN)


def latest_invitation(s: Tx, board: Board, starts_at: datetime) -> date:
    """The last day a Ladung keeps the board's Ladungsfrist for a meeting at *starts_at*."""
    notice = rules.NoticeRule(board.notice_days, board.notice_working_days)
    return rules.latest_invitation(starts_at, notice, _holidays_around(s, starts_at))


def _holidays_around(s: Tx, starts_at: datetime) -> Any:
    kommune = repo.municipality(s)
    year = starts_at.astimezone(BERLIN).year
    return holidays_of(kommune.bundesland, year - 1, year + 1)


def upcoming(m: Meeting, what: str) -> None:
    """Refuse *what* unless the meeting is still to come (planned or invited)."""
    if m.state not in rules.UPCOMING:
        raise Refused(what, Reason("reason_meeting_state", state=m.state))


def agenda_item(m: Meeting, number: int) -> AgendaItem:
    item = m.item(number)
    if item is None:
        raise NotFound("agenda_item", number)
    return item


def check_member(s: Tx, board: Board, actor_id: int) -> None:
    """Refuse unless the Akteur belongs to the board (NotFound if there is no such Akteur)."""
    if not any(x.actor_id == actor_id for x in board.members):
        repo.actor(s, actor_id)
        raise Refused("sitzung", Reason("reason_not_a_member", actor=actor_id, board=board.name))


def change(
    meeting_id: int,
    by: str,
    now: datetime,
    decide: Callable[[Tx, Meeting, Board], Effects],
    cause: str | None = None,
) -> Meeting:
    """One change of a meeting; with *cause* ("web:<submission>") at most once: a repeat
    finds its audit entry and changes nothing."""
    with transaction() as s:
        m = store.meeting(s, meeting_id)
        if cause is not None and repo.audit_by_source(s, "sitzung", meeting_id, cause):
            return m
        board = repo.board(s, m.board_id)
        source, expected = m.state, m.version
        fx = decide(s, m, board)
        m.version = expected + 1
        store.update_meeting(s, m, expected, invite_by(s, board, m.starts_at), now)
        audit(s, "sitzung", m, now, by, fx, source, cause)
        repo.enqueue(s, fx.outbox)
    return m
