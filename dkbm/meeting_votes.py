"""Votes in a held Sitzung: who is befangen on a TOP, and the vote on it, which on a cycle's
TOP decides the stage and on a Protokoll's approval approves that earlier meeting's minutes.

Each use case is one change of the meeting (`meeting_changes.change`).
"""

from __future__ import annotations

from datetime import datetime

from dkbm import cycles
from dkbm.effects import Effects, audit
from dkbm.meeting_changes import agenda_item, change, check_member, invite_by
from dkbm.states import meeting as rules
from dkbm.states.errors import InputError, InvalidValue, Reason, Refused
from dkbm.states.meeting import AgendaItem, Meeting
from dkbm.states.model import Board, Vote
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import Tx


def set_conflict(
    meeting_id: int, number: int, actor_id: int, *, remove: bool = False, by: str, now: datetime
) -> Meeting:
    """Befangen: the member takes no part in this TOP's vote (and her seat is not counted)."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        item = agenda_item(m, number)
        check_member(s, board, actor_id)
        if item.vote is not None:
            raise Refused("befangen", Reason("reason_item_voted", top=number))
        if remove:
            item.conflicted = [a for a in item.conflicted if a != actor_id]
        elif actor_id not in item.conflicted:
            item.conflicted.append(actor_id)
        return Effects("befangen", payload={"top": number, "akteur": actor_id, "weg": remove})

    return change(meeting_id, by, now, decide)


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
        item = agenda_item(m, number)
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

    return change(meeting_id, by, now, decide)


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
    store.update_meeting(s, earlier, expected, invite_by(s, board, earlier.starts_at), now)
    audit(
        s,
        "sitzung",
        earlier,
        now,
        by,
        Effects("uebergang", "protokoll_genehmigen", payload={"in_sitzung": m.id}),
        rules.DRAFT,
    )
