"""Parsing reminder-plan options."""

from __future__ import annotations

from states.errors import InvalidValue


def parse_days(text: str, field: str) -> tuple[int, ...]:
    """'7,2' -> (7, 2); '' -> (); anything else is a one-line error."""
    if not text.strip():
        return ()
    try:
        days = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise InvalidValue(field, text, "Arbeitstage, z. B. 7,2") from None
    if any(d <= 0 for d in days):
        raise InvalidValue(field, text, "positive Arbeitstage, z. B. 7,2")
    return days
