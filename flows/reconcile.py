"""Keep moderation runs in step with the stored cycles (part of the `abgleich` flow).

- A suspended run whose vote form is missing (killed between being marked Suspended
  and saving the form) gets it written again.
- A suspended run is woken (resumed) when what it waits for changed: every invitee
  answered, the deadline passed, a result was recorded, the cycle moved on.
- A running run whose process vanished (no heartbeat for `stale_after` seconds) is
  marked Crashed and scheduled again; so is a crashed one (for instance by the
  heartbeat automation in deploy/), up to `MAX_RUNS` attempts. The run starts from
  the top and, being a reconciler, does only what is missing.

How soon a vanished run is marked: flow runs send a heartbeat every `HEARTBEAT_SECONDS`
(30, Prefect's shortest; `dkbm serve` and deploy/runbook.sh set it unless the operator
chose another), a run counts as gone after one and a half intervals without one (45 s),
and `abgleich` looks every minute: Crashed within two minutes of the kill.

Each moderation run's cycle is read as the run's Kommune (its parameter `kommune`; a run
made before runs named it: its cycle's Kommune).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from dkbm import cycles
from dkbm.notifications.turns import serving
from dkbm.states import moderation as steps
from dkbm.states.errors import DkbmError
from dkbm.store import tenant
from dkbm.store.db import transaction
from dkbm.store.tables import CycleRow

MAX_RUNS = 20
HEARTBEAT_EVENT = "prefect.flow-run.heartbeat"
HEARTBEAT_SECONDS = 30
# One interval and half of the next: a heartbeat may reach the server's event store a few
# seconds late (it writes events in batches every 5 s), never a whole interval late.
STALE_INTERVALS = 1.5
_HEARTBEAT_SETTINGS = ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY")


@dataclass
class Report:
    resumed: list[str] = field(default_factory=list)
    forms_restored: list[str] = field(default_factory=list)
    rescheduled: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)


def use_short_heartbeats() -> None:
    """Flow runs started by this process (`dkbm serve`) send a heartbeat every
    `HEARTBEAT_SECONDS` unless the operator set an interval (Prefect's default is 180 s,
    which would leave a killed run Running for ten minutes). Prefect reads the setting once
    per process: this only reaches the runs it starts."""
    if not any(os.environ.get(name) for name in _HEARTBEAT_SETTINGS):
        os.environ[_HEARTBEAT_SETTINGS[0]] = str(HEARTBEAT_SECONDS)


def stale_after() -> float:
    """Seconds without a heartbeat after which a running run counts as gone: measured in the
    heartbeat interval of this process, which is the one of the runs beside it (the same
    `dkbm serve` or worker started them)."""
    if configured := os.environ.get("DKBM_STALE_RUN_SECONDS"):
        return float(configured)
    from prefect.settings import get_current_settings

    frequency = get_current_settings().flows.heartbeat_frequency or 180
    return STALE_INTERVALS * max(frequency, HEARTBEAT_SECONDS)


def reconcile_moderations(now: datetime, client: Any) -> Report:
    """One pass over the moderation runs that are suspended, running or crashed."""
    from dkbm.flows.runs import runs_in

    runs = runs_in(client, ("PAUSED", "RUNNING", "CRASHED"))
    report = Report()
    for run in runs:
        try:
            with serving(kommune_of(run)):
                _reconcile(run, now, client, report)
        except DkbmError as exc:  # the cycle is gone or the database refuses: next run
            report.waiting.append(f"{run.name}: {exc}")
    report.crashed = mark_vanished(now, client)
    return report


def kommune_of(run: Any) -> int | str | None:
    """The Kommune a moderation run serves: its AGS parameter; for a run made before runs
    named it, its cycle's Kommune (by id, read across Kommunen); None: the only one."""
    parameters = run.parameters or {}
    if "kommune" in parameters or "zyklus" not in parameters:
        return parameters.get("kommune")
    table = CycleRow.__table__  # type: ignore[attr-defined]
    query = select(table.c.municipality_id).where(table.c.id == int(parameters["zyklus"]))
    with tenant.across(), transaction() as s:
        return s.connection().execute(query).scalar()


SCHEDULED_FLOWS = ("erinnerungen", "versand", "zusammenfassungen", "abgleich", "portal")


def mark_vanished(now: datetime, client: Any) -> list[str]:
    """Scheduled flows whose process vanished: Crashed, not Running forever. Their work is
    picked up by their next scheduled run (claims and sweeps are leases), so they are not
    scheduled again."""
    from dkbm.flows.runs import flow_runs

    runs = flow_runs(client, SCHEDULED_FLOWS, ("RUNNING",))
    crashed = []
    for run in runs:
        if _vanished(run, now, client):
            client.set_flow_run_state(
                run.id,
                _vanished_state(),
                force=True,
            )
            crashed.append(run.name)
    return crashed


def _vanished_state() -> Any:
    from prefect.states import Crashed

    from dkbm.states.i18n import t

    return Crashed(message=t("run_vanished", seconds=round(stale_after())))


def _reconcile(run: Any, now: datetime, client: Any, report: Report) -> None:
    from prefect.states import Scheduled

    from dkbm.flows.runs import resume

    state = run.state
    if "zyklus" not in (run.parameters or {}):
        return
    if state.is_paused():
        from dkbm.flows.moderation import restore_vote_form

        if restore_vote_form(int(run.parameters["zyklus"]), run, client, now):
            report.forms_restored.append(run.name)
        if _waits_for_current(run, now):
            report.waiting.append(run.name)
            return
        if refused := resume(run, client):
            report.waiting.append(f"{run.name}: {refused}")
            return
        report.resumed.append(run.name)
        return
    if state.is_running():
        if not _vanished(run, now, client):
            return
        client.set_flow_run_state(
            run.id,
            _vanished_state(),
            force=True,
        )
    elif run.run_count >= MAX_RUNS or _finished(run, now):
        return
    client.set_flow_run_state(
        run.id,
        Scheduled(name="Wiederaufnahme", message="erneut eingeplant vom Abgleich"),
        force=True,
    )
    report.rescheduled.append(run.name)


def _scope_and_step(run: Any, now: datetime) -> tuple[steps.Scope | None, steps.Step | None]:
    cycle_id = int(run.parameters["zyklus"])
    scope = cycles.moderation_scope(cycle_id, str(run.id))
    if scope is None:
        return None, None
    c = cycles.replay_check(cycle_id)[0]
    return scope, steps.next_step(c, scope, now)


def _waits_for_current(run: Any, now: datetime) -> bool:
    _, step = _scope_and_step(run, now)
    if step is None:
        return False
    return steps.is_current(run.state.state_details.pause_key, step)


def _finished(run: Any, now: datetime) -> bool:
    scope, step = _scope_and_step(run, now)
    return scope is not None and step is not None and step.action == steps.DONE


def _vanished(run: Any, now: datetime, client: Any) -> bool:
    from prefect.events.filters import (
        EventFilter,
        EventNameFilter,
        EventOccurredFilter,
        EventResourceFilter,
    )

    window = timedelta(seconds=stale_after())
    if now - run.state.timestamp < window:
        return False
    page = client.read_events(
        filter=EventFilter(
            event=EventNameFilter(name=[HEARTBEAT_EVENT]),
            resource=EventResourceFilter(id=[f"prefect.flow-run.{run.id}"]),
            occurred=EventOccurredFilter(since=now - window, until=now + timedelta(minutes=5)),
        ),
        limit=1,
    )
    return not page.events
