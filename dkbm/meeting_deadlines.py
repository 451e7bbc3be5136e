"""What the reminder sweep needs of deadlines that belong to a meeting or a task.

A meeting's members owe their reply until the meeting (`sitzung:<id>`), the Koordination
owes the Protokoll after it (`protokoll:<id>`), a task's owner owes its completion
(`aufgabe:<id>`). Read for a whole batch at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dkbm.states import meeting as rules
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import Tx


@dataclass(frozen=True)
class Debt:
    owing: list[int]  # Akteure who still owe it
    coordinator: bool  # the Koordination owes it: its contact is reminded
    subject: str  # what it is about, for the message


def debts(s: Tx, deadlines: list[Any]) -> dict[int, Debt | None]:
    """For each deadline id: who still owes something, or None if the deadline is moot."""
    refs = {d.id: d.ref.split(":", 1) for d in deadlines}
    task_ids = [int(n) for kind, n in refs.values() if kind == "aufgabe"]
    tasks = {r.id: r for r in store.task_rows(s, ids=task_ids)} if task_ids else {}
    meeting_ids = {int(n) for kind, n in refs.values() if kind in ("sitzung", "protokoll")}
    meeting_ids |= {t.meeting_id for t in tasks.values()}
    meetings = {i: store.meeting(s, i) for i in meeting_ids}
    boards = {m.board_id: repo.board(s, m.board_id) for m in meetings.values()}
    found: dict[int, Debt | None] = {}
    for deadline_id, (kind, number) in refs.items():
        if kind == "aufgabe":
            task = tasks.get(int(number))
            found[deadline_id] = (
                Debt([task.owner_id], False, task.title)
                if task is not None and task.status == "offen"
                else None
            )
            continue
        m = meetings[int(number)]
        board = boards[m.board_id]
        label = f"„{board.name}“ am {m.starts_at.astimezone(rules.BERLIN):%d.%m.%Y, %H:%M}"
        if kind == "sitzung":
            if m.state != rules.INVITED:
                found[deadline_id] = None
                continue
            replied = {a.actor_id for a in m.attendance.values() if a.reply}
            owing = [x.actor_id for x in board.members if x.actor_id not in replied]
            found[deadline_id] = Debt(owing, False, label)
        elif kind == "protokoll":
            found[deadline_id] = Debt([], True, label) if m.state == rules.HELD else None
        else:
            found[deadline_id] = None
    return found
