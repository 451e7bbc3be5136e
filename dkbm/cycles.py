"""Use cases on strategy cycles. Each is one transaction: cycle state, audit event, outbox rows.

The pattern is always the same (`_change`): load the cycle, let the pure
domain decide and mutate, then write the new version with an optimistic
check, the audit event and the messages it causes, and commit together.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dkbm import consequences
from dkbm.states import cycle as machine
from dkbm.states import moderation
from dkbm.states.errors import Conflict, InputError, InvalidValue, NotFound, Reason, Refused, Word
from dkbm.states.i18n import t
from dkbm.states.model import (
    BALLOT_CHOICES,
    VOTING_ROLES,
    EducationArea,
    Goal,
    Measure,
    Report,
    Strategy,
    StrategyCycle,
    Vote,
    vote_from_ballots,
)
from dkbm.store import codec
from dkbm.store import repository as repo
from dkbm.store.db import Tx, session, transaction

CONTENT_STAGE = {
    "vision": "leitbild",
    "goal": "ziele",
    "strategy": "strategien",
    "measure": "massnahmen",
}


@dataclass
class Effects:
    """What a change causes besides the new state: the audit entry's details and messages."""

    action: str
    trigger: str | None = None
    reason: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    outbox: list[dict[str, Any]] = field(default_factory=list)


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
            id=None, municipality_id=kommune.id, title=_line(title), board_id=board_id
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
        _audit(s, new, now, by, Effects("gestartet", payload={"aus": seed_from}), None)
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
    return _change(cycle_id, by, now, decide, expected_version, cause=source)


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
    decided_in: tuple[int, datetime] | None = None,
) -> Callable[[Tx, StrategyCycle], Effects]:
    """What taking *trigger* decides on a loaded cycle (for `_change`)."""

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
) -> StrategyCycle:
    """A Gremium's vote on a cycle's TOP, inside the meeting's transaction: the result is
    recorded, then the stage is decided (`beschliessen`) or sent back (`ueberarbeiten`, with
    the discussion as the reason) at the meeting's date. *source* makes it happen once."""

    def record(s: Tx, c: StrategyCycle) -> Effects:
        if c.state != f"{stage}_abstimmung":
            raise Refused("abstimmen", Reason("reason_not_in_vote", state=c.state))
        c.vote = vote
        return Effects("abstimmung_erfasst", payload={**vars(vote), "sitzung": meeting})

    _change_in(s, cycle_id, by, at, record, cause=f"{source}:ergebnis")
    trigger = "beschliessen" if vote.quorate and vote.majority else "ueberarbeiten"
    step = _stepper(trigger, now=at, reason=reason, decided_in=(meeting, at))
    return _change_in(s, cycle_id, by, at, step, cause=source)


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


def set_vision(cycle_id: int, text: str, *, by: str, now: datetime) -> StrategyCycle:
    def decide(s: Tx, c: StrategyCycle) -> Effects:
        _editable(c, "vision")
        c.vision = _title(text)
        return Effects("leitbild_geaendert")

    return _change(cycle_id, by, now, decide)


def add_goal(
    cycle_id: int, title: str, areas: list[str], *, by: str, now: datetime
) -> StrategyCycle:
    from dkbm.network import choice

    checked = [choice(EducationArea, a, "bildungsbereich").value for a in areas]

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        _editable(c, "goal")
        goal = Goal(id=c.next_item_id(), title=_line(title), areas=checked)
        c.goals.append(goal)
        return Effects("ziel_hinzugefuegt", payload={"id": goal.id})

    return _change(cycle_id, by, now, decide)


def add_strategy(
    cycle_id: int, goal_id: int, title: str, *, by: str, now: datetime
) -> StrategyCycle:
    def decide(s: Tx, c: StrategyCycle) -> Effects:
        _editable(c, "strategy")
        if not any(g.id == goal_id for g in c.goals):
            raise NotFound("goal", goal_id)
        strategy = Strategy(id=c.next_item_id(), goal_id=goal_id, title=_line(title))
        c.strategies.append(strategy)
        return Effects("strategie_hinzugefuegt", payload={"id": strategy.id})

    return _change(cycle_id, by, now, decide)


def save_measure(
    cycle_id: int,
    *,
    by: str,
    now: datetime,
    measure_id: int | None = None,
    strategy_id: int | None = None,
    title: str | None = None,
    owner_id: int | None = None,
    indicator: str | None = None,
    target_value: str | None = None,
    deadline: date | None = None,
) -> StrategyCycle:
    """Add a measure (no *measure_id*) or change the given fields of an existing one."""

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        _editable(c, "measure")
        if owner_id is not None:
            repo.actor(s, owner_id)
        if measure_id is None:
            if strategy_id is None or not any(x.id == strategy_id for x in c.strategies):
                raise NotFound("strategy", strategy_id)
            m = Measure(id=c.next_item_id(), strategy_id=strategy_id, title=_line(title or ""))
            c.measures.append(m)
            action = "massnahme_hinzugefuegt"
        else:
            m = _measure(c, measure_id)
            if title is not None:
                m.title = _line(title)
            action = "massnahme_geaendert"
        for name, value in (
            ("owner_id", owner_id),
            ("indicator", indicator),
            ("target_value", target_value),
            ("deadline", deadline),
        ):
            if value is not None:
                setattr(m, name, value)
        return Effects(action, payload={"id": m.id})

    return _change(cycle_id, by, now, decide)


def change_item(
    cycle_id: int,
    item_id: int,
    *,
    by: str,
    now: datetime,
    title: str | None = None,
    areas: list[str] | None = None,
    goal_id: int | None = None,
) -> StrategyCycle:
    """Change a Ziel (title, Bildungsbereiche) or a Strategie (title, its Ziel) in its draft."""
    from dkbm.network import choice

    checked = [choice(EducationArea, a, "bildungsbereich").value for a in areas or []]

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        kind, item = _item(c, item_id)
        if kind == "measure":
            raise InvalidValue("nr", item_id, t("expected_goal_or_strategy"))
        _editable(c, kind)
        if title is not None:
            item.title = _line(title)
        if kind == "goal" and areas is not None:
            item.areas = checked
        if kind == "strategy" and goal_id is not None:
            if not any(g.id == goal_id for g in c.goals):
                raise NotFound("goal", goal_id)
            item.goal_id = goal_id
        return Effects(f"{_GERMAN[kind]}_geaendert", payload={"id": item_id})

    return _change(cycle_id, by, now, decide)


def remove_item(cycle_id: int, item_id: int, *, by: str, now: datetime) -> StrategyCycle:
    """Remove a Ziel, Strategie or Maßnahme in its draft; refused while something uses it."""

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        kind, item = _item(c, item_id)
        _editable(c, kind, "entfernen")
        users = {
            "goal": ("strategy", [x.id for x in c.strategies if x.goal_id == item_id]),
            "strategy": ("measure", [x.id for x in c.measures if x.strategy_id == item_id]),
            "measure": ("measure", []),
        }[kind]
        if not users[1] and kind != "strategy":
            users = ("indicator", _indicators_of(s, cycle_id, item_id))
        if users[1]:
            raise Refused(
                "entfernen",
                Reason(
                    "reason_item_referenced",
                    what=_kind_word(kind),
                    id=item_id,
                    by=_Named(users[0], users[1]),
                ),
            )
        for items in (c.goals, c.strategies, c.measures):
            if item in items:
                items.remove(item)
        return Effects(f"{_GERMAN[kind]}_entfernt", payload={"id": item_id, "titel": item.title})

    return _change(cycle_id, by, now, decide)


_GERMAN = {"goal": "ziel", "strategy": "strategie", "measure": "massnahme"}


def _indicators_of(s: Tx, cycle_id: int, item_id: int) -> list[int]:
    """Kennzahlen measuring a Ziel or Maßnahme: it cannot go while they refer to it."""
    from dkbm.store import indicators

    return [i.id or 0 for i in indicators.indicators(s, cycle_id=cycle_id) if i.item_id == item_id]


def _item(c: StrategyCycle, item_id: int) -> tuple[str, Any]:
    for kind, items in (("goal", c.goals), ("strategy", c.strategies), ("measure", c.measures)):
        for item in items:
            if item.id == item_id:
                return kind, item
    raise NotFound("item", item_id)


def record_response(
    cycle_id: int, actor_id: int, text: str, *, by: str, now: datetime
) -> StrategyCycle:
    """Rückmeldung of an invited Akteur to the running Beteiligung."""

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if not c.state.endswith("_beteiligung") or c.consultation is None:
            raise Refused("antwort", Reason("reason_not_in_consultation", state=c.state))
        repo.actor(s, actor_id)
        if actor_id not in c.consultation.invited:
            raise Refused("antwort", Reason("reason_not_invited", actor=actor_id))
        replaced = actor_id in c.consultation.answers
        c.consultation.answers[actor_id] = text
        return Effects(
            "rueckmeldung", payload={"akteur": actor_id, "text": text, "ersetzt": replaced}
        )

    return _change(cycle_id, by, now, decide)


def change_deadline(cycle_id: int, due: datetime, *, by: str, now: datetime) -> StrategyCycle:
    """Move the running Beteiligung's deadline; reminders follow, the calendar entry updates."""

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if not c.state.endswith("_beteiligung") or c.consultation is None:
            raise Refused("frist", Reason("reason_deadline_not_in_consultation", state=c.state))
        if due <= now:
            raise Refused("frist", Reason("reason_deadline_past", deadline=machine.fmt(due)))
        old = c.consultation.deadline
        c.consultation.deadline = due
        return Effects(
            "frist_geaendert",
            payload={"von": old.isoformat(), "bis": due.isoformat()},
            outbox=consequences.of_new_deadline(s, c, due, now),
        )

    return _change(cycle_id, by, now, decide)


def record_vote(
    cycle_id: int,
    *,
    present: int,
    yes: int,
    no: int,
    abstain: int,
    by: str,
    now: datetime,
    source: str | None = None,
) -> StrategyCycle:
    """Record the vote result from the minutes; quorum is judged against the board's members now.

    With *source* the result is recorded at most once (see `advance`)."""
    for name, value in (("anwesend", present), ("ja", yes), ("nein", no), ("enthaltung", abstain)):
        if value < 0:
            raise InvalidValue(name, value, ">= 0")

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if not c.state.endswith("_abstimmung"):
            raise Refused("abstimmung", Reason("reason_not_in_vote", state=c.state))
        board = repo.board(s, c.board_id)
        if board.voting_members == 0:
            raise Refused("abstimmung", Reason("reason_board_no_voters", id=board.id))
        if present > board.voting_members:
            raise Refused(
                "abstimmung",
                Reason("reason_present_exceeds", present=present, members=board.voting_members),
            )
        if yes + no + abstain > present:
            raise Refused(
                "abstimmung", Reason("reason_vote_counts", cast=yes + no + abstain, present=present)
            )
        replaced = c.vote is not None and c.vote.stage == c.stage
        c.vote = Vote(
            stage=c.stage,
            present=present,
            yes=yes,
            no=no,
            abstain=abstain,
            voting_members=board.voting_members,
            quorum_needed=board.quorum_needed,
        )
        return Effects("abstimmung_erfasst", payload={**vars(c.vote), "ersetzt": replaced})

    return _change(cycle_id, by, now, decide, cause=source)


def record_ballot(
    cycle_id: int, actor_id: int, choice: str, *, by: str, now: datetime
) -> StrategyCycle:
    """Stimme in a written vote (Umlaufverfahren); the result follows from the ballots."""
    if choice not in BALLOT_CHOICES:
        raise InvalidValue("stimme", choice, ", ".join(BALLOT_CHOICES))

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if not c.state.endswith("_abstimmung"):
            raise Refused("stimme", Reason("reason_not_in_vote", state=c.state))
        board = repo.board(s, c.board_id)
        if not any(m.actor_id == actor_id and m.role in VOTING_ROLES for m in board.members):
            repo.actor(s, actor_id)
            raise Refused("stimme", Reason("reason_not_a_voter", actor=actor_id, board=board.name))
        c.ballots[actor_id] = choice
        c.vote = vote_from_ballots(c.stage, c.ballots, board)
        return Effects("stimme", payload={"akteur": actor_id})

    return _change(cycle_id, by, now, decide)


def report_progress(
    cycle_id: int,
    measure_id: int,
    text: str,
    *,
    value: float | None,
    by: str,
    now: datetime,
) -> StrategyCycle:
    """Fortschrittsbericht on a measure during Umsetzung."""

    if value is not None and not math.isfinite(value):
        raise InvalidValue("wert", value, t("expected_number"))

    if not text.strip():  # an empty report would count as reported
        raise InvalidValue("text", text, t("expected_not_empty"))

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if c.state != "umsetzung":
            raise Refused("bericht", Reason("reason_not_in_implementation", state=c.state))
        _measure(c, measure_id).reports.append(Report(at=now, text=text, value=value))
        consequences.of_report(s, c, measure_id)
        return Effects("bericht", payload={"massnahme": measure_id, "wert": value})

    return _change(cycle_id, by, now, decide)


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

    _change(cycle_id, by, now, decide, cause=cause)
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

    return _change(cycle_id, by, now, decide, cause=source)


def _change(
    cycle_id: int,
    by: str,
    now: datetime,
    decide: Callable[[Tx, StrategyCycle], Effects],
    expected_version: int | None = None,
    cause: str | None = None,
) -> StrategyCycle:
    with transaction() as s:
        return _change_in(s, cycle_id, by, now, decide, expected_version, cause)


def _change_in(
    s: Tx,
    cycle_id: int,
    by: str,
    now: datetime,
    decide: Callable[[Tx, StrategyCycle], Effects],
    expected_version: int | None = None,
    cause: str | None = None,
) -> StrategyCycle:
    c = repo.cycle(s, cycle_id)
    if cause is not None and repo.audit_by_source(s, "zyklus", cycle_id, cause) is not None:
        return c
    source, expected = c.state, c.version
    if expected_version is not None and expected_version != expected:
        raise Conflict(cycle_id, expected_version, expected)
    c.version = expected + 1
    effects = decide(s, c)
    repo.update_cycle(s, c, expected, now)
    _audit(s, c, now, by, effects, source, cause)
    repo.enqueue(s, effects.outbox)
    return c


def _audit(
    s: Tx,
    c: StrategyCycle,
    now: datetime,
    by: str,
    fx: Effects,
    source: str | None,
    cause: str | None = None,
) -> None:
    repo.append_audit(
        s,
        subject="zyklus",
        subject_id=c.id,
        version=c.version,
        at=now,
        by=by,
        action=fx.action,
        trigger=fx.trigger,
        from_state=source,
        to_state=c.state,
        reason=fx.reason,
        payload=fx.payload or None,
        source=cause,
    )


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


def _editable(c: StrategyCycle, what: str, operation: str = "bearbeiten") -> None:
    """Content of a stage may be prepared early and edited in its draft, never once it is out."""
    stage = CONTENT_STAGE[what]
    order = machine.ALL_STAGES
    if c.state == f"{stage}_entwurf" or order.index(c.stage) < order.index(stage):
        return
    raise Refused(
        operation,
        Reason("reason_not_editable", what=_kind_word(what), stage=stage, state=c.state),
    )


def _kind_word(what: str) -> Word:
    return Word(what)


class _Named:
    """`Strategie 2, Strategie 3` in the language of the moment."""

    def __init__(self, kind: str, ids: list[int]) -> None:
        self.kind, self.ids = kind, ids

    def __format__(self, spec: str) -> str:
        return ", ".join(f"{Word(self.kind):}{' '}{i}" for i in self.ids)


def _measure(c: StrategyCycle, measure_id: int) -> Measure:
    for m in c.measures:
        if m.id == measure_id:
            return m
    raise NotFound("measure", measure_id)


def _title(title: str) -> str:
    if not title.strip():
        raise InvalidValue("titel", title, t("expected_not_empty"))
    return title.strip()


def _line(title: str) -> str:
    """A title shown in lists and tables: one line."""
    if "\n" in title or "\r" in title:
        raise InvalidValue("titel", title, t("expected_one_line"))
    return _title(title)


def replay_check(cycle_id: int) -> tuple[StrategyCycle, list[Any], list[str]]:
    """The stored cycle, its audit events and the states their triggers reach when replayed."""
    with session() as s:
        c = repo.cycle(s, cycle_id)
        events = repo.audit_events(s, "zyklus", cycle_id)
    steps = [(e.trigger, e.payload or {}) for e in events if e.trigger]
    return c, events, machine.replay(steps)
