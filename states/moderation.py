"""What a moderation run does next, read off the stored cycle (pure: no I/O, no clock).

A moderation run takes on one stage in one round (its *scope*). Every time it runs,
from the start, it asks `next_step` and does only that; while people work it waits
under a key that names what it waits for. The sweep asks the same question for a
waiting run: when the key it would wait under now differs, something changed and the
run is woken. So the flow and the sweep cannot disagree about what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dkbm.states import cycle as machine
from dkbm.states.errors import DkbmError
from dkbm.states.model import StrategyCycle

OPEN_CONSULTATION = "beteiligung_starten"
OPEN_VOTE = "abstimmung_starten"
DECIDE = "beschliessen"
WAIT_CONSULTATION = "warten_beteiligung"
WAIT_VOTE = "warten_abstimmung"
DONE = "fertig"


@dataclass(frozen=True)
class Scope:
    """The stage and round a moderation run took on when it first ran."""

    stage: str
    round: int


@dataclass(frozen=True)
class Step:
    action: str
    # Waits only: the base of the suspension key; a fresh suffix is added per suspension.
    wait_key: str | None = None


def scope_of(c: StrategyCycle) -> Scope | None:
    """The scope a new moderation run takes on, or None if the state offers none."""
    stage, _, step = c.state.partition("_")
    if stage in machine.STAGES and step in ("entwurf", "beteiligung", "abstimmung"):
        return Scope(stage, c.round)
    return None


def next_step(c: StrategyCycle, scope: Scope, now: datetime) -> Step:
    if c.stage != scope.stage or c.round != scope.round:
        return Step(DONE)
    step = c.state.partition("_")[2]
    if step == "entwurf":
        return Step(OPEN_CONSULTATION)
    if step == "beteiligung":
        if _allowed(c, OPEN_VOTE, now):
            return Step(OPEN_VOTE)
        return Step(WAIT_CONSULTATION, f"beteiligung-{scope.stage}-r{scope.round}")
    if step == "abstimmung":
        if _allowed(c, DECIDE, now):
            return Step(DECIDE)
        return Step(WAIT_VOTE, f"abstimmung-{scope.stage}-r{scope.round}-v{c.version}{_cast(c)}")
    return Step(DONE)


def _cast(c: StrategyCycle) -> str:
    """The ballots of a written vote as the wait key names them: a Stimme changes no
    version, yet each one (also one changed from ja to nein) changes what the run shows
    and may decide."""
    if not c.ballots:
        return ""
    choices = list(c.ballots.values())
    return f"-j{choices.count('ja')}n{choices.count('nein')}e{choices.count('enthaltung')}"


def is_current(pause_key: str | None, step: Step) -> bool:
    """Whether a run suspended under *pause_key* still waits for what *step* names."""
    if step.wait_key is None or not pause_key:
        return False
    return pause_key.rsplit("-", 1)[0] == step.wait_key


def fresh_key(base: str, used: set[str]) -> str:
    """A suspension key under *base* that this run has not used (a used key never suspends)."""
    n = 0
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def _allowed(c: StrategyCycle, trigger: str, now: datetime) -> bool:
    try:
        return machine.check(c, trigger, now=now) is None
    except DkbmError:
        return False
