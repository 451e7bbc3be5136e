"""A strategy cycle's Abstimmung outside a Sitzung: the result from the minutes, or the
Stimmen of a written vote (Umlaufverfahren). A Sitzung's vote decides through
`cycles.decide_in_meeting`.

Each use case is one change of the cycle (`cycle_changes.change`).
"""

from __future__ import annotations

from datetime import datetime

from dkbm.cycle_changes import change
from dkbm.effects import Effects
from dkbm.states.errors import InvalidValue, Reason, Refused
from dkbm.states.model import BALLOT_CHOICES, VOTING_ROLES, StrategyCycle, Vote, vote_from_ballots
from dkbm.store import repository as repo
from dkbm.store.db import Tx


def record_vote(
    cycle_id: int,
    *,
    present: int,
    yes: int,
    no: int,
    abstain: int,
    by: str,
    now: datetime,
    source: str | None = None,
) -> StrategyCycle:
    """Record the vote result from the minutes; quorum is judged against the board's members now.

    With *source* the result is recorded at most once (see `cycles.advance`)."""
    for name, value in (("anwesend", present), ("ja", yes), ("nein", no), ("enthaltung", abstain)):
        if value < 0:
            raise InvalidValue(name, value, ">= 0")

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if not c.state.endswith("_abstimmung"):
            raise Refused("abstimmung", Reason("reason_not_in_vote", state=c.state))
        board = repo.board(s, c.board_id)
        if board.voting_members == 0:
            raise Refused("abstimmung", Reason("reason_board_no_voters", id=board.id))
        if present > board.voting_members:
            raise Refused(
                "abstimmung",
                Reason("reason_present_exceeds", present=present, members=board.voting_members),
            )
        if yes + no + abstain > present:
            raise Refused(
                "abstimmung", Reason("reason_vote_counts", cast=yes + no + abstain, present=present)
            )
        replaced = c.vote is not None and c.vote.stage == c.stage
        c.vote = Vote(
            stage=c.stage,
            present=present,
            yes=yes,
            no=no,
            abstain=abstain,
            voting_members=board.voting_members,
            quorum_needed=board.quorum_needed,
        )
        return Effects("abstimmung_erfasst", payload={**vars(c.vote), "ersetzt": replaced})

    return change(cycle_id, by, now, decide, cause=source)


def record_ballot(
    cycle_id: int, actor_id: int, choice: str, *, by: str, now: datetime
) -> StrategyCycle:
    """Stimme in a written vote (Umlaufverfahren); the result follows from the ballots."""
    if choice not in BALLOT_CHOICES:
        raise InvalidValue("stimme", choice, ", ".join(BALLOT_CHOICES))

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if not c.state.endswith("_abstimmung"):
            raise Refused("stimme", Reason("reason_not_in_vote", state=c.state))
        board = repo.board(s, c.board_id)
        if not any(m.actor_id == actor_id and m.role in VOTING_ROLES for m in board.members):
            repo.actor(s, actor_id)
            raise Refused("stimme", Reason("reason_not_a_voter", actor=actor_id, board=board.name))
        c.ballots[actor_id] = choice
        c.vote = vote_from_ballots(c.stage, c.ballots, board)
        return Effects("stimme", payload={"akteur": actor_id})

    return change(cycle_id, by, now, decide)
