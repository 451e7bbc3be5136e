"""A strategy cycle's Beteiligung: the invited Akteure's Rückmeldungen, and its deadline.

Each use case is one change of the cycle (`cycle_changes.change`).
"""

from __future__ import annotations

from datetime import datetime

from dkbm import consequences
from dkbm.cycle_changes import change
from dkbm.effects import Effects
from dkbm.states import cycle as machine
from dkbm.states.errors import Reason, Refused
from dkbm.states.model import StrategyCycle
from dkbm.store import repository as repo
from dkbm.store.db import Tx


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

    return change(cycle_id, by, now, decide)


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

    return change(cycle_id, by, now, decide)
