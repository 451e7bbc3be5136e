"""The moderation flow: one stage from Beteiligung to Beschluss.

Opens the Beteiligung with a deadline, waits until it is due or every invited
Akteur answered, opens the Abstimmung, and pauses for the result from the
minutes, which the Prefect UI asks for in a form (or `dkbm zyklus entscheiden`
sends). A vote without quorum is recorded and the flow pauses again for the
repeated vote. Each step is a task calling the same use case as the CLI.
"""

from __future__ import annotations

import time
from datetime import datetime

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.events import emit_event
from prefect.flow_runs import pause_flow_run
from prefect.input import RunInput
from pydantic import Field

from dkbm import context, cycles, queries
from flows.report import status_markdown
from states import cycle as machine
from states.errors import Refused

FLOW_NAME = "moderation"
BY = "prefect:moderation"


class Decision(RunInput):
    """Abstimmungsergebnis laut Protokoll."""

    anwesend: int = Field(ge=0, description="Anwesende stimmberechtigte Mitglieder")
    ja: int = Field(ge=0, description="Ja-Stimmen")
    nein: int = Field(default=0, ge=0, description="Nein-Stimmen")
    enthaltung: int = Field(default=0, ge=0, description="Enthaltungen")
    ueberarbeiten: bool = Field(
        default=False, description="Entwurf zurück in die Überarbeitung geben statt abzustimmen"
    )


def run_name(cycle_id: int) -> str:
    return f"moderation-zyklus-{cycle_id}"


def publish(cycle_id: int, trigger: str | None = None, source: str | None = None) -> dict:
    """Artifact with the status table; an event when a transition happened."""
    doc = queries.status(cycle_id, context.now())
    create_markdown_artifact(
        key=f"dkbm-zyklus-{cycle_id}",
        markdown=status_markdown(doc),
        description=f"Stand von Strategiezyklus {cycle_id}",
    )
    if trigger:
        emit_event(
            event=f"dkbm.zyklus.{trigger}",
            resource={
                "prefect.resource.id": f"dkbm.zyklus.{cycle_id}",
                "prefect.resource.name": doc["titel"],
            },
            payload={"from": source, "to": doc["zustand"], "version": doc["version"]},
        )
    return doc


def _step(cycle_id: int, trigger: str, **kwargs: object) -> str:
    before = queries.status(cycle_id, context.now())["zustand"]
    after = cycles.advance(cycle_id, trigger, by=BY, now=context.now(), **kwargs)  # type: ignore[arg-type]
    publish(cycle_id, trigger, before)
    return after.state


@task(name="Beteiligung eröffnen")
def open_consultation(cycle_id: int, deadline: datetime, boards: list[int] | None) -> str:
    return _step(cycle_id, "beteiligung_starten", deadline=deadline, invited_boards=boards)


@task(name="Abstimmung eröffnen")
def open_vote(cycle_id: int) -> str:
    return _step(cycle_id, "abstimmung_starten")


@task(name="Abstimmungsergebnis erfassen")
def record_vote(cycle_id: int, decision: Decision) -> bool:
    """False if the result does not fit the Gremium (the flow then asks again)."""
    try:
        cycles.record_vote(
            cycle_id,
            present=decision.anwesend,
            yes=decision.ja,
            no=decision.nein,
            abstain=decision.enthaltung,
            by=BY,
            now=context.now(),
        )
    except Refused as exc:
        get_run_logger().warning("Ergebnis nicht erfasst: %s", exc.reason)
        return False
    publish(cycle_id)
    return True


@task(name="Beschluss fassen")
def decide(cycle_id: int) -> str | None:
    """The new state, or None if the Gremium could not decide (reason in the log)."""
    try:
        return _step(cycle_id, "beschliessen")
    except Refused as exc:
        get_run_logger().warning("Kein Beschluss: %s", exc.reason)
        return None


@task(name="Zur Überarbeitung zurückgeben")
def send_back(cycle_id: int, reason: str) -> str:
    return _step(cycle_id, "ueberarbeiten", reason=reason)


def consultation_closed(cycle_id: int) -> bool:
    c = cycles.replay_check(cycle_id)[0]
    return machine.check(c, "abstimmung_starten", now=context.now()) is None


@flow(name=FLOW_NAME, flow_run_name="moderation-zyklus-{cycle_id}", log_prints=True)
def moderate_stage(
    cycle_id: int,
    deadline: datetime,
    boards: list[int] | None = None,
    poll_seconds: float = 60.0,
    decision_timeout: int = 14 * 24 * 3600,
) -> str:
    """Moderate the cycle's current stage from Entwurf (or a running step) to Beschluss."""
    logger = get_run_logger()
    state = publish(cycle_id)["zustand"]
    if state.endswith("_entwurf"):
        state = open_consultation(cycle_id, deadline, boards)
    if state.endswith("_beteiligung"):
        while not consultation_closed(cycle_id):
            time.sleep(poll_seconds)
        state = open_vote(cycle_id)
    attempt = 0
    while state.endswith("_abstimmung"):
        attempt += 1
        logger.info("Warte auf das Abstimmungsergebnis (Versuch %s)", attempt)
        decision = pause_flow_run(
            wait_for_input=Decision,
            timeout=decision_timeout,
            poll_interval=2,
            key=f"abstimmung-{attempt}",
        )
        if decision.ueberarbeiten:
            return send_back(cycle_id, "Rückgabe im Moderationslauf")
        if record_vote(cycle_id, decision):
            state = decide(cycle_id) or state
    return state
