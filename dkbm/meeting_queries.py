"""Read models of Sitzungen and Aufgaben with the stable `--json` shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dkbm.states import meeting as rules
from dkbm.states.meeting import REPLIES, Meeting
from dkbm.states.model import Board
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import transaction


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(rules.BERLIN).isoformat(timespec="minutes") if moment else None


def summary(m: Meeting, board_name: str) -> dict[str, Any]:
    return {
        "id": m.id,
        "gremium": m.board_id,
        "gremium_name": board_name,
        "beginn": _iso(m.starts_at),
        "ende": _iso(m.ends_at),
        "ort": m.place,
        "video": m.video,
        "oeffentlich": m.public,
        "zustand": m.state,
        "tops": len(m.items),
    }


def meeting(meeting_id: int) -> dict[str, Any]:
    with transaction() as s:
        row = store.meeting_row(s, meeting_id)
        m = store.meeting_from(row)
        board = repo.board(s, m.board_id)
        names = {a.id: a.name for a in repo.actors(s)}
        tasks = store.task_rows(s, meeting_id=meeting_id)
    return {
        **summary(m, board.name),
        "ladung_bis": _iso(row.invite_by),
        "eingeladen_am": _iso(m.invited_at),
        "dringlich": m.urgency or None,
        "absagegrund": m.cancel_reason or None,
        "kalender_sequenz": m.sequence,
        "protokoll_genehmigt_in": m.approved_in,
        "beschlussfaehig_ab": rules.quorum_needed(board),
        "stimmberechtigt": board.voting_members,
        "sitze": rules.voting_seats(board, m),
        "tagesordnung": [
            {
                "top": i.number,
                "titel": i.title,
                "oeffentlich": i.public,
                "unterlagen": i.documents,
                "zyklus": i.cycle_id,
                "stufe": i.stage,
                "protokoll_von": i.minutes_of,
                "befangen": i.conflicted,
                "diskussion": i.discussion or None,
                "beschlusstext": i.resolution or None,
                "anlagen": i.attachments,
                "ergebnis": (
                    {**vars(i.vote), "ergebnis": i.vote.outcome} if i.vote is not None else None
                ),
            }
            for i in m.items
        ],
        "teilnahme": _attendance(m, board, names),
        "aufgaben": [task_doc(t, names) for t in tasks],
    }


def _attendance(m: Meeting, board: Board, names: dict[int | None, str]) -> list[dict[str, Any]]:
    rows = []
    for x in board.members:
        a = m.attendance.get(x.actor_id)
        rows.append(
            {
                "akteur": x.actor_id,
                "name": names.get(x.actor_id, ""),
                "rolle": x.role.value,
                "antwort": a.reply if a else None,
                "anwesenheit": a.presence if a else None,
                "vertreten_durch": a.deputy_id if a else None,
            }
        )
    return rows


def meetings(
    board_id: int | None = None, include_past: bool = False, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Upcoming meetings (or, with *include_past*, the whole history)."""
    with transaction() as s:
        rows = store.meeting_rows(s, board_id, since=None if include_past else now)
        boards = {b: repo.board(s, b) for b in {r.board_id for r in rows}}
    return [summary(store.meeting_from(r), boards[r.board_id].name) for r in rows]


def replies(now: datetime) -> list[dict[str, Any]]:
    """Upcoming meetings with their last invitation day and the members' replies counted
    (`None`: not replied yet), read in one go for the `dkbm-sitzungen` artifact."""
    with transaction() as s:
        rows = store.meeting_rows(s, since=now)
        boards = {b: repo.board(s, b) for b in {r.board_id for r in rows}}
    found = []
    for r in rows:
        m, board = store.meeting_from(r), boards[r.board_id]
        answers = [a.reply if (a := m.attendance.get(x.actor_id)) else None for x in board.members]
        found.append(
            {
                **summary(m, board.name),
                "ladung_bis": _iso(r.invite_by),
                "antworten": {k: answers.count(k) for k in (*REPLIES, None)},
            }
        )
    return found


def task_doc(t: Any, names: dict[int | None, str]) -> dict[str, Any]:
    return {
        "id": t.id,
        "sitzung": t.meeting_id,
        "top": t.item,
        "titel": t.title,
        "akteur": t.owner_id,
        "name": names.get(t.owner_id, ""),
        "frist": _iso(t.due_at),
        "status": t.status,
        "erledigt_am": _iso(t.done_at),
        "bemerkung": t.note or None,
    }


def tasks(*, owner_id: int | None = None, only_open: bool = False) -> list[dict[str, Any]]:
    with transaction() as s:
        rows = store.task_rows(s, owner_id=owner_id, status="offen" if only_open else None)
        names = {a.id: a.name for a in repo.actors(s)}
    return [task_doc(t, names) for t in rows]


def minutes_text(meeting_id: int) -> str:
    with transaction() as s:
        return store.meeting(s, meeting_id).minutes


def history(meeting_id: int) -> list[dict[str, Any]]:
    from dkbm.queries import history_docs
    from dkbm.store.db import session

    with session() as s:
        store.meeting(s, meeting_id)
        return history_docs(repo.audit_events(s, "sitzung", meeting_id))
