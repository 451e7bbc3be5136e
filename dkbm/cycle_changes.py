"""How a strategy cycle changes: one transaction of cycle state, audit event and outbox rows.

The pattern is always the same (`change`): load the cycle, let the pure
domain decide and mutate, then write the new version with an optimistic
check, the audit event and the messages it causes, and commit together.
A member's answer or ballot is no change of the cycle (`contribute`): a row of its own
and its audit entry, under no version check.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from dkbm.effects import Effects, audit
from dkbm.states.errors import Conflict, DatabaseError
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


def contribute(
    cycle_id: int,
    by: str,
    now: datetime,
    record: Callable[[Tx, StrategyCycle], dict[str, Any] | None],
    *,
    action: str,
    source: str | None = None,
) -> StrategyCycle:
    """A member's part in the running stage (a Rückmeldung, a Stimme): *record* checks it
    against the cycle and writes its own row, returning the audit entry's details (None:
    nothing changed, nothing is written). The entry carries the cycle's current version; the
    cycle itself is not written, so any number of members can take part at once.

    With *source* a submission counts once: a repeat finds its audit entry and writes
    nothing. Two copies racing each other collide on that entry's unique source; the loser
    runs again and finds the winner's. Returns the cycle with its rows as they are then."""
    for attempt in (1, 2):
        try:
            with transaction() as s:
                c = repo.cycle(s, cycle_id, rows=False)
                if source is None or repo.audit_by_source(s, "zyklus", cycle_id, source) is None:
                    payload = record(s, c)
                    if payload is not None:
                        repo.append_audit(
                            s,
                            subject="zyklus",
                            subject_id=cycle_id,
                            version=c.version,
                            at=now,
                            by=by,
                            action=action,
                            from_state=c.state,
                            to_state=c.state,
                            payload=payload,
                            source=source,
                        )
                return repo.with_rows(s, c)
        except DatabaseError as exc:
            if source is None or exc.key != "database_conflict" or attempt == 2:
                raise
    raise AssertionError("unreachable")


def origin(source: str | None) -> str:
    """Where a submission came from, as kept with its row: "web" for "web:<submission>";
    without a source, the command line."""
    return source.split(":", 1)[0] if source else "cli"
