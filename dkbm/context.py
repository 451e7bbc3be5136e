"""Who is acting and what time it is, as the edges see it.

Use cases take both as arguments; only the CLI and flows read them from here.
`DKBM_NOW` (ISO timestamp) pins the clock for demos and tests.
"""

from __future__ import annotations

import getpass
import os
import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from dkbm.states.errors import InvalidValue
from dkbm.states.i18n import t

BERLIN = ZoneInfo("Europe/Berlin")
# Dates a strategy cycle can sensibly have; beyond them calendars and reminders overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2200


def now() -> datetime:
    pinned = os.environ.get("DKBM_NOW")
    if pinned:
        return parse_moment(pinned, "DKBM_NOW")
    return datetime.now(UTC)


def year(moment: datetime | None = None) -> int:
    """The calendar year in Berlin at *moment* (default: now): which values are measured."""
    return (moment or now()).astimezone(BERLIN).year


def who() -> str:
    return os.environ.get("DKBM_USER") or getpass.getuser()


_GERMAN_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2}))?$")
_FORMATS = "JJJJ-MM-TT, TT.MM.JJJJ oder TT.MM.JJJJ HH:MM"


def _german(text: str) -> tuple[date, time | None] | None:
    """15.12.2026 or 15.12.2026 12:00 (as written in German minutes and invitations)."""
    found = _GERMAN_DAY.match(text.strip())
    if found is None:
        return None
    d, m, y, hh, mm = found.groups()
    day = date(int(y), int(m), int(d))
    return day, (time(int(hh), int(mm)) if hh is not None else None)


def parse_moment(text: str, field: str, end_of_day: bool = False) -> datetime:
    """A date or a timestamp (ISO or German), read in Europe/Berlin, returned in UTC.

    A bare date means the end of that day when *end_of_day* is set (a deadline
    "bis 15.12." includes the 15th), else its start.
    """
    try:
        german = _german(text)
        if german is not None:
            day, clock = german
            moment = datetime.combine(day, clock or (time(23, 59) if end_of_day else time(0, 0)))
        elif len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day, time(23, 59) if end_of_day else time(0, 0))
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue(field, text, _FORMATS) from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise InvalidValue(field, text, f"ein Datum zwischen {FIRST_YEAR} und {LAST_YEAR}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BERLIN)
    return moment.astimezone(UTC)


def parse_day(text: str, field: str) -> date:
    try:
        german = _german(text)
        day = german[0] if german is not None and german[1] is None else date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(field, text, t("expected_day")) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidValue(field, text, f"ein Datum zwischen {FIRST_YEAR} und {LAST_YEAR}")
    return day


_FOLD = str.maketrans({"ß": "ss", "ä": "ae", "ö": "oe", "ü": "ue"})


def parse_word(text: str) -> str:
    """A step or stage as typed in German: `beschließen` is `beschliessen`, `Maßnahmen`
    is `massnahmen`."""
    return text.strip().lower().translate(_FOLD)


def local(moment: datetime | str) -> str:
    """A moment (or its ISO text, as in --json) in Berlin time, as German tables show it
    (the Prefect UI's artifacts); the CLI writes it in the reader's language (`output.when`)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")
