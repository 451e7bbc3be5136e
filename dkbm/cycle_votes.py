"""A strategy cycle's Abstimmung outside a Sitzung: the result from the minutes, or the
Stimmen of a written vote (Umlaufverfahren). A Sitzung's vote decides through
`cycles.decide_in_meeting`.

Recording a result is a change of the cycle (`cycle_changes.change`); a Stimme is a row of
its own (`cycle_changes.contribute`), and the written vote's result follows from them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from dkbm import consequences, cycle_changes
from dkbm.cycle_changes import change, change_in
from dkbm.effects import Effects
from dkbm.states import cycle as machine
from dkbm.states.cycle import STAGES, describe_state
from dkbm.states.errors import InvalidValue, Reason, Refused
from dkbm.states.i18n import language
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
    _check_counts(present, yes, no, abstain)

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if c.state.endswith("_beschlossen") and _own_vote(c) is not None:
            raise Refused(
                "abstimmung", Reason("reason_vote_needs_correction", stage=_stage_name(c.stage))
            )
        if not c.state.endswith("_abstimmung"):
            raise Refused("abstimmung", Reason("reason_not_in_vote", state=c.state))
        if c.ballots:
            raise Refused("abstimmung", Reason("reason_ballots_cast", cast=len(c.ballots)))
        board = repo.board(s, c.board_id)
        if board.voting_members == 0:
            raise Refused("abstimmung", Reason("reason_board_no_voters", id=board.id))
        _check_result(present, yes, no, abstain, board.voting_members)
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


@dataclass(frozen=True)
class Corrected:
    """A corrected result: the cycle after it, the result it replaced, and whether the
    stage's decision was revoked because the corrected result no longer carries it."""

    cycle: StrategyCycle
    before: Vote
    revoked: bool


def correct_vote(
    cycle_id: int,
    *,
    present: int,
    yes: int,
    no: int,
    abstain: int,
    reason: str,
    by: str,
    now: datetime,
) -> Corrected:
    """Correct a wrongly recorded result, also after the stage was decided. The audit keeps
    both results and the reason; who got the Beschlussmitteilung is told; a decision the
    corrected result no longer carries is revoked (`beschluss_aufheben`), all in one
    transaction. Quorum is judged against the board as it was at the vote."""
    _check_counts(present, yes, no, abstain)
    with transaction() as s:
        c = repo.cycle(s, cycle_id)
        before = _correctable(c, reason)
        after = replace(before, present=present, yes=yes, no=no, abstain=abstain)
        return correct_in(s, cycle_id, after, reason=reason, by=by, now=now)


def correct_in(
    s: Tx,
    cycle_id: int,
    after: Vote,
    *,
    reason: str,
    by: str,
    now: datetime,
    resolution: str = "",
    **payload: Any,
) -> Corrected:
    """`correct_vote` inside a transaction the caller holds (a Sitzung's corrected TOP,
    whose Beschlusstext *resolution* the notice repeats); *payload* is kept with the audit
    entry (the meeting it came from)."""
    grund = reason.strip()
    c = repo.cycle(s, cycle_id)
    before = _correctable(c, grund)
    _check_result(after.present, after.yes, after.no, after.abstain, before.voting_members)
    decided = c.state.endswith("_beschlossen")
    revoked = decided and not (after.quorate and after.majority)

    def record(s: Tx, c: StrategyCycle) -> Effects:
        c.vote = after
        notice = (
            consequences.of_correction(
                s, c, before, after, grund, revoked, now, resolution=resolution
            )
            if decided
            else []
        )
        return Effects(
            "abstimmung_korrigiert",
            reason=grund,
            payload={"vorher": vars(before), "nachher": vars(after), "grund": grund, **payload},
            outbox=notice,
        )

    c = change_in(s, cycle_id, by, now, record)
    if revoked:

        def revoke(s: Tx, c: StrategyCycle) -> Effects:
            machine.fire(c, "beschluss_aufheben", now=now)
            return Effects(action="uebergang", trigger="beschluss_aufheben", reason=grund)

        c = change_in(s, cycle_id, by, now, revoke)
    return Corrected(c, before, revoked)


def _correctable(c: StrategyCycle, reason: str) -> Vote:
    """The result a correction replaces; refused if there is none that may be corrected."""
    vote = _own_vote(c)
    if vote is None or not c.state.endswith(("_abstimmung", "_beschlossen")):
        earlier = [st for st in STAGES if st in c.decided]
        if c.state.endswith("_abstimmung") or not earlier:
            raise Refused("abstimmung", Reason("reason_correction_no_result"))
        stage = earlier[-1]
        raise Refused(
            "abstimmung",
            Reason(
                "reason_correction_stage_moved_on",
                stage=_stage_name(stage),
                state=describe_state(c.state, language()),
                stage_key=stage,
            ),
        )
    if c.ballots:
        raise Refused("abstimmung", Reason("reason_correction_written_vote", cast=len(c.ballots)))
    if not reason.strip():
        raise Refused("abstimmung", Reason("reason_correction_without_reason"))
    return vote


def _own_vote(c: StrategyCycle) -> Vote | None:
    return c.vote if c.vote is not None and c.vote.stage == c.stage else None


def _stage_name(stage: str) -> str:
    return describe_state(stage, language())


def _check_counts(present: int, yes: int, no: int, abstain: int) -> None:
    for name, value in (("anwesend", present), ("ja", yes), ("nein", no), ("enthaltung", abstain)):
        if value < 0:
            raise InvalidValue(name, value, ">= 0")


def _check_result(present: int, yes: int, no: int, abstain: int, members: int) -> None:
    if present > members:
        raise Refused(
            "abstimmung", Reason("reason_present_exceeds", present=present, members=members)
        )
    if yes + no + abstain > present:
        raise Refused(
            "abstimmung", Reason("reason_vote_counts", cast=yes + no + abstain, present=present)
        )


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
