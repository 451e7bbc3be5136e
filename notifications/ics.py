"""Calendar entries (RFC 5545) for deadlines, made with `icalendar`.

The UID is stable per deadline, so a changed deadline (higher SEQUENCE) replaces
the entry a recipient already has instead of adding a second one. A Kommune set up with an
AGS has it in its UIDs (`dkbm-frist-7@09162000.dkbm`); which AGS, if any, is decided once
per Kommune (`dkbm.messages.identifier_ags`), so a UID never changes once sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

BERLIN = ZoneInfo("Europe/Berlin")


def _domain(ags: str | None) -> str:
    return f"{ags}.dkbm" if ags else "dkbm"


def deadline_uid(deadline_id: int, ags: str | None = None) -> str:
    return f"dkbm-frist-{deadline_id}@{_domain(ags)}"


def deadline_event(
    *,
    uid: str,
    sequence: int,
    due_at: datetime,
    summary: str,
    description: str,
    stamp: datetime,
    method: str = "PUBLISH",
    organizer: str = "",
    organizer_name: str = "",
) -> bytes:
    """One VEVENT ending at *due_at*, in Europe/Berlin with its VTIMEZONE; with *method*
    CANCEL the entry a recipient has under this UID is withdrawn. The Koordination is its
    ORGANIZER."""
    end = due_at.astimezone(BERLIN)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", end - timedelta(minutes=30))
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    _organized_by(event, organizer, organizer_name)
    if method == "CANCEL":
        event.add("status", "CANCELLED")
    calendar = Calendar()
    calendar.add("prodid", "-//dkbm//Strategiezyklus//DE")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return _in_berlin(calendar, event)


@cache
def _berlin() -> bytes:
    """The VTIMEZONE for Europe/Berlin as bytes, built and written once: its transitions are
    most of an entry's cost, and every entry carries the same block."""
    return Timezone.from_tzinfo(BERLIN, tzid="Europe/Berlin").to_ical()


def _in_berlin(calendar: Calendar, event: Event) -> bytes:
    """*calendar* with the VTIMEZONE and then *event*, as `icalendar` writes them."""
    calendar.add_component(event)
    head, begin, rest = calendar.to_ical().partition(b"BEGIN:VEVENT")
    return head + _berlin() + begin + rest


def meeting_uid(meeting_id: int, ags: str | None = None) -> str:
    return f"dkbm-sitzung-{meeting_id}@{_domain(ags)}"


def meeting_event(
    *,
    uid: str,
    sequence: int,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    description: str,
    location: str,
    url: str,
    organizer: str,
    attendee: str,
    stamp: datetime,
    method: str = "REQUEST",
    organizer_name: str = "",
) -> bytes:
    """A meeting as an iTIP REQUEST (RFC 5546): one UID per meeting, a higher SEQUENCE on
    every change, METHOD:CANCEL when it is cancelled; organised by the Koordination."""
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", starts_at.astimezone(BERLIN))
    event.add("dtend", ends_at.astimezone(BERLIN))
    event.add("summary", summary)
    event.add("description", description)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    _organized_by(event, organizer, organizer_name)
    if attendee:
        event.add("attendee", f"mailto:{attendee}", parameters={"ROLE": "REQ-PARTICIPANT"})
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", "-//dkbm//Sitzungen//DE")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return _in_berlin(calendar, event)


def _organized_by(event: Event, address: str, name: str) -> None:
    if not address:
        return
    params = {"CN": name} if name else {}
    event.add("organizer", f"mailto:{address}", parameters=params)


def media_type(ics: dict) -> str:  # type: ignore[type-arg]
    """The MIME type of an entry's part: its method, and UTF-8 for the umlauts it holds."""
    default = "REQUEST" if ics.get("kind") == "sitzung" else "PUBLISH"
    return f"text/calendar; charset=utf-8; method={ics.get('method') or default}"


def entry(ics: dict) -> bytes:  # type: ignore[type-arg]
    """The calendar entry an outbox payload describes (a deadline's or a meeting's)."""
    if ics.get("kind") == "sitzung":
        return meeting_event(
            uid=ics["uid"],
            sequence=ics["sequence"],
            starts_at=datetime.fromisoformat(ics["starts_at"]),
            ends_at=datetime.fromisoformat(ics["ends_at"]),
            summary=ics["summary"],
            description=ics.get("description", ""),
            location=ics.get("location", ""),
            url=ics.get("url", ""),
            organizer=ics["organizer"],
            attendee=ics.get("attendee", ""),
            stamp=datetime.fromisoformat(ics["stamp"]),
            method=ics.get("method", "REQUEST"),
            organizer_name=ics.get("organizer_name", ""),
        )
    return deadline_event(
        uid=ics["uid"],
        sequence=ics["sequence"],
        due_at=datetime.fromisoformat(ics["due_at"]),
        summary=ics["summary"],
        description=ics["description"],
        stamp=datetime.fromisoformat(ics["stamp"]),
        method=ics.get("method", "PUBLISH"),
        organizer=ics.get("organizer", ""),
        organizer_name=ics.get("organizer_name", ""),
    )
