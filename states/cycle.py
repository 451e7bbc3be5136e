"""The Strategiezyklus state machine: states, transitions and guards as data.

One `HierarchicalMachine` serves every cycle: models are plain
`StrategyCycle` objects passed to `fire`, never bound to the machine, so a
loaded cycle costs no machine set-up. Time comes in as `now`; nothing here
reads a clock or touches a database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from dkbm.states.errors import InvalidTrigger, Reason, Refused, UnknownTrigger
from dkbm.states.i18n import t
from dkbm.states.model import Consultation, StrategyCycle

STAGES = ("leitbild", "ziele", "strategien", "massnahmen")
STEPS = ("entwurf", "beteiligung", "abstimmung", "beschlossen")
LATER = ("umsetzung", "wirkungspruefung", "abgeschlossen")
ALL_STAGES = STAGES + LATER
INITIAL = "leitbild_entwurf"

STAGE_NAMES = {
    "de": {
        "leitbild": "Leitbild",
        "ziele": "Strategische Ziele",
        "strategien": "Handlungsstrategien",
        "massnahmen": "Maßnahmenentscheidung",
        "umsetzung": "Umsetzung",
        "wirkungspruefung": "Wirkungsprüfung",
        "abgeschlossen": "Abgeschlossen",
        "entwurf": "Entwurf",
        "beteiligung": "Beteiligung",
        "abstimmung": "Abstimmung",
        "beschlossen": "Beschlossen",
    },
    "en": {
        "leitbild": "Vision statement",
        "ziele": "Strategic goals",
        "strategien": "Action strategies",
        "massnahmen": "Decision on measures",
        "umsetzung": "Implementation",
        "wirkungspruefung": "Impact review",
        "abgeschlossen": "Closed",
        "entwurf": "Draft",
        "beteiligung": "Consultation",
        "abstimmung": "Vote",
        "beschlossen": "Decided",
    },
}

STATES: list[Any] = [{"name": s, "children": list(STEPS), "initial": "entwurf"} for s in STAGES]
STATES += ["umsetzung", "wirkungspruefung", {"name": "abgeschlossen", "final": True}]

_NEXT = dict(zip(STAGES, [*STAGES[1:], "umsetzung"], strict=True))

TRANSITIONS: list[dict[str, Any]] = []
for _s in STAGES:
    TRANSITIONS += [
        {
            "trigger": "beteiligung_starten",
            "source": f"{_s}_entwurf",
            "dest": f"{_s}_beteiligung",
            "conditions": ["content_ready", "consultation_planned"],
            "after": "open_consultation",
        },
        {
            "trigger": "abstimmung_starten",
            "source": f"{_s}_beteiligung",
            "dest": f"{_s}_abstimmung",
            "conditions": ["consultation_closed", "vote_deadline_ahead"],
            "after": "open_vote",
        },
        {
            "trigger": "beschliessen",
            "source": f"{_s}_abstimmung",
            "dest": f"{_s}_beschlossen",
            "conditions": ["content_ready", "vote_carried"],
            "after": "record_decision",
        },
        {
            "trigger": "ueberarbeiten",
            "source": [f"{_s}_beteiligung", f"{_s}_abstimmung"],
            "dest": f"{_s}_entwurf",
            "after": "start_new_round",
        },
        {
            "trigger": "naechste_stufe",
            "source": f"{_s}_beschlossen",
            "dest": _NEXT[_s],
            "after": "start_stage",
        },
    ]
TRANSITIONS += [
    {
        "trigger": "wirkung_pruefen",
        "source": "umsetzung",
        "dest": "wirkungspruefung",
        "conditions": ["measures_reported"],
    },
    *(
        {
            "trigger": "wiedereroeffnen",
            "source": "wirkungspruefung",
            "dest": s,
            "conditions": [f"reopens_{s}"],
            "after": "reopen_stage",
        }
        for s in STAGES
    ),
    {"trigger": "abschliessen", "source": "wirkungspruefung", "dest": "abgeschlossen"},
]

_BERLIN = ZoneInfo("Europe/Berlin")

TRIGGERS = tuple(dict.fromkeys(t["trigger"] for t in TRANSITIONS))


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
        return Reason("reason_deadline_past", deadline=fmt(deadline))
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
            deadline=fmt(c.deadline),
            missing=len(missing),
            invited=len(c.invited),
        )
    return None


def _vote_deadline_ahead(cycle: StrategyCycle, kw: Mapping[str, Any]) -> Reason | None:
    """A written vote (with a deadline) needs that deadline in the future."""
    deadline = kw.get("deadline")
    if deadline is not None and deadline <= kw["now"]:
        return Reason("reason_deadline_past", deadline=fmt(deadline))
    meeting = kw.get("meeting")
    if meeting is not None and meeting <= kw["now"]:
        return Reason("reason_meeting_past", meeting=fmt(meeting))
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
            deadline=fmt(deadline),
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
    **{f"reopens_{s}": _reopens(s) for s in STAGES},
}


def _open_consultation(cycle: StrategyCycle, kw: Mapping[str, Any]) -> None:
    cycle.consultation = Consultation(
        stage=cycle.stage, deadline=kw["deadline"], invited=sorted(set(kw["invited"]))
    )
    cycle.vote = None


def _open_vote(cycle: StrategyCycle, kw: Mapping[str, Any]) -> None:
    cycle.vote = None
    cycle.ballots = {}
    cycle.vote_deadline = kw.get("deadline")
    cycle.vote_meeting = kw.get("meeting")
    cycle.vote_place = kw.get("place") or ""


def _record_decision(cycle: StrategyCycle, kw: Mapping[str, Any]) -> None:
    cycle.decided[cycle.stage] = kw["now"]


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
    cycle.round = 1
    _clear_round(cycle)


def _reopen_stage(cycle: StrategyCycle, kw: Mapping[str, Any]) -> None:
    _start_stage(cycle, kw)
    for later in STAGES[STAGES.index(kw["stage"]) :]:
        cycle.decided.pop(later, None)


ACTIONS: dict[str, Callable[[StrategyCycle, Mapping[str, Any]], None]] = {
    "open_consultation": _open_consultation,
    "open_vote": _open_vote,
    "record_decision": _record_decision,
    "start_new_round": _start_new_round,
    "start_stage": _start_stage,
    "reopen_stage": _reopen_stage,
}


def _condition(name: str) -> Callable[[Any], bool]:
    guard = GUARDS[name]
    return lambda event: guard(event.model, event.kwargs) is None


def _action(name: str) -> Callable[[Any], None]:
    action = ACTIONS[name]
    return lambda event: action(event.model, event.kwargs)


def _compile(table: list[dict[str, Any]], with_rules: bool) -> list[dict[str, Any]]:
    compiled = []
    for row in table:
        out = {k: row[k] for k in ("trigger", "source", "dest")}
        if with_rules:
            out["conditions"] = [_condition(n) for n in row.get("conditions", [])]
            if "after" in row:
                out["after"] = _action(row["after"])
        compiled.append(out)
    return compiled


if TYPE_CHECKING:
    from transitions.extensions.nesting import HierarchicalMachine


def build_machine(with_rules: bool = True) -> HierarchicalMachine:
    """A machine over `STATES`/`TRANSITIONS`; without rules it only moves states (replay).

    Built on first use: read commands only consult the tables and never import it."""
    from transitions.extensions.nesting import HierarchicalMachine

    return HierarchicalMachine(
        model=None,
        states=STATES,
        transitions=_compile(TRANSITIONS, with_rules),
        initial=INITIAL,
        auto_transitions=False,
        send_event=True,
    )


@cache
def _machine(with_rules: bool = True) -> HierarchicalMachine:
    return build_machine(with_rules)


def allowed_triggers(state: str) -> list[str]:
    """Triggers declared for *state*, in table order (guards not evaluated)."""
    return [t for t in TRIGGERS if _candidates(state, t)]


def _index() -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(source state, trigger) -> the table rows that may fire, in table order."""
    index: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in TRANSITIONS:
        sources = row["source"] if isinstance(row["source"], list) else [row["source"]]
        for source in sources:
            index.setdefault((source, row["trigger"]), []).append(row)
    return index


_BY_SOURCE = _index()


def _candidates(state: str, trigger: str) -> list[dict[str, Any]]:
    return _BY_SOURCE.get((state, trigger), [])


def check(cycle: StrategyCycle, trigger: str, **kwargs: Any) -> Reason | None:
    """Why *trigger* would be refused now, or None if it would be taken."""
    rows = _checked_candidates(cycle, trigger)
    first_reason: Reason | None = None
    for row in rows:
        reason = _first_failure(cycle, row, kwargs)
        if reason is None:
            return None
        if isinstance(reason, Reason) and first_reason is None:
            first_reason = reason
    return first_reason


def _checked_candidates(cycle: StrategyCycle, trigger: str) -> list[dict[str, Any]]:
    if trigger not in TRIGGERS:
        raise UnknownTrigger(trigger, list(TRIGGERS))
    rows = _candidates(cycle.state, trigger)
    if not rows:
        raise InvalidTrigger(cycle.state, trigger, allowed_triggers(cycle.state))
    return rows


def _first_failure(cycle: StrategyCycle, row: dict[str, Any], kw: Mapping[str, Any]) -> GuardResult:
    for name in row.get("conditions", []):
        result = GUARDS[name](cycle, kw)
        if result is not None:
            return result
    return None


def fire(cycle: StrategyCycle, trigger: str, *, now: datetime, **kwargs: Any) -> str:
    """Take *trigger* on *cycle* in place and return the state left.

    Raises UnknownTrigger, InvalidTrigger (with the allowed triggers) or
    Refused (with the guard's reason); on any error the cycle is unchanged.
    """
    reason = check(cycle, trigger, now=now, **kwargs)
    if reason is not None:
        raise Refused(trigger, reason)
    source = cycle.state
    if not _machine().trigger_event(cycle, trigger, now=now, **kwargs):
        raise RuntimeError(f"machine declined {trigger} in {source} after guards passed")
    return source


def replay(steps: list[tuple[str, dict[str, Any]]], start: str = INITIAL) -> list[str]:
    """States reached by taking *steps* (trigger, kwargs) from *start*, ignoring guards.

    Used to check that the audit log explains the stored state.
    """

    class _Ghost:
        state = start

    ghost = _Ghost()
    reached = []
    for trigger, kwargs in steps:
        if trigger == "wiedereroeffnen":
            ghost.state = f"{kwargs['stage']}_entwurf"
        else:
            _machine(False).trigger_event(ghost, trigger)
        reached.append(ghost.state)
    return reached


def describe_state(state: str, lang: str = "de") -> str:
    names = STAGE_NAMES[lang]
    return " / ".join(names.get(part, part) for part in state.split("_", 1))


class _Missing:
    def __init__(self, gaps: list[str]) -> None:
        self.gaps = gaps

    def __format__(self, spec: str) -> str:
        return ", ".join(t(f"missing_{g}") for g in self.gaps)


def fmt(moment: datetime) -> str:
    """Deadlines are shown in the Kommune's local time."""
    return moment.astimezone(_BERLIN).strftime("%Y-%m-%d %H:%M")
