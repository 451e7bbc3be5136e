"""How `dkbm demo` tells its story: who acts, the simulated clock, and the chapter headings
and lines it prints in the language of the moment."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from dkbm.consequences import end_of
from dkbm.context import BERLIN
from dkbm.states.i18n import language

BY = "bildungsbuero-demo"


class Clock:
    """Simulated time: the demo moves it instead of waiting."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def deadline(self, **delta: float) -> datetime:
        """A deadline as coordinators set them: the end of a day, Berlin time."""
        return end_of((self.now + timedelta(**delta)).astimezone(BERLIN).date())


def say(de: str, en: str) -> None:
    print(en if language() == "en" else de)


def step(de: str, en: str) -> None:
    print()
    say(f"== {de}", f"== {en}")


STORY_DAYS = 150  # the story takes about 125 days and ends a few weeks before today


def story_start(today: datetime) -> datetime:
    """A Monday, 09:00 UTC, far enough back that the whole story lies in the past: a
    coordinator reading the portal or the reports afterwards sees held meetings as held
    and values of years gone by (a value of a year to come is refused)."""
    start = (today - timedelta(days=STORY_DAYS)).astimezone(UTC)
    monday = start.date() - timedelta(days=start.weekday())
    return datetime.combine(monday, time(9, 0), tzinfo=UTC)
