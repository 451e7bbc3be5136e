"""The Strategiezyklus's named guards and actions: what the `conditions` and `after` of a
transition in `cycle_table.TRANSITIONS` mean.

A guard returns a `Reason` why the transition is refused (so the CLI can say why), None
if it may be taken, or `NOT_THIS` if the row is not the one the caller asked for. An
action changes the cycle after its transition. Time comes in as `now` in the arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dkbm.states.cycle_table import STAGES
from dkbm.states.errors import Reason
from dkbm.states.i18n import t
from dkbm.states.model import Consultation, StrategyCycle


class _NotThis:
    """A guard's answer meaning: this transition is not the one the caller asked for."""


NOT_THIS = _NotThis()
GuardResult = Reason | _NotThis | None
Guard = Callable[[StrategyCycle, Mapping[str, Any]], GuardResult]


def _content_ready(cycle: StrategyCycle, kw: Mapping[str, Any]) -> Reason | None:
    stage = cycle.stage
    if stage == "leitbild" and not cycle.vision.strip():
        return Reason("reason_vision_missing")
    if stage == "ziele" and not cycle.goals:
        return Reason("reason_no_goals")
    if stage == "strategien":
        if not cycle.goals:
            return Reason("reason_no_goals")
        covered = {s.goal_id for s in cycle.strategies}
        for goal in cycle.goals:
            if goal.id not in covered:
                return Reason("reason_goal_without_strategy", id=goal.id, title=goal.title)
    if stage == "massnahmen":
        if not cycle.measures:
            return Reason("reason_no_measures")
        for m in cycle.measures:
            if gaps := m.missing():
                return Reason(
                    "reason_measure_incomplete",
                    id=m.id,
                    title=m.title,
                    missing=_Missing(gaps),
                )
    return None


def _consultation_planned(cycle: StrategyCycle, kw: Mapping[str, Any]) -> Reason | None:
    deadline = kw.get("deadline")
    if deadline is None:
        return Reason("reason_deadline_missing")
    if deadline <= kw["now"]:
        return Reason("reason_deadline_past", deadline=deadline)
    if not kw.get("invited"):
        return Reason("reason_no_invitees")
    return None


def _consultation_closed(cycle: StrategyCycle, kw: Mapping[str, Any]) -> Reason | None:
    c = cycle.consultation
    if c is None:
        return None
    missing = c.missing()
    if missing and kw["now"] < c.deadline:
        return Reason(
            "reason_consultation_open",
            deadline=c.deadline,
            missing=len(missing),
            invited=len(c.invited),
        )
    return None


def _vote_deadline_ahead(cycle: StrategyCycle, kw: Mapping[str, Any]) -> Reason | None:
    """A written vote (with a deadline) needs that deadline in the future."""
    deadline = kw.get("deadline")
    if deadline is not None and deadline <= kw["now"]:
        return Reason("reason_deadline_past", deadline=deadline)
    meeting = kw.get("meeting")
    if meeting is not None and meeting <= kw["now"]:
        return Reason("reason_meeting_past", meeting=meeting)
    return None


def _vote_carried(cycle: StrategyCycle, kw: Mapping[str, Any]) -> Reason | None:
    vote = cycle.vote
    if vote is None or vote.stage != cycle.stage:
        return Reason("reason_no_vote")
    deadline = cycle.vote_deadline
    if (
        deadline is not None
        and kw["now"] < deadline
        and len(cycle.ballots) < vote.voting_members
        and not str(kw.get("reason") or "").strip()
    ):
        return Reason(
            "reason_written_vote_open",
            deadline=deadline,
            cast=len(cycle.ballots),
            members=vote.voting_members,
        )
    if not vote.quorate:
        return Reason(
            "reason_no_quorum",
            present=vote.present,
            members=vote.voting_members,
            needed=vote.quorum_needed,
        )
    if not vote.majority:
        return Reason("reason_no_majority", yes=vote.yes, no=vote.no, abstain=vote.abstain)
    return None


def _vote_not_carried(cycle: StrategyCycle, kw: Mapping[str, Any]) -> Reason | None:
    """A decision is revoked only when its corrected result no longer carries it."""
    vote = cycle.vote
    if vote is not None and vote.stage == cycle.stage and not (vote.quorate and vote.majority):
        return None
    return Reason("reason_decision_still_carried")


def _measures_reported(cycle: StrategyCycle, kw: Mapping[str, Any]) -> Reason | None:
    for m in cycle.measures:
        if not m.reports:
            return Reason("reason_measure_without_report", id=m.id, title=m.title)
    return None


def _reopens(stage: str) -> Guard:
    def guard(cycle: StrategyCycle, kw: Mapping[str, Any]) -> GuardResult:
        wanted = kw.get("stage")
        if wanted not in STAGES:
            return Reason("reason_reopen_stage", stages=", ".join(STAGES))
        return None if wanted == stage else NOT_THIS

    return guard


GUARDS: dict[str, Guard] = {
    "content_ready": _content_ready,
    "consultation_planned": _consultation_planned,
    "consultation_closed": _consultation_closed,
    "vote_deadline_ahead": _vote_deadline_ahead,
    "vote_carried": _vote_carried,
    "measures_reported": _measures_reported,
    "vote_not_carried": _vote_not_carried,
    **{f"reopens_{s}": _reopens(s) for s in STAGES},
}


def _open_consultation(cycle: StrategyCycle, kw: Mapping[str, Any]) -> None:
    cycle.consultation = Consultation(
        stage=cycle.stage, deadline=kw["deadline"], invited=sorted(set(kw["invited"]))
    )
    cycle.vote = None
    cycle.rounds[cycle.stage] = cycle.round


def _open_vote(cycle: StrategyCycle, kw: Mapping[str, Any]) -> None:
    cycle.vote = None
    cycle.ballots = {}
    cycle.vote_deadline = kw.get("deadline")
    cycle.vote_meeting = kw.get("meeting")
    cycle.vote_place = kw.get("place") or ""


def _record_decision(cycle: StrategyCycle, kw: Mapping[str, Any]) -> None:
    cycle.decided[cycle.stage] = kw["now"]


def _revoke_decision(cycle: StrategyCycle, kw: Mapping[str, Any]) -> None:
    """Back to the Abstimmung with the corrected result kept: a new vote may replace it."""
    cycle.decided.pop(cycle.stage, None)


def _start_new_round(cycle: StrategyCycle, kw: Mapping[str, Any]) -> None:
    cycle.round += 1
    _clear_round(cycle)


def _clear_round(cycle: StrategyCycle) -> None:
    cycle.consultation = None
    cycle.vote = None
    cycle.ballots = {}
    cycle.vote_deadline = None
    cycle.vote_meeting = None
    cycle.vote_place = ""


def _start_stage(cycle: StrategyCycle, kw: Mapping[str, Any]) -> None:
    cycle.round = cycle.rounds.get(cycle.stage, 0) + 1
    _clear_round(cycle)


def _reopen_stage(cycle: StrategyCycle, kw: Mapping[str, Any]) -> None:
    _start_stage(cycle, kw)
    for later in STAGES[STAGES.index(kw["stage"]) :]:
        cycle.decided.pop(later, None)


ACTIONS: dict[str, Callable[[StrategyCycle, Mapping[str, Any]], None]] = {
    "open_consultation": _open_consultation,
    "open_vote": _open_vote,
    "record_decision": _record_decision,
    "revoke_decision": _revoke_decision,
    "start_new_round": _start_new_round,
    "start_stage": _start_stage,
    "reopen_stage": _reopen_stage,
}


class _Missing:
    def __init__(self, gaps: list[str]) -> None:
        self.gaps = gaps

    def __format__(self, spec: str) -> str:
        return ", ".join(t(f"missing_{g}") for g in self.gaps)
