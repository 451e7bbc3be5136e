"""A strategy cycle's Beteiligung: the invited Akteure's Rückmeldungen, and its deadline.

A Rückmeldung is a row of its own (`cycle_changes.contribute`); moving the deadline is a
change of the cycle (`cycle_changes.change`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dkbm import consequences, cycle_changes, receipts
from dkbm.cycle_changes import change
from dkbm.effects import Effects
from dkbm.states.errors import InvalidValue, Reason, Refused
from dkbm.states.model import MAX_ANSWER_CHARS, STANCES, StrategyCycle
from dkbm.store import answers
from dkbm.store import repository as repo
from dkbm.store.answers import Round
from dkbm.store.db import Tx, transaction


def record_response(
    cycle_id: int,
    actor_id: int,
    text: str,
    *,
    items: dict[Any, Any] | None = None,
    by: str,
    now: datetime,
    source: str | None = None,
) -> StrategyCycle:
    """Rückmeldung of an invited Akteur to the running Beteiligung, overall and optionally per
    item ({Ziel, Strategie or Maßnahme number: {"haltung": …, "text": …}}). A second one
    replaces the first; one identical to the kept one writes nothing. *source* ("web:<id>",
    "cli:<id>") makes a submission count once. Its own row, not a change of the cycle
    (`cycle_changes.contribute`): the cycle's version stays."""
    _within_limit("text", text)
    origin = cycle_changes.origin(source)

    def record(s: Tx, c: StrategyCycle) -> dict[str, Any] | None:
        if not c.state.endswith("_beteiligung") or c.consultation is None:
            raise Refused("antwort", Reason("reason_not_in_consultation", state=c.state))
        repo.actor(s, actor_id)
        if actor_id not in c.consultation.invited:
            raise Refused("antwort", Reason("reason_not_invited", actor=actor_id))
        remarks = _checked_items(c, items)
        key = Round(cycle_id, c.consultation.stage, c.round)
        kept = answers.answer(s, key, actor_id)
        if kept is not None and (kept.text, kept.items) == (text, remarks):
            return None
        replaced = answers.put_answer(s, key, actor_id, text, remarks, at=now, by=by, source=origin)
        if origin == "web":  # she answered herself: the receipt tells her it was kept
            receipts.receipt(s, c, actor_id, text, now, version=replaced)
        payload = {"akteur": actor_id, "text": text, "ersetzt": replaced > 0, "quelle": origin}
        return {**payload, "punkte": remarks} if remarks else payload

    return cycle_changes.contribute(cycle_id, by, now, record, action="rueckmeldung", source=source)


def own_answer(cycle_id: int, actor_id: int) -> dict[str, Any] | None:
    """The Akteur's Rückmeldung to the cycle's running (or last) Beteiligung round: text,
    items, given_at (and how often she replaced it); None if she gave none."""
    with transaction() as s:
        c = repo.cycle(s, cycle_id, rows=False)
        if c.consultation is None:
            return None
        kept = answers.answer(s, Round(cycle_id, c.consultation.stage, c.round), actor_id)
    if kept is None:
        return None
    return {
        "text": kept.text,
        "items": kept.items,
        "given_at": kept.given_at,
        "replaced": kept.replaced,
        "source": kept.source,
    }


def _within_limit(field: str, text: str) -> None:
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidValue(field, f"{len(text)} Zeichen", f"höchstens {MAX_ANSWER_CHARS}")


def _checked_items(c: StrategyCycle, items: dict[Any, Any] | None) -> dict[str, Any] | None:
    """Per-item remarks as kept ({"<number>": {"haltung": …, "text": …}}, by number), each
    naming one of the cycle's Ziele, Strategien or Maßnahmen; none: None."""
    if not items:
        return None
    known = {x.id for x in (*c.goals, *c.strategies, *c.measures)}
    remarks: dict[str, Any] = {}
    for item_id, remark in items.items():
        try:
            number = int(item_id)
        except (TypeError, ValueError):
            number = None
        if number not in known or str(number) != str(item_id).strip():
            expected = "Nummer eines Ziels, einer Strategie oder Maßnahme des Zyklus"
            raise InvalidValue("punkt", item_id, expected)
        stance = remark.get("haltung") if isinstance(remark, dict) else None
        if stance not in STANCES:
            raise InvalidValue("haltung", stance, ", ".join(STANCES))
        text = remark.get("text") or ""
        if not isinstance(text, str):
            raise InvalidValue("text", text, "Text")
        _within_limit("text", text)
        remarks[str(number)] = {"haltung": stance, "text": text}
    return dict(sorted(remarks.items(), key=lambda kv: int(kv[0])))


def change_deadline(cycle_id: int, due: datetime, *, by: str, now: datetime) -> StrategyCycle:
    """Move the running Beteiligung's deadline; reminders follow, the calendar entry updates."""

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if not c.state.endswith("_beteiligung") or c.consultation is None:
            raise Refused("frist", Reason("reason_deadline_not_in_consultation", state=c.state))
        if due <= now:
            raise Refused("frist", Reason("reason_deadline_past", deadline=due))
        old = c.consultation.deadline
        c.consultation.deadline = due
        return Effects(
            "frist_geaendert",
            payload={"von": old.isoformat(), "bis": due.isoformat()},
            outbox=consequences.of_new_deadline(s, c, due, now),
        )

    return change(cycle_id, by, now, decide)
