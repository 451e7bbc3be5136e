"""Where an erased Akteur's name and address were copied into stored text, and how each
trace goes: messages of every status (unsent ones emptied, sent ones keep their text with
the placeholder), the message log, audit entries, meetings and their draft Protokoll,
tasks, Rückmeldungen and Stimmen. Called inside the erasure's one transaction
(`people.erase`)."""

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

from dkbm.states import meeting as meeting_rules
from dkbm.states.errors import DkbmError
from dkbm.store import codec
from dkbm.store.tables import (
    AnswerRow,
    AuditEventRow,
    BallotRow,
    DocumentRow,
    IndicatorValueRow,
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
_VALUE = IndicatorValueRow.__table__  # type: ignore[attr-defined]
_DOCUMENT = DocumentRow.__table__  # type: ignore[attr-defined]
_ANSWER = AnswerRow.__table__  # type: ignore[attr-defined]
_BALLOT = BallotRow.__table__  # type: ignore[attr-defined]
_UNSENT = ("pending", "digest", "dead")  # may still go out
_CHANNEL_EVENTS = ("kanal_hinzugefuegt", "kanal_entfernt")
_PROTOCOL_KEY = re.compile(r"^sitzung:(\d+):protokoll:")
_CATALOG_KEY = re.compile(r"^[a-z_]+$")  # a last_error that is a catalog key names nobody


def known_as(conn: Connection, actor_id: int, name: str, email: str) -> tuple[set[str], set[str]]:
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


class Traces:
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
        # The database's lower() may fold ASCII only (SQLite always, PostgreSQL under a C
        # ctype): "Özlem" stays "Özlem" there. Look for the name folded both ways, as
        # typed and in capitals; and stored JSON escapes quotes and backslashes.
        lowered = {f.lower() for f in forms}
        lowered |= {_ascii_lower(v) for f in forms for v in (f, f.upper())}
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


def _ascii_lower(text: str) -> str:
    return "".join(ch.lower() if ch.isascii() else ch for ch in text)


def _sql(values: dict[str, Any]) -> dict[str, Any]:
    """None as SQL NULL, also in a JSON column (which would otherwise store JSON null)."""
    return {k: null() if v is None else v for k, v in values.items()}


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def clear_outbox(conn: Connection, actor_id: int, traces: Traces) -> int:
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
                payload.pop("delivered", None)  # fingerprints of her channels
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
    conn: Connection, row: Any, payload: dict[str, Any], traces: Traces, made: dict
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


def _protocol_pdf(conn: Connection, meeting_id: int, lang: str, traces: Traces) -> str:
    from dkbm import minutes

    text = conn.execute(select(_MEETING.c.minutes).where(_MEETING.c.id == meeting_id)).scalar()
    pdf = minutes.pdf(meeting_id, lang, text=traces.replaced(text or ""))
    return base64.b64encode(pdf).decode("ascii")


def clear_log(conn: Connection, actor_id: int, traces: Traces) -> None:
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


def clear_audit(conn: Connection, actor_id: int, traces: Traces) -> None:
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


def clear_meetings(conn: Connection, traces: Traces, now: datetime) -> list[tuple[int, int, str]]:
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


def clear_tasks(conn: Connection, traces: Traces) -> None:
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


def clear_recorded_by(conn: Connection, traces: Traces) -> None:
    """Who recorded a Kennzahl's value, added a library document, gave a Rückmeldung or cast
    a Stimme, where that was her; and her name or address in any Rückmeldung's text (the
    answers themselves stay, as their audit entries do)."""
    for table, column in (
        (_VALUE, "recorded_by"),
        (_DOCUMENT, "added_by"),
        (_ANSWER, "given_by"),
        (_ANSWER, "text"),
        (_ANSWER, "items"),
        (_BALLOT, "cast_by"),
    ):
        c = table.c[column]
        for r in conn.execute(select(table.c.id, c).where(traces.found(c))).all():
            conn.execute(
                update(table)
                .where(table.c.id == r.id)
                .values(_sql({column: traces.replaced(r[1])}))
            )
