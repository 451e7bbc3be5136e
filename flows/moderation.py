"""The moderation flow: one stage of a cycle from Entwurf to Beschluss, as a reconciler.

Every run starts from the top, reads the stored cycle and does only what is still
missing (`states.moderation.next_step`): open the Beteiligung, open the Abstimmung,
take the decision. While people work it suspends: no process waits. The `abgleich`
flow wakes a suspended run when what it waits for has changed (every invitee
answered, the deadline passed, a result was recorded), and reschedules a run whose
process vanished. Inputs given in the Prefect UI's form are taken over at most once
each (the audit event carries the input's key as its source).

A run moderates a cycle of one Kommune (`kommune`, its AGS; None for a single Kommune
without one): the flow and each of its tasks serve it (`tenant.serving`, in the task's own
thread: Prefect may run a task in another).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

from prefect import flow, get_run_logger, runtime, task
from prefect.flow_runs import suspend_flow_run
from prefect.input import RunInput
from pydantic import Field

from dkbm import context, cycles, network_queries, queries
from dkbm.consequences import end_of
from dkbm.flows import relay
from dkbm.flows.report import decision_context
from dkbm.notifications.turns import serving
from dkbm.states import cycle as machine
from dkbm.states import moderation as steps
from dkbm.states.errors import DkbmError

FLOW_NAME = "moderation"
DEPLOYMENT = "moderation/moderation"
BY = "prefect:moderation"
INPUT_PREFIX = "suspended-abstimmung-"


class Decision(RunInput):
    """Abstimmungsergebnis laut Protokoll (Formular in der Prefect-UI)."""

    anwesend: int = Field(
        default=0,
        ge=0,
        title="Anwesende Stimmberechtigte",
        description="0: kein Ergebnis, der Lauf wartet weiter",
    )
    ja: int = Field(default=0, ge=0, title="Ja-Stimmen")
    nein: int = Field(default=0, ge=0, title="Nein-Stimmen")
    enthaltung: int = Field(default=0, ge=0, title="Enthaltungen")
    ueberarbeiten: bool = Field(
        default=False, title="Zurück in den Entwurf (statt eines Ergebnisses)"
    )
    grund: str = Field(default="", title="Begründung (bei Rückgabe in den Entwurf)")
    erfasst_von: str = Field(default="", title="Erfasst von (Ihr Name, steht im Verlauf)")


def run_name() -> str:
    """The run's name in the UI's list; set again whenever the run starts from the top."""
    parameters = runtime.flow_run.parameters
    return name_for(
        parameters.get("zyklus"), str(runtime.flow_run.id), kommune=parameters.get("kommune")
    )


def name_for(cycle_id: object, run_id: str | None = None, kommune: str | None = None) -> str:
    """`moderation München 09162000 Zyklus 3 Leitbild Runde 2`: the Kommune's name and AGS
    (if it has one: a coordinator finds her runs by name, filters them by the AGS's tag), the
    stage and round the run took on, or (before it took any) those the cycle stands in."""
    head = f"moderation {kommune} Zyklus" if kommune else "moderation Zyklus"
    try:
        with serving(kommune):
            if kommune:
                head = f"moderation {network_queries.municipality()['name']} {kommune} Zyklus"
            scope = cycles.moderation_scope(int(cycle_id), run_id) if run_id else None  # type: ignore[call-overload]
            if scope is None:
                doc = queries.status(int(cycle_id), context.now())  # type: ignore[call-overload]
                stage, rnd = doc["stufe"], doc["runde"]
            else:
                stage, rnd = scope.stage, scope.round
    except (DkbmError, TypeError, ValueError):
        return f"{head} {cycle_id}"
    return f"{head} {cycle_id} {machine.describe_state(stage)} Runde {rnd}"


def publish(cycle_id: int, kommune: str | None = None) -> dict:
    """Events for transitions not yet relayed (of every Kommune: the relay works across
    them), and this cycle's artifact kept current."""
    relay.relay_transitions()
    with serving(kommune):
        relay.refresh_artifact(cycle_id)
        return queries.status(cycle_id, context.now())


@task(name="Moderation aufnehmen")
def take_scope(
    cycle_id: int, run_id: str, started_by: str | None, kommune: str | None = None
) -> steps.Scope:
    with serving(kommune):
        return cycles.begin_moderation(cycle_id, run_id, by=started_by or BY, now=context.now())


@task(name="Eingaben aus dem Formular erfassen", retries=3, retry_delay_seconds=2)
def take_inputs(cycle_id: int, run_id: str, kommune: str | None = None) -> int:
    """Record every result given in the UI's form that is not recorded yet; returns how many."""
    from prefect.input.actions import filter_flow_run_input

    found = filter_flow_run_input(key_prefix=INPUT_PREFIX, limit=200, flow_run_id=UUID(run_id))
    responses = sorted((i for i in found if i.key.endswith("-response")), key=lambda i: i.created)
    taken = 0
    with serving(kommune):
        for given in responses:
            decision = Decision.load_from_flow_run_input(given)
            taken += apply_decision(cycle_id, decision, source=f"eingabe:{run_id}:{given.key}")
    return taken


def apply_decision(cycle_id: int, d: Decision, source: str) -> int:
    """Record one input once. A refused input is kept in the history with its reason."""
    by = d.erfasst_von.strip() or "Prefect-UI"
    now = context.now()
    try:
        if d.ueberarbeiten:
            reason = d.grund.strip() or "Rückgabe im Moderationslauf"
            cycles.advance(cycle_id, "ueberarbeiten", reason=reason, by=by, now=now, source=source)
        elif d.anwesend > 0:
            cycles.record_vote(
                cycle_id,
                present=d.anwesend,
                yes=d.ja,
                no=d.nein,
                abstain=d.enthaltung,
                by=by,
                now=now,
                source=source,
            )
        else:
            return 0
    except DkbmError as exc:
        if exc.key == "conflict":
            raise
        get_run_logger().warning("Eingabe nicht übernommen: %s", exc.message("de"))
        cycles.note_refused_input(cycle_id, source, exc.message("de"), by=by, now=now)
        return 0
    return 1


@task(name="Beteiligung starten")
def open_consultation(
    cycle_id: int, deadline: date | None, boards: list[int] | None, kommune: str | None = None
) -> str:
    if deadline is None:
        raise DkbmError("usage_missing", what="frist (Frist der Beteiligung)")
    return _advance(
        cycle_id,
        steps.OPEN_CONSULTATION,
        kommune,
        deadline=end_of(deadline),
        invited_boards=boards,
    )


@task(name="Abstimmung starten")
def open_vote(cycle_id: int, kommune: str | None = None) -> str:
    return _advance(cycle_id, steps.OPEN_VOTE, kommune)


@task(name="Beschluss fassen")
def decide(cycle_id: int, kommune: str | None = None) -> str:
    return _advance(cycle_id, steps.DECIDE, kommune)


def _advance(cycle_id: int, trigger: str, kommune: str | None, **kwargs: object) -> str:
    with serving(kommune):
        c = cycles.advance(cycle_id, trigger, by=BY, now=context.now(), **kwargs)  # type: ignore[arg-type]
    return c.state


_ACTIONS = {steps.OPEN_VOTE: open_vote, steps.DECIDE: decide}


@flow(name=FLOW_NAME, flow_run_name=run_name, log_prints=True)
def moderate_stage(
    zyklus: Annotated[int, Field(ge=1)],
    frist: date | None = None,
    gremien: list[int] | None = None,
    von: str | None = None,
    kommune: str | None = None,
) -> str:
    """Eine Stufe des Zyklus moderieren: Beteiligung, Abstimmung, Beschluss.

    Jeder Lauf liest den gespeicherten Stand und tut nur, was noch fehlt; solange
    Menschen arbeiten, ist der Lauf ausgesetzt (Suspended) und belegt keinen Prozess.

    Args:
        zyklus: Nummer des Strategiezyklus (dkbm zyklus list)
        frist: Frist der Beteiligung, bis 23:59 Uhr dieses Tages (nötig, wenn die Stufe im Entwurf steht)
        gremien: Mitglieder dieser Gremien zur Beteiligung einladen (Nummern); leer: das ganze Netzwerk
        von: wer die Moderation anstößt (steht im Verlauf)
        kommune: AGS der Kommune des Zyklus (leer bei einer einzigen Kommune ohne AGS)
    """
    logger = get_run_logger()
    run_id = str(runtime.flow_run.id)
    scope = take_scope(zyklus, run_id, von, kommune)
    take_inputs(zyklus, run_id, kommune)
    while True:
        with serving(kommune):
            c = cycles.replay_check(zyklus)[0]
        step = steps.next_step(c, scope, context.now())
        if step.action == steps.DONE:
            doc = publish(zyklus, kommune)
            logger.info("Moderation beendet: %s", doc["bezeichnung"])
            return doc["zustand"]
        if step.wait_key is not None:
            _suspend(zyklus, run_id, step, kommune)
        if step.action == steps.OPEN_CONSULTATION:
            open_consultation(zyklus, frist, gremien, kommune)
        else:
            _ACTIONS[step.action](zyklus, kommune)
        publish(zyklus, kommune)


def _suspend(cycle_id: int, run_id: str, step: steps.Step, kommune: str | None = None) -> None:
    """Suspend under a key this run has not used; the process ends here."""
    from prefect.client.orchestration import get_client

    assert step.wait_key is not None
    with get_client(sync_client=True) as client:
        used = set(client.read_flow_run(UUID(run_id)).empirical_policy.pause_keys or ())
    key = steps.fresh_key(step.wait_key, used)
    doc = publish(cycle_id, kommune)
    if step.action == steps.WAIT_CONSULTATION:
        b = doc["beteiligung"]
        get_run_logger().info(
            "Beteiligung läuft: %s von %s Antworten, Frist %s; der Lauf wird ausgesetzt",
            b["geantwortet"],
            b["eingeladen"],
            context.local(b["frist"]),
        )
        suspend_flow_run(key=key, timeout=None)
    else:
        recorded = doc["abstimmung"] is not None
        get_run_logger().info(
            "Warte auf ein Ergebnis mit Beschlussfähigkeit und Mehrheit; der Lauf wird ausgesetzt"
            if recorded
            else "Warte auf das Abstimmungsergebnis; der Lauf wird ausgesetzt"
        )
        with serving(kommune):
            form = vote_form(cycle_id)
        suspend_flow_run(wait_for_input=form, key=key, timeout=None)


def vote_form(cycle_id: int) -> type[Decision]:
    return Decision.with_initial_data(description=decision_context(cycle_id))


def restore_vote_form(cycle_id: int, run: Any, client: Any, now: datetime | None = None) -> bool:
    """Save the vote form of a run that waits for one, if it is missing.

    Prefect marks the run Suspended before it saves the form; a process killed in between
    leaves a run the UI cannot resume and the server would refuse to wake. A run
    suspended less than `form_grace()` seconds ago may be saving its form right now and
    is left alone; a form that appears meanwhile (409) is the run's own. True if the
    form had to be written again.
    """
    import orjson

    keyset = run.state.state_details.run_input_keyset
    if not keyset:
        return False
    age = (now or datetime.now(UTC)) - run.state.timestamp
    if age.total_seconds() < form_grace():
        return False
    base = keyset["schema"].removesuffix("-schema")
    present = {
        i.key
        for i in client.filter_flow_run_input(
            flow_run_id=run.id, key_prefix=base, limit=10, exclude_keys=set()
        )
    }
    form = vote_form(cycle_id)
    try:
        if keyset["schema"] not in present:
            form.save(keyset, flow_run_id=run.id)  # the schema as Prefect derives it
            return True
        if keyset["description"] not in present:
            description = orjson.dumps(form._description).decode()
            client.create_flow_run_input(run.id, keyset["description"], description)
            return True
    except Exception as exc:
        if _already_exists(exc):
            return False
        raise
    return False


def form_grace() -> float:
    """Seconds a suspending run has to save its own form before the reconciler does."""
    return float(os.environ.get("DKBM_VOTE_FORM_GRACE_SECONDS", "60"))


def _already_exists(exc: BaseException) -> bool:
    from prefect.exceptions import ObjectAlreadyExists

    response = getattr(exc, "response", None)
    return isinstance(exc, ObjectAlreadyExists) or getattr(response, "status_code", 0) == 409
