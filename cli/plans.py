"""Parsing reminder-plan options."""

from __future__ import annotations

from dkbm.states.errors import InvalidValue
from dkbm.states.i18n import t

MAX_WORKING_DAYS = 60


def parse_days(text: str, field: str) -> tuple[int, ...]:
    """'7,2' -> (7, 2); '' -> (); anything else is a one-line error."""
    if not text.strip():
        return ()
    try:
        days = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise InvalidValue(field, text, t("expected_plan_days")) from None
    if any(not 0 < d <= MAX_WORKING_DAYS for d in days):
        raise InvalidValue(field, text, f"1 bis {MAX_WORKING_DAYS} Arbeitstage, z. B. 7,2")
    return days
