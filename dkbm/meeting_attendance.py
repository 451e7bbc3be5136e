"""Who comes to a Sitzung: members' replies (Zusage, Absage, Vertretung) before it, and the
Anwesenheit by name from the minutes after it began.

Each use case is one change of the meeting (`meeting_changes.change`).
"""

from __future__ import annotations

from datetime import datetime

from dkbm import meeting_messages
from dkbm.effects import Effects
from dkbm.meeting_changes import change, check_member, upcoming
from dkbm.states import meeting as rules
from dkbm.states.errors import InvalidValue, Reason, Refused
from dkbm.states.meeting import Attendance, Meeting
from dkbm.states.model import Board, MemberRole
from dkbm.store import repository as repo
from dkbm.store.db import Tx


def reply(
    meeting_id: int,
    actor_id: int,
    answer: str,
    *,
    deputy_id: int | None = None,
    by: str,
    now: datetime,
    source: str | None = None,
) -> Meeting:
    """Zusage, Absage or Vertretung (by the linked Stellvertretung, or the one named); once
    the Ladung is out, the Stellvertretung gets a Ladung of her own with her own link.
    *source* ("web:<submission>") makes a resent form count once."""
    if answer not in rules.REPLIES:
        raise InvalidValue("antwort", answer, ", ".join(rules.REPLIES))

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        upcoming(m, "antworten")
        check_member(s, board, actor_id)
        a = m.attendance.setdefault(actor_id, Attendance(actor_id))
        a.reply, a.deputy_id = answer, None
        effects = Effects("antwort", payload={"akteur": actor_id, "antwort": answer})
        if answer == "vertretung":
            a.deputy_id = _deputy(s, board, actor_id, deputy_id)
            if m.state == rules.INVITED:
                effects.outbox = meeting_messages.deputy_invitation(
                    s, m, board, a.deputy_id, actor_id, now
                )
        return effects

    return change(meeting_id, by, now, decide, cause=source)


def record_attendance(
    meeting_id: int,
    *,
    present: list[int],
    excused: list[int],
    absent: list[int],
    represented: list[int],
    by: str,
    now: datetime,
) -> Meeting:
    """Anwesenheit by name, from the minutes; a represented member's seat is filled by her
    Stellvertretung (the one from her reply, else the linked one)."""
    named = [*present, *excused, *absent, *represented]
    if len(named) != len(set(named)):
        twice = next(a for a in named if named.count(a) > 1)
        raise Refused("anwesenheit", Reason("reason_attendance_twice", actor=twice))

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        if m.state not in (rules.INVITED, rules.HELD):
            raise Refused("anwesenheit", Reason("reason_meeting_state", state=m.state))
        if now < m.starts_at:
            raise Refused("anwesenheit", Reason("reason_meeting_not_begun"))
        for actor_id in named:
            check_member(s, board, actor_id)
        for presence, ids in (
            ("anwesend", present),
            ("entschuldigt", excused),
            ("abwesend", absent),
            ("vertreten", represented),
        ):
            for actor_id in ids:
                a = m.attendance.setdefault(actor_id, Attendance(actor_id))
                a.presence = presence
                if presence == "vertreten":
                    a.deputy_id = a.deputy_id or _deputy(s, board, actor_id, None)
        seats = rules.voting_seats(board, m)
        return Effects("anwesenheit", payload={"sitze": seats, "erfasst": len(named)})

    return change(meeting_id, by, now, decide)


def _deputy(s: Tx, board: Board, actor_id: int, named: int | None) -> int:
    if named is not None:
        ok = any(
            x.actor_id == named and x.role is MemberRole.STELLVERTRETUNG for x in board.members
        )
        if not ok:
            repo.actor(s, named)
            raise Refused("vertretung", Reason("reason_not_a_deputy", actor=named))
        return named
    linked = rules.deputy_of(board, actor_id)
    if linked is None:
        raise Refused("vertretung", Reason("reason_no_linked_deputy", actor=actor_id))
    return linked
