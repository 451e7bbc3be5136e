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

from sqlalchemy import select

from dkbm import consequences, cycle_changes
from dkbm.cycle_changes import change, change_in
from dkbm.effects import Effects
from dkbm.states import cycle as machine
from dkbm.states.correction_rules import reopen_way
from dkbm.states.cycle import STAGES, describe_state
from dkbm.states.errors import InvalidValue, Reason, Refused
from dkbm.states.i18n import language
from dkbm.states.model import BALLOT_CHOICES, VOTING_ROLES, StrategyCycle, Vote
from dkbm.store import answers
from dkbm.store import repository as repo
from dkbm.store.answers import Round
from dkbm.store.db import Tx, transaction
from dkbm.store.tables import AuditEventRow

_AUDIT = AuditEventRow.__table__  # type: ignore[attr-defined]


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
        if not c.state.endswith("_abstimmung") and c.decided:
            raise Refused("abstimmung", Reason("reason_not_in_vote_correct", state=c.state))
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
    after: Vote | None = None

    @property
    def stage(self) -> str:
        """The stage whose result was corrected (not always the cycle's current one)."""
        return self.before.stage


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
    stage: str | None = None,
) -> Corrected:
    """Correct a wrongly recorded result, also after the stage was decided and in any later
    state. *stage* names whose result (default: the stage in its Abstimmung or just decided,
    else the latest decided one). The audit keeps both results and the reason; who got the
    Beschlussmitteilung is told; a decision of the current stage the corrected result no
    longer carries is revoked (`beschluss_aufheben`), all in one transaction; one a later
    stage builds on is refused with the way to reopen it. Quorum is judged against the
    board as it was at the vote."""
    _check_counts(present, yes, no, abstain)
    with transaction() as s:
        c = repo.cycle(s, cycle_id)
        before = _correctable(s, c, reason, stage or _default_stage(c))
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
    whose Beschlusstext *resolution* the notice repeats); the stage is *after*'s;
    *payload* is kept with the audit entry (the meeting it came from)."""
    grund = reason.strip()
    c = repo.cycle(s, cycle_id)
    before = _correctable(s, c, grund, after.stage)
    _check_result(after.present, after.yes, after.no, after.abstain, before.voting_members)
    counts = (after.present, after.yes, after.no, after.abstain)
    if counts == (before.present, before.yes, before.no, before.abstain):
        raise Refused(
            "abstimmung", Reason("reason_correction_unchanged", stage=_stage_name(after.stage))
        )
    current = after.stage == c.stage
    decided = after.stage in c.decided
    carried = after.quorate and after.majority
    if decided and not current and not carried:
        raise Refused(
            "abstimmung",
            Reason(
                "reason_correction_not_carried_later",
                stage=_stage_name(after.stage),
                state=describe_state(c.state, language()),
                way=reopen_way(c.id or cycle_id, c.state, after.stage),
            ),
        )
    revoked = decided and current and not carried

    def record(s: Tx, c: StrategyCycle) -> Effects:
        if current:
            c.vote = after
        notice = (
            consequences.of_correction(
                s,
                c,
                before,
                after,
                grund,
                revoked,
                now,
                resolution=resolution,
                meeting=payload.get("sitzung"),
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
    return Corrected(c, before, revoked, after)


def _default_stage(c: StrategyCycle) -> str:
    """The stage whose result a correction means: the current one while it is voted on or
    just decided, else the latest decided stage (the current one if none)."""
    if c.stage in STAGES and c.state.endswith(("_abstimmung", "_beschlossen")):
        return c.stage
    earlier = [st for st in STAGES if st in c.decided]
    return earlier[-1] if earlier else c.stage


def _correctable(s: Tx, c: StrategyCycle, reason: str, stage: str) -> Vote:
    """The result of *stage* a correction replaces; refused if there is none that may be
    corrected: the current stage's while it is voted on or decided, or the recorded result
    of an earlier decided stage (kept in the audit log, the cycle holds only its current one)."""
    if stage not in STAGES:
        raise InvalidValue("stufe", stage, ", ".join(STAGES))
    if stage == c.stage:
        vote = _own_vote(c)
        if vote is None or not c.state.endswith(("_abstimmung", "_beschlossen")):
            raise Refused("abstimmung", Reason("reason_correction_no_result"))
        if c.ballots:
            raise Refused(
                "abstimmung", Reason("reason_correction_written_vote", cast=len(c.ballots))
            )
    elif stage in c.decided:
        vote = _recorded_vote(s, c.id or 0, stage)
        if vote is None:
            raise Refused(
                "abstimmung",
                Reason("reason_correction_no_recorded_result", stage=_stage_name(stage)),
            )
    else:
        decided = [_stage_name(st) for st in STAGES if st in c.decided]
        raise Refused(
            "abstimmung",
            Reason(
                "reason_correction_not_latest",
                stage=_stage_name(stage),
                decided=", ".join(decided) or "–",
            ),
        )
    if not reason.strip():
        raise Refused("abstimmung", Reason("reason_correction_without_reason"))
    return vote


_VOTE_FIELDS = ("stage", "present", "yes", "no", "abstain", "voting_members", "quorum_needed")


def _recorded_vote(s: Tx, cycle_id: int, stage: str) -> Vote | None:
    """The result that decided *stage* as it stands now: the last one recorded from minutes
    (or by a Sitzung) since its Abstimmung last opened, with its corrections; None when it
    was a written vote."""
    rows = s.connection().execute(
        select(_AUDIT.c.action, _AUDIT.c.trigger, _AUDIT.c.to_state, _AUDIT.c.payload)
        .where(_AUDIT.c.subject == "zyklus", _AUDIT.c.subject_id == cycle_id)
        .order_by(_AUDIT.c.id)
    )
    found: dict[str, Any] | None = None
    for action, trigger, to_state, payload in rows:
        if trigger == "abstimmung_starten" and to_state == f"{stage}_abstimmung":
            found = None
        elif action == "abstimmung_erfasst" and (payload or {}).get("stage") == stage:
            found = payload
        elif action == "abstimmung_korrigiert":
            after = (payload or {}).get("nachher") or {}
            if after.get("stage") == stage:
                found = after
    if found is None or any(k not in found for k in _VOTE_FIELDS):
        return None
    return Vote(**{k: found[k] for k in _VOTE_FIELDS})


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
