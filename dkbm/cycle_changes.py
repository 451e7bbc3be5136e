"""How a strategy cycle changes: one transaction of cycle state, audit event and outbox rows.

The pattern is always the same (`change`): load the cycle, let the pure
domain decide and mutate, then write the new version with an optimistic
check, the audit event and the messages it causes, and commit together.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from dkbm.effects import Effects, audit
from dkbm.states.errors import Conflict
from dkbm.states.model import StrategyCycle
from dkbm.store import repository as repo
from dkbm.store.db import Tx, transaction


def change(
    cycle_id: int,
    by: str,
    now: datetime,
    decide: Callable[[Tx, StrategyCycle], Effects],
    expected_version: int | None = None,
    cause: str | None = None,
) -> StrategyCycle:
    with transaction() as s:
        return change_in(s, cycle_id, by, now, decide, expected_version, cause)


def change_in(
    s: Tx,
    cycle_id: int,
    by: str,
    now: datetime,
    decide: Callable[[Tx, StrategyCycle], Effects],
    expected_version: int | None = None,
    cause: str | None = None,
) -> StrategyCycle:
    """`change` inside a transaction the caller holds (a meeting's vote deciding a cycle).

    With *cause* the change happens at most once: a repeat finds its audit entry and
    changes nothing."""
    c = repo.cycle(s, cycle_id)
    if cause is not None and repo.audit_by_source(s, "zyklus", cycle_id, cause) is not None:
        return c
    source, expected = c.state, c.version
    if expected_version is not None and expected_version != expected:
        raise Conflict(cycle_id, expected_version, expected)
    c.version = expected + 1
    fx = decide(s, c)
    repo.update_cycle(s, c, expected, now)
    audit(s, "zyklus", c, now, by, fx, source, cause)
    repo.enqueue(s, fx.outbox)
    return c
