"""The Strategiezyklus state machine: the table of `cycle_table` with the guards and
actions of `cycle_rules`, taken by `fire`, asked by `check`, replayed by `replay`.

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

from dkbm.states.cycle_rules import ACTIONS, GUARDS, NOT_THIS, Guard, GuardResult
from dkbm.states.cycle_table import (
    ALL_STAGES,
    BY_CORRECTION,
    INITIAL,
    LATER,
    STAGE_NAMES,
    STAGES,
    STATES,
    STEPS,
    TRANSITIONS,
    TRIGGERS,
    describe_state,
)
from dkbm.states.errors import InvalidTrigger, Reason, Refused, UnknownTrigger
from dkbm.states.model import StrategyCycle

__all__ = [
    "ACTIONS",
    "ALL_STAGES",
    "BY_CORRECTION",
    "GUARDS",
    "INITIAL",
    "LATER",
    "NOT_THIS",
    "STAGES",
    "STAGE_NAMES",
    "STATES",
    "STEPS",
    "TRANSITIONS",
    "TRIGGERS",
    "Guard",
    "GuardResult",
    "allowed_triggers",
    "build_machine",
    "check",
    "describe_state",
    "fire",
    "replay",
]


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
    """Triggers offered in *state*, in table order (guards not evaluated); those only a
    correction takes (`BY_CORRECTION`) are not offered."""
    return [t for t in TRIGGERS if t not in BY_CORRECTION and _candidates(state, t)]


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
