"""A queued or sent message exactly as the sender builds it, for people to read first."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from icalendar import Calendar

from dkbm.notifications import channels, personal_links
from dkbm.notifications.sender import outgoing, recipients
from dkbm.states.errors import NotFound
from dkbm.store.db import session
from dkbm.store.tables import OutboxRow

_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "tr", "table", "blockquote"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in "".join(self.parts).splitlines()]
        out: list[str] = []
        for line in lines:
            if line or (out and out[-1]):
                out.append(line)
        return "\n".join(out).strip()


def html_as_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return parser.text()


def preview(outbox_id: int) -> dict[str, Any]:
    """Subject, text, HTML as text, attachments and channels (masked) of one message; a
    personal link shows as its shape only (the coordinator finds it with `dkbm link zeigen`)."""
    with session() as s:
        row = s.get(OutboxRow, outbox_id)
        if row is None:
            raise NotFound("message", outbox_id)
        if row.payload is None:
            return {"id": row.id, "art": row.kind, "status": row.status, "geloescht": True}
        label, urls = recipients(s, row.payload.get("target", {}))
    message = outgoing(row, personal_links.masked(row.payload))
    return {
        "id": row.id,
        "art": row.kind,
        "status": row.status,
        "zyklus": row.cycle_id,
        "empfaenger": label,
        "kanaele": [channels.masked(u) for u in urls],
        "betreff": message.subject,
        "message_id": message.message_id,
        "text": message.text,
        "html_als_text": html_as_text(message.html),
        "anhaenge": [_attachment(name, data, kind) for name, data, kind in message.attachments],
    }


def _attachment(name: str, data: bytes, kind: str) -> dict[str, Any]:
    doc: dict[str, Any] = {"name": name, "typ": kind, "bytes": len(data)}
    if kind == "text/calendar":
        calendar = Calendar.from_ical(data)
        event = next(iter(calendar.walk("VEVENT")))
        doc["kalender"] = {
            "method": str(calendar.get("method", "")),
            "uid": str(event["uid"]),
            "sequence": int(event.get("sequence", 0)),
            "status": str(event.get("status", "")) or None,
            "ende": event.decoded("dtend").isoformat(),
            "titel": str(event["summary"]),
        }
    return doc
