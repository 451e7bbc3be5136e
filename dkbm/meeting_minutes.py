"""A Sitzung's Protokoll as use cases: its first draft stored, the coordinator's edits, and
sending it to the members. Drafting its text and rendering it are in `minutes`.

Each use case is one change of the meeting (`meeting_changes.change`).
"""

from __future__ import annotations

from datetime import datetime

from dkbm import deadlines, meeting_messages
from dkbm.effects import Effects
from dkbm.meeting_changes import change
from dkbm.states import meeting as rules
from dkbm.states.errors import InvalidValue, Reason, Refused
from dkbm.states.i18n import t
from dkbm.states.meeting import Meeting
from dkbm.states.model import Board
from dkbm.store.db import Tx


def draft_minutes(meeting_id: int, text: str, *, by: str, now: datetime) -> Meeting:
    """The Protokoll's first draft (rendered from the meeting's data by the caller)."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        rules.fire(m, "protokoll_entwerfen")
        m.minutes = text
        deadlines.close(s, deadlines.open_meeting_deadlines(s, f"protokoll:{m.id}"))
        return Effects("uebergang", "protokoll_entwerfen")

    return change(meeting_id, by, now, decide)


def edit_minutes(meeting_id: int, text: str, *, by: str, now: datetime) -> Meeting:
    """The coordinator's edit of the draft (Markdown); an approved Protokoll stays as it is."""
    if not text.strip():
        raise InvalidValue("protokoll", "", t("expected_markdown"))

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        if m.state != rules.DRAFT:
            raise Refused("protokoll", Reason("reason_minutes_not_editable", state=m.state))
        m.minutes = text
        return Effects("protokoll_bearbeitet", payload={"zeichen": len(text)})

    return change(meeting_id, by, now, decide)


def send_minutes(
    meeting_id: int, *, html: str, text: str, pdf: bytes, by: str, now: datetime
) -> Meeting:
    """The Protokoll (draft or approved) to every member: in the body, and as a PDF."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        if m.state not in (rules.DRAFT, rules.APPROVED):
            raise Refused("protokoll", Reason("reason_minutes_not_drafted", id=m.id))
        outbox = meeting_messages.minutes(s, m, board, now, html=html, text=text, pdf=pdf)
        return Effects("protokoll_versandt", payload={"empfaenger": len(outbox)}, outbox=outbox)

    return change(meeting_id, by, now, decide)
