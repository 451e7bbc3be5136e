"""Keep moderation runs in step with the stored cycles (part of the `abgleich` flow).

- A suspended run whose vote form is missing (killed between being marked Suspended
  and saving the form) gets it written again.
- A suspended run is woken (resumed) when what it waits for changed: every invitee
  answered, the deadline passed, a result was recorded, the cycle moved on.
- A running run whose process vanished (no heartbeat for `stale_after` seconds) is
  marked Crashed and scheduled again; so is a crashed one (for instance by the
  heartbeat automation in deploy/), up to `MAX_RUNS` attempts. The run starts from
  the top and, being a reconciler, does only what is missing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from dkbm import cycles
from dkbm.states import moderation as steps
from dkbm.states.errors import DkbmError

MAX_RUNS = 20
HEARTBEAT_EVENT = "prefect.flow-run.heartbeat"


@dataclass
class Report:
    resumed: list[str] = field(default_factory=list)
    forms_restored: list[str] = field(default_factory=list)
    rescheduled: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)


def stale_after() -> float:
    """Seconds without a heartbeat after which a running run counts as gone."""
    if configured := os.environ.get("DKBM_STALE_RUN_SECONDS"):
        return float(configured)
    from prefect.settings import get_current_settings

    frequency = get_current_settings().flows.heartbeat_frequency or 180
    return 3 * frequency


def reconcile_moderations(now: datetime, client: Any) -> Report:
    """One pass over the moderation runs that are suspended, running or crashed."""
    from dkbm.flows.runs import runs_in

    runs = runs_in(client, ("PAUSED", "RUNNING", "CRASHED"))
    report = Report()
    for run in runs:
        try:
            _reconcile(run, now, client, report)
        except DkbmError as exc:  # the cycle is gone or the database refuses: next run
            report.waiting.append(f"{run.name}: {exc}")
    report.crashed = mark_vanished(now, client)
    return report


SCHEDULED_FLOWS = ("erinnerungen", "versand", "zusammenfassungen", "abgleich")


def mark_vanished(now: datetime, client: Any) -> list[str]:
    """Scheduled flows whose process vanished: Crashed, not Running forever. Their work is
    picked up by their next scheduled run (claims and sweeps are leases), so they are not
    scheduled again."""
    from prefect.states import Crashed

    from dkbm.flows.runs import flow_runs

    runs = flow_runs(client, SCHEDULED_FLOWS, ("RUNNING",))
    crashed = []
    for run in runs:
        if _vanished(run, now, client):
            client.set_flow_run_state(
                run.id,
                Crashed(message="Prozess verschwunden: kein Lebenszeichen (Heartbeat) mehr"),
                force=True,
            )
            crashed.append(run.name)
    return crashed


def _reconcile(run: Any, now: datetime, client: Any, report: Report) -> None:
    from prefect.states import Crashed, Scheduled

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
            Crashed(message="Prozess verschwunden: kein Lebenszeichen (Heartbeat) mehr"),
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
