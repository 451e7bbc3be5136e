"""A Sitzung's Tagesordnung: TOPs added to a meeting still to come, a cycle's TOP carrying
that stage's vote.

Each use case is one change of the meeting (`meeting_changes.change`).
"""

from __future__ import annotations

from datetime import datetime

from dkbm import meeting_messages, superseded
from dkbm.effects import Effects
from dkbm.meeting_changes import change, upcoming
from dkbm.states import links
from dkbm.states import meeting as rules
from dkbm.states.errors import InvalidValue, Reason, Refused
from dkbm.states.meeting import AgendaItem, Meeting
from dkbm.states.model import Board
from dkbm.store import repository as repo
from dkbm.store.db import Tx


def add_item(
    meeting_id: int,
    *,
    title: str,
    public: bool,
    documents: list[str],
    cycle_id: int | None,
    by: str,
    now: datetime,
) -> Meeting:
    """A TOP; on a cycle it carries that stage's vote. After the Ladung, members get the
    amended agenda (the calendar entry's SEQUENCE rises)."""
    if not title.strip() and cycle_id is None:
        raise InvalidValue("titel", title, "Text")
    documents = [links.checked("--unterlage", d) for d in documents if d.strip()]

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        upcoming(m, "top")
        item = AgendaItem(
            max((i.number for i in m.items), default=0) + 1,
            title.strip(),
            public=public,
            documents=documents,
        )
        if cycle_id is not None:
            c = repo.cycle(s, cycle_id)
            if c.board_id != m.board_id:
                raise Refused("top", Reason("reason_cycle_other_board", id=cycle_id))
            if not c.state.endswith("_abstimmung"):
                raise Refused("top", Reason("reason_not_in_vote", state=c.state))
            item.cycle_id, item.stage = cycle_id, c.stage
            item.title = item.title or c.title
        m.items.append(item)
        effects = Effects("top", payload={"top": item.number, "zyklus": cycle_id})
        if m.state == rules.INVITED:
            m.sequence += 1
            superseded.withdraw_meeting(s, m.id or 0, "superseded_meeting_changed")
            effects.outbox = meeting_messages.changed(s, m, board, now, "tagesordnung")
        return effects

    return change(meeting_id, by, now, decide)
