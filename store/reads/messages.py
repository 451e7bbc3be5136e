"""Messages: the outbox (queued, sent, failed) and the log of what went out."""

from __future__ import annotations

from types import SimpleNamespace

from dkbm.store.reads.connection import Reader, placeholders


def message_log(r: Reader, cycle_id: int | None = None) -> list[SimpleNamespace]:
    """What was sent (of one cycle, or all), oldest first."""
    if cycle_id is None:
        return r.rows("SELECT * FROM message_log ORDER BY id")
    return r.rows("SELECT * FROM message_log WHERE cycle_id = %(id)s ORDER BY id", id=cycle_id)


def outbox_rows(r: Reader, statuses: tuple[str, ...]) -> list[SimpleNamespace]:
    """Outbox rows in the given statuses, without their payload, oldest first."""
    marks, params = placeholders(statuses, "s")
    return r.rows(
        "SELECT id, key, kind, cycle_id, recipient_id, status, attempts, due_at, last_error, "
        f"message_id, deadline_id FROM outbox WHERE status IN ({marks}) ORDER BY id",
        **params,
    )
