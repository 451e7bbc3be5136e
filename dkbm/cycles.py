"""Use cases on strategy cycles: starting one, taking its transitions (also as a Sitzung's
vote and as a moderation run), and checking its history by replay.

Each is one transaction of cycle state, audit event and outbox rows (`cycle_changes`).
Editing the content is in `cycle_content`, the Beteiligung's inputs in
`cycle_consultation`, votes outside a Sitzung in `cycle_votes`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from dkbm import consequences
from dkbm.cycle_changes import change, change_in

# Imported `as` themselves: the CLI calls them as `cycles.<name>`.
from dkbm.cycle_consultation import change_deadline as change_deadline
from dkbm.cycle_consultation import record_response as record_response
from dkbm.cycle_content import add_goal as add_goal
from dkbm.cycle_content import add_strategy as add_strategy
from dkbm.cycle_content import change_item as change_item
from dkbm.cycle_content import line
from dkbm.cycle_content import remove_item as remove_item
from dkbm.cycle_content import report_progress as report_progress
from dkbm.cycle_content import save_measure as save_measure
from dkbm.cycle_content import set_vision as set_vision
from dkbm.cycle_votes import record_ballot as record_ballot
from dkbm.cycle_votes import record_vote as record_vote
from dkbm.effects import Effects, audit
from dkbm.states import cycle as machine
from dkbm.states import moderation
from dkbm.states.errors import InputError, NotFound, Reason, Refused
from dkbm.states.model import Measure, StrategyCycle, Vote
from dkbm.store import codec
from dkbm.store import repository as repo
from dkbm.store.db import Tx, session, transaction


def start(
    *,
    title: str,
    board_id: int,
    by: str,
    now: datetime,
    seed_from: int | None = None,
) -> StrategyCycle:
    """Start a cycle in Leitbild/Entwurf; seeded from a closed cycle it takes over its content."""
    with session() as s:
        kommune = repo.municipality(s)
        if repo.board(s, board_id).voting_members == 0:
            raise Refused("start", Reason("reason_board_no_voters", id=board_id))
        new = StrategyCycle(
            id=None, municipality_id=kommune.id, title=line(title), board_id=board_id
        )
        if seed_from is not None:
            old = repo.cycle(s, seed_from)
            if old.state != "abgeschlossen":
                raise Refused("start", Reason("reason_not_closed", id=seed_from, state=old.state))
            new.vision, new.goals, new.strategies = old.vision, old.goals, old.strategies
            new.measures = [Measure(**{**vars(m), "reports": []}) for m in old.measures]
            new.seeded_from = seed_from
        new.version = 1
        repo.insert_cycle(s, new, now)
        audit(s, "zyklus", new, now, by, Effects("gestartet", payload={"aus": seed_from}), None)
        if seed_from is not None:
            from dkbm import indicators

            indicators.carry_over(s, seed_from, new.id or 0, by=by, now=now)
    return new


def advance(
    cycle_id: int,
    trigger: str,
    *,
    by: str,
    now: datetime,
    reason: str = "",
    deadline: datetime | None = None,
    invited: list[int] | None = None,
    invited_boards: list[int] | None = None,
    stage: str | None = None,
    expected_version: int | None = None,
    source: str | None = None,
    meeting: datetime | None = None,
    place: str = "",
) -> StrategyCycle:
    """Take *trigger* (a German verb such as `beschliessen`) on a cycle.

    With *expected_version* the step is only taken if nobody changed the cycle
    since the caller looked at that version. With *source* (what caused the step,
    e.g. a flow run's input) it is taken at most once: a repeat changes nothing.
    """
    decide = _stepper(
        trigger,
        now=now,
        reason=reason,
        deadline=deadline,
        invited=invited,
        invited_boards=invited_boards,
        stage=stage,
        meeting=meeting,
        place=place,
    )
    return change(cycle_id, by, now, decide, expected_version, cause=source)


def _stepper(
    trigger: str,
    *,
    now: datetime,
    reason: str = "",
    deadline: datetime | None = None,
    invited: list[int] | None = None,
    invited_boards: list[int] | None = None,
    stage: str | None = None,
    meeting: datetime | None = None,
    place: str = "",
    decided_in: consequences.DecidedIn | None = None,
) -> Callable[[Tx, StrategyCycle], Effects]:
    """What taking *trigger* decides on a loaded cycle (for `cycle_changes.change`)."""

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        kwargs: dict[str, Any] = {}
        if trigger == "beteiligung_starten":
            kwargs["deadline"] = deadline
            kwargs["invited"] = _invitees(s, invited, invited_boards)
        if trigger == "abstimmung_starten" and deadline is not None:
            kwargs["deadline"] = deadline
        if trigger == "abstimmung_starten" and (meeting is not None or place):
            if deadline is not None:
                raise InputError("vote_mode_conflict")
            kwargs["meeting"], kwargs["place"] = meeting, place.strip()
        if trigger == "wiedereroeffnen":
            kwargs["stage"] = stage
        if trigger == "beschliessen" and reason:
            kwargs["reason"] = reason
        source = machine.fire(c, trigger, now=now, **kwargs)
        payload = _replay_payload(trigger, kwargs)
        if decided_in:
            payload["sitzung"] = decided_in[0]
        return Effects(
            action="uebergang",
            trigger=trigger,
            reason=reason,
            payload=payload,
            outbox=consequences.of_transition(s, c, trigger, source, now, reason, decided_in),
        )

    return decide


def decide_in_meeting(
    s: Tx,
    cycle_id: int,
    *,
    stage: str,
    vote: Vote,
    reason: str,
    meeting: int,
    by: str,
    at: datetime,
    source: str,
    resolution: str = "",
) -> StrategyCycle:
    """A Gremium's vote on a cycle's TOP, inside the meeting's transaction: the result is
    recorded, then the stage is decided (`beschliessen`) or sent back (`ueberarbeiten`, with
    the discussion as the reason) at the meeting's date; the Beschlussmitteilung carries the
    TOP's Beschlusstext *resolution*. *source* makes it happen once."""

    def record(s: Tx, c: StrategyCycle) -> Effects:
        if c.state != f"{stage}_abstimmung":
            raise Refused("abstimmen", Reason("reason_not_in_vote", state=c.state))
        c.vote = vote
        return Effects("abstimmung_erfasst", payload={**vars(vote), "sitzung": meeting})

    change_in(s, cycle_id, by, at, record, cause=f"{source}:ergebnis")
    trigger = "beschliessen" if vote.quorate and vote.majority else "ueberarbeiten"
    decided_in = consequences.DecidedIn(meeting, at, resolution)
    step = _stepper(trigger, now=at, reason=reason, decided_in=decided_in)
    return change_in(s, cycle_id, by, at, step, cause=source)


def preview(
    cycle_id: int,
    trigger: str,
    *,
    now: datetime,
    deadline: datetime | None = None,
    invited_boards: list[int] | None = None,
) -> Reason | None:
    """Why *trigger* would be refused now (None: it would be taken); changes nothing."""
    with transaction() as s:
        c = repo.cycle(s, cycle_id)
        kwargs: dict[str, Any] = {}
        if trigger == "beteiligung_starten":
            kwargs = {"deadline": deadline, "invited": _invitees(s, None, invited_boards)}
        return machine.check(c, trigger, now=now, **kwargs)


def begin_moderation(cycle_id: int, run_id: str, *, by: str, now: datetime) -> moderation.Scope:
    """Note which stage and round the moderation run *run_id* takes on (once per run).

    The scope is what lets the run, rerun from the start after every suspension,
    tell its own work from a later round or stage that is not its business."""
    cause = f"moderation:{run_id}"
    if (scope := moderation_scope(cycle_id, run_id)) is not None:
        return scope

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        scope = moderation.scope_of(c)
        if scope is None:
            raise Refused("moderieren", Reason("reason_not_moderatable", state=c.state))
        return Effects(
            "moderation_gestartet",
            payload={"lauf": run_id, "stufe": scope.stage, "runde": scope.round},
        )

    change(cycle_id, by, now, decide, cause=cause)
    scope = moderation_scope(cycle_id, run_id)
    assert scope is not None
    return scope


def moderation_scope(cycle_id: int, run_id: str) -> moderation.Scope | None:
    with transaction() as s:
        repo.cycle(s, cycle_id)
        row = repo.audit_by_source(s, "zyklus", cycle_id, f"moderation:{run_id}")
    if row is None:
        return None
    payload = row.payload if isinstance(row.payload, dict) else codec.loads(row.payload)
    return moderation.Scope(payload["stufe"], payload["runde"])


def note_refused_input(
    cycle_id: int, source: str, reason: str, *, by: str, now: datetime
) -> StrategyCycle:
    """Keep a refused input in the history, so it is neither lost silently nor tried again."""

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        return Effects("eingabe_abgelehnt", reason=reason)

    return change(cycle_id, by, now, decide, cause=source)


def _invitees(s: Tx, actor_ids: list[int] | None, board_ids: list[int] | None) -> list[int]:
    """Explicit Akteure and members of the named boards; with neither, the whole network."""
    if not actor_ids and not board_ids:
        return [a.id for a in repo.actors(s) if a.id is not None and a.active]
    chosen = set(actor_ids or [])
    missing = sorted(chosen - repo.existing_actor_ids(s, chosen))
    if missing:
        raise NotFound("actor", missing[0])
    for board_id in board_ids or []:
        chosen.update(m.actor_id for m in repo.board(s, board_id).members)
    return sorted(chosen)


def _replay_payload(trigger: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """What the audit entry keeps of a trigger's inputs (the stage a reopen went to matters
    for replay; deadlines and the number invited are for people reading the history)."""
    payload: dict[str, Any] = {}
    if "stage" in kwargs:
        payload["stage"] = kwargs["stage"]
    if kwargs.get("deadline"):
        payload["deadline"] = kwargs["deadline"].isoformat()
    if "invited" in kwargs:
        payload["invited"] = len(kwargs["invited"])
    if kwargs.get("meeting"):
        payload["meeting"] = kwargs["meeting"].isoformat()
    if kwargs.get("place"):
        payload["place"] = kwargs["place"]
    return payload


def replay_check(cycle_id: int) -> tuple[StrategyCycle, list[Any], list[str]]:
    """The stored cycle, its audit events and the states their triggers reach when replayed."""
    with session() as s:
        c = repo.cycle(s, cycle_id)
        events = repo.audit_events(s, "zyklus", cycle_id)
    steps = [(e.trigger, e.payload or {}) for e in events if e.trigger]
    return c, events, machine.replay(steps)
