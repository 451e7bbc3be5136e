"""Eingangsbestätigung: a member who gave her Rückmeldung is told it was kept.

`receipt` runs inside the transaction that keeps the answer, so the answer and its receipt
commit together. One receipt per answer version: a resent form that keeps nothing new
queues nothing new, a changed answer its own receipt.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from dkbm.member_links import Target
from dkbm.messages import Ask, actor_targets, compose
from dkbm.states.model import StrategyCycle
from dkbm.store import answers
from dkbm.store import repository as repo
from dkbm.store.answers import Round
from dkbm.store.db import Tx


def receipt(
    s: Tx,
    cycle: StrategyCycle,
    actor_id: int,
    answer_text: str,
    now: datetime,
    *,
    version: int | None = None,
) -> int:
    """Queue the receipt of *actor_id*'s answer to the cycle's running Beteiligung, with her
    link to change it until the deadline. *version* tells answer versions apart (default:
    how often her stored answer row was replaced). Returns the rows queued (0: this
    version's receipt is queued already, or she gets no messages)."""
    stage, number = cycle.stage, cycle.round
    key, replaced = _version(s, cycle.id or 0, stage, number, actor_id, answer_text, version)
    consultation = cycle.consultation
    deadline = consultation.deadline if consultation is not None else None
    ask = (
        Ask(Target("beteiligung", cycle.id, stage, number), deadline)
        if deadline is not None
        else None
    )
    rows = compose(
        s,
        cause=f"rueckmeldung:{cycle.id}:{stage}:r{number}:akteur:{actor_id}:{key}",
        kind="rueckmeldung_eingang",
        cycle=cycle,
        targets=actor_targets(s, [actor_id]),
        now=now,
        context={
            "antwort": answer_text.strip(),
            "ersetzt": replaced,
            "eingang_zeit": now,
            "frist_zeit": deadline,
        },
        ask=ask,
    )
    return repo.enqueue(s, rows)


def _version(
    s: Tx,
    cycle_id: int,
    stage: str,
    number: int,
    actor_id: int,
    text: str,
    given: int | None,
) -> tuple[str, bool]:
    """A key for this answer version, and whether it replaced an earlier answer."""
    if given is None:
        kept = answers.answer(s, Round(cycle_id, stage, number), actor_id)
        given = kept.replaced if kept is not None else None
    if given is None:
        return "t" + hashlib.sha256(text.encode()).hexdigest()[:16], False
    return f"v{given}", given > 0
