"""Votes in a held Sitzung: who is befangen on a TOP, and the vote on it, which on a cycle's
TOP decides the stage and on a Protokoll's approval approves that earlier meeting's minutes.

Each use case is one change of the meeting (`meeting_changes.change`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dkbm import cycle_votes, cycles
from dkbm.effects import Effects, audit
from dkbm.meeting_agenda import checked_resolution, reword
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
    resolution: str | None = None,
    by: str,
    now: datetime,
) -> Meeting:
    """The vote on a TOP. On a cycle's TOP it decides the stage (or sends it back, with the
    discussion as the reason) at the meeting's date; on the approval of a Protokoll it
    approves that meeting's minutes. All in this one transaction. *resolution* words the
    Beschlusstext as voted (the Beschlussmitteilung carries it)."""
    _check_counts(yes, no, abstain, unanimous)
    if resolution is not None:
        resolution = checked_resolution(resolution)

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        voted = m.item(number)
        if voted is not None and voted.vote is not None:  # in any state: the way is a correction
            raise Refused("abstimmen", Reason("reason_item_voted_correct", top=number))
        if m.state in (rules.DRAFT, rules.APPROVED):
            raise Refused("abstimmen", Reason("reason_meeting_vote_after_minutes", state=m.state))
        if m.state != rules.HELD:
            raise Refused("abstimmen", Reason("reason_meeting_not_held", state=m.state))
        item = agenda_item(m, number)
        if not any(a.presence for a in m.attendance.values()):
            raise Refused("abstimmen", Reason("reason_attendance_missing"))
        result = rules.top_vote(
            board, m, item, yes=yes, no=no, abstain=abstain, unanimous=unanimous
        )
        item.vote, item.discussion = result, discussion.strip() or item.discussion
        worded = {}
        if resolution is not None and resolution != item.resolution:
            worded = reword(m, item, resolution, "abstimmen")
        if item.cycle_id is not None and result.outcome != rules.NOT_QUORATE:
            _decide_cycle(s, m, board, item, result, by)
        if item.minutes_of is not None and result.outcome == rules.ACCEPTED:
            _approve_minutes(s, item.minutes_of, m, by, now)
        return Effects(
            "abstimmung",
            payload={"top": number, "ergebnis": result.outcome, **vars(result), **worded},
        )

    return change(meeting_id, by, now, decide)


@dataclass(frozen=True)
class CorrectedItem:
    """A corrected TOP: the meeting after it, the result it replaced, and what became of
    the cycle stage it decided (None: no cycle's vote was touched)."""

    meeting: Meeting
    before: rules.TopVote
    cycle: cycle_votes.Corrected | None = None
    decided_now: bool = False


def correct_vote(
    meeting_id: int,
    number: int,
    *,
    yes: int = 0,
    no: int = 0,
    abstain: int = 0,
    unanimous: bool = False,
    reason: str,
    resolution: str | None = None,
    by: str,
    now: datetime,
) -> CorrectedItem:
    """Correct a TOP's wrongly recorded result (and with *resolution* its Beschlusstext,
    also after the Protokoll was approved). On a cycle's TOP the cycle's vote is
    corrected with it (and its decision revoked if the result no longer carries it, or
    taken if the first result was not quorate); all in one transaction."""
    _check_counts(yes, no, abstain, unanimous)
    if resolution is not None:
        resolution = checked_resolution(resolution)
    grund = reason.strip()
    found: dict[str, object] = {}

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        if m.state not in (rules.HELD, rules.DRAFT, rules.APPROVED):
            raise Refused("abstimmen", Reason("reason_meeting_correction_state", state=m.state))
        item = agenda_item(m, number)
        before = item.vote
        if before is None:
            raise Refused("abstimmen", Reason("reason_correction_no_result"))
        if not grund:
            raise Refused("abstimmen", Reason("reason_correction_without_reason"))
        after = rules.top_vote(board, m, item, yes=yes, no=no, abstain=abstain, unanimous=unanimous)
        if item.minutes_of is not None and after.outcome != before.outcome:
            raise Refused("abstimmen", Reason("reason_correction_minutes_outcome", top=number))
        item.vote = after
        found["before"] = before
        worded = {}
        if resolution is not None and resolution != item.resolution:
            worded = reword(m, item, resolution, "abstimmen", correction=True)
        if item.cycle_id is not None:
            found.update(_correct_cycle(s, m, board, item, before, grund, by, now))
        return Effects(
            "abstimmung_korrigiert",
            reason=grund,
            payload={
                "top": number,
                "vorher": vars(before),
                "nachher": vars(after),
                "grund": grund,
                **worded,
            },
        )

    m = change(meeting_id, by, now, decide)
    before = found["before"]
    assert isinstance(before, rules.TopVote)
    cycle = found.get("cycle")
    return CorrectedItem(
        m,
        before,
        cycle if isinstance(cycle, cycle_votes.Corrected) else None,
        bool(found.get("decided_now")),
    )


def _correct_cycle(
    s: Tx,
    m: Meeting,
    board: Board,
    item: AgendaItem,
    before: rules.TopVote,
    reason: str,
    by: str,
    now: datetime,
) -> dict[str, object]:
    """The cycle follows its TOP: a decided stage gets its vote corrected; a stage still in
    its Abstimmung (the first result was not quorate) is decided or sent back now."""
    assert item.cycle_id is not None and item.stage is not None and item.vote is not None
    c = repo.cycle(s, item.cycle_id)
    after = item.vote
    if c.state == f"{item.stage}_abstimmung" and before.outcome == rules.NOT_QUORATE:
        if after.outcome == rules.NOT_QUORATE:
            return {}
        _decide_cycle(s, m, board, item, after, by, suffix=f":korrektur:v{m.version}")
        return {"decided_now": True}
    if c.state == f"{item.stage}_entwurf" and before.outcome == rules.REJECTED:
        if after.outcome == rules.ACCEPTED:
            raise Refused("abstimmen", Reason("reason_correction_sent_back", top=item.number))
        return {}
    try:  # the TOP's own stage, whichever the cycle is in now
        corrected = cycle_votes.correct_in(
            s,
            item.cycle_id,
            _cycle_vote(board, item.stage, after),
            reason=reason,
            by=by,
            now=now,
            resolution=item.resolution,
            sitzung=m.id,
            top=item.number,
        )
    except Refused as refused:  # named as the command the coordinator typed
        raise Refused("abstimmen", refused.reason) from None
    return {"cycle": corrected}


def _cycle_vote(board: Board, stage: str, result: rules.TopVote) -> Vote:
    return Vote(
        stage=stage,
        present=result.seats,
        yes=result.yes,
        no=result.no,
        abstain=result.abstain,
        voting_members=board.voting_members,
        quorum_needed=result.quorum_needed or 0,
    )


def _decide_cycle(
    s: Tx,
    m: Meeting,
    board: Board,
    item: AgendaItem,
    result: rules.TopVote,
    by: str,
    suffix: str = "",
) -> None:
    assert item.cycle_id is not None and item.stage is not None and m.id is not None
    cycles.decide_in_meeting(
        s,
        item.cycle_id,
        stage=item.stage,
        vote=_cycle_vote(board, item.stage, result),
        reason=item.discussion,
        resolution=item.resolution,
        meeting=m.id,
        by=by,
        at=m.starts_at,
        source=f"sitzung:{m.id}:top:{item.number}{suffix}",
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


def _check_counts(yes: int, no: int, abstain: int, unanimous: bool) -> None:
    for name, value in (("ja", yes), ("nein", no), ("enthaltung", abstain)):
        if value < 0:
            raise InvalidValue(name, value, ">= 0")
    if unanimous and (yes or no or abstain):
        raise InputError("vote_unanimous_conflict")
