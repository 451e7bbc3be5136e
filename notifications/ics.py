"""Calendar entries (RFC 5545) for deadlines, made with `icalendar`.

The UID is stable per deadline, so a changed deadline (higher SEQUENCE) replaces
the entry a recipient already has instead of adding a second one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

BERLIN = ZoneInfo("Europe/Berlin")


def deadline_uid(deadline_id: int) -> str:
    return f"dkbm-frist-{deadline_id}@dkbm"


def deadline_event(
    *,
    uid: str,
    sequence: int,
    due_at: datetime,
    summary: str,
    description: str,
    stamp: datetime,
    method: str = "PUBLISH",
) -> bytes:
    """One VEVENT ending at *due_at*, in Europe/Berlin with its VTIMEZONE; with *method*
    CANCEL the entry a recipient has under this UID is withdrawn."""
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
    if method == "CANCEL":
        event.add("status", "CANCELLED")
    calendar = Calendar()
    calendar.add("prodid", "-//dkbm//Strategiezyklus//DE")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(_berlin())
    calendar.add_component(event)
    return calendar.to_ical()


@cache
def _berlin() -> Timezone:
    """The VTIMEZONE for Europe/Berlin, built once (it is the costly part of an entry)."""
    return Timezone.from_tzinfo(BERLIN, tzid="Europe/Berlin")
