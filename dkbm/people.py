"""Use cases on Akteure after they were recorded: change, deactivate, erase (DSGVO).

Erasing keeps every decision, answer and audit entry, but the person is then only
"ehemaliges Mitglied": name, organisation, e-mail address and channels are gone, as are
the messages still waiting for her. Wherever stored text copied her name or address
(messages of every status, the message log, audit entries, meetings and their draft
Protokoll, tasks) the placeholder takes its place; an approved Protokoll is an archive
and keeps what it recorded.
"""

from __future__ import annotations

import base64
import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

from markupsafe import escape
from sqlalchemy import Text, and_, cast, func, null, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import select as orm_select

from dkbm.network import checked_email, choice, nonempty
from dkbm.states import meeting as meeting_rules
from dkbm.states.errors import DkbmError, Duplicate, NotFound, Reason, Refused
from dkbm.states.model import EducationArea, Language, Sector
from dkbm.store import codec
from dkbm.store import repository as repo
from dkbm.store.db import session
from dkbm.store.tables import (
    ActorRow,
    AuditEventRow,
    BoardMemberRow,
    MeetingRow,
    MessageLogRow,
    OutboxRow,
    TaskRow,
)

FORMER = "ehemaliges Mitglied"

_OUTBOX = OutboxRow.__table__  # type: ignore[attr-defined]
_LOG = MessageLogRow.__table__  # type: ignore[attr-defined]
_AUDIT = AuditEventRow.__table__  # type: ignore[attr-defined]
_MEETING = MeetingRow.__table__  # type: ignore[attr-defined]
_TASK = TaskRow.__table__  # type: ignore[attr-defined]
_UNSENT = ("pending", "digest", "dead")  # may still go out
_CHANNEL_EVENTS = ("kanal_hinzugefuegt", "kanal_entfernt")
_PROTOCOL_KEY = re.compile(r"^sitzung:(\d+):protokoll:")
_CATALOG_KEY = re.compile(r"^[a-z_]+$")  # a last_error that is a catalog key names nobody


def change_actor(
    actor_id: int,
    *,
    by: str,
    now: datetime,
    name: str | None = None,
    organisation: str | None = None,
    email: str | None = None,
    sector: str | None = None,
    areas: list[str] | None = None,
    consent: bool | None = None,
    lang: str | None = None,
) -> list[str]:
    """Change the given fields; returns the names of the fields that changed."""
    wanted = {
        "name": nonempty(name, "name") if name is not None else None,
        "organisation": nonempty(organisation, "organisation")
        if organisation is not None
        else None,
        "email": checked_email(email, "email") if email is not None else None,
        "sector": choice(Sector, sector, "sektor").value if sector is not None else None,
        "areas": [choice(EducationArea, a, "bildungsbereich").value for a in areas]
        if areas is not None
        else None,
        "consent_publication": consent,
        "lang": choice(Language, lang, "sprache").value if lang is not None else None,
    }
    with session() as s:
        row = _row(s, actor_id)
        if row.status == "geloescht":
            raise Refused("aendern", Reason("reason_actor_erased", id=actor_id))
        if wanted["email"] and wanted["email"] != row.email:
            twin = s.exec(orm_select(ActorRow).where(ActorRow.email == wanted["email"])).first()
            if twin is not None:
                raise Duplicate("actor", twin.email, twin.id)
        changed = [k for k, v in wanted.items() if v is not None and getattr(row, k) != v]
        for key in changed:
            setattr(row, key, wanted[key])
        if changed:
            s.add(row)
            _audit(s, actor_id, now, by, "geaendert", {"felder": changed})
    return changed


def set_active(actor_id: int, active: bool, *, by: str, now: datetime) -> None:
    """Deactivate (left the network: no invitations, no messages) or activate again."""
    with session() as s:
        row = _row(s, actor_id)
        if row.status == "geloescht":
            operation = "aktivieren" if active else "deaktivieren"
            raise Refused(operation, Reason("reason_actor_erased", id=actor_id))
        status = "aktiv" if active else "inaktiv"
        if row.status == status:
            return
        if not active:
            boards = [
                b.name for b in repo.boards(s) if any(m.actor_id == actor_id for m in b.members)
            ]
            if boards:
                raise Refused(
                    "deaktivieren",
                    Reason("reason_actor_in_boards", id=actor_id, boards=", ".join(boards)),
                )
        row.status = status
        s.add(row)
        _audit(s, actor_id, now, by, "aktiviert" if active else "deaktiviert", None)


def erase(actor_id: int, *, by: str, now: datetime) -> dict[str, int]:
    """Löschen nach DSGVO; returns how many memberships and waiting messages went with her.

    State, audit event and every trace in stored text change in this one transaction."""
    with session() as s:
        row = _row(s, actor_id)
        if row.status == "geloescht":
            return {"mitgliedschaften": 0, "nachrichten": 0}
        traces = _Traces(*_known_as(s.connection(), actor_id, row.name, row.email))
        members = list(
            s.exec(orm_select(BoardMemberRow).where(BoardMemberRow.actor_id == actor_id))
        )
        for m in members:
            s.delete(m)
        deputies = orm_select(BoardMemberRow).where(BoardMemberRow.deputy_for == actor_id)
        for deputy in s.exec(deputies):
            deputy.deputy_for = None
            s.add(deputy)
        row.name, row.organisation = FORMER, ""
        row.email = f"geloescht-{actor_id}@dkbm.invalid"
        row.channels, row.areas, row.consent_publication = [], [], False
        row.status = "geloescht"
        s.add(row)
        conn = s.connection()
        cancelled = _clear_outbox(conn, actor_id, traces)
        _clear_log(conn, actor_id, traces)
        _clear_audit(conn, actor_id, traces)
        for meeting_id, version, state in _clear_meetings(conn, traces, now):
            repo.append_audit(
                s,
                subject="sitzung",
                subject_id=meeting_id,
                version=version,
                at=now,
                by=by,
                action="akteur_geloescht",
                from_state=state,
                to_state=state,
                payload={"akteur": actor_id},
            )
        _clear_tasks(conn, traces)
        _audit(
            s,
            actor_id,
            now,
            by,
            "geloescht",
            {"mitgliedschaften": len(members), "nachrichten_storniert": cancelled},
        )
    return {"mitgliedschaften": len(members), "nachrichten": cancelled}


def _known_as(conn: Connection, actor_id: int, name: str, email: str) -> tuple[set[str], set[str]]:
    """Her names and addresses, also those changed since: the message log names her as
    she was called when a message went out, a calendar entry invited her address then."""
    names, addresses = {name}, {email}
    log = conn.execute(select(_LOG.c.recipient).where(_LOG.c.recipient_id == actor_id).distinct())
    names |= {r.recipient for r in log if r.recipient != FORMER}
    for (payload,) in conn.execute(
        select(_OUTBOX.c.payload).where(_OUTBOX.c.recipient_id == actor_id)
    ):
        attendee = ((payload or {}).get("ics") or {}).get("attendee")
        if attendee:
            addresses.add(attendee)
    return names, addresses


class _Traces:
    """An erased person's names and addresses as stored text may hold them: as typed, as
    HTML escapes them, as a URL quotes an address. Whole words only, in any case, so
    that erasing "Akteur 1" leaves "Akteur 10" alone."""

    def __init__(self, names: set[str], addresses: set[str]) -> None:
        typed = {f.strip() for f in names | addresses if f.strip()}
        forms = (
            typed | {str(escape(f)) for f in typed} | {quote(a, safe="") for a in typed & addresses}
        )
        ordered = sorted(forms, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<![\w.+-])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w-]|\.\w)",
            re.IGNORECASE,
        )
        # Stored JSON escapes quotes and backslashes: look for both spellings.
        lowered = {f.lower() for f in forms}
        self._needles = sorted(lowered | {codec.dumps(f)[1:-1] for f in lowered})

    def replaced(self, value: Any) -> Any:
        """*value* (text or a JSON document) with every trace replaced by the placeholder."""
        if isinstance(value, str):
            return self._pattern.sub(FORMER, value)
        if isinstance(value, list):
            return [self.replaced(v) for v in value]
        if isinstance(value, dict):
            return {k: self.replaced(v) for k, v in value.items()}
        return value

    def found(self, *columns: Any) -> ColumnElement[bool]:
        """Rows whose *columns* may hold a trace (a superset: `replaced` decides)."""
        return or_(
            *(
                func.lower(cast(column, Text)).like(f"%{_like(needle)}%", escape="\\")
                for column in columns
                for needle in self._needles
            )
        )


def _sql(values: dict[str, Any]) -> dict[str, Any]:
    """None as SQL NULL, also in a JSON column (which would otherwise store JSON null)."""
    return {k: null() if v is None else v for k, v in values.items()}


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _clear_outbox(conn: Connection, actor_id: int, traces: _Traces) -> int:
    """Her messages: those that may still go out are cancelled and emptied, those that went
    out keep their text with the placeholder, without attachments or her address. Messages
    to others that name her get the placeholder; an unsent Protokoll's PDF is made again
    from the Protokoll with the placeholder, a sent one is dropped from our copy."""
    t = _OUTBOX
    rows = conn.execute(
        select(t.c.id, t.c.key, t.c.status, t.c.recipient_id, t.c.payload, t.c.last_error).where(
            or_(t.c.recipient_id == actor_id, traces.found(t.c.payload, t.c.last_error))
        )
    ).all()
    cancelled = 0
    pdfs: dict[tuple[int, str], str] = {}
    for r in rows:
        values: dict[str, Any]
        if r.recipient_id == actor_id and (r.status in _UNSENT or r.status == "cancelled"):
            cancelled += r.status in _UNSENT
            values = {"status": "cancelled", "payload": None, "last_error": None}
        elif r.recipient_id == actor_id:
            payload = traces.replaced(r.payload) if r.payload else None
            if payload:
                payload.pop("attachments", None)
                if isinstance(payload.get("ics"), dict):
                    payload["ics"].pop("attendee", None)
            values = {"payload": payload, "last_error": _own_error(r.last_error)}
        else:
            payload = traces.replaced(r.payload)
            if payload != r.payload and payload and payload.get("attachments"):
                payload["attachments"] = _attachments(conn, r, payload, traces, pdfs)
            values = {"payload": payload, "last_error": traces.replaced(r.last_error)}
        changed = {k: v for k, v in values.items() if v != getattr(r, k)}
        if changed:
            conn.execute(update(t).where(t.c.id == r.id).values(**_sql(changed)))
    return cancelled


def _own_error(error: str | None) -> str | None:
    """A delivery error names her channel; a withdrawal reason (a catalog key) does not."""
    return error if error and _CATALOG_KEY.fullmatch(error) else None


def _attachments(
    conn: Connection, row: Any, payload: dict[str, Any], traces: _Traces, made: dict
) -> list[dict[str, Any]]:
    """The PDFs of a message to others that named her (a Protokoll's PDF names whom its
    text names): made again with the placeholder if it may still go out, else dropped."""
    kept = []
    for a in payload["attachments"]:
        if a.get("mime") != "application/pdf":
            kept.append(a)
            continue
        protocol = _PROTOCOL_KEY.match(row.key)
        if row.status not in _UNSENT or protocol is None:
            continue
        meeting_id, lang = int(protocol.group(1)), payload.get("lang") or "de"
        if (meeting_id, lang) not in made:
            made[meeting_id, lang] = _protocol_pdf(conn, meeting_id, lang, traces)
        kept.append({**a, "base64": made[meeting_id, lang]})
    return kept


def _protocol_pdf(conn: Connection, meeting_id: int, lang: str, traces: _Traces) -> str:
    from dkbm import minutes

    text = conn.execute(select(_MEETING.c.minutes).where(_MEETING.c.id == meeting_id)).scalar()
    pdf = minutes.pdf(meeting_id, lang, text=traces.replaced(text or ""))
    return base64.b64encode(pdf).decode("ascii")


def _clear_log(conn: Connection, actor_id: int, traces: _Traces) -> None:
    """The message log keeps who got what: her entries without her name."""
    t = _LOG
    conn.execute(update(t).where(t.c.recipient_id == actor_id).values(recipient=FORMER))
    for r in conn.execute(
        select(t.c.id, t.c.recipient, t.c.subject).where(traces.found(t.c.recipient, t.c.subject))
    ).all():
        conn.execute(
            update(t)
            .where(t.c.id == r.id)
            .values(recipient=traces.replaced(r.recipient), subject=traces.replaced(r.subject))
        )


def _clear_audit(conn: Connection, actor_id: int, traces: _Traces) -> None:
    """Audit entries stay; text that names her gets the placeholder, and her channels'
    entries lose the channel (its fingerprint would still tell it apart)."""
    t = _AUDIT
    hers = and_(
        t.c.subject == "akteur", t.c.subject_id == actor_id, t.c.action.in_(_CHANNEL_EVENTS)
    )
    rows = conn.execute(
        select(t.c.id, t.c.by, t.c.reason, t.c.payload, hers.label("channel")).where(
            or_(hers, traces.found(t.c.by, t.c.reason, t.c.payload))
        )
    ).all()
    for r in rows:
        values = {
            "by": traces.replaced(r.by),
            "reason": traces.replaced(r.reason),
            "payload": None if r.channel else traces.replaced(r.payload),
        }
        changed = {k: v for k, v in values.items() if v != getattr(r, k)}
        if changed:
            conn.execute(update(t).where(t.c.id == r.id).values(**_sql(changed)))


def _clear_meetings(conn: Connection, traces: _Traces, now: datetime) -> list[tuple[int, int, str]]:
    """Meetings whose document or draft Protokoll names her get the placeholder and a new
    version (a use case that read the old one then fails instead of writing her back);
    an approved Protokoll keeps what it recorded. Returns (id, new version, state)."""
    t = _MEETING
    texts = ("content", "place", "cancel_reason", "urgency")
    rows = conn.execute(
        select(t.c.id, t.c.state, t.c.version, t.c.minutes, *(t.c[c] for c in texts)).where(
            traces.found(t.c.minutes, *(t.c[c] for c in texts))
        )
    ).all()
    changed_meetings = []
    for r in rows:
        values = {c: traces.replaced(getattr(r, c)) for c in texts}
        if r.state != meeting_rules.APPROVED:
            values["minutes"] = traces.replaced(r.minutes)
        changed = {k: v for k, v in values.items() if v != getattr(r, k)}
        if not changed:
            continue
        done = conn.execute(
            update(t)
            .where(t.c.id == r.id, t.c.version == r.version)
            .values(**_sql(changed), version=r.version + 1, updated_at=now)
        ).rowcount
        if done != 1:
            raise DkbmError("conflict_meeting", id=r.id)
        changed_meetings.append((r.id, r.version + 1, r.state))
    return changed_meetings


def _clear_tasks(conn: Connection, traces: _Traces) -> None:
    """Aufgaben whose title or note copied her name."""
    t = _TASK
    for r in conn.execute(
        select(t.c.id, t.c.title, t.c.note).where(traces.found(t.c.title, t.c.note))
    ).all():
        conn.execute(
            update(t)
            .where(t.c.id == r.id)
            .values(title=traces.replaced(r.title), note=traces.replaced(r.note))
        )


def _row(s, actor_id: int) -> ActorRow:  # type: ignore[no-untyped-def]
    row = s.get(ActorRow, actor_id)
    if row is None:
        raise NotFound("actor", actor_id)
    return row


def _audit(s, actor_id: int, now: datetime, by: str, action: str, payload) -> None:  # type: ignore[no-untyped-def]
    repo.append_audit(
        s,
        subject="akteur",
        subject_id=actor_id,
        version=1,
        at=now,
        by=by,
        action=action,
        payload=payload,
    )
