"""What is stored about one Akteur, table by table, for her Auskunft (DSGVO Art. 15): her
consent's history, her Rückmeldungen and Stimmen, the meetings that record her reply or
presence, her Aufgaben and Maßnahmen, the messages to her, her personal links (never a
token) and the audit entries that name her. The read model is `dkbm.disclosure`."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from dkbm.store import codec
from dkbm.store.reads.connection import Reader

# Payload keys of audit entries that hold an Akteur's number (one or a list of them).
ACTOR_KEYS = ("akteur", "akteure", "vertritt")


def consent_events(r: Reader, actor_id: int) -> list[SimpleNamespace]:
    """Her consent to publication as it was given and withdrawn, oldest first."""
    rows = r.rows(
        "SELECT id, given, at, by, reason FROM consent_event WHERE actor_id = %(a)s "
        "ORDER BY at, id",
        a=actor_id,
    )
    for row in rows:
        row.given = bool(row.given)
    return rows


def answers(r: Reader, actor_id: int) -> list[SimpleNamespace]:
    """Her Rückmeldungen, with the cycle's title, oldest first."""
    rows = r.rows(
        "SELECT a.cycle_id, c.title, a.stage, a.round, a.text, a.items, a.given_at, "
        "a.given_by, a.source, a.replaced FROM answer a JOIN cycle c ON c.id = a.cycle_id "
        "WHERE a.actor_id = %(a)s ORDER BY a.given_at, a.id",
        a=actor_id,
    )
    for row in rows:
        row.items = (codec.loads(row.items) if isinstance(row.items, str) else row.items) or {}
        row.given_at = moment(row.given_at)
    return rows


def ballots(r: Reader, actor_id: int) -> list[SimpleNamespace]:
    """Her Stimmen in written votes, with the cycle's title, oldest first."""
    rows = r.rows(
        "SELECT b.cycle_id, c.title, b.stage, b.round, b.choice, b.cast_at, b.cast_by, "
        "b.source FROM ballot b JOIN cycle c ON c.id = b.cycle_id "
        "WHERE b.actor_id = %(a)s ORDER BY b.cast_at, b.id",
        a=actor_id,
    )
    for row in rows:
        row.cast_at = moment(row.cast_at)
    return rows


def meetings(r: Reader) -> list[SimpleNamespace]:
    """Every meeting with its Gremium's name and its attendance (the document's part that
    records replies and presence), by start. Attendance is kept per meeting, also of
    members who have left the Gremium since."""
    rows = r.rows(
        "SELECT m.id, m.board_id, b.name AS board_name, m.starts_at, m.state, m.content "
        "FROM meeting m JOIN board b ON b.id = m.board_id ORDER BY m.starts_at, m.id"
    )
    for row in rows:
        row.starts_at = moment(row.starts_at)
        row.attendance = (row.content or {}).get("attendance", [])
        del row.content
    return rows


def tasks(r: Reader, actor_id: int) -> list[SimpleNamespace]:
    """Her Aufgaben from meetings, by deadline."""
    rows = r.rows(
        "SELECT id, meeting_id, item, title, due_at, status, done_at, note FROM task "
        "WHERE owner_id = %(a)s ORDER BY due_at, id",
        a=actor_id,
    )
    for row in rows:
        row.done_at = moment(row.done_at) if row.done_at else None
    return rows


def measures(r: Reader, actor_id: int) -> list[SimpleNamespace]:
    """The Maßnahmen she is responsible for, with their cycle's title."""
    return r.rows(
        "SELECT m.cycle_id, c.title AS cycle_title, m.item_id, m.title, m.deadline "
        "FROM measure m JOIN cycle c ON c.id = m.cycle_id WHERE m.owner_id = %(a)s "
        "ORDER BY m.cycle_id, m.position",
        a=actor_id,
    )


def outbox(r: Reader, actor_id: int) -> list[SimpleNamespace]:
    """Messages to her in the outbox (every status), oldest first: kind, status, subject
    (taken from the payload here; nothing else of it leaves this function: it holds her
    links and, for sent ones, her address)."""
    rows = r.rows(
        "SELECT id, kind, status, cycle_id, created_at, sent_at, payload FROM outbox "
        "WHERE recipient_id = %(a)s ORDER BY created_at, id",
        a=actor_id,
    )
    for row in rows:
        payload = row.payload if isinstance(row.payload, dict) else {}
        row.subject = str(payload.get("subject") or "")
        del row.payload
    return rows


def message_log(r: Reader, actor_id: int) -> list[SimpleNamespace]:
    """What went out to her (the Informationsfluss), oldest first."""
    return r.rows(
        "SELECT id, outbox_id, at, channel, kind, cycle_id, subject FROM message_log "
        "WHERE recipient_id = %(a)s ORDER BY at, id",
        a=actor_id,
    )


def links(r: Reader, actor_id: int) -> list[SimpleNamespace]:
    """Her personal links without token, hash or salt, oldest first."""
    rows = r.rows(
        "SELECT id, purpose, cycle_id, stage, round, meeting_id, task_id, created_at, "
        "expires_at, revoked_at, revoked_reason, last_used_at FROM member_link "
        "WHERE actor_id = %(a)s ORDER BY created_at, id",
        a=actor_id,
    )
    for row in rows:
        for key in ("expires_at", "revoked_at", "last_used_at"):
            value = getattr(row, key)
            setattr(row, key, moment(value) if value else None)
    return rows


def audit(r: Reader, actor_id: int) -> list[SimpleNamespace]:
    """Audit entries naming her, oldest first: her own (subject `akteur`), those she made
    (`by` akteur:N), and those whose payload names her number under an Akteur's key."""
    rows = r.rows(
        "SELECT id, subject, subject_id, at, by, action, from_state, to_state, reason, "
        "payload, source FROM audit_event WHERE (subject = 'akteur' AND subject_id = %(a)s) "
        "OR by = %(by)s OR CAST(payload AS TEXT) LIKE '%%akteur%%' "
        "OR CAST(payload AS TEXT) LIKE '%%vertritt%%' ORDER BY id",
        a=actor_id,
        by=f"akteur:{actor_id}",
    )
    return [
        row
        for row in rows
        if (row.subject == "akteur" and row.subject_id == actor_id)
        or row.by == f"akteur:{actor_id}"
        or names(row.payload, actor_id)
    ]


def names(payload: Any, actor_id: int) -> bool:
    """Whether a payload (at any depth) holds *actor_id* under one of `ACTOR_KEYS`."""
    if isinstance(payload, list):
        return any(names(v, actor_id) for v in payload)
    if not isinstance(payload, dict):
        return False
    for key, value in payload.items():
        if key in ACTOR_KEYS:
            ids = value if isinstance(value, list) else [value]
            if any(isinstance(i, int) and not isinstance(i, bool) and i == actor_id for i in ids):
                return True
        elif names(value, actor_id):
            return True
    return False


def moment(value: Any) -> datetime:
    """A stored moment, aware (the connection decodes only the common moment columns)."""
    found = datetime.fromisoformat(value) if isinstance(value, str) else value
    return found if found.tzinfo else found.replace(tzinfo=UTC)
