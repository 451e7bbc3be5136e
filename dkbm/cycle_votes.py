"""A strategy cycle's Abstimmung outside a Sitzung: the result from the minutes, or the
Stimmen of a written vote (Umlaufverfahren). A Sitzung's vote decides through
`cycles.decide_in_meeting`.

Recording a result is a change of the cycle (`cycle_changes.change`); a Stimme is a row of
its own (`cycle_changes.contribute`), and the written vote's result follows from them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dkbm import cycle_changes
from dkbm.cycle_changes import change
from dkbm.effects import Effects
from dkbm.states.errors import InvalidValue, Reason, Refused
from dkbm.states.model import BALLOT_CHOICES, VOTING_ROLES, StrategyCycle, Vote
from dkbm.store import answers
from dkbm.store import repository as repo
from dkbm.store.answers import Round
from dkbm.store.db import Tx, transaction


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
        if c.ballots:
            raise Refused("abstimmung", Reason("reason_ballots_cast", cast=len(c.ballots)))
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
    cycle_id: int,
    actor_id: int,
    choice: str,
    *,
    by: str,
    now: datetime,
    source: str | None = None,
) -> StrategyCycle:
    """Stimme in a written vote (Umlaufverfahren); the result follows from the ballots. A
    second one replaces the first; *source* makes a submission count once. Its own row, not
    a change of the cycle (`cycle_changes.contribute`): the cycle's version stays."""
    if choice not in BALLOT_CHOICES:
        raise InvalidValue("stimme", choice, ", ".join(BALLOT_CHOICES))
    origin = cycle_changes.origin(source)

    def record(s: Tx, c: StrategyCycle) -> dict[str, Any] | None:
        if not c.state.endswith("_abstimmung"):
            raise Refused("stimme", Reason("reason_not_in_vote", state=c.state))
        board = repo.board(s, c.board_id)
        if not any(m.actor_id == actor_id and m.role in VOTING_ROLES for m in board.members):
            repo.actor(s, actor_id)
            raise Refused("stimme", Reason("reason_not_a_voter", actor=actor_id, board=board.name))
        key = Round(cycle_id, c.stage, c.round)
        if answers.ballot(s, key, actor_id) == choice:
            return None
        answers.put_ballot(s, key, actor_id, choice, at=now, by=by, source=origin)
        return {"akteur": actor_id, "quelle": origin}

    return cycle_changes.contribute(cycle_id, by, now, record, action="stimme", source=source)


def own_ballot(cycle_id: int, actor_id: int) -> str | None:
    """The Akteur's Stimme in the cycle's written vote of its current stage and round."""
    with transaction() as s:
        c = repo.cycle(s, cycle_id, rows=False)
        return answers.ballot(s, Round(cycle_id, c.stage, c.round), actor_id)
