"""Use cases on Sitzungen: the Ladungsfrist, planning a meeting, its Ladung (also when its
day has come), moving, cancelling and holding it.

Each is one transaction of the meeting's new version, its audit event and the messages it
causes (`meeting_changes`). The agenda is in `meeting_agenda`, replies and Anwesenheit in
`meeting_attendance`, votes in `meeting_votes`, the Protokoll in `meeting_minutes`, Aufgaben
in `meeting_tasks`.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from dkbm import deadlines, meeting_messages, member_links, network, superseded
from dkbm.context import BERLIN
from dkbm.effects import Effects, audit

# Imported `as` themselves: the CLI calls them as `meetings.<name>`.
from dkbm.meeting_agenda import add_item as add_item
from dkbm.meeting_agenda import edit_item as edit_item
from dkbm.meeting_agenda import move_item as move_item
from dkbm.meeting_agenda import remove_item as remove_item
from dkbm.meeting_attendance import record_attendance as record_attendance
from dkbm.meeting_attendance import reply as reply
from dkbm.meeting_changes import change, invite_by, latest_invitation, upcoming
from dkbm.meeting_minutes import draft_minutes as draft_minutes
from dkbm.meeting_minutes import edit_minutes as edit_minutes
from dkbm.meeting_minutes import send_minutes as send_minutes
from dkbm.meeting_tasks import add_task as add_task
from dkbm.meeting_tasks import complete_task as complete_task
from dkbm.meeting_tasks import move_task_deadline as move_task_deadline
from dkbm.meeting_votes import set_conflict as set_conflict
from dkbm.meeting_votes import vote as vote
from dkbm.states import links
from dkbm.states import meeting as rules
from dkbm.states.errors import NotFound, Reason, Refused
from dkbm.states.meeting import AgendaItem, Meeting
from dkbm.states.model import Board
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import Tx, session, transaction
from dkbm.store.tables import BoardRow

DEFAULT_LENGTH = timedelta(hours=2)
PROTOCOL_DAYS = 14  # the Protokoll is due this many days after the meeting


def refresh_invitation_days(s: Tx, board: Board) -> None:
    """After a change of the Ladungsfrist: the last invitation day of each planned meeting."""
    for row in store.meeting_rows(s, board.id, (rules.PLANNED,)):
        store.set_invite_by(s, row.id, invite_by(s, board, store.meeting_from(row).starts_at))


def set_notice(board_id: int, days: int, working_days: bool, *, by: str, now: datetime) -> Board:
    """Change a board's Ladungsfrist; its planned meetings get their last invitation day anew."""
    network.check_notice(days)
    with session() as s:
        row = s.get(BoardRow, board_id)
        if row is None:
            raise NotFound("board", board_id)
        old = (row.notice_days, row.notice_working_days)
        row.notice_days, row.notice_working_days = days, working_days
        s.flush()
        repo.append_audit(
            s,
            subject="gremium",
            subject_id=board_id,
            version=1,
            at=now,
            by=by,
            action="ladungsfrist",
            payload={"von": list(old), "bis": [days, working_days]},
        )
        board = repo.board(s, board_id)
        refresh_invitation_days(s, board)
        return board


def plan(
    *,
    board_id: int,
    starts_at: datetime,
    ends_at: datetime | None,
    place: str,
    video: str,
    public: bool,
    by: str,
    now: datetime,
) -> Meeting:
    """A new meeting; the approval of each previous meeting's Protokoll that is still open
    becomes its first TOPs."""
    if starts_at <= now:
        raise Refused("planen", Reason("reason_meeting_date_past"))
    _check_times(starts_at, ends_at)
    if not place.strip() and not video.strip():
        raise Refused("planen", Reason("reason_meeting_no_place"))
    if video.strip():
        video = links.checked("--video", video)
    with transaction() as s:
        board = repo.board(s, board_id)
        m = Meeting(
            id=None,
            board_id=board_id,
            starts_at=starts_at,
            ends_at=ends_at or starts_at + DEFAULT_LENGTH,
            place=place.strip(),
            video=video.strip(),
            public=public,
        )
        for row in store.meeting_rows(s, board_id, (rules.HELD, rules.DRAFT)):
            if row.starts_at < starts_at:
                day = row.starts_at.astimezone(BERLIN).strftime("%d.%m.%Y")
                title = f"Genehmigung des Protokolls der Sitzung vom {day}"
                m.items.append(AgendaItem(len(m.items) + 1, title, minutes_of=row.id))
        store.insert_meeting(s, m, invite_by(s, board, starts_at), now)
        audit(s, "sitzung", m, now, by, Effects("geplant", payload={"gremium": board.name}), None)
    return m


def late_notice(meeting: Meeting, now: datetime) -> Reason | None:
    """A warning, not a refusal: the meeting is planned so late that its Ladungsfrist has
    already passed, so its Ladung will need a reason (--dringlich) or another date."""
    with transaction() as s:
        board = repo.board(s, meeting.board_id)
        latest = latest_invitation(s, board, meeting.starts_at)
    if rules.notice_kept(now, latest):
        return None
    return Reason("warn_meeting_notice_passed", latest=latest, period=_period(board))


def _check_times(starts_at: datetime, ends_at: datetime | None) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise Refused("planen", Reason("reason_meeting_ends_before"))


def invite(meeting_id: int, *, urgency: str = "", by: str, now: datetime) -> Meeting:
    """Send the Ladung with the agenda and a calendar entry; refused when it is too late for
    the Ladungsfrist, unless *urgency* says why it cannot wait (kept with the meeting)."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        latest = latest_invitation(s, board, m.starts_at)
        late = not rules.notice_kept(now, latest)
        rules.fire(m, "einladen", now=now, latest=latest, period=_period(board), urgency=urgency)
        m.invited_at = now
        m.urgency = urgency.strip() if late else ""
        deadlines.open_meeting_deadline(s, "sitzung", f"sitzung:{m.id}", m.starts_at, now)
        return Effects(
            "uebergang",
            "einladen",
            reason=m.urgency,
            payload={"dringlich": late},
            outbox=meeting_messages.invitation(s, m, board, now),
        )

    return change(meeting_id, by, now, decide)


def move(
    meeting_id: int,
    *,
    starts_at: datetime,
    ends_at: datetime | None,
    place: str | None,
    video: str | None,
    urgency: str = "",
    by: str,
    now: datetime,
) -> Meeting:
    """Verlegen: a new time (and place); after the Ladung it must again keep the Ladungsfrist
    (or say why not), and members get the changed calendar entry with new personal links;
    the old ones are revoked, so a link only ever answers for the date its message named."""
    if starts_at <= now:
        raise Refused("verschieben", Reason("reason_meeting_date_past"))
    _check_times(starts_at, ends_at)
    if video is not None and video.strip():
        video = links.checked("--video", video)

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        upcoming(m, "verschieben")
        old, old_end, old_place = m.starts_at, m.ends_at, m.place
        length = (m.ends_at or old + DEFAULT_LENGTH) - old
        m.starts_at, m.ends_at = starts_at, ends_at or starts_at + length
        if place is not None:
            m.place = place.strip()
        if video is not None:
            m.video = video.strip()
        effects = Effects(
            "verschoben", payload={"von": old.isoformat(), "bis": starts_at.isoformat()}
        )
        if m.state == rules.INVITED:
            latest = latest_invitation(s, board, starts_at)
            if not rules.notice_kept(now, latest):
                if not urgency.strip():
                    raise Refused(
                        "verschieben",
                        Reason("reason_meeting_notice", latest=latest, period=_period(board)),
                    )
                m.urgency = effects.reason = urgency.strip()
            m.sequence += 1
            for d in deadlines.open_meeting_deadlines(s, f"sitzung:{m.id}"):
                deadlines.move(s, d, starts_at, now)
            member_links.revoke_meeting(s, m.id or 0, now, "verschoben")
            said = meeting_messages.date_change(old, old_end, old_place, m)
            effects.outbox = meeting_messages.renewed(s, m, board, now, said)
            effects.payload = {**effects.payload, **meeting_messages.announced(m, said)}
        return effects

    return change(meeting_id, by, now, decide)


def cancel(meeting_id: int, *, reason: str, by: str, now: datetime) -> Meeting:
    """Absagen: who was invited gets the cancellation (METHOD:CANCEL); what is still queued
    about the meeting is withdrawn, and its personal links are revoked."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        was_invited = m.state == rules.INVITED
        rules.fire(m, "absagen", reason=reason)
        m.cancel_reason = reason.strip()
        open_ = deadlines.open_meeting_deadlines(s, f"sitzung:{m.id}")
        superseded.withdraw(s, [d.id for d in open_], "superseded_meeting_cancelled")
        deadlines.close(s, open_)
        member_links.revoke_meeting(s, m.id or 0, now, "abgesagt")
        effects = Effects("uebergang", "absagen", reason=m.cancel_reason)
        if was_invited:
            superseded.withdraw_meeting(s, m.id or 0, "superseded_meeting_cancelled")
            told = superseded.meeting_received(s, m.id or 0)
            m.sequence += 1
            effects.outbox = [
                row
                for row in meeting_messages.cancelled(s, m, board, now)
                if row["recipient_id"] in told
            ]
        return effects

    return change(meeting_id, by, now, decide)


def hold(meeting_id: int, *, by: str, now: datetime) -> Meeting:
    """The meeting took place: its votes can be recorded, and the Protokoll falls due."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        rules.fire(m, "durchfuehren", now=now)
        for d in deadlines.open_meeting_deadlines(s, f"sitzung:{m.id}"):
            deadlines.close(s, [d])
        due = datetime.combine(
            (m.starts_at + timedelta(days=PROTOCOL_DAYS)).astimezone(BERLIN).date(),
            time(23, 59),
            tzinfo=BERLIN,
        )
        deadlines.open_meeting_deadline(s, "protokoll", f"protokoll:{m.id}", due, now)
        return Effects("uebergang", "durchfuehren")

    return change(meeting_id, by, now, decide)


def send_due_invitations(now: datetime, by: str = "erinnerungen") -> list[int]:
    """The Ladung of every planned meeting whose last day for it has come; a meeting that
    cannot be invited (no agenda yet) is left to the coordinator's reminders."""
    with transaction() as s:
        due = store.due_invitations(s, now)
    sent = []
    for meeting_id in due:
        try:
            invite(meeting_id, by=by, now=now)
        except Refused:
            continue
        sent.append(meeting_id)
    return sent


def _period(board: Board) -> Reason:
    return rules.notice_period(rules.NoticeRule(board.notice_days, board.notice_working_days))
