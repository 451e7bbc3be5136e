"""Use cases on Sitzungen. Each is one transaction: the meeting's new version, its audit
event, the messages it causes, and (for a cycle's TOP) the cycle's decision.

Like `dkbm.cycles._change`: load, let `states.meeting` decide, write with an optimistic
version check, append the audit event, enqueue, commit together.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from dkbm import cycles, deadlines, meeting_messages, network, superseded
from dkbm.context import BERLIN
from dkbm.cycles import Effects
from dkbm.states import meeting as rules
from dkbm.states.errors import InputError, InvalidValue, NotFound, Reason, Refused
from dkbm.states.i18n import t
from dkbm.states.meeting import AgendaItem, Attendance, Meeting
from dkbm.states.model import Board, MemberRole, Vote
from dkbm.states.reminders import SEND_AT
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import Tx, session, transaction
from dkbm.store.tables import BoardRow

DEFAULT_LENGTH = timedelta(hours=2)
PROTOCOL_DAYS = 14  # the Protokoll is due this many days after the meeting


def _invite_by(s: Tx, board: Board, starts_at: datetime) -> datetime:
    """The morning of the last day that keeps the board's Ladungsfrist."""
    latest = rules.latest_invitation(starts_at, _notice(board), _holidays(s, starts_at))
    return datetime.combine(latest, SEND_AT, tzinfo=BERLIN)


def _notice(board: Board) -> rules.NoticeRule:
    return rules.NoticeRule(board.notice_days, board.notice_working_days)


def _holidays(s: Tx, starts_at: datetime) -> Any:
    kommune = repo.municipality(s)
    year = starts_at.astimezone(BERLIN).year
    return deadlines.holidays_of(kommune.bundesland, year - 1, year + 1)


def refresh_invitation_days(s: Tx, board: Board) -> None:
    """After a change of the Ladungsfrist: the last invitation day of each planned meeting."""
    for row in store.meeting_rows(s, board.id, (rules.PLANNED,)):
        store.set_invite_by(s, row.id, _invite_by(s, board, store.meeting_from(row).starts_at))


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
        store.insert_meeting(s, m, _invite_by(s, board, starts_at), now)
        _audit(s, m, now, by, Effects("geplant", payload={"gremium": board.name}), None)
    return m


def _check_times(starts_at: datetime, ends_at: datetime | None) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise Refused("planen", Reason("reason_meeting_ends_before"))


def add_item(
    meeting_id: int,
    *,
    title: str,
    public: bool,
    documents: list[str],
    cycle_id: int | None,
    by: str,
    now: datetime,
) -> Meeting:
    """A TOP; on a cycle it carries that stage's vote. After the Ladung, members get the
    amended agenda (the calendar entry's SEQUENCE rises)."""
    if not title.strip() and cycle_id is None:
        raise InvalidValue("titel", title, "Text")

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        _upcoming(m, "top")
        item = AgendaItem(
            max((i.number for i in m.items), default=0) + 1,
            title.strip(),
            public=public,
            documents=[d.strip() for d in documents if d.strip()],
        )
        if cycle_id is not None:
            c = repo.cycle(s, cycle_id)
            if c.board_id != m.board_id:
                raise Refused("top", Reason("reason_cycle_other_board", id=cycle_id))
            if not c.state.endswith("_abstimmung"):
                raise Refused("top", Reason("reason_not_in_vote", state=c.state))
            item.cycle_id, item.stage = cycle_id, c.stage
            item.title = item.title or c.title
        m.items.append(item)
        effects = Effects("top", payload={"top": item.number, "zyklus": cycle_id})
        if m.state == rules.INVITED:
            m.sequence += 1
            superseded.withdraw_meeting(s, m.id or 0, "superseded_meeting_changed")
            effects.outbox = meeting_messages.changed(s, m, board, now, "tagesordnung")
        return effects

    return _change(meeting_id, by, now, decide)


def invite(meeting_id: int, *, urgency: str = "", by: str, now: datetime) -> Meeting:
    """Send the Ladung with the agenda and a calendar entry; refused when it is too late for
    the Ladungsfrist, unless *urgency* says why it cannot wait (kept with the meeting)."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        latest = rules.latest_invitation(m.starts_at, _notice(board), _holidays(s, m.starts_at))
        late = not rules.notice_kept(now, latest)
        rules.fire(m, "einladen", now=now, latest=latest, days=board.notice_days, urgency=urgency)
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

    return _change(meeting_id, by, now, decide)


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
    (or say why not), and members get the changed calendar entry."""
    if starts_at <= now:
        raise Refused("verschieben", Reason("reason_meeting_date_past"))
    _check_times(starts_at, ends_at)

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        _upcoming(m, "verschieben")
        old = m.starts_at
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
            latest = rules.latest_invitation(starts_at, _notice(board), _holidays(s, starts_at))
            if not rules.notice_kept(now, latest):
                if not urgency.strip():
                    raise Refused(
                        "verschieben",
                        Reason(
                            "reason_meeting_notice",
                            latest=latest.strftime("%d.%m.%Y"),
                            days=board.notice_days,
                        ),
                    )
                m.urgency = effects.reason = urgency.strip()
            m.sequence += 1
            for d in deadlines.open_meeting_deadlines(s, f"sitzung:{m.id}"):
                deadlines.move(s, d, starts_at, now)
            superseded.withdraw_meeting(s, m.id or 0, "superseded_meeting_changed")
            effects.outbox = meeting_messages.changed(s, m, board, now, "termin")
        return effects

    return _change(meeting_id, by, now, decide)


def cancel(meeting_id: int, *, reason: str, by: str, now: datetime) -> Meeting:
    """Absagen: who was invited gets the cancellation (METHOD:CANCEL); what is still queued
    about the meeting is withdrawn."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        was_invited = m.state == rules.INVITED
        rules.fire(m, "absagen", reason=reason)
        m.cancel_reason = reason.strip()
        open_ = deadlines.open_meeting_deadlines(s, f"sitzung:{m.id}")
        superseded.withdraw(s, [d.id for d in open_], "superseded_meeting_cancelled")
        deadlines.close(s, open_)
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

    return _change(meeting_id, by, now, decide)


def reply(
    meeting_id: int,
    actor_id: int,
    answer: str,
    *,
    deputy_id: int | None = None,
    by: str,
    now: datetime,
) -> Meeting:
    """Zusage, Absage or Vertretung (by the linked Stellvertretung, or the one named)."""
    if answer not in rules.REPLIES:
        raise InvalidValue("antwort", answer, ", ".join(rules.REPLIES))

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        _upcoming(m, "antworten")
        _member(s, board, actor_id)
        a = m.attendance.setdefault(actor_id, Attendance(actor_id))
        a.reply, a.deputy_id = answer, None
        if answer == "vertretung":
            a.deputy_id = _deputy(s, board, actor_id, deputy_id)
        return Effects("antwort", payload={"akteur": actor_id, "antwort": answer})

    return _change(meeting_id, by, now, decide)


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
            _member(s, board, actor_id)
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

    return _change(meeting_id, by, now, decide)


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

    return _change(meeting_id, by, now, decide)


def set_conflict(
    meeting_id: int, number: int, actor_id: int, *, remove: bool = False, by: str, now: datetime
) -> Meeting:
    """Befangen: the member takes no part in this TOP's vote (and her seat is not counted)."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        item = _item(m, number)
        _member(s, board, actor_id)
        if item.vote is not None:
            raise Refused("befangen", Reason("reason_item_voted", top=number))
        if remove:
            item.conflicted = [a for a in item.conflicted if a != actor_id]
        elif actor_id not in item.conflicted:
            item.conflicted.append(actor_id)
        return Effects("befangen", payload={"top": number, "akteur": actor_id, "weg": remove})

    return _change(meeting_id, by, now, decide)


def vote(
    meeting_id: int,
    number: int,
    *,
    yes: int = 0,
    no: int = 0,
    abstain: int = 0,
    unanimous: bool = False,
    discussion: str = "",
    by: str,
    now: datetime,
) -> Meeting:
    """The vote on a TOP. On a cycle's TOP it decides the stage (or sends it back, with the
    discussion as the reason) at the meeting's date; on the approval of a Protokoll it
    approves that meeting's minutes. All in this one transaction."""
    for name, value in (("ja", yes), ("nein", no), ("enthaltung", abstain)):
        if value < 0:
            raise InvalidValue(name, value, ">= 0")
    if unanimous and (yes or no or abstain):
        raise InputError("vote_unanimous_conflict")

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        if m.state != rules.HELD:
            raise Refused("abstimmen", Reason("reason_meeting_not_held", state=m.state))
        item = _item(m, number)
        if item.vote is not None:
            raise Refused("abstimmen", Reason("reason_item_voted", top=number))
        if not any(a.presence for a in m.attendance.values()):
            raise Refused("abstimmen", Reason("reason_attendance_missing"))
        result = rules.top_vote(
            board, m, item, yes=yes, no=no, abstain=abstain, unanimous=unanimous
        )
        item.vote, item.discussion = result, discussion.strip() or item.discussion
        if item.cycle_id is not None and result.outcome != rules.NOT_QUORATE:
            _decide_cycle(s, m, board, item, result, by)
        if item.minutes_of is not None and result.outcome == rules.ACCEPTED:
            _approve_minutes(s, item.minutes_of, m, by, now)
        return Effects(
            "abstimmung", payload={"top": number, "ergebnis": result.outcome, **vars(result)}
        )

    return _change(meeting_id, by, now, decide)


def _decide_cycle(
    s: Tx, m: Meeting, board: Board, item: AgendaItem, result: rules.TopVote, by: str
) -> None:
    assert item.cycle_id is not None and item.stage is not None and m.id is not None
    cycles.decide_in_meeting(
        s,
        item.cycle_id,
        stage=item.stage,
        vote=Vote(
            stage=item.stage,
            present=result.seats,
            yes=result.yes,
            no=result.no,
            abstain=result.abstain,
            voting_members=board.voting_members,
            quorum_needed=result.quorum_needed or 0,
        ),
        reason=item.discussion,
        meeting=m.id,
        by=by,
        at=m.starts_at,
        source=f"sitzung:{m.id}:top:{item.number}",
    )


def _approve_minutes(s: Tx, earlier_id: int, m: Meeting, by: str, now: datetime) -> None:
    earlier = store.meeting(s, earlier_id)
    if earlier.state != rules.DRAFT:
        raise Refused("abstimmen", Reason("reason_minutes_not_drafted", id=earlier_id))
    expected = earlier.version
    rules.fire(earlier, "protokoll_genehmigen")
    earlier.approved_in, earlier.version = m.id, expected + 1
    board = repo.board(s, earlier.board_id)
    store.update_meeting(s, earlier, expected, _invite_by(s, board, earlier.starts_at), now)
    _audit(
        s,
        earlier,
        now,
        by,
        Effects("uebergang", "protokoll_genehmigen", payload={"in_sitzung": m.id}),
        rules.DRAFT,
    )


def draft_minutes(meeting_id: int, text: str, *, by: str, now: datetime) -> Meeting:
    """The Protokoll's first draft (rendered from the meeting's data by the caller)."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        rules.fire(m, "protokoll_entwerfen")
        m.minutes = text
        deadlines.close(s, deadlines.open_meeting_deadlines(s, f"protokoll:{m.id}"))
        return Effects("uebergang", "protokoll_entwerfen")

    return _change(meeting_id, by, now, decide)


def edit_minutes(meeting_id: int, text: str, *, by: str, now: datetime) -> Meeting:
    """The coordinator's edit of the draft (Markdown); an approved Protokoll stays as it is."""
    if not text.strip():
        raise InvalidValue("protokoll", "", t("expected_markdown"))

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        if m.state != rules.DRAFT:
            raise Refused("protokoll", Reason("reason_minutes_not_editable", state=m.state))
        m.minutes = text
        return Effects("protokoll_bearbeitet", payload={"zeichen": len(text)})

    return _change(meeting_id, by, now, decide)


def send_minutes(
    meeting_id: int, *, html: str, text: str, pdf: bytes, by: str, now: datetime
) -> Meeting:
    """The Protokoll (draft or approved) to every member: in the body, and as a PDF."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        if m.state not in (rules.DRAFT, rules.APPROVED):
            raise Refused("protokoll", Reason("reason_minutes_not_drafted", id=m.id))
        outbox = meeting_messages.minutes(s, m, board, now, html=html, text=text, pdf=pdf)
        return Effects("protokoll_versandt", payload={"empfaenger": len(outbox)}, outbox=outbox)

    return _change(meeting_id, by, now, decide)


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
    """Aufgabe from a TOP, with an owner and a deadline that the reminder sweep follows."""
    if not title.strip():
        raise InvalidValue("titel", title, "Text")
    if due_at <= now:
        raise Refused("aufgabe", Reason("reason_deadline_past"))
    created: list[int] = []

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        if m.state not in (rules.HELD, rules.DRAFT, rules.APPROVED):
            raise Refused("aufgabe", Reason("reason_meeting_not_held", state=m.state))
        _item(m, number)
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
        return Effects("aufgabe", payload={"aufgabe": task_id, "top": number, "akteur": owner_id})

    _change(meeting_id, by, now, decide)
    return created[0]


def complete_task(task_id: int, *, note: str = "", by: str, now: datetime) -> Any:
    """Erledigt: the owner's reminders stop."""
    with transaction() as s:
        row = store.task(s, task_id)
        if row.status == "erledigt":
            raise Refused("erledigt", Reason("reason_task_done", id=task_id))
        store.update_task(s, task_id, status="erledigt", done_at=now, note=note.strip())
        deadlines.close(s, deadlines.open_meeting_deadlines(s, f"aufgabe:{task_id}"))
        repo.append_audit(
            s,
            subject="aufgabe",
            subject_id=task_id,
            version=1,
            at=now,
            by=by,
            action="erledigt",
            trigger=None,
            from_state="offen",
            to_state="erledigt",
            reason=note.strip(),
            payload={"sitzung": row.meeting_id},
            source=None,
        )
        return store.task(s, task_id)


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


def _upcoming(m: Meeting, what: str) -> None:
    if m.state not in rules.UPCOMING:
        raise Refused(what, Reason("reason_meeting_state", state=m.state))


def _item(m: Meeting, number: int) -> AgendaItem:
    item = m.item(number)
    if item is None:
        raise NotFound("agenda_item", number)
    return item


def _member(s: Tx, board: Board, actor_id: int) -> None:
    if not any(x.actor_id == actor_id for x in board.members):
        repo.actor(s, actor_id)
        raise Refused("sitzung", Reason("reason_not_a_member", actor=actor_id, board=board.name))


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


def _change(
    meeting_id: int,
    by: str,
    now: datetime,
    decide: Callable[[Tx, Meeting, Board], Effects],
) -> Meeting:
    with transaction() as s:
        m = store.meeting(s, meeting_id)
        board = repo.board(s, m.board_id)
        source, expected = m.state, m.version
        effects = decide(s, m, board)
        m.version = expected + 1
        store.update_meeting(s, m, expected, _invite_by(s, board, m.starts_at), now)
        _audit(s, m, now, by, effects, source)
        repo.enqueue(s, effects.outbox)
    return m


def _audit(s: Tx, m: Meeting, now: datetime, by: str, fx: Effects, source: str | None) -> None:
    repo.append_audit(
        s,
        subject="sitzung",
        subject_id=m.id,
        version=m.version,
        at=now,
        by=by,
        action=fx.action,
        trigger=fx.trigger,
        from_state=source,
        to_state=m.state,
        reason=fx.reason,
        payload=fx.payload or None,
        source=None,
    )
